// SPDX-License-Identifier: GPL-2.0
/*
 * Two CPUs walking the same lines at once, a few lines apart, as two
 * forks walk the same struct pages (get_page() and page_add_rmap() on
 * each) when their families' rounds fall together: each CPU's prefetcher
 * reaches into the lines the other has in flight and takes them back.
 * The model prices such a line (prefetch_stolen() in machine/coherence.h)
 * at the share of a transfer this walk says it costs: what a line costs
 * a walk of locked increments with the other CPU walking the same lines
 * 0 to NEAR_MAX lines ahead of it or behind, beyond a walk of its own
 * lines, over the ping-pong less a locked add (the whole transfer that
 * walk would wait for with no prefetch at all).
 *
 * On the development VM, 2026-12-06, ping-pong 37 then 121 ns (it moved
 * during the run), walkers 0-32 lines apart: 147.5 ns a line against
 * 34.6 alone, 54.6 at 32-64 lines, nothing beyond 64 (a two-pass walk of
 * increments and decrements over 512 lines of struct pages, outside the
 * tree).  A line another CPU wrote and left costs such a walk nearly
 * nothing (calibrate_machine.c's stream walk): it is nearness that costs.
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include "calibrate_machine.h"
#include "pingpong.h"
#include "lib/stats.h"
#include "lib/util.h"

#define NEAR_SAMPLES 201  /* walks together, of which those kept count */
#define NEAR_TOGETHER 0.9 /* kept: the walks overlapped this much in time */
#define NEAR_PREEMPTED 4  /* ping-pongs a line: another task ran */
#define NEAR_START_NS 2000 /* from the gate to the walks: over its skew */

struct near {
	_Alignas(64) struct {
		atomic_ulong word;
		char pad[64 - sizeof(atomic_ulong)];
	} line[NEAR_LINES];
	_Alignas(64) atomic_uint gate; /* both pass it twice a sample */
	_Alignas(64) uint64_t b_start, b_end;
	_Alignas(64) uint64_t start_at; /* both walk from then: near_start() */
	unsigned int ahead[NEAR_SAMPLES]; /* where b starts, in lines */
	int cpu[2];
};

/* One pass of locked increments over every line, from line first. */
static void near_walk(struct near *n, unsigned int first)
{
	for (unsigned int i = 0; i < NEAR_LINES; i++)
		atomic_fetch_add_explicit(
			&n->line[(first + i) % NEAR_LINES].word, 1,
			memory_order_seq_cst);
}

/* Both threads wait here until both have arrived gen times. */
static void near_gate(struct near *n, unsigned int gen)
{
	atomic_fetch_add_explicit(&n->gate, 1, memory_order_acq_rel);
	while (atomic_load_explicit(&n->gate, memory_order_acquire) < 2 * gen)
		;
}

/*
 * Both walkers set off at n->start_at, a time a sets before the gate: the
 * gate itself lets the CPU that opens it go one transfer before the one
 * that spins on it, 100-130 ns at this host's slower regime, some 30
 * lines of a walk, and a walker that far behind never meets the other
 * (session 19: mean 0.4-1.7 ns a line beyond its own at 100 ns, 4.5-25
 * started together; docs/model.md, "The near walk at 100 ns").
 */
static void near_start(const struct near *n)
{
	while (now_ns() < n->start_at)
		;
}

static void *near_other(void *arg)
{
	struct near *n = arg;

	pin(n->cpu[1]);
	for (unsigned int k = 0; k < NEAR_SAMPLES; k++) {
		near_gate(n, 2 * k + 1);
		near_start(n);
		n->b_start = now_ns();
		near_walk(n, n->ahead[k]);
		n->b_end = now_ns();
		near_gate(n, 2 * k + 2);
	}
	return NULL;
}

/* b's start for each sample: 0 to NEAR_MAX lines ahead of a or behind. */
static void near_starts(struct near *n)
{
	uint64_t rng = 0x9e3779b97f4a7c15ull;

	for (unsigned int k = 0; k < NEAR_SAMPLES; k++) {
		unsigned int d;

		d = (unsigned int)(xorshift64(&rng) % (NEAR_MAX + 1));
		n->ahead[k] = k & 1 ? d : (NEAR_LINES - d) % NEAR_LINES;
	}
}

/* Whether a's walk [t0, t1) and b's overlapped in time as much as kept. */
static bool together(const struct near *n, uint64_t t0, uint64_t t1)
{
	uint64_t lo = t0 > n->b_start ? t0 : n->b_start;
	uint64_t hi = t1 < n->b_end ? t1 : n->b_end;
	uint64_t a = t1 - t0, b = n->b_end - n->b_start;

	return hi > lo && (double)(hi - lo) >= NEAR_TOGETHER * (a < b ? a : b);
}

/*
 * ns a line, a's walks with b near (kept ones), and alone; -1: too few.
 * The mean of the walks with b near, not their median: a round of forks
 * pays the mean of what its walks pay, the walks in which the two
 * walkers meet counted at their cost (session 19's Zen 4 at 100-114 ns
 * one way, a copy of this walk outside the tree, started together: mean
 * 4.5-25 ns a line beyond its own, median 0.4-0.8; docs/model.md, "The
 * near walk at 100 ns").  A walk over four ping-pongs a line beyond its
 * own had the CPU taken from it, and is left out.
 */
static double near_excess(struct near *n, double pingpong)
{
	double near[NEAR_SAMPLES], own[NEAR_SAMPLES], alone, sum = 0;
	unsigned int kept = 0, counted = 0;

	for (unsigned int k = 0; k < NEAR_SAMPLES; k++) {
		uint64_t t0, t1;

		n->start_at = now_ns() + NEAR_START_NS;
		near_gate(n, 2 * k + 1);
		near_start(n);
		t0 = now_ns();
		near_walk(n, 0);
		t1 = now_ns();
		near_gate(n, 2 * k + 2);
		if (together(n, t0, t1))
			near[kept++] = (double)(t1 - t0) / NEAR_LINES;
		/* b waits at the next gate: a's lines twice, the second its own */
		near_walk(n, 0);
		t0 = now_ns();
		near_walk(n, 0);
		own[k] = (double)(now_ns() - t0) / NEAR_LINES;
	}
	if (kept < NEAR_SAMPLES / 4)
		return -1;
	alone = stats_median(own, NEAR_SAMPLES);
	for (unsigned int k = 0; k < kept; k++)
		if (near[k] <= alone + NEAR_PREEMPTED * pingpong) {
			sum += near[k];
			counted++;
		}
	if (counted < NEAR_SAMPLES / 4)
		return -1;
	return sum / counted - alone;
}

double calibrate_near_walk_ns(int a, int b, double pingpong)
{
	struct near *n = aligned_alloc(64, sizeof(*n));
	pthread_t t;
	double ns;

	if (!n)
		return -1;
	memset(n, 0, sizeof(*n));
	near_starts(n);
	n->cpu[0] = a;
	n->cpu[1] = b;
	pin(a);
	if (pthread_create(&t, NULL, near_other, n)) {
		free(n);
		return -1;
	}
	ns = near_excess(n, pingpong);
	pthread_join(t, NULL);
	free(n);
	return ns;
}
