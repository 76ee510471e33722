// SPDX-License-Identifier: GPL-2.0
/*
 * rmapbench-lockloop: two CPUs take one 2.4 spinlock in a loop, the
 * strategies' own (model/spinlock.h: "lock; decb", spin on reads,
 * "movb $1"): lock, a store to the data line under it, unlock, then W
 * stores to lines of the CPU's own.  It prints the time an acquisition
 * over both CPUs, how many acquisitions in a row one CPU made on average
 * (a run), and the share of acquisitions whose first try failed.
 *
 * Built twice from this file: rmapbench-lockloop runs two threads on
 * CPUs 0 and 1 of this host; rmapbench-lockloop-model (TWIN_MODEL, twin.h)
 * runs two modelled CPUs on a machine profile.  The two side by side
 * show how the model hands a lock between CPUs against how the host
 * does (docs/model.md, "Two CPUs on one lock"):
 *
 *	rmapbench-lockloop ROUNDS W
 *	rmapbench-lockloop-model ROUNDS W PROFILE
 */
#include <stdio.h>
#include <stdlib.h>
#include "twin.h"
#include "model/access.h"
#include "model/spinlock.h"

#define OWN_LINES 64

static _Alignas(64) spinlock_t lock;
static _Alignas(64) atomic_uint last_holder;
static _Alignas(64) atomic_ulong own[2][OWN_LINES * 8];
static unsigned long rounds, nr_stores;

struct cpu_result {
	unsigned long contended, runs;
	double ns;
};
static struct cpu_result result[2];

static void lock_loop(unsigned int cpu)
{
	struct cpu_result *r = &result[cpu];
	unsigned long w = 0;

	for (unsigned long i = 0; i < rounds; i++) {
		r->contended += spin_lock(&lock);
		if (mem_load(&last_holder, memory_order_relaxed) != cpu) {
			mem_store(&last_holder, cpu, memory_order_relaxed);
			r->runs++;
		}
		spin_unlock(&lock);
		for (unsigned long s = 0; s < nr_stores; s++) {
			mem_store(&own[cpu][w], i, memory_order_relaxed);
			w = (w + 8) % (OWN_LINES * 8);
		}
	}
}

static void lock_cpu(unsigned int cpu)
{
	uint64_t t0 = twin_clock_ns();

	lock_loop(cpu);
	result[cpu].ns = (double)(twin_clock_ns() - t0);
}

int main(int argc, char **argv)
{
	unsigned long runs, contended;
	double ns;
#ifdef TWIN_MODEL
	const int want = 4;
	const char *usage = "usage: rmapbench-lockloop-model ROUNDS W PROFILE";
#else
	const int want = 3;
	const char *usage = "usage: rmapbench-lockloop ROUNDS W";
#endif

	if (argc != want || !(rounds = strtoul(argv[1], NULL, 10))) {
		fprintf(stderr, "%s (ROUNDS > 0 a CPU, W stores between)\n",
			usage);
		return 2;
	}
	nr_stores = strtoul(argv[2], NULL, 10);
	spin_lock_init(&lock);
	atomic_init(&last_holder, 2);
	if (twin_run(argv[0], argc > 3 ? argv[3] : NULL, lock_cpu, NULL))
		return 1;
	runs = result[0].runs + result[1].runs;
	contended = result[0].contended + result[1].contended;
	ns = result[0].ns > result[1].ns ? result[0].ns : result[1].ns;
	printf("W %lu ns/acq %.1f run %.1f contended %.2f%%\n", nr_stores,
	       ns / (2.0 * rounds), 2.0 * rounds / runs,
	       100.0 * contended / (2.0 * rounds));
	return 0;
}
