// SPDX-License-Identifier: GPL-2.0
/*
 * Distribution-free statistics for benchmark samples: medians, an
 * order-statistic confidence interval for the median, and the
 * Mann-Whitney U test.  See stats.h for what each promises.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "stats.h"

static int cmp_double(const void *pa, const void *pb)
{
	double a = *(const double *)pa, b = *(const double *)pb;

	return (a > b) - (a < b);
}

void stats_sort(double *x, size_t n)
{
	qsort(x, n, sizeof(*x), cmp_double);
}

/* A sorted copy, so that callers keep their (run) order. */
static double *sorted_copy(const double *x, size_t n)
{
	double *s = malloc(n * sizeof(*s));

	if (!s)
		return NULL;
	memcpy(s, x, n * sizeof(*s));
	qsort(s, n, sizeof(*s), cmp_double);
	return s;
}

static double median_sorted(const double *s, size_t n)
{
	return n % 2 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
}

double stats_median(const double *x, size_t n)
{
	double *s, m;

	if (!n)
		return NAN;
	s = sorted_copy(x, n);
	if (!s)
		return NAN;
	m = median_sorted(s, n);
	free(s);
	return m;
}

double stats_min(const double *x, size_t n)
{
	double m = n ? x[0] : NAN;

	for (size_t i = 1; i < n; i++)
		if (x[i] < m)
			m = x[i];
	return m;
}

double stats_max(const double *x, size_t n)
{
	double m = n ? x[0] : NAN;

	for (size_t i = 1; i < n; i++)
		if (x[i] > m)
			m = x[i];
	return m;
}

double stats_mean(const double *x, size_t n)
{
	double sum = 0;

	if (!n)
		return NAN;
	for (size_t i = 0; i < n; i++)
		sum += x[i];
	return sum / n;
}

double stats_cv(const double *x, size_t n)
{
	double mean = stats_mean(x, n), ss = 0;

	if (n < 2 || mean == 0)
		return NAN;
	/* Two passes: the one-pass formula cancels badly for tight samples. */
	for (size_t i = 0; i < n; i++)
		ss += (x[i] - mean) * (x[i] - mean);
	return sqrt(ss / (n - 1)) / fabs(mean);
}

/*
 * P(B = i) for B ~ Binomial(n, 1/2), in logs so that it neither
 * underflows (2^-n) nor overflows (n choose i) for any n.
 */
static double binom_half_pmf(size_t n, size_t i)
{
	return exp(lgamma(n + 1.0) - lgamma(i + 1.0) - lgamma(n - i + 1.0) -
		   n * log(2.0));
}

void stats_median_ci_ranks(size_t n, struct median_ci *ci)
{
	double below = binom_half_pmf(n, 0); /* P(B <= j - 1) */
	size_t j = 1;

	/*
	 * [x_(j), x_(n+1-j)] covers the median with probability
	 * 1 - 2 P(B <= j - 1): widen j while the next rank still keeps 95%.
	 */
	while (j + 1 <= (n + 1) / 2) {
		double next = below + binom_half_pmf(n, j);

		if (1 - 2 * next < STATS_CI_LEVEL)
			break;
		below = next;
		j++;
	}
	*ci = (struct median_ci){ .j = j, .k = n + 1 - j };
	ci->coverage = n ? 1 - 2 * below : 0;
	if (ci->coverage < 0)
		ci->coverage = 0;
}

int stats_median_ci(const double *x, size_t n, struct median_ci *ci)
{
	struct stats_summary sum;

	if (stats_summarize(x, n, &sum))
		return -1;
	*ci = sum.ci;
	return 0;
}

int stats_summarize(const double *x, size_t n, struct stats_summary *sum)
{
	double *s;

	if (!n)
		return -1;
	s = sorted_copy(x, n);
	if (!s)
		return -1;
	sum->n = n;
	sum->median = median_sorted(s, n);
	sum->min = s[0];
	sum->max = s[n - 1];
	sum->mean = stats_mean(x, n);
	sum->cv = stats_cv(x, n);
	stats_median_ci_ranks(n, &sum->ci);
	sum->ci.lo = s[sum->ci.j - 1];
	sum->ci.hi = s[sum->ci.k - 1];
	free(s);
	return 0;
}

/* One pooled observation: its value and whether it came from sample a. */
struct obs {
	double v;
	bool in_a;
};

static int cmp_obs(const void *pa, const void *pb)
{
	const struct obs *a = pa, *b = pb;

	return (a->v > b->v) - (a->v < b->v);
}

/*
 * The pooled ranks, doubled so that midranks of ties are integers: a tie
 * group over sorted positions i..e-1 (0-based) has midrank (i+1+e)/2.
 * Also returns the sum of t^3 - t over tie groups of size t.
 */
static void doubled_midranks(const struct obs *o, size_t n, long *r2,
			     double *ties)
{
	*ties = 0;
	for (size_t i = 0, e; i < n; i = e) {
		for (e = i + 1; e < n && o[e].v == o[i].v; e++)
			;
		for (size_t k = i; k < e; k++)
			r2[k] = (long)(i + 1 + e);
		*ties += (double)(e - i) * (e - i) * (e - i) - (e - i);
	}
}

