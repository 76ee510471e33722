// SPDX-License-Identifier: GPL-2.0
// make: also under ThreadSanitizer (threads)
/*
 * Every strategy, through run_point(), over a spread of workloads: each
 * point runs real driver threads and ends in world_check(), so a strategy
 * that loses an update, leaks a node or leaves a lock held fails here with
 * the check's own message.  Then the check itself: worlds broken on
 * purpose must be caught, and named.
 */
#include <ctype.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "rmaptest.h"
#include "fixture.h"
#include "engine/driver.h"
#include "engine/options.h"
#include "engine/sweep.h"
#include "strategy/kernel.h"
#include "strategy/strategy.h"
#include "lib/util.h"
#include "engine/world.h"

#define DURATION 0.03

/*
 * A few corners of the workload space rather than its cross product:
 * threads 1, 2 and 4 (two CPUs, so 4 oversubscribes), loops = threads and
 * 2 * threads, both allocators, PageDirect on and off, 2.4's one-pte nodes
 * and full lines.  The last rows have sizes that are no multiple of a
 * chain node or of --batch, where an off-by-some in the node accounting
 * shows.
 */
struct combo {
	unsigned int threads, loops_per_thread, children, nrpte, batch;
	unsigned long pages;
	enum alloc_mode alloc;
	bool direct;
	enum anon_index anon_index;
};

static const struct combo combos[] = {
	{ 1, 1, 1, 7, 16, 256, ALLOC_PERCPU, true, ANON_INDEX_SEQUENCE },
	{ 1, 2, 3, 1, 16, 256, ALLOC_GLOBAL, false, ANON_INDEX_SEQUENCE },
	{ 2, 1, 3, 7, 16, 256, ALLOC_GLOBAL, true, ANON_INDEX_VADDR },
	{ 2, 2, 1, 1, 16, 256, ALLOC_PERCPU, true, ANON_INDEX_SEQUENCE },
	{ 4, 1, 1, 7, 16, 256, ALLOC_PERCPU, false, ANON_INDEX_SEQUENCE },
	{ 4, 2, 3, 7, 16, 256, ALLOC_GLOBAL, true, ANON_INDEX_SEQUENCE },
	{ 2, 1, 1, 3, 16, 100, ALLOC_PERCPU, false, ANON_INDEX_SEQUENCE },
	{ 2, 2, 3, 5, 5, 250, ALLOC_GLOBAL, false, ANON_INDEX_VADDR },
};

/* A point made small and fast. */
static void make_small(struct config *cfg)
{
	cfg->pages = 256;
	cfg->file_frac = 0.5;
	test_short(cfg, DURATION);
}

/* The defaults `rmapbench run` would use, made small and fast. */
static struct config small_config(const struct strategy *s)
{
	struct config cfg = test_config(s);

	make_small(&cfg);
	return cfg;
}

/* A named kernel configuration, as --kernel NAME builds it, made small. */
static struct config kernel_config(const char *name)
{
	struct config cfg = test_kernel_config(name);

	make_small(&cfg);
	return cfg;
}

static struct config combo_config(const struct strategy *s,
				  const struct combo *c)
{
	struct config cfg = small_config(s);

	cfg.threads = c->threads;
	cfg.loops = c->threads * c->loops_per_thread;
	cfg.children = c->children;
	cfg.nrpte = c->nrpte;
	cfg.batch = c->batch;
	cfg.pages = c->pages;
	cfg.alloc = c->alloc;
	cfg.direct = c->direct;
	cfg.anon_index = c->anon_index;
	return cfg;
}

static void describe(const struct config *cfg, char *buf, size_t len)
{
	snprintf(
		buf, len,
		"%s threads %u loops %u children %u pages %lu nrpte %u batch %u alloc %s%s%s index-churn %lu",
		cfg->strategy->name, cfg->threads, cfg->loops, cfg->children,
		cfg->pages, cfg->nrpte, cfg->batch,
		cfg->alloc == ALLOC_GLOBAL ? "global" : "percpu",
		cfg->direct ? "" : " no-direct",
		cfg->anon_index == ANON_INDEX_VADDR ? " anon-index vaddr" : "",
		cfg->index_churn);
}

