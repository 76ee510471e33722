/* SPDX-License-Identifier: GPL-2.0 */
#ifndef RMAPBENCH_ROUND_TREE_H
#define RMAPBENCH_ROUND_TREE_H

/*
 * The round's part for --tree daniel (tree.c says what daniel.sh's tree
 * is): it calls the round's steps and the round calls it, so it is part
 * of round.c's translation unit, #included there, not a file of its own
 * that the round and it would both depend on.  Out of line, as when it
 * was one: the model's caches see the coroutine stacks' depth.
 */
#include <stddef.h>
#include <stdlib.h>
#include "lib/compiler.h"
#include "lib/histogram.h"
#include "frames.h"
#include "round.h"
#include "tree.h"

/* A child's writes: the anonymous pages after its parent's, if any. */
static unsigned long child_cow(const struct world *w)
{
	return w->nr_anon >= 2 * w->nr_cow ? w->nr_cow : w->nr_anon - w->nr_cow;
}

/* A tree's state, beside the round (see struct round's busy). */
struct tree_round {
	unsigned char *step;  /* per family: the iteration's next fork */
	atomic_uint *sub;     /* per family: the subshell's live children */
	unsigned long *spare; /* per CPU, nr_cow: a child's new pages */
	atomic_uint busy[];   /* per family: r->busy */
};

static noinline void tree_round_destroy(struct round *r);

static struct tree_round *tree_of(const struct round *r)
{
	return (struct tree_round *)((char *)r->busy -
				     offsetof(struct tree_round, busy));
}

static noinline atomic_uint *tree_round_init(struct round *r)
{
	const struct world *w = r->world;
	unsigned long cow = w->nr_cow ? w->nr_cow : 1;
	struct tree_round *t =
		calloc(1, sizeof(*t) + w->cfg.loops * sizeof(t->busy[0]));

	if (!t)
		return NULL;
	t->step = calloc(w->cfg.loops, sizeof(*t->step));
	t->sub = calloc(w->cfg.loops, sizeof(*t->sub));
	t->spare = calloc(w->cfg.threads * cow, sizeof(*t->spare));
	if (t->step && t->sub && t->spare)
		return t->busy;
	r->busy = t->busy;
	tree_round_destroy(r);
	return NULL;
}

static noinline void tree_round_destroy(struct round *r)
{
	struct tree_round *t;

	if (!r->busy)
		return;
	t = tree_of(r);
	free(t->step);
	free(t->sub);
	free(t->spare);
	free(t);
	r->busy = NULL;
}

static void add_lat(const struct round_cpu *d, struct histogram *h, uint64_t t)
{
	if (d->latencies)
		hist_add(h, d->round->clock == ROUND_VIRTUAL ? t / 1000 : t);
}

/* The main shell's polling loop: the last family that forks. */
static bool is_poll(const struct world *w, unsigned long f)
{
	return f + 1 == w->nr_active;
}

/*
 * A child's writes before it forks or execs: copy-on-write faults into
 * new pages of its slot, which it keeps until its exec or exit (the
 * spares stay the slot's: a copy of them is handed to do_wp_page()).
 */
static void child_writes(struct round_cpu *d, const struct strategy_ops *s,
			 const struct round_child *cw)
{
	struct round *r = d->round;
	struct world *w = r->world;
	unsigned long n = child_cow(w),
		      *spare = tree_of(r)->spare + d->id * w->nr_cow;
	struct rmap_stats before = d->ctx.stats;
	uint64_t t0 = round_now(r);

	if (!n)
		return;
	memcpy(spare, world_spare(w, cw->f, 1 + cw->c), n * sizeof(*spare));
	/* the rest's time is not the faults' (frames.h) */
	if (frames_on(d))
		t0 += frames_cow(d, &w->family[cw->f].child[cw->c], n, spare,
				 cw->measured);
	s->do_wp_page(&d->ctx, &w->family[cw->f].child[cw->c], n, spare);
	round_count_since(d, cw->measured, &before);
	if (!cw->measured)
		return;
	d->fault_t += round_now(r) - t0;
	d->faults += n;
}

