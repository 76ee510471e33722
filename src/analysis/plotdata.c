// SPDX-License-Identifier: GPL-2.0
/*
 * The plot data: from a summary CSV, the small table each gnuplot script
 * in plot/ draws.  What plot/plot.sh did in awk until it moved here; the
 * tables are the same byte for byte but for two things: "# pts:" says 0
 * for a strategy's own point type (style.gp has the table), and the note
 * lists the parameters held fixed in column order, where awk's was the
 * order of its hash table.
 *
 * Values from the summary are copied as written; computed ones are printed
 * as awk printed them (an integer as one, else %.6g), so that a graph does
 * not change with the language that prepared its data.
 *
 * A graph works on the measured points (n > 0), each a row r: keep[r]
 * says whether the graph still wants it, gi[r] which of its lines (group)
 * it belongs to.  Parameters the graph does not show are fixed at one
 * value per line, and the note under the graph says which.
 */
#include <math.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include "lib/compiler.h"
#include "lib/util.h"
#include "modern.h"
#include "plotdata.h"
#include "results.h"
#include "strategy/strategy.h"

/* A growing string. */
struct sb {
	char *s;
	size_t len, cap;
};

__attribute__((format(printf, 2, 3))) static void sb_add(struct sb *b,
							 const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (b->len + n + 1 > b->cap) {
		b->cap = 2 * (b->len + n + 1);
		b->s = realloc(b->s, b->cap);
		if (!b->s)
			die_oom("the plot data");
	}
	va_start(ap, fmt);
	vsnprintf(b->s + b->len, n + 1, fmt, ap);
	va_end(ap);
	b->len += n;
}

/* Appends s to a list, sep between items. */
static void sb_item(struct sb *b, const char *sep, const char *s)
{
	sb_add(b, "%s%s", b->len ? sep : "", s);
}

static const char *sb_str(const struct sb *b)
{
	return b->s ? b->s : "";
}

