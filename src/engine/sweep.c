// SPDX-License-Identifier: GPL-2.0
/* A sweep's points: the cross product of its lists, strategies fastest. */
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include "sweep.h"
#include "options.h"

void sweep_init(struct sweep *sw)
{
	char msg[256];

	/* Field by field after a memset: padding stays zero, so two sweeps
	 * parsed from the same options compare equal byte for byte. */
	memset(sw, 0, sizeof(*sw));
	for (unsigned int i = 0; i < nr_run_options; i++) {
		const struct run_option *o = &run_options[i];
		void *field;

		if (o->home != IN_POINT && o->home != IN_SWEEP)
			continue;
		if (o->type == OPT_FLAG && o->home == IN_POINT)
			*(bool *)((char *)&sw->base + o->offset) = !o->set;
		if (!o->def[0] || o->type == OPT_ALIAS || o->type == OPT_FLAG)
			continue;
		if (o->list) {
			option_default_list(o, &sw->list[option_dim(o)]);
			continue;
		}
		field = (char *)(o->home == IN_SWEEP ? (void *)sw : &sw->base) +
			o->offset;
		/* A default need not be a value one may type (--loops 0). */
		if (o->type == OPT_CUSTOM)
			o->parse(field, o->def, msg, sizeof(msg));
		else
			option_store(o, field, strtod(o->def, NULL));
	}
}

unsigned long sweep_points(const struct sweep *sw)
{
	unsigned long n = sw->nr_strategies;

	for (unsigned int i = 0; i < nr_run_options; i++) {
		const struct run_option *o = &run_options[i];
		unsigned long m;

		if (!o->list)
			continue;
		m = sw->list[option_dim(o)].n;
		if (m && n > ULONG_MAX / m)
			return ULONG_MAX;
		n *= m;
	}
	return n;
}

void sweep_point(const struct sweep *sw, unsigned long k, struct config *cfg)
{
	*cfg = sw->base;
	cfg->strategy = sw->strategy[k % sw->nr_strategies];
	k /= sw->nr_strategies;
	for (unsigned int i = 0; i < nr_run_options; i++) {
		const struct run_option *o = &run_options[i];
		const struct value_list *l;

		if (!o->list)
			continue;
		l = &sw->list[option_dim(o)];
		option_store(o, (char *)cfg + o->offset, l->v[k % l->n]);
		k /= l->n;
	}
	/* --loops unset: one process family per driver thread */
	if (!cfg->loops)
		cfg->loops = cfg->threads;
}
