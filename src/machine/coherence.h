/* SPDX-License-Identifier: GPL-2.0 */
#ifndef RMAPBENCH_MACHINE_COHERENCE_H
#define RMAPBENCH_MACHINE_COHERENCE_H

/*
 * Coherence is MESI with cache-to-cache transfers: a read miss is served by
 * the nearest CPU holding the line (Modified and Exclusive holders drop to
 * Shared; the write-back that MESI implies costs nothing extra), else by
 * memory, where the line's home is the node of the CPU that touched it first
 * (Linux's first-touch policy).  A write needs the only copy: it invalidates
 * every other copy and pays for the farthest one, since the write completes
 * when the last acknowledgement arrives.  A locked RMW is a write plus the
 * profile's atomic cost.  Here too: a CPU's repeat hits run ahead of the
 * scheduler, misses in an address-ordered walk overlap, stores that miss
 * wait in the store buffer, and a locked operation waits for the line's
 * last write.
 */
#include "lru.h"
#include "waitq.h"

/*
 * The distance of the nearest (want_far false) or farthest holder of the
 * line other than cpu, copies and parked CPUs alike; NR_DISTANCES when no
 * other CPU holds it.
 */
static enum distance holder_distance(const struct machine *m, uint32_t line,
				     unsigned int cpu, bool want_far)
{
	const struct line *l = line_at(m, line);

	return set_distance(m, holders(m, line),
			    nr_parked(m, l) ? wq_bits(m, l->waitq) : NULL,
			    l->ncopies + nr_parked(m, l), cpu, want_far);
}

static uint64_t memory_cost(const struct machine *m, const struct line *l,
			    unsigned int cpu)
{
	return m->prof
		->cost[l->home == m->prof->cpu[cpu].node ? COST_MEM_LOCAL :
							   COST_MEM_REMOTE];
}

/* Every other copy goes, parked CPUs' included; returns the farthest's price. */
static uint64_t invalidate_others(struct machine *m, struct vcpu *v,
				  uint32_t line)
{
	enum distance far = holder_distance(m, line, v->id, true);
	const uint64_t *h = holders(m, line);

	for (unsigned int w = 0; w < m->nwords; w++) {
		uint64_t x = h[w];

		while (x) {
			unsigned int cpu = w * 64 + __builtin_ctzll(x);
			struct vcpu *o = &m->cpu[cpu];

			x &= x - 1;
			if (cpu == v->id)
				continue;
			drop_copy(m, o, line);
			v->st.invalidations++;
		}
	}
	v->st.invalidations += nr_parked(m, line_at(m, line));
	return m->c2c[v->pkg][far];
}

/*
 * An access by v meets a line some CPU ran ahead on (run_ahead()).  A
 * write issued before a read or write run ahead, or a read issued before a
 * write run ahead, would have changed what that access found: the run has
 * left the scheduler's order, and ends here.  A read hit needs no check:
 * a CPU that ran ahead with a write held the only copy then, so v got its
 * copy since, through an access that was checked.
 */
static void check_order(struct machine *m, const struct vcpu *v,
			const struct line *l, bool write)
{
	uint64_t key = key_of(v);

	if (likely(l->ahead_w <= key && (!write || l->ahead_r <= key)))
		return;
	m->conflict = true;
	run_end(m);
}

/*
 * A read served by the one CPU holding the line modified, with no CPU
 * parked on it, under read_owns: the reader takes the only copy (the
 * holder's is invalidated, and counted), so its write after is a hit.
 * Protocols that detect migratory sharing do so (Cox and Fowler,
 * "Adaptive cache coherency for detecting migratory shared data", ISCA
 * 1993; Stenstrom, Brorsson and Sandberg, ISCA 1993); measured on this
 * host (docs/model.md): a read of a line another CPU wrote, then a store
 * to it and a locked add, costs what the read alone does.  Called with
 * v's copy added: two copies, the other's modified.
 */
