// SPDX-License-Identifier: GPL-2.0
// make: also under ThreadSanitizer (threads)
/*
 * The process lifecycle: --lifecycle fork-exec-exit and --cow-faults, for
 * every strategy, through run_point() and its invariant check; the
 * counts each phase must reach; the handoff of children to another
 * thread; and the check itself after copy-on-write faults moved a
 * parent's pte to another page.
 */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include "rmaptest.h"
#include "fixture.h"
#include "engine/driver.h"
#include "engine/sweep.h"
#include "engine/world.h"
#include "strategy/strategy.h"

struct shape {
	unsigned int threads, loops, children;
	unsigned long pages, image_pages, cow_faults;
	unsigned int nrpte;
	bool direct;
};

/*
 * One thread (exec inline), two and four (four oversubscribe two CPUs),
 * more families than threads, several children per round, an image
 * bigger than the forked process, COW faults on more pages than are
 * anonymous (capped), one-pte nodes and no PageDirect.
 */
static const struct shape shapes[] = {
	{ 1, 1, 1, 256, 48, 4, 7, true },
	{ 2, 2, 1, 256, 48, 4, 7, true },
	{ 2, 4, 3, 100, 300, 0, 1, false },
	{ 4, 4, 2, 128, 64, 500, 3, true },
};

static struct config shape_config(const struct strategy *s,
				  const struct shape *sh,
				  enum lifecycle lifecycle)
{
	struct config cfg = test_config(s);

	cfg.threads = sh->threads;
	cfg.loops = sh->loops;
	cfg.children = sh->children;
	cfg.pages = sh->pages;
	cfg.file_frac = 0.75;
	cfg.image_pages = sh->image_pages;
	cfg.cow_faults = sh->cow_faults;
	cfg.nrpte = sh->nrpte;
	cfg.direct = sh->direct;
	cfg.lifecycle = lifecycle;
	test_short(&cfg, TEST_SANITIZED ? 0.03 : 0.02);
	cfg.warmup = 0.005;
	return cfg;
}

static void describe(const struct config *cfg, char *buf, size_t len)
{
	snprintf(
		buf, len,
		"%s %s threads %u loops %u children %u pages %lu image %lu cow %lu",
		cfg->strategy->name,
		cfg->lifecycle == LIFECYCLE_FORK_EXEC_EXIT ? "fork-exec-exit" :
							     "fork-exit",
		cfg->threads, cfg->loops, cfg->children, cfg->pages,
		cfg->image_pages, cfg->cow_faults);
}

/* The strategies of vma_template.h (today's fork path), by name. */
static bool vma_based(const struct strategy *s)
{
	return s->kind == RMAP_VMA;
}

/* What every measured child must have done, phase by phase. */
static int check_counts(const struct config *cfg, const struct point_result *r,
			const char *what)
{
	bool exec = cfg->lifecycle == LIFECYCLE_FORK_EXEC_EXIT;
	unsigned long image = exec ? cfg->image_pages : 0;
	unsigned long cow = config_cow_faults(cfg);

	if (!r->forks || r->ptes != r->forks * cfg->pages) {
		print_error("%s: %lu forks copied %lu ptes\n", what, r->forks,
			    r->ptes);
		return 1;
	}
	if (r->faults != r->forks * (image + cow)) {
		print_error("%s: %lu faults for %lu forks, expected %lu each\n",
			    what, r->faults, r->forks, image + cow);
		return 1;
	}
	if (r->exit_ptes != r->forks * (exec ? image : cfg->pages)) {
		print_error("%s: exit zapped %lu ptes for %lu forks\n", what,
			    r->exit_ptes, r->forks);
		return 1;
	}
	/* Today's fork leaves a file's ptes to faults: exec zaps fewer. */
	if (exec && (r->execs != r->forks || !r->exec_zapped ||
		     r->exec_zapped > r->ptes ||
		     (!vma_based(cfg->strategy) && r->exec_zapped != r->ptes) ||
		     !r->exec_ns || !r->fault_ns)) {
		print_error(
			"%s: %lu execs zapped %lu ptes in %llu ns, faults %llu ns, for %lu forks\n",
			what, r->execs, r->exec_zapped,
			(unsigned long long)r->exec_ns,
			(unsigned long long)r->fault_ns, r->forks);
		return 1;
	}
	/* The scheduler's handoff: another CPU execs the child. */
	if (exec && r->execs_elsewhere != (cfg->threads > 1 ? r->execs : 0)) {
		print_error("%s: %lu of %lu execs on another thread\n", what,
			    r->execs_elsewhere, r->execs);
		return 1;
	}
	return 0;
}

static int check_point(const struct config *cfg)
{
	struct point_result res;
	char msg[512] = "", what[256];
	int ret = run_point(cfg, &res, msg, sizeof(msg));

	describe(cfg, what, sizeof(what));
	if (ret) {
		print_error("%s: run_point returned %d: %s\n", what, ret, msg);
		return 1;
	}
	return check_counts(cfg, &res, what);
}

/*
 * The pte-chain and objrmap strategies (template.h) have exec's and the
 * COW faults' entry points; the vma strategies (vma_template.h) have none,
 * and run refuses them with --lifecycle fork-exec-exit or --cow-faults.
 */
static bool has_lifecycle(const struct strategy *s)
{
	return s->ops[RMAP_FAST]->fault_in && s->ops[RMAP_FAST]->do_wp_page;
}

