/* SPDX-License-Identifier: GPL-2.0 */
#ifndef RMAPBENCH_PROGRESS_H
#define RMAPBENCH_PROGRESS_H

#include <stdbool.h>
#include <stdint.h>
#include "plan.h"

/* One point's repetition: what a sweep runs, in the order it runs them. */
struct job {
	unsigned int sweep;
	unsigned int rep;
	unsigned long point;
	unsigned long row; /* its place in the plan's order: the data row */
};

/*
 * Progress, as hyperfine shows it: the point being run, by name, how far
 * the run is and an estimate of what is left, weighted by each point's
 * work (a measured point takes its warm-up and window whatever its
 * threads; a modelled one takes its CPUs times its pages).  A terminal
 * gets one line rewritten in place; a log gets a line every
 * PROGRESS_LOG_S seconds and one at the end.
 */
struct progress {
	double *work;	     /* per job */
	double done_work[2]; /* measured, modelled */
	double done_s[2];
	double left_work[2];
	uint64_t start, last_log;
	bool tty, dumb;
};

void progress_init(struct progress *pg, const struct plan *o,
		   const struct job *jobs, unsigned long total);
/* Before job i: what runs now, how far, how long is left. */
void progress_show(struct progress *pg, const struct run_control *rc,
		   const struct plan *o, const struct job *jobs,
		   unsigned long i, unsigned long total);
/* Job i, started at t0, is in. */
void progress_done(struct progress *pg, unsigned long i, unsigned long total,
		   uint64_t t0);

/* Whether job i of total is a modelled point (pg->work[i] its work). */
static inline bool progress_is_model(const struct progress *pg, unsigned long i,
				     unsigned long total)
{
	return pg->work[total + 1 + i] != 0;
}

#endif
