// SPDX-License-Identifier: GPL-2.0
/*
 * The modelled machine's known answers: what MESI says a pattern of
 * accesses must cost, counted, plus the profile parser's refusals.
 */
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "rmaptest.h"
#include "machine_fixture.h"
#include "machine/machine.h"

#define PROFILE(topo, cache) TEST_PROFILE(topo, cache, "")

#define TOPO "pack:2 numa:1 l3:2 core:2 pu:2"
#define NS 1000		 /* ps */
#define STEP (1000 * NS) /* far longer than any access */

static struct machine_stats sum(struct machine *m)
{
	struct machine_stats s;

	machine_stats_sum(m, &s);
	return s;
}

static _Alignas(64) char lines[64][64];
static unsigned long counter;

static void profile_numbers(void **state)
{
	(void)state;
	struct machine *m = test_machine(PROFILE(TOPO, "32"), 16);
	const struct machine_profile *prof = test_profile();

	assert_int_equal(prof->nr_cpus, 16);
	assert_int_equal(prof->cache_lines, 32 * 1024 / 64);
	assert_int_equal(prof->cost[COST_ATOMIC], 5 * NS);
	assert_int_equal(prof->cost[COST_C2C + DIST_REMOTE], 80 * NS);
	/* CPUs 0-7 are the first PUs of the 8 cores, 8-15 their siblings. */
	assert_int_equal(profile_distance(prof, 0, 8), DIST_SMT);
	assert_int_equal(profile_distance(prof, 0, 1), DIST_L3);
	assert_int_equal(profile_distance(prof, 0, 2), DIST_SOCKET);
	assert_int_equal(profile_distance(prof, 0, 4), DIST_REMOTE);
	machine_destroy(m);
}

/* Two CPUs take turns: each increment finds the line in the other's cache. */
#define TURNS 100
static void ping_pong(unsigned int cpu, void *arg)
{
	(void)arg;
	for (unsigned int k = 0; k < TURNS; k++) {
		test_wait_until((2ull * k + cpu) * STEP);
		machine_access(&counter, ACCESS_RMW);
		counter++;
	}
}

static void alternate_increments(void **state)
{
	(void)state;
	struct machine *m = test_machine(PROFILE(TOPO, "32"), 2);
	struct machine_stats s;

	counter = 0;
	test_machine_run(m, ping_pong, NULL);
	s = sum(m);
	assert_int_equal(counter, 2 * TURNS);
	assert_int_equal(s.mem_misses, 1);
	assert_int_equal(s.transfers, 2 * TURNS - 1);
	assert_int_equal(s.invalidations, 2 * TURNS - 1);
	assert_int_equal(s.rmws, 2 * TURNS);
	/*
	 * CPUs 0 and 1 share an L3: each RMW is a transfer, the lock's own
	 * cost inside it (c2c is a compare-exchange ping-pong, one way).
	 */
	assert_int_equal(machine_clock(m, 1),
			 (2ull * (TURNS - 1) + 1) * STEP + 20 * NS);
	machine_destroy(m);
}

static void write_own_line(unsigned int cpu, void *arg)
{
	(void)arg;
	for (int k = 0; k < 50; k++) {
		machine_access(lines[cpu], ACCESS_WRITE);
		lines[cpu][0]++;
	}
}

static void private_lines(void **state)
{
	(void)state;
	struct machine *m = test_machine(PROFILE(TOPO, "32"), 16);
	struct machine_stats s;

	test_machine_run(m, write_own_line, NULL);
	s = sum(m);
	assert_int_equal(s.transfers, 0);
	assert_int_equal(s.invalidations, 0);
	assert_int_equal(s.mem_misses, 16);
	assert_int_equal(s.hits, 16 * 49);
	machine_destroy(m);
}

/* CPU i reads at step i; then CPU 0 writes. */
static void read_then_write(unsigned int cpu, void *arg)
{
	unsigned int n = *(unsigned int *)arg;

	test_wait_until(cpu * STEP);
	machine_access(lines[0], ACCESS_READ);
	if (cpu)
		return;
	test_wait_until(n * STEP);
	machine_access(lines[0], ACCESS_WRITE);
}

