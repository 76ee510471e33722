// SPDX-License-Identifier: GPL-2.0
/*
 * The verdict of a run: what its figures say, ranked, with intervals and
 * p-values, from the same statistics as `compare` (compare_judge()).
 * The layout of a cell and its baseline is summarize's: a point's
 * baseline is `none` at the same parameters, or for a named kernel the
 * era's kernel without rmap at the same parameters but the knobs the two
 * kernels set.
 */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "lib/compiler.h"
#include "lib/opt.h"
#include "lib/util.h"
#include "results.h"
#include "truth.h"
#include "verdict.h"

/* The differences the 2002 debate and its sequels were about: b over a. */
static const char *const pairs_that_matter[][2] = {
	{ "pagebit", "hashed" },
	{ "hashed", "padded" },
	{ "padded", "batched" },
	{ "pagebit", "batched" },
	{ "pagebit", "daniel" },
	{ "2.4.19-pre7-rmap13b", "2.4.19-pre7-rmap13b-daniel" },
	{ "folio", "folio-batched" },
	{ "avc", "folio" },
};

/* A repetition this far from its point's median is flagged, not dropped. */
#define OUTLIER_FACTOR 2.0

static const char *field(const struct summary *s, size_t pt, int col)
{
	return col < 0 ? "" : s->in.row[s->pt[pt].key_row].field[col];
}

static const char *entry_name(const struct summary *s, size_t pt)
{
	int k = csv_column(&s->in, "kernel");
	const char *kn =
		k >= 0 && (size_t)k < s->nr_params ? field(s, pt, k) : "";

	return *kn && strcmp(kn, "custom") ? kn : field(s, pt, s->strategy);
}

static bool cell_mate(const struct summary *s, size_t a, size_t b)
{
	int k = csv_column(&s->in, "kernel");
	const char *ka = k >= 0 ? field(s, a, k) : "";
	const char *kb = k >= 0 ? field(s, b, k) : "";

	for (size_t c = 0; c < s->nr_params; c++) {
		const char *col = s->in.col[c];

		if ((int)c == s->strategy || (int)c == k ||
		    !strcmp(field(s, a, c), field(s, b, c)))
			continue;
		if (summary_kernel_knob(ka, col) ||
		    summary_kernel_knob(kb, col))
			continue;
		return false;
	}
	return true;
}

static size_t samples(const struct verdict_suite *v, size_t pt, double *x)
{
	const struct summary *s = &v->s;
	const struct summary_point *p = &s->pt[pt];
	size_t n = 0;

	for (size_t i = 0; i < p->nr; i++)
		if (!csv_parse_number(s->in.row[p->row[i]].field[s->metric[0]],
				      &x[n]))
			n++;
	return n;
}

static int entry_cmp(const void *pa, const void *pb)
{
	const struct verdict_entry *a = pa, *b = pb;

	return (a->median > b->median) - (a->median < b->median);
}

static int judge(struct verdict_suite *v, size_t a, size_t b, double *x,
		 struct compare_result *r)
{
	size_t n1 = samples(v, a, x);
	size_t n2 = samples(v, b, x + n1);

	return compare_judge(x, n1, x + n1, n2, 0.05, r);
}

static int find_entry(const struct verdict_cell *c, const char *name)
{
	for (size_t i = 0; i < c->nr; i++)
		if (!strcmp(c->e[i].name, name))
			return i;
	return -1;
}

static int add_pair(struct verdict_suite *v, struct verdict_cell *c, int a,
		    int b, double *x)
{
	if (a < 0 || b < 0 || a == b || c->nr_pairs == ARRAY_SIZE(c->pair))
		return 0;
	for (size_t i = 0; i < c->nr_pairs; i++)
		if ((c->pair[i].a == (size_t)a && c->pair[i].b == (size_t)b) ||
		    (c->pair[i].a == (size_t)b && c->pair[i].b == (size_t)a))
			return 0;
	c->pair[c->nr_pairs].a = a;
	c->pair[c->nr_pairs].b = b;
	return judge(v, c->e[a].pt, c->e[b].pt, x, &c->pair[c->nr_pairs++].res);
}

/* The winner against the runner-up, then the pairs that matter. */
static int cell_pairs(struct verdict_suite *v, struct verdict_cell *c,
		      double *x)
{
	int first = -1, second = -1, ret = 0;

	for (size_t i = 0; i < c->nr && second < 0; i++) {
		if ((int)i == c->base)
			continue;
		if (first < 0)
			first = i;
		else
			second = i;
	}
	if (c->base >= 0 || c->nr > 2)
		ret = add_pair(v, c, second, first, x);
	for (size_t i = 0; !ret && i < ARRAY_SIZE(pairs_that_matter); i++)
		ret = add_pair(v, c, find_entry(c, pairs_that_matter[i][0]),
			       find_entry(c, pairs_that_matter[i][1]), x);
	return ret;
}

