// SPDX-License-Identifier: GPL-2.0
/*
 * The cache-line ping-pong, measured as nviennot/core-to-core-latency
 * does: the two threads meet at a barrier, then many short samples, their
 * median with p10 and p90 (calibrate_machine.c says why).
 */
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include "lib/stats.h"
#include "lib/topo.h"
#include "lib/util.h"
#include "pingpong.h"

struct pingpong {
	_Alignas(64) atomic_uint flag;
	_Alignas(64) atomic_uint ready;
	atomic_bool stop; /* the pinging side ran out of time */
	int cpu[2];
	unsigned long rounds; /* in all, over every sample */
};

/* Thread 1 answers every ping: the flag goes 0 → 1 → 0. */
static void *pong(void *arg)
{
	struct pingpong *pp = arg;

	meet(&pp->ready, pp->cpu[1]);
	for (unsigned long i = 0; i < pp->rounds; i++) {
		unsigned int want = 1;

		while (!atomic_compare_exchange_weak_explicit(
			&pp->flag, &want, 0, memory_order_acq_rel,
			memory_order_relaxed)) {
			if (atomic_load_explicit(&pp->stop,
						 memory_order_relaxed))
				return NULL;
			want = 1;
		}
	}
	return NULL;
}

static void pingpong_summary(double *v, unsigned int n,
			     struct pingpong_stats *st)
{
	stats_sort(v, n);
	st->samples = n;
	st->median = stats_median(v, n);
	st->p10 = v[n / 10];
	st->p90 = v[n - 1 - n / 10];
	st->bimodal = false;
	for (unsigned int i = n / 10; i + 1 < n - n / 10; i++)
		if (v[i + 1] > 2 * v[i])
			st->bimodal = true;
}

bool pingpong_stable(const struct pingpong_stats *st)
{
	return st->p90 <= SPREAD_MAX * st->p10;
}

int pingpong_ns(int a, int b, unsigned int n, uint64_t budget_ns,
		struct pingpong_stats *st)
{
	struct pingpong pp = { .cpu = { a, b },
			       .rounds = (unsigned long)n * PINGPONG_ROUNDS };
	double *v = malloc(n * sizeof(*v));
	uint64_t start;
	unsigned int s;
	pthread_t t;

	if (!v)
		return -1;
	atomic_init(&pp.flag, 0);
	atomic_init(&pp.ready, 0);
	atomic_init(&pp.stop, false);
	if (pthread_create(&t, NULL, pong, &pp)) {
		free(v);
		return -1;
	}
	meet(&pp.ready, a);
	start = now_ns();
	for (s = 0; s < n; s++) {
		uint64_t t0 = now_ns();

		if (budget_ns && t0 - start > budget_ns)
			break;
		for (unsigned long i = 0; i < PINGPONG_ROUNDS; i++) {
			unsigned int want = 0;

			while (!atomic_compare_exchange_weak_explicit(
				&pp.flag, &want, 1, memory_order_acq_rel,
				memory_order_relaxed))
				want = 0;
		}
		v[s] = (double)(now_ns() - t0) / PINGPONG_ROUNDS / 2;
	}
	atomic_store_explicit(&pp.stop, true, memory_order_relaxed);
	pthread_join(t, NULL);
	if (s == n)
		pingpong_summary(v, n, st);
	free(v);
	return s == n ? 0 : -1;
}

/* The two CPUs the ping-pong runs on: the first two this process may use. */
int pingpong_cpus(int pair[2])
{
	int cpus[CPUS_MAX];
	unsigned int n = allowed_cpus(cpus, CPUS_MAX);

	if (n < 2) {
		fprintf(stderr,
			"rmapbench: calibrate --machine needs two CPUs for the ping-pong; this process may use %u\n",
			n);
		return -1;
	}
	pair[0] = cpus[0];
	pair[1] = cpus[1];
	return (int)n;
}

int calibrate_pingpong_within(unsigned int samples, uint64_t budget_ns,
			      int cpus[2], struct pingpong_stats *st)
{
	cpu_set_t saved;
	bool restore;
	int ret;

	if (pingpong_cpus(cpus) < 0)
		return -1;
	/* the caller goes on where it could run before (a suite measures) */
	restore = !sched_getaffinity(0, sizeof(saved), &saved);
	ret = pingpong_ns(cpus[0], cpus[1], samples, budget_ns, st);
	if (restore)
		sched_setaffinity(0, sizeof(saved), &saved);
	return ret;
}

int calibrate_pingpong(unsigned int samples, int cpus[2],
		       struct pingpong_stats *st)
{
	return calibrate_pingpong_within(samples, 0, cpus, st);
}
