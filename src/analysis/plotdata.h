/* SPDX-License-Identifier: GPL-2.0 */
#ifndef RMAPBENCH_PLOTDATA_H
#define RMAPBENCH_PLOTDATA_H

#include <stddef.h>
#include <stdio.h>
#include "lib/csv.h"

/*
 * The tables gnuplot reads: for one summary CSV and one graph, the text
 * that plot/<graph>.gp draws.  It starts with "# key: value" lines (title,
 * axis labels, a note on the parameters held fixed, and what the script
 * needs to lay the graph out: keys, xtics, titles, dash and point types)
 * followed by gnuplot data blocks, one per bar set or line, two blank
 * lines apart.  Each graph's columns are documented at its function in
 * plotdata.c and at the top of its .gp script.
 *
 * A point type of 0 in "# pts:" means the strategy's own (style.gp's
 * spt()), so that the point types live in one place.
 */
enum {
	PLOTDATA_DRAWN = 0,
	PLOTDATA_SKIP = 3, /* not enough data for the graph: why says so */
};

/*
 * Writes graph's table for summary sum of suite to out.  Returns
 * PLOTDATA_DRAWN, PLOTDATA_SKIP with the reason in why, or EXIT_USAGE with
 * a message in why when sum is not a summary CSV.
 */
int plotdata_write(const struct csv *sum, const char *suite, const char *graph,
		   FILE *out, char *why, size_t len);

#endif