/*
 * Exact two-sided p-value of a doubled rank sum s2 of m items drawn from
 * the N doubled ranks r2: count, over all C(N, m) subsets, those whose
 * sum lies at least as far from its mean m(N+1) as s2 does.  The counts
 * are kept in doubles (C(100, 50) > 2^64); they only feed a ratio.
 */
static int exact_p(const long *r2, size_t N, size_t m, long s2, double *p)
{
	long total = (long)(N * (N + 1)), mean2 = (long)(m * (N + 1));
	long dev = labs(s2 - mean2);
	size_t width = total + 1;
	double *cnt = calloc((m + 1) * width, sizeof(*cnt));
	double hit = 0, all = 0;

	if (!cnt)
		return -1;
	cnt[0] = 1;
	for (size_t i = 0; i < N; i++) {
		/* 0/1 knapsack: take item i into subsets of size c - 1. */
		for (size_t c = i + 1 < m ? i + 1 : m; c >= 1; c--) {
			double *to = cnt + c * width, *from = to - width;

			for (long s = total; s >= r2[i]; s--)
				to[s] += from[s - r2[i]];
		}
	}
	for (long s = 0; s <= total; s++) {
		double c = cnt[m * width + s];

		all += c;
		if (labs(s - mean2) >= dev)
			hit += c;
	}
	free(cnt);
	*p = hit / all;
	return 0;
}

static double normal_p(double u, size_t n1, size_t n2, double ties)
{
	double N = n1 + n2, mu = n1 * (double)n2 / 2;
	double var = n1 * (double)n2 / 12 * ((N + 1) - ties / (N * (N - 1)));
	double z;

	if (var <= 0)
		return 1; /* every value tied: no evidence either way */
	z = (fabs(u - mu) - 0.5) / sqrt(var);
	return z <= 0 ? 1 : erfc(z / sqrt(2.0));
}

int stats_mann_whitney(const double *a, size_t n1, const double *b, size_t n2,
		       struct mann_whitney *r)
{
	size_t N = n1 + n2, m = n1 <= n2 ? n1 : n2;
	struct obs *o;
	long *r2, s2a = 0;
	double ties;
	int ret = 0;

	if (!n1 || !n2)
		return -1;
	o = malloc(N * sizeof(*o));
	r2 = malloc(N * sizeof(*r2));
	if (!o || !r2) {
		ret = -1;
		goto out;
	}
	for (size_t i = 0; i < N; i++)
		o[i] = (struct obs){ i < n1 ? a[i] : b[i - n1], i < n1 };
	qsort(o, N, sizeof(*o), cmp_obs);
	doubled_midranks(o, N, r2, &ties);
	for (size_t i = 0; i < N; i++)
		s2a += o[i].in_a ? r2[i] : 0;
	r->u = s2a / 2.0 - n1 * (n1 + 1.0) / 2;
	r->exact = n1 <= STATS_MW_EXACT_MAX && n2 <= STATS_MW_EXACT_MAX;
	if (!r->exact) {
		r->p = normal_p(r->u, n1, n2, ties);
		goto out;
	}
	/*
	 * |S - E| is the same for either sample's rank sum, so count subsets
	 * of the smaller one: the table has min(n1, n2) + 1 rows.
	 */
	if (m != n1)
		s2a = (long)(N * (N + 1)) - s2a;
	ret = exact_p(r2, N, m, s2a, &r->p);
	if (!ret && r->p > 1)
		r->p = 1;
out:
	free(o);
	free(r2);
	return ret;
}

int stats_linear_fit(const double *x, const double *y, size_t n,
		     double *intercept, double *slope)
{
	double mx, my, sxx = 0, sxy = 0;

	if (n < 2)
		return -1;
	mx = stats_mean(x, n);
	my = stats_mean(y, n);
	for (size_t i = 0; i < n; i++) {
		sxx += (x[i] - mx) * (x[i] - mx);
		sxy += (x[i] - mx) * (y[i] - my);
	}
	if (sxx == 0)
		return -1;
	*slope = sxy / sxx;
	*intercept = my - *slope * mx;
	return 0;
}

int stats_theil_sen(const double *x, const double *y, size_t n,
		    double *intercept, double *slope)
{
	double *s = malloc((n * (n - 1) / 2 + 1) * sizeof(*s));
	double *r = malloc((n + 1) * sizeof(*r));
	size_t m = 0;
	int ret = -1;

	if (!s || !r)
		goto out;
	for (size_t i = 0; i < n; i++)
		for (size_t j = i + 1; j < n; j++)
			if (x[i] != x[j])
				s[m++] = (y[j] - y[i]) / (x[j] - x[i]);
	if (!m)
		goto out;
	*slope = stats_median(s, m);
	for (size_t i = 0; i < n; i++)
		r[i] = y[i] - *slope * x[i];
	*intercept = stats_median(r, n);
	ret = 0;
out:
	free(s);
	free(r);
	return ret;
}

double stats_mw_min_p(size_t n1, size_t n2)
{
	double N = n1 + n2, p;

	if (!n1 || !n2)
		return 1;
	if (n1 > STATS_MW_EXACT_MAX || n2 > STATS_MW_EXACT_MAX)
		return normal_p(0, n1, n2, 0);
	/* Two subsets of C(N, n1) are that far out: the lowest and highest. */
	p = 2 * exp(lgamma(n1 + 1.0) + lgamma(n2 + 1.0) - lgamma(N + 1));
	return p < 1 ? p : 1;
}