static void shared_then_written(void **state)
{
	(void)state;
	for (unsigned int n = 1; n <= 16; n *= 2) {
		struct machine *m = test_machine(PROFILE(TOPO, "32"), n);
		struct machine_stats s;

		test_machine_run(m, read_then_write, &n);
		s = sum(m);
		assert_int_equal(s.invalidations, n - 1);
		assert_int_equal(s.transfers, n - 1);
		assert_int_equal(s.mem_misses, 1);
		machine_destroy(m);
	}
}

/* A test-and-test-and-set lock taken ACQUIRES times by every CPU. */
#define ACQUIRES 20
static _Atomic unsigned int lock_word;
struct tas {
	unsigned long acquired, spin_reads, spin_read_hits;
	unsigned int holder_plus_one;
	bool overlap;
};

static void tas_lock(struct machine *m, struct tas *t)
{
	for (;;) {
		machine_access(&lock_word, ACCESS_READ);
		while (atomic_load_explicit(&lock_word, memory_order_relaxed)) {
			unsigned int cpu = machine_cpu();
			uint64_t hits;

			machine_spin(&lock_word);
			hits = machine_stats(m, cpu)->hits;
			machine_access(&lock_word, ACCESS_READ);
			t->spin_reads++;
			t->spin_read_hits += machine_stats(m, cpu)->hits - hits;
		}
		machine_access(&lock_word, ACCESS_RMW);
		if (!atomic_exchange_explicit(&lock_word, 1,
					      memory_order_acquire))
			break;
	}
	machine_lock_acquired(&lock_word);
}

static struct machine *tas_machine;

static void tas_worker(unsigned int cpu, void *arg)
{
	struct tas *t = arg;

	for (int k = 0; k < ACQUIRES; k++) {
		tas_lock(tas_machine, t);
		t->overlap |= t->holder_plus_one != 0;
		t->holder_plus_one = cpu + 1;
		t->acquired++;
		machine_delay(50 * NS);
		t->holder_plus_one = 0;
		machine_access(&lock_word, ACCESS_WRITE);
		atomic_store_explicit(&lock_word, 0, memory_order_release);
		/* Long enough that a waiter always takes the lock next. */
		machine_delay(20000 * NS);
	}
}

static void tas_lock_handoffs(void **state)
{
	(void)state;
	for (unsigned int n = 2; n <= 16; n *= 2) {
		struct tas t = { 0 };
		struct machine_stats s;

		tas_machine = test_machine(PROFILE(TOPO, "32"), n);
		atomic_store(&lock_word, 0);
		test_machine_run(tas_machine, tas_worker, &t);
		s = sum(tas_machine);
		assert_false(t.overlap);
		assert_int_equal(t.acquired, n * ACQUIRES);
		assert_int_equal(s.handoffs, n * ACQUIRES - 1);
		assert_true(t.spin_reads > 0);
		assert_int_equal(t.spin_read_hits, 0);
		assert_true(s.spins > 0);
		machine_destroy(tas_machine);
	}
}

/*
 * A released lock goes to a nearest parked CPU: 8 CPUs one per core,
 * CPU 5 takes the lock first and the others queue behind it; each holder
 * keeps it long enough that everybody else is parked when it lets go.
 * Among CPUs at the same distance the arbitration's jitter draws.
 */
static unsigned int herd_order[8], herd_n;

static void herd_worker(unsigned int cpu, void *arg)
{
	struct tas *t = arg;

	if (cpu != 5)
		machine_delay(STEP);
	tas_lock(tas_machine, t);
	herd_order[herd_n++] = cpu;
	machine_delay(10 * STEP);
	machine_access(&lock_word, ACCESS_WRITE);
	atomic_store_explicit(&lock_word, 0, memory_order_release);
}

static void herd_wakes_nearest(void **state)
{
	/*
	 * From 5: its L3 (4); then its package (6, 7), then the other's
	 * (0..3), the nearest of those left from each holder in turn.
	 */
	struct tas t = { 0 };
	struct machine_stats s;
	bool seen[8] = { false };

	(void)state;
	herd_n = 0;
	tas_machine = test_machine(PROFILE(TOPO, "32"), 8);
	atomic_store(&lock_word, 0);
	test_machine_run(tas_machine, herd_worker, &t);
	s = sum(tas_machine);
	assert_int_equal(herd_n, 8);
	assert_int_equal(herd_order[0], 5);
	assert_int_equal(herd_order[1], 4);
	assert_true(herd_order[2] / 2 == 3 && herd_order[3] / 2 == 3);
	for (unsigned int i = 4; i < 8; i++)
		assert_true(herd_order[i] < 4);
	for (unsigned int i = 0; i < 8; i++) {
		assert_false(seen[herd_order[i]]);
		seen[herd_order[i]] = true;
	}
	assert_int_equal(t.spin_read_hits, 0);
	/*
	 * No wake of the herd: each waiter parks once, and each of the 6
	 * acquisitions that leave waiters behind lets one more go with its
	 * locked write, which finds the lock held and parks again.
	 */
	assert_int_equal(s.spins, 7 + 6);
	/* The last in line waited for the seven before it. */
	assert_true(s.spin_ps > 7 * 9 * STEP);
	machine_destroy(tas_machine);
}

