// SPDX-License-Identifier: GPL-2.0
/*
 * The line graphs of the plot data: throughput, locktable, batch,
 * chainlength, and the point-per-strategy latency and reclaim graphs.
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

/*
 * On a log axis of thread counts (1 to 1024 CPUs), a count that is no
 * power of two and within 1.4x of a neighbour (192 between 128 and 256)
 * keeps its tic but not its label, which would run into the others'.
 */
static bool crowded(const char *prev, const char *v, const char *next)
{
	double x = pd_num_of(v);

	if (x >= 1 && x < 0x1p62 && x == (double)(1ULL << (int)log2(x)))
		return false;
	return (prev && x < 1.4 * pd_num_of(prev)) ||
	       (next && pd_num_of(next) < 1.4 * x);
}

/*
 * The distinct values of column name among the kept rows as xtics, their
 * ratio (for a log axis) and their span (for dodging lines apart).
 */
static void xtics_of(struct plotdata *pd, const char *name, size_t *idx)
{
	const char *lo, *hi, **v;
	char a[32];
	size_t n, nv = 0;
	bool log_threads;

	pd_sort_by(pd, name, NULL, NULL);
	pd->nsc = 1;
	n = pd_kept(pd, idx);
	v = calloc(n + 1, sizeof(*v));
	if (!v)
		die_oom("the plot data");
	for (size_t i = 0; i < n; i++)
		if (!nv || !pd_same(pd_get(pd, idx[i], name), v[nv - 1]))
			v[nv++] = pd_get(pd, idx[i], name);
	log_threads = !strcmp(name, "threads") && nv && pd_num_of(v[0]) > 0 &&
		      pd_num_of(v[nv - 1]) >= 8 * pd_num_of(v[0]);
	fputs("# xtics: (", pd->out);
	for (size_t i = 0; i < nv; i++)
		fprintf(pd->out, "%s\"%s\" %s", i ? ", " : "",
			log_threads && crowded(i ? v[i - 1] : NULL, v[i],
					       v[i + 1]) ?
				"" :
				v[i],
			v[i]);
	fputs(")\n", pd->out);
	free(v);
	if (!n)
		return;
	lo = pd_get(pd, idx[0], name);
	hi = pd_get(pd, idx[n - 1], name);
	if (pd_is_num(lo) ? pd_num_of(lo) > 0 : strcmp(lo, "0") > 0)
		fprintf(pd->out, "# xratio: %s\n",
			pd_fmt_num(a, pd_num_of(hi) / pd_num_of(lo)));
	fprintf(pd->out, "# xspan: %s\n",
		pd_fmt_num(a, pd_num_of(hi) - pd_num_of(lo)));
}

/* What lines() says about its blocks after them. */
struct legend {
	struct sb keys, titles, dts, pts, models, strats, walks;
	const char *machine[64]; /* the modelled machines, by rank */
	int nr_machines;
};

static void legend_block(struct plotdata *pd, struct legend *l, size_t r)
{
	const struct group *g = &pd->grp[pd->gi[r]];
	char s[32];

	pd_block_sep(pd);
	fprintf(pd->out, "# %s\n", g->title);
	pd_sb_item(&l->keys, " ", pd_strat(pd, r));
	pd_sb_add(&l->titles, "%s\"%s\"", l->titles.len ? " " : "", g->title);
	pd_sb_item(&l->dts, " ", pd_fmt_num(s, g->dt));
	pd_sb_item(&l->pts, " ", pd_fmt_num(s, g->pt));
	pd_sb_item(&l->models, " ", pd_fmt_num(s, g->model));
	if (!pd_in_words(pd_strat(pd, r), pd_sb_str(&l->strats)))
		pd_sb_item(&l->strats, " ", pd_strat(pd, r));
	if (g->model > 0 && g->model <= (int)ARRAY_SIZE(l->machine)) {
		l->machine[g->model - 1] = pd_machine(pd, r);
		if (g->model > l->nr_machines)
			l->nr_machines = g->model;
	}
}

