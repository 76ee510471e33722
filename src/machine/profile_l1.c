// SPDX-License-Identifier: GPL-2.0
/*
 * A profile's first-level cache (keys l1, l1_ways, l2_hit, and l2_rmw
 * optional; l1.h models it): sets a power of two within a page, smaller than the cache, and an
 * L2 hit dearer than a hit and cheaper than every miss, since
 * machine_access() tells an L2 hit from a miss by its cost.
 */
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include "profile.h"

#define L1_SPAN_MAX 4096

/* The cheapest cost of a line from memory or another CPU's cache. */
static uint64_t nearest_miss(const struct machine_profile *p)
{
	uint64_t best = UINT64_MAX;

	for (int c = COST_MEM_LOCAL; c < NR_COSTS; c++)
		if (p->cost[c] < best)
			best = p->cost[c];
	for (int i = 0; i < MACHINE_MAX_PACKAGES; i++)
		if (p->socket_cost[i] && p->socket_cost[i] < best)
			best = p->socket_cost[i];
	return best;
}

int profile_l1(struct machine_profile *p, double kib, double l2_ns,
	       double rmw_ns, char *msg, size_t len)
{
	double sets = kib * 1024 / p->line_size / p->l1_ways;
	unsigned int n = (unsigned int)sets;

	if (sets < 1 || sets != n || (n & (n - 1))) {
		snprintf(
			msg, len,
			"l1 %g KiB in %u ways of %u-byte lines: the sets must be a power of two",
			kib, p->l1_ways, p->line_size);
		return -1;
	}
	/*
	 * A line's set is its offset in its page, as a virtually indexed,
	 * physically tagged L1's is (the PIII's 128 sets of 32 bytes are
	 * bits 5 to 11); above a page, it would be where the host put it.
	 */
	if ((unsigned long)n * p->line_size > L1_SPAN_MAX) {
		snprintf(
			msg, len,
			"l1 %g KiB in %u ways: %u sets of %u bytes span over a 4 KiB page; give more ways",
			kib, p->l1_ways, n, p->line_size);
		return -1;
	}
	if ((unsigned long)n * p->l1_ways >= p->cache_lines) {
		snprintf(msg, len, "l1 %g KiB: not smaller than cache", kib);
		return -1;
	}
	if (l2_ns > 1e6) {
		snprintf(msg, len, "l2_hit is %g ns, over 1 ms", l2_ns);
		return -1;
	}
	p->l2_hit = (uint64_t)llround(l2_ns * 1000);
	if (p->l2_hit <= p->cost[COST_HIT]) {
		snprintf(msg, len,
			 "l2_hit %g ns: an L1 miss costs more than hit", l2_ns);
		return -1;
	}
	if (nearest_miss(p) <= p->l2_hit) {
		snprintf(
			msg, len,
			"l2_hit %g ns: not below memory and every c2c (%g ns), but a CPU's own cache is nearer",
			l2_ns, nearest_miss(p) / 1000.0);
		return -1;
	}
	/* a locked operation's L1 miss: l2_rmw beyond its hit, else l2_hit */
	p->l2_rmw = rmw_ns < 0 ? p->l2_hit :
				 p->cost[COST_HIT] + (uint64_t)llround(rmw_ns * 1000);
	if (rmw_ns > 1e6 || nearest_miss(p) <= p->l2_rmw) {
		snprintf(
			msg, len,
			"l2_rmw %g ns: a locked operation's L1 miss must cost less than memory and every c2c (%g ns)",
			rmw_ns, nearest_miss(p) / 1000.0);
		return -1;
	}
	p->l1_sets = n;
	p->onchip = p->l2_hit > p->l2_rmw ? p->l2_hit : p->l2_rmw;
	return 0;
}
