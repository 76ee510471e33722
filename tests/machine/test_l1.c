// SPDX-License-Identifier: GPL-2.0
/*
 * The first-level cache's known answers (src/machine/l1.h): a walk that
 * fits the private cache but not L1 costs an L2 hit a line on every pass
 * after the first, one that fits L1 a hit a line; a fifth line of a full
 * 4-way set evicts the set's least recently used line; a store that
 * misses L1 waits in the store buffer, a locked operation does not, and
 * costs l2_rmw beyond its hit where the profile gives it; a line
 * another CPU takes leaves L1; the profile's refusals.
 */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include "rmaptest.h"
#include "machine_fixture.h"
#include "machine/machine.h"

#define NS 1000 /* ps */
#define STEP (100000 * NS)

/*
 * 16 KiB of 64-byte lines in 4 ways: 64 sets, one every 4 KiB.  An L2 hit
 * 4 ns; a hit 1 ns, memory 100 ns (TEST_PROFILE).
 */
#define L1_KEYS                   \
	"l1 16 KiB # test\n"      \
	"l1_ways 4 ways # test\n" \
	"l2_hit 4 ns # test\n"
#define TOPO "pack:1 numa:1 l3:1 core:2 pu:1"
#define PROFILE(extra) TEST_PROFILE(TOPO, "512", L1_KEYS extra)
#define SET_STRIDE 4096 /* bytes between lines of one set */

#define WALK_MAX 512
static _Alignas(4096) char lines[WALK_MAX * 64];

static struct {
	unsigned int n, passes;
	uint64_t pass_ps[4];
	uint64_t l1_misses[4];
} walk;

/* CPU 0 walks walk.n lines in order, walk.passes times. */
static void walk_cpu(unsigned int cpu, void *arg)
{
	struct machine *m = arg;

	if (cpu)
		return;
	for (unsigned int p = 0; p < walk.passes; p++) {
		uint64_t t = machine_now(), miss;

		miss = machine_stats(m, 0)->l1_misses;
		for (unsigned int i = 0; i < walk.n; i++)
			machine_access(lines + i * 64, ACCESS_READ);
		walk.pass_ps[p] = machine_now() - t;
		walk.l1_misses[p] = machine_stats(m, 0)->l1_misses - miss;
	}
}

static void run_walk(unsigned int n)
{
	struct machine *m = test_machine(PROFILE(""), 1);

	walk.n = n;
	walk.passes = 3;
	test_machine_run(m, walk_cpu, m);
	machine_destroy(m);
}

/* 512 lines, 32 KiB: each set cycles through 8 lines in LRU order. */
static void walk_past_l1_costs_l2(void **state)
{
	(void)state;
	run_walk(512);
	assert_int_equal(walk.pass_ps[0], 512 * 100 * NS);
	assert_int_equal(walk.l1_misses[0], 0);
	for (unsigned int p = 1; p < 3; p++) {
		assert_int_equal(walk.pass_ps[p], 512 * 4 * NS);
		assert_int_equal(walk.l1_misses[p], 512);
	}
}

/* 128 lines, 8 KiB: after the first pass, a hit each. */
static void walk_in_l1_costs_hit(void **state)
{
	(void)state;
	run_walk(128);
	assert_int_equal(walk.pass_ps[0], 128 * 100 * NS);
	for (unsigned int p = 1; p < 3; p++) {
		assert_int_equal(walk.pass_ps[p], 128 * 1 * NS);
		assert_int_equal(walk.l1_misses[p], 0);
	}
}

/* The cost of each access of a sequence of lines of one set. */
static const unsigned int set_seq[] = { 0, 1, 2, 3, 0, 4, 0, 2, 3, 4, 1, 0 };
static uint64_t set_ps[ARRAY_SIZE(set_seq)];

static void set_cpu(unsigned int cpu, void *arg)
{
	(void)arg;
	if (cpu)
		return;
	for (unsigned int i = 0; i < ARRAY_SIZE(set_seq); i++) {
		uint64_t t = machine_now();

		machine_access(lines + set_seq[i] * SET_STRIDE, ACCESS_READ);
		set_ps[i] = machine_now() - t;
	}
}

