/* SPDX-License-Identifier: GPL-2.0 */
#ifndef RMAPBENCH_TRUTH_H
#define RMAPBENCH_TRUTH_H

#include <stdio.h>
#include "lib/csv.h"

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
