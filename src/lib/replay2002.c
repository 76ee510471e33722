// SPDX-License-Identifier: GPL-2.0
/* The 2002 replay's headline figures by regime (replay2002.h). */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "replay2002.h"
#include "stats.h"

int r2002_kernel(const char *kernel, const char *strategy)
{
	if (*kernel && strcmp(kernel, "custom")) {
		if (strncmp(kernel, "2.4.19", 6))
			return -1;
		if (strstr(kernel, "daniel"))
			return R2002_DANIEL;
		return strstr(kernel, "rmap") ? R2002_RMAP : R2002_NONE;
	}
	if (!strcmp(strategy, "none"))
		return R2002_NONE;
	if (!strcmp(strategy, "pagebit"))
		return R2002_RMAP;
	if (!strcmp(strategy, "daniel") || !strcmp(strategy, "batched"))
		return R2002_DANIEL;
	return -1;
}

double r2002_overhead(const double *v)
{
	return 100 * (v[R2002_RMAP] / v[R2002_NONE] - 1);
}

double r2002_removed(const double *v)
{
	return 100 * (v[R2002_RMAP] - v[R2002_DANIEL]) /
	       (v[R2002_RMAP] - v[R2002_NONE]);
}

double r2002_regime(const double *pingpong)
{
	double lo = INFINITY, hi = 0;

	for (int e = 0; e < R2002_KERNELS; e++) {
		double p = pingpong[e];

		if (!isfinite(p) || p <= 0)
			return NAN;
		lo = fmin(lo, p);
		hi = fmax(hi, p);
	}
	return regime_same(lo, hi) ? (lo + hi) / 2 : NAN;
}

/* Median and interval of fn over the repetitions of regime k. */
static void figure(double (*fn)(const double *),
		   const double (*wall)[R2002_KERNELS], const int *group, int k,
		   size_t n, double *v, struct r2002_figure *f)
{
	struct median_ci ci;
	size_t m = 0;

	for (size_t i = 0; i < n; i++) {
		double y = group[i] == k ? fn(wall[i]) : NAN;

		if (isfinite(y))
			v[m++] = y;
	}
	f->n = m;
	f->median = f->lo = f->hi = f->coverage = NAN;
	if (stats_median_ci(v, m, &ci))
		return;
	f->median = stats_median(v, m);
	f->lo = ci.lo;
	f->hi = ci.hi;
	f->coverage = ci.coverage;
}

int r2002_split(const double (*wall)[R2002_KERNELS],
		const double (*pingpong)[R2002_KERNELS], size_t n,
		struct r2002_split *out)
{
	double *v = calloc(n ? n : 1, sizeof(*v));
	int *group = malloc((n ? n : 1) * sizeof(*group));
	struct regimes regimes;

	memset(out, 0, sizeof(*out));
	if (!v || !group) {
		free(v);
		free(group);
		return -1;
	}
	for (size_t i = 0; i < n; i++)
		v[i] = r2002_regime(pingpong[i]);
	regime_group(v, n, group, &regimes);
	out->nr = regimes.n;
	for (size_t k = 0; k < regimes.n; k++) {
		out->r[k].centre = regimes.centre[k];
		out->r[k].n = regimes.count[k];
	}
	if (!regimes.n) {
		/* no regime recorded: one pool, labelled by NAN */
		out->nr = 1;
		out->r[0].centre = NAN;
		out->r[0].n = n;
		for (size_t i = 0; i < n; i++)
			group[i] = 0;
	}
	for (size_t i = 0; i < n; i++)
		out->unlabelled += group[i] < 0;
	for (size_t k = 0; k < out->nr; k++) {
		figure(r2002_overhead, wall, group, k, n, v,
		       &out->r[k].overhead);
		figure(r2002_removed, wall, group, k, n, v, &out->r[k].removed);
		if (out->r[k].n > out->r[out->biggest].n)
			out->biggest = k;
	}
	free(v);
	free(group);
	return 0;
}

static bool within(const struct r2002_figure *f, double half)
{
	return f->coverage >= STATS_CI_LEVEL && f->median - f->lo <= half &&
	       f->hi - f->median <= half;
}

bool r2002_narrow(const struct r2002_regime *r)
{
	return within(&r->overhead, R2002_OVERHEAD_HALF) &&
	       within(&r->removed, R2002_SHARE_HALF);
}
