// SPDX-License-Identifier: GPL-2.0
/*
 * --mode model end to end: every strategy runs on modelled machines and
 * keeps the invariants (model_point() checks them), the counts say what
 * sharing the file pages means, and the same point twice is the same to
 * the last picosecond.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>
#include "rmaptest.h"
#include "fixture.h"
#include "engine/driver.h"
#include "engine/model_run.h"
#include "lib/topo.h"
#include "engine/plan.h"
#include "engine/sweep.h"
#include "strategy/strategy.h"

static struct machine_profile piii, epyc;

static int load_profiles(void **state)
{
	char msg[256];

	(void)state;
	if (profile_load(&piii, "machines/piii-quad-2002", msg, sizeof(msg)) ||
	    profile_load(&epyc, "machines/epyc-7r13-2s", msg, sizeof(msg)))
		fail_msg("%s", msg);
	return 0;
}

static struct config model_config(const struct strategy *s,
				  const struct machine_profile *m,
				  unsigned int cpus)
{
	struct config cfg = test_config(s);

	cfg.threads = cpus;
	cfg.loops = cpus;
	cfg.pages = 128;
	cfg.file_frac = 0.5;
	cfg.mode = MODE_MODEL;
	cfg.machine = m;
	cfg.forks = 4 * cpus;
	cfg.seed = 7;
	cfg.stats = true;
	return cfg;
}

static void run(const struct config *cfg, struct point_result *res)
{
	char msg[512];
	int ret = model_point(cfg, res, msg, sizeof(msg));

	if (ret)
		fail_msg("%s on %s, %u CPUs: %d: %s", cfg->strategy->name,
			 cfg->machine->name, cfg->threads, ret, msg);
}

/* One CPU shares nothing; three on a bus move lines for every pte. */
static void every_strategy(void **state)
{
	static struct point_result res;

	(void)state;
	for (unsigned int i = 0; i < nr_strategies; i++) {
		struct config cfg = model_config(strategies[i], &piii, 1);

		run(&cfg, &res);
		assert_true(res.modelled);
		assert_int_equal(res.forks, 4);
		assert_int_equal(res.ptes, 4 * 128);
		assert_int_equal(res.machine.transfers, 0);
		assert_int_equal(res.machine.handoffs, 0);
		cfg = model_config(strategies[i], &piii, 3);
		run(&cfg, &res);
		assert_int_equal(res.forks, 12);
		assert_true(res.machine.transfers > 0);
		assert_true(res.wall_s > 0);
		/* every lock taken is accounted */
		if (strategies[i]->locks != LOCKS_NONE)
			assert_true(res.stats.acquisitions > 0);
		cfg = model_config(strategies[i], &epyc, 16);
		run(&cfg, &res);
		assert_int_equal(res.forks, 64);
	}
}

/* The global lock changes hands; objrmap takes no rmap lock per pte. */
static void handoffs(void **state)
{
	static struct point_result g, o;
	struct config cfg;

	(void)state;
	cfg = model_config(strategy_find("global"), &epyc, 8);
	run(&cfg, &g);
	cfg = model_config(strategy_find("objrmap"), &epyc, 8);
	run(&cfg, &o);
	assert_true(g.machine.handoffs > g.ptes / 4);
	assert_true(o.machine.handoffs < g.machine.handoffs / 10);
	assert_true(g.machine.spin_ps > 0);
}

/*
 * The point run in a child process, its result sent back: each child
 * starts from the parent's memory, so the heap is laid out the same, as
 * it is for the same command run twice.  (Which objects share a cache
 * line follows from where malloc puts them.)
 */
static void run_in_child(const struct config *cfg, struct point_result *res)
{
	int fd[2], status;
	pid_t pid;
	size_t got = 0;

	assert_int_equal(pipe(fd), 0);
	pid = fork();
	assert_true(pid >= 0);
	if (!pid) {
		char msg[512];
		static struct point_result r;
		int ret = model_point(cfg, &r, msg, sizeof(msg));

		if (ret || write(fd[1], &r, sizeof(r)) != (ssize_t)sizeof(r))
			_exit(1);
		_exit(0);
	}
	close(fd[1]);
	while (got < sizeof(*res)) {
		ssize_t n = read(fd[0], (char *)res + got, sizeof(*res) - got);

		if (n <= 0)
			break;
		got += n;
	}
	close(fd[0]);
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status) && !WEXITSTATUS(status));
	assert_int_equal(got, sizeof(*res));
}