static noinline void tree_fork(struct round_cpu *d, unsigned long f,
			       bool measured)
{
	struct round *r = d->round;
	struct world *w = r->world;
	struct family *fam = &w->family[f];
	bool poll = is_poll(w, f), expr = !poll && tree_of(r)->step[f];
	struct round_child cw = { f, 0, d->id, measured,
				  expr ? TASK_EXEC : TASK_SUBSHELL };
	unsigned long ptes;
	uint64_t t0, t1, t2;

	atomic_store_explicit(&r->busy[f], 1, memory_order_relaxed);
	t0 = round_now(r);
	ptes = d->ops->copy_page_range(&d->ctx, &fam->child[0], &fam->parent);
	t1 = round_now(r);
	/* the rest's time is neither the fork's nor the faults' (frames.h) */
	if (frames_on(d)) {
		t0 -= t1;
		t1 += frames_new_mm(d, f, 0, measured);
		t1 += frames_cow(d, &fam->parent, w->nr_cow,
				 world_spare(w, f, 0), measured);
		t0 += t1;
	}
	if (w->nr_cow)
		d->ops->do_wp_page(&d->ctx, &fam->parent, w->nr_cow,
				   world_spare(w, f, 0));
	t2 = round_now(r);
	tree_of(r)->step[f] = !poll && !expr;
	round_handoff(d, d->next, &cw);
	atomic_fetch_add_explicit(&d->progress, 1, memory_order_relaxed);
	if (!measured) {
		d->warm_rounds++;
		return;
	}
	/* the quota counts the loops' processes: subshell, cat, wc; expr */
	d->rounds += poll ? 0 : expr ? 1 : 3;
	d->span.forks += !poll;
	d->ptes += ptes;
	d->fork_t += t1 - t0;
	d->fault_t += t2 - t1;
	d->faults += w->nr_cow;
	add_lat(d, &d->fork_lat, t1 - t0);
	d->span.last_end = round_now(r);
}

/* ( cat | wc ): the subshell writes, forks cat and wc, and waits. */
static void run_subshell(struct round_cpu *d, const struct round_child *cw)
{
	struct round *r = d->round;
	struct world *w = r->world;
	struct family *fam = &w->family[cw->f];
	const struct strategy_ops *s = cw->measured ? d->ops : d->warm_ops;

	child_writes(d, s, cw);
	atomic_store_explicit(&tree_of(r)->sub[cw->f], 2, memory_order_relaxed);
	for (unsigned int c = 1; c <= 2; c++) {
		struct round_child k = { cw->f, c, d->id, cw->measured,
					 TASK_EXEC };
		struct rmap_stats before = d->ctx.stats;
		uint64_t t0 = round_now(r), t1;
		unsigned long ptes;

		ptes = s->copy_page_range(&d->ctx, &fam->child[c],
					  &fam->child[0]);
		t1 = round_now(r);
		if (frames_on(d))
			frames_new_mm(d, cw->f, c, cw->measured);
		round_count_since(d, cw->measured, &before);
		round_handoff(d, d->next, &k);
		if (!cw->measured)
			continue;
		d->span.forks += !is_poll(w, cw->f);
		d->ptes += ptes;
		d->fork_t += t1 - t0;
		add_lat(d, &d->fork_lat, t1 - t0);
		d->span.last_end = round_now(r);
	}
}

/* The subshell's children have exited: it exits too. */
static void subshell_exit(struct round_cpu *d, const struct round_child *cw)
{
	struct round *r = d->round;
	struct world *w = r->world;
	const struct strategy_ops *s = cw->measured ? d->ops : d->warm_ops;
	struct rmap_stats before = d->ctx.stats;
	uint64_t t0 = round_now(r), t1;
	unsigned long zapped;

	zapped = s->zap_page_range(&d->ctx, &w->family[cw->f].child[0]);
	t1 = round_now(r);
	round_count_since(d, cw->measured, &before);
	round_other_work(d, cw->measured);
	if (cw->measured) {
		d->exit_t += t1 - t0;
		d->exit_ptes += zapped;
		add_lat(d, &d->exit_lat, t1 - t0);
		d->span.last_end = round_now(r);
	}
	atomic_fetch_sub_explicit(&r->busy[cw->f], 1, memory_order_release);
}

/*
 * cat, wc or expr: its writes, then exec, faults and exit; expr's exit
 * ends the iteration, the last of cat and wc wakes the subshell, on the
 * CPU that ran it.
 */
static void tree_exec_child(struct round_cpu *d, const struct round_child *cw)
{
	struct round *r = d->round;
	struct round_child sx = *cw;

	child_writes(d, cw->measured ? d->ops : d->warm_ops, cw);
	round_exec(d, cw);
	if (!cw->c) {
		atomic_fetch_sub_explicit(&r->busy[cw->f], 1,
					  memory_order_release);
		return;
	}
	if (atomic_fetch_sub_explicit(&tree_of(r)->sub[cw->f], 1,
				      memory_order_acq_rel) != 1)
		return;
	sx.c = 0;
	sx.task = TASK_SUBSHELL_EXIT;
	round_handoff(d, &round_cpu(r, cw->forker)->queue, &sx);
}

static noinline void tree_serve(struct round_cpu *d,
				const struct round_child *cw)
{
	switch (cw->task) {
	case TASK_SUBSHELL:
		run_subshell(d, cw);
		break;
	case TASK_SUBSHELL_EXIT:
		subshell_exit(d, cw);
		break;
	default:
		tree_exec_child(d, cw);
	}
}

#endif
