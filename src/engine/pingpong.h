/* SPDX-License-Identifier: GPL-2.0 */
#ifndef RMAPBENCH_ENGINE_PINGPONG_H
#define RMAPBENCH_ENGINE_PINGPONG_H

/*
 * The two-thread cache-line ping-pong of calibrate --machine and of the
 * runner's regime (pingpong.c), and the pinning every two-thread
 * measurement of calibrate_machine.c shares.
 */
#include <sched.h>
#include <stdatomic.h>
#include <stdint.h>
#include "calibrate_machine.h"

#define PINGPONG_ROUNDS 1000 /* round trips a sample */
#define SPREAD_MAX 1.5	     /* p90 / p10 of a stable ping-pong */

static inline void pin(int cpu)
{
	cpu_set_t set;

	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	sched_setaffinity(0, sizeof(set), &set);
}

/* Both threads pinned, then neither starts before the other is there. */
static inline void meet(atomic_uint *ready, int cpu)
{
	pin(cpu);
	atomic_fetch_add_explicit(ready, 1, memory_order_acq_rel);
	while (atomic_load_explicit(ready, memory_order_acquire) < 2)
		;
}

/*
 * One way of a compare-exchange ping-pong between CPUs a and b: n samples
 * of PINGPONG_ROUNDS round trips each, round trip / 2; -1 when they take
 * over budget_ns (0: no limit), as on a loaded machine, where the other
 * CPU's thread waits for the scheduler and every round trip measures it.
 */
int pingpong_ns(int a, int b, unsigned int n, uint64_t budget_ns,
		struct pingpong_stats *st);
/* The two CPUs the ping-pong runs on: the first two this process may use. */
int pingpong_cpus(int pair[2]);

#endif
