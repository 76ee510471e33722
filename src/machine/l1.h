/* SPDX-License-Identifier: GPL-2.0 */
#ifndef RMAPBENCH_MACHINE_L1_H
#define RMAPBENCH_MACHINE_L1_H

/*
 * A CPU's first-level cache, when the profile gives one (l1, l1_ways,
 * l2_hit): a tag array of l1_sets sets of l1_ways lines, each set kept
 * most recently used first, in front of the private cache (lru.h), which
 * then stands for the second level.  It is asked only on a hit in the
 * private cache: in L1, the access costs hit; else it costs l2_hit and
 * the line comes into L1, its set's least recently used line going.
 * Every line fetched from memory or another CPU comes into L1 too, and a
 * line the private cache loses leaves L1.  A line's set is its address's
 * (a line number keeps its address's low bits, lines.h; the sets of a
 * 16 KiB, 4-way L1 of 32-byte lines take bits 5 to 11, inside a page).
 */
#include "machine_impl.h"

static inline uint32_t *l1_set(const struct machine *m, const struct vcpu *v,
			       uint32_t line)
{
	return &v->l1[(line & (m->prof->l1_sets - 1)) * m->prof->l1_ways];
}

/*
 * line becomes the most recent of its set, the least recent going if it
 * was not there (empty ways are at a set's end); returns whether it was.
 */
static bool l1_touch(const struct machine *m, struct vcpu *v, uint32_t line)
{
	uint32_t *s = l1_set(m, v, line);
	unsigned int w = 0, last = m->prof->l1_ways - 1;
	bool found;

	while (w < last && s[w] != line)
		w++;
	found = s[w] == line;
	memmove(s + 1, s, w * sizeof(*s));
	s[0] = line;
	return found;
}

/* v's L1 loses line, if it has it. */
static void l1_drop(const struct machine *m, struct vcpu *v, uint32_t line)
{
	uint32_t *s = l1_set(m, v, line);
	unsigned int w = 0, ways = m->prof->l1_ways;

	while (w < ways && s[w] != line)
		w++;
	if (w == ways)
		return;
	memmove(s + w, s + w + 1, (ways - 1 - w) * sizeof(*s));
	s[ways - 1] = NIL;
}

/*
 * What a hit in v's private cache costs: hit in L1, else l2_hit, or
 * l2_rmw for a locked operation: x86 holds a locked operation till its
 * line is in L1, writable, where plain accesses in a walk run on under
 * the fetch (this host's walks: calibrate_l2.c).
 */
static inline uint64_t hit_cost(const struct machine *m, struct vcpu *v,
				uint32_t line, bool rmw)
{
	if (likely(!m->l1) || l1_touch(m, v, line))
		return m->prof->cost[COST_HIT];
	v->st.l1_misses++;
	return rmw ? m->prof->l2_rmw : m->prof->l2_hit;
}

/* v's L1, empty, when the profile gives one; else NULL. */
static void l1_alloc(const struct machine *m, struct vcpu *v)
{
	size_t n = (size_t)m->prof->l1_sets * m->prof->l1_ways;

	if (!n)
		return;
	v->l1 = xrealloc(NULL, n * sizeof(*v->l1));
	memset(v->l1, 0xff, n * sizeof(*v->l1));
}

#endif
