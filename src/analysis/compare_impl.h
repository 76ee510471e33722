/* SPDX-License-Identifier: GPL-2.0 */
#ifndef RMAPBENCH_COMPARE_IMPL_H
#define RMAPBENCH_COMPARE_IMPL_H

/*
 * What the parts of compare share and nobody else needs: compare.c reads
 * and pairs, compare_stats.c judges, compare_text.c and compare_csv.c
 * render, compare_cmd.c is the command.
 */
#include <stdbool.h>
#include <stddef.h>
#include "compare.h"

extern const char *const compare_side_name[2]; /* "old", "new" */

/* calloc, or die saying memory ran out; never NULL, even for n == 0. */
void *compare_calloc(size_t n, size_t size);

/* The key columns a table shows: --group-by's, or those that vary. */
bool compare_key_shown(const struct compare *c, size_t k);
size_t compare_nr_shown(const struct compare *c);

/* The point's label: the shown key columns, malloc'd. */
char *compare_label(const struct compare *c, size_t g);

/* Judges every point of table t; v has room for every sample. */
int compare_compute_table(struct compare *c, struct compare_table *t,
			  double *v);

#endif
