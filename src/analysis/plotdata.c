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
struct group *pd_join(struct plotdata *pd, size_t r, const char *key,
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
void pd_group_by_strategy(struct plotdata *pd, bool kept_only)
{
	for (size_t r = 0; r < pd->nr; r++) {
		if (kept_only && !pd->keep[r])
			continue;
		pd_join(pd, r, pd_strat(pd, r), pd_strat(pd, r))->dt = 1;
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
int pd_value_rank(const struct plotdata *pd, const char *value)
{
	int i = 1;

	for (size_t g = 0; g < pd->nr_grp; g++)
		i += new_value(pd, g) && pd_less(pd->grp[g].value, value);
	return i;
}

/* How many distinct non-empty values the lines have. */
int pd_nr_values(const struct plotdata *pd)
{
	int n = 0;

	for (size_t g = 0; g < pd->nr_grp; g++)
		n += new_value(pd, g);
	return n;
}

bool pd_in_words(const char *name, const char *words)
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
	char *item = pd_label(name), *s, **f;

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

/* Rows a and b are at the same x: the graph's own columns fc[0..nf). */
static bool same_x(const struct plotdata *pd, size_t a, size_t b, const int *fc,
		   size_t nf)
{
	for (size_t i = 0; i < nf; i++)
		if (strcmp(pd_field(pd, a, fc[i]), pd_field(pd, b, fc[i])))
			return false;
	return true;
}

/*
 * Parameter p tells two kept points of one line at the same x apart: it
 * must be fixed.  One that only changes along a line (loops in a suite
 * whose last sweep sets it apart from threads) leaves every x one point.
 */
static bool varies_at_x(const struct plotdata *pd, size_t p, const int *fc,
			size_t nf)
{
	for (size_t r = 0; r < pd->nr; r++)
		for (size_t o = 0; pd->keep[r] && o < r; o++)
			if (pd->keep[o] && pd->gi[o] == pd->gi[r] &&
			    same_x(pd, o, r, fc, nf) &&
			    strcmp(pd_field(pd, o, p), pd_field(pd, r, p)))
				return true;
	return false;
}

/* Parameter p has two values among the kept rows of one line. */
static bool varies_in_line(const struct plotdata *pd, size_t p)
{
	return varies_at_x(pd, p, NULL, 0);
}

/* The value parameter p is fixed at in each line: smallest, or largest. */
static void fix_one(struct plotdata *pd, size_t p, bool most)
{
	const char **m = calloc(pd->nr_grp + 1, sizeof(*m));

	if (!m)
		die_oom("the plot data");
	for (size_t r = 0; r < pd->nr; r++) {
		const char *x = pd_field(pd, r, p), **mg = &m[pd->gi[r]];

		if (pd->keep[r] &&
		    (!*mg || (most ? pd_less(*mg, x) : pd_less(x, *mg))))
			*mg = x;
	}
	for (size_t r = 0; r < pd->nr; r++) {
		if (!pd->keep[r] || pd_same(pd_field(pd, r, p), m[pd->gi[r]]))
			continue;
		pd->keep[r] = false;
		note_fixed(pd, pd->c->col[p], m[pd->gi[r]]);
	}
	free(m);
}

/*
 * Within each line, every swept parameter outside the graph's own (the
 * names in free) that tells points at one x apart is fixed at its
 * smallest value (threads at its largest with most_threads), one
 * parameter after the other, and the note says so; one that only changes
 * along a line is named in the note.
 */
void pd_fix_others(struct plotdata *pd, const char *free_names,
		   bool most_threads)
{
	struct sb along = { 0 };
	int fc[64];
	size_t nf = 0;

	for (size_t p = 0; p < pd->nparam && nf < ARRAY_SIZE(fc); p++)
		if (pd_in_words(pd->c->col[p], free_names))
			fc[nf++] = p;
	for (size_t p = 0; p < pd->nparam; p++) {
		const char *name = pd->c->col[p];

		if (pd_in_words(name, free_names) || (int)p == pd->scol ||
		    pd->dep[p])
			continue;
		if (varies_at_x(pd, p, fc, nf))
			fix_one(pd, p,
				most_threads && !strcmp(name, "threads"));
		else if (varies_in_line(pd, p))
			pd_sb_item(&along, ", ", name);
	}
	for (size_t i = 0; i < pd->nr_fixed; i++)
		pd_sb_add(&pd->note, "%s%s",
			  i ? ", " : "other swept parameters fixed at: ",
			  pd->fixed[i]);
	if (along.len)
		pd_sb_add(&pd->note, "%salong a line, %s change%s too",
			  pd->note.len ? "; " : "", along.s,
			  strchr(along.s, ',') ? "" : "s");
	free(along.s);
}

/* ---- modelled and measured ---------------------------------------------- */

/* Row r is a modelled point (--mode model), not a measurement. */
bool pd_modelled(const struct plotdata *pd, size_t r)
{
	return !strcmp(pd_get(pd, r, "mode"), "model");
}

/* The machine of row r: "host" in files from before --mode model. */
const char *pd_machine(const struct plotdata *pd, size_t r)
{
	const char *m = pd_get(pd, r, "machine");

	return *m ? m : "host";
}

static int name_cmp(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* The machines the kept modelled rows ran on, sorted; returns how many. */
static size_t modelled_machines(const struct plotdata *pd, const char **m)
{
	size_t n = 0;

	for (size_t r = 0; r < pd->nr; r++) {
		size_t i;

		if (!pd->keep[r] || !pd_modelled(pd, r))
			continue;
		for (i = 0; i < n && strcmp(m[i], pd_machine(pd, r)); i++)
			;
		if (i == n)
			m[n++] = pd_machine(pd, r);
	}
	qsort(m, n, sizeof(*m), name_cmp);
	return n;
}

static int machine_rank(const char **m, size_t n, const char *name)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(m[i], name))
			return i + 1;
	return 0;
}

/*
 * Modelled figures never pass for measured ones: when the kept rows hold
 * a modelled point, each line is split by mode and machine (so no line
 * joins two machines), and its title ends in "(measured)" or
 * "(model: MACHINE)".  A graph without modelled points is left as it was.
 */
void pd_split_by_machine(struct plotdata *pd)
{
	const char **m = calloc(pd->nr + 1, sizeof(*m));
	size_t nm;

	if (!m)
		die_oom("the plot data");
	nm = modelled_machines(pd, m);
	for (size_t r = 0; nm && r < pd->nr; r++) {
		struct group old, *g;
		char *key, *title;
		int k;

		if (!pd->keep[r])
			continue;
		old = pd->grp[pd->gi[r]]; /* pd_join() may move grp */
		k = pd_modelled(pd, r) ?
			    machine_rank(m, nm, pd_machine(pd, r)) :
			    0;
		if (asprintf(&key, "%s\t%s", old.key,
			     k ? pd_machine(pd, r) : "\tmeasured") < 0 ||
		    asprintf(&title, k ? "%s (model: %s)" : "%s (measured)",
			     old.title, pd_machine(pd, r)) < 0)
			die_oom("the plot data");
		g = pd_join(pd, r, key, title);
		g->dt = old.dt;
		g->pt = old.pt;
		g->model = k;
		if (!g->value && old.value && !(g->value = strdup(old.value)))
			die_oom("the plot data");
		free(key);
		free(title);
	}
	free(m);
}

/* The note's last words on a graph that shows modelled points. */
static void note_modelled(struct plotdata *pd)
{
	const char **m = calloc(pd->nr + 1, sizeof(*m));
	size_t nm;

	if (!m)
		die_oom("the plot data");
	nm = modelled_machines(pd, m);
	if (nm)
		pd_sb_add(&pd->note, "%smodelled (--mode model) on ",
			  pd->note.len ? "; " : "");
	for (size_t i = 0; i < nm; i++)
		pd_sb_add(&pd->note, "%s%s", i ? ", " : "", m[i]);
	if (nm)
		pd_sb_add(&pd->note, ": virtual time, not a measurement");
	free(m);
}

/* ---- output ----------------------------------------------------------- */

void pd_header(struct plotdata *pd, const char *title, const char *xlabel,
	       const char *ylabel)
{
	note_modelled(pd);
	fprintf(pd->out, "# title: %s: %s\n# xlabel: %s\n# ylabel: %s\n",
		pd->suite, title, xlabel, ylabel);
	if (pd->note.len)
		fprintf(pd->out, "# note: %s\n", pd->note.s);
}

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
	  plotdata_overhead },
	{ "throughput",
	  "Forks per second (wall clock) against driver threads; thin dotted: linear scaling from each strategy's fewest-threads figure; dashed lines and open points are modelled.",
	  plotdata_throughput },
	{ "phases",
	  "What one pte costs at fork (setup, solid) and at exit (teardown, lighter), stacked per strategy, with the CI of each median.",
	  plotdata_phases },
	{ "locktable",
	  "ns per pte against the number of rmap locks: hashed (packed) and padded at each lock stride.",
	  plotdata_locktable },
	{ "batch",
	  "batched: ns per pte against the chain nodes taken at once, a line per lock shift.",
	  plotdata_batch },
	{ "chainlength",
	  "Cost and pte-chain length against sharing: live children per fork and the file share of each process.",
	  plotdata_chainlength },
	{ "latency",
	  "Latency percentiles of one fork and one exit (ns, log scale).",
	  plotdata_latency },
	{ "reclaim",
	  "Each strategy's fork+exit cost per pte against the pages per second a scanner thread running beside it got through (none has no reverse map: its scanner only clears a flag).",
	  plotdata_reclaim },
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
