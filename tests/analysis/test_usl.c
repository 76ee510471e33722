// SPDX-License-Identifier: GPL-2.0
/* The USL fit recovers known parameters and refuses what it cannot fit. */
#include <math.h>
#include <string.h>
#include "rmaptest.h"
#include "analysis/usl.h"

static const double cpus[] = { 1, 2, 4, 8, 16, 32, 64, 128 };

static void exact_curve(void **state)
{
	(void)state;
	struct usl_fit want = { .sigma = 0.05, .kappa = 0.0004 }, got;
	double x[ARRAY_SIZE(cpus)];

	for (size_t i = 0; i < ARRAY_SIZE(cpus); i++)
		x[i] = 1000 * usl_capacity(&want, cpus[i]);
	assert_int_equal(usl_fit(cpus, x, ARRAY_SIZE(cpus), &got), 0);
	assert_close(got.sigma, 0.05, 1e-6);
	assert_close(got.kappa, 0.0004, 1e-6);
	assert_close(got.nstar, sqrt(0.95 / 0.0004), 1e-6);
	assert_close(got.r2, 1, 1e-9);
	assert_int_equal(got.shape, USL_SHAPED);
}

/* Noise of a few percent: the fit lands near, and R² says it is good. */
static void noisy_curve(void **state)
{
	(void)state;
	struct usl_fit want = { .sigma = 0.1, .kappa = 0.001 }, got;
	double x[ARRAY_SIZE(cpus)];
	uint64_t rng = 42;

	for (size_t i = 0; i < ARRAY_SIZE(cpus); i++) {
		double noise = (double)(xorshift64(&rng) % 1000) / 1000 - 0.5;

		x[i] = 500 * usl_capacity(&want, cpus[i]) * (1 + 0.04 * noise);
	}
	x[0] = 500;
	assert_int_equal(usl_fit(cpus, x, ARRAY_SIZE(cpus), &got), 0);
	assert_close(got.sigma, 0.1, 0.25);
	assert_close(got.kappa, 0.001, 0.25);
	assert_true(got.r2 > 0.95);
}

/* Linear scaling: no contention, no coherency, no peak. */
static void linear(void **state)
{
	(void)state;
	struct usl_fit got;
	double x[ARRAY_SIZE(cpus)];

	for (size_t i = 0; i < ARRAY_SIZE(cpus); i++)
		x[i] = 7 * cpus[i];
	assert_int_equal(usl_fit(cpus, x, ARRAY_SIZE(cpus), &got), 0);
	assert_true(got.sigma < 1e-9);
	assert_true(got.kappa < 1e-12);
	assert_true(isinf(got.nstar) || got.nstar > 1e5);
	/* sigma and kappa at their bound: the law says nothing here */
	assert_int_equal(got.shape, USL_AT_BOUND);
}

/* A global lock: throughput flat past one CPU gives sigma near 1. */
static void serialised(void **state)
{
	(void)state;
	struct usl_fit got;
	double x[ARRAY_SIZE(cpus)];

	for (size_t i = 0; i < ARRAY_SIZE(cpus); i++)
		x[i] = 100;
	assert_int_equal(usl_fit(cpus, x, ARRAY_SIZE(cpus), &got), 0);
	assert_close(got.sigma, 1, 1e-3);
	assert_int_equal(got.shape, USL_AT_BOUND);
}

/*
 * A zig-zag (a modelled lock curve at topology boundaries) and a short
 * sweep: fitted, and said not to be USL-shaped.
 */
static void not_shaped(void **state)
{
	(void)state;
	struct usl_fit got;
	const double zig[ARRAY_SIZE(cpus)] = { 100, 60, 130, 50, 140, 40,
					       150, 45 };
	const double n3[] = { 1, 2, 4 }, x3[] = { 10, 18, 30 };
	char why[96];

	assert_int_equal(usl_fit(cpus, zig, ARRAY_SIZE(cpus), &got), 0);
	assert_true(got.r2 < USL_MIN_R2);
	assert_int_equal(got.shape, USL_POOR_FIT);
	usl_shape_text(&got, why, sizeof(why));
	assert_non_null(strstr(why, "not USL-shaped: R2 "));
	assert_int_equal(usl_fit(n3, x3, 3, &got), 0);
	assert_int_equal(got.shape, USL_FEW_POINTS);
}

static void refused(void **state)
{
	(void)state;
	struct usl_fit got;
	const double n2[] = { 1, 2 }, x2[] = { 1, 2 };
	const double n3[] = { 2, 4, 8 }, x3[] = { 1, 2, 3 };
	const double n4[] = { 1, 2, 4 }, x4[] = { 1, 0, 3 };

	assert_int_equal(usl_fit(n2, x2, 2, &got), -1); /* two N */
	assert_int_equal(usl_fit(n3, x3, 3, &got), -1); /* no N = 1 */
	assert_int_equal(usl_fit(n4, x4, 3, &got), -1); /* zero throughput */
	assert_int_equal(usl_fit(n4, x4, 0, &got), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(exact_curve), cmocka_unit_test(noisy_curve),
		cmocka_unit_test(linear),      cmocka_unit_test(serialised),
		cmocka_unit_test(refused),     cmocka_unit_test(not_shaped),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
