// SPDX-License-Identifier: GPL-2.0
/*
 * rmapbench compare, the text renderer: one aligned table per metric,
 * the points as rows, with the metadata that differs and a legend.
 */
#include <stdarg.h>
#include <stdio.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "compare.h"
#include "compare_impl.h"
#include "lib/compiler.h"
#include "lib/util.h"

__attribute__((format(printf, 1, 2))) static char *xasprintf(const char *fmt,
							     ...)
{
	va_list ap;
	char *s;
	int n;

	va_start(ap, fmt);
	n = vasprintf(&s, fmt, ap);
	va_end(ap);
	if (n < 0)
		die_oom("the comparison");
	return s;
}

/* A table of strings printed in aligned columns, two blanks apart. */
enum align { LEFT, RIGHT, CENTER };

struct grid {
	char **cell; /* rows * cols; NULL is empty */
	size_t rows, cols;
};

static void grid_init(struct grid *g, size_t rows, size_t cols)
{
	g->cell = compare_calloc(rows * cols, sizeof(*g->cell));
	g->rows = rows;
	g->cols = cols;
}

static void grid_free(struct grid *g)
{
	for (size_t i = 0; i < g->rows * g->cols; i++)
		free(g->cell[i]);
	free(g->cell);
}

/* Columns on a terminal: UTF-8 continuation bytes take none (the ±). */
static size_t width(const char *s)
{
	size_t n = 0;

	for (; *s; s++)
		n += ((unsigned char)*s & 0xc0) != 0x80;
	return n;
}

static const char *grid_at(const struct grid *g, size_t r, size_t c)
{
	const char *s = g->cell[r * g->cols + c];

	return s ? s : "";
}

static void grid_print(const struct grid *g, const enum align *al, FILE *f)
{
	size_t *w = compare_calloc(g->cols, sizeof(*w));

	for (size_t r = 0; r < g->rows; r++)
		for (size_t c = 0; c < g->cols; c++)
			if (width(grid_at(g, r, c)) > w[c])
				w[c] = width(grid_at(g, r, c));
	for (size_t r = 0; r < g->rows; r++) {
		size_t last = 0;

		/* No blanks after a row's last text. */
		for (size_t c = 0; c < g->cols; c++)
			if (*grid_at(g, r, c))
				last = c;
		for (size_t c = 0; c <= last; c++) {
			const char *s = grid_at(g, r, c);
			size_t pad = w[c] - width(s);
			size_t left = al[c] == RIGHT  ? pad :
				      al[c] == CENTER ? pad / 2 :
							0;

			fprintf(f, "%s%*s%s", c ? "  " : "", (int)left, "", s);
			if (c < last)
				fprintf(f, "%*s", (int)(pad - left), "");
		}
		fputc('\n', f);
	}
	free(w);
}

/* Four significant digits and no exponent: 28.38, 0.01234, 73529. */
static char *fmt_value(double v)
{
	int digits;

	if (!isfinite(v))
		return xasprintf("-");
	digits = v == 0 ? 3 : 3 - (int)floor(log10(fabs(v)));

	if (digits < 0)
		digits = 0;
	if (digits > 9)
		digits = 9;
	return xasprintf("%.*f", digits, v);
}

static char *fmt_spread(const struct stats_summary *s)
{
	double pct;

	if (!(s->median > 0))
		return xasprintf("?");
	pct = 100 * (s->ci.hi - s->ci.lo) / 2 / s->median;
	return xasprintf(pct < 9.95 ? "%.1f%%" : "%.0f%%", pct);
}

/* A change in percent, never "-0.00%". */
static char *fmt_pct(double pct)
{
	if (isnan(pct))
		return xasprintf("?");
	if (fabs(pct) < 0.005)
		pct = 0;
	return xasprintf("%+.2f%%", pct);
}

static char *fmt_p(double p)
{
	return xasprintf(p >= 0.001 ? "%.3f" : "%.1e", p);
}

/* "median ± spread", the parts aligned across the column. */
struct side_fmt {
	int wm, ws;
};

static void side_widths(const struct compare *c, const struct compare_table *t,
			struct side_fmt *sf)
{
	for (int s = 0; s < 2; s++) {
		char *m = fmt_value(t->geo[s]);

		sf[s].wm = strlen(m);
		sf[s].ws = 0;
		free(m);
		for (size_t g = 0; g < c->nr_grps; g++) {
			const struct compare_result *r = &t->res[g];
			char *sp;

			if (!r->n[s])
				continue;
			m = fmt_value(r->s[s].median);
			sp = fmt_spread(&r->s[s]);
			if ((int)strlen(m) > sf[s].wm)
				sf[s].wm = strlen(m);
			if ((int)strlen(sp) > sf[s].ws)
				sf[s].ws = strlen(sp);
			free(m);
			free(sp);
		}
	}
}

