// SPDX-License-Identifier: GPL-2.0
/*
 * The fault paths, one fault at a time: exec's do_no_page() and the
 * parent's do_wp_page() after a fork, run on a world of one family by hand
 * and counted per fault.  Each 2.4 kernel takes exactly the locks its
 * source takes: rmap-13b's page_add_rmap() a free-list hold for its node,
 * then the page's chain lock; Daniel Phillips' patch ("[PATCH] Rmap
 * speedup", <E17aiJv-0007cr-00@starship>) leaves the faults per pte, one
 * free-list hold and one lock_rmap() each, and batches only the fork's
 * copy.  A copy-on-write fault removes the shared page's entry (its
 * lock, then the free-list lock to give the node back) and adds the new
 * page's.  Then the locked operations and written lines per fault, the
 * fault rows of the per-pte cost table (docs/replay-2002.md).
 */
#include <stdio.h>
#include <string.h>
#include "rmaptest.h"
#include "fixture.h"
#include "engine/driver.h"
#include "engine/options.h"
#include "engine/runner.h"
#include "machine/profile.h"
#include "engine/sweep.h"
#include "engine/world.h"
#include "strategy/kernel.h"
#include "strategy/strategy.h"

#define PAGES 256
#define IMAGE 96 /* half of it the file's pages, half private */
#define COW 8

/* What one fault and one COW fault take, per fault. */
struct fault_cost {
	const char *name; /* a kernel configuration or a strategy */
	unsigned int fault_rmap, fault_pool, cow_rmap, cow_pool;
	unsigned int fault_atomics, cow_atomics;
	unsigned int fault_lines, cow_lines;
	/* once per exec, besides the faults: its file vmas' links */
	unsigned int exec_atomics, exec_lines;
};

/*
 * Derived from the sources.  Every fault takes page_table_lock (a locked
 * acquire; its release is a store) and a page reference (lock; incl):
 * two locked operations, and the lines of the mm, the pte and the page.
 * A COW fault references the new page and drops the old one's reference
 * (atomic_dec_and_test): three locked operations, the lines of the mm,
 * the pte and both pages.  Then per kernel:
 *  - 2.4.19-pre7: nothing more;
 *  - rmap-13b: a free-list hold (the pool's line, the node's line) and
 *    test_and_set_bit() plus clear_bit() on the page's own line; the COW
 *    fault's remove takes the old page's bit lock and unlock and a
 *    free-list hold to free the head node, after moving the head's entry
 *    into the removed one's node (two node lines), and its add takes the
 *    node just freed, the list's head, back: 3 + 3 + 3 operations, 4 + 3
 *    lines;
 *  - Daniel's patch: a free-list hold, then lock_rmap() (a locked acquire
 *    on the packed table's line, a store release): one operation fewer
 *    than the bit lock's locked clear_bit(), one line more (the lock's;
 *    the old and the new page's locks share a line of the packed table).
 * Once per exec, every kernel maps the image's file vma (the default
 * --vmas 2: one file vma, the program's, VM_DENYWRITE): do_mmap_pgoff()'s
 * get_file(), the i_writecount decrement and i_shared_lock (a locked
 * acquire, a store release) around the link: 3 locked operations; lines
 * EXEC_LINES_WHY.  That lock is the file's, no rmap lock.
 */
/* clang-format off */
static const struct fault_cost costs[] = {
	{ "2.4.19-pre7", 0, 0, 0, 0, 2, 3, 3, 4, 3, 6 },
	{ "2.4.19-pre7-rmap13b", 1, 1, 2, 2, 5, 9, 5, 7, 3, 6 },
	{ "2.4.19-pre7-rmap13b-daniel", 1, 1, 2, 2, 4, 7, 6, 8, 3, 6 },
};
/* clang-format on */

/* A named kernel configuration, as --kernel NAME builds it. */
static struct config kernel_point(const char *name)
{
	struct config cfg = test_kernel_config(name);

	cfg.threads = cfg.loops = cfg.children = 1;
	cfg.pages = PAGES;
	cfg.file_frac = 0.5;
	cfg.lifecycle = LIFECYCLE_FORK_EXEC_EXIT;
	cfg.image_pages = IMAGE;
	cfg.cow_faults = COW;
	return cfg;
}

struct counted {
	stat_t rmap, pool;
	unsigned long atomics, lines;
};

static struct counted counted(struct rmap_ctx *ctx)
{
	struct counted c = { .rmap = ctx->stats.acquisitions -
				     ctx->stats.pool_locks -
				     ctx->stats.file_locks,
			     .pool = ctx->stats.pool_locks };

	access_count_take(&c.atomics, &c.lines);
	memset(&ctx->stats, 0, sizeof(ctx->stats));
	return c;
}