/*
 * One point; returns 0, or 1 after printing what failed, so that one run
 * reports every broken point and not only the first.
 */
static int check_point(const struct config *cfg, struct point_result *res)
{
	char msg[512] = "", what[256];
	int ret = run_point(cfg, res, msg, sizeof(msg));

	describe(cfg, what, sizeof(what));
	if (ret) {
		print_error("%s: run_point returned %d: %s\n", what, ret, msg);
		return 1;
	}
	/* Every thread measures a round, and a fork copies every pte. */
	if (!res->forks || res->ptes != res->forks * cfg->pages) {
		print_error(
			"%s: %lu forks copied %lu ptes, expected %lu each\n",
			what, res->forks, res->ptes, cfg->pages);
		return 1;
	}
	if (res->forks < (unsigned long)cfg->threads * cfg->children) {
		print_error("%s: only %lu forks for %u threads\n", what,
			    res->forks, cfg->threads);
		return 1;
	}
	return 0;
}

/* The table is the one source of the order; none, the denominator, first. */
static void test_strategy_table(void **state)
{
	(void)state;
	assert_true(nr_strategies > 1);
	assert_string_equal(strategies[0]->name, "none");
	for (unsigned int i = 0; i < nr_strategies; i++) {
		assert_ptr_equal(strategy_find(strategies[i]->name),
				 strategies[i]);
		assert_non_null(strategies[i]->desc);
		/* The variants the Makefile builds (not RMAP_MODEL here). */
		for (int v = 0; v < NR_RMAP_VARIANTS; v++) {
			const struct strategy_ops *ops = strategies[i]->ops[v];

			if (v == RMAP_MODEL)
				continue;
			assert_non_null(ops);
			assert_non_null(ops->copy_page_range);
			assert_non_null(ops->zap_page_range);
			assert_non_null(ops->page_referenced);
			assert_non_null(ops->try_to_unmap);
		}
	}
	assert_null(strategy_find("nosuch"));
	assert_null(strategy_find(""));
}

static void test_all_strategies(void **state)
{
	struct point_result res;
	unsigned int failed = 0, points = 0;

	(void)state;
	for (unsigned int s = 0; s < nr_strategies; s++) {
		for (size_t c = 0; c < ARRAY_SIZE(combos); c++) {
			struct config cfg =
				combo_config(strategies[s], &combos[c]);

			failed += check_point(&cfg, &res);
			points++;
		}
	}
	if (failed)
		fail_msg("%u of %u points failed", failed, points);
}

/*
 * set_page_index() from a churn thread while the drivers fork and exit:
 * the hashed locks must follow pages that change lock under them.
 */
static void test_index_churn(void **state)
{
	static const char *const names[] = { "hashed", "padded", "batched",
					     "pagebit" };
	struct point_result res;
	unsigned int failed = 0;

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(names); i++) {
		struct config cfg = small_config(strategy_find(names[i]));

		assert_non_null(cfg.strategy);
		cfg.threads = 2;
		cfg.loops = 2;
		cfg.file_frac = 0.25;
		cfg.index_churn = 100000;
		cfg.duration = 0.05;
		if (check_point(&cfg, &res)) {
			failed++;
			continue;
		}
		if (!res.churned) {
			print_error("%s: the churn thread never ran\n",
				    names[i]);
			failed++;
		}
	}
	if (failed)
		fail_msg("%u of %zu churn points failed", failed,
			 ARRAY_SIZE(names));
}

/* A world as world_init() leaves it: parents mapped, no child yet. */
static void world_build(struct world *w, const char *strategy,
			unsigned long pages, bool direct)
{
	struct config cfg = small_config(strategy_find(strategy));

	assert_non_null(cfg.strategy);
	cfg.threads = 1;
	cfg.loops = 2;
	cfg.pages = pages;
	cfg.direct = direct;
	assert_int_equal(world_init(w, &cfg), 0);
}

/*
 * A world fresh from world_init() already satisfies every invariant (the
 * driver threads only fork and exit children), whatever its size: the
 * set-up's own node reserve must not go missing.
 */
