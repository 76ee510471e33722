/* SPDX-License-Identifier: GPL-2.0 */
#ifndef RMAPBENCH_COMPARE_IMPL_H
#define RMAPBENCH_COMPARE_IMPL_H

/*
 * What the parts of compare share and nobody else needs: compare.c pairs,
 * compare_read.c reads, compare_stats.c judges, compare_text.c,
 * compare_csv.c and compare_plot.c render.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdlib.h>
#include "compare.h"
#include "lib/util.h"

extern const char *const compare_side_name[2]; /* "old", "new" */

/*
 * calloc, or die saying memory ran out; never NULL, even for n == 0.
 * Inline, so that every part of compare can use it without depending on
 * another part.
 */
static inline void *compare_calloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size);

	if (!p)
		die_oom("the comparison");
	return p;
}

/*
 * Reads file s (0 old, 1 new) and checks its header and every measured
 * value of the metrics.  Returns 0, or EXIT_USAGE with "FILE:LINE: ...".
 */
int compare_read_side(struct compare *c, int s, char *msg, size_t len);
/*
 * The key columns (--group-by's, else the parameters both files have)
 * and the columns of --filter's terms, in both files.  Returns 0, or
 * EXIT_USAGE with a message.
 */
int compare_find_keys(struct compare *c, char *msg, size_t len);
/* Row r of file s measured something: no `status` column, or "ok". */
bool compare_row_measured(const struct compare *c, int s, size_t r);

/* The key columns a table shows: --group-by's, or those that vary. */
bool compare_key_shown(const struct compare *c, size_t k);
size_t compare_nr_shown(const struct compare *c);

/* The point's label: the shown key columns, malloc'd. */
char *compare_label(const struct compare *c, size_t g);

/* Judges every point of table t; v has room for every sample. */
int compare_compute_table(struct compare *c, struct compare_table *t,
			  double *v);

#endif
