// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "params.h"
#include "model/pte_chain.h"
#include "strategy/strategy.h"

#define P(field, type, min, max, pow2, def, help)                             \
	{                                                                     \
#field, offsetof(struct config, field), type, min, max, pow2, \
			def, help                                             \
	}

const struct param params[] = {
	P(threads, P_UINT, 1, 4096, false, "1", "driver threads, one per CPU"),
	P(loops, P_UINT, 1, 1 << 20, false, "0",
	  "process families (at least --threads)"),
	P(pages, P_ULONG, 1, 1UL << 40, false, "1024",
	  "pages mapped by each process"),
	P(file_frac, P_FRAC, 0, 1, false, "0.5",
	  "share of a process's pages from the shared file"),
	P(nrpte, P_UINT, 1, NRPTE_MAX_VALUE, false, "7",
	  "pte slots per chain node (1: 2.4 style)"),
	P(locks, P_ULONG, 1, 1 << 24, true, "256", "hashed rmap locks"),
	P(lock_shift, P_UINT, 0, 32, false, "4",
	  "2^shift consecutive page indices share a lock"),
	P(lock_stride, P_UINT, 4, 4096, true, "64",
	  "bytes between padded locks"),
	P(batch, P_UINT, 1, 4096, false, "16",
	  "chain nodes preallocated at once (batched)"),
	P(children, P_UINT, 1, 1024, false, "1",
	  "live children per fork round"),
	P(index_churn, P_ULONG, 0, 100000000, false, "0",
	  "set_page_index() calls per second"),
	P(direct, P_BOOL, 0, 1, false, "1",
	  "PageDirect for a page's first mapping (0: always chain)"),
	P(reclaim, P_UINT, 0, 1024, false, "0",
	  "page scanner threads (page_referenced)"),
	P(unmap_frac, P_FRAC, 0, 1, false, "0.1",
	  "share of scanned pages also given a try_to_unmap walk"),
	P(hot_frac, P_FRAC, 0.0001, 1, false, "1",
	  "share of pages the scanner picks from (1: uniform)"),
};

const unsigned int nr_params = ARRAY_SIZE(params);

_Static_assert(ARRAY_SIZE(params) <= ARRAY_SIZE(((struct sweep *)0)->list),
	       "struct sweep has too few lists");

const struct param *param_find(const char *name)
{
	for (unsigned int i = 0; i < nr_params; i++)
		if (!strcmp(params[i].name, name))
			return &params[i];
	return NULL;
}

void param_option(const struct param *p, char *buf, size_t len)
{
	snprintf(buf, len, "--%s", p->name);
	for (char *p = buf; *p; p++)
		if (*p == '_')
			*p = '-';
}

static int parse_one(const struct param *p, const char *text, double *out,
		     char *msg, size_t len)
{
	char opt[32], *end;
	double v;

	param_option(p, opt, sizeof(opt));
	errno = 0;
	v = strtod(text, &end);
	if (end == text || *end || errno || !isfinite(v) ||
	    (p->type != P_FRAC && v != floor(v))) {
		snprintf(msg, len,
			 "invalid %s '%s': expected %s between %g and %g", opt,
			 text,
			 p->type == P_FRAC ? "a number" : "a whole number",
			 p->min, p->max);
		return -1;
	}
	if (v < p->min || v > p->max) {
		snprintf(msg, len, "invalid %s %s: must be between %g and %g",
			 opt, text, p->min, p->max);
		return -1;
	}
	if (p->pow2 && ((unsigned long)v & ((unsigned long)v - 1))) {
		snprintf(
			msg, len,
			"invalid %s %s: must be a power of two between %g and %g",
			opt, text, p->min, p->max);
		return -1;
	}
	*out = v;
	return 0;
}

/* Calls fn on each comma-separated item of text; empty items are errors. */
static int for_each_item(const char *text, const char *what,
			 int (*fn)(const char *item, void *arg), void *arg,
			 char *msg, size_t len)
{
	char *copy = strdup(text), *rest = copy, *item;
	int ret = 0;

	if (!copy)
		return -1;
	while (!ret && (item = strsep(&rest, ","))) {
		if (!*item) {
			snprintf(msg, len, "empty item in %s list '%s'", what,
				 text);
			ret = -1;
		} else {
			ret = fn(item, arg);
		}
	}
	free(copy);
	return ret;
}

struct parse_arg {
	const struct param *p;
	struct value_list *list;
	struct sweep *sw;
	char *msg;
	size_t len;
};

