// SPDX-License-Identifier: GPL-2.0
// make: also under ThreadSanitizer (threads)
/*
 * What the accounting says must be true: lock_rmap() retries appear under
 * index churn for the hashed locks and never for the page bit lock, one
 * thread without churn never waits for a lock, hashed takes exactly two
 * locks per pte, and the latency histogram's percentiles are exact where
 * its buckets are exact.
 */
#include <string.h>
#include "rmaptest.h"
#include "fixture.h"
#include "engine/driver.h"
#include "lib/histogram.h"
#include "engine/sweep.h"
#include "strategy/strategy.h"

static void point(const char *strategy, unsigned int threads,
		  unsigned long churn, struct point_result *res)
{
	struct config cfg = test_config(strategy_find(strategy));
	char msg[512];
	int ret;

	cfg.threads = cfg.loops = threads;
	cfg.pages = 512;
	test_short(&cfg, 0.2);
	cfg.warmup = 0.02;
	cfg.index_churn = churn;
	ret = run_point(&cfg, res, msg, sizeof(msg));
	if (ret)
		fail_msg("%s: run_point returned %d: %s", strategy, ret, msg);
}

static void test_churn_retries(void **state)
{
	static struct point_result res;

	(void)state;
	/*
	 * Retries need a page whose index moves while a thread waits: give
	 * it tries rather than fail on an unlucky schedule (or a loaded
	 * machine, which runs fewer rounds in a point's window).
	 */
	for (int i = 0; i < 20; i++) {
		point("hashed", 2, 100000, &res);
		if (res.stats.retries)
			break;
	}
	assert_true(res.churned > 0);
	if (!res.stats.retries)
		fail_msg(
			"hashed under --index-churn 100000: no lock_rmap() retry in 20 runs");
	point("pagebit", 2, 100000, &res);
	assert_true(res.churned > 0);
	assert_int_equal(res.stats.retries, 0);
}

static void test_one_thread_uncontended(void **state)
{
	static struct point_result res;

	(void)state;
	for (unsigned int i = 0; i < nr_strategies; i++) {
		point(strategies[i]->name, 1, 0, &res);
		if (res.stats.contended)
			fail_msg("%s, one thread: %lu contended acquisitions",
				 strategies[i]->name, res.stats.contended);
	}
}

static void test_acquisitions_per_pte(void **state)
{
	static struct point_result res;

	(void)state;
	point("hashed", 1, 0, &res);
	/*
	 * one lock_rmap() for the add at fork, one for the remove at exit;
	 * and i_shared_lock at each for the file vma (the default --vmas 2:
	 * one file vma a process of 512 ptes), counted as a file lock
	 */
	assert_int_equal(res.stats.acquisitions - res.stats.file_locks,
			 2 * res.ptes);
	assert_int_equal(res.stats.file_locks, 2 * res.ptes / 512);
	point("batched", 1, 0, &res);
	assert_true(res.stats.acquisitions > 0);
	assert_true(res.stats.acquisitions < 2 * res.ptes);
}

static void test_histogram_exact(void **state)
{
	static struct histogram h;

	(void)state;
	/* 1..100 ns: below 64 every value has its bucket, above it every even
	 * value starts one, so nearest-rank percentiles come out exact. */
	for (uint64_t v = 1; v <= 100; v++)
		hist_add(&h, v);
	assert_int_equal(hist_percentile(&h, 50), 50);
	assert_int_equal(hist_percentile(&h, 90), 90);
	assert_int_equal(hist_percentile(&h, 99),
			 98); /* 99 shares 98's bucket */
	assert_int_equal(hist_percentile(&h, 99.9), 100);
	assert_int_equal(h.max, 100);

	memset(&h, 0, sizeof(h));
	/* 1000 values: 990 of 1000 ns, 9 of 4096 ns, one of 1 ms */
	for (int i = 0; i < 990; i++)
		hist_add(&h, 1024);
	for (int i = 0; i < 9; i++)
		hist_add(&h, 4096);
	hist_add(&h, 1000000);
	assert_int_equal(hist_percentile(&h, 50), 1024);
	assert_int_equal(hist_percentile(&h, 99), 1024);
	assert_int_equal(hist_percentile(&h, 99.9), 4096);
	/* 1 ms is not a bucket floor: reported as its bucket's, 999424 */
	assert_int_equal(hist_percentile(&h, 100), 999424);
	assert_int_equal(h.max, 1000000);
	/* Every value lies in its bucket, within 1/32 above its floor. */
	for (uint64_t v = 1; v < (1ull << 40); v = v * 3 + 1) {
		uint64_t low = hist_bucket_low(hist_bucket(v));

		assert_true(low <= v);
		assert_true(v - low <= v / HIST_SUB);
	}
	memset(&h, 0, sizeof(h));
	assert_int_equal(hist_percentile(&h, 50), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_churn_retries),
		cmocka_unit_test(test_one_thread_uncontended),
		cmocka_unit_test(test_acquisitions_per_pte),
		cmocka_unit_test(test_histogram_exact),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
