/* SPDX-License-Identifier: GPL-2.0 */
#ifndef RMAPBENCH_MACHINE_WAITQ_H
#define RMAPBENCH_MACHINE_WAITQ_H

/*
 * Waiting on a line, and the handoff when it is written.  A CPU parked on
 * a line (machine_spin()) gives up its copy and joins the line's wait
 * queue, a set of CPUs.  To the coherence model a parked CPU still holds
 * the line Shared, as a spinner that re-reads after every invalidation
 * does.
 */
#include "cpuset.h"
#include "sched.h"

/* The CPUs parked on queue q (which has had one: its bitmap is made). */
static uint64_t *wq_bits(const struct machine *m, uint32_t q)
{
	return &m->wq_bits[(size_t)m->wq[q].bits * m->nwords];
}

static unsigned int nr_parked(const struct machine *m, const struct line *l)
{
	return l->waitq == NIL ? 0 : m->wq[l->waitq].n;
}

static uint32_t new_waitq(struct machine *m)
{
	if (m->nr_wq == m->wq_cap) {
		m->wq_cap = m->wq_cap ? 2 * m->wq_cap : 64;
		m->wq = xrealloc(m->wq, m->wq_cap * sizeof(*m->wq));
	}
	m->wq[m->nr_wq] = (struct waitq){ .bits = NIL, .writer = NIL };
	return m->nr_wq++;
}

/*
 * Queue q's bitmap, made when a CPU first parks on it: most queues are
 * of lines only locked, never spun on (a page's count), and a bitmap is
 * 128 bytes at 1024 CPUs.
 */
static void wq_make_bits(struct machine *m, uint32_t q)
{
	if (m->wq[q].bits != NIL)
		return;
	if (m->nr_bits == m->bits_cap) {
		m->bits_cap = m->bits_cap ? 2 * m->bits_cap : 64;
		m->wq_bits = xrealloc(m->wq_bits, m->bits_cap * m->nwords *
							  sizeof(*m->wq_bits));
	}
	m->wq[q].bits = m->nr_bits++;
	memset(wq_bits(m, q), 0, m->nwords * sizeof(*m->wq_bits));
}

static void park(struct machine *m, struct line *l, unsigned int cpu)
{
	if (l->waitq == NIL)
		l->waitq = new_waitq(m);
	wq_make_bits(m, l->waitq);
	cpu_set(wq_bits(m, l->waitq), cpu);
	m->wq[l->waitq].n++;
	m->parked++;
}

static uint64_t rng_next(struct machine *m)
{
	return xorshift64(&m->rng);
}

/* Member number k (from 0) of word set x. */
static unsigned int nth_bit(uint64_t x, unsigned int k)
{
	while (k--)
		x &= x - 1;
	return __builtin_ctzll(x);
}

/*
 * Of the parked CPUs at distance d from cpu (the nearest that has any),
 * one drawn by the arbitration's jitter: their re-reads land at the same
 * time, and which retry wins among equals is not the lowest number every
 * time on real hardware.
 */
static uint32_t draw_nearest(struct machine *m, const uint64_t *set,
			     unsigned int cpu, enum distance d)
{
	const uint64_t *in = near_bits(m, cpu, d);
	const uint64_t *nearer = d ? near_bits(m, cpu, d - 1) : NULL;
	unsigned int n = 0, k;

	for (unsigned int w = 0; w < m->nwords; w++)
		n += popcount64(set[w] & in[w] & ~(nearer ? nearer[w] : 0));
	k = n > 1 ? (unsigned int)(rng_next(m) % n) : 0;
	for (unsigned int w = 0;; w++) {
		uint64_t x = set[w] & in[w] & ~(nearer ? nearer[w] : 0);
		unsigned int c = popcount64(x);

		if (k < c)
			return w * 64 + nth_bit(x, k);
		k -= c;
	}
}

/* Of a FIFO wait queue, the CPU with the oldest ticket (16-bit serials). */
static uint32_t oldest_ticket(const struct machine *m, const uint64_t *set)
{
	uint32_t who = NIL;

	for (unsigned int w = 0; w < m->nwords; w++)
		for (uint64_t x = set[w]; x; x &= x - 1) {
			uint32_t o = w * 64 + __builtin_ctzll(x);

			if (who == NIL ||
			    (int16_t)(uint16_t)(m->cpu[o].ticket -
						m->cpu[who].ticket) < 0)
				who = o;
		}
	return who;
}

/*
 * A write to a line with parked CPUs, complete at done (when its
 * invalidations reach the spinners: writes become visible when they
 * complete, not when they issue).  Every spinner re-reads the line, and
 * the line serves those re-reads one after another (Boyd-Wickizer,
 * Kaashoek, Morris, Zeldovich, "Non-scalable locks are dangerous", Linux
 * Symposium 2012), each a transfer, counted on the writer.  So a handoff
 * costs O(waiters) for locks whose waiters share one line
 * (test-and-test-and-set, ticket), and O(1) for a queued lock whose
 * waiters each spin on their own.
 *
 * One parked CPU is let go, and the herd's traffic is charged to it, the
 * next holder, as the time before its turn: under test-and-test-and-set,
 * one of the nearest (its invalidation and re-read land first; the
 * jitter draws among equals), whose locked retry then waits behind the
 * others' re-reads (their failed retries, after a release, are left
 * out: the model cannot tell a release from any other write).  Under a FIFO
 * (ticket) lock, the oldest ticket, whose re-read is served at a place
 * among the herd's that the jitter draws.  The others stay parked, as
 * the losers go back to spinning; they are not run (the model's own cost
 * stays O(1) per handoff).  What the herd's traffic would cost third
 * CPUs that touch the line meanwhile is left out.
 */
static void release_herd(struct machine *m, struct vcpu *v, struct line *l,
			 uint64_t done)
{
	uint32_t q = l->waitq, who = NIL, others;
	enum distance d;
	struct vcpu *w;
	uint64_t svc, at = done;

	d = set_distance(m, wq_bits(m, q), NULL, m->wq[q].n, v->id, false);
	if (m->wq[q].fifo)
		who = oldest_ticket(m, wq_bits(m, q));
	else if (d < NR_DISTANCES)
		who = draw_nearest(m, wq_bits(m, q), v->id, d);
	cpu_clear(wq_bits(m, q), who);
	m->wq[q].n--;
	m->parked--;
	others = m->wq[q].n;
	/*
	 * A re-read is a read of the line the writer wrote: a read
	 * transfer (c2c_read where the profile measured one), not the
	 * compare-exchange ping-pong c2c is.
	 */
	svc = m->c2c_rd[v->pkg][d < NR_DISTANCES ? d : DIST_REMOTE];
	if (m->prof->herd_cost && m->wq[q].fifo) {
		at += rng_next(m) % (others + 1) * svc;
		v->st.transfers += others;
	} else if (m->prof->herd_cost) {
		at += others * svc;
		v->st.transfers += others;
	} else {
		v->st.transfers += others;
	}
	/*
	 * +1 ps: the woken CPU's own accesses follow the writer's at done,
	 * not before them when their numbers tie
	 */
	w = &m->cpu[who];
	if (w->clock < at + 1)
		w->clock = at + 1;
	w->st.spin_ps += w->clock - w->parked_at;
	tree_push(m, w->id);
}

#endif
