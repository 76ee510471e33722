// SPDX-License-Identifier: GPL-2.0
// make: also under ThreadSanitizer (threads)
/*
 * The pageout side: with a scanner thread running page_referenced() and
 * try_to_unmap() beside two driver threads, every strategy keeps its
 * invariants; a one-entry chain folds back into PageDirect; and the
 * calibration's fit recovers a known line from synthetic timings.
 */
#include <math.h>
#include <string.h>
#include "rmaptest.h"
#include "fixture.h"
#include "engine/calibrate.h"
#include "engine/driver.h"
#include "engine/sweep.h"
#include "strategy/strategy.h"
#include "engine/world.h"

static void config(struct config *cfg, const struct strategy *s)
{
	*cfg = test_config(s);
	cfg->threads = cfg->loops = 2;
	cfg->pages = 128;
	cfg->children = 2;
	test_short(cfg, 0.05);
	cfg->reclaim = 1;
	cfg->unmap_frac = 0.5;
}

static void test_invariants_with_reclaim(void **state)
{
	static struct point_result res;
	char msg[512];

	(void)state;
	for (unsigned int i = 0; i < nr_strategies; i++) {
		struct config cfg;
		int ret;

		config(&cfg, strategies[i]);
		/* On a loaded machine the scanner may get no CPU in a short
		 * window: a longer one, never a weaker check. */
		for (int try = 0; try < 5; try++, cfg.duration *= 2) {
			ret = run_point(&cfg, &res, msg, sizeof(msg));
			if (ret)
				fail_msg(
					"%s with a scanner: run_point returned %d: %s",
					strategies[i]->name, ret, msg);
			if (res.reclaim.scanned > 0 &&
			    (res.reclaim.trylocks > 0 ||
			     strategies[i]->kind == RMAP_NONE))
				break;
		}
		assert_true(res.reclaim.scanned > 0);
		if (strategies[i]->kind != RMAP_NONE)
			assert_true(res.reclaim.trylocks > 0);
	}
}

/*
 * A world whose parents map every page once (one family, no file pages):
 * each page holds one pte; without PageDirect it sits in a chain node, and
 * page_referenced() must fold it back and give the node back.
 */
static void test_collapse(void **state)
{
	const struct strategy *s = strategy_find("pagebit");
	struct reclaim_stats rs = { 0 };
	struct rmap_ctx ctx, *ctxs[] = { &ctx };
	struct config cfg;
	struct world w;
	char msg[512];

	(void)state;
	config(&cfg, s);
	cfg.threads = cfg.loops = 1;
	cfg.file_frac = 0;
	cfg.direct = false;
	assert_int_equal(world_init(&w, &cfg), 0);
	rmap_ctx_init(&ctx, &w);
	assert_false(PageDirect(&w.pool[0]));
	assert_non_null(w.pool[0].pte.chain);
	/* Fold only with PageDirect on, as 2.5 did. */
	ctx.direct = true;
	s->ops[RMAP_FAST]->page_referenced(&ctx, &w.pool[0], &rs);
	assert_int_equal(rs.collapsed, 1);
	assert_true(PageDirect(&w.pool[0]));
	assert_ptr_equal(w.pool[0].pte.direct, w.family[0].parent.pgd);
	/* The parent's pte was young: now it is not. */
	assert_int_equal(rs.referenced, 1);
	s->ops[RMAP_FAST]->page_referenced(&ctx, &w.pool[0], &rs);
	assert_int_equal(rs.referenced, 1);
	assert_int_equal(rs.collapsed, 1);
	/* The freed node is accounted for: the world still checks clean. */
	if (world_check(&w, ctxs, 1, msg, sizeof(msg)))
		fail_msg("after a collapse: %s", msg);
	pte_chain_cache_destroy(&ctx.alloc);
	world_destroy(&w);
}

static void test_calibration_fit(void **state)
{
	/* 172.4 us + 118.3 ns per page, plus a file line that is flat. */
	const unsigned long pages[] = { 0, 1024, 4096, 65536 };
	struct cal_point pt[8];
	struct cal_fit fit;

	(void)state;
	for (int i = 0; i < 4; i++) {
		pt[i] = (struct cal_point){ .kind = CAL_ANON,
					    .pages = pages[i] };
		pt[i].s.median = 172400 + 118.3 * pages[i];
		pt[4 + i] = (struct cal_point){ .kind = CAL_FILE,
						.pages = pages[i] };
		pt[4 + i].s.median = 150000;
	}
	assert_int_equal(calibrate_fit(pt, 8, CAL_ANON, &fit), 0);
	assert_true(fabs(fit.fixed_ns - 172400) < 1e-6);
	assert_true(fabs(fit.per_page_ns - 118.3) < 1e-9);
	assert_int_equal(calibrate_fit(pt, 8, CAL_FILE, &fit), 0);
	assert_true(fabs(fit.per_page_ns) < 1e-12);
	assert_int_equal(calibrate_fit(pt, 1, CAL_ANON, &fit), -1);
}

/*
 * A negative fixed cost is no measurement: clamped to 0, said so, and the
 * per-page cost refitted through the origin.  Each round's line gives the
 * spread calibrate reports.
 */
static void test_calibration_clamp(void **state)
{
	const unsigned long pages[] = { 0, 4096, 16384, 65536 };
	struct cal_point pt[4];
	struct cal_fit fit;

	(void)state;
	for (int i = 0; i < 4; i++) {
		pt[i] = (struct cal_point){ .kind = CAL_ANON,
					    .pages = pages[i] };
		/* super-linear: the line through them starts below zero */
		pt[i].s.median = 100.0 * pages[i] + 1e-3 * pages[i] * pages[i];
		for (int r = 0; r < CAL_ROUNDS; r++)
			pt[i].round_median[r] = pt[i].s.median * (1 + 0.01 * r);
	}
	assert_int_equal(calibrate_fit(pt, 4, CAL_ANON, &fit), 0);
	assert_true(fit.clamped);
	assert_true(fit.fitted_fixed_ns < 0);
	assert_true(fit.fixed_ns == 0);
	assert_true(fit.per_page_ns > 100 && fit.per_page_ns < 200);
	assert_true(fit.round_lo <= fit.per_page_ns &&
		    fit.per_page_ns <= fit.round_hi);
	assert_true(fit.round_hi > fit.round_lo * 1.03);
	assert_true(fit.residual_pct > 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_invariants_with_reclaim),
		cmocka_unit_test(test_collapse),
		cmocka_unit_test(test_calibration_fit),
		cmocka_unit_test(test_calibration_clamp),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
