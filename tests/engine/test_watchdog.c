// SPDX-License-Identifier: GPL-2.0
// make: also under ThreadSanitizer (threads)
/*
 * The watchdog: a point whose driver thread livelocks (the test-only
 * test_stall hook parks thread 0 on a lock nobody will release) ends with
 * POINT_TIMEOUT instead of hanging the run, and the next point runs
 * normally.
 */
#include <string.h>
#include "rmaptest.h"
#include "fixture.h"
#include "engine/driver.h"
#include "engine/sweep.h"
#include "strategy/strategy.h"

static void config(struct config *cfg, const char *strategy,
		   unsigned int threads)
{
	*cfg = test_config(strategy_find(strategy));
	cfg->threads = cfg->loops = threads;
	cfg->pages = 64;
	test_short(cfg, 0.05);
}

static void stall(const char *strategy, unsigned int threads)
{
	static struct point_result res;
	struct config cfg;
	char msg[512];
	int ret;

	config(&cfg, strategy, threads);
	cfg.test_stall = true;
	cfg.timeout = 0.3;
	ret = run_point(&cfg, &res, msg, sizeof(msg));
	if (ret != POINT_TIMEOUT)
		fail_msg(
			"%s, %u threads: run_point returned %d (%s), expected the watchdog's %d",
			strategy, threads, ret, msg, POINT_TIMEOUT);
	/* That it returned at all is the check: a hung watchdog hangs here. */
	assert_non_null(strstr(msg, "livelock"));

	cfg.test_stall = false;
	cfg.timeout = 60;
	ret = run_point(&cfg, &res, msg, sizeof(msg));
	if (ret)
		fail_msg("%s: the point after a timeout failed: %s", strategy,
			 msg);
	assert_true(res.forks > 0);
}

static void test_stall_one_thread(void **state)
{
	(void)state;
	stall("hashed", 1);
}

static void test_stall_two_threads(void **state)
{
	(void)state;
	stall("pagebit", 2);
}

/*
 * A driver thread that finds no memory for a chain node cannot finish its
 * update: the point must end as POINT_NOMEM with a message, the other
 * threads (perhaps waiting on locks it held) must leave, and the next
 * point must run.
 */
static void test_nomem(void **state)
{
	static struct point_result res;
	struct config cfg;
	char msg[512];
	int ret;

	(void)state;
	config(&cfg, "hashed", 2);
	cfg.test_nomem = true;
	ret = run_point(&cfg, &res, msg, sizeof(msg));
	if (ret != POINT_NOMEM)
		fail_msg("run_point returned %d (%s), expected %d", ret, msg,
			 POINT_NOMEM);
	assert_non_null(strstr(msg, "out of memory"));
	cfg.test_nomem = false;
	ret = run_point(&cfg, &res, msg, sizeof(msg));
	if (ret)
		fail_msg("the point after running out of memory failed: %s",
			 msg);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_stall_one_thread),
		cmocka_unit_test(test_stall_two_threads),
		cmocka_unit_test(test_nomem),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
