// SPDX-License-Identifier: GPL-2.0
/*
 * rmapbench compare --format csv: one row per point and metric, for
 * scripts and plot/compare.sh; markdown and json are views of it.
 */
#include <stdio.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "compare.h"
#include "compare_impl.h"
#include "lib/compiler.h"
#include "lib/sysinfo.h"
#include "lib/util.h"
#include "table.h"

static const char *const verdict_name[] = {
	[CMP_CHANGED] = "changed",   [CMP_SAME] = "no_change",
	[CMP_TOO_FEW] = "too_few",   [CMP_OLD_ONLY] = "old_only",
	[CMP_NEW_ONLY] = "new_only", [CMP_UNMEASURED] = "unmeasured",
};

/* A number, or an empty field for NAN. */
static void put_num(FILE *f, const char *fmt, double v)
{
	fputc(',', f);
	if (!isnan(v))
		fprintf(f, fmt, v);
}

static void put_side(FILE *f, const struct compare_result *r, int s)
{
	const struct stats_summary *st = &r->s[s];

	if (!r->n[s]) {
		fprintf(f, ",%zu,,,,", r->n[s]);
		return;
	}
	fprintf(f, ",%zu,%.10g,%.10g,%.10g", r->n[s], st->median, st->ci.lo,
		st->ci.hi);
	put_num(f, "%.3f",
		st->median > 0 ?
			100 * (st->ci.hi - st->ci.lo) / 2 / st->median :
			NAN);
}

static void put_row(const struct compare *c, const struct compare_table *t,
		    size_t g, FILE *f)
{
	const struct compare_result *r = &t->res[g];

	char *label = compare_label(c, g);

	fputs(label, f);
	free(label);
	fprintf(f, ",%s,%s", t->metric, verdict_name[r->verdict]);
	put_num(f, "%.4f", r->change_pct);
	put_num(f, "%.4f", r->change_lo_pct);
	put_num(f, "%.4f", r->change_hi_pct);
	put_num(f, "%.6g", r->mw.p);
	put_num(f, "%.6g", r->min_p);
	put_side(f, r, 0);
	put_side(f, r, 1);
	for (size_t k = 0; k < c->nr_keys; k++)
		fprintf(f, ",%s", compare_key(c, g, k));
	fputc('\n', f);
}

static void put_geomean(const struct compare *c, const struct compare_table *t,
			FILE *f)
{
	fprintf(f, "geomean,%s,geomean", t->metric);
	put_num(f, "%.4f", t->geo_change_pct);
	fputs(",,,,,", f); /* the change's CI, p, min_p, old_n */
	put_num(f, "%.10g", t->geo[0]);
	fputs(",,,,", f);
	put_num(f, "%.10g", t->geo[1]);
	fputs(",,,", f);
	for (size_t k = 0; k < c->nr_keys; k++)
		fputc(',', f);
	fputc('\n', f);
}

static void put_header(const struct compare *c, FILE *f)
{
	static const char *const side_cols[] = {
		"n", "median", "ci_lo", "ci_hi", "spread_pct",
	};

	fprintf(f, "# rmapbench: %s\n# schema: %d\n", RMAPBENCH_VERSION,
		CSV_SCHEMA);
	fprintf(f, "# compare_old: %s\n# compare_new: %s\n", c->in[0].path,
		c->in[1].path);
	fprintf(f, "# alpha: %g\n", c->opts.alpha);
	if (c->opts.group_by)
		fprintf(f, "# group_by: %s\n", c->opts.group_by);
	if (c->opts.filter)
		fprintf(f, "# filter: %s\n", c->opts.filter);
	fputs("# spread: half the 95% CI of the median (min..max below 6 samples) as % of the median\n"
	      "# change_ci: new ci_lo / old ci_hi - 1 .. new ci_hi / old ci_lo - 1 (both medians' 95% CIs hold together with >= 90% from n = 6 on)\n"
	      "# p: two-sided Mann-Whitney U, exact up to 50 per side; min_p: the smallest p these n allow\n",
	      f);
	for (size_t i = 0; i < c->nr_extras; i++)
		fprintf(f, "# param_only_in_%s: %s=%s\n",
			compare_side_name[c->extra[i].side], c->extra[i].col,
			c->extra[i].value);
	for (size_t i = 0; i < c->nr_diffs; i++)
		fprintf(f, "# setup_differs: %s: old '%s', new '%s'\n",
			c->diff[i].key,
			c->diff[i].val[0] ? c->diff[i].val[0] :
					    "(not recorded)",
			c->diff[i].val[1] ? c->diff[i].val[1] :
					    "(not recorded)");
	fputs("label,metric,verdict,change_pct,change_lo_pct,change_hi_pct,p,min_p",
	      f);
	for (int s = 0; s < 2; s++)
		for (size_t i = 0; i < ARRAY_SIZE(side_cols); i++)
			fprintf(f, ",%s_%s", compare_side_name[s],
				side_cols[i]);
	for (size_t k = 0; k < c->nr_keys; k++)
		fprintf(f, ",%s", c->key[k]);
	fputc('\n', f);
}

int compare_write_csv(const struct compare *c, FILE *f)
{
	put_header(c, f);
	for (size_t m = 0; m < c->nr_tabs; m++) {
		const struct compare_table *t = &c->tab[m];

		for (size_t g = 0; g < c->nr_grps; g++)
			if (t->res[g].verdict != CMP_UNMEASURED)
				put_row(c, t, g, f);
		put_geomean(c, t, f);
	}
	return fflush(f) || ferror(f) ? -1 : 0;
}

static int write_csv(const void *c, FILE *f)
{
	return compare_write_csv(c, f);
}

int compare_write_table(const struct compare *c, FILE *f)
{
	static const char *const cols[] = {
		"label",      "metric",	       "old_median",	"new_median",
		"change_pct", "change_lo_pct", "change_hi_pct", "p",
		"verdict",    "old_n",	       "new_n",		NULL,
	};
	struct csv t;
	char msg[512];
	int ret;

	if (table_capture(write_csv, c, "the comparison", &t, msg, sizeof(msg)))
		die(1, "%s", msg);
	ret = table_write(&t, cols,
			  c->opts.format == COMPARE_JSON ? TABLE_JSON :
							   TABLE_MARKDOWN,
			  f);
	csv_free(&t);
	return ret;
}
