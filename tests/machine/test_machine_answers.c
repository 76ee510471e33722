// SPDX-License-Identifier: GPL-2.0
/*
 * The model's known answers for what its inputs mean: the ping-pong a
 * profile was built from comes back out of it; a walk overlaps its
 * transfers; a store waits in the store buffer and a locked operation
 * drains it; a ticket lock's handoff grows with its waiters and an MCS
 * lock's does not; a FIFO lock hands over among 64 CPUs.  The lock forms
 * are the ones of src/model/spinlock.h, compiled as the model build.
 */
#define RMAP_VARIANT RMAP_MODEL
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "rmaptest.h"
#include "machine_fixture.h"
#include "machine/machine.h"
#include "model/spinlock.h"

#define NS 1000 /* ps */
#define STEP (100000 * NS)

#define NIL_CPU UINT32_MAX
#define TOPO_64 "pack:4 numa:1 l3:2 core:4 pu:2"
#define TOPO_FLAT "pack:1 numa:1 l3:1 core:64 pu:1"
#define PROFILE_ON(topo, extra) TEST_PROFILE(topo, "512", extra)
#define PROFILE(extra) PROFILE_ON(TOPO_64, extra)

/* ---- the ping-pong ---- */

/*
 * calibrate --machine's and nviennot/core-to-core-latency's: each CPU
 * compare-exchanges the flag from the other's value to its own, and
 * waits (parked, as a spinner that re-reads after each invalidation)
 * while the flag is its own.
 */
#define ROUNDS 1000
struct pingpong {
	_Alignas(64) atomic_uint flag;
	unsigned int cpu[2];
	uint64_t start, end;
};

static void pingpong_cpu(unsigned int cpu, void *arg)
{
	struct pingpong *pp = arg;
	unsigned int me = cpu == pp->cpu[0] ? 0 : 1;

	if (cpu != pp->cpu[0] && cpu != pp->cpu[1])
		return;
	if (!me)
		pp->start = machine_now();
	for (unsigned int k = 0; k < ROUNDS; k++) {
		for (;;) {
			unsigned int want = me;

			machine_access(&pp->flag, ACCESS_RMW);
			if (atomic_compare_exchange_strong(&pp->flag, &want,
							   !me))
				break;
			machine_spin(&pp->flag);
		}
	}
	if (machine_now() > pp->end)
		pp->end = machine_now();
}

/* The modelled one-way ping-pong between CPUs a and b, in ps. */
static double model_pingpong(const struct machine_profile *p, unsigned int a,
			     unsigned int b)
{
	struct pingpong pp = { .cpu = { a, b } };
	struct machine *m = test_machine_of(p, (a > b ? a : b) + 1);

	atomic_init(&pp.flag, 0);
	test_machine_run(m, pingpong_cpu, &pp);
	machine_destroy(m);
	return (double)(pp.end - pp.start) / (2.0 * ROUNDS);
}

/* What the profile says a transfer from b to a costs. */
static double profile_c2c(const struct machine_profile *p, unsigned int a,
			  unsigned int b)
{
	enum distance d = profile_distance(p, a, b);
	unsigned int pkg = p->cpu[a].package;

	if (d == DIST_SOCKET && pkg < MACHINE_MAX_PACKAGES &&
	    p->socket_cost[pkg])
		return (double)p->socket_cost[pkg];
	return (double)p->cost[COST_C2C + d];
}

/*
 * Every committed profile, every distance it has, every package: the
 * model's ping-pong gives back the profile's figure within 5%.
 */
static void pingpong_gives_input(void **state)
{
	static const char *const names[] = { "piii-quad-2002", "epyc-7r13-2s",
					     "graviton2", "epyc-9754-2s",
					     "synthetic-1024" };
	static struct machine_profile p;
	char msg[256], path[128];

	(void)state;
	for (unsigned int i = 0; i < ARRAY_SIZE(names); i++) {
		snprintf(path, sizeof(path), "machines/%s", names[i]);
		if (profile_load(&p, path, msg, sizeof(msg)))
			fail_msg("%s", msg);
		for (unsigned int pkg = 0; pkg < 2; pkg++)
			for (enum distance d = DIST_SMT; d < NR_DISTANCES;
			     d++) {
				unsigned int a = NIL_CPU, b = NIL_CPU;

				for (unsigned int x = 0;
				     x < p.nr_cpus && a == NIL_CPU; x++) {
					if (p.cpu[x].package != pkg)
						continue;
					for (unsigned int y = x + 1;
					     y < p.nr_cpus; y++)
						if (profile_distance(&p, x,
								     y) == d) {
							a = x;
							b = y;
							break;
						}
				}
				if (a == NIL_CPU)
					continue;
				double got = model_pingpong(&p, a, b),
				       want = profile_c2c(&p, a, b);

				print_message(
					"%s, package %u, CPUs %u and %u: "
					"ping-pong %.1f ns, profile %.1f ns\n",
					names[i], pkg, a, b, got / NS,
					want / NS);
				assert_close(got, want, 0.05);
			}
	}
}