static int add_value(const char *item, void *arg)
{
	struct parse_arg *a = arg;

	if (a->list->n == MAX_LIST) {
		char opt[32];

		param_option(a->p, opt, sizeof(opt));
		snprintf(a->msg, a->len, "too many values for %s: at most %d",
			 opt, MAX_LIST);
		return -1;
	}
	return parse_one(a->p, item, &a->list->v[a->list->n++], a->msg, a->len);
}

int param_parse(const struct param *p, const char *text,
		struct value_list *list, char *msg, size_t len)
{
	struct parse_arg a = { .p = p, .list = list, .msg = msg, .len = len };
	char opt[32];

	/* A repeated option replaces the list, leaving nothing behind. */
	memset(list, 0, sizeof(*list));
	param_option(p, opt, sizeof(opt));
	return for_each_item(text, opt, add_value, &a, msg, len);
}

static int add_strategy(const char *item, void *arg)
{
	struct parse_arg *a = arg;
	struct sweep *sw = a->sw;

	if (!strcmp(item, "all")) {
		for (unsigned int i = 0; i < nr_strategies; i++)
			if (add_strategy(strategies[i]->name, arg))
				return -1;
		return 0;
	}
	if (sw->nr_strategies == MAX_LIST) {
		snprintf(a->msg, a->len,
			 "too many values for --strategy: at most %d",
			 MAX_LIST);
		return -1;
	}
	sw->strategy[sw->nr_strategies] = strategy_find(item);
	if (!sw->strategy[sw->nr_strategies]) {
		int n = snprintf(a->msg, a->len,
				 "unknown strategy '%s': choose from all",
				 item);

		for (unsigned int i = 0;
		     i < nr_strategies && n > 0 && (size_t)n < a->len; i++)
			n += snprintf(a->msg + n, a->len - n, ", %s",
				      strategies[i]->name);
		return -1;
	}
	sw->nr_strategies++;
	return 0;
}

int strategy_list_parse(const char *text, struct sweep *sw, char *msg,
			size_t len)
{
	struct parse_arg a = { .sw = sw, .msg = msg, .len = len };

	sw->nr_strategies = 0;
	return for_each_item(text, "--strategy", add_strategy, &a, msg, len);
}

void sweep_init(struct sweep *sw)
{
	char msg[256];

	memset(sw, 0, sizeof(*sw));
	for (unsigned int i = 0; i < nr_params; i++)
		param_parse(&params[i], params[i].def, &sw->list[i], msg,
			    sizeof(msg));
	/* loops defaults to 0 ("one per thread"), below its minimum. */
	sw->list[param_find("loops") - params] =
		(struct value_list){ { 0 }, 1 };
	sw->strategy[sw->nr_strategies++] = strategies[0];
	/* Field by field: the memset above keeps padding zero, so that two
	 * sweeps parsed from the same options compare equal byte for byte. */
	sw->base.alloc = ALLOC_PERCPU;
	sw->base.anon_index = ANON_INDEX_SEQUENCE;
	sw->base.stats = true;
	sw->base.duration = 1.0;
	sw->base.warmup = 0.1;
	sw->base.timeout = 60;
	sw->reps = 1;
}

unsigned long sweep_points(const struct sweep *sw)
{
	unsigned long n = sw->nr_strategies;

	for (unsigned int i = 0; i < nr_params; i++)
		n *= sw->list[i].n;
	return n;
}

static void param_set(const struct param *p, struct config *cfg, double v)
{
	char *field = (char *)cfg + p->offset;

	switch (p->type) {
	case P_UINT:
		*(unsigned int *)field = v;
		break;
	case P_ULONG:
		*(unsigned long *)field = v;
		break;
	case P_FRAC:
		*(double *)field = v;
		break;
	case P_BOOL:
		*(bool *)field = v;
		break;
	}
}

void sweep_point(const struct sweep *sw, unsigned long k, struct config *cfg)
{
	*cfg = sw->base;
	cfg->strategy = sw->strategy[k % sw->nr_strategies];
	k /= sw->nr_strategies;
	for (unsigned int i = 0; i < nr_params; i++) {
		param_set(&params[i], cfg, sw->list[i].v[k % sw->list[i].n]);
		k /= sw->list[i].n;
	}
	if (!cfg->loops)
		cfg->loops = cfg->threads;
}

int param_format(const struct param *p, const struct config *cfg, char *buf,
		 size_t len)
{
	const char *field = (const char *)cfg + p->offset;

	switch (p->type) {
	case P_UINT:
		return snprintf(buf, len, "%u", *(const unsigned int *)field);
	case P_ULONG:
		return snprintf(buf, len, "%lu", *(const unsigned long *)field);
	case P_FRAC:
		return snprintf(buf, len, "%g", *(const double *)field);
	case P_BOOL:
		return snprintf(buf, len, "%d", *(const bool *)field);
	}
	return 0;
}
