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
 * CPUs 0 and 1 of this host; rmapbench-lockloop-model (LOCKLOOP_MODEL)
 * runs two modelled CPUs on a machine profile.  The two side by side
 * show how the model hands a lock between CPUs against how the host
 * does (docs/model.md, "Two CPUs on one lock"):
 *
 *	rmapbench-lockloop ROUNDS W
 *	rmapbench-lockloop-model ROUNDS W PROFILE
 */
#ifndef LOCKLOOP_MODEL
#define RMAP_VARIANT RMAP_FAST
#else
#define RMAP_VARIANT RMAP_MODEL
#endif
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include "model/access.h"
#include "model/spinlock.h"
#ifdef LOCKLOOP_MODEL
#include "machine/machine.h"
#include "machine/profile.h"
#endif

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

#ifdef LOCKLOOP_MODEL
static void model_cpu(unsigned int cpu, void *arg)
{
	(void)arg;
	lock_loop(cpu);
	result[cpu].ns = (double)machine_now() / 1000;
}

static int run_pair(const char *profile)
{
	static struct machine_profile prof;
	struct machine *m;
	char msg[256];

	if (profile_load(&prof, profile, msg, sizeof(msg)))
		goto fail;
	m = machine_create(&prof, 2, msg, sizeof(msg));
	if (!m || machine_run(m, model_cpu, NULL, msg, sizeof(msg)))
		goto fail;
	machine_destroy(m);
	return 0;
fail:
	fprintf(stderr, "rmapbench-lockloop-model: %s\n", msg);
	return -1;
}
#else
static pthread_barrier_t start;

static double now_ns(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec * 1e9 + t.tv_nsec;
}

static void *host_cpu(void *arg)
{
	unsigned int cpu = (unsigned int)(uintptr_t)arg;
	cpu_set_t set;
	double t0;

	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	if (pthread_setaffinity_np(pthread_self(), sizeof(set), &set))
		fprintf(stderr, "rmapbench-lockloop: CPU %u not pinned\n", cpu);
	pthread_barrier_wait(&start);
	t0 = now_ns();
	lock_loop(cpu);
	result[cpu].ns = now_ns() - t0;
	return NULL;
}

static int run_pair(const char *profile)
{
	pthread_t t[2];

	(void)profile;
	pthread_barrier_init(&start, NULL, 2);
	for (unsigned int i = 0; i < 2; i++)
		if (pthread_create(&t[i], NULL, host_cpu, (void *)(uintptr_t)i))
			return -1;
	for (unsigned int i = 0; i < 2; i++)
		pthread_join(t[i], NULL);
	return 0;
}
#endif

int main(int argc, char **argv)
{
	unsigned long runs, contended;
	double ns;
#ifdef LOCKLOOP_MODEL
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
	if (run_pair(argc > 3 ? argv[3] : NULL))
		return 1;
	runs = result[0].runs + result[1].runs;
	contended = result[0].contended + result[1].contended;
	ns = result[0].ns > result[1].ns ? result[0].ns : result[1].ns;
	printf("W %lu ns/acq %.1f run %.1f contended %.2f%%\n", nr_stores,
	       ns / (2.0 * rounds), 2.0 * rounds / runs,
	       100.0 * contended / (2.0 * rounds));
	return 0;
}