static bool read_owned(struct machine *m, struct vcpu *v, uint32_t line)
{
	struct line *l = line_at(m, line);
	const uint64_t *h = holders(m, line);

	if (!m->prof->read_owns || l->state != LINE_M || l->ncopies != 2 ||
	    nr_parked(m, l))
		return false;
	/* it destroys a copy: as a write, it must not pass a read run ahead */
	check_order(m, v, l, true);
	for (unsigned int w = 0; w < m->nwords; w++) {
		uint64_t x = h[w];

		while (x) {
			unsigned int cpu = w * 64 + __builtin_ctzll(x);

			x &= x - 1;
			if (cpu == v->id)
				continue;
			drop_copy(m, &m->cpu[cpu], line);
			v->st.invalidations++;
		}
	}
	l->state = LINE_E;
	return true;
}

static uint64_t read_access(struct machine *m, struct vcpu *v, uint32_t line)
{
	enum distance near;

	if (holds(m, v, line)) {
		v->st.hits++;
		touch(m, v, line);
		return hit_cost(m, v, line, false);
	}
	check_order(m, v, line_at(m, line), false);
	near = holder_distance(m, line, v->id, false);
	add_copy(m, v, line);
	if (near == NR_DISTANCES) {
		v->st.mem_misses++;
		line_at(m, line)->state = LINE_E;
		return memory_cost(m, line_at(m, line), v->id);
	}
	v->st.transfers++;
	if (read_owned(m, v, line))
		return m->c2c_rd[v->pkg][near];
	line_at(m, line)->state = LINE_S;
	return m->c2c_rd[v->pkg][near];
}

static uint64_t write_access(struct machine *m, struct vcpu *v, uint32_t line,
			     bool rmw)
{
	struct line *l = line_at(m, line);
	bool held = holds(m, v, line);
	bool others = l->ncopies > held || nr_parked(m, l);
	uint64_t cost;

	check_order(m, v, l, true);
	if (held) {
		/* A hit, or an upgrade: the data is here. */
		v->st.hits++;
		touch(m, v, line);
		cost = hit_cost(m, v, line, rmw);
	} else if (others) {
		v->st.transfers++;
	} else {
		v->st.mem_misses++;
		cost = memory_cost(m, l, v->id);
	}
	if (others)
		cost = invalidate_others(m, v, line);
	if (!held)
		add_copy(m, v, line);
	l->state = LINE_M;
	return cost;
}

/*
 * A repeat of the CPU's last line is a hit unless it writes a line others
 * share or wait on: the answer read_access() and write_access() would
 * give, without a lookup.
 */
static inline bool repeat_hit(const struct machine *m, const struct vcpu *v,
			      uintptr_t tag, enum access_kind kind)
{
	const struct line *l;

	if (tag != v->last_tag)
		return false;
	if (kind == ACCESS_READ)
		return true;
	l = v->last_l;
	return l->state >= LINE_E && !nr_parked(m, l);
}

/*
 * Running ahead.  On a large machine nearly every access finds another CPU
 * due first, and most accesses repeat the CPU's last line (the slots of a
 * chain node, the fields of a struct page): switching CPUs at each of them
 * would be most of the model's host time.  A repeat hit changes nothing another
 * CPU can see, and nothing another CPU does can change its outcome but an
 * access to that same line issued before it.  So a CPU may make a repeat
 * hit (not an RMW) at once, out of the scheduler's order, on a line no CPU
 * has RMW'd or spun on (lock words, where spinners do write and re-read
 * it within a few cycles); the line keeps the largest key run ahead with,
 * and check_order() ends the run if an access issued before it turns up.
 * The caller then runs the point again on a strict machine
 * (machine_set_strict()), so what every access found is always what the
 * scheduler's order gives.  Runs ahead are bounded (AHEAD_MAX repeats in a
 * row, none after machine_delay()), so that a CPU polling a line always
 * lets the others run.
 */
#define AHEAD_MAX 64

static inline bool run_ahead(struct machine *m, struct vcpu *v, uintptr_t tag,
			     enum access_kind kind)
{
	struct line *l;
	uint64_t key;