/* fork-exec-exit keeps every invariant, for every strategy and shape. */
static void test_fork_exec_exit(void **state)
{
	unsigned int failed = 0, points = 0;

	(void)state;
	for (unsigned int s = 0; s < nr_strategies; s++) {
		if (!has_lifecycle(strategies[s]))
			continue;
		for (size_t i = 0; i < ARRAY_SIZE(shapes); i++) {
			struct config cfg =
				shape_config(strategies[s], &shapes[i],
					     LIFECYCLE_FORK_EXEC_EXIT);

			failed += check_point(&cfg);
			points++;
		}
	}
	if (failed)
		fail_msg("%u of %u points failed", failed, points);
}

/* COW faults without exec: the child still maps the old page at exit. */
static void test_cow_fork_exit(void **state)
{
	unsigned int failed = 0;

	(void)state;
	for (unsigned int s = 0; s < nr_strategies; s++) {
		struct config cfg = shape_config(strategies[s], &shapes[3],
						 LIFECYCLE_FORK_EXIT);

		if (!has_lifecycle(strategies[s]))
			continue;
		failed += check_point(&cfg);
	}
	if (failed)
		fail_msg("%u strategies failed", failed);
}

/* The page scanner and index churn run beside exec's zaps and faults. */
static void test_with_scanner(void **state)
{
	static const char *const names[] = { "hashed", "batched", "pagebit",
					     "objrmap" };
	unsigned int failed = 0;

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(names); i++) {
		struct config cfg =
			shape_config(strategy_find(names[i]), &shapes[2],
				     LIFECYCLE_FORK_EXEC_EXIT);

		cfg.reclaim = 1;
		cfg.index_churn = 100000;
		cfg.cow_faults = 5;
		failed += check_point(&cfg);
	}
	if (failed)
		fail_msg("%u strategies failed", failed);
}

/* --forks: fixed work, every measured child exec'd before the point ends. */
static void test_fixed_work(void **state)
{
	struct config cfg = shape_config(strategy_find("hashed"), &shapes[1],
					 LIFECYCLE_FORK_EXEC_EXIT);
	struct point_result res;
	char msg[512];

	(void)state;
	cfg.forks = 400;
	assert_int_equal(run_point(&cfg, &res, msg, sizeof(msg)), 0);
	assert_int_equal(res.forks, 400);
	assert_int_equal(res.execs, 400);
	assert_int_equal(check_counts(&cfg, &res, "hashed --forks 400"), 0);
}

/* A world with two families and two COW pages per child, no child yet. */
static void cow_world(struct world *w, struct rmap_ctx *ctx, const char *s)
{
	struct shape sh = { 1, 2, 1, 64, 16, 2, 7, true };
	struct config cfg =
		shape_config(strategy_find(s), &sh, LIFECYCLE_FORK_EXEC_EXIT);

	assert_non_null(cfg.strategy);
	assert_int_equal(world_init(w, &cfg), 0);
	rmap_ctx_init(ctx, w);
}

/*
 * A parent's COW fault moves its pte to a spare page and the old page
 * becomes the spare: the check follows the parents' ptes, so it passes;
 * put the pte back behind the rmap's back and the check names the page.
 */
static void test_check_follows_cow(void **state)
{
	static const char *const names[] = { "hashed", "pagebit", "objrmap",
					     "none" };

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(names); i++) {
		struct world w;
		struct rmap_ctx ctx, *ctxs = &ctx;
		struct mm_struct *mm;
		unsigned long *spare, old, moved;
		char msg[512] = "", want[32];

		cow_world(&w, &ctx, names[i]);
		mm = &w.family[0].parent;
		spare = world_spare(&w, 0, 0);
		old = pte_pfn(ptep_get(mm->pgd + mm->anon_start));
		moved = spare[0];
		w.cfg.strategy->ops[RMAP_FAST]->do_wp_page(&ctx, mm, w.nr_cow,
							   spare);
		assert_int_equal(spare[0], old);
		assert_int_equal(pte_pfn(ptep_get(mm->pgd + mm->anon_start)),
				 moved);
		if (world_check(&w, &ctxs, 1, msg, sizeof(msg)))
			fail_msg("%s: check after COW: %s", names[i], msg);
		set_pte(mm->pgd + mm->anon_start,
			mk_pte(old, _PAGE_PRESENT | _PAGE_RW));
		assert_int_equal(world_check(&w, &ctxs, 1, msg, sizeof(msg)),
				 -1);
		snprintf(want, sizeof(want), "page %lu", old);
		if (!strstr(msg, want))
			fail_msg("%s: check said '%s', expected '%s'", names[i],
				 msg, want);
		pte_chain_cache_destroy(&ctx.alloc);
		world_destroy(&w);
	}
}

/* Every strategy of the 2002-2004 kernels has the lifecycle. */
static void test_which_have_it(void **state)
{
	static const char *const names[] = { "none",   "global", "pagebit",
					     "hashed", "padded", "batched",
					     "objrmap" };

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(names); i++) {
		assert_non_null(strategy_find(names[i]));
		if (!has_lifecycle(strategy_find(names[i])))
			fail_msg("%s has no fault_in or do_wp_page", names[i]);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_which_have_it),
		cmocka_unit_test(test_check_follows_cow),
		cmocka_unit_test(test_fork_exec_exit),
		cmocka_unit_test(test_cow_fork_exit),
		cmocka_unit_test(test_with_scanner),
		cmocka_unit_test(test_fixed_work),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
