/* SPDX-License-Identifier: GPL-2.0 */
#ifndef RMAPBENCH_STATS_H
#define RMAPBENCH_STATS_H

#include <stdbool.h>
#include <stddef.h>

/*
 * The statistics behind `summarize` and `compare`.  Benchmark timings are
 * skewed and have outliers, so everything here is distribution-free:
 * medians, order-statistic intervals and rank tests.
 *
 * Every function takes finite values (the CSV reader rejects NaN and inf)
 * and leaves the caller's array as it was: those that sort, sort a copy.
 */

/* Sorts x[0..n-1] ascending, in place: the one function here that does. */
void stats_sort(double *x, size_t n);
/* Median of x[0..n-1]; the mean of the two middle values for even n. */
double stats_median(const double *x, size_t n);
double stats_min(const double *x, size_t n);
double stats_max(const double *x, size_t n);
double stats_mean(const double *x, size_t n);
/* Sample standard deviation (n - 1) over the mean; NaN for n < 2 or mean 0. */
double stats_cv(const double *x, size_t n);

#define STATS_CI_LEVEL 0.95

/*
 * A confidence interval for the median from order statistics: the j-th and
 * k-th smallest values (1-based ranks, k = n + 1 - j) with the largest j
 * whose coverage P(j <= B < k), B ~ Binomial(n, 1/2), is at least 95%.
 * Below n = 6 no pair reaches 95%: the interval is then min..max and
 * coverage says what it achieves (1 - 2^(1-n): 94% at n = 5, 0 at n = 1).
 */
struct median_ci {
	double lo, hi;
	size_t j, k;
	double coverage;
};

/* Only the ranks and coverage for n >= 1 samples; the values are left 0. */
void stats_median_ci_ranks(size_t n, struct median_ci *ci);
/* Returns 0, or -1 for n == 0. */
int stats_median_ci(const double *x, size_t n, struct median_ci *ci);

/* Everything `summarize` reports about one sample. */
struct stats_summary {
	size_t n;
	double median, min, max, mean, cv;
	struct median_ci ci;
};

int stats_summarize(const double *x, size_t n, struct stats_summary *s);

/*
 * Mann-Whitney U test, two-sided.  u is the statistic of sample a: the
 * number of pairs (a_i, b_j) with a_i > b_j, ties counting one half.
 *
 * With both samples at most STATS_MW_EXACT_MAX the p-value is exact: the
 * permutation distribution of a's rank sum given the pooled midranks, so
 * ties are handled exactly, and p = P(|S - E[S]| >= |s - E[S]|).  Above
 * that it is the normal approximation with the tie-corrected variance and
 * a continuity correction of 1/2.
 */
#define STATS_MW_EXACT_MAX 50

struct mann_whitney {
	double u;
	double p;
	bool exact;
};

/* Returns 0, or -1 when a sample is empty or memory runs out. */
int stats_mann_whitney(const double *a, size_t n1, const double *b, size_t n2,
		       struct mann_whitney *r);

/*
 * The smallest p-value stats_mann_whitney() can return for samples of n1
 * and n2 values: that of two fully separated samples without ties,
 * 2 / C(n1 + n2, n1) when exact (2/252 at 5 + 5, 0.1 at 3 + 3), the normal
 * approximation's otherwise.  Above alpha, no data of that size can give
 * a significant result: 3 + 3, 3 + 4, 2 + 7 and 1 + 39 never get below 0.05.
 * Returns 1 when a sample is empty.
 */
double stats_mw_min_p(size_t n1, size_t n2);

/*
 * Least-squares line y = intercept + slope * x through n >= 2 points with
 * at least two distinct x.  Returns 0, or -1 when the line is undefined.
 */
int stats_linear_fit(const double *x, const double *y, size_t n,
		     double *intercept, double *slope);

/*
 * Theil-Sen line: the slope is the median of the slopes between every two
 * points with distinct x, the intercept the median of y - slope * x.  Up
 * to 29% of the points may be anywhere without moving it (Sen, "Estimates
 * of the regression coefficient based on Kendall's tau", JASA 1968).
 * Returns 0, or -1 when no two x differ or memory runs out.
 */
int stats_theil_sen(const double *x, const double *y, size_t n,
		    double *intercept, double *slope);

#endif