static size_t outliers(const struct verdict_suite *v, size_t pt, double *x)
{
	size_t n = samples(v, pt, x), out = 0;
	double m;

	if (n < 3)
		return 0;
	m = stats_median(x, n);
	for (size_t i = 0; i < n && m > 0; i++)
		out += x[i] > OUTLIER_FACTOR * m || x[i] < m / OUTLIER_FACTOR;
	return out;
}

static int cell_fill(struct verdict_suite *v, struct verdict_cell *c, double *x)
{
	const struct summary *s = &v->s;

	c->base = -1;
	qsort(c->e, c->nr, sizeof(*c->e), entry_cmp);
	for (size_t i = 0; i < c->nr; i++)
		if (!strcmp(field(s, c->e[i].pt, s->strategy), "none"))
			c->base = i;
	for (size_t i = 0; i < c->nr; i++) {
		struct verdict_entry *e = &c->e[i];

		e->outliers = outliers(v, e->pt, x);
		v->outliers += e->outliers;
		if (c->base < 0 || (int)i == c->base)
			continue;
		e->has_base = true;
		if (judge(v, c->e[c->base].pt, e->pt, x, &e->res))
			return -1;
	}
	return cell_pairs(v, c, x);
}

/* Parameter col tells two cells apart. */
static bool varies_across_cells(const struct verdict_suite *v, size_t col)
{
	const struct summary *s = &v->s;

	for (size_t i = 1; i < v->nr_cells; i++)
		if (strcmp(field(s, v->cell[i].e[0].pt, col),
			   field(s, v->cell[0].e[0].pt, col)))
			return true;
	return false;
}

__attribute__((format(printf, 2, 3))) static void append(char **s,
							 const char *fmt, ...)
{
	char *add, *grown;
	size_t old = *s ? strlen(*s) : 0;
	va_list ap;

	va_start(ap, fmt);
	if (vasprintf(&add, fmt, ap) < 0)
		die_oom("the verdict");
	va_end(ap);
	grown = realloc(*s, old + strlen(add) + 1);
	if (!grown)
		die_oom("the verdict");
	strcpy(grown + old, add);
	free(add);
	*s = grown;
}

static void cell_label(struct verdict_suite *v, struct verdict_cell *c)
{
	const struct summary *s = &v->s;
	size_t pt = c->e[0].pt;
	int mode = csv_column(&s->in, "mode"),
	    mach = csv_column(&s->in, "machine");
	char *b = NULL;

	c->modelled = !strcmp(field(s, pt, mode), "model");
	c->machine = mach >= 0 ? field(s, pt, mach) : "host";
	if (c->modelled)
		append(&b, "modelled on %s", c->machine);
	else
		append(&b, "measured");
	c->threads = s->threads >= 0 ? atof(field(s, pt, s->threads)) : 0;
	if (s->threads >= 0)
		append(&b, ", threads %s", field(s, pt, s->threads));
	for (size_t col = 0; col < s->nr_params; col++) {
		const char *name = s->in.col[col];

		if ((int)col == s->strategy || (int)col == s->threads ||
		    (int)col == mode || (int)col == mach ||
		    !strcmp(name, "kernel") || !strcmp(name, "loops") ||
		    !strcmp(name, "other_work") || !varies_across_cells(v, col))
			continue;
		append(&b, ", %s %s", name, field(s, pt, col));
	}
	/* the 2002 replay's line gives its regimes apart */
	if (!c->modelled && v->has_2002 && v->r2002.nr > 1)
		append(&b, ", every regime pooled");
	c->label = b ? b : strdup("");
	if (!c->label)
		die_oom("the verdict");
}

static size_t cell_samples(const struct verdict_suite *v,
			   const struct verdict_cell *c)
{
	size_t n = 0;

	for (size_t i = 0; i < c->nr; i++)
		n += v->s.pt[c->e[i].pt].nr;
	return n;
}

/* d is a better headline than c: more strategies, threads, samples. */
static bool better_headline(const struct verdict_suite *v,
			    const struct verdict_cell *d,
			    const struct verdict_cell *c)
{
	if (d->nr != c->nr)
		return d->nr > c->nr;
	if (d->threads != c->threads)
		return d->threads > c->threads;
	return cell_samples(v, d) > cell_samples(v, c);
}

