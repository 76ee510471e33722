// SPDX-License-Identifier: GPL-2.0
/*
 * Known answers for src/lib/stats.c.  Where an answer is not obvious it is
 * checked against an independent computation: exact integer binomial sums
 * for the median's confidence interval, full enumeration of rank
 * permutations for the exact U test, and for the normal approximation the
 * numbers printed by this Python (standard library only, no scipy):
 *
 *	from math import erfc, sqrt
 *	from collections import Counter
 *	def mw(a, b):
 *		pool = sorted(a + b); N = len(pool); n1, n2 = len(a), len(b)
 *		mid = {}
 *		for v in set(pool):
 *			i = pool.index(v); e = i + pool.count(v)
 *			mid[v] = (i + 1 + e) / 2
 *		u = sum(mid[x] for x in a) - n1 * (n1 + 1) / 2
 *		t = sum(c**3 - c for c in Counter(pool).values())
 *		var = n1 * n2 / 12 * ((N + 1) - t / (N * (N - 1)))
 *		z = (abs(u - n1 * n2 / 2) - 0.5) / sqrt(var)
 *		return u, erfc(z / sqrt(2))
 *	mw(list(range(1, 61)), [x + 0.5 for x in range(10, 70)])
 *		-> (1275.0, 0.005906794153805787)
 *	mw(list(range(1, 61)), list(range(11, 71)))
 *		-> (1250.0, 0.0039218839047846475)
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "rmaptest.h"
#include "lib/stats.h"

static void test_median(void **state)
{
	double odd[] = { 5, 1, 3 }, even[] = { 4, 1, 3, 2 }, one[] = { 7 };

	(void)state;
	assert_true(stats_median(odd, 3) == 3);
	assert_true(stats_median(even, 4) == 2.5);
	assert_true(stats_median(one, 1) == 7);
	assert_true(isnan(stats_median(one, 0)));
	/* The caller's order is kept: the median sorts a copy. */
	assert_true(odd[0] == 5 && odd[1] == 1 && odd[2] == 3);
	assert_true(even[0] == 4 && even[3] == 2);
}

static void test_min_max_mean_cv(void **state)
{
	double x[] = { 2, 4, 4, 4, 5, 5, 7, 9 }, same[] = { 3, 3, 3 };

	(void)state;
	assert_true(stats_min(x, ARRAY_SIZE(x)) == 2);
	assert_true(stats_max(x, ARRAY_SIZE(x)) == 9);
	assert_true(stats_mean(x, ARRAY_SIZE(x)) == 5);
	/* Squared deviations sum to 32: sd = sqrt(32 / 7), cv = sd / 5. */
	assert_close(stats_cv(x, ARRAY_SIZE(x)), sqrt(32.0 / 7) / 5, 1e-15);
	assert_true(stats_cv(same, 3) == 0);
	assert_true(isnan(stats_cv(x, 1)));
}

/*
 * The reference, in integers (2^n and the binomial sums fit 128 bits up
 * to n = 120): the largest j with 1 - 2 P(B <= j - 1) >= 0.95, trying
 * every j from scratch.
 */
static __int128 choose(unsigned int n, unsigned int k)
{
	__int128 c = 1;

	for (unsigned int i = 0; i < k; i++)
		c = c * (n - i) / (i + 1);
	return c;
}

static size_t exact_ci_j(unsigned int n, double *coverage)
{
	__int128 total = (__int128)1 << n, best_below = 1;
	size_t best = 1;

	for (unsigned int j = 1; j <= (n + 1) / 2; j++) {
		__int128 below = 0;

		for (unsigned int i = 0; i < j; i++)
			below += choose(n, i);
		if (100 * (total - 2 * below) < 95 * total)
			break;
		best = j;
		best_below = below;
	}
	*coverage = 1 - 2 * ((double)best_below / (double)total);
	return best;
}

static void test_ci_ranks_known(void **state)
{
	/* n, j, k, coverage: 1 - 2 * sum(C(n, i), i < j) / 2^n */
	static const struct {
		size_t n, j, k;
		double coverage;
	} known[] = {
		{ 1, 1, 1, 0 },
		{ 2, 1, 2, 0.5 },
		{ 5, 1, 5, 0.9375 }, /* 95% out of reach */
		{ 6, 1, 6, 0.96875 },
		{ 10, 2, 9, 0.978515625 },
		{ 20, 6, 15, 0.9586105346679688 },
		{ 100, 40, 61, 0.9647997997822951 },
	};

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(known); i++) {
		struct median_ci ci;

		stats_median_ci_ranks(known[i].n, &ci);
		assert_int_equal(ci.j, known[i].j);
		assert_int_equal(ci.k, known[i].k);
		assert_close(ci.coverage, known[i].coverage, 1e-12);
	}
}