/*
 * Lines 0 to 3 fill a set; 0 again makes 1 the least recent, so 4 evicts
 * 1 (0, 2, 3 and 4 hit after), and 1 comes back from L2, evicting 0,
 * which comes back from L2 too.
 */
static void fifth_line_evicts_lru(void **state)
{
	static const uint64_t want[] = { 100, 100, 100, 100, 1, 100,
					 1,   1,   1,	1,   4, 4 };
	struct machine *m = test_machine(PROFILE(""), 1);

	(void)state;
	test_machine_run(m, set_cpu, NULL);
	for (unsigned int i = 0; i < ARRAY_SIZE(set_seq); i++)
		assert_int_equal(set_ps[i], want[i] * NS);
	assert_int_equal(machine_stats(m, 0)->l1_misses, 2);
	machine_destroy(m);
}

static uint64_t store_ps, rmw_ps;

/*
 * CPU 0 reads five lines of one set (the first leaves L1), then stores
 * to the first, then takes a locked operation on the second.
 */
static void store_cpu(unsigned int cpu, void *arg)
{
	uint64_t t;

	(void)arg;
	if (cpu)
		return;
	for (unsigned int i = 0; i < 6; i++)
		machine_access(lines + (i % 5) * SET_STRIDE, ACCESS_READ);
	/* 0 came back, evicting 1 */
	machine_access(lines + 2 * SET_STRIDE, ACCESS_READ);
	machine_access(lines + 3 * SET_STRIDE, ACCESS_READ);
	machine_access(lines + 4 * SET_STRIDE, ACCESS_READ);
	/* now 0 is the set's least recent: 1 evicts it */
	machine_access(lines + 1 * SET_STRIDE, ACCESS_READ);
	t = machine_now();
	machine_access(lines, ACCESS_WRITE);
	store_ps = machine_now() - t;
	/* 0 is back, 2 the least recent: the locked op misses L1 */
	t = machine_now();
	machine_access(lines + 2 * SET_STRIDE, ACCESS_RMW);
	rmw_ps = machine_now() - t;
}

/*
 * A store that misses L1 goes on at a hit with a store buffer (it waits
 * for its line from L2 there), and waits the L2 hit without one; a locked
 * operation that misses L1 costs the L2 hit and the atomic either way.
 */
static void store_misses_l1(void **state)
{
	struct machine *m =
		test_machine(PROFILE("store_buffer 4 entries # test\n"), 1);

	(void)state;
	test_machine_run(m, store_cpu, NULL);
	assert_int_equal(store_ps, 1 * NS);
	/* the locked op drains the buffer: the store commits at 4 ns */
	assert_int_equal(rmw_ps, 3 * NS + 4 * NS + 5 * NS);
	machine_destroy(m);

	m = test_machine(PROFILE(""), 1);
	test_machine_run(m, store_cpu, NULL);
	assert_int_equal(store_ps, 4 * NS);
	assert_int_equal(rmw_ps, 4 * NS + 5 * NS);
	machine_destroy(m);
}

/*
 * With l2_rmw, a locked operation that misses L1 costs a hit and l2_rmw,
 * then the atomic; a plain store that misses still costs l2_hit.
 */
static void locked_op_misses_l1_at_l2_rmw(void **state)
{
	struct machine *m = test_machine(PROFILE("l2_rmw 2 ns # test\n"), 1);

	(void)state;
	test_machine_run(m, store_cpu, NULL);
	assert_int_equal(store_ps, 4 * NS);
	assert_int_equal(rmw_ps, 1 * NS + 2 * NS + 5 * NS);
	machine_destroy(m);
}

static uint64_t reread_ps;

/*
 * CPU 0 fills a set with lines 0 to 3 and reads 0 again (1 is the least
 * recent); CPU 1 writes 0; CPU 0 reads 4, then 1.
 */
