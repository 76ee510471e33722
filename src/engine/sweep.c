// SPDX-License-Identifier: GPL-2.0
/* A sweep's points: the cross product of its lists, strategies fastest. */
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include "sweep.h"
#include "options.h"
#include "strategy/kernel.h"
#include "strategy/strategy.h"

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

bool sweep_era_option(const char *name)
{
	size_t n = strlen(name);

	if (!strcmp(name, "strategy"))
		return false;
	for (unsigned int i = 1; i < nr_kernels; i++)
		for (const char *p = kernels[i].options;
		     (p = strstr(p, "--")); p += 2)
			if (!strncmp(p + 2, name, n) && p[2 + n] == ' ')
				return true;
	return false;
}

/*
 * A named kernel configuration (strategy/kernel.h): its options, parsed by
 * the options table, onto the point, but for those the sweep gives
 * itself: an era option given explicitly ablates the era (the README's
 * "idealized one at a time"), and the row's columns say what ran.  The
 * table is tested to parse, so a failure here is a typo in it.
 */
static void kernel_apply(const struct sweep *sw, struct config *cfg)
{
	char *copy, *rest, *name, msg[256];
	double v;

	if (!cfg->kernel)
		return;
	copy = strdup(kernels[cfg->kernel].options);
	if (!copy)
		abort();
	rest = copy;
	while ((name = strsep(&rest, " "))) {
		const char *value = strsep(&rest, " ");
		const struct run_option *o;

		if (!value || strncmp(name, "--", 2))
			abort();
		name += 2;
		if (!strcmp(name, "strategy")) {
			cfg->strategy = strategy_find(value);
			if (!cfg->strategy)
				abort();
			continue;
		}
		o = option_find(name);
		if (!o || o->home != IN_POINT ||
		    option_parse_value(o, value, &v, msg, sizeof(msg)))
			abort();
		if (sw && sw->given[o - run_options])
			continue;
		option_store(o, (char *)cfg + o->offset, v);
	}
	free(copy);
}

/* The whole era, nothing ablated: the baseline probe's 2.4.19-pre7. */
void sweep_kernel_apply(struct config *cfg)
{
	kernel_apply(NULL, cfg);
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
	kernel_apply(sw, cfg);
}
