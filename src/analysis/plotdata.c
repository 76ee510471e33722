// SPDX-License-Identifier: GPL-2.0
/*
 * The plot data: from a summary CSV, the small table each gnuplot script
 * in plot/ draws (graphs.c has the list of graphs and writes a table).
 * This file holds what every table is made of: the measured points read
 * from the summary, their fields, and the rows a graph keeps and sorts;
 * plotdata_group.c the lines of a graph and the note under it.
 *
 * Values from the summary are copied as written; computed ones are printed
 * as awk prints them (an integer as one, else %.6g), and fields compare
 * as awk compares them, so that a graph does not change with the
 * language that prepared its data.
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
#include "plotdata_impl.h"
#include "results.h"
#include "strategy/strategy.h"

__attribute__((format(printf, 2, 3))) void pd_sb_add(struct sb *b,
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
void pd_sb_item(struct sb *b, const char *sep, const char *s)
{
	pd_sb_add(b, "%s%s", b->len ? sep : "", s);
}

const char *pd_sb_str(const struct sb *b)
{
	return b->s ? b->s : "";
}

/* ---- awk's view of a field ------------------------------------------ */

/* The number awk would see in s: its leading decimal, else 0. */
double pd_num_of(const char *s)
{
	return strtod(s, NULL);
}

/* awk's test of whether a field is a number. */
bool pd_is_num(const char *s)
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
	if (pd_is_num(x) && pd_is_num(y)) {
		double a = pd_num_of(x), b = pd_num_of(y);

		return (a > b) - (a < b);
	}
	return strcmp(x, y) < 0 ? -1 : strcmp(x, y) > 0;
}

bool pd_less(const char *x, const char *y)
{
	return cmp_field(x, y) < 0;
}

bool pd_same(const char *x, const char *y)
{
	return !cmp_field(x, y);
}

/* A computed number as awk prints it: integers whole, else %.6g. */
const char *pd_fmt_num(char buf[32], double v)
{
	if (fabs(v) < 1e15 && v == (double)(long long)v)
		snprintf(buf, 32, "%lld", (long long)v);
	else
		snprintf(buf, 32, "%.6g", v);
	return buf;
}

/* "file_frac" -> "file frac": no underscores in labels. */
char *pd_label(const char *name)
{
	char *s = strdup(name);

	if (!s)
		die_oom("a label");
	for (char *p = s; *p; p++)
		if (*p == '_')
			*p = ' ';
	return s;
}

const char *pd_field(const struct plotdata *pd, size_t r, int col)
{
	return pd->c->row[pd->row[r]].field[col];
}

const char *pd_get(const struct plotdata *pd, size_t r, const char *name)
{
	int col = csv_column(pd->c, name);

	return col < 0 ? "" : pd_field(pd, r, col);
}

const char *pd_strat(const struct plotdata *pd, size_t r)
{
	return pd_field(pd, r, pd->scol);
}

/* ---- rows: kept, sorted, counted ------------------------------------ */

int pd_row_cmp(const void *pa, const void *pb, void *arg)
{
	const struct plotdata *pd = arg;
	size_t a = *(const size_t *)pa, b = *(const size_t *)pb;

	for (size_t i = 0; i < pd->nsc; i++) {
		int c = pd->sc[i], d;

		if (c == pd->scol)
			d = (pd->rank[a] > pd->rank[b]) -
			    (pd->rank[a] < pd->rank[b]);
		else
			d = cmp_field(pd_field(pd, a, c), pd_field(pd, b, c));
		if (d)
			return d;
	}
	return (a > b) - (a < b);
}

/* Sort by the named columns (those the file has), then every parameter. */
static void sort_by(struct plotdata *pd, const char *const *names, size_t n)
{
	pd->nsc = 0;
	for (size_t i = 0; i < n; i++) {
		int col = names[i] ? csv_column(pd->c, names[i]) : -1;

		if (col >= 0)
			pd->sc[pd->nsc++] = col;
	}
	for (size_t p = 0; p < pd->nparam && pd->nsc < ARRAY_SIZE(pd->sc); p++)
		pd->sc[pd->nsc++] = p;
}

