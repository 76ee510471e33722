/* SPDX-License-Identifier: GPL-2.0 */
#ifndef RMAPBENCH_MODERN_H
#define RMAPBENCH_MODERN_H

#include <stdio.h>
#include "lib/csv.h"

/*
 * The modern suite's table in the report: the gain of folio-batched over
 * folio at each point both ran, beside the figures posted for batching
 * i_mmap_rwsem at exit (2024) and at fork (June 2026).
 */
void put_2026(FILE *f, const struct csv *modern_summary);

/*
 * The modern graph's table (plot/modern.gp): forks per second against
 * threads per strategy, then folio-batched's gain over folio against
 * vmas per file per thread count.  PLOTDATA_DRAWN, or PLOTDATA_SKIP with
 * why.
 */
int modern_plotdata(const struct csv *sum, const char *suite, FILE *out,
		    char *why, size_t len);

/*
 * The host kernel as ground truth: DIR/truth.csv (rmapbench truth) as a
 * section, the real per-file-vma cost at fork and exit beside the
 * simulation's; nothing when the folder has none.
 */
void put_truth(FILE *f, const char *dir);

#endif