static void test_fresh_world(void **state)
{
	static const unsigned long sizes[] = { 64, 100, 250 };
	unsigned int failed = 0;

	(void)state;
	for (unsigned int s = 0; s < nr_strategies; s++) {
		for (size_t i = 0; i < ARRAY_SIZE(sizes); i++) {
			for (int direct = 0; direct < 2; direct++) {
				struct world w;
				char msg[512] = "";

				world_build(&w, strategies[s]->name, sizes[i],
					    direct);
				if (world_check(&w, NULL, 0, msg,
						sizeof(msg))) {
					print_error(
						"%s, %lu pages%s: fresh world fails its check: %s\n",
						strategies[s]->name, sizes[i],
						direct ? "" : ", no-direct",
						msg);
					failed++;
				}
				world_destroy(&w);
			}
		}
	}
	if (failed)
		fail_msg("%u fresh worlds fail their check", failed);
}

/* msg names "page <pfn>", not merely a page whose number starts so. */
static bool names_page(const char *msg, unsigned long pfn)
{
	char want[32];
	size_t n = snprintf(want, sizeof(want), "page %lu", pfn);

	for (const char *p = strstr(msg, want); p; p = strstr(p + 1, want))
		if (!isdigit((unsigned char)p[n]))
			return true;
	return false;
}

/* The world must fail its check with a one-line message holding want. */
static void expect_caught(struct world *w, const char *want)
{
	char msg[512] = "";

	assert_int_equal(world_check(w, NULL, 0, msg, sizeof(msg)), -1);
	assert_null(strchr(msg, '\n'));
	if (!strstr(msg, want))
		fail_msg("world_check said '%s', which does not name '%s'", msg,
			 want);
}

static void expect_page_caught(struct world *w, unsigned long pfn,
			       const char *want)
{
	char msg[512] = "";

	assert_int_equal(world_check(w, NULL, 0, msg, sizeof(msg)), -1);
	assert_null(strchr(msg, '\n'));
	if (!names_page(msg, pfn) || !strstr(msg, want))
		fail_msg("world_check said '%s', expected page %lu and '%s'",
			 msg, pfn, want);
}

/*
 * Pages 0-31 are the file's (mapped by both parents: a two-pte chain),
 * 32-63 the first family's anonymous pages, 64-95 the second's.
 */
static void test_broken_count(void **state)
{
	struct world w;

	(void)state;
	world_build(&w, "hashed", 64, true);
	assert_int_equal(w.nr_file, 32);
	atomic_fetch_add(&w.pool[40].count, 1);
	expect_page_caught(&w, 40, "count");
	world_destroy(&w);
}

static void test_broken_mapcount(void **state)
{
	struct world w;

	(void)state;
	world_build(&w, "objrmap", 64, true);
	atomic_fetch_sub(&w.pool[70].mapcount, 1);
	expect_page_caught(&w, 70, "mapcount");
	world_destroy(&w);
}

static void test_bogus_pte_in_chain(void **state)
{
	struct world w;
	struct page *page;
	struct pte_chain *pc;
	pte_t bogus;

	(void)state;
	world_build(&w, "hashed", 64, true);
	page = &w.pool[3];
	assert_false(PageDirect(page));
	pc = page->pte.chain;
	assert_non_null(pc);
	pc->ptes[pte_chain_idx(pc)] = &bogus;
	expect_page_caught(&w, 3, "not a parent's mapping");
	world_destroy(&w);
}

static void test_lost_rmap_entry(void **state)
{
	struct world w;
	struct page *page;

	(void)state;
	world_build(&w, "global", 64, true);
	page = &w.pool[33];
	assert_true(PageDirect(page));
	page->pte.direct = NULL;
	ClearPageDirect(page);
	expect_page_caught(&w, 33, "holds 0 ptes");
	world_destroy(&w);
}

static void test_chainlock_left_held(void **state)
{
	struct world w;

	(void)state;
	world_build(&w, "pagebit", 64, true);
	page_set_flag(&w.pool[7], PG_chainlock);
	expect_page_caught(&w, 7, "PG_chainlock");
	world_destroy(&w);
}

