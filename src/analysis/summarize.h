/* SPDX-License-Identifier: GPL-2.0 */
#ifndef RMAPBENCH_SUMMARIZE_H
#define RMAPBENCH_SUMMARIZE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include "lib/csv.h"
#include "lib/stats.h"
#include "usl.h"

/*
 * `rmapbench summarize RAW.csv [--out SUMMARY.csv]`: one row per
 * configuration point of a raw CSV.  A point is a distinct combination of
 * the parameter columns, which are all the columns before `rep`, so a new
 * parameter needs no change here.  Each row has the parameters, n, then
 * for each of SUMMARY_METRICS <m>_median, _ci_lo, _ci_hi, _min, _max, then
 * overhead_pct against the `none` point with the same other parameters
 * (for a named kernel: the era's kernel without rmap, at the same
 * parameters but the knobs the two kernels set),
 * then the Universal Scalability Law fitted to forks_per_s over the
 * points that differ only in `threads` (usl_sigma, usl_kappa, usl_nstar,
 * usl_r2, usl_shape; empty without a point at 1 thread and three thread
 * counts; usl_shape "USL-shaped" or "not USL-shaped: " and why (usl.h),
 * and then sigma, kappa and N* are left empty; usl_nstar empty when there
 * is no peak),
 * then <col>_median for every other numeric column after `rep`.
 * Rows whose `status` is not "ok" measured nothing and are left out of n.
 * The metadata is the raw file's, then `# summary_of:` and `# summary_ci:`.
 */
#define SUMMARY_NR_METRICS 4
#define SUMMARY_FORKS_PER_S 3 /* its index in summary_metrics[] */
extern const char *const summary_metrics[SUMMARY_NR_METRICS];

struct summary_point {
	size_t key_row; /* its first row: the parameters */
	size_t *row;	/* its measured rows, in file order */
	size_t nr, cap; /* nr is n: 0 when every rep failed */
	struct stats_summary metric[SUMMARY_NR_METRICS];
	bool has_overhead;
	double overhead_pct;
	double rmap_ns; /* median ns_per_pte above none's */
	bool has_usl;	/* its thread sweep could be fitted */
	struct usl_fit usl;
	double *extra;	 /* medians of the extra columns... */
	bool *has_extra; /* ...where the point has values for them */
};

struct summary {
	struct csv in;
	size_t nr_params; /* the columns before `rep` */
	int strategy;	  /* column index */
	int threads;	  /* column index, -1 when not a parameter */
	int loops;	  /* column index, -1 in files without */
	int status;	  /* column index, -1 in files without */
	int metric[SUMMARY_NR_METRICS];
	size_t *extra; /* columns carried as medians */
	size_t nr_extra;
	struct summary_point *pt;
	size_t nr_pts;
	double real_ns_per_page; /* from --calibration; 0 without */
};

/*
 * Reads and checks the whole raw CSV and computes every point.  Returns 0,
 * or EXIT_USAGE with a one-line message in msg and nothing to free.
 */
int summary_build(const char *path, struct summary *s, char *msg, size_t len);
/*
 * The host's real fork+exit cost per page from a calibration.csv, so that
 * each point's rmap cost per pte can be stated as a share of it.
 */
int summary_calibrate(struct summary *s, const char *path, char *msg,
		      size_t len);
/*
 * Whether two rows' parameter fields are points of one thread sweep: they
 * differ in nothing but threads (and loops, where it is the default of one
 * family per thread in both); threads and loops are column indexes, -1
 * when absent (no sweep without threads).  summarize fits the USL over
 * such points; the report shows one row per sweep.
 */
bool summary_same_sweep(char *const *fa, char *const *fb, size_t nr_params,
			int threads, int loops);
/*
 * The named kernel sets column col (its option --col, underscores as
 * dashes): two kernels' points differ in it by design.
 */
bool summary_kernel_knob(const char *kernel, const char *col);
enum table_format;
/*
 * The summary for people: text (aligned), markdown or json (table.h),
 * rows in strategy order; summary_write() is its CSV.  Returns 0, or -1
 * on a write error.
 */
int summary_show(const struct summary *s, enum table_format fmt, FILE *f);
/* Column col's values differ between the rows of summary table t. */
bool summary_column_varies(const struct csv *t, size_t col);
/*
 * Column col tells t's points apart for a reader: it varies, and it is no
 * knob a named kernel of some row sets (the kernel column tells those
 * rows apart).  summarize's text and the report's tables show these.
 */
bool summary_column_shown(const struct csv *t, size_t col);
/* The summary CSV, metadata first.  Returns 0, or -1 on a write error. */
int summary_write(const struct summary *s, FILE *f);
void summary_free(struct summary *s);

#endif