/* A line of the graph: its legend title, dash type and point type. */
struct group {
	char *key;
	char *title;
	char *value; /* of the parameter that tells lines apart */
	int dt, pt;  /* pt 0: the strategy's own */
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

/* ---- awk's view of a field ------------------------------------------ */

/* The number awk would see in s: its leading decimal, else 0. */
static double num_of(const char *s)
{
	return strtod(s, NULL);
}

/* awk's test of whether a field is a number. */
static bool is_num(const char *s)
{
	const char *p = s + (*s == '-');
	size_t d = strspn(p, "0123456789"), f = 0;

	if (p[d] == '.')
		f = strspn(p + d + 1, "0123456789");
	if (!d && !f)
		return false;
	p += d + (p[d] == '.') + f;
	if (*p == 'e' || *p == 'E') {
		p += 1 + (p[1] == '-' || p[1] == '+');
		d = strspn(p, "0123456789");
		if (!d)
			return false;
		p += d;
	}
	return !*p;
}

static int cmp_field(const char *x, const char *y)
{
	if (is_num(x) && is_num(y)) {
		double a = num_of(x), b = num_of(y);

		return (a > b) - (a < b);
	}
	return strcmp(x, y) < 0 ? -1 : strcmp(x, y) > 0;
}

static bool less(const char *x, const char *y)
{
	return cmp_field(x, y) < 0;
}

static bool same(const char *x, const char *y)
{
	return !cmp_field(x, y);
}

/* A computed number as awk prints it: integers whole, else %.6g. */
static const char *fmt_num(char buf[32], double v)
{
	if (fabs(v) < 1e15 && v == (double)(long long)v)
		snprintf(buf, 32, "%lld", (long long)v);
	else
		snprintf(buf, 32, "%.6g", v);
	return buf;
}

/* "file_frac" -> "file frac": no underscores in labels. */
static char *label(const char *name)
{
	char *s = strdup(name);

	if (!s)
		die_oom("a label");
	for (char *p = s; *p; p++)
		if (*p == '_')
			*p = ' ';
	return s;
}

static const char *field(const struct plotdata *pd, size_t r, int col)
{
	return pd->c->row[pd->row[r]].field[col];
}

static const char *get(const struct plotdata *pd, size_t r, const char *name)
{
	int col = csv_column(pd->c, name);

	return col < 0 ? "" : field(pd, r, col);
}

static const char *strat(const struct plotdata *pd, size_t r)
{
	return field(pd, r, pd->scol);
}

/* ---- rows: kept, sorted, counted ------------------------------------ */

static int row_cmp(const void *pa, const void *pb, void *arg)
{
	const struct plotdata *pd = arg;
	size_t a = *(const size_t *)pa, b = *(const size_t *)pb;

	for (size_t i = 0; i < pd->nsc; i++) {
		int c = pd->sc[i], d;

		if (c == pd->scol)
			d = (pd->rank[a] > pd->rank[b]) -
			    (pd->rank[a] < pd->rank[b]);
		else
			d = cmp_field(field(pd, a, c), field(pd, b, c));
		if (d)
			return d;
	}
	return (a > b) - (a < b);
}

/* Sort by the named columns (those the file has), then every parameter. */
static void sort_by(struct plotdata *pd, const char *a, const char *b,
		    const char *c)
{
	const char *names[] = { a, b, c };

	pd->nsc = 0;
	for (size_t i = 0; i < ARRAY_SIZE(names); i++) {
		int col = names[i] ? csv_column(pd->c, names[i]) : -1;

		if (col >= 0)
			pd->sc[pd->nsc++] = col;
	}
	for (size_t p = 0; p < pd->nparam && pd->nsc < ARRAY_SIZE(pd->sc); p++)
		pd->sc[pd->nsc++] = p;
}

/* The kept rows in sort order; returns how many. */
static size_t kept(struct plotdata *pd, size_t *idx)
{
	size_t n = 0;

	for (size_t r = 0; r < pd->nr; r++)
		if (pd->keep[r])
			idx[n++] = r;
	qsort_r(idx, n, sizeof(*idx), row_cmp, pd);
	return n;
}

/* How many distinct values column name has among the kept rows. */
static size_t distinct(const struct plotdata *pd, const char *name)
{
	size_t n = 0;

	for (size_t r = 0; r < pd->nr; r++) {
		size_t o;

		if (!pd->keep[r])
			continue;
		for (o = 0; o < r; o++)
			if (pd->keep[o] &&
			    !strcmp(get(pd, o, name), get(pd, r, name)))
				break;
		n += o == r;
	}
	return n;
}

static void keep_nonempty(struct plotdata *pd, const char *name)
{
	for (size_t r = 0; r < pd->nr; r++)
		if (pd->keep[r] && !*get(pd, r, name))
			pd->keep[r] = false;
}

/* Keeps the rows of the strategies in list (NULL-terminated). */
static void keep_strategies(struct plotdata *pd, const char *const *list)
{
	for (size_t r = 0; r < pd->nr; r++) {
		bool in = false;

		for (size_t i = 0; list[i]; i++)
			in |= !strcmp(strat(pd, r), list[i]);
		pd->keep[r] &= in;
	}
}

/* ---- lines of a graph ------------------------------------------------- */

static int group_of(struct plotdata *pd, const char *key)
{
	struct group *g;

	for (size_t i = 0; i < pd->nr_grp; i++)
		if (!strcmp(pd->grp[i].key, key))
			return i;
	g = realloc(pd->grp, (pd->nr_grp + 1) * sizeof(*g));
	if (!g)
		die_oom("the plot data");
	pd->grp = g;
	g = &pd->grp[pd->nr_grp];
	memset(g, 0, sizeof(*g));
	g->key = strdup(key);
	if (!g->key)
		die_oom("the plot data");
	return pd->nr_grp++;
}

/* Puts row r in the line called key, titled title. */
static struct group *join(struct plotdata *pd, size_t r, const char *key,
			  const char *title)
{
	int i = group_of(pd, key);
	struct group *g = &pd->grp[i];

	pd->gi[r] = i;

	if (!g->title || strcmp(g->title, title)) {
		free(g->title);
		g->title = strdup(title);
		if (!g->title)
			die_oom("the plot data");
	}
	return g;
}

/* A line per strategy, in its own point type. */
static void group_by_strategy(struct plotdata *pd, bool kept_only)
{
	for (size_t r = 0; r < pd->nr; r++) {
		if (kept_only && !pd->keep[r])
			continue;
		join(pd, r, strat(pd, r), strat(pd, r))->dt = 1;
	}
}

/* Line g has a value that no line before it has. */
static bool new_value(const struct plotdata *pd, size_t g)
{
	const char *v = pd->grp[g].value;

	if (!v || !*v)
		return false;
	for (size_t o = 0; o < g; o++)
		if (pd->grp[o].value && !strcmp(pd->grp[o].value, v))
			return false;
	return true;
}

/* 1 + how many of the lines' distinct values are below value. */
static int value_rank(const struct plotdata *pd, const char *value)
{
	int i = 1;

	for (size_t g = 0; g < pd->nr_grp; g++)
		i += new_value(pd, g) && less(pd->grp[g].value, value);
	return i;
}

/* How many distinct non-empty values the lines have. */
static int nr_values(const struct plotdata *pd)
{
	int n = 0;

	for (size_t g = 0; g < pd->nr_grp; g++)
		n += new_value(pd, g);
	return n;
}

static bool in_words(const char *name, const char *words)
{
	size_t n = strlen(name);

	for (const char *p = words; (p = strstr(p, name)); p += n)
		if ((p == words || p[-1] == ' ') && (!p[n] || p[n] == ' '))
			return true;
	return false;
}

/* Records "name value" once, in the order first met. */
static void note_fixed(struct plotdata *pd, const char *name, const char *value)
{
	char *item = label(name), *s, **f;

	if (asprintf(&s, "%s %s", item, value) < 0)
		die_oom("the plot data");
	free(item);
	for (size_t i = 0; i < pd->nr_fixed; i++) {
		if (!strcmp(pd->fixed[i], s)) {
			free(s);
			return;
		}
	}
	f = realloc(pd->fixed, (pd->nr_fixed + 1) * sizeof(*f));
	if (!f)
		die_oom("the plot data");
	pd->fixed = f;
	f[pd->nr_fixed++] = s;
}

/* The value parameter p is fixed at in each line: smallest, or largest. */
static void fix_one(struct plotdata *pd, size_t p, bool most)
{
	const char **m = calloc(pd->nr_grp + 1, sizeof(*m));

	if (!m)
		die_oom("the plot data");
	for (size_t r = 0; r < pd->nr; r++) {
		const char *x = field(pd, r, p), **mg = &m[pd->gi[r]];

		if (pd->keep[r] &&
		    (!*mg || (most ? less(*mg, x) : less(x, *mg))))
			*mg = x;
	}
	for (size_t r = 0; r < pd->nr; r++) {
		if (!pd->keep[r] || same(field(pd, r, p), m[pd->gi[r]]))
			continue;
		pd->keep[r] = false;
		note_fixed(pd, pd->c->col[p], m[pd->gi[r]]);
	}
	free(m);
}

/*
 * Within each line, every swept parameter outside the graph's own (the
 * names in free) is fixed at its smallest value (threads at its largest
 * with most_threads), one parameter after the other, and the note says so.
 */
static void fix_others(struct plotdata *pd, const char *free_names,
		       bool most_threads)
{
	for (size_t p = 0; p < pd->nparam; p++) {
		const char *name = pd->c->col[p];

		if (in_words(name, free_names) || (int)p == pd->scol ||
		    pd->dep[p])
			continue;
		fix_one(pd, p, most_threads && !strcmp(name, "threads"));
	}
	for (size_t i = 0; i < pd->nr_fixed; i++)
		sb_add(&pd->note, "%s%s",
		       i ? ", " : "other swept parameters fixed at: ",
		       pd->fixed[i]);
}

/* ---- output ----------------------------------------------------------- */

static void header(struct plotdata *pd, const char *title, const char *xlabel,
		   const char *ylabel)
{
	fprintf(pd->out, "# title: %s: %s\n# xlabel: %s\n# ylabel: %s\n",
		pd->suite, title, xlabel, ylabel);
	if (pd->note.len)
		fprintf(pd->out, "# note: %s\n", pd->note.s);
}

static void block_sep(struct plotdata *pd)
{
	if (pd->nblocks++)
		fputs("\n\n", pd->out);
}

/* The swept parameters besides the strategy. */
static size_t swept(const struct plotdata *pd, int *list)
{
	size_t n = 0;

	for (size_t p = 0; p < pd->nparam; p++)
		if ((int)p != pd->scol && pd->nvals[p] > 1 && !pd->dep[p])
			list[n++] = p;
	return n;
}

/* ---- bar charts --------------------------------------------------------- */

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

/* The cluster labels: "name value" per line, and the values alone. */
static void cluster_labels(const struct plotdata *pd, size_t r, const int *list,
			   size_t np, struct sb *lab, struct sb *shrt)
{
	for (size_t j = 0; j < np; j++) {
		char *l = label(pd->c->col[list[j]]);

		sb_add(lab, "%s%s %s", j ? "\\n" : "", l,
		       field(pd, r, list[j]));
		sb_add(shrt, "%s%s", j ? " / " : "", field(pd, r, list[j]));
		free(l);
	}
}

static bool same_cluster(const struct plotdata *pd, size_t a, size_t b,
			 const int *list, size_t np)
{
	for (size_t j = 0; j < np; j++)
		if (strcmp(field(pd, a, list[j]), field(pd, b, list[j])))
			return false;
	return true;
}

/* The xtics: strategy names for one cluster, else one label per cluster. */
static void bar_tics(struct plotdata *pd, struct bars *b, size_t *first,
		     size_t nclusters, const int *list, size_t np, bool compact)
{
	struct sb tics = { 0 };
	char x[32];

	for (size_t i = 0; nclusters == 1 && i < b->ns; i++)
		sb_add(&tics, "%s\"%s\" %zu", i ? ", " : "",
		       strat(pd, b->sk[i]), i + 1);
	for (size_t c = 0; nclusters > 1 && c < nclusters; c++) {
		struct sb lab = { 0 }, shrt = { 0 };

		cluster_labels(pd, first[c], list, np, &lab, &shrt);
		sb_add(&tics, "%s\"%s\" %s", c ? ", " : "",
		       compact ? sb_str(&shrt) : sb_str(&lab),
		       fmt_num(x, c * (b->ns + 1.0) + (b->ns + 1.0) / 2));
		free(lab.s);
		free(shrt.s);
	}
	fputs("# keys: ", pd->out);
	for (size_t i = 0; i < b->ns; i++)
		fprintf(pd->out, "%s%s", i ? " " : "", strat(pd, b->sk[i]));
	fprintf(pd->out, "\n# xtics: (%s)\n# clusters: %zu\n# rotate: %d\n",
		sb_str(&tics), nclusters, nclusters > 8);
	fprintf(pd->out, "# ticklines: %zu\n# xmax: %zu\n",
		nclusters > 1 && !compact ? np : 1, nclusters * (b->ns + 1));
	free(tics.s);
}

static int bars(struct plotdata *pd, struct bars *b, char *why, size_t len)
{
	int list[64];
	size_t np = swept(pd, list), nclusters = 0, *first;
	bool compact;

	memset(b, 0, sizeof(*b));
	b->row = calloc(pd->nr + 1, sizeof(*b->row));
	b->bx = calloc(pd->nr + 1, sizeof(*b->bx));
	b->sk = calloc(pd->nr + 1, sizeof(*b->sk));
	first = calloc(pd->nr + 1, sizeof(*first));
	if (!b->row || !b->bx || !b->sk || !first)
		die_oom("the plot data");
	sort_by(pd, NULL, NULL, NULL);
	b->n = kept(pd, b->row);
	bar_strategies(pd, b);
	/* Clusters in the order of their parameters: sort without strategy. */
	pd->nsc = np;
	memcpy(pd->sc, list, np * sizeof(*list));
	qsort_r(b->row, b->n, sizeof(*b->row), row_cmp, pd);
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
	compact = np > 1 && nclusters > 6;
	bar_tics(pd, b, first, nclusters, list, np, compact);
	for (size_t j = 0; j < np; j++) {
		char *l = label(pd->c->col[list[j]]);

		sb_add(&b->xname, "%s%s", j ? (compact ? " / " : ", ") : "", l);
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
	block_sep(pd);
	fprintf(pd->out, "# %s\n", strat(pd, b->sk[i]));
}

static bool in_block(const struct plotdata *pd, const struct bars *b, size_t i,
		     size_t r)
{
	return !strcmp(strat(pd, r), strat(pd, b->sk[i]));
}

/*
 * overhead: per bar x, overhead_pct, and the 95% CI of the strategy's
 * median as a change against none's median (ci / base - 1, in %).
 */
static int g_overhead(struct plotdata *pd, size_t *idx, char *why, size_t len)
{
	struct bars b;
	int ret;

	(void)idx; /* bars sort their own rows */
	keep_nonempty(pd, "overhead_pct");
	for (size_t r = 0; r < pd->nr; r++)
		pd->keep[r] &= !!strcmp(strat(pd, r), "none");
	if (!distinct(pd, "strategy"))
		return snprintf(
			       why, len,
			       "no `none` point at the same parameters in summary.csv"),
		       PLOTDATA_SKIP;
	ret = bars(pd, &b, why, len);
	if (!ret)
		header(pd, "rmap overhead against none",
		       xname_or(&b, "strategy"),
		       "overhead over none (%, ns per pte)");
	for (size_t i = 0; !ret && i < b.ns; i++) {
		bar_block(pd, &b, i);
		for (size_t j = 0; j < b.n; j++) {
			size_t r = b.row[j];
			const char *ov = get(pd, r, "overhead_pct");
			double base;

			if (!in_block(pd, &b, i, r))
				continue;
			base = num_of(get(pd, r, "ns_per_pte_median")) /
			       (1 + num_of(ov) / 100);
			fprintf(pd->out, "%zu %s %.3f %.3f\n", b.bx[r], ov,
				100 * (num_of(get(pd, r, "ns_per_pte_ci_lo")) /
					       base -
				       1),
				100 * (num_of(get(pd, r, "ns_per_pte_ci_hi")) /
					       base -
				       1));
		}
	}
	bars_free(&b);
	return ret;
}

/*
 * phases: per bar x, the fork median and CI, the exit median, and the
 * exit median and CI stacked on the fork median.
 */
static void phases_row(struct plotdata *pd, size_t r, size_t x)
{
	const char *f = get(pd, r, "fork_ns_per_pte_median");
	const char *e = get(pd, r, "exit_ns_per_pte_median");
	double fv = num_of(f);
	char a[32], b[32], c[32];

	fprintf(pd->out, "%zu %s %s %s %s %s %s %s\n", x, f,
		get(pd, r, "fork_ns_per_pte_ci_lo"),
		get(pd, r, "fork_ns_per_pte_ci_hi"), e,
		fmt_num(a, fv + num_of(e)),
		fmt_num(b, fv + num_of(get(pd, r, "exit_ns_per_pte_ci_lo"))),
		fmt_num(c, fv + num_of(get(pd, r, "exit_ns_per_pte_ci_hi"))));
}

static int g_phases(struct plotdata *pd, size_t *idx, char *why, size_t len)
{
	struct bars b;
	int ret;

	(void)idx; /* bars sort their own rows */
	keep_nonempty(pd, "fork_ns_per_pte_median");
	keep_nonempty(pd, "exit_ns_per_pte_median");
	if (!distinct(pd, "strategy"))
		return snprintf(why, len,
				"no fork and exit medians in summary.csv"),
		       PLOTDATA_SKIP;
	ret = bars(pd, &b, why, len);
	if (!ret)
		header(pd, "setup (fork) and teardown (exit) cost per pte",
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

/* ---- line graphs ------------------------------------------------------ */

/*
 * The distinct values of column name among the kept rows as xtics, their
 * ratio (for a log axis) and their span (for dodging lines apart).
 */
static void xtics_of(struct plotdata *pd, const char *name, size_t *idx)
{
	const char *last = NULL, *lo, *hi;
	char a[32];
	size_t n;

	sort_by(pd, name, NULL, NULL);
	pd->nsc = 1;
	n = kept(pd, idx);
	fputs("# xtics: (", pd->out);
	for (size_t i = 0; i < n; i++) {
		const char *v = get(pd, idx[i], name);

		if (last && same(v, last))
			continue;
		fprintf(pd->out, "%s\"%s\" %s", last ? ", " : "", v, v);
		last = v;
	}
	fputs(")\n", pd->out);
	if (!n)
		return;
	lo = get(pd, idx[0], name);
	hi = get(pd, idx[n - 1], name);
	if (is_num(lo) ? num_of(lo) > 0 : strcmp(lo, "0") > 0)
		fprintf(pd->out, "# xratio: %s\n",
			fmt_num(a, num_of(hi) / num_of(lo)));
	fprintf(pd->out, "# xspan: %s\n", fmt_num(a, num_of(hi) - num_of(lo)));
}

/* What lines() says about its blocks after them. */
struct legend {
	struct sb keys, titles, dts, pts, strats, walks;
};

static void legend_block(struct plotdata *pd, struct legend *l, size_t r)
{
	const struct group *g = &pd->grp[pd->gi[r]];
	char s[32];

	block_sep(pd);
	fprintf(pd->out, "# %s\n", g->title);
	sb_item(&l->keys, " ", strat(pd, r));
	sb_add(&l->titles, "%s\"%s\"", l->titles.len ? " " : "", g->title);
	sb_item(&l->dts, " ", fmt_num(s, g->dt));
	sb_item(&l->pts, " ", fmt_num(s, g->pt));
	if (!in_words(strat(pd, r), sb_str(&l->strats)))
		sb_item(&l->strats, " ", strat(pd, r));
}

static void legend_put(struct plotdata *pd, struct legend *l)
{
	fprintf(pd->out,
		"# keys: %s\n# titles: %s\n# dts: %s\n# pts: %s\n# strats: %s\n# walkblocks: %s\n",
		sb_str(&l->keys), sb_str(&l->titles), sb_str(&l->dts),
		sb_str(&l->pts), sb_str(&l->strats), sb_str(&l->walks));
	free(l->keys.s);
	free(l->titles.s);
	free(l->dts.s);
	free(l->pts.s);
	free(l->strats.s);
	free(l->walks.s);
}

/* One point of a line: x, then each column ("=ref": the reference). */
static void line_point(struct plotdata *pd, size_t r, const char *x,
		       const char *const *cols)
{
	char buf[32];

	fputs(get(pd, r, x), pd->out);
	for (size_t i = 0; cols[i]; i++) {
		const char *v = !strcmp(cols[i], "=ref") ?
					fmt_num(buf, pd->ref[r]) :
					get(pd, r, cols[i]);

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

	sort_by(pd, "strategy", pd->sortkey, x);
	n = kept(pd, idx);
	for (size_t i = 0; i < n; i++) {
		size_t r = idx[i];

		if (!i || pd->gi[r] != pd->gi[idx[i - 1]]) {
			legend_block(pd, &l, r);
			nb++;
		}
		if (*get(pd, r, "chain_walk_avg_median") && last_walk != nb) {
			sb_item(&l.walks, " ", fmt_num(s, nb));
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

	sort_by(pd, "strategy", "threads", NULL);
	n = kept(pd, idx);
	for (size_t i = 0; i < n; i++) {
		size_t r = idx[i];

		if (!i || pd->gi[r] != pd->gi[idx[first]])
			first = i;
		pd->ref[r] = num_of(get(pd, idx[first], "forks_per_s_median")) *
			     num_of(get(pd, r, "threads")) /
			     num_of(get(pd, idx[first], "threads"));
	}
}

/* throughput: threads, forks/s median and CI, the linear reference. */
static int g_throughput(struct plotdata *pd, size_t *idx, char *why, size_t len)
{
	static const char *const cols[] = { "forks_per_s_median",
					    "forks_per_s_ci_lo",
					    "forks_per_s_ci_hi", "=ref", NULL };

	keep_nonempty(pd, "forks_per_s_median");
	if (distinct(pd, "threads") < 2)
		return snprintf(
			       why, len,
			       "one thread count in summary.csv (needs a --threads sweep)"),
		       PLOTDATA_SKIP;
	group_by_strategy(pd, false);
	fix_others(pd, "threads", false);
	linear_ref(pd, idx);
	header(pd, "fork throughput against threads", "driver threads",
	       "forks per second (wall clock)");
	xtics_of(pd, "threads", idx);
	lines(pd, "threads", cols, idx);
	return 0;
}

/*
 * locktable: locks, ns per pte median and CI; hashed is one line, padded
 * and batched one per lock stride (dash and point by the stride's rank).
 */
static int g_locktable(struct plotdata *pd, size_t *idx, char *why, size_t len)
{
	static const char *const locked[] = { "hashed", "padded", "batched",
					      NULL };

	keep_strategies(pd, locked);
	if (distinct(pd, "locks") < 2)
		return snprintf(why, len, "no --locks sweep in summary.csv"),
		       PLOTDATA_SKIP;
	for (size_t r = 0; r < pd->nr; r++) {
		const char *s = strat(pd, r), *sv = get(pd, r, "lock_stride");
		char *key, *title;
		struct group *g;

		if (!pd->keep[r])
			continue;
		if (!strcmp(s, "hashed")) {
			join(pd, r, s, "hashed (packed)")->dt = 1;
			continue;
		}
		if (asprintf(&key, "%s %s", s, sv) < 0 ||
		    asprintf(&title, "%s, %s B stride", s, sv) < 0)
			die_oom("the plot data");
		g = join(pd, r, key, title);
		if (!g->value && !(g->value = strdup(sv)))
			die_oom("the plot data");
		free(key);
		free(title);
	}
	for (size_t g = 0; g < pd->nr_grp; g++) {
		int i;

		if (!pd->grp[g].value)
			continue;
		i = value_rank(pd, pd->grp[g].value);
		pd->grp[g].dt = i + 1;
		pd->grp[g].pt = 2 * i + 3;
	}
	fix_others(pd, "locks lock_stride", false);
	pd->sortkey = "lock_stride";
	header(pd, "ns per pte against the number of rmap locks",
	       "rmap locks (--locks, log scale)", ns_ylabel);
	xtics_of(pd, "locks", idx);
	lines(pd, "locks", ns_cols, idx);
	return 0;
}

/* awk's truth of a field: a number other than 0, or any other text. */
static bool truth(const char *s)
{
	return is_num(s) ? num_of(s) != 0 : *s;
}

/* batch: batch, ns per pte median and CI, chain walk; a line per shift. */
static int g_batch(struct plotdata *pd, size_t *idx, char *why, size_t len)
{
	static const char *const batched[] = { "batched", NULL };

	keep_strategies(pd, batched);
	if (distinct(pd, "batch") < 2)
		return snprintf(why, len,
				"no --batch sweep of batched in summary.csv"),
		       PLOTDATA_SKIP;
	for (size_t r = 0; r < pd->nr; r++) {
		const char *sh = get(pd, r, "lock_shift");
		char *key, *title;
		struct group *g;

		if (!pd->keep[r])
			continue;
		if (asprintf(&key, "shift %s", sh) < 0 ||
		    asprintf(&title, "shift %s: %d page%s/lock", sh,
			     (int)pow(2, num_of(sh)), truth(sh) ? "s" : "") < 0)
			die_oom("the plot data");
		g = join(pd, r, key, title);
		if (!g->value && !(g->value = strdup(sh)))
			die_oom("the plot data");
		free(key);
		free(title);
	}
	for (size_t g = 0; g < pd->nr_grp; g++) {
		int i = value_rank(pd, pd->grp[g].value);

		pd->grp[g].dt = i;
		pd->grp[g].pt = 2 * i + 3;
	}
	fix_others(pd, "batch lock_shift", false);
	pd->sortkey = "lock_shift";
	header(pd, "ns per pte of batched against its chain-node batch",
	       "chain nodes taken at once (--batch, log scale)", ns_ylabel);
	xtics_of(pd, "batch", idx);
	lines(pd, "batch", walk_cols, idx);
	return 0;
}

/* A line per strategy and value of other; returns whether any walked. */
static bool sharing_lines(struct plotdata *pd, const char *other)
{
	bool walk = false;

	for (size_t r = 0; r < pd->nr; r++) {
		const char *s = strat(pd, r),
			   *sv = *other ? get(pd, r, other) : "";
		char *key, *title, *l = label(other);
		struct group *g;

		if (!pd->keep[r]) {
			free(l);
			continue;
		}
		if (asprintf(&key, "%s %s", s, sv) < 0 ||
		    (*other ? asprintf(&title, "%s, %s %s", s, l, sv) :
			      asprintf(&title, "%s", s)) < 0)
			die_oom("the plot data");
		g = join(pd, r, key, title);
		if (!g->value && !(g->value = strdup(sv)))
			die_oom("the plot data");
		walk |= !!*get(pd, r, "chain_walk_avg_median");
		free(key);
		free(title);
		free(l);
	}
	return walk;
}

/* The legend of the other knob: its values in order, by dash and point. */
static void sharing_series(struct plotdata *pd, const char *other,
			   struct sb *leg)
{
	char **legd = calloc(pd->nr_grp + 2, sizeof(*legd));
	char *l = label(other);
	int n = nr_values(pd);

	if (!legd)
		die_oom("the plot data");
	for (size_t g = 0; g < pd->nr_grp; g++) {
		int i = value_rank(pd, pd->grp[g].value);

		pd->grp[g].dt = i;
		pd->grp[g].pt = 2 * i + 3;
		if (*other && i <= (int)pd->nr_grp && !legd[i] &&
		    asprintf(&legd[i], "\"%s %s\"", l, pd->grp[g].value) < 0)
			die_oom("the plot data");
	}
	for (int i = 1; i <= n && i <= (int)pd->nr_grp; i++)
		sb_add(leg, "%s%s", i > 1 ? " " : "", legd[i] ? legd[i] : "");
	for (size_t i = 0; i < pd->nr_grp + 2; i++)
		free(legd[i]);
	free(legd);
	free(l);
}

/*
 * chainlength: x (children per fork, else the file share), ns per pte
 * median and CI, chain walk; a line per strategy and value of the other.
 */
static int g_chainlength(struct plotdata *pd, size_t *idx, char *why,
			 size_t len)
{
	const char *x = "children", *other = "file_frac";
	struct sb leg = { 0 };
	char *free_names;
	bool walk;

	keep_nonempty(pd, "ns_per_pte_median");
	if (distinct(pd, "children") < 2) {
		x = "file_frac";
		other = "children";
	}
	if (distinct(pd, x) < 2)
		return snprintf(
			       why, len,
			       "no --children or --file-frac sweep in summary.csv"),
		       PLOTDATA_SKIP;
	if (distinct(pd, other) < 2)
		other = "";
	walk = sharing_lines(pd, other);
	sharing_series(pd, other, &leg);
	if (asprintf(&free_names, "%s %s", x, other) < 0)
		die_oom("the plot data");
	fix_others(pd, free_names, false);
	free(free_names);
	pd->sortkey = other;
	header(pd, "cost against sharing",
	       !strcmp(x, "children") ?
		       "live children per fork round (--children, log scale)" :
		       "share of each process's pages from the shared file (--file-frac)",
	       ns_ylabel);
	fprintf(pd->out, "# series: %s\n# logx: %d\n# walk: %d\n", sb_str(&leg),
		!strcmp(x, "children"), walk);
	free(leg.s);
	xtics_of(pd, x, idx);
	lines(pd, x, walk_cols, idx);
	return 0;
}

/* A latency figure gnuplot can put on a log axis, else missing. */
static const char *pos_or_missing(const char *x)
{
	return *x && num_of(x) > 0 ? x : "?";
}

/* A point per strategy, the others fixed (threads at the most). */
static void one_per_strategy(struct plotdata *pd)
{
	group_by_strategy(pd, false);
	fix_others(pd, "", true);
}

/* Blocks of one row per strategy, in strategy order. */
static size_t strategy_rows(struct plotdata *pd, size_t *idx)
{
	sort_by(pd, "strategy", NULL, NULL);
	return kept(pd, idx);
}

static void put_keys(struct plotdata *pd, const size_t *idx, size_t n)
{
	fputs("# keys: ", pd->out);
	for (size_t i = 0; i < n; i++)
		fprintf(pd->out, "%s%s", i ? " " : "", strat(pd, idx[i]));
	fputc('\n', pd->out);
}

/* latency: 1..4 for p50, p90, p99, p99.9; the fork and exit medians. */
static int g_latency(struct plotdata *pd, size_t *idx, char *why, size_t len)
{
	static const char *const p[] = { "p50", "p90", "p99", "p999" };
	size_t n;

	keep_nonempty(pd, "fork_p50_ns_median");
	if (!distinct(pd, "strategy"))
		return snprintf(
			       why, len,
			       "no latency percentiles in summary.csv (run without --no-stats)"),
		       PLOTDATA_SKIP;
	one_per_strategy(pd);
	if (pd->note.len) {
		struct sb n = { 0 };

		sb_add(&n, "one point per strategy; %s", pd->note.s);
		free(pd->note.s);
		pd->note = n;
	}
	header(pd, "fork and exit latency percentiles", "percentile",
	       "latency of one fork or exit (ns, log scale)");
	n = strategy_rows(pd, idx);
	for (size_t i = 0; i < n; i++) {
		block_sep(pd);
		fprintf(pd->out, "# %s\n", strat(pd, idx[i]));
		for (size_t k = 0; k < ARRAY_SIZE(p); k++) {
			char f[32], e[32];

			snprintf(f, sizeof(f), "fork_%s_ns_median", p[k]);
			snprintf(e, sizeof(e), "exit_%s_ns_median", p[k]);
			fprintf(pd->out, "%zu %s %s\n", k + 1,
				pos_or_missing(get(pd, idx[i], f)),
				pos_or_missing(get(pd, idx[i], e)));
		}
	}
	put_keys(pd, idx, n);
	return 0;
}

/*
 * reclaim: a point per strategy: ns per pte median, pages scanned per
 * second, the ns per pte CI.
 */
static int g_reclaim(struct plotdata *pd, size_t *idx, char *why, size_t len)
{
	size_t n;

	keep_nonempty(pd, "reclaim_pages_per_s_median");
	if (!distinct(pd, "strategy"))
		return snprintf(
			       why, len,
			       "no scanner figures in summary.csv (run with --reclaim 1 or more)"),
		       PLOTDATA_SKIP;
	one_per_strategy(pd);
	header(pd, "fork+exit cost against page-scanner speed",
	       "ns per pte (fork + exit, summed over threads)",
	       "pages scanned per second (page_referenced)");
	n = strategy_rows(pd, idx);
	for (size_t i = 0; i < n; i++) {
		size_t r = idx[i];

		block_sep(pd);
		fprintf(pd->out, "# %s\n%s %s %s %s\n", strat(pd, r),
			get(pd, r, "ns_per_pte_median"),
			get(pd, r, "reclaim_pages_per_s_median"),
			get(pd, r, "ns_per_pte_ci_lo"),
			get(pd, r, "ns_per_pte_ci_hi"));
	}
	put_keys(pd, idx, n);
	return 0;
}

/* ---- the summary ------------------------------------------------------ */

/* A row whose every repetition failed has n 0 (or empty): not a point. */
static bool measured(const char *n)
{
	return *n && !(is_num(n) && num_of(n) == 0);
}

/* Strategy ranks: the table's order, unknown ones in order of appearance. */
static void rank_strategies(struct plotdata *pd)
{
	unsigned int next = nr_strategies;

	for (size_t r = 0; r < pd->nr; r++) {
		size_t o;

		pd->rank[r] = strategy_rank(strat(pd, r));
		if (pd->rank[r] < nr_strategies)
			continue;
		for (o = 0; o < r; o++)
			if (!strcmp(strat(pd, o), strat(pd, r)))
				break;
		pd->rank[r] = o < r ? pd->rank[o] : next++;
	}
}

static int str_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* How many distinct values parameter p has over the measured points. */
static size_t count_values(const struct plotdata *pd, size_t p, const char **v)
{
	size_t n = 0;

	for (size_t r = 0; r < pd->nr; r++)
		v[r] = field(pd, r, p);
	qsort(v, pd->nr, sizeof(*v), str_cmp);
	for (size_t r = 0; r < pd->nr; r++)
		n += !r || strcmp(v[r], v[r - 1]);
	return n;
}

/* Parameter p is a function of o over every point. */
struct pair {
	const char *o, *p;
};

static int pair_cmp(const void *a, const void *b)
{
	const struct pair *x = a, *y = b;
	int d = strcmp(x->o, y->o);

	return d ? d : strcmp(x->p, y->p);
}

static bool follows(const struct plotdata *pd, size_t p, size_t o,
		    struct pair *pr)
{
	for (size_t r = 0; r < pd->nr; r++)
		pr[r] = (struct pair){ field(pd, r, o), field(pd, r, p) };
	qsort(pr, pd->nr, sizeof(*pr), pair_cmp);
	for (size_t r = 1; r < pd->nr; r++)
		if (!strcmp(pr[r].o, pr[r - 1].o) &&
		    strcmp(pr[r].p, pr[r - 1].p))
			return false;
	return true;
}

/*
 * A swept parameter that follows an earlier one (loops = threads when
 * --loops is left at its default) is not a dimension of its own.
 */
static void find_dependent(struct plotdata *pd)
{
	struct pair *pr = calloc(pd->nr + 1, sizeof(*pr));

	if (!pr)
		die_oom("the plot data");
	for (size_t p = 0; p < pd->nparam; p++) {
		if ((int)p == pd->scol || pd->nvals[p] < 2)
			continue;
		for (size_t o = 0; o < p && !pd->dep[p]; o++)
			if ((int)o != pd->scol && pd->nvals[o] >= 2 &&
			    !pd->dep[o])
				pd->dep[p] = follows(pd, p, o, pr);
	}
	free(pr);
}

static int pd_init(struct plotdata *pd, const struct csv *c, char *why,
		   size_t len)
{
	int n = csv_column(c, "n");
	const char **v;

	memset(pd, 0, sizeof(*pd));
	pd->c = c;
	pd->scol = csv_column(c, "strategy");
	if (n < 0 || pd->scol < 0 || csv_column(c, "ns_per_pte_median") < 0)
		return usage_fail(
			why, len,
			"%s: not a summary CSV (no strategy, n and ns_per_pte_median columns); run 'rmapbench summarize'",
			c->path);
	pd->nparam = n;
	pd->row = calloc(c->nr_rows + 1, sizeof(*pd->row));
	pd->rank = calloc(c->nr_rows + 1, sizeof(*pd->rank));
	pd->keep = calloc(c->nr_rows + 1, sizeof(*pd->keep));
	pd->gi = calloc(c->nr_rows + 1, sizeof(*pd->gi));
	pd->ref = calloc(c->nr_rows + 1, sizeof(*pd->ref));
	pd->nvals = calloc(n + 1, sizeof(*pd->nvals));
	pd->dep = calloc(n + 1, sizeof(*pd->dep));
	v = calloc(c->nr_rows + 1, sizeof(*v));
	if (!pd->row || !pd->rank || !pd->keep || !pd->gi || !pd->ref ||
	    !pd->nvals || !pd->dep || !v)
		die_oom("the plot data");
	for (size_t r = 0; r < c->nr_rows; r++)
		if (measured(c->row[r].field[n]))
			pd->row[pd->nr++] = r;
	for (size_t r = 0; r < pd->nr; r++)
		pd->keep[r] = true;
	for (size_t p = 0; p < pd->nparam; p++)
		pd->nvals[p] = count_values(pd, p, v);
	free(v);
	rank_strategies(pd);
	find_dependent(pd);
	return 0;
}

static void pd_free(struct plotdata *pd)
{
	for (size_t g = 0; g < pd->nr_grp; g++) {
		free(pd->grp[g].key);
		free(pd->grp[g].title);
		free(pd->grp[g].value);
	}
	for (size_t i = 0; i < pd->nr_fixed; i++)
		free(pd->fixed[i]);
	free(pd->fixed);
	free(pd->grp);
	free(pd->note.s);
	free(pd->row);
	free(pd->rank);
	free(pd->keep);
	free(pd->gi);
	free(pd->ref);
	free(pd->nvals);
	free(pd->dep);
}

/* modern: its table is modern.c's, from the summary as it is. */
static int g_modern(struct plotdata *pd, size_t *idx, char *why, size_t len)
{
	(void)idx;
	return modern_plotdata(pd->c, pd->suite, pd->out, why, len);
}

/*
 * The graphs plot/plot.sh draws, in the order report shows them: the one
 * list of them (results.h).
 */
const struct graph_info graphs[] = {
	{ "overhead",
	  "rmap overhead over none, in % of ns per pte; error bars: the 95% CI of the strategy's median against none's median.",
	  g_overhead },
	{ "throughput",
	  "Forks per second (wall clock) against driver threads; dashed: linear scaling from each strategy's fewest-threads figure.",
	  g_throughput },
	{ "phases",
	  "What one pte costs at fork (setup, solid) and at exit (teardown, lighter), stacked per strategy, with the CI of each median.",
	  g_phases },
	{ "locktable",
	  "ns per pte against the number of rmap locks: hashed (packed) and padded at each lock stride.",
	  g_locktable },
	{ "batch",
	  "batched: ns per pte against the chain nodes taken at once, a line per lock shift.",
	  g_batch },
	{ "chainlength",
	  "Cost and pte-chain length against sharing: live children per fork and the file share of each process.",
	  g_chainlength },
	{ "latency",
	  "Latency percentiles of one fork and one exit (ns, log scale).",
	  g_latency },
	{ "reclaim",
	  "Each strategy's fork+exit cost per pte against the pages per second a scanner thread running beside it got through (none has no reverse map: its scanner only clears a flag).",
	  g_reclaim },
	{ "modern",
	  "Today's fork path.  Left: forks per second against driver threads.  Right: folio-batched's gain over folio in forks per second against the vmas mapping each file, a line per thread count; shaded, the 2026 RFC's 2-7% (512 threads, doexec).",
	  g_modern },
};
const size_t nr_graphs = ARRAY_SIZE(graphs);

static int draw(struct plotdata *pd, const char *graph, char *why, size_t len)
{
	int g = graph_find(graph), ret;
	size_t *idx;

	if (g < 0)
		return usage_fail(why, len,
				  "unknown graph '%s'; graphs are: %s", graph,
				  graph_names());
	if (!pd->nr)
		return snprintf(why, len, "no measured points in summary.csv"),
		       PLOTDATA_SKIP;
	idx = calloc(pd->nr + 1, sizeof(*idx));
	if (!idx)
		die_oom("the plot data");
	ret = graphs[g].table(pd, idx, why, len);
	free(idx);
	return ret;
}

int plotdata_write(const struct csv *sum, const char *suite, const char *graph,
		   FILE *out, char *why, size_t len)
{
	struct plotdata pd;
	char *buf = NULL;
	size_t size = 0;
	int ret;

	ret = pd_init(&pd, sum, why, len);
	if (ret)
		return ret;
	/* The table is built aside: a skipped graph writes nothing. */
	pd.suite = suite;
	pd.out = open_memstream(&buf, &size);
	if (!pd.out)
		die_oom("the plot data");
	ret = draw(&pd, graph, why, len);
	fclose(pd.out);
	if (ret == PLOTDATA_DRAWN)
		fwrite(buf, 1, size, out);
	free(buf);
	pd_free(&pd);
	return ret;
}