/* A held hashed lock is named by its number: the lock, not a page, leaked. */
static void test_rmap_lock_left_held(void **state)
{
	struct world w;
	unsigned long lockno;
	char want[64];

	(void)state;
	world_build(&w, "padded", 64, true);
	lockno = rmap_lockno(&w.locks, page_index(&w.pool[50]));
	spin_lock(rmap_lock_ptr(&w.locks, lockno));
	snprintf(want, sizeof(want), "rmap lock %lu still held", lockno);
	expect_caught(&w, want);
	spin_unlock(rmap_lock_ptr(&w.locks, lockno));
	world_destroy(&w);
}

/* The names the option table offers are the table's, in its order. */
static void test_kernel_table(void **state)
{
	(void)state;
	assert_string_equal(kernels[0].name, "custom");
	for (unsigned int i = 0; i < nr_kernels; i++) {
		assert_string_equal(kernel_names[i], kernels[i].name);
		assert_true(i == 0 || kernels[i].source[0]);
	}
	assert_null(kernel_names[nr_kernels]);
}

/*
 * Every named configuration runs under real threads (and, in the TSan
 * build, the race detector) and ends with its invariants checked: one
 * thread, and two with two families forking at once.
 */
static void test_kernels_run(void **state)
{
	struct point_result res;
	unsigned int failed = 0;

	(void)state;
	for (unsigned int i = 1; i < nr_kernels; i++) {
		for (unsigned int t = 1; t <= 2; t++) {
			struct config cfg = kernel_config(kernels[i].name);

			cfg.threads = cfg.loops = t;
			cfg.children = t;
			failed += check_point(&cfg, &res);
		}
	}
	if (failed)
		fail_msg("%u named configuration points failed", failed);
}

/*
 * What one pte costs in kind, counted by the RMAP_COUNT round of a point
 * at one thread: locked read-modify-writes and distinct cache lines
 * written, fork and exit apart.  The expected figures are derived from the
 * kernel sources (README, "What a pte costs in kind"): per pte, plus what
 * each fork or exit pays once per vma (the default --vmas 2; dup_mmap()
 * takes the child's page_table_lock and copy_page_range() the parent's
 * for each vma, exit_mmap()'s zap_page_range() the mm's; objrmap's vma
 * links; Daniel's node list, given back under the free-list lock at the
 * end of each vma's copy),
 * plus, for the batching strategies, per run of pages under one lock.
 */
struct cost {
	const char *name; /* a strategy, or a kernel configuration */
	unsigned int atomics[2], atomics_once[2], atomics_run[2];
	unsigned int lines[2], lines_once[2], lines_run[2];
	/* packed lock lines (see README): 1 fork's, 2 exit's, 3 both */
	unsigned int lines_unchecked;
	/* per anonymous pte: 2.4's set_page_dirty() at exit */
	unsigned int atomics_anon[2];
};

#define COST_PAGES 1024 /* file-frac 0.5: 512 file pages, 512 anonymous */
#define COST_RUNS (2 * 512 / 16) /* runs of 16 pages under one lock */
#define COST_ANON 512		 /* the anonymous half */