static void taken_cpu(unsigned int cpu, void *arg)
{
	static const unsigned int fill[] = { 0, 1, 2, 3, 0 };
	uint64_t t;

	(void)arg;
	if (cpu) {
		test_wait_until(STEP);
		machine_access(lines, ACCESS_WRITE);
		return;
	}
	for (unsigned int i = 0; i < ARRAY_SIZE(fill); i++)
		machine_access(lines + fill[i] * SET_STRIDE, ACCESS_READ);
	test_wait_until(2 * STEP);
	machine_access(lines + 4 * SET_STRIDE, ACCESS_READ);
	t = machine_now();
	machine_access(lines + 1 * SET_STRIDE, ACCESS_READ);
	reread_ps = machine_now() - t;
}

/*
 * The written line left CPU 0's L1, and its way with it: 4 takes that
 * way, and 1 is still there (had 0 stayed, 4 would have evicted 1).
 */
static void taken_line_leaves_l1(void **state)
{
	struct machine *m = test_machine(PROFILE(""), 2);

	(void)state;
	test_machine_run(m, taken_cpu, NULL);
	assert_int_equal(reread_ps, 1 * NS);
	assert_int_equal(machine_stats(m, 0)->l1_misses, 0);
	assert_int_equal(machine_stats(m, 1)->invalidations, 1);
	machine_destroy(m);
}

/* Without the keys: every hit costs hit, as before the first level. */
static void no_l1_no_change(void **state)
{
	struct machine *m = test_machine(TEST_PROFILE(TOPO, "512", ""), 1);

	(void)state;
	walk.n = 512;
	walk.passes = 2;
	test_machine_run(m, walk_cpu, m);
	assert_int_equal(walk.pass_ps[1], 512 * 1 * NS);
	assert_int_equal(walk.l1_misses[1], 0);
	assert_int_equal(test_profile()->onchip, 1 * NS);
	machine_destroy(m);
}

/* A profile of a 512 KiB cache (16 KiB for "small") with extra is refused. */
static void refused(const char *extra, const char *want)
{
	char text[2048], msg[256];
	struct machine_profile p;
	bool small = strstr(want, "smaller");

	snprintf(text, sizeof(text), "%s%s",
		 small ? TEST_PROFILE(TOPO, "16", "") :
			 TEST_PROFILE(TOPO, "512", ""),
		 extra);
	assert_int_equal(profile_parse(&p, text, "t", msg, sizeof(msg)), -1);
	if (!strstr(msg, want))
		fail_msg("'%s' does not say '%s'", msg, want);
}

static void profile_refusals(void **state)
{
	(void)state;
	refused("l1 16 KiB # t\nl1_ways 4 ways # t\n", "missing l2_hit");
	refused("l2_hit 4 ns # t\n", "missing l1");
	refused("l1 12 KiB # t\nl1_ways 4 ways # t\nl2_hit 4 ns # t\n",
		"power of two");
	refused("l1 32 KiB # t\nl1_ways 4 ways # t\nl2_hit 4 ns # t\n",
		"over a 4 KiB page");
	refused("l1 16 KiB # t\nl1_ways 4 ways # t\nl2_hit 4 ns # t\n",
		"not smaller than cache");
	refused("l1 16 KiB # t\nl1_ways 4 ways # t\nl2_hit 1 ns # t\n",
		"costs more than hit");
	refused("l1 16 KiB # t\nl1_ways 4 ways # t\nl2_hit 10 ns # t\n",
		"not below memory and every c2c (10 ns)");
	refused("l1 16 KiB # t\nl1_ways 17 ways # t\nl2_hit 4 ns # t\n",
		"1 to 16");
	refused("l1 16 KiB # t\nl1 16 KiB # t\n", "given twice");
	refused("l2_rmw 2 ns # t\n", "l2_rmw needs l1");
	refused("l1 16 KiB # t\nl1_ways 4 ways # t\nl2_hit 4 ns # t\nl2_rmw 9 ns # t\n",
		"must cost less than memory and every c2c (10 ns)");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(walk_past_l1_costs_l2),
		cmocka_unit_test(walk_in_l1_costs_hit),
		cmocka_unit_test(fifth_line_evicts_lru),
		cmocka_unit_test(store_misses_l1),
		cmocka_unit_test(locked_op_misses_l1_at_l2_rmw),
		cmocka_unit_test(taken_line_leaves_l1),
		cmocka_unit_test(no_l1_no_change),
		cmocka_unit_test(profile_refusals),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
