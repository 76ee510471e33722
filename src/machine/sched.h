/* SPDX-License-Identifier: GPL-2.0 */
#ifndef RMAPBENCH_MACHINE_SCHED_H
#define RMAPBENCH_MACHINE_SCHED_H

/*
 * The scheduler: the virtual CPU with the smallest clock runs (ties: the
 * lower number), and keeps running while its clock stays the smallest.
 * A CPU yields at the start of an access (maybe_yield()), and a parked or
 * finished one hands over to the next (run_next()).
 */
#include "lines.h"

/*
 * Keys are clock << KEY_ID_BITS | id: one integer compare orders by clock,
 * then by CPU number, without touching the CPUs.  Clocks stay below 2^54
 * ps (five hours of virtual time); key_of() checks.
 */
#define KEY_ID_BITS 10
#define KEY_CLOCK_MAX (UINT64_MAX >> KEY_ID_BITS)
#define KEY_NONE UINT64_MAX /* not runnable: running, parked or done */
_Static_assert(MACHINE_MAX_CPUS <= 1 << KEY_ID_BITS, "CPU ids fit the key");

static inline uint64_t key_of(const struct vcpu *v)
{
	if (unlikely(v->clock >= KEY_CLOCK_MAX)) {
		fprintf(stderr,
			"rmapbench: a modelled CPU ran past %llu ps of virtual time; model fewer forks\n",
			(unsigned long long)KEY_CLOCK_MAX);
		exit(1);
	}
	return v->clock << KEY_ID_BITS | v->id;
}

static inline uint32_t key_id(uint64_t key)
{
	return key & ((1u << KEY_ID_BITS) - 1);
}

/*
 * The runnable CPUs form a tournament tree: each sits at a leaf (slot[id]:
 * tree[leaves + slot] holds its key), every inner node the smaller of its
 * two children, so the root, tree[1], is the CPU to run next.  A change
 * replays one path from leaf to root, a load and a conditional move per
 * level, where a heap's sift compares both ways at every level and
 * mispredicts half of them.  CPUs switch at nearly every access of a
 * large machine, and a CPU that yields takes the leaf of the CPU it
 * yields to (tree_swap()): one path, not two.  Which leaf a CPU sits at
 * does not change the root, as keys order by clock and CPU alone.
 */
static void tree_set(struct machine *m, uint32_t slot, uint64_t key)
{
	size_t i = m->leaves + slot;

	m->tree[i] = key;
	for (; i > 1; i /= 2) {
		uint64_t sib = m->tree[i ^ 1];

		key = sib < key ? sib : key;
		m->tree[i / 2] = key;
	}
}

static inline bool runnable(const struct machine *m)
{
	return m->tree[1] != KEY_NONE;
}

/* CPU id, not running, joins the tree at a free leaf. */
static void tree_push(struct machine *m, uint32_t id)
{
	uint32_t slot = m->free_slot[--m->nr_free];

	m->slot[id] = slot;
	tree_set(m, slot, key_of(&m->cpu[id]));
}

/* The CPU to run next leaves the tree. */
static uint32_t tree_pop(struct machine *m)
{
	uint32_t id = key_id(m->tree[1]);

	tree_set(m, m->slot[id], KEY_NONE);
	m->free_slot[m->nr_free++] = m->slot[id];
	return id;
}

/* The CPU to run next leaves the tree, and CPU id takes its leaf with key. */
static uint32_t tree_swap(struct machine *m, uint32_t id, uint64_t key)
{
	uint32_t next = key_id(m->tree[1]);

	m->slot[id] = m->slot[next];
	tree_set(m, m->slot[id], key);
	return next;
}

static void switch_to(struct machine *m, struct coro *from, struct vcpu *to)
{
	struct vcpu *self = cur;

	cur = to;
	coro_switch(from, to->co);
	cur = self;
	(void)m;
}

/* Ends the run: back to machine_run(), leaving every CPU where it is. */
static void run_end(struct machine *m)
{
	struct vcpu *self = cur;

	cur = NULL;
	coro_switch(self->co, m->main);
}

/* Leaves the running CPU (not in the tree) for the next one, or main. */
static void run_next(struct machine *m)
{
	if (runnable(m)) {
		switch_to(m, cur->co, &m->cpu[tree_pop(m)]);
		return;
	}
	if (m->parked)
		m->deadlock = true;
	run_end(m);
}

/*
 * The CPU due after the one about to run gets the host lines its access
 * will touch on the way: its own state, the line's state and holders, and
 * what it accesses.  On a large machine nearly every access switches
 * CPUs, and each switch would otherwise wait on those misses; the running
 * CPU's access takes long enough for them to arrive, and the CPU due then
 * is most often still the one due next.  The tag it waits with is in a
 * small array, so asking costs no miss.
 */
static void prefetch_next(struct machine *m)
{
	uint32_t id = key_id(m->tree[1]);
	const struct pending *p = &m->pending[id];
	uintptr_t tag = p->tag;
	uint32_t line;

	if (!runnable(m) || tag == UINTPTR_MAX)
		return;
	__builtin_prefetch(&m->cpu[id]);
	__builtin_prefetch((const char *)&m->cpu[id] + 64);
	__builtin_prefetch((const char *)&m->cpu[id] + 128);
#pragma GCC unroll 8
	for (int b = -STACK_HINT_BELOW; b < STACK_HINT_ABOVE; b += 64)
		__builtin_prefetch(p->sp + b);
	__builtin_prefetch(p->co);
	__builtin_prefetch(p->ring, 1);
	__builtin_prefetch((const void *)(tag << m->line_shift));
	line = cached_line(m, tag);
	if (line == NIL)
		return;
	__builtin_prefetch(line_at(m, line));
	prefetch_holders(m, line);
}

/*
 * The running CPU, about to stop before its access to tag, leaves what
 * it will touch when it runs again (struct pending); here the bottom of
 * its stack, a local of its caller's frame.
 */
static inline void set_pending(struct machine *m, struct vcpu *v, uintptr_t tag,
			       const char *sp)
{
	struct pending *p = &m->pending[v->id];

	p->tag = tag;
	p->sp = sp;
	p->co = v->co;
	p->ring = &v->ring[v->tick & v->ring_mask];
}

/*
 * Runs on: the running CPU, about to access tag, keeps going while its
 * clock is the smallest.
 */
static inline void maybe_yield(struct machine *m, uintptr_t tag)
{
	uint64_t key = key_of(cur);
	uint32_t next;
	char here;

	if (likely(m->tree[1] > key))
		return;
	set_pending(m, cur, tag, &here);
	next = tree_swap(m, cur->id, key);
	prefetch_next(m);
	switch_to(m, cur->co, &m->cpu[next]);
}

#endif