/*
 * Per machine, the cell the brief verdict shows: the one with the most
 * strategies, then the most threads, then the most repetitions (the
 * seed's modelled replay over its --daemons sweep), then the first.
 */
static void pick_headlines(struct verdict_suite *v)
{
	for (size_t i = 0; i < v->nr_cells; i++) {
		struct verdict_cell *c = &v->cell[i];
		size_t best = i;

		for (size_t j = 0; j < v->nr_cells; j++) {
			struct verdict_cell *d = &v->cell[j];

			if (d->modelled != c->modelled ||
			    strcmp(d->machine, c->machine))
				continue;
			if (better_headline(v, d, &v->cell[best]) ||
			    (j < best &&
			     !better_headline(v, &v->cell[best], d)))
				best = j;
		}
		c->headline = best == i;
	}
}

static int group_cells(struct verdict_suite *v)
{
	const struct summary *s = &v->s;

	v->cell = calloc(s->nr_pts + 1, sizeof(*v->cell));
	if (!v->cell)
		return -1;
	for (size_t p = 0; p < s->nr_pts; p++) {
		struct verdict_cell *c;
		size_t i;

		if (!s->pt[p].nr)
			continue;
		for (i = 0; i < v->nr_cells; i++)
			if (cell_mate(s, v->cell[i].e[0].pt, p))
				break;
		c = &v->cell[i];
		if (i == v->nr_cells) {
			v->nr_cells++;
			c->e = calloc(s->nr_pts, sizeof(*c->e));
			if (!c->e)
				return -1;
		}
		c->e[c->nr].pt = p;
		c->e[c->nr].name = entry_name(s, p);
		c->e[c->nr++].median = s->pt[p].metric[0].median;
		v->samples += s->pt[p].nr;
		if (!v->min_n || s->pt[p].nr < v->min_n)
			v->min_n = s->pt[p].nr;
		if (s->pt[p].nr > v->max_n)
			v->max_n = s->pt[p].nr;
	}
	return 0;
}

static bool has_word(const char *s, const char *w)
{
	size_t n = strlen(w);

	for (const char *p = s; s && (p = strstr(p, w)); p += n)
		if ((p == s || p[-1] == ' ') && (!p[n] || p[n] == ' '))
			return true;
	return false;
}

int verdict_build(const char *raw, const char *name, struct verdict_suite *v,
		  char *msg, size_t len)
{
	double *x;
	int ret = 0;

	memset(v, 0, sizeof(*v));
	if (summary_build(raw, &v->s, msg, len))
		return EXIT_USAGE;
	v->name = strdup(name);
	v->quick = has_word(csv_meta_get(&v->s.in, "command"), "--quick");
	x = calloc(2 * v->s.in.nr_rows + 2, sizeof(*x));
	if (!v->name || !x || group_cells(v))
		die_oom("the verdict");
	for (size_t i = 0; i < v->nr_cells && !ret; i++)
		ret = cell_fill(v, &v->cell[i], x);
	if (ret)
		die_oom("the verdict");
	v->has_2002 = !truth_2002_split(&v->s.in, &v->r2002, &v->r2002_reps);
	v->reps_max = truth_reps_max(&v->s.in);
	for (size_t i = 0; i < v->nr_cells; i++)
		cell_label(v, &v->cell[i]);
	pick_headlines(v);
	free(x);
	return 0;
}

void verdict_free(struct verdict_suite *v)
{
	for (size_t i = 0; i < v->nr_cells; i++) {
		free(v->cell[i].e);
		free(v->cell[i].label);
	}
	free(v->cell);
	free(v->name);
	summary_free(&v->s);
	memset(v, 0, sizeof(*v));
}

bool verdict_inconclusive(const struct compare_result *r)
{
	return !isfinite(r->change_lo_pct) || !isfinite(r->change_hi_pct) ||
	       (r->change_lo_pct <= 0 && r->change_hi_pct >= 0);
}

void verdict_change(const struct compare_result *r, char *buf, size_t len)
{
	if (!isfinite(r->change_pct)) {
		if (len)
			buf[0] = '\0';
		return;
	}
	if (isfinite(r->change_lo_pct) && isfinite(r->change_hi_pct))
		snprintf(buf, len, "%+.0f%% [%+.0f, %+.0f]", r->change_pct,
			 r->change_lo_pct, r->change_hi_pct);
	else
		snprintf(buf, len, "%+.0f%%", r->change_pct);
}