/* ---- a walk ---- */

#define WALK 256
static _Alignas(64) char walk_lines[WALK][64];
static uint64_t walk_ps;

/* CPU 1 writes every line; then CPU 0 (in its L3) reads them in order. */
static void walk_cpu(unsigned int cpu, void *arg)
{
	(void)arg;
	if (cpu == 1) {
		for (unsigned int i = 0; i < WALK; i++)
			machine_access(walk_lines[i], ACCESS_WRITE);
		return;
	}
	test_wait_until(STEP);
	for (unsigned int i = 0; i < WALK; i++)
		machine_access(walk_lines[i], ACCESS_READ);
	walk_ps = machine_now() - STEP;
}

/* A walk of N lines owned by another CPU costs about N x c2c / overlap. */
static void walk_overlaps(void **state)
{
	static const struct {
		const char *key;
		double overlap;
	} cases[] = { { "", 1 },
		      { "overlap 4 lines # test\n", 4 },
		      { "overlap 2.5 lines # test\n", 2.5 } };
	(void)state;

	for (unsigned int i = 0; i < ARRAY_SIZE(cases); i++) {
		char text[2048];
		struct machine *m;
		struct machine_stats s;

		snprintf(text, sizeof(text), "%s", PROFILE(""));
		strcat(text, cases[i].key);
		m = test_machine(text, 2);
		test_machine_run(m, walk_cpu, NULL);
		s = *machine_stats(m, 0);
		assert_int_equal(s.transfers, WALK);
		/* CPUs 0 and 1 share an L3: 20 ns a transfer */
		assert_close((double)walk_ps,
			     WALK * 20.0 * NS / cases[i].overlap, 0.05);
		machine_destroy(m);
	}
}

/* ---- the store buffer ---- */

static _Alignas(64) atomic_uint release_word;
static _Alignas(64) unsigned long private_line[8];
static uint64_t after_release, after_local, after_locked;

/*
 * CPUs 1 and 8 read the word; CPU 0 (8 is on another package) then
 * stores to it, as spin_unlock() does, works on a line of its own, and
 * takes a locked operation on that line.
 */
static void release_cpu(unsigned int cpu, void *arg)
{
	(void)arg;
	if (cpu == 0)
		machine_access(private_line, ACCESS_WRITE);
	if (cpu == 0 || cpu == 1 || cpu == 8)
		machine_access(&release_word, ACCESS_READ);
	if (cpu)
		return;
	test_wait_until(STEP);
	machine_access(&release_word, ACCESS_WRITE);
	after_release = machine_now() - STEP;
	for (int k = 0; k < 10; k++)
		machine_access(private_line, ACCESS_WRITE);
	after_local = machine_now() - STEP;
	machine_access(private_line, ACCESS_RMW);
	after_locked = machine_now() - STEP;
}

static void store_buffer_drains(void **state)
{
	struct machine *m;

	(void)state;
	/* CPU 8 is the first PU of core 8, on package 1: 80 ns away */
	m = test_machine(PROFILE("store_buffer 8 entries # test\n"), 9);
	test_machine_run(m, release_cpu, NULL);
	/* the store and the local work go on at a hit each */
	assert_int_equal(after_release, 1 * NS);
	assert_int_equal(after_local, 11 * NS);
	/* the locked op waits for the invalidation of the farthest copy */
	assert_int_equal(after_locked, 80 * NS + 1 * NS + 5 * NS);
	machine_destroy(m);

	/* without a store buffer the store waits itself */
	m = test_machine(PROFILE(""), 9);
	test_machine_run(m, release_cpu, NULL);
	assert_int_equal(after_release, 80 * NS);
	assert_int_equal(after_local, 90 * NS);
	machine_destroy(m);

	/* Arm: a locked op does not drain the buffer (no barrier) */
	m = test_machine(PROFILE("store_buffer 8 entries # test\n"
				 "order arm # test\n"),
			 9);
	test_machine_run(m, release_cpu, NULL);
	assert_int_equal(after_local, 11 * NS);
	assert_int_equal(after_locked, 11 * NS + 1 * NS + 5 * NS);
	machine_destroy(m);
}

