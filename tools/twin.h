/* SPDX-License-Identifier: GPL-2.0 */
#ifndef RMAPBENCH_TOOLS_TWIN_H
#define RMAPBENCH_TOOLS_TWIN_H

/*
 * The twins (tools/lockloop.c, tools/walkstep.c): one loop built twice,
 * for two threads on CPUs 0 and 1 of this host, which meet at a barrier
 * first, and (TWIN_MODEL) for two modelled CPUs of a machine profile.
 * twin_run() runs cpu_main(cpu) on both; twin_clock_ns() is the clock
 * each reads, twin_wait_until() waits for it; a modelled twin may set its
 * CPUs' start (twin_setup).
 */
#ifndef TWIN_MODEL
#define RMAP_VARIANT RMAP_FAST
#else
#define RMAP_VARIANT RMAP_MODEL
#endif
#include <pthread.h>
#include <sched.h>
#include <stdint.h>
#include <stdio.h>
#include "lib/util.h"
#ifdef TWIN_MODEL
#include "machine/machine.h"
#include "machine/profile.h"
#endif

typedef void twin_fn(unsigned int cpu);

static twin_fn *twin_main;

#ifdef TWIN_MODEL
typedef void twin_setup(struct machine *m, const struct machine_profile *p);

static uint64_t twin_clock_ns(void)
{
	return machine_now() / 1000;
}

/* Till the clock reads ns: the modelled CPU's time moves on. */
static inline void twin_wait_until(uint64_t ns)
{
	uint64_t now = twin_clock_ns();

	if (now < ns)
		machine_delay((ns - now) * 1000);
}

static void twin_model_cpu(unsigned int cpu, void *arg)
{
	(void)arg;
	twin_main(cpu);
}

static int twin_run(const char *tool, const char *profile, twin_fn *cpu_main,
		    twin_setup *setup)
{
	static struct machine_profile prof;
	struct machine *m;
	char msg[256];

	if (profile_load(&prof, profile, msg, sizeof(msg)))
		goto fail;
	m = machine_create(&prof, 2, msg, sizeof(msg));
	if (!m)
		goto fail;
	if (setup)
		setup(m, &prof);
	twin_main = cpu_main;
	if (machine_run(m, twin_model_cpu, NULL, msg, sizeof(msg)))
		goto fail;
	machine_destroy(m);
	return 0;
fail:
	fprintf(stderr, "%s: %s\n", tool, msg);
	return -1;
}
#else
static pthread_barrier_t twin_start;
static const char *twin_tool;

static uint64_t twin_clock_ns(void)
{
	return now_ns();
}

/* Till the clock reads ns: the thread spins, as a loop on the CPU would. */
static inline void twin_wait_until(uint64_t ns)
{
	while (twin_clock_ns() < ns)
		;
}

static void *twin_host_cpu(void *arg)
{
	unsigned int cpu = (unsigned int)(uintptr_t)arg;
	cpu_set_t set;

	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	if (pthread_setaffinity_np(pthread_self(), sizeof(set), &set))
		fprintf(stderr, "%s: CPU %u not pinned\n", twin_tool, cpu);
	pthread_barrier_wait(&twin_start);
	twin_main(cpu);
	return NULL;
}

static int twin_run(const char *tool, const char *profile, twin_fn *cpu_main,
		    void *setup)
{
	pthread_t t[2];

	(void)profile;
	(void)setup;
	twin_tool = tool;
	twin_main = cpu_main;
	pthread_barrier_init(&twin_start, NULL, 2);
	for (unsigned int i = 0; i < 2; i++)
		if (pthread_create(&t[i], NULL, twin_host_cpu,
				   (void *)(uintptr_t)i))
			return -1;
	for (unsigned int i = 0; i < 2; i++)
		pthread_join(t[i], NULL);
	return 0;
}
#endif

#endif