static char *side_cell(const struct compare_result *r, int s,
		       const struct side_fmt *sf)
{
	char *m, *sp, *cell;

	if (!r->n[s])
		return xasprintf("-");
	m = fmt_value(r->s[s].median);
	sp = fmt_spread(&r->s[s]);
	cell = xasprintf("%*s ± %*s", sf->wm, m, sf->ws, sp);
	free(m);
	free(sp);
	return cell;
}

static char *delta_cell(const struct compare_result *r)
{
	switch (r->verdict) {
	case CMP_CHANGED:
		return fmt_pct(r->change_pct);
	case CMP_SAME:
		return xasprintf("~");
	case CMP_TOO_FEW:
		return xasprintf("?");
	default:
		return NULL;
	}
}

static char *note_cell(const struct compare *c, const struct compare_result *r)
{
	char *p, *min_p, *note;

	if (r->verdict == CMP_OLD_ONLY || r->verdict == CMP_NEW_ONLY)
		return xasprintf("(only in %s, n=%zu)",
				 compare_side_name[r->verdict == CMP_NEW_ONLY],
				 r->n[r->verdict == CMP_NEW_ONLY]);
	p = fmt_p(r->mw.p);
	min_p = fmt_p(r->min_p);
	if (r->identical)
		note = xasprintf("(p=%s n=%zu+%zu, identical)", p, r->n[0],
				 r->n[1]);
	else if (r->verdict == CMP_TOO_FEW)
		note = xasprintf(
			"(p=%s n=%zu+%zu) too few samples: p >= %s at these n, alpha %g",
			p, r->n[0], r->n[1], min_p, c->opts.alpha);
	else
		note = xasprintf("(p=%s n=%zu+%zu)", p, r->n[0], r->n[1]);
	free(p);
	free(min_p);
	return note;
}

static void fill_row(const struct compare *c, const struct compare_table *t,
		     size_t g, const struct side_fmt *sf, char **row)
{
	const struct compare_result *r = &t->res[g];
	size_t col = 0;

	for (size_t k = 0; k < c->nr_keys; k++)
		if (compare_key_shown(c, k))
			row[col++] = xasprintf("%s", compare_key(c, g, k));
	row[col++] = side_cell(r, 0, &sf[0]);
	row[col++] = side_cell(r, 1, &sf[1]);
	row[col++] = delta_cell(r);
	row[col] = note_cell(c, r);
}

static void fill_geomean(const struct compare_table *t, size_t keys,
			 const struct side_fmt *sf, char **row)
{
	row[0] = xasprintf("geomean");
	for (int s = 0; s < 2; s++) {
		char *m = fmt_value(t->geo[s]);

		/* Under the medians, where the spreads would be blank. */
		row[keys + s] = t->nr_geo ? xasprintf("%*s%*s", sf[s].wm, m,
						      sf[s].ws + 3, "") :
					    xasprintf("-");
		free(m);
	}
	row[keys + 2] = fmt_pct(t->geo_change_pct);
	if (!t->nr_geo)
		row[keys + 3] =
			xasprintf("(no paired points%s)",
				  t->nr_paired ? " with medians > 0" : "");
	else if (t->nr_geo < t->nr_paired)
		row[keys + 3] = xasprintf(
			"(%zu of %zu paired points: a median of 0 has no ratio)",
			t->nr_geo, t->nr_paired);
	else
		row[keys + 3] = xasprintf("(%zu paired point%s)", t->nr_geo,
					  t->nr_geo == 1 ? "" : "s");
}