/* clang-format off */
static const struct cost costs[] = {
	/*
	 * default knobs: the 2.5.27+ kernel's operations.  Every strategy
	 * pays once per fork the file vma's dup_mmap() work (model/vma_2x.h;
	 * the flat layout's one file vma is the program's, VM_DENYWRITE):
	 * get_file(), the i_writecount decrement and i_shared_lock's
	 * acquire, 3 locked operations, and 7 lines (the child's vma: its
	 * two list-node lines and its file reference's; the parent's: its
	 * node's next and its f_count; the mapping's lock and list-head
	 * line, the inode's i_writecount); at exit the lock, the increment
	 * and fput(): 3, and 6 lines (the child's node lines, the parent's
	 * next and f_count, the mapping's two).
	 */
	{ "none", { 2, 2 }, { 7, 5 }, { 0, 0 }, { 3, 2 }, { 13, 9 }, { 0, 0 }, 0 },
	{ "global", { 3, 3 }, { 7, 5 }, { 0, 0 }, { 5, 4 }, { 13, 9 }, { 0, 0 }, 0 },
	{ "pagebit", { 4, 4 }, { 7, 5 }, { 0, 0 }, { 4, 3 }, { 13, 9 }, { 0, 0 }, 0 },
	{ "hashed", { 3, 3 }, { 7, 5 }, { 0, 0 }, { 5, 4 }, { 13, 9 }, { 0, 0 }, 0 },
	{ "padded", { 3, 3 }, { 7, 5 }, { 0, 0 }, { 5, 4 }, { 13, 9 }, { 0, 0 }, 0 },
	{ "batched", { 2, 2 }, { 7, 5 }, { 1, 1 }, { 4, 3 }, { 13, 9 }, { 2, 2 }, 0 },
	{ "daniel", { 2, 3 }, { 7, 5 }, { 1, 0 }, { 4, 4 }, { 13, 9 }, { 0, 0 }, 1 },
	/*
	 * objrmap links each of the default --vmas 2 on its object, one lock
	 * each (2.6.7 dup_mmap()), and writes 7 lines once per fork: the
	 * file's (lock, list head, count), the child's and the parent's file
	 * vma, the child's anonymous vma (two lines: anon_vma, its list
	 * node), the anon_vma's, the parent's list node; 7 at exit too; the
	 * vma's page table locks, taken per vma, add 3 lines at fork, 2 at
	 * exit; the file vma's get_file() and i_writecount add 2 locked
	 * operations and 3 lines (the two f_count lines and i_writecount's)
	 * at fork, and with fput() 2 and 2 at exit.
	 */
	{ "objrmap", { 3, 3 }, { 8, 6 }, { 0, 0 }, { 3, 2 }, { 17, 13 }, { 0, 0 }, 0 },
	/* the named kernels; 2.4's exit sets PG_dirty per anonymous pte */
	{ "2.4.19-pre7", { 1, 2 }, { 7, 5 }, { 0, 0 }, { 2, 2 }, { 13, 9 }, { 0, 0 }, 0, { 0, 1 } },
	{ "2.4.19-pre7-rmap13b", { 4, 5 }, { 7, 5 }, { 0, 0 }, { 4, 4 }, { 13, 9 }, { 0, 0 }, 0, { 0, 1 } },
	/* a prealloc of 16 every 16 ptes re-takes the lock: a run each */
	{ "2.4.19-pre7-rmap13b-daniel", { 2, 4 }, { 9, 5 }, { 1, 0 }, { 3, 5 }, { 13, 9 }, { 0, 0 }, 1, { 0, 1 } },
	/*
	 * 2.5.31-akpm: batched's operations on the packed rmap_locks[]
	 * [AM-d]; a run's lock line is shared by the runs of its 16 locks.
	 */
	{ "2.5.31-akpm", { 2, 2 }, { 7, 5 }, { 1, 1 }, { 4, 3 }, { 13, 9 }, { 1, 1 }, 3 },
	{ "2.6.7", { 4, 4 }, { 8, 6 }, { 0, 0 }, { 3, 2 }, { 17, 13 }, { 0, 0 }, 0 },
	/* pagebit's, with i_shared_sem: up() is locked too */
	{ "2.6.0", { 4, 4 }, { 8, 6 }, { 0, 0 }, { 4, 3 }, { 13, 9 }, { 0, 0 }, 0 },
};
/* clang-format on */

/* Kernels whose operations are a strategy's at its default knobs. */
static const char *const same_cost[][2] = {
	{ "2.6.9", "objrmap" },
};

static struct config cost_config(const char *name)
{
	const struct strategy *s = strategy_find(name);
	struct config cfg = s ? small_config(s) : kernel_config(name);

	cfg.threads = cfg.loops = cfg.children = 1;
	cfg.pages = COST_PAGES;
	cfg.file_frac = 0.5;
	cfg.forks = 1;
	return cfg;
}

/* The RMAP_COUNT round's totals of one point; 0 or 1 after printing. */
static int count_point(const struct config *cfg, struct access_tally *t)
{
	struct point_result res;

	if (check_point(cfg, &res))
		return 1;
	*t = res.tally;
	if (t->ptes != cfg->pages) {
		print_error("%s: the count round copied %lu ptes, not %lu\n",
			    cfg->strategy->name, t->ptes, cfg->pages);
		return 1;
	}
	return 0;
}