static void test_ci_ranks_exact(void **state)
{
	(void)state;
	for (unsigned int n = 6; n <= 120; n++) {
		struct median_ci ci;
		double coverage;
		size_t j = exact_ci_j(n, &coverage);

		stats_median_ci_ranks(n, &ci);
		if (ci.j != j)
			fail_msg("n = %u: j = %zu, exact binomial says %zu", n,
				 ci.j, j);
		assert_int_equal(ci.k, n + 1 - j);
		assert_true(ci.coverage >= STATS_CI_LEVEL);
		assert_close(ci.coverage, coverage, 1e-12);
	}
}

static void test_ci_values(void **state)
{
	double x[] = { 7, 3, 10, 1, 5, 9, 2, 8, 4, 6 }, small[] = { 4, 1, 3 };
	struct median_ci ci;
	struct stats_summary s;

	(void)state;
	/* n = 10: ranks 2 and 9 of 1..10. */
	assert_int_equal(stats_median_ci(x, ARRAY_SIZE(x), &ci), 0);
	assert_true(ci.lo == 2 && ci.hi == 9);
	assert_true(x[0] == 7);
	/* n = 3: min..max, covering 75%. */
	assert_int_equal(stats_median_ci(small, 3, &ci), 0);
	assert_true(ci.lo == 1 && ci.hi == 4 && ci.coverage == 0.75);
	assert_int_equal(stats_median_ci(x, 0, &ci), -1);

	assert_int_equal(stats_summarize(x, ARRAY_SIZE(x), &s), 0);
	assert_true(s.n == 10 && s.median == 5.5 && s.min == 1 && s.max == 10);
	assert_true(s.mean == 5.5 && s.ci.lo == 2 && s.ci.hi == 9);
	assert_int_equal(stats_summarize(x, 0, &s), -1);
}

static struct mann_whitney mw(const double *a, size_t n1, const double *b,
			      size_t n2)
{
	struct mann_whitney r;

	assert_int_equal(stats_mann_whitney(a, n1, b, n2, &r), 0);
	return r;
}

static void test_mw_exact_no_ties(void **state)
{
	double lo[] = { 1, 2, 3, 4, 5 }, hi[] = { 6, 7, 8, 9, 10 };
	double a[] = { 1, 2, 3, 4 }, b[] = { 5, 6, 7 };
	struct mann_whitney r;

	(void)state;
	/* Fully separated 5 vs 5: 2 of the C(10, 5) = 252 orderings. */
	r = mw(lo, 5, hi, 5);
	assert_true(r.exact);
	assert_true(r.u == 0);
	assert_close(r.p, 2.0 / 252, 1e-12);
	r = mw(hi, 5, lo, 5);
	assert_true(r.u == 25);
	assert_close(r.p, 2.0 / 252, 1e-12);
	/* 4 vs 3 separated: 2 of C(7, 3) = 35. */
	r = mw(a, 4, b, 3);
	assert_true(r.u == 0);
	assert_close(r.p, 2.0 / 35, 1e-12);
}

static void test_mw_exact_ties(void **state)
{
	/* By enumeration of all C(11, 5) rank subsets: p = 32/231. */
	double a[] = { 1, 2, 2, 3, 5 }, b[] = { 2, 3, 4, 5, 5, 6 };
	double c[] = { 1, 1, 2 }, d[] = { 1, 2, 2, 3 };
	struct mann_whitney r;

	(void)state;
	r = mw(a, ARRAY_SIZE(a), b, ARRAY_SIZE(b));
	assert_true(r.exact);
	assert_true(r.u == 6.5);
	assert_close(r.p, 32.0 / 231, 1e-12);
	r = mw(c, 3, d, 4); /* C(7, 3) = 35 subsets: p = 2/5 */
	assert_true(r.u == 3);
	assert_close(r.p, 0.4, 1e-12);
}

static void test_mw_identical(void **state)
{
	double a[] = { 3, 1, 2 }, b[] = { 2, 3, 1 }, same[] = { 5, 5, 5, 5 };
	double big[60];

	(void)state;
	assert_true(mw(a, 3, b, 3).p == 1);
	assert_true(mw(same, 4, same, 3).p == 1);
	for (size_t i = 0; i < 60; i++)
		big[i] = i % 7;
	assert_true(mw(big, 60, big, 60).p == 1); /* normal */
	assert_true(mw(same, 4, same, 4).u == 8);
}