	if (kind == ACCESS_RMW || !v->ahead || !repeat_hit(m, v, tag, kind))
		return false;
	l = v->last_l;
	if (l->strict)
		return false;
	key = key_of(v);
	if (kind == ACCESS_READ) {
		l->ahead_r = key > l->ahead_r ? key : l->ahead_r;
	} else {
		l->ahead_w = key > l->ahead_w ? key : l->ahead_w;
		l->state = LINE_M;
	}
	v->ahead--;
	v->st.accesses++;
	v->st.hits++;
	v->clock += m->prof->cost[COST_HIT];
	return true;
}

/*
 * Whether the prefetch for a line on stream i was taken back before v
 * uses it: another CPU wrote the line after the fetch went out, which was
 * when the stream stood overlap steps back (overlap x its pace ago).  The
 * copy in flight was invalidated, and the access fetches it again (a
 * prefetch that takes a line's permission from another CPU, and loses it
 * again: "permission thrashing", Jerger, Hill and Lipasti, "Friendly
 * fire: understanding the effects of multiprocessor prefetches", ISPASS
 * 2006, who classify such prefetches and count them in a simulated
 * bus-based multiprocessor; how near two walkers must be, and how long
 * they stay so, no source measures: docs/model.md, "Where two walkers
 * catch each other").  It costs what the profile's near_walk says such
 * a line costs a walk (a share of its transfer, m->steal_1000; without
 * near_walk, the whole transfer).  Measured on the development VM (docs/model.md): a walk of
 * lines another CPU wrote and left costs little more than a walk of its
 * own, while two CPUs walking the same struct pages a few dozen lines
 * apart cost 2.8x.  Only lines with a write time (locked operations,
 * lines spun on) are checked.
 */
static bool prefetch_stolen(const struct machine *m, const struct vcpu *v,
			    unsigned int i, uint32_t line)
{
	const struct line *l = line_at(m, line);
	uint64_t back = v->stream_pace[i] * m->overlap_1000 / 1000;
	const struct waitq *q;

	if (!m->prof->steal)
		return false;
	if (v->clock < v->robbed_until)
		return true;
	if (l->waitq == NIL)
		return false;
	q = &m->wq[l->waitq];
	if (q->writer == NIL || q->writer == v->id)
		return false;
	if (q->done + back <= v->clock)
		return false;
	/*
	 * v walks within a window behind the writer: v's prefetcher reaches
	 * into the lines the writer has in flight, and takes them back as
	 * the writer's took v's: the writer's walk pays the same, for as
	 * long as v stays this near.
	 */
	if (m->cpu[q->writer].robbed_until < v->clock + back)
		m->cpu[q->writer].robbed_until = v->clock + back;
	return true;
}

/*
 * What an overlapped miss costs: the transfer's share.  A locked
 * operation's own cost (what it costs on a line the CPU owns: hit and
 * atomic) is not shared: x86 executes a locked instruction only when it
 * is the oldest, with the store buffer drained, one at a time ("Locked
 * instructions have a total order", Intel SDM 3A 9.2.2); what may be in
 * flight ahead of it is the fetch of its line, which orders nothing.  So
 * an overlapped locked miss costs at least an owned locked operation,
 * never less (under the old rule two threads' "none" cost less than
 * one's).
 */
static uint64_t transfer_share(const struct machine *m, uint64_t cost,
			       enum access_kind kind, uint64_t num,
			       uint64_t den)
{
	uint64_t own = 0;

	if (kind == ACCESS_RMW && m->prof->lock_serial)
		own = m->prof->cost[COST_HIT] + m->prof->cost[COST_ATOMIC];
	if (own > cost)
		own = cost;
	return own + (cost - own) * num / den;
}

/* Stream i steps onto its next line, at v's clock. */
static void stream_step(struct vcpu *v, unsigned int i, uintptr_t tag)
{
	uint64_t gap = v->clock - v->stream_at[i];

	v->stream_pace[i] = v->stream_on & 1u << i ?
				    (v->stream_pace[i] * 3 + gap) / 4 :
				    gap;
	v->stream_at[i] = v->clock;
	v->stream[i] = tag + 1;
	v->stream_on |= 1u << i;
}

