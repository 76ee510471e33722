// SPDX-License-Identifier: GPL-2.0
// make: also under ThreadSanitizer (threads)
/*
 * --tree daniel (engine/tree.c): daniel.sh's processes, per iteration of
 * a loop a subshell that forks cat and wc, then expr, and the main
 * shell's polls (a subshell forking cat and wc).  Every process is
 * accounted for: the fault-path rmap locks of a measured run are exactly
 * those of the forks, writes and execs the tree makes, the main shell's
 * processes get the rest of a process but are no forks, and the world is
 * whole afterwards (run_point()'s check), on modelled CPUs and on this
 * host's threads, with and without --daemons.
 */
#include <string.h>
#include "rmaptest.h"
#include "engine/options.h"
#include "engine/point.h"
#include "engine/runner.h"
#include "engine/sweep.h"
#include "engine/world.h"
#include "model/vma.h"
#include "machine/profile.h"
#include "strategy/kernel.h"

#define PAGES 64
#define IMAGE 16
#define COW 2

static struct config kernel_tree_point(const char *kernel, int mode,
				       unsigned int threads,
				       unsigned int daemons)
{
	struct sweep sw;
	struct config cfg;
	int k = kernel_find(kernel);

	assert_true(k >= 0);
	sweep_init(&sw);
	sw.list[option_dim(option_find("kernel"))].v[0] = (unsigned int)k;
	sweep_point(&sw, 0, &cfg);
	cfg.mode = mode;
	cfg.threads = threads;
	cfg.loops = threads + 2;
	cfg.children = 3;
	cfg.pages = PAGES;
	cfg.file_frac = 0.5;
	cfg.lifecycle = LIFECYCLE_FORK_EXEC_EXIT;
	cfg.tree = TREE_DANIEL;
	cfg.daemons = daemons;
	cfg.image_pages = IMAGE;
	cfg.cow_faults = COW;
	cfg.stats = true;
	cfg.oversubscribe = true;
	cfg.warmup = 0;
	cfg.timeout = 60;
	cfg.forks = 48;
	return cfg;
}

static struct config tree_point(int mode, unsigned int threads,
				unsigned int daemons)
{
	return kernel_tree_point("2.4.19-pre7-rmap13b", mode, threads, daemons);
}

/*
 * rmap-13b takes one rmap lock per image fault and two per COW fault.
 * A subshell iteration (or a poll): the shell's COW faults, the
 * subshell's, cat's and wc's, and two images; an expr one: the shell's
 * and expr's COW faults and one image.
 */
static void check_counts(const struct point_result *res)
{
	unsigned long procs, polls, n0, n1, sub = 4 * 2 * COW + 2 * IMAGE;

	/* every process is a copy of a shell: its ptes */
	assert_int_equal(res->ptes % PAGES, 0);
	procs = res->ptes / PAGES;
	assert_true(res->forks >= 48);
	assert_true(procs > res->forks);
	assert_int_equal((procs - res->forks) % 3, 0);
	polls = (procs - res->forks) / 3;
	/* execs: cat and wc per subshell and poll, expr's */
	n0 = res->forks - (res->execs - 2 * polls);
	n1 = res->forks - 3 * n0;
	assert_int_equal(res->stats.fault_locks,
			 (n0 + polls) * sub + n1 * (2 * 2 * COW + IMAGE));
	assert_int_equal(res->faults, (n0 + polls) * (4 * COW + 2 * IMAGE) +
					      n1 * (2 * COW + IMAGE));
}

static void run(struct config *cfg)
{
	static struct point_result res;
	char msg[512];

	if (runner_probe(cfg, PLACEMENT_COMPACT, 1, &res, msg, sizeof(msg)))
		fail_msg("%s", msg);
	check_counts(&res);
}

static void test_tree_model(void **state)
{
	static struct machine_profile piii;
	char msg[512];

	(void)state;
	if (profile_load(&piii, "machines/piii-quad-2002", msg, sizeof(msg)))
		fail_msg("%s", msg);
	for (unsigned int daemons = 0; daemons <= 5; daemons += 5) {
		struct config cfg = tree_point(MODE_MODEL, 4, daemons);

		cfg.machine = &piii;
		run(&cfg);
	}
}

static void test_tree_threads(void **state)
{
	struct config cfg = tree_point(MODE_MEASURED, 2, 3);

	(void)state;
	run(&cfg);
}

/*
 * 2.6.7 under the tree: the script's families share one anon_vma, whose
 * list the world check after the point finds holding every script
 * family's parent vma and nobody else's (layout_check()); under real
 * threads, so that TSan sees its lock taken by two forkers, and its file
 * vmas' i_mmap_lock is counted.
 */
static void test_tree_267_shared_anon_vma(void **state)
{
	static struct point_result res;
	struct config cfg = kernel_tree_point("2.6.7", MODE_MEASURED, 2, 3);
	char msg[512];

	static struct world w;
	struct mm_struct *first, *mm;
	unsigned int v;

	(void)state;
	assert_int_equal(world_init(&w, &cfg), 0);
	first = &w.family[0].parent;
	for (v = 0; first->mmap[v].vm_file; v++)
		;
	/* the loops' parents on family 0's, the daemons on their own */
	for (unsigned long f = 0; f < w.cfg.loops; f++) {
		mm = &w.family[f].parent;
		assert_ptr_equal(mm->mmap[v].anon_vma,
				 f < w.cfg.loops - cfg.daemons ?
					 &first->mmap[v].own :
					 &mm->mmap[v].own);
	}
	world_destroy(&w);
	if (runner_probe(&cfg, PLACEMENT_COMPACT, 1, &res, msg, sizeof(msg)))
		fail_msg("%s", msg);
	assert_true(res.stats.file_locks > 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_tree_model),
		cmocka_unit_test(test_tree_threads),
		cmocka_unit_test(test_tree_267_shared_anon_vma),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