/* Brute force: every n1-subset of the pooled ranks, found by bitmask. */
static double brute_p(const double *a, size_t n1, const double *b, size_t n2)
{
	double pool[16];
	long r2[16], obs = 0, mean2, hit = 0, all = 0;
	size_t N = n1 + n2;

	for (size_t i = 0; i < N; i++)
		pool[i] = i < n1 ? a[i] : b[i - n1];
	/* Doubled midrank: 2 * (number below) + (number equal) + 1. */
	for (size_t i = 0; i < N; i++) {
		long below = 0, equal = 0;

		for (size_t j = 0; j < N; j++) {
			below += pool[j] < pool[i];
			equal += pool[j] == pool[i];
		}
		r2[i] = 2 * below + equal + 1;
		if (i < n1)
			obs += r2[i];
	}
	mean2 = (long)(n1 * (N + 1));
	for (unsigned long mask = 0; mask < 1ul << N; mask++) {
		long s = 0;

		if ((size_t)__builtin_popcountl(mask) != n1)
			continue;
		for (size_t i = 0; i < N; i++)
			if (mask >> i & 1)
				s += r2[i];
		all++;
		hit += labs(s - mean2) >= labs(obs - mean2);
	}
	return (double)hit / all;
}

static void test_mw_exact_vs_enumeration(void **state)
{
	uint64_t seed = 12345;

	(void)state;
	for (int t = 0; t < 200; t++) {
		double a[8], b[8];
		size_t n1 = 1 + t % 7, n2 = 1 + (t / 7) % 8;

		/* Few distinct values, so most samples have ties. */
		for (size_t i = 0; i < n1 + n2; i++) {
			seed = seed * 6364136223846793005ull +
			       1442695040888963407ull;
			(i < n1 ? a : b)[i < n1 ? i : i - n1] =
				(double)((seed >> 33) % (3 + t % 6));
		}
		assert_close(mw(a, n1, b, n2).p, brute_p(a, n1, b, n2), 1e-12);
	}
}

static void test_mw_normal(void **state)
{
	double a[60], b[60], c[60];
	struct mann_whitney r;

	(void)state;
	for (int i = 0; i < 60; i++) {
		a[i] = i + 1;	 /* 1..60 */
		b[i] = i + 10.5; /* 10.5..69.5: no ties */
		c[i] = i + 11;	 /* 11..70: 50 ties with a */
	}
	r = mw(a, 60, b, 60);
	assert_false(r.exact);
	assert_true(r.u == 1275);
	assert_close(r.p, 0.005906794153805787, 1e-9);
	r = mw(a, 60, c, 60);
	assert_true(r.u == 1250);
	assert_close(r.p, 0.0039218839047846475, 1e-9);
}

static void test_mw_exact_limit(void **state)
{
	double a[51], b[51], z;
	struct mann_whitney exact;

	(void)state;
	for (int i = 0; i < 51; i++) {
		a[i] = i;
		b[i] = i + 5.5;
	}
	/* a_i > b_j for j <= i - 6: u = 1 + 2 + ... + 44 = 990. */
	exact = mw(a, 50, b, 50);
	assert_true(exact.exact);
	assert_true(exact.u == 990);
	/* At 50 per side the exact p is close to the normal one. */
	z = (1250 - 990 - 0.5) / sqrt(50 * 50 * 101 / 12.0);
	assert_close(exact.p, erfc(z / sqrt(2)), 0.02);
	assert_false(mw(a, 51, b, 50).exact);
	assert_false(mw(a, 50, b, 51).exact);
}

static void test_mw_empty(void **state)
{
	double a[] = { 1 };
	struct mann_whitney r;

	(void)state;
	assert_int_equal(stats_mann_whitney(a, 0, a, 1, &r), -1);
	assert_int_equal(stats_mann_whitney(a, 1, a, 0, &r), -1);
}