/* ---- handoffs ---- */

#define HANDOFFS 20
static ticket_spinlock_t ticket;
static mcs_spinlock_t mcs;
static struct mcs_node nodes[64];
static unsigned int holder_plus_one, order_n;
static unsigned short order_seen[64 * HANDOFFS];
static bool overlap_seen;

struct handoff_run {
	bool use_mcs;
	unsigned int n;
	uint64_t first, last;
};

/* Every CPU takes the lock HANDOFFS times, with a short hold. */
static void handoff_cpu(unsigned int cpu, void *arg)
{
	struct handoff_run *r = arg;

	for (int k = 0; k < HANDOFFS; k++) {
		if (r->use_mcs)
			mcs_spin_lock(&mcs, &nodes[cpu]);
		else
			ticket_spin_lock(&ticket);
		overlap_seen |= holder_plus_one != 0;
		holder_plus_one = cpu + 1;
		if (order_n < ARRAY_SIZE(order_seen))
			order_seen[order_n++] = (unsigned short)cpu;
		if (k == 2 && (!r->first || machine_now() < r->first))
			r->first = machine_now();
		machine_delay(10 * NS);
		holder_plus_one = 0;
		if (r->use_mcs)
			mcs_spin_unlock(&mcs, &nodes[cpu]);
		else
			ticket_spin_unlock(&ticket);
	}
	if (machine_now() > r->last)
		r->last = machine_now();
}

/*
 * ps per handoff with n CPUs queued on the lock, all sharing an L3, on the
 * profile with keys added.
 */
static double handoff_keys_ps(bool use_mcs, unsigned int n, const char *keys)
{
	struct handoff_run r = { .use_mcs = use_mcs, .n = n };
	char text[2048];
	struct machine *m;

	snprintf(text, sizeof(text), "%s",
		 PROFILE_ON(TOPO_FLAT, "store_buffer 8 entries # test\n"));
	strncat(text, keys, sizeof(text) - strlen(text) - 1);
	m = test_machine(text, n);
	struct machine_stats s;

	ticket_spin_lock_init(&ticket);
	atomic_init(&mcs, NULL);
	holder_plus_one = order_n = 0;
	overlap_seen = false;
	test_machine_run(m, handoff_cpu, &r);
	machine_stats_sum(m, &s);
	machine_destroy(m);
	assert_false(overlap_seen);
	assert_int_equal(order_n, n * HANDOFFS);
	return (double)(r.last - r.first) / (n * (HANDOFFS - 3));
}

static double handoff_ps(bool use_mcs, unsigned int n)
{
	return handoff_keys_ps(use_mcs, n, "");
}

static void ticket_grows_mcs_does_not(void **state)
{
	double t4, t16, m4, m16;

	(void)state;
	t4 = handoff_ps(false, 4);
	t16 = handoff_ps(false, 16);
	m4 = handoff_ps(true, 4);
	m16 = handoff_ps(true, 16);
	print_message("per handoff: ticket %.1f ns at 4 CPUs, %.1f at 16; "
		      "MCS %.1f, %.1f\n",
		      t4 / NS, t16 / NS, m4 / NS, m16 / NS);
	assert_true(t16 > 1.5 * t4);
	assert_true(m16 < 1.25 * m4);
}

/*
 * The herd's re-reads are reads: with c2c_read at half of c2c_socket, an
 * L3 re-read costs 10 ns, not 20, and a ticket lock's handoff among 16
 * CPUs loses most of what its waiters' re-reads added; MCS's, with no
 * herd, keeps its cost within the read of its own node.
 */
static void herd_rereads_are_reads(void **state)
{
	const char *half = "c2c_read 20 ns # test: half of c2c_socket 40\n";
	double t16, r16, m16, rm16;

	(void)state;
	t16 = handoff_ps(false, 16);
	r16 = handoff_keys_ps(false, 16, half);
	m16 = handoff_ps(true, 16);
	rm16 = handoff_keys_ps(true, 16, half);
	print_message("per handoff at 16 CPUs, c2c_read half of c2c: ticket "
		      "%.1f ns (%.1f with c2c), MCS %.1f (%.1f)\n",
		      r16 / NS, t16 / NS, rm16 / NS, m16 / NS);
	assert_true(t16 - r16 > 0.3 * (t16 - m16));
	assert_true(rm16 > 0.7 * m16);
}