static void same_twice(void **state)
{
	static struct point_result a, b;
	struct config cfg = model_config(strategy_find("hashed"), &epyc, 12);

	(void)state;
	run_in_child(&cfg, &a);
	run_in_child(&cfg, &b);
	assert_int_equal(a.fork_ns, b.fork_ns);
	assert_int_equal(a.exit_ns, b.exit_ns);
	assert_true(a.wall_s == b.wall_s);
	assert_memory_equal(&a.machine, &b.machine, sizeof(a.machine));
	assert_memory_equal(&a.stats, &b.stats, sizeof(a.stats));
	assert_memory_equal(&a.fork_lat, &b.fork_lat, sizeof(a.fork_lat));
	/* another seed, other phases, other figures */
	cfg.seed = 8;
	run_in_child(&cfg, &b);
	assert_true(a.fork_ns != b.fork_ns || a.exit_ns != b.exit_ns);
}

/*
 * The round is the measured driver's: with fork-exec-exit every child is
 * exec'd on the next CPU, its image faulted in and exited; the parent
 * takes its copy-on-write faults; --other-work is virtual time per process.
 */
static void lifecycle(void **state)
{
	static const char *const kernels[] = { "none", "pagebit", "daniel" };
	struct point_result res;

	(void)state;
	for (unsigned int k = 0; k < 3; k++) {
		struct config cfg =
			model_config(strategy_find(kernels[k]), &piii, 4);

		cfg.loops = 10;
		cfg.lifecycle = LIFECYCLE_FORK_EXEC_EXIT;
		cfg.image_pages = 16;
		cfg.cow_faults = 3;
		cfg.other_work.proc_ns = 5000;
		cfg.other_work.page_ns = 10;
		run(&cfg, &res);
		assert_true(res.forks >= 16);
		assert_int_equal(res.execs, res.forks);
		assert_int_equal(res.execs_elsewhere, res.execs);
		assert_int_equal(res.faults, res.forks * (3 + 16));
		assert_int_equal(res.exit_ptes, res.forks * 16);
		assert_int_equal(res.exec_zapped, res.ptes);
		assert_int_equal(res.other_ns, res.forks * (5000 + 10 * 128));
		assert_true(res.exec_ns > 0 && res.fault_ns > 0);
		/* one CPU execs its own children */
		cfg.threads = 1;
		cfg.forks = 4;
		run(&cfg, &res);
		assert_int_equal(res.execs, res.forks);
		assert_int_equal(res.execs_elsewhere, 0);
	}
}

/*
 * rmap-13b's 16-byte nodes share the PIII's 32-byte lines, two pages'
 * chains in one line, each under its own page's lock: a CPU running ahead
 * on its node meets another CPU's earlier access to the neighbour, and
 * the point is run again in strict order.  The second run's figures are
 * the ones kept, the same each time.
 */
static void rerun_in_strict_order(void **state)
{
	struct config cfg = model_config(strategy_find("pagebit"), &piii, 4);
	struct point_result a, b;
	unsigned long before = model_reruns();

	(void)state;
	cfg.loops = 10;
	cfg.pages = 64;
	cfg.file_frac = 0.8;
	cfg.nrpte = 1;
	cfg.node_size = 16;
	cfg.direct = false;
	cfg.collapse = false;
	cfg.alloc = ALLOC_GLOBAL;
	cfg.lifecycle = LIFECYCLE_FORK_EXEC_EXIT;
	cfg.image_pages = 16;
	cfg.cow_faults = 2;
	cfg.seed = 3;
	run(&cfg, &a);
	assert_true(model_reruns() > before);
	run(&cfg, &b);
	assert_int_equal(model_reruns(), before + 2);
	assert_int_equal(a.fork_ns, b.fork_ns);
	assert_int_equal(a.exit_ns, b.exit_ns);
	assert_memory_equal(&a.machine, &b.machine, sizeof(a.machine));
}

