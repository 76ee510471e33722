// SPDX-License-Identifier: GPL-2.0
/*
 * The bar charts of the plot data: overhead and phases.  A cluster of
 * bars per combination of the swept parameters, a bar per strategy.
 */
#include <math.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include "lib/compiler.h"
#include "lib/util.h"
#include "plotdata.h"
#include "plotdata_impl.h"
#include "results.h"
#include "summarize.h"

/*
 * A cluster per combination of the swept parameters, a bar per strategy
 * in it, strategies in table order.  Fills bx[r] (the bar's x), the
 * strategies sk[0..ns), the rows in cluster order and the x axis name.
 */
struct bars {
	size_t *row, n; /* kept rows, by cluster */
	size_t *bx;	/* per row */
	size_t *sk, ns; /* a row of each strategy, in table order */
	struct sb xname;
};

static int rank_cmp(const void *pa, const void *pb, void *arg)
{
	const struct plotdata *pd = arg;
	unsigned int a = pd->rank[*(const size_t *)pa];
	unsigned int b = pd->rank[*(const size_t *)pb];

	return (a > b) - (a < b);
}

static void bar_strategies(struct plotdata *pd, struct bars *b)
{
	for (size_t i = 0; i < b->n; i++) {
		size_t j;

		for (j = 0; j < b->ns; j++)
			if (pd->rank[b->sk[j]] == pd->rank[b->row[i]])
				break;
		if (j == b->ns)
			b->sk[b->ns++] = b->row[i];
	}
	qsort_r(b->sk, b->ns, sizeof(*b->sk), rank_cmp, pd);
}

static size_t bar_pos(const struct plotdata *pd, const struct bars *b, size_t r)
{
	for (size_t i = 0; i < b->ns; i++)
		if (pd->rank[b->sk[i]] == pd->rank[r])
			return i + 1;
	return 0;
}

/*
 * Mode and machine tell clusters apart as one parameter whenever the kept
 * rows have more than one of either (a measured and a modelled host too):
 * both columns go first in list, so that a machine's clusters stand
 * together, and only machine is named.
 */
static size_t run_columns(struct plotdata *pd, int *list, size_t np)
{
	int mode = csv_column(pd->c, "mode");
	int mach = csv_column(pd->c, "machine");
	int rest[64];
	size_t n = 0, nr = 0;

	for (size_t j = 0; j < np; j++)
		if (list[j] != mode && list[j] != mach)
			rest[nr++] = list[j];
	if (mode >= 0 && mach >= 0 &&
	    (pd_distinct(pd, "mode") > 1 || pd_distinct(pd, "machine") > 1)) {
		list[n++] = mode;
		list[n++] = mach;
	}
	memcpy(list + n, rest, nr * sizeof(*rest));
	return n + nr;
}

/*
 * Parameter col tells kept rows apart that the columns list[0..n) do not:
 * it varies among the bars drawn and does not follow those before it
 * (loops with threads, a kernel's knobs with the kernel).
 */
static bool tells_apart(const struct plotdata *pd, int col, const int *list,
			size_t n)
{
	for (size_t r = 0; r < pd->nr; r++) {
		for (size_t o = 0; pd->keep[r] && o < r; o++) {
			size_t j;

			if (!pd->keep[o] ||
			    !strcmp(pd_field(pd, r, col), pd_field(pd, o, col)))
				continue;
			for (j = 0; j < n; j++)
				if (strcmp(pd_field(pd, r, list[j]),
					   pd_field(pd, o, list[j])))
					break;
			if (j == n)
				return true;
		}
	}
	return false;
}

/*
 * Only the parameters that tell the kept rows apart make clusters; mode
 * and machine, when run_columns() put them first, stay as one.
 */
/* A knob some kept row's named kernel sets: it comes with the kernel. */
static bool kernel_knob(const struct plotdata *pd, const char *col)
{
	for (size_t r = 0; r < pd->nr; r++)
		if (pd->keep[r] &&
		    summary_kernel_knob(pd_get(pd, r, "kernel"), col))
			return true;
	return false;
}

static size_t cluster_columns(struct plotdata *pd, int *list, size_t np)
{
	size_t n = 0;

	for (size_t j = 0; j < np; j++) {
		const char *name = pd->c->col[list[j]];

		if (!strcmp(name, "kernel") || kernel_knob(pd, name))
			continue;
		if (!strcmp(name, "mode") || !strcmp(name, "machine") ||
		    tells_apart(pd, list[j], list, n))
			list[n++] = list[j];
	}
	return n;
}

