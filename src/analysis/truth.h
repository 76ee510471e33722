/* SPDX-License-Identifier: GPL-2.0 */
#ifndef RMAPBENCH_TRUTH_H
#define RMAPBENCH_TRUTH_H

#include <stdbool.h>
#include <stdio.h>
#include "lib/csv.h"
#include "lib/replay2002.h"

/*
 * The report's ground truth: the host's real fork+exit cost from a
 * calibration CSV (DIR/calibration.csv), and the seed suite set beside
 * the figures published on LKML in July and August 2002.
 */
void put_calibration(FILE *f, const struct csv *calibration);
/*
 * The 2002 table from a suite's raw.csv in dir, its repetitions paired:
 * its measured rows, and those modelled on the machine its first
 * modelled row of a named 2002 kernel ran on.
 */
void put_2002(FILE *f, const char *dir);
/*
 * The measured replay's repetitions in a seed raw.csv, split by the
 * regime they ran in, as the 2002 table pairs them; reps gets how many
 * repetitions there are.  0, or -1 when it has none.
 */
int truth_2002_split(const struct csv *c, struct r2002_split *out,
		     size_t *reps);
/*
 * The run measured the replay's named kernels (--kernel 2.4.19-...), not
 * strategies that only stand for them in a sweep of another question.
 */
bool truth_measured_kernels(const struct csv *c);
/* Check 4's sentence as a note below the 2002 table, if c measured it. */
void truth_put_check4(FILE *f, const struct csv *c);
/* The --reps-max of the raw CSV's first sweep that gives one, or 0. */
unsigned int truth_reps_max(const struct csv *c);
/*
 * Check 4 in one sentence, the same in the report and the verdict: the
 * regime with the most repetitions, its figures and whether their
 * intervals are narrow enough, then the other regimes' figures briefly.
 */
void truth_2002_say(const struct r2002_split *s, size_t reps,
		    unsigned int reps_max, FILE *f);
/*
 * akpm's 2.4.19-pre7: CPU time (user + system) per daniel.sh process, in
 * ns, from his published times: --other-work baseline-2002's figure.
 */
double truth_2002_baseline_ns(void);
/*
 * akpm's 2.4.19-pre7: the part of that process's system time its profile
 * puts in copy_page_range() and zap_page_range() (fork, exec and exit's
 * page-table copy and teardown), in ns: --access-time baseline-2002's.
 */
double truth_2002_copy_zap_ns(void);

#endif