/* epyc placed as a measured run's --placement would pin n threads. */
static void place(struct machine_profile *out, enum placement pl,
		  unsigned int n)
{
	int pus[CPUS_MAX];
	char msg[256];
	struct topo *t;

	*out = epyc;
	if (topo_load(&t, epyc.topology, msg, sizeof(msg)) ||
	    topo_plan(t, n, pl, false, pus, msg, sizeof(msg)) ||
	    profile_place(out, pus, n, msg, sizeof(msg)))
		fail_msg("%s", msg);
	topo_destroy(t);
}

/*
 * --placement names the PUs of the profile's topology: compact puts two
 * CPUs on one core's hyperthreads, cores-then-smt on two cores of a CCX,
 * scatter on two sockets; a line moved between them costs accordingly.
 */
static void placement(void **state)
{
	static struct machine_profile m[3];
	static const enum placement pl[3] = { PLACEMENT_COMPACT,
					      PLACEMENT_CORES_THEN_SMT,
					      PLACEMENT_SCATTER };
	static const enum distance want[3] = { DIST_SMT, DIST_L3, DIST_REMOTE };
	struct point_result res[3];

	(void)state;
	for (int i = 0; i < 3; i++) {
		struct config cfg =
			model_config(strategy_find("none"), &m[i], 2);

		place(&m[i], pl[i], 2);
		assert_int_equal(profile_distance(&m[i], 0, 1), want[i]);
		run(&cfg, &res[i]);
		assert_true(res[i].machine.transfers > 0);
		/* lines moved farther cost more */
		if (i)
			assert_true(res[i].fork_ns + res[i].exit_ns >
				    res[i - 1].fork_ns + res[i - 1].exit_ns);
	}
	/* the profile's own order is cores first: cores-then-smt's */
	assert_memory_equal(&m[1].cpu[0], &epyc.cpu[0],
			    2 * sizeof(epyc.cpu[0]));
	/* a PU the profile does not have */
	{
		int bad[1] = { (int)epyc.nr_cpus };
		char msg[256];

		m[0] = epyc;
		assert_int_equal(profile_place(&m[0], bad, 1, msg, sizeof(msg)),
				 -1);
		assert_non_null(strstr(msg, "has no PU"));
	}
}

/*
 * --mem-limit counts the model's bookkeeping.  The plain
 * binary runs a modelled point in a child (a sanitizer's own memory
 * would say nothing of it); its peak must stay below what the plan
 * estimates, which is what --mem-limit is compared with.
 */
static void mem_estimate(void **state)
{
	static char *const words[] = {
		"--mode", "model", "--machine", "synthetic-1024", "--threads",
		"256", "--pages", "2048", "--forks", "1", "--quiet",
	};
	char out[] = "/tmp/test_model.XXXXXX", msg[512];
	char *argv[ARRAY_SIZE(words) + 6] = { "bin/rmapbench", "run" };
	struct plan *p = malloc(sizeof(*p));
	struct run_control rc;
	struct rusage ru;
	struct config cfg;
	int fd = mkstemp(out), status;
	pid_t pid;

	(void)state;
	assert_true(fd >= 0 && p);
	close(fd);
	assert_int_equal(plan_parse(ARRAY_SIZE(words), (char **)words, p, &rc,
				    msg, sizeof(msg)),
			 0);
	sweep_point(&p->sweeps[0], 0, &cfg);
	memcpy(argv + 2, words, sizeof(words));
	argv[2 + ARRAY_SIZE(words)] = "--force";
	argv[3 + ARRAY_SIZE(words)] = "--out";
	argv[4 + ARRAY_SIZE(words)] = out;
	pid = fork();
	if (!pid) {
		execv(argv[0], argv);
		_exit(127);
	}
	assert_int_equal(wait4(pid, &status, 0, &ru), pid);
	unlink(out);
	assert_true(WIFEXITED(status) && !WEXITSTATUS(status));
	if ((double)ru.ru_maxrss * 1024 > plan_point_bytes(&cfg))
		fail_msg("peak %ld KiB over the estimate of %.0f KiB",
			 ru.ru_maxrss, plan_point_bytes(&cfg) / 1024);
	free(p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(every_strategy),
		cmocka_unit_test(handoffs),
		cmocka_unit_test(same_twice),
		cmocka_unit_test(placement),
		cmocka_unit_test(lifecycle),
		cmocka_unit_test(rerun_in_strict_order),
		cmocka_unit_test(mem_estimate),
	};

	return cmocka_run_group_tests(tests, load_profiles, NULL);
}