/* 64 CPUs on a FIFO lock: everyone gets it, in the order of tickets. */
static void fifo_at_64(void **state)
{
	struct handoff_run r = { .n = 64 };
	struct machine *m = test_machine(PROFILE(""), 64);
	unsigned int got[64] = { 0 };

	(void)state;
	ticket_spin_lock_init(&ticket);
	holder_plus_one = order_n = 0;
	overlap_seen = false;
	test_machine_run(m, handoff_cpu, &r);
	assert_false(overlap_seen);
	assert_int_equal(order_n, 64 * HANDOFFS);
	for (unsigned int i = 0; i < order_n; i++)
		got[order_seen[i]]++;
	for (unsigned int i = 0; i < 64; i++)
		assert_int_equal(got[i], HANDOFFS);
	machine_destroy(m);
}

/* ---- the overlap's rules ---- */

static uint64_t rmw_walk_ps, lock_miss_ps;
static unsigned int walk_delay_ns;

/*
 * CPU 1 takes every line with a locked increment, and at STEP walks them
 * again; CPU 0 does the same in order, walk_delay_ns after CPU 1's second
 * walk began (STEP: long after it ended).
 */
static void rmw_walk_cpu(unsigned int cpu, void *arg)
{
	(void)arg;
	if (cpu == 1) {
		for (unsigned int k = 0; k < 2; k++) {
			test_wait_until(k * STEP);
			for (unsigned int i = 0; i < WALK; i++)
				machine_access(walk_lines[i], ACCESS_RMW);
		}
		return;
	}
	test_wait_until(STEP + walk_delay_ns * (uint64_t)NS);
	{
		uint64_t t0 = machine_now();

		for (unsigned int i = 0; i < WALK; i++)
			machine_access(walk_lines[i], ACCESS_RMW);
		rmw_walk_ps = machine_now() - t0;
	}
}

static uint64_t rmw_walk(const char *keys, unsigned int delay_ns)
{
	char text[2048];
	struct machine *m;

	snprintf(text, sizeof(text), "%s%s",
		 PROFILE("overlap 4 lines # test\n"), keys);
	m = test_machine(text, 2);
	walk_delay_ns = delay_ns;
	test_machine_run(m, rmw_walk_cpu, NULL);
	machine_destroy(m);
	return rmw_walk_ps;
}

/*
 * A walk of locked increments over lines another CPU left costs the
 * first in full (20 ns) and each other an owned increment (1 + 5 ns)
 * plus the transfer's share, (20 - 6) / 4; never less than a walk of
 * owned lines, as the whole c2c / 4 (5 ns) was.
 */
static void rmw_walk_keeps_lock_cost(void **state)
{
	double want = (20 + (WALK - 1) * (6 + 14 / 4.0)) * NS;

	(void)state;
	assert_close((double)rmw_walk("", STEP / NS), want, 0.05);
	assert_true(rmw_walk("", STEP / NS) > WALK * 6 * NS);
	assert_close(
		(double)rmw_walk("locked_overlap whole # test\n", STEP / NS),
		(20 + (WALK - 1) * 5.0) * NS, 0.05);
}

#define PACE (40 * NS)

static uint64_t follower_ps;

/*
 * CPU 1 walks lines it owns, one every PACE; CPU 0 takes each 10 ns
 * after it, and sums what its own accesses cost.
 */
static void paced_cpu(unsigned int cpu, void *arg)
{
	(void)arg;
	if (cpu == 1) {
		for (unsigned int i = 0; i < WALK; i++)
			machine_access(walk_lines[i], ACCESS_RMW);
	}
	follower_ps = 0;
	for (unsigned int i = 0; i < WALK; i++) {
		uint64_t t0;

		test_wait_until(STEP + i * PACE + (cpu ? 0 : 10 * NS));
		t0 = machine_now();
		machine_access(walk_lines[i], ACCESS_RMW);
		if (!cpu)
			follower_ps += machine_now() - t0;
	}
}

static uint64_t paced_walk(const char *keys)
{
	char text[2048];
	struct machine *m;

	snprintf(text, sizeof(text), "%s%s",
		 PROFILE("overlap 4 lines # test\n"), keys);
	m = test_machine(text, 2);
	test_machine_run(m, paced_cpu, NULL);
	machine_destroy(m);
	return follower_ps;
}

