// SPDX-License-Identifier: GPL-2.0
/*
 * The host's first-level cache, for the profile's l1, l1_ways, l2_hit and
 * l2_rmw: its size and ways as sysconf gives them, and what a line its L2
 * holds and its L1 does not costs a walk in address order (the fork and
 * exit loops' walk of struct pages, get_page() a locked increment on
 * each), beyond the same walk over lines in L1: once with a load and a
 * store a line, once with a locked increment.
 *
 * On session 19's Zen 4 host (2026-12-07, a walk outside the tree): a
 * locked increment 2.1-2.3 ns a line within 32 KiB, 3.2 from 48 KiB to
 * 1 MiB; a load and a store 0.39-0.47 and 0.55-0.57.  x86 holds a locked
 * operation until its line is in L1 and writable, and the prefetcher
 * hides most of that; plain accesses run on under the fetch.  Without
 * the first level the model priced every struct page at an L1 hit, and
 * its one-thread rounds of the 2002 strategies came out 10-24% cheap
 * (docs/model.md, "The first-level cache").
 */
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "calibrate_machine.h"
#include "lib/stats.h"
#include "lib/util.h"

#define L1_WALK_SAMPLES 101

struct l2_line {
	_Alignas(64) atomic_ulong word;
};

/* ns a line of one walk over n lines, locked increments or plain. */
static double walk_ns(struct l2_line *l, size_t n, bool locked)
{
	uint64_t t0 = now_ns();

	for (size_t i = 0; i < n; i++) {
		unsigned long v;

		if (locked) {
			atomic_fetch_add_explicit(&l[i].word, 1,
						  memory_order_seq_cst);
			continue;
		}
		v = atomic_load_explicit(&l[i].word, memory_order_relaxed);
		atomic_store_explicit(&l[i].word, v + 1, memory_order_relaxed);
	}
	return (double)(now_ns() - t0) / (double)n;
}

/* The median walk over n lines, each after a walk that brings them in. */
static double median_walk(struct l2_line *l, size_t n, bool locked)
{
	double v[L1_WALK_SAMPLES];

	for (int i = 0; i < L1_WALK_SAMPLES; i++) {
		walk_ns(l, n, locked);
		v[i] = walk_ns(l, n, locked);
	}
	return stats_median(v, L1_WALK_SAMPLES);
}

void calibrate_l2(struct host_figures *h)
{
	long kib = sysconf(_SC_LEVEL1_DCACHE_SIZE) / 1024;
	long ways = sysconf(_SC_LEVEL1_DCACHE_ASSOC);
	size_t in, out;
	struct l2_line *l;

	h->l1_kib = 0;
	if (kib <= 0 || ways <= 0 || h->line != 64)
		return;
	/* half of L1, and eight times it if a quarter of L2 holds that */
	in = (size_t)kib * 1024 / 2 / 64;
	out = 16 * in;
	if (h->cache_kib * 1024 / 4 < (long)(out * 64))
		return;
	l = aligned_alloc(64, out * sizeof(*l));
	if (!l)
		return;
	memset(l, 0, out * sizeof(*l));
	h->l1_kib = kib;
	h->l1_ways = ways;
	h->l1_lines[0] = in;
	h->l1_lines[1] = out;
	h->l2_plain = median_walk(l, out, false) - median_walk(l, in, false);
	h->l2_locked = median_walk(l, out, true) - median_walk(l, in, true);
	free(l);
}