/* capacity + 1 lines read round and round: LRU keeps missing. */
static void sweep_lines(unsigned int cpu, void *arg)
{
	(void)cpu;
	(void)arg;
	for (int pass = 0; pass < 3; pass++)
		for (int i = 0; i < 17; i++)
			machine_access(lines[i], ACCESS_READ);
}

static void capacity(void **state)
{
	(void)state;
	/* 1 KiB of 64-byte lines: 16 lines. */
	struct machine *m = test_machine(PROFILE(TOPO, "1"), 1);
	struct machine_stats s;

	test_machine_run(m, sweep_lines, NULL);
	s = sum(m);
	assert_int_equal(s.mem_misses, 3 * 17);
	assert_int_equal(s.hits, 0);
	assert_int_equal(s.evictions, 3 * 17 - 16);
	machine_destroy(m);
}

/* A scramble of reads, writes and RMWs: the same twice, to the ps. */
static void scramble(unsigned int cpu, void *arg)
{
	uint64_t rng = 0x9e3779b97f4a7c15ull ^ (cpu + 1);

	(void)arg;
	for (int i = 0; i < 2000; i++) {
		uint64_t r = xorshift64(&rng);

		machine_access(lines[r % 40], (enum access_kind)(r >> 8) % 3);
	}
}

struct outcome {
	int ret;
	struct machine_stats s;
	uint64_t clocks[16];
};

/* fn on 16 CPUs, strict or running ahead; memset so memcmp compares. */
static void outcome_of(machine_fn fn, bool strict, struct outcome *o)
{
	struct machine *m = test_machine(PROFILE(TOPO, "1"), 16);
	char msg[256];

	memset(o, 0, sizeof(*o));
	if (strict)
		machine_set_strict(m);
	for (unsigned int i = 0; i < 16; i++)
		machine_set_clock(m, i, i * 7 * NS);
	o->ret = machine_run(m, fn, NULL, msg, sizeof(msg));
	if (!o->ret)
		o->s = sum(m);
	for (unsigned int i = 0; !o->ret && i < 16; i++)
		o->clocks[i] = machine_clock(m, i);
	machine_destroy(m);
}

static void deterministic(void **state)
{
	(void)state;
	struct outcome a, b;

	outcome_of(scramble, true, &a);
	outcome_of(scramble, true, &b);
	assert_int_equal(a.ret, 0);
	assert_memory_equal(&a, &b, sizeof(a));
	assert_true(a.s.transfers > 0 && a.s.invalidations > 0);
	/* running ahead: the same end each time, the strict figures or none */
	outcome_of(scramble, false, &a);
	outcome_of(scramble, false, &b);
	assert_memory_equal(&a, &b, sizeof(a));
	if (a.ret) {
		assert_int_equal(a.ret, MACHINE_CONFLICT);
		return;
	}
	outcome_of(scramble, true, &b);
	assert_memory_equal(&a, &b, sizeof(a));
}

/*
 * CPU 0 reads a line and reads it again; CPU 1 writes it meanwhile (at
 * clock 0, while CPU 0's first read takes 100 ns).  Strict, the second
 * read misses; CPU 0 runs ahead with it, and the write ends the run.
 */
static void read_twice_written_between(unsigned int cpu, void *arg)
{
	(void)arg;
	machine_access(lines[5], cpu ? ACCESS_WRITE : ACCESS_READ);
	if (!cpu)
		machine_access(lines[5], ACCESS_READ);
}

/* Repeats on lines no other CPU touches: nothing to conflict with. */
static void private_repeats(unsigned int cpu, void *arg)
{
	(void)arg;
	for (int k = 0; k < 50; k++) {
		machine_access(lines[cpu], k % 3 ? ACCESS_READ : ACCESS_WRITE);
		machine_access(lines[cpu], ACCESS_READ);
		machine_access(lines[16 + k % 8], ACCESS_READ);
	}
}

