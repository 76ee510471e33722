/* SPDX-License-Identifier: GPL-2.0 */
#ifndef RMAPBENCH_COMPARE_H
#define RMAPBENCH_COMPARE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include "lib/csv.h"
#include "lib/stats.h"

/*
 * `rmapbench compare OLD.csv NEW.csv`: pairs the configuration points of
 * two raw CSV files and says, per point, whether a metric changed.
 *
 * A point is a distinct combination of the key columns: every parameter
 * column (those before `rep`), or the --group-by list, which pools the
 * rows that differ only in other columns.  A parameter that only one file
 * has (a newer rmapbench added it) is left out of the key when it has one
 * value throughout that file, and is an error when it varies.  Only rows whose `status` is
 * "ok" and that match --filter are samples.  Per point and metric:
 *
 *	median ± spread	the median and half its 95% confidence interval
 *			(order statistics, min..max below 6 samples) as a
 *			percentage of the median
 *	change		100 * (new median / old median - 1)
 *	change CI	new.ci_lo / old.ci_hi - 1 .. new.ci_hi / old.ci_lo - 1:
 *			if both medians' intervals hold, and they do together
 *			with at least 0.95^2 = 90% (88% at 5 samples), the
 *			ratio of the true medians lies inside; it is drawn,
 *			but the verdict comes from the U test alone
 *	p		two-sided Mann-Whitney U (exact up to 50 per side)
 *
 * The verdict is "changed" when p < alpha; "~" (no change) when p >= alpha
 * or the two samples are identical; "too few" when no samples of these
 * sizes could reach p < alpha (stats_mw_min_p() >= alpha, e.g. 3 + 3 at
 * 0.05): a warning, not a verdict.  Points measured on one side only are
 * kept and listed as such.  A geometric mean of the ratios of the medians
 * over the paired points closes each metric's table.
 */
enum compare_format {
	COMPARE_TEXT,
	COMPARE_CSV,
	COMPARE_PLOT,	  /* the table plot/compare.gp draws */
	COMPARE_MARKDOWN, /* the CSV's main columns as a markdown table */
	COMPARE_JSON,	  /* the CSV as JSON */
};

struct compare_opts {
	const char *path[2]; /* old, new */
	const char *metric;  /* comma list; "ns_per_pte" */
	double alpha;	     /* 0.05 */
	enum compare_format format;
	const char *group_by; /* comma list; NULL: parameters */
	const char *filter;   /* NULL: every row */
};

enum compare_verdict {
	CMP_CHANGED,	/* p < alpha */
	CMP_SAME,	/* p >= alpha, or identical samples */
	CMP_TOO_FEW,	/* p < alpha is out of reach for n1, n2 */
	CMP_OLD_ONLY,	/* no sample in the new file */
	CMP_NEW_ONLY,	/* no sample in the old file */
	CMP_UNMEASURED, /* no sample in either (empty metric) */
};

struct compare_result {
	size_t n[2];
	struct stats_summary s[2]; /* valid where n > 0 */
	enum compare_verdict verdict;
	bool identical;		/* the same values on both sides */
	struct mann_whitney mw; /* the next fields need both n > 0 */
	double min_p;
	double change_pct, change_lo_pct, change_hi_pct; /* or NAN */
};

/* A filter term: col=v1|v2 (one of them) or col!=v1|v2 (none of them). */
struct compare_term {
	const char *col;
	bool neg;
	char **val;
	size_t nr_val;
	int idx[2]; /* the column in each file */
};

/* A point: its rows, refs[first .. first + n[0] + n[1]), old ones first. */
struct compare_group {
	size_t first;
	size_t n[2];
};

struct compare_ref {
	int side;
	size_t row;
};

struct compare_table {
	const char *metric;
	int col[2];
	struct compare_result *res; /* one per group */
	size_t nr_paired;	    /* points with samples on both sides */
	size_t nr_geo;		    /* those in the geometric mean */
	double geo[2];		    /* of the medians */
	double geo_change_pct;	    /* of the ratios, as a change */
	size_t nr_unmeasured;
};

/* A parameter column of one file only, with its one value there. */
struct compare_extra {
	int side;
	const char *col;
	const char *value;
};

/* One metadata key whose values differ; a missing value is NULL. */
struct compare_diff {
	const char *key;
	const char *val[2];
};

struct compare {
	struct compare_opts opts;
	struct csv in[2];
	int rep[2];	   /* column */
	int status[2];	   /* column, or -1 */
	size_t skipped[2]; /* rows with a status other than ok */
	char **metric_list, **key_list, **term_list;
	char **key; /* key column names */
	size_t nr_keys;
	struct compare_extra *extra; /* left out of the key */
	size_t nr_extras;
	int *key_col[2];
	bool *key_varies;
	struct compare_term *term;
	size_t nr_terms;
	struct compare_ref *ref;
	size_t nr_refs;
	struct compare_group *grp;
	size_t nr_grps;
	struct compare_table *tab;
	size_t nr_tabs;
	struct compare_diff diff[16];
	size_t nr_diffs;
};

/*
 * The verdict on one point from its old and new samples (either may be
 * empty).  Returns 0, or -1 when memory runs out.
 */
int compare_judge(const double *a, size_t n1, const double *b, size_t n2,
		  double alpha, struct compare_result *r);

/*
 * Reads, checks, pairs and judges.  Returns 0, or EXIT_USAGE with a
 * one-line message ("FILE:LINE: ..." for a bad file) and nothing to free.
 */
int compare_build(const struct compare_opts *o, struct compare *c, char *msg,
		  size_t len);
/* The key column value of a group. */
const char *compare_key(const struct compare *c, size_t grp, size_t key);
/*
 * When no point pairs: the key columns that hold one value in each file
 * but differ between them, "threads (old 2, new 4), ...", or "".
 */
void compare_unpaired_hint(const struct compare *c, char *buf, size_t len);
/* Each returns 0, or -1 on a write error. */
int compare_write_text(const struct compare *c, FILE *f);
int compare_write_csv(const struct compare *c, FILE *f);
int compare_write_plot(const struct compare *c, FILE *f);
/* markdown or json, as c->opts.format says: views of the CSV (table.h). */
int compare_write_table(const struct compare *c, FILE *f);
void compare_free(struct compare *c);

#endif