static void legend_put(struct plotdata *pd, struct legend *l)
{
	struct sb machines = { 0 };

	for (int i = 0; i < l->nr_machines; i++)
		pd_sb_item(&machines, " ", l->machine[i] ? l->machine[i] : "?");
	fprintf(pd->out,
		"# keys: %s\n# titles: %s\n# dts: %s\n# pts: %s\n# models: %s\n# strats: %s\n# walkblocks: %s\n# machines: %s\n",
		pd_sb_str(&l->keys), pd_sb_str(&l->titles), pd_sb_str(&l->dts),
		pd_sb_str(&l->pts), pd_sb_str(&l->models),
		pd_sb_str(&l->strats), pd_sb_str(&l->walks),
		pd_sb_str(&machines));
	free(l->keys.s);
	free(l->titles.s);
	free(l->dts.s);
	free(l->pts.s);
	free(l->models.s);
	free(l->strats.s);
	free(l->walks.s);
	free(machines.s);
}

/* One point of a line: x, then each column ("=ref": the reference). */
static void line_point(struct plotdata *pd, size_t r, const char *x,
		       const char *const *cols)
{
	char buf[32];

	fputs(pd_get(pd, r, x), pd->out);
	for (size_t i = 0; cols[i]; i++) {
		const char *v = !strcmp(cols[i], "=ref") ?
					pd_fmt_num(buf, pd->ref[r]) :
					pd_get(pd, r, cols[i]);

		fprintf(pd->out, " %s", *v ? v : "?");
	}
	fputc('\n', pd->out);
}

/*
 * A block per line, points in order of column x: x, then the columns
 * cols (NULL-terminated).  Then the legend of the blocks and the blocks
 * that have chain-walk figures.
 */
static void lines(struct plotdata *pd, const char *x, const char *const *cols,
		  size_t *idx)
{
	struct legend l = { 0 };
	size_t n, nb = 0, last_walk = 0;
	char s[32];

	pd_sort_lines(pd, pd->sortkey, x);
	n = pd_kept(pd, idx);
	for (size_t i = 0; i < n; i++) {
		size_t r = idx[i];

		if (!i || pd->gi[r] != pd->gi[idx[i - 1]]) {
			legend_block(pd, &l, r);
			nb++;
		}
		if (*pd_get(pd, r, "chain_walk_avg_median") &&
		    last_walk != nb) {
			pd_sb_item(&l.walks, " ", pd_fmt_num(s, nb));
			last_walk = nb;
		}
		line_point(pd, r, x, cols);
	}
	legend_put(pd, &l);
}

static const char *const ns_cols[] = { "ns_per_pte_median", "ns_per_pte_ci_lo",
				       "ns_per_pte_ci_hi", NULL };
static const char *const walk_cols[] = { "ns_per_pte_median",
					 "ns_per_pte_ci_lo", "ns_per_pte_ci_hi",
					 "chain_walk_avg_median", NULL };
static const char ns_ylabel[] = "ns per pte (fork + exit, summed over threads)";

/* The reference line: each strategy's fewest-threads point scaled. */
static void linear_ref(struct plotdata *pd, size_t *idx)
{
	size_t n, first = 0;

	pd_sort_lines(pd, NULL, "threads");
	n = pd_kept(pd, idx);
	for (size_t i = 0; i < n; i++) {
		size_t r = idx[i];

		if (!i || pd->gi[r] != pd->gi[idx[first]])
			first = i;
		pd->ref[r] = pd_num_of(pd_get(pd, idx[first],
					      "forks_per_s_median")) *
			     pd_num_of(pd_get(pd, r, "threads")) /
			     pd_num_of(pd_get(pd, idx[first], "threads"));
	}
}

/*
 * Measured lines are solid; a modelled machine's dashed, each machine its
 * own dashes (gnuplot's dash types 2, 4, 5, ...; 3, dotted, is the linear
 * reference's).
 */
static int model_dash(int model)
{
	static const int dash[] = { 2, 4, 5, 6, 7, 8 };

	return model ? dash[(model - 1) % ARRAY_SIZE(dash)] : 1;
}