static void run_ahead(void **state)
{
	(void)state;
	struct machine *m = test_machine(PROFILE(TOPO, "32"), 2);
	struct outcome a, b;
	struct machine_stats s;
	char msg[256];

	assert_int_equal(machine_run(m, read_twice_written_between, NULL, msg,
				     sizeof(msg)),
			 MACHINE_CONFLICT);
	machine_destroy(m);
	m = test_machine(PROFILE(TOPO, "32"), 2);
	machine_set_strict(m);
	test_machine_run(m, read_twice_written_between, NULL);
	s = sum(m);
	assert_int_equal(s.mem_misses, 1);
	assert_int_equal(s.transfers, 2);
	assert_int_equal(s.invalidations, 1);
	machine_destroy(m);
	/* where no access conflicts, the strict run's figures to the ps */
	outcome_of(private_repeats, false, &a);
	outcome_of(private_repeats, true, &b);
	assert_int_equal(a.ret, 0);
	assert_memory_equal(&a, &b, sizeof(a));
}

static void never_unlocked(unsigned int cpu, void *arg)
{
	(void)arg;
	if (cpu == 0) {
		machine_access(&lock_word, ACCESS_WRITE);
		atomic_store(&lock_word, 1);
		return;
	}
	machine_delay(STEP);
	machine_access(&lock_word, ACCESS_READ);
	machine_spin(&lock_word);
}

static void deadlock_reported(void **state)
{
	(void)state;
	struct machine *m = test_machine(PROFILE(TOPO, "32"), 3);
	char msg[256];

	assert_int_equal(machine_run(m, never_unlocked, NULL, msg, sizeof(msg)),
			 -1);
	assert_non_null(strstr(msg, "waits on a line nobody will write"));
	machine_destroy(m);
}

static void refused(const char *text, const char *want)
{
	struct machine_profile p;
	char msg[256] = "";

	if (!profile_parse(&p, text, "bad", msg, sizeof(msg)))
		fail_msg("accepted a profile that should fail with '%s'", want);
	if (!strstr(msg, want))
		fail_msg("message '%s' does not say '%s'", msg, want);
	assert_null(strchr(msg, '\n'));
}

static void bad_profiles(void **state)
{
	static const char *const ns_keys[] = { "c2c_read", "near_walk",
					       "c2c_jitter", "wakeup" };
	(void)state;
	char text[2048], *p;
	const char *good = PROFILE(TOPO, "32");

	/* Each cost left out in turn. */
	for (int c = 0; c < NR_COSTS; c++) {
		char key[32];

		snprintf(text, sizeof(text), "%s", good);
		snprintf(key, sizeof(key), "\n%s ", cost_key(c));
		p = strstr(text, key);
		assert_non_null(p);
		*strchr(p + 1, '\n') = ' ';
		memmove(p + 1, p + 1, 0);
		/* comment the line out */
		p[1] = '#';
		refused(text, "missing cost");
	}
	snprintf(text, sizeof(text), "%s", good);
	p = strstr(text, "c2c_l3 20");
	memcpy(p, "c2c_l3 -2", 9);
	refused(text, "negative");
	refused(PROFILE("pack:2 core:2", "32"), "has no PU");
	refused(PROFILE(TOPO, "32") "hit 2 ns # again\n", "twice");
	refused("topology pack:1 core:1 pu:1\n", "say where the figure");
	refused(PROFILE(TOPO, "32") "speed 1 ns # what\n", "unknown key");
	snprintf(text, sizeof(text), "%s", good);
	p = strstr(text, "hit 1 ns");
	memcpy(p, "hit 1 xs", 8);
	refused(text, "needs a unit");
	refused(PROFILE(TOPO, "32") "c2c_socket:2 1 ns # pkg\n",
		"names a package");
	refused(PROFILE(TOPO, "32") "c2c_socket:x 1 ns # pkg\n",
		"name a package");
	refused(PROFILE(TOPO, "32") "order pso # sparc\n", "say tso or arm");
	refused(PROFILE(TOPO, "32") "overlap 0.5 lines # less\n",
		"1 to 64 lines");
	refused(PROFILE(TOPO, "32") "store_buffer 2.5 entries # half\n",
		"whole number");
	refused(PROFILE(TOPO, "32") "handoff cheap # what\n",
		"say rereads or free");
	refused(PROFILE(TOPO, "32") "read_owns yes # what\n", "say on or off");
	/* the keys given in ns alone, parsed alike (profile.c's ns_keys) */
	for (size_t i = 0; i < ARRAY_SIZE(ns_keys); i++) {
		const char *k = ns_keys[i];

		snprintf(text, sizeof(text), "%s%s 20 # unit\n", good, k);
		refused(text, "give it in ns");
		snprintf(text, sizeof(text), "%s%s 2e6 ns # long\n", good, k);
		refused(text, "over 1 ms");
		snprintf(text, sizeof(text), "%s%s 9 ns # a\n%s 9 ns # b\n",
			 good, k, k);
		refused(text, "twice");
	}
	refused(PROFILE(TOPO, "32") "round_jitter 20 10 30 % # down\n",
		"none below the one before");
	refused(PROFILE(TOPO, "32") "round_jitter 1 2 % # two\n",
		"three percentages");
	refused(PROFILE(TOPO, "32") "round_jitter 1 2 3 ns # unit\n",
		"give it in %");
	refused(PROFILE(TOPO, "32") "probe_at 101 % # over\n",
		"a whole number of %");
	refused(PROFILE(TOPO, "32") "probe_at 67 ns # unit\n",
		"give it in %");
}

