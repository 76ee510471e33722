/* SPDX-License-Identifier: GPL-2.0 */
#ifndef RMAPBENCH_REPSMAX_H
#define RMAPBENCH_REPSMAX_H

/*
 * --reps-max: a sequential stop for the measured 2002 replay.  After
 * --reps repetitions, each further repetition (the three kernels in one
 * shuffled block) is run only while issue 24's check 4 fails: the regime
 * with the most repetitions (lib/replay2002.h, the report's own figures)
 * has an overhead interval wider than +-10 points or a share interval
 * wider than +-20.  At --reps-max repetitions the sweep ends whether or
 * not it holds, and says which.  Stopping when an interval first looks
 * narrow favours samples that look narrow: docs/replay-2002.md sizes
 * that bias.
 */
#include <stdbool.h>
#include <stdio.h>
#include "plan_types.h"
#include "point.h"
#include "progress.h"

struct reps_max;

/*
 * The stop's state for every sweep of p with --reps-max; NULL when there
 * is none.  Dies out of memory.
 */
struct reps_max *reps_max_new(const struct plan *p);
void reps_max_free(struct reps_max *rm);

/*
 * Job's point is in (res NULL: it failed): records its kernel's elapsed
 * time per process and ping-pong, and at the end of a repetition past
 * --reps decides whether to go on, saying so on f.
 */
void reps_max_record(struct reps_max *rm, const struct job *job,
		     const struct config *cfg, const struct point_result *res,
		     FILE *f);

/* The stop has ended job's sweep before job's repetition. */
bool reps_max_skip(const struct reps_max *rm, const struct job *job);

/*
 * plan_validate()'s part: --reps-max below --reps, on a modelled sweep
 * or on a sweep that is not the three 2002 kernels at one setting.
 */
int reps_max_validate(const struct plan *p, const struct sweep *sw, char *msg,
		      size_t len);

#endif
