// SPDX-License-Identifier: GPL-2.0
/*
 * rmapbench compare --format plot: the table plot/compare.gp draws, for
 * the first metric.  "# key: value" lines (title, labels, the note on
 * what is not drawn, alpha, the geometric mean, the count of each class),
 * then one tab-separated row per point both files measured:
 *
 *	index  label  change_pct  lo_pct  hi_pct  class  p
 *
 * class: up or down (a significant change), same (~), few (too few
 * samples to judge).  Points in one file only, and points whose old
 * median is 0 (no ratio), are counted in the note, not drawn.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "compare.h"
#include "compare_impl.h"
#include "lib/util.h"

/* Counts of what is drawn and what is not. */
struct plot_counts {
	size_t n, old_only, new_only, zero, maxlen;
	size_t up, down, same, few;
};

/* A number as the CSV renderer writes it, or empty for NAN. */
static const char *num(char *buf, size_t len, const char *fmt, double v)
{
	if (isnan(v))
		buf[0] = '\0';
	else
		snprintf(buf, len, fmt, v);
	return buf;
}

static const char *point_class(const struct compare_result *r,
			       const char *change, struct plot_counts *k)
{
	if (r->verdict == CMP_TOO_FEW)
		return k->few++, "few";
	if (r->verdict == CMP_SAME)
		return k->same++, "same";
	if (strtod(change, NULL) > 0)
		return k->up++, "up";
	return k->down++, "down";
}

/* One point's row into rows; counts what is not drawn. */
static void plot_row(const struct compare *c, const struct compare_table *t,
		     size_t g, FILE *rows, struct plot_counts *k)
{
	const struct compare_result *r = &t->res[g];
	char ch[64], lo[64], hi[64], p[64], *label;

	if (r->verdict == CMP_OLD_ONLY || r->verdict == CMP_NEW_ONLY) {
		k->old_only += r->verdict == CMP_OLD_ONLY;
		k->new_only += r->verdict == CMP_NEW_ONLY;
		return;
	}
	if (r->verdict == CMP_UNMEASURED)
		return;
	if (isnan(r->change_pct)) {
		k->zero++;
		return;
	}
	num(ch, sizeof(ch), "%.4f", r->change_pct);
	num(lo, sizeof(lo), "%.4f", r->change_lo_pct);
	num(hi, sizeof(hi), "%.4f", r->change_hi_pct);
	label = compare_label(c, g);
	fprintf(rows, "%zu\t%s\t%s\t%s\t%s\t%s\t%s\n", k->n++, label, ch, lo,
		hi[0] ? hi : ch, point_class(r, ch, k),
		num(p, sizeof(p), "%.6g", r->mw.p));
	if (strlen(label) > k->maxlen)
		k->maxlen = strlen(label);
	free(label);
}

/* "/tmp/results/x/seed/raw.csv" as "x/seed/raw.csv": a title that fits. */
static const char *short_path(const char *p)
{
	const char *s = p + strlen(p);
	int slashes = 0;

	while (s > p && !(s[-1] == '/' && ++slashes == 3))
		s--;
	return s;
}

static void plot_head(const struct compare *c, const struct compare_table *t,
		      const struct plot_counts *k, FILE *f)
{
	size_t one = k->old_only + k->new_only;
	char geo[64];

	fprintf(f,
		"# title: %s: change of the median, %s against %s\n# xlabel: \n"
		"# ylabel: change of the median of %s\n# note: ",
		t->metric, short_path(c->in[1].path), short_path(c->in[0].path),
		t->metric);
	if (one)
		fprintf(f,
			"%zu point%s in one file only not drawn (%zu old, %zu new)",
			one, one == 1 ? "" : "s", k->old_only, k->new_only);
	if (k->zero)
		fprintf(f, "%s%zu with an old median of 0 not drawn",
			one ? "; " : "", k->zero);
	num(geo, sizeof(geo), "%.4f", t->geo_change_pct);
	fprintf(f, "\n# alpha: %g\n# geomean: %s\n# points: %zu\n",
		c->opts.alpha, geo[0] ? geo : "NaN", k->n);
	fprintf(f, "# rotate: %d\n# maxlen: %zu\n",
		k->n * (k->maxlen + 2) > 100, k->maxlen);
	fprintf(f, "# n_up: %zu\n# n_down: %zu\n# n_same: %zu\n# n_few: %zu\n",
		k->up, k->down, k->same, k->few);
}

int compare_write_plot(const struct compare *c, FILE *f)
{
	const struct compare_table *t = &c->tab[0];
	struct plot_counts k = { 0 };
	char *rows = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&rows, &len);

	if (!m)
		die_oom("the comparison");
	for (size_t g = 0; g < c->nr_grps; g++)
		plot_row(c, t, g, m, &k);
	if (fclose(m))
		die_oom("the comparison");
	plot_head(c, t, &k, f);
	fwrite(rows, 1, len, f);
	free(rows);
	return fflush(f) || ferror(f) ? -1 : 0;
}
