// SPDX-License-Identifier: GPL-2.0
/*
 * rmapbench compare, the statistics: per point and metric the two
 * medians, their intervals, the change, the Mann-Whitney U test and the
 * verdict, and the geometric mean of the ratios over a table.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "compare.h"
#include "compare_impl.h"
#include "lib/compiler.h"
#include "lib/util.h"

/* The same values on both sides: the same multiset, or one constant. */
static bool identical(const double *a, size_t n1, const double *b, size_t n2)
{
	double *x, *y;
	bool same;

	if (stats_min(a, n1) == stats_max(a, n1) &&
	    stats_min(b, n2) == stats_max(b, n2) && a[0] == b[0])
		return true;
	if (n1 != n2)
		return false;
	x = compare_calloc(2 * n1, sizeof(*x));
	y = x + n1;
	memcpy(x, a, n1 * sizeof(*x));
	memcpy(y, b, n2 * sizeof(*y));
	stats_sort(x, n1);
	stats_sort(y, n2);
	same = !memcmp(x, y, n1 * sizeof(*x));
	free(x);
	return same;
}

/* A ratio needs a positive base; rmapbench's metrics are >= 0. */
static void change(struct compare_result *r)
{
	const struct stats_summary *o = &r->s[0], *n = &r->s[1];

	if (!(o->median > 0))
		return;
	r->change_pct = 100 * (n->median / o->median - 1);
	r->change_lo_pct = 100 * (n->ci.lo / o->ci.hi - 1);
	if (o->ci.lo > 0)
		r->change_hi_pct = 100 * (n->ci.hi / o->ci.lo - 1);
}

int compare_judge(const double *a, size_t n1, const double *b, size_t n2,
		  double alpha, struct compare_result *r)
{
	memset(r, 0, sizeof(*r));
	r->n[0] = n1;
	r->n[1] = n2;
	r->min_p = r->mw.p = NAN;
	r->change_pct = r->change_lo_pct = r->change_hi_pct = NAN;
	if ((n1 && stats_summarize(a, n1, &r->s[0])) ||
	    (n2 && stats_summarize(b, n2, &r->s[1])))
		return -1;
	if (!n1 || !n2) {
		r->verdict = n1 ? CMP_OLD_ONLY :
			     n2 ? CMP_NEW_ONLY :
				  CMP_UNMEASURED;
		return 0;
	}
	change(r);
	if (stats_mann_whitney(a, n1, b, n2, &r->mw))
		return -1;
	r->min_p = stats_mw_min_p(n1, n2);
	r->identical = identical(a, n1, b, n2);
	if (r->identical)
		r->verdict = CMP_SAME;
	else if (r->min_p >= alpha)
		r->verdict = CMP_TOO_FEW;
	else
		r->verdict = r->mw.p < alpha ? CMP_CHANGED : CMP_SAME;
	return 0;
}

/* The samples of group g on side s; empty fields are not measured. */
static size_t gather(const struct compare *c, const struct compare_table *t,
		     size_t g, int s, double *v)
{
	const struct compare_group *grp = &c->grp[g];
	size_t first = grp->first + (s ? grp->n[0] : 0), n = 0;

	for (size_t i = 0; i < grp->n[s]; i++) {
		const struct compare_ref *r = &c->ref[first + i];
		const char *f = c->in[s].row[r->row].field[t->col[s]];

		/* Checked by check_values(). */
		if (*f && !csv_parse_number(f, &v[n]))
			n++;
	}
	return n;
}

/* Over the paired points whose medians both have a logarithm. */
static void geomean(const struct compare *c, struct compare_table *t)
{
	double sum[2] = { 0, 0 };

	for (size_t g = 0; g < c->nr_grps; g++) {
		const struct compare_result *r = &t->res[g];

		if (!r->n[0] || !r->n[1])
			continue;
		t->nr_paired++;
		if (!(r->s[0].median > 0) || !(r->s[1].median > 0))
			continue;
		for (int s = 0; s < 2; s++)
			sum[s] += log(r->s[s].median);
		t->nr_geo++;
	}
	t->geo[0] = t->geo[1] = t->geo_change_pct = NAN;
	if (!t->nr_geo)
		return;
	for (int s = 0; s < 2; s++)
		t->geo[s] = exp(sum[s] / t->nr_geo);
	t->geo_change_pct = 100 * expm1((sum[1] - sum[0]) / t->nr_geo);
}

int compare_compute_table(struct compare *c, struct compare_table *t, double *v)
{
	t->res = compare_calloc(c->nr_grps, sizeof(*t->res));
	for (size_t g = 0; g < c->nr_grps; g++) {
		size_t n1 = gather(c, t, g, 0, v);
		size_t n2 = gather(c, t, g, 1, v + n1);

		if (compare_judge(v, n1, v + n1, n2, c->opts.alpha, &t->res[g]))
			return -1;
		t->nr_unmeasured += t->res[g].verdict == CMP_UNMEASURED;
	}
	geomean(c, t);
	return 0;
}