/* throughput: threads, forks/s median and CI, the linear reference. */
int plotdata_throughput(struct plotdata *pd, size_t *idx, char *why, size_t len)
{
	static const char *const cols[] = { "forks_per_s_median",
					    "forks_per_s_ci_lo",
					    "forks_per_s_ci_hi", "=ref", NULL };

	pd_keep_nonempty(pd, "forks_per_s_median");
	if (pd_distinct(pd, "threads") < 2)
		return snprintf(
			       why, len,
			       "one thread count in summary.csv (needs a --threads sweep)"),
		       PLOTDATA_SKIP;
	pd_group_by_strategy(pd, false);
	pd_split_by_machine(pd);
	for (size_t g = 0; g < pd->nr_grp; g++)
		pd->grp[g].dt = model_dash(pd->grp[g].model);
	pd_fix_others(pd, "threads", false);
	linear_ref(pd, idx);
	pd_header(pd, "fork throughput against threads", "driver threads",
		  "forks per second (wall clock)");
	xtics_of(pd, "threads", idx);
	lines(pd, "threads", cols, idx);
	return 0;
}

/*
 * Puts row r in the line key (titled title, told apart by value); takes
 * key and title, as asprintf() made them (-1: out of memory).
 */
static void join_value(struct plotdata *pd, size_t r, int made, char *key,
		       char *title, const char *value)
{
	struct group *g;

	if (made < 0)
		die_oom("the plot data");
	g = pd_join(pd, r, key, title);
	if (!g->value && !(g->value = strdup(value)))
		die_oom("the plot data");
	free(key);
	free(title);
}

/* Dash and point by the rank of each line's value: dt i + dt0, pt 2i + 3. */
static void style_by_value(struct plotdata *pd, int dt0)
{
	for (size_t g = 0; g < pd->nr_grp; g++) {
		int i;

		if (!pd->grp[g].value)
			continue;
		i = pd_value_rank(pd, pd->grp[g].value);
		pd->grp[g].dt = i + dt0;
		pd->grp[g].pt = 2 * i + 3;
	}
}

/* A graph of a line per value of one parameter, drawn against another. */
struct value_graph {
	const char *x,
		*value; /* the x column; the one that tells lines apart */
	int dt0;	/* style_by_value()'s first dash type, less one */
	const char *title, *xlabel;
	const char *const *cols;
};

/* What locktable and batch do once each row is in its line. */
static int value_lines(struct plotdata *pd, const struct value_graph *v,
		       size_t *idx)
{
	char *free_names;

	style_by_value(pd, v->dt0);
	pd_split_by_machine(pd);
	if (asprintf(&free_names, "%s %s", v->x, v->value) < 0)
		die_oom("the plot data");
	pd_fix_others(pd, free_names, false);
	free(free_names);
	pd->sortkey = v->value;
	pd_header(pd, v->title, v->xlabel, ns_ylabel);
	xtics_of(pd, v->x, idx);
	lines(pd, v->x, v->cols, idx);
	return 0;
}

/*
 * locktable: locks, ns per pte median and CI; hashed is one line, padded
 * and batched one per lock stride (dash and point by the stride's rank).
 */
int plotdata_locktable(struct plotdata *pd, size_t *idx, char *why, size_t len)
{
	static const char *const locked[] = { "hashed", "padded", "batched",
					      NULL };

	pd_keep_strategies(pd, locked);
	if (pd_distinct(pd, "locks") < 2)
		return snprintf(why, len, "no --locks sweep in summary.csv"),
		       PLOTDATA_SKIP;
	for (size_t r = 0; r < pd->nr; r++) {
		const char *s = pd_strat(pd, r),
			   *sv = pd_get(pd, r, "lock_stride");
		char *key = NULL, *title = NULL;
		int made;

		if (!pd->keep[r])
			continue;
		if (!strcmp(s, "hashed")) {
			pd_join(pd, r, s, "hashed (packed)")->dt = 1;
			continue;
		}
		made = asprintf(&key, "%s %s", s, sv) |
		       asprintf(&title, "%s, %s B stride", s, sv);
		join_value(pd, r, made, key, title, sv);
	}
	return value_lines(
		pd,
		&(struct value_graph){
			"locks", "lock_stride", 1,
			"ns per pte against the number of rmap locks",
			"rmap locks (--locks, log scale)", ns_cols },
		idx);
}

/* awk's truth of a field: a number other than 0, or any other text. */
static bool truth(const char *s)
{
	return pd_is_num(s) ? pd_num_of(s) != 0 : *s;
}