/* Every committed profile parses, and its numbering is as documented. */
static void committed_profiles(void **state)
{
	(void)state;
	static const struct {
		const char *name;
		unsigned int cpus, nodes;
	} want[] = {
		{ "piii-quad-2002", 4, 1 },
		{ "epyc-7r13-2s", 192, 2 },
		{ "graviton2", 64, 1 },
		{ "synthetic-1024", 1024, 8 },
	};
	struct machine_profile p;
	char msg[256], path[128];

	for (unsigned int i = 0; i < ARRAY_SIZE(want); i++) {
		snprintf(path, sizeof(path), "machines/%s", want[i].name);
		if (profile_load(&p, path, msg, sizeof(msg)))
			fail_msg("%s", msg);
		assert_string_equal(p.name, want[i].name);
		assert_int_equal(p.nr_cpus, want[i].cpus);
		assert_int_equal(p.nr_nodes, want[i].nodes);
	}
	/* On the bus machine every pair is a bus transaction. */
	assert_int_equal(
		profile_load(&p, "machines/piii-quad-2002", msg, sizeof(msg)),
		0);
	assert_int_equal(profile_distance(&p, 0, 3), DIST_REMOTE);
	assert_int_equal(p.line_size, 32);
	/* epyc: CPUs 0-95 are cores, 96 is CPU 0's sibling; 8 per CCX. */
	assert_int_equal(
		profile_load(&p, "machines/epyc-7r13-2s", msg, sizeof(msg)), 0);
	assert_int_equal(profile_distance(&p, 0, 96), DIST_SMT);
	assert_int_equal(profile_distance(&p, 0, 7), DIST_L3);
	assert_int_equal(profile_distance(&p, 0, 8), DIST_SOCKET);
	assert_int_equal(profile_distance(&p, 0, 48), DIST_REMOTE);
}

static void bad_machine(void **state)
{
	(void)state;
	struct machine_profile p;
	char msg[256];

	assert_int_equal(profile_load(&p, "no-such-machine", msg, sizeof(msg)),
			 -1);
	assert_non_null(strstr(msg, "unknown machine 'no-such-machine'"));
	assert_int_equal(
		profile_parse(&p, PROFILE(TOPO, "32"), "t", msg, sizeof(msg)),
		0);
	assert_null(machine_create(&p, 17, msg, sizeof(msg)));
	assert_non_null(strstr(msg, "has 16 CPUs"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(profile_numbers),
		cmocka_unit_test(alternate_increments),
		cmocka_unit_test(private_lines),
		cmocka_unit_test(shared_then_written),
		cmocka_unit_test(tas_lock_handoffs),
		cmocka_unit_test(herd_wakes_nearest),
		cmocka_unit_test(capacity),
		cmocka_unit_test(deterministic),
		cmocka_unit_test(run_ahead),
		cmocka_unit_test(deadlock_reported),
		cmocka_unit_test(bad_profiles),
		cmocka_unit_test(committed_profiles),
		cmocka_unit_test(bad_machine),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
