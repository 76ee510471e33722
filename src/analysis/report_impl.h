/* SPDX-License-Identifier: GPL-2.0 */
#ifndef RMAPBENCH_REPORT_IMPL_H
#define RMAPBENCH_REPORT_IMPL_H

/*
 * What report_data.c gathers from a results folder and report_html.c
 * renders: every file is read, checked and held here before the page is
 * begun, so that a refused file stops the report with no page (and no
 * temporary file) written.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include "lib/csv.h"

/* A graph the suite wants and plot.sh drew: an SVG, else a PNG. */
struct report_graph {
	int id;		  /* index into graphs[] */
	char *svg;	  /* the whole file; NULL when the PNG is shown */
	size_t svg_start; /* the checked <svg> element in it */
	size_t svg_end;
	char *png; /* PNG bytes, or NULL */
	size_t png_len;
};

struct report_suite {
	char *name;
	char *dir; /* DIR/name */
	struct csv sum;
	bool ok;       /* sum was read */
	char err[512]; /* why not */
	char *question;
	struct report_graph *graph;
	size_t nr_graphs;
	bool has_data[3]; /* raw.csv, summary.csv, histogram.csv */
};

struct report {
	const char *dir;
	struct report_suite *suite;
	size_t nr_suites;
	struct csv meta; /* the first suite's raw.csv, else its summary */
	bool has_meta;
	struct csv cal; /* DIR/calibration.csv */
	bool has_cal;
	FILE *f;		 /* the page being written */
	unsigned int nr_figures; /* makes each SVG's ids unique */
};

extern const char *const report_data_files[3];

/*
 * Reads what the page shows.  Returns 0, or EXIT_USAGE with one line in
 * msg (no such folder, no suite, a file that is not a regular file or is
 * too large); free with report_free() either way.
 */
int report_gather(struct report *r, const char *dir, char *msg, size_t len);
void report_free(struct report *r);

/* The page, to r->f. */
void report_put_page(struct report *r);
/* The verdict section at the top of the page (report_verdict.c). */
void report_put_verdict(struct report *r);
/* s, HTML-escaped. */
void report_esc(FILE *f, const char *s);

#endif