static int check_cost(const struct cost *c)
{
	static const char *const phase[] = { "fork", "exit" };
	struct config cfg = cost_config(c->name);
	struct access_tally t;
	int bad = 0;

	if (count_point(&cfg, &t))
		return 1;
	for (int p = 0; p < 2; p++) {
		unsigned long a = c->atomics[p] * COST_PAGES +
				  c->atomics_once[p] +
				  c->atomics_run[p] * COST_RUNS +
				  c->atomics_anon[p] * COST_ANON;
		unsigned long l = c->lines[p] * COST_PAGES + c->lines_once[p] +
				  c->lines_run[p] * COST_RUNS;

		if (t.atomics[p] != a) {
			print_error(
				"%s %s: %lu locked operations, expected %lu\n",
				c->name, phase[p], t.atomics[p], a);
			bad = 1;
		}
		if (c->lines_unchecked & (1u << p)) {
			/*
			 * A packed lock table: at least the lines of every
			 * pte, and fewer than half a line more per pte for the
			 * lock lines (runs whose locks share a line share it)
			 * and the nodes a preallocation writes.
			 */
			if (t.lines[p] < l || t.lines[p] > l + COST_PAGES / 2) {
				print_error(
					"%s %s: %lu lines written, expected %lu to %lu\n",
					c->name, phase[p], t.lines[p], l,
					l + COST_PAGES / 2);
				bad = 1;
			}
			continue;
		}
		if (t.lines[p] != l) {
			print_error("%s %s: %lu lines written, expected %lu\n",
				    c->name, phase[p], t.lines[p], l);
			bad = 1;
		}
	}
	return bad;
}

static void test_costs(void **state)
{
	unsigned int failed = 0;

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(costs); i++)
		failed += check_cost(&costs[i]);
	for (size_t i = 0; i < ARRAY_SIZE(same_cost); i++) {
		for (size_t j = 0; j < ARRAY_SIZE(costs); j++) {
			struct cost c = costs[j];

			if (strcmp(c.name, same_cost[i][1]))
				continue;
			c.name = same_cost[i][0];
			failed += check_cost(&c);
		}
	}
	if (failed)
		fail_msg("%u of %zu cost rows differ from the table", failed,
			 ARRAY_SIZE(costs));
}

/* The difference an ablation knob makes, in locked operations per pte. */
static long atomics_delta(const char *name, int phase,
			  void (*ideal)(struct config *))
{
	struct config cfg = cost_config(name);
	struct access_tally kernel, idealized;

	assert_int_equal(count_point(&cfg, &kernel), 0);
	ideal(&cfg);
	assert_int_equal(count_point(&cfg, &idealized), 0);
	return ((long)kernel.atomics[phase] - (long)idealized.atomics[phase]) /
	       (long)COST_PAGES;
}

static void store_unlock(struct config *cfg)
{
	cfg->bit_unlock = X86_PLAIN;
}

static void plain_ptes(struct config *cfg)
{
	cfg->pte_ops = X86_PLAIN;
}

/*
 * pagebit's pte_chain_unlock() is a locked operation: one per pte and
 * phase more than with the store of the ablation; none's zap does an
 * exchange per pte (and fork a locked write-protect per pte).
 */
static void test_kernel_ops_locked(void **state)
{
	(void)state;
	assert_int_equal(atomics_delta("pagebit", 0, store_unlock), 1);
	assert_int_equal(atomics_delta("pagebit", 1, store_unlock), 1);
	assert_int_equal(atomics_delta("none", 1, plain_ptes), 1);
	assert_int_equal(atomics_delta("none", 0, plain_ptes), 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_strategy_table),
		cmocka_unit_test(test_fresh_world),
		cmocka_unit_test(test_broken_count),
		cmocka_unit_test(test_broken_mapcount),
		cmocka_unit_test(test_bogus_pte_in_chain),
		cmocka_unit_test(test_lost_rmap_entry),
		cmocka_unit_test(test_chainlock_left_held),
		cmocka_unit_test(test_rmap_lock_left_held),
		cmocka_unit_test(test_all_strategies),
		cmocka_unit_test(test_index_churn),
		cmocka_unit_test(test_kernel_table),
		cmocka_unit_test(test_kernels_run),
		cmocka_unit_test(test_costs),
		cmocka_unit_test(test_kernel_ops_locked),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