void pd_sort_by(struct plotdata *pd, const char *a, const char *b,
		const char *c)
{
	const char *names[] = { a, b, c };

	sort_by(pd, names, ARRAY_SIZE(names));
}

/*
 * The points of each line together, lines in strategy order, then by
 * sortkey, measured before modelled: the points of a line in order of x.
 */
void pd_sort_lines(struct plotdata *pd, const char *sortkey, const char *x)
{
	const char *names[] = { "strategy", sortkey, "mode", "machine", x };

	sort_by(pd, names, ARRAY_SIZE(names));
}

/* The kept rows in sort order; returns how many. */
size_t pd_kept(struct plotdata *pd, size_t *idx)
{
	size_t n = 0;

	for (size_t r = 0; r < pd->nr; r++)
		if (pd->keep[r])
			idx[n++] = r;
	qsort_r(idx, n, sizeof(*idx), pd_row_cmp, pd);
	return n;
}

/* How many distinct values column name has among the kept rows. */
size_t pd_distinct(const struct plotdata *pd, const char *name)
{
	size_t n = 0;

	for (size_t r = 0; r < pd->nr; r++) {
		size_t o;

		if (!pd->keep[r])
			continue;
		for (o = 0; o < r; o++)
			if (pd->keep[o] &&
			    !strcmp(pd_get(pd, o, name), pd_get(pd, r, name)))
				break;
		n += o == r;
	}
	return n;
}

void pd_keep_nonempty(struct plotdata *pd, const char *name)
{
	for (size_t r = 0; r < pd->nr; r++)
		if (pd->keep[r] && !*pd_get(pd, r, name))
			pd->keep[r] = false;
}

/* Keeps the rows of the strategies in list (NULL-terminated). */
void pd_keep_strategies(struct plotdata *pd, const char *const *list)
{
	for (size_t r = 0; r < pd->nr; r++) {
		bool in = false;

		for (size_t i = 0; list[i]; i++)
			in |= !strcmp(pd_strat(pd, r), list[i]);
		pd->keep[r] &= in;
	}
}

/* name is one of the blank-separated words. */
bool pd_in_words(const char *name, const char *words)
{
	size_t n = strlen(name);

	for (const char *p = words; (p = strstr(p, name)); p += n)
		if ((p == words || p[-1] == ' ') && (!p[n] || p[n] == ' '))
			return true;
	return false;
}

/* ---- output ----------------------------------------------------------- */

void pd_block_sep(struct plotdata *pd)
{
	if (pd->nblocks++)
		fputs("\n\n", pd->out);
}

/* The swept parameters besides the strategy. */
size_t pd_swept(const struct plotdata *pd, int *list)
{
	size_t n = 0;

	for (size_t p = 0; p < pd->nparam; p++)
		if ((int)p != pd->scol && pd->nvals[p] > 1 && !pd->dep[p])
			list[n++] = p;
	return n;
}

/* ---- the summary ------------------------------------------------------ */

/* A row whose every repetition failed has n 0 (or empty): not a point. */
static bool measured(const char *n)
{
	return *n && !(pd_is_num(n) && pd_num_of(n) == 0);
}

/* Strategy ranks: the table's order, unknown ones in order of appearance. */
static void rank_strategies(struct plotdata *pd)
{
	unsigned int next = nr_strategies;

	for (size_t r = 0; r < pd->nr; r++) {
		size_t o;

		pd->rank[r] = strategy_rank(pd_strat(pd, r));
		if (pd->rank[r] < nr_strategies)
			continue;
		for (o = 0; o < r; o++)
			if (!strcmp(pd_strat(pd, o), pd_strat(pd, r)))
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
		v[r] = pd_field(pd, r, p);
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
		pr[r] = (struct pair){ pd_field(pd, r, o), pd_field(pd, r, p) };
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

int pd_init(struct plotdata *pd, const struct csv *c, char *why,
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

void pd_free(struct plotdata *pd)
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
