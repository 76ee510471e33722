/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The modelled test machine, written once for the tests of the machine and
 * of the locks run on it: a profile in round numbers, and a machine made
 * and run on it that fails the test with the library's message.
 */
#ifndef RMAPBENCH_TESTS_MACHINE_FIXTURE_H
#define RMAPBENCH_TESTS_MACHINE_FIXTURE_H

#include <stdint.h>
#include "rmaptest.h"
#include "machine/machine.h"

/*
 * A test machine's profile: the topology, the cache in KiB, then any
 * further lines.  Round numbers, so that a cost in a test reads as what it
 * is; an atomic is 10 cycles, 5 ns at 2 GHz.
 */
#define TEST_PROFILE(topo, cache_kib, extra)       \
	"name test   # a test machine\n"           \
	"topology " topo " # test\n"               \
	"line 64 bytes # test\n"                   \
	"clock 2 GHz # test\n"                     \
	"cache " cache_kib " KiB # test\n"         \
	"hit 1 ns # test\n"                        \
	"atomic 10 cycles # test: 5 ns at 2 GHz\n" \
	"memory_local 100 ns # test\n"             \
	"memory_remote 150 ns # test\n"            \
	"c2c_smt 10 ns # test\n"                   \
	"c2c_l3 20 ns # test\n"                    \
	"c2c_socket 40 ns # test\n"                \
	"c2c_remote 80 ns # test\n" extra

/* The profile test_machine() parsed last: the machine points into it. */
static inline struct machine_profile *test_profile(void)
{
	static struct machine_profile prof;

	return &prof;
}

static inline struct machine *test_machine_of(const struct machine_profile *p,
					      unsigned int ncpus)
{
	char msg[256];
	struct machine *m = machine_create(p, ncpus, msg, sizeof(msg));

	if (!m)
		fail_msg("%s", msg);
	return m;
}

/* A machine of ncpus on the profile text, or the test fails saying why. */
static inline struct machine *test_machine(const char *text, unsigned int ncpus)
{
	char msg[256];

	if (profile_parse(test_profile(), text, "test", msg, sizeof(msg)))
		fail_msg("%s", msg);
	return test_machine_of(test_profile(), ncpus);
}

static inline void test_machine_run(struct machine *m, machine_fn fn, void *arg)
{
	char msg[256];

	if (machine_run(m, fn, arg, msg, sizeof(msg)))
		fail_msg("%s", msg);
}

/* Run on the modelled CPU until virtual time ps (picoseconds). */
static inline void test_wait_until(uint64_t ps)
{
	if (machine_now() < ps)
		machine_delay(ps - machine_now());
}

#endif