/* What a cluster's label says of its mode and machine. */
static char *run_label(const struct plotdata *pd, size_t r)
{
	char *s;

	if (asprintf(&s, "%s%s", pd_modelled(pd, r) ? "model: " : "measured",
		     pd_modelled(pd, r) ? pd_machine(pd, r) : "") < 0)
		die_oom("the plot data");
	return s;
}

static bool is_col(const struct plotdata *pd, int col, const char *name)
{
	return !strcmp(pd->c->col[col], name);
}

/* The cluster labels: "name value" per line, and the values alone. */
static void cluster_labels(const struct plotdata *pd, size_t r, const int *list,
			   size_t np, struct sb *lab, struct sb *shrt)
{
	for (size_t j = 0, k = 0; j < np; j++) {
		char *l = pd_label(pd->c->col[list[j]]), *run = NULL;
		const char *v = pd_field(pd, r, list[j]);

		if (is_col(pd, list[j], "mode")) {
			free(l);
			continue;
		}
		if (is_col(pd, list[j], "machine")) {
			v = run = run_label(pd, r);
			*l = '\0';
		}
		pd_sb_add(lab, "%s%s%s%s", k ? "\\n" : "", l, *l ? " " : "", v);
		pd_sb_add(shrt, "%s%s", k++ ? " / " : "", v);
		free(l);
		free(run);
	}
}

static bool same_cluster(const struct plotdata *pd, size_t a, size_t b,
			 const int *list, size_t np)
{
	for (size_t j = 0; j < np; j++)
		if (strcmp(pd_field(pd, a, list[j]), pd_field(pd, b, list[j])))
			return false;
	return true;
}

static bool any_modelled(const struct plotdata *pd, const struct bars *b)
{
	for (size_t i = 0; i < b->n; i++)
		if (pd_modelled(pd, b->row[i]))
			return true;
	return false;
}

/*
 * The clusters' labels are too wide to stand side by side: the longest
 * line of one ("model: synthetic-1024") times the clusters is more than
 * the 90 characters or so of the x axis.
 */
static bool too_wide(const struct plotdata *pd, const size_t *first,
		     size_t nclusters, const int *list, size_t np)
{
	size_t widest = 0;

	for (size_t c = 0; nclusters > 1 && c < nclusters; c++) {
		struct sb lab = { 0 }, shrt = { 0 };
		const char *p;

		cluster_labels(pd, first[c], list, np, &lab, &shrt);
		for (p = pd_sb_str(&lab); *p;) {
			size_t n = strcspn(p, "\\");

			widest = n > widest ? n : widest;
			/* past the two characters of a line break */
			p += n + (p[n] ? 2 : 0);
		}
		free(lab.s);
		free(shrt.s);
	}
	return nclusters * widest > 90;
}

/*
 * What a bar is called: the named kernel where the suite sweeps kernels
 * (2.4.19-pre7-rmap13b, not pagebit), else its strategy.
 */
static const char *bar_name(const struct plotdata *pd, size_t r)
{
	const char *k = pd_get(pd, r, "kernel");

	return *k && strcmp(k, "custom") ? k : pd_strat(pd, r);
}

static bool named_kernels(const struct plotdata *pd, const struct bars *b)
{
	for (size_t i = 0; i < b->ns; i++)
		if (strcmp(bar_name(pd, b->sk[i]), pd_strat(pd, b->sk[i])))
			return true;
	return false;
}

/* The xtics: strategy names for one cluster, else one label per cluster. */
static void bar_tics(struct plotdata *pd, struct bars *b, size_t *first,
		     size_t nclusters, const int *list, size_t np, bool compact,
		     bool rotate)
{
	struct sb tics = { 0 };
	char x[32];

	for (size_t i = 0; nclusters == 1 && i < b->ns; i++)
		pd_sb_add(&tics, "%s\"%s\" %zu", i ? ", " : "",
			  bar_name(pd, b->sk[i]), i + 1);
	for (size_t c = 0; nclusters > 1 && c < nclusters; c++) {
		struct sb lab = { 0 }, shrt = { 0 };

		cluster_labels(pd, first[c], list, np, &lab, &shrt);
		pd_sb_add(&tics, "%s\"%s\" %s", c ? ", " : "",
			  compact ? pd_sb_str(&shrt) : pd_sb_str(&lab),
			  pd_fmt_num(x, c * (b->ns + 1.0) + (b->ns + 1.0) / 2));
		free(lab.s);
		free(shrt.s);
	}
	fputs("# keys: ", pd->out);
	for (size_t i = 0; i < b->ns; i++)
		fprintf(pd->out, "%s%s", i ? " " : "", pd_strat(pd, b->sk[i]));
	if (named_kernels(pd, b)) {
		fputs("\n# titles: ", pd->out);
		for (size_t i = 0; i < b->ns; i++)
			fprintf(pd->out, "%s%s", i ? " " : "",
				bar_name(pd, b->sk[i]));
	}
	fprintf(pd->out, "\n# xtics: (%s)\n# clusters: %zu\n# rotate: %d\n",
		pd_sb_str(&tics), nclusters, rotate);
	fprintf(pd->out, "# ticklines: %zu\n# xmax: %zu\n",
		nclusters > 1 && !compact ?
			np - (np > 1 && is_col(pd, list[0], "mode")) :
			1,
		nclusters * (b->ns + 1));
	fprintf(pd->out, "# modelled: %d\n", any_modelled(pd, b));
	free(tics.s);
}