/* The stream on tag or stepping onto it (then stepped), or -1. */
static int stream_find(struct vcpu *v, uintptr_t tag)
{
	for (unsigned int i = 0; i < NR_STREAMS; i++) {
		if (v->stream[i] == tag + 1)
			return (int)i;
		if (v->stream[i] == tag) {
			stream_step(v, i, tag);
			return (int)i;
		}
	}
	return -1;
}

/*
 * A miss in an address-ordered walk: the next line of a stream the CPU's
 * prefetcher follows (or the line it is on: a read of a struct page and
 * then its write).  The prefetcher has the line on its way while the core
 * works on the ones before, so up to the profile's overlap transfers are
 * in flight and each costs its share (transfer_share()).  A miss off every
 * stream starts one, replacing the oldest, and waits in full: chains,
 * lock words and hashed tables are reached through pointers, and the
 * core depends on the load that finds them.  A stream is one only once
 * it has stepped to a next line: the streamer trains on ascending or
 * descending misses (Intel 64 and IA-32 Architectures Optimization
 * Reference Manual, "Hardware prefetching": the streamer "monitors read
 * requests ... for ascending and descending sequences of addresses"), so
 * a line missed again and again with no step between, a lock word taken
 * from another CPU, waits in full every time.
 */
static uint64_t overlapped(struct machine *m, struct vcpu *v, uintptr_t tag,
			   uint32_t line, uint64_t cost, enum access_kind kind)
{
	int i = stream_find(v, tag);

	if (i < 0) {
		i = v->stream_rr;
		v->stream[i] = tag + 1;
		v->stream_at[i] = v->clock;
		v->stream_on &= ~(1u << i);
		v->stream_rr = (v->stream_rr + 1) % NR_STREAMS;
		return cost;
	}
	if (m->prof->stream_train && !(v->stream_on & 1u << i))
		return cost;
	if (prefetch_stolen(m, v, (unsigned int)i, line))
		return transfer_share(m, cost, kind, m->steal_1000, 1000);
	return transfer_share(m, cost, kind, 1000, m->overlap_1000);
}

/*
 * A plain store that misses, issued at issued, enters the store buffer
 * and the CPU goes on (x86-TSO: Sewell, Sarkar, Owens, Zappa Nardelli,
 * Myreen, "x86-TSO", CACM 53(7), 2010; Arm's order keeps a buffer too).
 * It commits when its line is owned, cost after it was issued, and not
 * before the stores ahead of it: stores commit in program order.  A full
 * buffer stalls the CPU until its oldest entry commits.  Returns when the store commits
 * (becomes visible).
 */
static uint64_t store_commit(struct machine *m, struct vcpu *v, uint64_t issued,
			     uint64_t cost)
{
	uint64_t done = issued + cost, *slot;

	if (done < v->sb_done)
		done = v->sb_done;
	slot = &m->sb[(size_t)v->id * m->prof->store_buffer +
		      v->sb_n++ % m->prof->store_buffer];
	v->clock = issued + m->prof->cost[COST_HIT];
	if (v->clock < *slot)
		v->clock = *slot;
	*slot = done;
	v->sb_done = done;
	return done;
}

/*
 * probe_at percent of v's transfer from the line's nearest holder, its
 * costs by distance in row (c2c_rd's for a read, c2c's for a locked
 * operation): where the owner answers (read_late(), rmw_late()).
 */
static uint64_t owner_answers(const struct machine *m, const struct vcpu *v,
			      uint32_t line, const uint64_t *row)
{
	enum distance d = holder_distance(m, line, v->id, false);

	if (d == NR_DISTANCES)
		return 0;
	return row[d] * m->prof->probe_at / 100;
}