/* calibrate's fit: exact on points of a line, and refuses degenerate input. */
static void test_linear_fit(void **state)
{
	/* 172.4 us fixed + 118.3 ns per page, as calibrate would see it */
	double x[] = { 0, 4096, 16384, 65536 }, y[4], a, b;
	double same[] = { 5, 5, 5 };

	(void)state;
	for (int i = 0; i < 4; i++)
		y[i] = 172400 + 118.3 * x[i];
	assert_int_equal(stats_linear_fit(x, y, 4, &a, &b), 0);
	assert_true(fabs(a - 172400) < 1e-6);
	assert_true(fabs(b - 118.3) < 1e-9);
	/* Noise that cancels: +-100 ns around the line at x = 0 twice */
	double x2[] = { 0, 0, 10, 10 }, y2[] = { 900, 1100, 1900, 2100 };
	assert_int_equal(stats_linear_fit(x2, y2, 4, &a, &b), 0);
	assert_true(fabs(a - 1000) < 1e-9 && fabs(b - 100) < 1e-9);
	assert_int_equal(stats_linear_fit(same, y, 3, &a, &b), -1);
	assert_int_equal(stats_linear_fit(x, y, 1, &a, &b), -1);
}

/*
 * calibrate's fit: one size whose tries were all slow (another process
 * ran) moves a least-squares line but not the Theil-Sen line.
 */
static void test_theil_sen(void **state)
{
	double x[] = { 0, 4096, 16384, 32768, 65536 }, y[5], a, b;
	double same[] = { 5, 5, 5 };

	(void)state;
	for (int i = 0; i < 5; i++)
		y[i] = 172400 + 118.3 * x[i];
	assert_int_equal(stats_theil_sen(x, y, 5, &a, &b), 0);
	assert_true(fabs(a - 172400) < 1e-6 && fabs(b - 118.3) < 1e-9);
	y[4] *= 1.6; /* the biggest size, 60% slow */
	assert_int_equal(stats_theil_sen(x, y, 5, &a, &b), 0);
	assert_true(fabs(a - 172400) < 1e-6 && fabs(b - 118.3) < 1e-9);
	assert_int_equal(stats_linear_fit(x, y, 5, &a, &b), 0);
	assert_true(fabs(b - 118.3) > 10); /* least squares is moved */
	assert_int_equal(stats_theil_sen(same, y, 3, &a, &b), -1);
	assert_int_equal(stats_theil_sen(x, y, 1, &a, &b), -1);
}

/*
 * The floor on p for each sample size is what a fully separated pair of
 * samples gets, which the test itself computes for every size up to 12.
 */
static void test_mw_min_p(void **state)
{
	double a[60], b[60];

	(void)state;
	assert_close(stats_mw_min_p(5, 5), 2.0 / 252, 1e-12);
	assert_close(stats_mw_min_p(3, 3), 0.1, 1e-12);
	assert_close(stats_mw_min_p(4, 4), 2.0 / 70, 1e-12);
	assert_close(stats_mw_min_p(3, 4), 2.0 / 35, 1e-12);
	assert_close(stats_mw_min_p(2, 7), 2.0 / 36, 1e-12);
	assert_close(stats_mw_min_p(1, 39), 0.05, 1e-12);
	assert_true(stats_mw_min_p(1, 1) == 1);
	assert_true(stats_mw_min_p(0, 5) == 1);
	assert_true(stats_mw_min_p(5, 0) == 1);
	for (int i = 0; i < 60; i++) {
		a[i] = i;
		b[i] = i + 100;
	}
	for (size_t n1 = 1; n1 <= 12; n1++)
		for (size_t n2 = 1; n2 <= 12; n2++)
			assert_close(stats_mw_min_p(n1, n2), mw(a, n1, b, n2).p,
				     1e-12);
	/* Past the exact limit: the normal approximation's floor. */
	assert_close(stats_mw_min_p(60, 60), mw(a, 60, b, 60).p, 1e-12);
	assert_close(stats_mw_min_p(50, 50), mw(a, 50, b, 50).p, 1e-9);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_median),
		cmocka_unit_test(test_min_max_mean_cv),
		cmocka_unit_test(test_ci_ranks_known),
		cmocka_unit_test(test_ci_ranks_exact),
		cmocka_unit_test(test_ci_values),
		cmocka_unit_test(test_mw_exact_no_ties),
		cmocka_unit_test(test_mw_exact_ties),
		cmocka_unit_test(test_mw_identical),
		cmocka_unit_test(test_mw_exact_vs_enumeration),
		cmocka_unit_test(test_mw_normal),
		cmocka_unit_test(test_mw_exact_limit),
		cmocka_unit_test(test_mw_empty),
		cmocka_unit_test(test_mw_min_p),
		cmocka_unit_test(test_linear_fit),
		cmocka_unit_test(test_theil_sen),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