static int bars(struct plotdata *pd, struct bars *b, char *why, size_t len)
{
	int list[64 + 2];
	size_t np = run_columns(pd, list, pd_swept(pd, list)), nclusters = 0,
	       *first;

	np = cluster_columns(pd, list, np);
	bool compact, wide;

	memset(b, 0, sizeof(*b));
	b->row = calloc(pd->nr + 1, sizeof(*b->row));
	b->bx = calloc(pd->nr + 1, sizeof(*b->bx));
	b->sk = calloc(pd->nr + 1, sizeof(*b->sk));
	first = calloc(pd->nr + 1, sizeof(*first));
	if (!b->row || !b->bx || !b->sk || !first)
		die_oom("the plot data");
	pd_sort_by(pd, NULL, NULL, NULL);
	b->n = pd_kept(pd, b->row);
	bar_strategies(pd, b);
	/* Clusters in the order of their parameters: sort without strategy. */
	pd->nsc = np;
	memcpy(pd->sc, list, np * sizeof(*list));
	qsort_r(b->row, b->n, sizeof(*b->row), pd_row_cmp, pd);
	for (size_t i = 0; i < b->n; i++) {
		size_t r = b->row[i], c;

		for (c = 0; c < nclusters; c++)
			if (same_cluster(pd, first[c], r, list, np))
				break;
		if (c == nclusters)
			first[nclusters++] = r;
		b->bx[r] = c * (b->ns + 1) + bar_pos(pd, b, r);
	}
	if (nclusters > 40) {
		free(first);
		snprintf(
			why, len,
			"%zu parameter combinations are too many for a bar chart",
			nclusters);
		return PLOTDATA_SKIP;
	}
	wide = too_wide(pd, first, nclusters, list, np);
	compact = np > 1 && (nclusters > 6 || wide);
	bar_tics(pd, b, first, nclusters, list, np, compact,
		 nclusters > 8 || wide);
	for (size_t j = 0, k = 0; j < np; j++) {
		char *l = pd_label(pd->c->col[list[j]]);

		if (!is_col(pd, list[j], "mode"))
			pd_sb_add(&b->xname, "%s%s",
				  k++ ? (compact ? " / " : ", ") : "",
				  is_col(pd, list[j], "machine") ?
					  "measured or model" :
					  l);
		free(l);
	}
	free(first);
	return 0;
}

static void bars_free(struct bars *b)
{
	free(b->row);
	free(b->bx);
	free(b->sk);
	free(b->xname.s);
}

static const char *xname_or(const struct bars *b, const char *dflt)
{
	return b->xname.len ? b->xname.s : dflt;
}

/* Starts the block of strategy i's bars; its rows follow. */
static void bar_block(struct plotdata *pd, const struct bars *b, size_t i)
{
	pd_block_sep(pd);
	fprintf(pd->out, "# %s\n", pd_strat(pd, b->sk[i]));
}

static bool in_block(const struct plotdata *pd, const struct bars *b, size_t i,
		     size_t r)
{
	return !strcmp(pd_strat(pd, r), pd_strat(pd, b->sk[i]));
}

static bool has_strategy(const struct plotdata *pd, const char *name)
{
	for (size_t r = 0; r < pd->nr; r++)
		if (pd->keep[r] && !strcmp(pd_strat(pd, r), name))
			return true;
	return false;
}

/*
 * The denominator, said under the graph; and why today's fork paths can
 * fall below the baseline (vma_template.h: vma_needs_copy() skips every
 * vma without an anon_vma, so their children get no file ptes at fork).
 */
static void overhead_note(struct plotdata *pd, const struct bars *b)
{
	pd_sb_add(
		&pd->note, "%s",
		named_kernels(pd, b) ?
			"a bar: its median ns per pte over 2.4.19-pre7's (no rmap, the same workload), less 1" :
			"a bar: its median ns per pte over none's at the same parameters, less 1");
	if (has_strategy(pd, "avc") || has_strategy(pd, "folio") ||
	    has_strategy(pd, "folio-batched"))
		pd_sb_add(
			&pd->note, "%s",
			"; avc, folio and folio-batched copy no file ptes at fork (vma_needs_copy()) where none copies every pte: below 0 is a lighter fork, not free rmap");
}