/*
 * Two CPUs walking the same lines 10 ns apart: each line the follower
 * takes was written by the leader after the follower's prefetch for it
 * went out (its stream stands 4 x 40 ns back), so it waits in full,
 * 20 ns; with prefetch_steal off it costs 6 + 14 / 4.  With near_walk 17
 * ns (half the pair's 40-ns ping-pong less a 6-ns locked add), a stolen
 * line costs the locked add and half its transfer: 6 + 14 / 2 (the
 * first line, off every stream, in full).
 */
static void near_walkers_pay_near_walk(void **state)
{
	(void)state;
	assert_close((double)paced_walk(""), WALK * 20.0 * NS, 0.05);
	assert_close((double)paced_walk("prefetch_steal off # test\n"),
		     (20 + (WALK - 1) * (6 + 14 / 4.0)) * NS, 0.05);
	assert_close((double)paced_walk("near_walk 17 ns # test\n"),
		     (20 + (WALK - 1) * (6 + 14 / 2.0)) * NS, 0.05);
	assert_close((double)paced_walk("near_walk 500 ns # test\n"),
		     WALK * 20.0 * NS, 0.05);
}

/* CPUs 0 and 1 take turns at one lock word, STEP apart. */
static void lock_word_cpu(unsigned int cpu, void *arg)
{
	(void)arg;
	for (unsigned int k = 0; k < 4; k++) {
		uint64_t t0;

		test_wait_until((2 * k + cpu) * STEP);
		t0 = machine_now();
		machine_access(walk_lines[0], ACCESS_RMW);
		if (cpu == 0 && k == 3)
			lock_miss_ps = machine_now() - t0;
	}
}

/*
 * A lock word missed again and again, with no step to a next line, is
 * no stream: each miss waits in full (20 ns), not 20 / 4.
 */
static void lock_word_waits_in_full(void **state)
{
	char text[2048];
	struct machine *m;

	(void)state;
	snprintf(text, sizeof(text), "%s", PROFILE("overlap 4 lines # test\n"));
	m = test_machine(text, 2);
	test_machine_run(m, lock_word_cpu, NULL);
	machine_destroy(m);
	assert_close((double)lock_miss_ps, 20.0 * NS, 0.05);
}

/* ---- the read transfer ---- */

static uint64_t chase_ps;

/*
 * CPU 1 writes a line; a STEP later CPU 0, in the same L3 (20 ns),
 * reads it, stores into it and takes a locked add of a line it owns.
 */
static void read_write_cpu(unsigned int cpu, void *arg)
{
	uint64_t t0;

	(void)arg;
	if (cpu == 1) {
		machine_access(walk_lines[0], ACCESS_WRITE);
		return;
	}
	machine_access(walk_lines[1], ACCESS_RMW);
	test_wait_until(STEP);
	t0 = machine_now();
	machine_access(walk_lines[0], ACCESS_READ);
	machine_access(walk_lines[0], ACCESS_WRITE);
	machine_access(walk_lines[1], ACCESS_RMW);
	chase_ps = machine_now() - t0;
}

static uint64_t read_write(const char *keys)
{
	char text[2048];
	struct machine *m;

	snprintf(text, sizeof(text), "%s", PROFILE_ON(TOPO_64, ""));
	strncat(text, keys, sizeof(text) - strlen(text) - 1);
	m = test_machine(text, 2);
	test_machine_run(m, read_write_cpu, NULL);
	machine_destroy(m);
	return chase_ps;
}

/*
 * The read costs c2c (20) or, with c2c_read 20 ns given for c2c_socket's
 * 40, half of it (10); the store after it waits for its upgrade (20)
 * unless read_owns brought the line writable (a hit, 1); the locked add
 * of an owned line costs 1 + 5.
 */
static void read_transfer_and_owns(void **state)
{
	(void)state;
	assert_close((double)read_write(""), (20 + 20 + 6) * NS, 0.01);
	assert_close((double)read_write("c2c_read 20 ns # test\n"),
		     (10 + 20 + 6) * NS, 0.01);
	assert_close((double)read_write("c2c_read 20 ns # test\n"
					"read_owns on # test\n"),
		     (10 + 1 + 6) * NS, 0.01);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(pingpong_gives_input),
		cmocka_unit_test(walk_overlaps),
		cmocka_unit_test(rmw_walk_keeps_lock_cost),
		cmocka_unit_test(near_walkers_pay_near_walk),
		cmocka_unit_test(lock_word_waits_in_full),
		cmocka_unit_test(store_buffer_drains),
		cmocka_unit_test(ticket_grows_mcs_does_not),
		cmocka_unit_test(herd_rereads_are_reads),
		cmocka_unit_test(fifo_at_64),
		cmocka_unit_test(read_transfer_and_owns),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