/* batch: batch, ns per pte median and CI, chain walk; a line per shift. */
int plotdata_batch(struct plotdata *pd, size_t *idx, char *why, size_t len)
{
	static const char *const batched[] = { "batched", NULL };

	pd_keep_strategies(pd, batched);
	if (pd_distinct(pd, "batch") < 2)
		return snprintf(why, len,
				"no --batch sweep of batched in summary.csv"),
		       PLOTDATA_SKIP;
	for (size_t r = 0; r < pd->nr; r++) {
		const char *sh = pd_get(pd, r, "lock_shift");
		char *key = NULL, *title = NULL;
		int made;

		if (!pd->keep[r])
			continue;
		made = asprintf(&key, "shift %s", sh) |
		       asprintf(&title, "shift %s: %d page%s/lock", sh,
				(int)pow(2, pd_num_of(sh)),
				truth(sh) ? "s" : "");
		join_value(pd, r, made, key, title, sh);
	}
	return value_lines(
		pd,
		&(struct value_graph){
			"batch", "lock_shift", 0,
			"ns per pte of batched against its chain-node batch",
			"chain nodes taken at once (--batch, log scale)",
			walk_cols },
		idx);
}

/* A line per strategy and value of other; returns whether any walked. */
static bool sharing_lines(struct plotdata *pd, const char *other)
{
	bool walk = false;

	for (size_t r = 0; r < pd->nr; r++) {
		const char *s = pd_strat(pd, r),
			   *sv = *other ? pd_get(pd, r, other) : "";
		char *key = NULL, *title = NULL, *l;
		int made;

		if (!pd->keep[r])
			continue;
		l = pd_label(other);
		made = asprintf(&key, "%s %s", s, sv) |
		       (*other ? asprintf(&title, "%s, %s %s", s, l, sv) :
				 asprintf(&title, "%s", s));
		join_value(pd, r, made, key, title, sv);
		walk |= !!*pd_get(pd, r, "chain_walk_avg_median");
		free(l);
	}
	return walk;
}

/* The legend of the other knob: its values in order, by dash and point. */
static void sharing_series(struct plotdata *pd, const char *other,
			   struct sb *leg)
{
	char **legd = calloc(pd->nr_grp + 2, sizeof(*legd));
	char *l = pd_label(other);
	int n = pd_nr_values(pd);

	if (!legd)
		die_oom("the plot data");
	style_by_value(pd, 0);
	for (size_t g = 0; g < pd->nr_grp; g++) {
		int i = pd->grp[g].dt;

		if (*other && i <= (int)pd->nr_grp && !legd[i] &&
		    asprintf(&legd[i], "\"%s %s\"", l, pd->grp[g].value) < 0)
			die_oom("the plot data");
	}
	for (int i = 1; i <= n && i <= (int)pd->nr_grp; i++)
		pd_sb_add(leg, "%s%s", i > 1 ? " " : "",
			  legd[i] ? legd[i] : "");
	for (size_t i = 0; i < pd->nr_grp + 2; i++)
		free(legd[i]);
	free(legd);
	free(l);
}

/*
 * chainlength: x (children per fork, else the file share), ns per pte
 * median and CI, chain walk; a line per strategy and value of the other.
 */
int plotdata_chainlength(struct plotdata *pd, size_t *idx, char *why,
			 size_t len)
{
	const char *x = "children", *other = "file_frac";
	struct sb leg = { 0 };
	char *free_names;
	bool walk;

	pd_keep_nonempty(pd, "ns_per_pte_median");
	if (pd_distinct(pd, "children") < 2) {
		x = "file_frac";
		other = "children";
	}
	if (pd_distinct(pd, x) < 2)
		return snprintf(
			       why, len,
			       "no --children or --file-frac sweep in summary.csv"),
		       PLOTDATA_SKIP;
	if (pd_distinct(pd, other) < 2)
		other = "";
	walk = sharing_lines(pd, other);
	sharing_series(pd, other, &leg);
	pd_split_by_machine(pd);
	if (asprintf(&free_names, "%s %s", x, other) < 0)
		die_oom("the plot data");
	pd_fix_others(pd, free_names, false);
	free(free_names);
	pd->sortkey = other;
	pd_header(
		pd, "cost against sharing",
		!strcmp(x, "children") ?
			"live children per fork round (--children, log scale)" :
			"share of each process's pages from the shared file (--file-frac)",
		ns_ylabel);
	fprintf(pd->out, "# series: %s\n# logx: %d\n# walk: %d\n",
		pd_sb_str(&leg), !strcmp(x, "children"), walk);
	free(leg.s);
	xtics_of(pd, x, idx);
	lines(pd, x, walk_cols, idx);
	return 0;
}

