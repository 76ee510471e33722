/* SPDX-License-Identifier: GPL-2.0 */
#ifndef RMAPBENCH_MACHINE_LRU_H
#define RMAPBENCH_MACHINE_LRU_H

/*
 * Each CPU's private cache: the lines it holds, at most the profile's
 * cache_lines, the least recently used going when a copy comes in over
 * that.  A CPU's touches are a ring and, once it has evicted, a table of
 * its lines' newest touches (struct vcpu says how they make an exact LRU).
 */
#include "l1.h"
#include "machine_impl.h"

static inline uint32_t line_hash(uint32_t line, uint32_t mask)
{
	return (uint32_t)((line * 0x9e3779b97f4a7c15ull) >> 32) & mask;
}

static inline uint32_t held_slot(const struct vcpu *v, uint32_t line)
{
	return line_hash(line, v->held_mask);
}

/* The slot of line in v's table, or the empty slot where it would go. */
static uint32_t held_find(const struct vcpu *v, uint32_t line)
{
	uint32_t i = held_slot(v, line);

	while (v->held[i].line != NIL && v->held[i].line != line)
		i = (i + 1) & v->held_mask;
	return i;
}

/* A new, empty table for v, with room for n entries. */
static void held_alloc(struct machine *m, struct vcpu *v, uint32_t n)
{
	uint32_t size = 1024;

	while (size < 2 * (n + 1))
		size *= 2;
	v->held_mask = size - 1;
	v->held = pool_alloc(m, size * sizeof(*v->held));
	memset(v->held, 0xff, size * sizeof(*v->held));
	v->nentries = 0;
}

/* Sets line's entry in v's table (room for it was made) to stamp. */
static void held_set(struct vcpu *v, uint32_t line, uint32_t stamp)
{
	uint32_t i = held_find(v, line);

	v->nentries += v->held[i].line == NIL;
	v->held[i] = (struct held){ .line = line, .stamp = stamp };
}

static void held_grow(struct machine *m, struct vcpu *v)
{
	struct held *old = v->held;
	uint32_t n = v->held_mask + 1;

	held_alloc(m, v, v->nentries + 1);
	for (uint32_t i = 0; i < n; i++)
		if (old[i].line != NIL)
			held_set(v, old[i].line, old[i].stamp);
	pool_free(m, old, n * sizeof(*old));
}

/* Empties slot i, shifting back the entries that probed past it. */
static void held_del(struct vcpu *v, uint32_t i)
{
	uint32_t j = i;

	v->nentries--;
	for (;;) {
		uint32_t k;

		j = (j + 1) & v->held_mask;
		if (v->held[j].line == NIL)
			break;
		k = held_slot(v, v->held[j].line);
		if (((j - k) & v->held_mask) >= ((j - i) & v->held_mask)) {
			v->held[i] = v->held[j];
			i = j;
		}
	}
	v->held[i].line = NIL;
}

static inline bool untabled(const struct vcpu *v)
{
	return !v->held;
}

/*
 * A full ring keeps only its current touches, the newest touch of each
 * line the CPU still holds, renumbered from 0 in their order, in a ring
 * twice as large when the CPU's copies alone would fill half of this one.
 * They are found by one pass from the newest touch down, then one over
 * their holders bits (prefetched, as they are each a host miss).
 */
static void ring_compact(struct machine *m, struct vcpu *v)
{
	uint32_t n = v->ring_mask + 1, mask = 2 * n - 1;
	uint32_t distinct = 0, kept = 0;

	if (m->scratch < n) {
		m->scratch = n;
		m->seen = xrealloc(m->seen, 2 * n * sizeof(*m->seen));
		m->kept = xrealloc(m->kept, n * sizeof(*m->kept));
	}
	memset(m->seen, 0xff, 2 * n * sizeof(*m->seen));
	for (uint32_t t = v->tick; t-- != v->ring_head;) {
		uint32_t line = v->ring[t & v->ring_mask];
		uint32_t i = line_hash(line, mask);

		while (m->seen[i] != NIL && m->seen[i] != line)
			i = (i + 1) & mask;
		if (m->seen[i] == NIL) {
			m->seen[i] = line;
			m->kept[distinct++] = line;
		}
	}
	for (uint32_t d = 0; d < distinct; d++) {
		if (d + 16 < distinct)
			__builtin_prefetch(holders(m, m->kept[d + 16]) +
					   v->id / 64);
		if (holds(m, v, m->kept[d]))
			m->kept[kept++] = m->kept[d];
	}
	if (2 * v->nlines >= v->ring_mask + 1) {
		uint32_t *r = pool_alloc(m, 2 * n * sizeof(*r));

		memcpy(r, v->ring, n * sizeof(*r));
		pool_free(m, v->ring, n * sizeof(*r));
		v->ring = r;
		v->ring_mask = 2 * v->ring_mask + 1;
	}
	for (uint32_t t = 0; t < kept; t++)
		v->ring[t] = m->kept[kept - 1 - t];
	v->ring_head = 0;
	v->tick = kept;
}