/*
 * overhead: per bar x, overhead_pct, the 95% CI of the strategy's
 * median as a change against none's median (ci / base - 1, in %), and 1
 * for a modelled point (0 measured).
 */
int plotdata_overhead(struct plotdata *pd, size_t *idx, char *why, size_t len)
{
	struct bars b;
	int ret;

	(void)idx; /* bars sort their own rows */
	pd_keep_nonempty(pd, "overhead_pct");
	for (size_t r = 0; r < pd->nr; r++)
		pd->keep[r] &= !!strcmp(pd_strat(pd, r), "none");
	if (!pd_distinct(pd, "strategy"))
		return snprintf(
			       why, len,
			       "no `none` point at the same parameters in summary.csv"),
		       PLOTDATA_SKIP;
	ret = bars(pd, &b, why, len);
	if (!ret)
		overhead_note(pd, &b);
	if (!ret)
		pd_header(
			pd,
			named_kernels(pd, &b) ?
				"rmap overhead against 2.4.19-pre7 (no rmap)" :
				"rmap overhead against none",
			xname_or(&b,
				 named_kernels(pd, &b) ? "kernel" : "strategy"),
			named_kernels(pd, &b) ?
				"over 2.4.19-pre7 (%, ns per pte)" :
				"overhead over none (%, ns per pte)");
	for (size_t i = 0; !ret && i < b.ns; i++) {
		bar_block(pd, &b, i);
		for (size_t j = 0; j < b.n; j++) {
			size_t r = b.row[j];
			const char *ov = pd_get(pd, r, "overhead_pct");
			double base;

			if (!in_block(pd, &b, i, r))
				continue;
			base = pd_num_of(pd_get(pd, r, "ns_per_pte_median")) /
			       (1 + pd_num_of(ov) / 100);
			fprintf(pd->out, "%zu %s %.3f %.3f %d\n", b.bx[r], ov,
				100 * (pd_num_of(pd_get(pd, r,
							"ns_per_pte_ci_lo")) /
					       base -
				       1),
				100 * (pd_num_of(pd_get(pd, r,
							"ns_per_pte_ci_hi")) /
					       base -
				       1),
				pd_modelled(pd, r));
		}
	}
	bars_free(&b);
	return ret;
}

/*
 * phases: per bar x, the fork median and CI, the exit median, the exit
 * median and CI stacked on the fork median, and 1 for a modelled point.
 */
static void phases_row(struct plotdata *pd, size_t r, size_t x)
{
	const char *f = pd_get(pd, r, "fork_ns_per_pte_median");
	const char *e = pd_get(pd, r, "exit_ns_per_pte_median");
	double fv = pd_num_of(f);
	char a[32], b[32], c[32];

	fprintf(pd->out, "%zu %s %s %s %s %s %s %s %d\n", x, f,
		pd_get(pd, r, "fork_ns_per_pte_ci_lo"),
		pd_get(pd, r, "fork_ns_per_pte_ci_hi"), e,
		pd_fmt_num(a, fv + pd_num_of(e)),
		pd_fmt_num(b, fv + pd_num_of(pd_get(pd, r,
						    "exit_ns_per_pte_ci_lo"))),
		pd_fmt_num(c, fv + pd_num_of(pd_get(pd, r,
						    "exit_ns_per_pte_ci_hi"))),
		pd_modelled(pd, r));
}

int plotdata_phases(struct plotdata *pd, size_t *idx, char *why, size_t len)
{
	struct bars b;
	int ret;

	(void)idx; /* bars sort their own rows */
	pd_keep_nonempty(pd, "fork_ns_per_pte_median");
	pd_keep_nonempty(pd, "exit_ns_per_pte_median");
	if (!pd_distinct(pd, "strategy"))
		return snprintf(why, len,
				"no fork and exit medians in summary.csv"),
		       PLOTDATA_SKIP;
	ret = bars(pd, &b, why, len);
	if (!ret)
		pd_header(pd, "setup (fork) and teardown (exit) cost per pte",
			  xname_or(&b, "strategy"),
			  "ns per pte (summed over threads)");
	for (size_t i = 0; !ret && i < b.ns; i++) {
		bar_block(pd, &b, i);
		for (size_t j = 0; j < b.n; j++)
			if (in_block(pd, &b, i, b.row[j]))
				phases_row(pd, b.row[j], b.bx[b.row[j]]);
	}
	bars_free(&b);
	return ret;
}
