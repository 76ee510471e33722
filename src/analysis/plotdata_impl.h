/* SPDX-License-Identifier: GPL-2.0 */
#ifndef RMAPBENCH_PLOTDATA_IMPL_H
#define RMAPBENCH_PLOTDATA_IMPL_H

/*
 * What the parts of the plot data share: plotdata.c (the points, the
 * rows a graph keeps), plotdata_group.c (its lines, the parameters it
 * holds fixed, its header), the tables of plotdata_bars.c (overhead,
 * phases) and plotdata_lines.c (the line graphs), and graphs.c, which
 * lists the graphs and writes a table.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include "lib/csv.h"

/* A growing string. */
struct sb {
	char *s;
	size_t len, cap;
};

/* A line of the graph: its legend title, dash type and point type. */
struct group {
	char *key;
	char *title;
	char *value; /* of the parameter that tells lines apart */
	int dt, pt;  /* pt 0: the strategy's own */
	int model;   /* 0: measured; else the modelled machine's rank, from 1 */
};

struct plotdata {
	const struct csv *c;
	const char *suite;
	FILE *out;
	size_t nparam;	    /* the parameter columns: those before n */
	int scol;	    /* strategy */
	size_t nr;	    /* measured points */
	size_t *row;	    /* their rows in c */
	unsigned int *rank; /* strategy order, unknown ones after */
	bool *keep;
	size_t *nvals; /* distinct values of each parameter */
	bool *dep;     /* a parameter that follows an earlier one */
	/* per graph */
	int *gi;
	struct group *grp;
	size_t nr_grp;
	char **fixed; /* "name value" of the parameters held fixed */
	size_t nr_fixed;
	struct sb note;
	const char *sortkey;
	int nblocks;
	double *ref;
	int sc[64 + 3]; /* sort columns */
	size_t nsc;
};

/*
 * The measured points of summary c.  Returns 0, or EXIT_USAGE with why
 * when c is not a summary CSV; free with pd_free() after 0.
 */
int pd_init(struct plotdata *pd, const struct csv *c, char *why, size_t len);
void pd_free(struct plotdata *pd);

/*
 * The helpers of plotdata.c and plotdata_group.c, each described where it
 * is defined: strings, awk's view of a field, kept and sorted rows, lines
 * and their values, the parameters held fixed, the header and blocks of a
 * table.
 */
__attribute__((format(printf, 2, 3))) void pd_sb_add(struct sb *b,
						     const char *fmt, ...);
void pd_sb_item(struct sb *b, const char *sep, const char *s);
const char *pd_sb_str(const struct sb *b);
double pd_num_of(const char *s);
bool pd_is_num(const char *s);
bool pd_less(const char *x, const char *y);
bool pd_same(const char *x, const char *y);
const char *pd_fmt_num(char buf[32], double v);
char *pd_label(const char *name);
const char *pd_field(const struct plotdata *pd, size_t r, int col);
const char *pd_get(const struct plotdata *pd, size_t r, const char *name);
const char *pd_strat(const struct plotdata *pd, size_t r);
int pd_row_cmp(const void *pa, const void *pb, void *arg);
void pd_sort_by(struct plotdata *pd, const char *a, const char *b,
		const char *c);
void pd_sort_lines(struct plotdata *pd, const char *sortkey, const char *x);
size_t pd_kept(struct plotdata *pd, size_t *idx);
size_t pd_distinct(const struct plotdata *pd, const char *name);
void pd_keep_nonempty(struct plotdata *pd, const char *name);
void pd_keep_strategies(struct plotdata *pd, const char *const *list);
struct group *pd_join(struct plotdata *pd, size_t r, const char *key,
		      const char *title);
void pd_group_by_strategy(struct plotdata *pd, bool kept_only);
int pd_value_rank(const struct plotdata *pd, const char *value);
int pd_nr_values(const struct plotdata *pd);
bool pd_in_words(const char *name, const char *words);
void pd_fix_others(struct plotdata *pd, const char *free_names,
		   bool most_threads);
bool pd_modelled(const struct plotdata *pd, size_t r);
const char *pd_machine(const struct plotdata *pd, size_t r);
void pd_split_by_machine(struct plotdata *pd);
void pd_header(struct plotdata *pd, const char *title, const char *xlabel,
	       const char *ylabel);
void pd_block_sep(struct plotdata *pd);
size_t pd_swept(const struct plotdata *pd, int *list);

/* The tables, one per graph (graphs[] in graphs.c). */
int plotdata_overhead(struct plotdata *pd, size_t *idx, char *why, size_t len);
int plotdata_phases(struct plotdata *pd, size_t *idx, char *why, size_t len);
int plotdata_throughput(struct plotdata *pd, size_t *idx, char *why,
			size_t len);
int plotdata_locktable(struct plotdata *pd, size_t *idx, char *why, size_t len);
int plotdata_batch(struct plotdata *pd, size_t *idx, char *why, size_t len);
int plotdata_chainlength(struct plotdata *pd, size_t *idx, char *why,
			 size_t len);
int plotdata_latency(struct plotdata *pd, size_t *idx, char *why, size_t len);
int plotdata_reclaim(struct plotdata *pd, size_t *idx, char *why, size_t len);

#endif