/* A latency figure gnuplot can put on a log axis, else missing. */
static const char *pos_or_missing(const char *x)
{
	return *x && pd_num_of(x) > 0 ? x : "?";
}

/* A point per strategy, the others fixed (threads at the most). */
static void one_per_strategy(struct plotdata *pd)
{
	pd_group_by_strategy(pd, false);
	pd_fix_others(pd, "", true);
}

/* Blocks of one row per strategy, in strategy order. */
static size_t strategy_rows(struct plotdata *pd, size_t *idx)
{
	pd_sort_by(pd, "strategy", NULL, NULL);
	return pd_kept(pd, idx);
}

static void put_keys(struct plotdata *pd, const size_t *idx, size_t n)
{
	fputs("# keys: ", pd->out);
	for (size_t i = 0; i < n; i++)
		fprintf(pd->out, "%s%s", i ? " " : "", pd_strat(pd, idx[i]));
	fputc('\n', pd->out);
}

/* latency: 1..4 for p50, p90, p99, p99.9; the fork and exit medians. */
int plotdata_latency(struct plotdata *pd, size_t *idx, char *why, size_t len)
{
	static const char *const p[] = { "p50", "p90", "p99", "p999" };
	size_t n;

	pd_keep_nonempty(pd, "fork_p50_ns_median");
	if (!pd_distinct(pd, "strategy"))
		return snprintf(
			       why, len,
			       "no latency percentiles in summary.csv (run without --no-stats)"),
		       PLOTDATA_SKIP;
	one_per_strategy(pd);
	if (pd->note.len) {
		struct sb n = { 0 };

		pd_sb_add(&n, "one point per strategy; %s", pd->note.s);
		free(pd->note.s);
		pd->note = n;
	}
	pd_header(pd, "fork and exit latency percentiles", "percentile",
		  "latency of one fork or exit (ns, log scale)");
	n = strategy_rows(pd, idx);
	for (size_t i = 0; i < n; i++) {
		pd_block_sep(pd);
		fprintf(pd->out, "# %s\n", pd_strat(pd, idx[i]));
		for (size_t k = 0; k < ARRAY_SIZE(p); k++) {
			char f[32], e[32];

			snprintf(f, sizeof(f), "fork_%s_ns_median", p[k]);
			snprintf(e, sizeof(e), "exit_%s_ns_median", p[k]);
			fprintf(pd->out, "%zu %s %s\n", k + 1,
				pos_or_missing(pd_get(pd, idx[i], f)),
				pos_or_missing(pd_get(pd, idx[i], e)));
		}
	}
	put_keys(pd, idx, n);
	return 0;
}

/*
 * reclaim: a point per strategy: ns per pte median, pages scanned per
 * second, the ns per pte CI.
 */
int plotdata_reclaim(struct plotdata *pd, size_t *idx, char *why, size_t len)
{
	size_t n;

	pd_keep_nonempty(pd, "reclaim_pages_per_s_median");
	if (!pd_distinct(pd, "strategy"))
		return snprintf(
			       why, len,
			       "no scanner figures in summary.csv (run with --reclaim 1 or more)"),
		       PLOTDATA_SKIP;
	one_per_strategy(pd);
	pd_header(pd, "fork+exit cost against page-scanner speed",
		  "ns per pte (fork + exit, summed over threads)",
		  "pages scanned per second (page_referenced)");
	n = strategy_rows(pd, idx);
	for (size_t i = 0; i < n; i++) {
		size_t r = idx[i];

		pd_block_sep(pd);
		fprintf(pd->out, "# %s\n%s %s %s %s\n", pd_strat(pd, r),
			pd_get(pd, r, "ns_per_pte_median"),
			pd_get(pd, r, "reclaim_pages_per_s_median"),
			pd_get(pd, r, "ns_per_pte_ci_lo"),
			pd_get(pd, r, "ns_per_pte_ci_hi"));
	}
	put_keys(pd, idx, n);
	return 0;
}
