/* SPDX-License-Identifier: GPL-2.0 */
#ifndef RMAPBENCH_RUNNER_H
#define RMAPBENCH_RUNNER_H

#include <stdio.h>
#include "plan.h"

struct outfile;
struct point_result;

/*
 * Runs every point of a validated plan, --reps times in the shuffled
 * order, writing the raw CSV to out and the latency buckets to hist (or
 * NULL), row by row; argv is the command recorded in the header.  Returns
 * the exit status, 128 + the signal when one stopped it.  The stop
 * signals must be caught (stop_catch()) before out was opened.
 */
int run_sweep(const struct plan *p, const struct run_control *rc,
	      struct outfile *out, struct outfile *hist, int argc, char **argv);

/*
 * One point outside a sweep, measured or modelled as cfg->mode says
 * (modelled: placed as placement on its machine, start phases from seed):
 * the probes that resolve --other-work.  0, or -1 with msg.
 */
int runner_probe(struct config *cfg, enum placement placement, uint64_t seed,
		 struct point_result *res, char *msg, size_t len);

#endif
