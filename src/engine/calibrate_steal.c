// SPDX-License-Identifier: GPL-2.0
/*
 * Two CPUs walking the same lines at once, a few lines apart, as two
 * forks walk the same struct pages (get_page() and page_add_rmap() on
 * each) when their families' rounds fall together: each CPU's prefetcher
 * reaches into the lines the other has in flight and takes them back.
 * The model prices such a line (prefetch_stolen() in machine/coherence.h)
 * at the share of a transfer this walk says it costs: what a line costs
 * a walk of locked increments while the other CPU walks the same lines
 * within NEAR_MAX lines ahead of it or behind, beyond a walk of its own
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
#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#if defined(__x86_64__) || defined(__i386__)
#include <x86intrin.h>
#endif
#include "calibrate_machine.h"
#include "pingpong.h"
#include "lib/stats.h"
#include "lib/util.h"

#define NEAR_SAMPLES 201 /* walks together */
#define NEAR_SKIP 5	 /* the first walks: caches and clocks settle */
#define NEAR_SEG 16	 /* lines between two clock reads of a walk */
#define NEAR_SEGS (NEAR_LINES / NEAR_SEG)
#define NEAR_PREEMPTED 4   /* ping-pongs a line: another task ran */
#define NEAR_START_NS 2000 /* from the gate to the walks: over its skew */

struct near {
	_Alignas(64) struct {
		atomic_ulong word;
		char pad[64 - sizeof(atomic_ulong)];
	} line[NEAR_LINES];
	_Alignas(64) atomic_uint gate;	/* both pass it twice a sample */
	_Alignas(64) uint64_t start_at; /* both walk from then: near_start() */
	_Alignas(64) uint64_t b_at[NEAR_SEGS + 1]; /* b's walk's clock */
	unsigned int ahead[NEAR_SAMPLES]; /* where b starts, in lines */
	int cpu[2];
};

/*
 * The walks' clock: on x86 the time-stamp counter, read unordered (rdtsc
 * without a fence), which waits for nothing in flight; clock_gettime()
 * reads it ordered, and read every 16 lines that changed what it measured
 * (session 20's Zen 4 at 100-110 ns, a copy of this walk outside the
 * tree: near 10% of the stretches at 38-54 ns a line, against 21-38% at
 * 75-102 with rdtsc).  Elsewhere, the clock.
 */
#if defined(__x86_64__) || defined(__i386__)
static uint64_t walk_clock(void)
{
	return __rdtsc();
}
#else
static uint64_t walk_clock(void)
{
	return now_ns();
}
#endif

/*
 * One pass of locked increments over every line, from line first, the
 * walk clock read before every NEAR_SEG lines and after the last (at).
 */
static void near_walk(struct near *n, unsigned int first, uint64_t *at)
{
	for (unsigned int s = 0; s < NEAR_SEGS; s++) {
		unsigned int from = first + s * NEAR_SEG;

		at[s] = walk_clock();
		for (unsigned int i = from; i < from + NEAR_SEG; i++)
			atomic_fetch_add_explicit(&n->line[i % NEAR_LINES].word,
						  1, memory_order_seq_cst);
	}
	at[NEAR_SEGS] = walk_clock();
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
		near_walk(n, n->ahead[k], n->b_at);
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

/*
 * Whether b walked within NEAR_MAX lines of a's segment s at its middle
 * (a walks from line 0): b's line then, from its clock, read linearly
 * between its reads; not while b was not walking.
 */
static bool b_near(const struct near *n, unsigned int k, const uint64_t *a_at,
		   unsigned int s)
{
	uint64_t t = a_at[s] / 2 + a_at[s + 1] / 2;
	const uint64_t *b = n->b_at;
	unsigned int i = 0;
	double b_line, d;

	if (t < b[0] || t >= b[NEAR_SEGS])
		return false;
	while (b[i + 1] <= t)
		i++;
	b_line =
		n->ahead[k] +
		NEAR_SEG * (i + (double)(t - b[i]) / (double)(b[i + 1] - b[i]));
	d = NEAR_SEG * (s + 0.5) - b_line;
	d -= NEAR_LINES * floor(d / NEAR_LINES + 0.5); /* -256 .. 256 */
	return fabs(d) <= NEAR_MAX;
}

/*
 * ns a line of a's walk while b walked near it, beyond a walk of a's own
 * lines (each kept in the walk clock's ticks till the end); -1: too few
 * such stretches.  Only the stretches near count: the
 * model decides itself when its CPUs walk near (prefetch_stolen()), and
 * asks what a line costs then.  The mean of whole walks was that diluted
 * by how long two walkers keep near: at 28 ns they keep so (32-37 ns a
 * line near, session 20's Zen 4, a copy of this walk outside the tree),
 * at 100-110 ns they part within a walk or two, and the near stretches'
 * 90-109 ns a line became 17-48 over whole walks, the tree's median of
 * tries 4-14 (docs/model.md, "The near walk, near").  A stretch over
 * four ping-pongs a line beyond its own had the CPU taken from it.
 */
static double near_excess(struct near *n, double pingpong)
{
	double own[NEAR_SAMPLES], alone, sum = 0, cut, rate;
	double seg[NEAR_SAMPLES * NEAR_SEGS];
	uint64_t at[NEAR_SEGS + 1], t0 = now_ns(), c0 = walk_clock();
	unsigned int counted = 0, nseg = 0;

	for (unsigned int k = 0; k < NEAR_SAMPLES; k++) {
		n->start_at = now_ns() + NEAR_START_NS;
		near_gate(n, 2 * k + 1);
		near_start(n);
		near_walk(n, 0, at);
		near_gate(n, 2 * k + 2);
		for (unsigned int s = 0; k >= NEAR_SKIP && s < NEAR_SEGS; s++)
			if (b_near(n, k, at, s))
				seg[nseg++] =
					(double)(at[s + 1] - at[s]) / NEAR_SEG;
		/* b waits at the next gate: a's lines twice, the second its own */
		near_walk(n, 0, at);
		near_walk(n, 0, at);
		own[k] = (double)(at[NEAR_SEGS] - at[0]) / NEAR_LINES;
	}
	/* the walk clock's ticks a ns, over the walks themselves */
	rate = (double)(walk_clock() - c0) / (double)(now_ns() - t0);
	alone = stats_median(own, NEAR_SAMPLES);
	cut = alone + NEAR_PREEMPTED * pingpong * rate;
	for (unsigned int i = 0; i < nseg; i++)
		if (seg[i] <= cut) {
			sum += seg[i];
			counted++;
		}
	if (counted < NEAR_SAMPLES)
		return -1;
	return (sum / counted - alone) / rate;
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