static int expect_once(const char *name, const char *what, unsigned long got,
		       unsigned long per, unsigned long n, unsigned long once)
{
	if (got == per * n + once)
		return 0;
	print_error("%s: %s %lu over %lu faults, expected %lu per fault "
		    "and %lu once\n",
		    name, what, got, n, per, once);
	return 1;
}

static int expect(const char *name, const char *what, unsigned long got,
		  unsigned long per, unsigned long n)
{
	return expect_once(name, what, got, per, n, 0);
}

/*
 * One family by hand: fork, the parent's COW faults, the child's exec
 * (zap), its image faulted in, its exit; each fault path counted twice,
 * by the accounting variant (locks) and by the counting one (operations
 * and lines), which do the same work.
 */
static int check_faults(const struct fault_cost *fc)
{
	struct config cfg = kernel_point(fc->name);
	const struct strategy_ops *stats = cfg.strategy->ops[RMAP_STATS];
	const struct strategy_ops *count = cfg.strategy->ops[RMAP_COUNT];
	static struct world w;
	struct rmap_ctx ctx, *ctxs = &ctx;
	struct mm_struct *parent, *child;
	struct counted cow[2], fault[2];
	char msg[256];
	int bad = 0;

	assert_int_equal(world_init(&w, &cfg), 0);
	rmap_ctx_init(&ctx, &w);
	ctx.stats_on = true;
	parent = &w.family[0].parent;
	child = &w.family[0].child[0];
	for (int v = 0; v < 2; v++) {
		const struct strategy_ops *ops = v ? count : stats;

		ops->copy_page_range(&ctx, child, parent);
		memset(&ctx.stats, 0, sizeof(ctx.stats));
		access_count_reset();
		ops->do_wp_page(&ctx, parent, w.nr_cow, world_spare(&w, 0, 0));
		cow[v] = counted(&ctx);
		ops->zap_page_range(&ctx, child);
		access_count_reset();
		memset(&ctx.stats, 0, sizeof(ctx.stats));
		assert_int_equal(ops->fault_in(&ctx, child, w.image_file,
					       w.image_anon,
					       world_image_pfn(&w, 0, 0)),
				 IMAGE);
		fault[v] = counted(&ctx);
		ops->zap_page_range(&ctx, child);
	}
	if (world_check(&w, &ctxs, 1, msg, sizeof(msg))) {
		print_error("%s: %s\n", fc->name, msg);
		bad = 1;
	}
	bad |= expect(fc->name, "fault rmap locks", fault[0].rmap,
		      fc->fault_rmap, IMAGE);
	bad |= expect(fc->name, "fault free-list locks", fault[0].pool,
		      fc->fault_pool, IMAGE);
	bad |= expect(fc->name, "COW rmap locks", cow[0].rmap, fc->cow_rmap,
		      COW);
	bad |= expect(fc->name, "COW free-list locks", cow[0].pool,
		      fc->cow_pool, COW);
	bad |= expect_once(fc->name, "fault locked operations",
			   fault[1].atomics, fc->fault_atomics, IMAGE,
			   fc->exec_atomics);
	bad |= expect(fc->name, "COW locked operations", cow[1].atomics,
		      fc->cow_atomics, COW);
	bad |= expect_once(fc->name, "fault lines written", fault[1].lines,
			   fc->fault_lines, IMAGE, fc->exec_lines);
	bad |= expect(fc->name, "COW lines written", cow[1].lines,
		      fc->cow_lines, COW);
	pte_chain_cache_drain(&ctx.alloc);
	pte_chain_cache_destroy(&ctx.alloc);
	world_destroy(&w);
	return bad;
}

static void test_fault_locks(void **state)
{
	unsigned int failed = 0;

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(costs); i++)
		failed += check_faults(&costs[i]);
	if (failed)
		fail_msg("%u of %zu kernels' faults differ from their source",
			 failed, ARRAY_SIZE(costs));
}

/*
 * On four modelled CPUs, whose children are exec'd on the next CPU, before
 * or after its own window opens, the counts are the children's: exactly
 * 96 image faults and 8 COW faults (two locks each) per measured fork.
 */
static void test_model_counts(void **state)
{
	static struct machine_profile piii;
	static struct point_result res;
	struct config cfg = kernel_point("2.4.19-pre7-rmap13b");
	char msg[512];

	(void)state;
	if (profile_load(&piii, "machines/piii-quad-2002", msg, sizeof(msg)))
		fail_msg("%s", msg);
	cfg.mode = MODE_MODEL;
	cfg.machine = &piii;
	cfg.threads = 4;
	cfg.loops = 10;
	cfg.forks = 80;
	cfg.stats = true;
	if (runner_probe(&cfg, PLACEMENT_COMPACT, 1, &res, msg, sizeof(msg)))
		fail_msg("%s", msg);
	assert_int_equal(res.forks, 80);
	assert_int_equal(res.stats.fault_locks, res.forks * (IMAGE + 2 * COW));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fault_locks),
		cmocka_unit_test(test_model_counts),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
