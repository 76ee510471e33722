/* SPDX-License-Identifier: GPL-2.0 */
#ifndef RMAPBENCH_VERDICT_H
#define RMAPBENCH_VERDICT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include "compare.h"
#include "summarize.h"
#include "lib/replay2002.h"

/*
 * The answer of a run, from compare's statistics on its raw rows: per
 * suite, per cell (the points that differ only in the strategy, or in the
 * named kernel and the knobs it sets), the strategies ranked by their
 * median ns per pte, each one's overhead over the cell's baseline (`none`,
 * or the era's kernel without rmap) with its interval and the U test's p,
 * and the pairs whose difference the 2002 debate was about.  Measured and
 * modelled points never share a cell: mode and machine are parameters.
 *
 * An interval that spans zero is "inconclusive here": the run cannot tell
 * the two apart, whatever the medians say.
 */

struct verdict_entry {
	size_t pt;	  /* the summary point */
	const char *name; /* strategy, or the named kernel */
	double median;	  /* ns per pte */
	bool has_base;	  /* res holds its change over the baseline */
	struct compare_result res;
	size_t outliers; /* repetitions over twice or under half the median */
};

struct verdict_pair {
	size_t a, b; /* entries: b's change over a */
	struct compare_result res;
};

struct verdict_cell {
	char *label; /* "measured, threads 2" */
	bool modelled;
	const char *machine;
	double threads;		 /* for picking the headline cell */
	int base;		 /* entry index of the baseline, -1 without */
	struct verdict_entry *e; /* by median, cheapest first */
	size_t nr;
	struct verdict_pair pair[8];
	size_t nr_pairs;
	bool headline; /* the cell the brief verdict shows for its machine */
};

struct verdict_suite {
	char *name;
	struct summary s;
	struct verdict_cell *cell;
	size_t nr_cells;
	bool quick;	     /* run with --quick */
	size_t min_n, max_n; /* repetitions per point */
	size_t outliers;     /* over every point */
	size_t samples;
	/*
	 * The measured 2002 replay by regime, as the report's 2002 table
	 * pairs it (truth.h): has_2002 when the run has one.
	 */
	bool has_2002;
	struct r2002_split r2002;
	size_t r2002_reps;
	unsigned int reps_max;
};

/*
 * The verdict on one raw CSV, called name.  Returns 0, or EXIT_USAGE with
 * a one-line message in msg and nothing to free.
 */
int verdict_build(const char *raw, const char *name, struct verdict_suite *v,
		  char *msg, size_t len);
void verdict_free(struct verdict_suite *v);

/* "+12.3% [+1.2, +30.4]", or "" when the entry has no baseline. */
void verdict_change(const struct compare_result *r, char *buf, size_t len);
/* The change's interval spans zero, or there is no interval. */
bool verdict_inconclusive(const struct compare_result *r);

/*
 * Text: brief, two lines or so per suite and machine (for the end of a
 * run); else every cell as a table.  host_note, when not NULL, is the
 * host's sanity line.
 */
void verdict_print(const struct verdict_suite *v, size_t nr, bool brief,
		   const char *host_note, FILE *f);

/*
 * The verdicts of a results folder's suites (their raw.csv), or of one raw
 * CSV.  Returns 0, or EXIT_USAGE with a message; free with
 * verdict_unload().
 */
int verdict_load(const char *path, struct verdict_suite **v, size_t *nr,
		 char *msg, size_t len);
void verdict_unload(struct verdict_suite *v, size_t nr);
/*
 * The host's sanity during the run, from the `host` file `rmapbench suite`
 * leaves beside raw.csv: "steal 0.4% of CPU time; governor performance",
 * or "" when there is none.
 */
void verdict_host_note(const char *path, char *buf, size_t len);
/*
 * The headline cells as one markdown table: a row per strategy (or
 * kernel), a column per suite and machine, each cell its change over the
 * baseline with the interval, the baseline's own ns per pte in bold; then
 * each column's cheapest 2002 scheme in words.
 */
void verdict_markdown(const struct verdict_suite *v, size_t nr, FILE *f);

#endif
