/* SPDX-License-Identifier: GPL-2.0 */
#ifndef RMAPBENCH_TRUTH_H
#define RMAPBENCH_TRUTH_H

#include <stdio.h>
#include "lib/csv.h"

/*
 * The report's ground truth: the host's real fork+exit cost from
 * DIR/calibration.csv, and the seed suite set beside the figures published
 * on LKML in July and August 2002.
 */
void put_calibration(FILE *f, const char *dir);
void put_2002(FILE *f, const struct csv *seed_summary);

#endif
