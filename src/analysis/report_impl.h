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
	int section[8];	  /* its `report` file's sections, in its order */
	size_t nr_sections;
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

/* The page's smallest parts (report_cell.c): s, or its first n bytes, HTML-escaped. */
void report_esc(FILE *f, const char *s);
void report_esc_n(FILE *f, const char *s, size_t n);
/* A column's name, "file_frac" as "file frac". */
void report_name(FILE *f, const char *s);
/* A table cell: row's field col as a number in fmt, or a dash. */
void report_num(FILE *f, const struct csv *c, size_t row, const char *col,
		const char *fmt);

/* The rows of a summary in strategy order, then by each parameter. */
struct report_rows {
	const struct csv *csv;
	int strategy;	    /* column */
	int mode, machine;  /* columns, -1 in files from before --mode model */
	int threads, loops; /* columns, -1 when absent */
	size_t nr_params;   /* the columns before n */
	bool *varies;	    /* per parameter column */
	size_t *row;
};

/*
 * A suite's tables from its summary (report_table.c).  report_rows_init()
 * returns 0, or -1 when c has no strategy and n columns.
 */
int report_rows_init(struct report_rows *t, const struct csv *c);
void report_rows_free(struct report_rows *t);
/* The parameters every point of the suite shared. */
void report_put_fixed(FILE *f, const struct report_rows *t);
void report_put_summary(FILE *f, const struct report_rows *t);
/*
 * The law summarize fitted to each thread sweep, one row per sweep:
 * what the scaling graph beside it shows as curves, as four numbers.
 */
void report_put_usl(FILE *f, const struct report_rows *t);
/*
 * Elapsed time per point: wall_s, for a suite of fixed work (a number of
 * forks, not a window), where it is the time the work took.
 */
void report_put_elapsed(FILE *f, const struct report_rows *t);
/* Section id (report_section_find()) of suite s (report_section.c). */
void report_put_section(FILE *f, int id, const struct report_suite *s,
			const struct report_rows *t);

#endif