/*
 * How late v's read of line reaches the one CPU that owns it (E or M), in
 * ps, for lines with a wait queue (lock words, counters).  The owner
 * answers the read's probe probe_at percent into the read's transfer and
 * runs on till then: a transfer served by another cache is three legs, the
 * request to the line's home, the home's probe to the owner, the owner's
 * data to the reader (the AMD Hammer protocol as gem5 models it,
 * src/mem/ruby/protocol/MOESI_hammer-dir.sm; the home's probe filter:
 * Conway et al., IEEE Micro 30(2), 2010), so the owner answers two legs
 * in, with the line as it is then.  Taken at issue, a woken
 * spinner's re-read took the word from its holder between the holder's
 * compare-exchange and its release, and the spinner's own
 * compare-exchange, issued on what it read, was served just before that
 * release: it failed at every try while the holder paid two transfers an
 * acquisition (docs/model.md, "Where a read is answered").
 *
 * Under the profile's c2c_jitter, a draw of the arbitration's generator,
 * uniform from 0 to the jitter, is added: no two transfers take the same
 * time (measured on this host, docs/model.md "A transfer's spread": single
 * round trips of the ping-pong vary by 20 ns p10 to p90).  Only for
 * reads: the locked operations keep the arrival order line_wait() gives
 * them (the same share for them too took none's two-thread point from
 * 1.08 to 1.53 of measured at 117 ns, and drawn for them pagebit's from
 * 1.21 to 0.59, docs/model.md).
 */
static uint64_t read_late(struct machine *m, const struct vcpu *v,
			  uint32_t line, enum access_kind kind)
{
	const struct machine_profile *prof = m->prof;
	const struct line *l;
	uint64_t late;

	if ((!prof->c2c_jitter && !prof->probe_at) || kind != ACCESS_READ)
		return 0;
	l = line_at(m, line);
	if (l->waitq == NIL || l->ncopies != 1 || l->state < LINE_E ||
	    nr_parked(m, l) || holds(m, v, line))
		return 0;
	late = prof->probe_at ? owner_answers(m, v, line, m->c2c_rd[v->pkg]) :
				0;
	if (prof->c2c_jitter)
		late += rng_next(m) % (prof->c2c_jitter + 1);
	return late;
}

/*
 * A locked operation of v on a line is served when the line's last write
 * by another CPU completes: a write is visible when it completes, and a
 * locked operation holds its line until it is done (so two CPUs'
 * compare-exchanges on one flag alternate one transfer apart, as the
 * ping-pong the profile's c2c comes from does).  The line serves its
 * requests in the order they arrive.  One that found the line free takes
 * effect now, with no switch: v's arrived first of any still to come
 * (the running CPU's clock is the smallest), and whatever another CPU
 * asks of the line later queues behind it; one that waited reaches the
 * owner later still (rmw_late()).  Plain reads and stores take effect
 * when issued: made to wait too, with many CPUs on one
 * test-and-test-and-set lock every spinner's re-read would land after
 * the next release, and the spinners would stop parking: a storm of
 * failed retries, several times the accesses of the run.  Returns
 * whether v waited.
 */
static bool line_wait(struct machine *m, struct vcpu *v, uint32_t line)
{
	const struct line *l = line_at(m, line);

	if (likely(l->waitq == NIL) || m->wq[l->waitq].writer == v->id)
		return false;
	if (m->wq[l->waitq].done <= v->clock)
		return false;
	v->clock = m->wq[l->waitq].done;
	return true;
}

/*
 * How late a locked operation of v reaches the line's owner when it had
 * to wait for another CPU's write to the line (line_wait() moved its
 * clock), in ps.  Its request waited at the line's home, which serves a
 * line's requests one at a time: it goes on when the write before it
 * completes, and then travels as a read's does (read_late()), the home's
 * probe reaching the owner probe_at percent into the transfer (the
 * blocking directory of the AMD Hammer protocol as gem5 models it,
 * MOESI_hammer-dir.sm, which holds a line's later requests until the
 * requestor of the one before unblocks it).  The owner runs on till then
 * and the operation finds the line as the owner has it then; its cost
 * is unchanged.  Taken at the write's completion, a waiting spinner's
 * retry was served before its holder ran on: the holder of a lock that
 * two CPUs take in a loop paid a transfer for each acquisition, and one
 * CPU took the lock thousands of times running while the other waited
 * (docs/model.md, "Two CPUs on one lock").
 */
static uint64_t rmw_late(struct machine *m, const struct vcpu *v, uint32_t line)
{
	if (!m->prof->probe_at || holds(m, v, line))
		return 0;
	return owner_answers(m, v, line, m->c2c[v->pkg]);
}

#endif