/*
 * v's table, from its compacted ring: each copy stamped with the number
 * of its newest touch.
 */
static void table_build(struct machine *m, struct vcpu *v)
{
	ring_compact(m, v);
	if (v->held)
		pool_free(m, v->held, (v->held_mask + 1) * sizeof(*v->held));
	held_alloc(m, v, v->nlines);
	for (uint32_t t = 0; t < v->tick; t++)
		held_set(v, v->ring[t], t);
	v->synced = v->tick;
}

/*
 * The table catches up with the touches pushed since it was last read:
 * each one stamps its line's entry.  Touches are pushed and copies
 * dropped without a look at the table, which would be a host miss at
 * every access; here they come in a batch whose misses overlap.  Entries
 * of lines the CPU no longer holds are left to lru_copy() and
 * table_build().
 */
#define SYNC_AHEAD 8

static void table_sync(struct machine *m, struct vcpu *v)
{
	for (uint32_t t = v->synced; t != v->tick; t++) {
		if (v->tick - t > SYNC_AHEAD)
			__builtin_prefetch(&v->held[held_slot(
				v, v->ring[(t + SYNC_AHEAD) & v->ring_mask])]);
		if (2 * (v->nentries + 1) > v->held_mask + 1)
			held_grow(m, v);
		held_set(v, v->ring[t & v->ring_mask], t);
	}
	v->synced = v->tick;
}

/* Room in the ring for one more touch. */
static void ring_reserve(struct machine *m, struct vcpu *v)
{
	if (v->tick - v->ring_head <= v->ring_mask)
		return;
	if (untabled(v))
		ring_compact(m, v);
	else
		table_build(m, v);
}

/* line becomes v's newest touch. */
static void ring_push(struct machine *m, struct vcpu *v, uint32_t line)
{
	ring_reserve(m, v);
	v->ring[v->tick & v->ring_mask] = line;
	v->tick++;
}

/* v touches its copy of line. */
static void touch(struct machine *m, struct vcpu *v, uint32_t line)
{
	if (v->tick != v->ring_head &&
	    v->ring[(v->tick - 1) & v->ring_mask] == line)
		return;
	ring_push(m, v, line);
}

/* Takes v's copy of line off the line (its table entry goes stale). */
static void drop_copy(struct machine *m, struct vcpu *v, uint32_t line)
{
	struct line *l = line_at(m, line);

	cpu_clear(holders(m, line), v->id);
	if (m->l1)
		l1_drop(m, v, line);
	if (v->last_l == l)
		v->last_tag = UINTPTR_MAX;
	if (!--l->ncopies)
		l->state = LINE_I;
	v->nlines--;
}

/*
 * v's least recently used copy, off its synced table: the line of its
 * oldest touch that is current (its line's newest) and of a line it still
 * holds.  A stale entry met on the way goes.
 */
static uint32_t lru_copy(struct machine *m, struct vcpu *v)
{
	for (;;) {
		uint32_t stamp = v->ring_head++;
		uint32_t line = v->ring[stamp & v->ring_mask];
		uint32_t i = held_find(v, line);

		if (v->held[i].line == NIL || v->held[i].stamp != stamp)
			continue;
		held_del(v, i);
		if (holds(m, v, line))
			return line;
	}
}

/* v's cache is over capacity: its least recently used line goes. */
static void evict(struct machine *m, struct vcpu *v)
{
	v->st.evictions++;
	if (untabled(v))
		table_build(m, v);
	else
		table_sync(m, v);
	drop_copy(m, v, lru_copy(m, v));
}

/*
 * Gives v a copy of line, evicting its least recently used line; the
 * copy comes into v's L1 too.
 */
static void add_copy(struct machine *m, struct vcpu *v, uint32_t line)
{
	cpu_set(holders(m, line), v->id);
	if (m->l1)
		l1_touch(m, v, line);
	line_at(m, line)->ncopies++;
	ring_push(m, v, line);
	if (++v->nlines > m->prof->cache_lines)
		evict(m, v);
}

#endif
