// SPDX-License-Identifier: GPL-2.0
/* Known answers for src/lib/regime.c: ping-pongs grouped by regime. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include "rmaptest.h"
#include "lib/regime.h"

/* The development VM's two regimes, a value of neither, and no value. */
static void test_two_regimes(void **state)
{
	double v[] = { 117, 37.5, 116, NAN, 38, 120, 0, 37 };
	int g[8], want[] = { 1, 0, 1, -1, 0, 1, -1, 0 };
	struct regimes r;

	(void)state;
	regime_group(v, 8, g, &r);
	assert_int_equal(r.n, 2);
	assert_true(fabs(r.centre[0] - 37.5) < 1e-9);
	assert_true(fabs(r.centre[1] - 117) < 1e-9);
	assert_int_equal(r.count[0], 3);
	assert_int_equal(r.count[1], 3);
	for (int i = 0; i < 8; i++)
		assert_int_equal(g[i], want[i]);
}

/* A chain of values each within REGIME_SAME of the next is one regime. */
static void test_chain_is_one(void **state)
{
	double v[] = { 30, 40, 55, 75 };
	int g[4];
	struct regimes r;

	(void)state;
	regime_group(v, 4, g, &r);
	assert_int_equal(r.n, 1);
	assert_int_equal(r.count[0], 4);
	for (int i = 0; i < 4; i++)
		assert_int_equal(g[i], 0);
}

/* Past REGIME_MAX the last regime takes the rest. */
static void test_too_many(void **state)
{
	double v[REGIME_MAX + 2];
	int g[REGIME_MAX + 2];
	struct regimes r;

	(void)state;
	for (int i = 0; i < REGIME_MAX + 2; i++)
		v[i] = pow(2, i);
	regime_group(v, REGIME_MAX + 2, g, &r);
	assert_int_equal(r.n, REGIME_MAX);
	assert_int_equal(r.count[REGIME_MAX - 1], 3);
	assert_int_equal(g[REGIME_MAX + 1], REGIME_MAX - 1);
	assert_int_equal(g[0], 0);
}

static void test_none(void **state)
{
	double v[] = { NAN };
	int g[1];
	struct regimes r;

	(void)state;
	regime_group(v, 1, g, &r);
	assert_int_equal(r.n, 0);
	assert_int_equal(g[0], -1);
	regime_group(v, 0, g, &r);
	assert_int_equal(r.n, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_two_regimes),
		cmocka_unit_test(test_chain_is_one),
		cmocka_unit_test(test_too_many),
		cmocka_unit_test(test_none),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
