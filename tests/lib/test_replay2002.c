// SPDX-License-Identifier: GPL-2.0
/*
 * Known answers for src/lib/replay2002.c: the 2002 replay's figures by
 * regime, and check 4, on which --reps-max stops.
 */
#include "rmaptest.h"
#include "lib/replay2002.h"

#define REPS 32

struct data {
	double wall[REPS][R2002_KERNELS];
	double pp[REPS][R2002_KERNELS];
};

/* Repetition i: the three kernels' elapsed times, all at ping-pong pp. */
static void rep(struct data *d, int i, double pp, double none, double rmap,
		double daniel)
{
	d->wall[i][R2002_NONE] = none;
	d->wall[i][R2002_RMAP] = rmap;
	d->wall[i][R2002_DANIEL] = daniel;
	for (int e = 0; e < R2002_KERNELS; e++)
		d->pp[i][e] = pp;
}

static void split(const struct data *d, size_t n, struct r2002_split *s)
{
	assert_int_equal(r2002_split(d->wall, d->pp, n, s), 0);
}

/*
 * 12 repetitions at 117 ns (overhead 30%, share -10%), 5 at 38 ns
 * (12%, -50%) and one whose rmap-13b ran in the other regime: the figures
 * are the bigger regime's, and narrow.
 */
static void test_biggest(void **state)
{
	struct data d;
	struct r2002_split s;

	(void)state;
	for (int i = 0; i < 12; i++)
		rep(&d, i, 117 + i % 3, 1, 1.3 + 0.001 * (i % 4), 1.33);
	for (int i = 12; i < 17; i++)
		rep(&d, i, 38, 1, 1.12, 1.18);
	rep(&d, 17, 38, 1, 1.3, 1.3);
	d.pp[17][R2002_RMAP] = 117;
	split(&d, 18, &s);
	assert_int_equal(s.nr, 2);
	assert_int_equal(s.unlabelled, 1);
	assert_true(fabs(s.r[s.biggest].centre - 118) < 1e-9);
	assert_int_equal(s.r[s.biggest].n, 12);
	assert_true(fabs(s.r[s.biggest].overhead.median - 30.15) < 0.1);
	assert_true(s.r[s.biggest].removed.median < -9 &&
		    s.r[s.biggest].removed.median > -11);
	assert_true(r2002_narrow(&s.r[s.biggest]));
	assert_true(fabs(s.r[1 - s.biggest].overhead.median - 12) < 1e-9);
	assert_true(fabs(s.r[1 - s.biggest].removed.median + 50) < 1e-9);
}

/*
 * The stop goes on while the share is spread (+-33 points over 12
 * repetitions) and stops once steadier repetitions narrow it (24).
 */
static void test_stop_continues_then_stops(void **state)
{
	struct data d;
	struct r2002_split s;

	(void)state;
	for (int i = 0; i < 12; i++)
		rep(&d, i, 117, 1, 1.3, i % 2 ? 1.2 : 1.4);
	split(&d, 12, &s);
	assert_true(s.r[s.biggest].overhead.hi - s.r[s.biggest].overhead.lo <
		    1e-9);
	assert_false(r2002_narrow(&s.r[s.biggest]));
	for (int i = 12; i < 24; i++)
		rep(&d, i, 117, 1, 1.3, 1.3);
	split(&d, 24, &s);
	assert_int_equal(s.r[s.biggest].n, 24);
	assert_true(r2002_narrow(&s.r[s.biggest]));
}

/* The overhead alone too wide (+-15 points) fails the check too. */
static void test_overhead_too_wide(void **state)
{
	struct data d;
	struct r2002_split s;

	(void)state;
	for (int i = 0; i < 12; i++) {
		double rmap = i % 2 ? 1.15 : 1.45;

		rep(&d, i, 117, 1, rmap, rmap);
	}
	split(&d, 12, &s);
	assert_true(fabs(s.r[s.biggest].removed.hi) < 1e-9);
	assert_false(r2002_narrow(&s.r[s.biggest]));
}

/* Five identical repetitions: no 95% interval yet, so no stop. */
static void test_too_few(void **state)
{
	struct data d;
	struct r2002_split s;

	(void)state;
	for (int i = 0; i < 5; i++)
		rep(&d, i, 117, 1, 1.3, 1.33);
	split(&d, 5, &s);
	assert_true(s.r[0].overhead.coverage < 0.95);
	assert_false(r2002_narrow(&s.r[0]));
	rep(&d, 5, 117, 1, 1.3, 1.33);
	split(&d, 6, &s);
	assert_true(r2002_narrow(&s.r[0]));
}

/* Without ping-pongs (one thread, an old file) the repetitions pool. */
static void test_no_regime(void **state)
{
	struct data d;
	struct r2002_split s;

	(void)state;
	for (int i = 0; i < 8; i++)
		rep(&d, i, NAN, 1, 1.2, 1.1);
	split(&d, 8, &s);
	assert_int_equal(s.nr, 1);
	assert_true(isnan(s.r[0].centre));
	assert_int_equal(s.r[0].n, 8);
	assert_int_equal(s.unlabelled, 0);
	assert_true(fabs(s.r[0].removed.median - 50) < 1e-9);
}

static void test_kernels(void **state)
{
	(void)state;
	assert_int_equal(r2002_kernel("2.4.19-pre7", "none"), R2002_NONE);
	assert_int_equal(r2002_kernel("2.4.19-pre7-rmap13b", "none"),
			 R2002_RMAP);
	assert_int_equal(r2002_kernel("2.4.19-pre7-rmap13b-daniel", "none"),
			 R2002_DANIEL);
	assert_int_equal(r2002_kernel("2.6.7", "none"), -1);
	assert_int_equal(r2002_kernel("custom", "pagebit"), R2002_RMAP);
	assert_int_equal(r2002_kernel("", "batched"), R2002_DANIEL);
	assert_int_equal(r2002_kernel("", "hashed"), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_biggest),
		cmocka_unit_test(test_stop_continues_then_stops),
		cmocka_unit_test(test_overhead_too_wide),
		cmocka_unit_test(test_too_few),
		cmocka_unit_test(test_no_regime),
		cmocka_unit_test(test_kernels),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
