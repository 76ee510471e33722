/* SPDX-License-Identifier: GPL-2.0 */
#ifndef RMAPBENCH_RUNNER_H
#define RMAPBENCH_RUNNER_H

#include <stdio.h>
#include "plan.h"

/*
 * Runs every point of a validated plan, --reps times in the shuffled
 * order, writing the raw CSV to out (path names it in messages); argv is
 * the command recorded in the header.  Returns the exit status.
 */
int run_sweep(const struct plan *p, const struct run_control *rc, FILE *out,
	      const char *path, int argc, char **argv);

#endif