static void write_table(const struct compare *c, const struct compare_table *t,
			FILE *f)
{
	size_t keys = compare_nr_shown(c), cols = keys + 4, row = 1, col = 0;
	enum align *al = compare_calloc(cols, sizeof(*al));
	struct side_fmt sf[2];
	struct grid g;

	side_widths(c, t, sf);
	grid_init(&g, c->nr_grps - t->nr_unmeasured + 2, cols);
	for (size_t k = 0; k < c->nr_keys; k++)
		if (compare_key_shown(c, k))
			g.cell[col++] = xasprintf("%s", c->key[k]);
	g.cell[col++] = xasprintf("old %s", t->metric);
	g.cell[col++] = xasprintf("new %s", t->metric);
	g.cell[col] = xasprintf("delta");
	for (size_t i = 0; i < c->nr_grps; i++)
		if (t->res[i].verdict != CMP_UNMEASURED)
			fill_row(c, t, i, sf, &g.cell[row++ * cols]);
	fill_geomean(t, keys, sf, &g.cell[row * cols]);
	al[keys] = al[keys + 1] = RIGHT;
	al[keys + 2] = CENTER;
	grid_print(&g, al, f);
	grid_free(&g);
	free(al);
	if (t->nr_unmeasured)
		fprintf(f,
			"(%zu point%s without %s values in either file left out)\n",
			t->nr_unmeasured, t->nr_unmeasured == 1 ? "" : "s",
			t->metric);
}

static void write_diffs(const struct compare *c, FILE *f)
{
	int w = 0;

	if (!c->nr_diffs)
		return;
	for (size_t i = 0; i < c->nr_diffs; i++)
		if ((int)strlen(c->diff[i].key) > w)
			w = strlen(c->diff[i].key);
	fputs("warning: the two runs differ in setup; a change may come from it, not from the code:\n",
	      f);
	for (size_t i = 0; i < c->nr_diffs; i++) {
		const struct compare_diff *d = &c->diff[i];

		fprintf(f, "  %-*s  old: %s\n", w, d->key,
			d->val[0] ? d->val[0] : "(not recorded)");
		fprintf(f, "  %-*s  new: %s\n", w, "",
			d->val[1] ? d->val[1] : "(not recorded)");
	}
	fputc('\n', f);
}

/* "name=value" for each key column that is the same in every point. */
static void write_constants(const struct compare *c, FILE *f)
{
	const char *lead = "same in every point:";
	size_t col = 0;

	if (c->opts.group_by) {
		fprintf(f,
			"grouped by: %s (rows that differ only in other columns are pooled)\n",
			c->opts.group_by);
		return;
	}
	for (size_t k = 0; k < c->nr_keys; k++) {
		char *item;

		if (compare_key_shown(c, k))
			continue;
		item = xasprintf("%s=%s", c->key[k], compare_key(c, 0, k));
		if (!col) {
			fputs(lead, f);
			col = strlen(lead);
		} else if (col + 1 + strlen(item) > 78) {
			fputs("\n ", f);
			col = 1;
		}
		col += fprintf(f, " %s", item);
		free(item);
	}
	if (col)
		fputc('\n', f);
}

static void write_preamble(const struct compare *c, FILE *f)
{
	write_diffs(c, f);
	fprintf(f, "old: %s\nnew: %s\n", c->in[0].path, c->in[1].path);
	for (size_t i = 0; i < c->nr_extras; i++)
		fprintf(f,
			"only %s has parameter %s (%s=%s in every row); points pair on the others\n",
			compare_side_name[c->extra[i].side], c->extra[i].col,
			c->extra[i].col, c->extra[i].value);
	if (c->opts.filter)
		fprintf(f, "filter: %s\n", c->opts.filter);
	write_constants(c, f);
	fputc('\n', f);
}

/* The fewest samples per side with which p can get below alpha. */
static size_t min_reps(double alpha)
{
	size_t n = 1;

	while (n < 1000 && stats_mw_min_p(n, n) >= alpha)
		n++;
	return n;
}

static void write_legend(const struct compare *c, FILE *f)
{
	bool too_few = false;

	for (size_t m = 0; m < c->nr_tabs; m++)
		for (size_t g = 0; g < c->nr_grps; g++)
			too_few |= c->tab[m].res[g].verdict == CMP_TOO_FEW;
	fprintf(f,
		"\nmedian ± half its 95%% confidence interval, as %% of the median (min..max below 6 samples)\n"
		"delta: change of the median where the two-sided Mann-Whitney U test gives p < %g; ~: no significant change\n",
		c->opts.alpha);
	if (too_few)
		fprintf(f,
			"?: too few samples for a verdict; at alpha %g the test needs %zu per side (raise --reps)\n",
			c->opts.alpha, min_reps(c->opts.alpha));
}

int compare_write_text(const struct compare *c, FILE *f)
{
	write_preamble(c, f);
	for (size_t m = 0; m < c->nr_tabs; m++) {
		if (m)
			fputc('\n', f);
		write_table(c, &c->tab[m], f);
	}
	write_legend(c, f);
	return fflush(f) || ferror(f) ? -1 : 0;
}
