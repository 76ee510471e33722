/* SPDX-License-Identifier: GPL-2.0 */
#ifndef RMAPBENCH_SWEEP_H
#define RMAPBENCH_SWEEP_H

#include <stdbool.h>
#include <stddef.h>
#include "config.h"

#define MAX_LIST 64
/* List options (the sweep's dimensions) the table may hold. */
#define MAX_DIMS 32
/* Options the table may hold. */
#define MAX_OPTIONS 96

struct value_list {
	double v[MAX_LIST];
	unsigned int n;
};

/*
 * A sweep: a list for the strategies and for every list option of the
 * table, and the single-valued options every point shares (in base).
 * Its points are the cross product of the lists.
 */
struct sweep {
	const struct strategy *strategy[MAX_LIST];
	unsigned int nr_strategies;
	struct value_list list[MAX_DIMS]; /* by option_dim() */
	struct config base;
	unsigned int reps;
	/*
	 * --reps-max: the measured 2002 replay adds repetitions past --reps
	 * until check 4 holds, up to this many (engine/repsmax.h); 0: none.
	 */
	unsigned int reps_max;
	/*
	 * The options of an era (--kernel) this sweep gives explicitly, by
	 * index in run_options[]: they ablate the era instead of being
	 * overridden by it.  Only era options are marked.
	 */
	bool given[MAX_OPTIONS];
};

/* The most repetitions the sweep may run: --reps, or --reps-max above it. */
static inline unsigned int sweep_reps_cap(const struct sweep *sw)
{
	return sw->reps_max > sw->reps ? sw->reps_max : sw->reps;
}

/* Every option at its default, one strategy (the first). */
void sweep_init(struct sweep *sw);
/*
 * The number of points, or ULONG_MAX when the product would not fit an
 * unsigned long (the sweep is then refused, never wrapped to a small one).
 */
unsigned long sweep_points(const struct sweep *sw);
/* True if some --kernel sets option name ("nrpte"; not "strategy"). */
bool sweep_era_option(const char *name);
/* The k-th point of the cross product, strategies varying fastest. */
void sweep_point(const struct sweep *sw, unsigned long k, struct config *cfg);
/* A named kernel configuration's options (cfg->kernel) onto cfg. */
void sweep_kernel_apply(struct config *cfg);

#endif
