// SPDX-License-Identifier: GPL-2.0
/*
 * The fork/exec/exit round of one CPU, on either clock.  Each CPU owns the
 * process families f with f % threads == its number and runs fork rounds
 * over them: fork --children children (copy_page_range), let the parent
 * take its copy-on-write faults, then exit them (zap_page_range).  With
 * --lifecycle fork-exec-exit each child is handed to the next CPU, as the
 * scheduler puts a new child on another CPU, which execs it (zaps the
 * copy), faults its new image in and exits it; the family is busy until
 * every child has exited.  Fork, exec, fault and exit are timed apart;
 * only what a measured round did counts.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "lib/compiler.h"
#include "lib/util.h"
#include "machine/machine.h"
#include "frames.h"
#include "round.h"
#include "otherwork.h"
#include "round_tree.h"

/*
 * A virtual CPU with nothing to do looks again after this much virtual
 * time, as a driver thread spins.
 */
#define ROUND_POLL_PS 100000

uint64_t round_now(const struct round *r)
{
	return r->clock == ROUND_VIRTUAL ? machine_now() : now_ns();
}

/* A span of the clock's time in ns, for the latency histograms. */
static uint64_t to_ns(const struct round *r, uint64_t t)
{
	return r->clock == ROUND_VIRTUAL ? t / 1000 : t;
}

/*
 * --other-work: the rest of what a process does (the shell's own work,
 * exec's loading, page zeroing), outside every lock.  On the wall clock,
 * stores into the CPU's private scratch memory (otherwork.h), so that the
 * threads do not fork back to back; on the virtual clock, the same time
 * charged as work that touches no shared line.
 */
/*
 * Inlined where it was before tree.c shared it: the modelled caches see
 * the coroutine stacks' depth, which calls the strategy code.
 */
static rmap_inline void other_work(struct round_cpu *d, bool measured)
{
	const struct round *r = d->round;
	const struct config *cfg = &r->world->cfg;
	double ns =
		cfg->other_work.proc_ns + cfg->other_work.page_ns * cfg->pages;
	unsigned long iters, *m = d->scratch;
	uint64_t t0;

	if (r->clock == ROUND_VIRTUAL) {
		uint64_t ps = ns > 0 ? (uint64_t)llround(ns * 1000) : 0;

		machine_delay(ps);
		if (measured)
			d->other_t += ps;
		return;
	}
	if (ns <= 0)
		return;
	t0 = now_ns();
	iters = ns * r->other_iters_per_ns;
	otherwork_stores(m, iters);
	if (measured)
		d->other_t += now_ns() - t0;
}

void round_other_work(struct round_cpu *d, bool measured)
{
	other_work(d, measured);
}

void round_wait(struct round_cpu *d, unsigned int *spins)
{
	if (d->round->clock == ROUND_WALL) {
		spin_wait(spins);
		return;
	}
	machine_delay(ROUND_POLL_PS);
	/* an access is where the scheduler may switch CPUs */
	machine_access(&d->queue.tail, ACCESS_READ);
}

static void handoff_push(struct handoff *q, const struct round_child *cw)
{
	spin_lock(&q->lock);
	q->ring[q->tail] = *cw;
	q->tail = (q->tail + 1) % q->size;
	spin_unlock(&q->lock);
}

static bool handoff_pop(struct handoff *q, struct round_child *cw)
{
	bool got = false;

	spin_lock(&q->lock);
	if (q->head != q->tail) {
		*cw = q->ring[q->head];
		q->head = (q->head + 1) % q->size;
		got = true;
	}
	spin_unlock(&q->lock);
	return got;
}

/* The parent writes to its first --cow-faults anonymous pages. */
static void cow_faults(struct round_cpu *d, struct family *fam, unsigned int c,
		       uint64_t *fault_t)
{
	struct world *w = d->round->world;
	uint64_t t0 = round_now(d->round);

	d->ops->do_wp_page(&d->ctx, &fam->parent, w->nr_cow,
			   world_spare(w, fam - w->family, c));
	*fault_t += round_now(d->round) - t0;
}

/*
 * The children's forks, each followed by the parent's faults, and with
 * fork-exec-exit each child handed on.  With latencies each fork is timed
 * on its own; without, on the wall clock, only the phase is, so that no
 * clock is read between the forks of a fork-exit round.  Returns the ptes
 * copied; *end is when the forks ended.
 */
static unsigned long forks(struct round_cpu *d, unsigned long f, bool measured,
			   uint64_t *fork_t, uint64_t *fault_t, uint64_t *end)
{
	struct round *r = d->round;
	struct world *w = r->world;
	struct family *fam = &w->family[f];
	unsigned int c, children = w->cfg.children;
	bool exec = w->cfg.lifecycle == LIFECYCLE_FORK_EXEC_EXIT;
	bool each = d->latencies || exec;
	unsigned long ptes = 0;
	uint64_t t0 = round_now(r), t1;

	for (c = 0; c < children; c++) {
		struct round_child cw = { f, c, d->id, measured, 0 };

		if (each)
			t0 = round_now(r);
		ptes += d->ops->copy_page_range(&d->ctx, &fam->child[c],
						&fam->parent);
		if (each) {
			t1 = round_now(r);
			*fork_t += t1 - t0;
			if (measured && d->latencies)
				hist_add(&d->fork_lat, to_ns(r, t1 - t0));
		}
		/* the rest's time is not the fork's (frames.h) */
		if (frames_on(d))
			t0 += frames_new_mm(d, f, c, measured);
		if (w->nr_cow) {
			if (!each)
				*fork_t += round_now(r) - t0;
			if (frames_on(d))
				frames_cow(d, &fam->parent, w->nr_cow,
					   world_spare(w, f, c), measured);
			cow_faults(d, fam, c, fault_t);
			if (!each)
				t0 = round_now(r);
		}
		if (!exec)
			continue;
		round_handoff(d, d->next, &cw);
	}
	*end = round_now(r);
	if (!each)
		*fork_t += *end - t0;
	return ptes;
}

/* --lifecycle fork-exit: the children exit on the forking CPU. */
static void exits(struct round_cpu *d, struct family *fam, bool measured,
		  uint64_t t0, uint64_t *exit_t)
{
	struct round *r = d->round;
	unsigned int c, children = r->world->cfg.children;
	uint64_t t1;

	for (c = 0; c < children; c++) {
		if (d->latencies)
			t0 = round_now(r);
		d->ops->zap_page_range(&d->ctx, &fam->child[c]);
		if (!d->latencies)
			continue;
		t1 = round_now(r);
		*exit_t += t1 - t0;
		if (measured)
			hist_add(&d->exit_lat, to_ns(r, t1 - t0));
	}
	if (!d->latencies)
		*exit_t += round_now(r) - t0;
	for (c = 0; c < children; c++)
		other_work(d, measured);
}

void round_fork(struct round_cpu *d, unsigned long f, bool measured)
{
	struct round *r = d->round;
	struct world *w = r->world;
	unsigned int children = w->cfg.children;
	unsigned long ptes;
	uint64_t fork_t = 0, exit_t = 0, fault_t = 0, end;

	if (w->cfg.tree == TREE_DANIEL) {
		tree_fork(d, f, measured);
		return;
	}
	if (w->cfg.lifecycle == LIFECYCLE_FORK_EXEC_EXIT)
		atomic_store_explicit(&r->busy[f], children,
				      memory_order_relaxed);
	ptes = forks(d, f, measured, &fork_t, &fault_t, &end);
	if (w->cfg.lifecycle != LIFECYCLE_FORK_EXEC_EXIT) {
		exits(d, &w->family[f], measured, end, &exit_t);
		/* with exec, the image's exit counts its own */
		if (measured)
			d->exit_ptes += ptes;
	}
	atomic_fetch_add_explicit(&d->progress, 1, memory_order_relaxed);
	if (!measured) {
		d->warm_rounds++;
		return;
	}
	d->rounds++;
	d->span.forks += children;
	d->ptes += ptes;
	d->fork_t += fork_t;
	d->exit_t += exit_t;
	d->fault_t += fault_t;
	d->faults += children * w->nr_cow;
	d->span.last_end = round_now(r);
}

void round_handoff(struct round_cpu *d, struct handoff *q,
		   const struct round_child *cw)
{
	atomic_fetch_add_explicit(&d->round->in_flight, 1,
				  memory_order_relaxed);
	handoff_push(q, cw);
}

/*
 * The counts belong to the child's window, not this CPU's: a measured
 * child's before this CPU's window opened are kept for it, a warm-up
 * child's inside it (the modelled variant counts) dropped.
 */
static rmap_inline void count_since(struct round_cpu *d, bool measured,
				    const struct rmap_stats *before)
{
	if (measured && !d->measuring)
		rmap_stats_since(&d->early, &d->ctx.stats, before);
	else if (!measured && d->measuring)
		d->ctx.stats = *before;
}

void round_count_since(struct round_cpu *d, bool measured,
		       const struct rmap_stats *before)
{
	count_since(d, measured, before);
}

/*
 * exec, the new image's faults and exit of a child another CPU forked (or
 * this one, when it is the only one).  Work for a child forked before the
 * window opened is done but not counted.
 */
static rmap_inline void exec_image(struct round_cpu *d,
				   const struct round_child *cw)
{
	struct round *r = d->round;
	struct world *w = r->world;
	struct mm_struct *mm = &w->family[cw->f].child[cw->c];
	bool m = cw->measured;
	/* A child of the warm-up counts nothing: a variant that keeps no
	 * accounting does its work. */
	const struct strategy_ops *s = m ? d->ops : d->warm_ops;
	uint64_t t0 = round_now(r), t1, t2, t3;
	unsigned long zapped, faulted;

	struct rmap_stats before = d->ctx.stats;

	zapped = s->zap_page_range(&d->ctx, mm);
	/* the rest's time is neither exec's nor the faults' (frames.h) */
	if (frames_on(d))
		t0 += frames_exec(d, cw->f, cw->c, m);
	t1 = round_now(r);
	faulted = s->fault_in(&d->ctx, mm, w->image_file, w->image_anon,
			      world_image_pfn(w, cw->f, cw->c));
	t2 = round_now(r);
	s->zap_page_range(&d->ctx, mm);
	t3 = round_now(r);
	count_since(d, m, &before);
	other_work(d, m);
	if (m) {
		if (d->latencies)
			hist_add(&d->exit_lat, to_ns(r, t3 - t2));
		d->exec_t += t1 - t0;
		d->fault_t += t2 - t1;
		d->exit_t += t3 - t2;
		d->faults += faulted;
		d->exit_ptes += faulted;
		d->execs++;
		d->execs_elsewhere += cw->forker != d->id;
		d->exec_zapped += zapped;
		d->span.last_end = round_now(r);
	}
}

/* The flat tree's: the family's busy count goes with the child. */
static void exec_child(struct round_cpu *d, const struct round_child *cw)
{
	exec_image(d, cw);
	atomic_fetch_sub_explicit(&d->round->busy[cw->f], 1,
				  memory_order_release);
	atomic_fetch_add_explicit(&d->progress, 1, memory_order_relaxed);
}

void round_exec(struct round_cpu *d, const struct round_child *cw)
{
	exec_image(d, cw);
}

bool round_serve(struct round_cpu *d)
{
	struct round_child cw;

	if (!handoff_pop(&d->queue, &cw))
		return false;
	if (d->round->world->cfg.tree == TREE_DANIEL) {
		tree_serve(d, &cw);
		atomic_fetch_add_explicit(&d->progress, 1,
					  memory_order_relaxed);
	} else {
		exec_child(d, &cw);
	}
	atomic_fetch_sub_explicit(&d->round->in_flight, 1,
				  memory_order_release);
	return true;
}

void round_start_measuring(struct round_cpu *d)
{
	d->ctx.stats = d->early;
	d->span.first_start = round_now(d->round);
	d->measuring = true;
}

/*
 * On the virtual clock a CPU of a fork-exit point leaves at once: nothing
 * is handed to it, and polling until the last CPU is done would change no
 * figure and cost most at a thousand CPUs.
 */
void round_drain(struct round_cpu *d)
{
	struct round *r = d->round;
	unsigned int spins = 0;

	atomic_fetch_add_explicit(&r->forkers_done, 1, memory_order_release);
	if (r->clock == ROUND_VIRTUAL &&
	    r->world->cfg.lifecycle != LIFECYCLE_FORK_EXEC_EXIT)
		return;
	while (atomic_load_explicit(&r->forkers_done, memory_order_acquire) <
		       r->world->cfg.threads ||
	       atomic_load_explicit(&r->in_flight, memory_order_acquire))
		if (!round_serve(d))
			round_wait(d, &spins);
}

int round_init(struct round *r, struct world *w, enum round_clock clock,
	       void *cpus, size_t stride, const struct strategy_ops *ops,
	       const struct strategy_ops *warm_ops)
{
	const struct config *cfg = &w->cfg;
	unsigned int size = cfg->loops * cfg->children + 1;

	r->world = w;
	r->clock = clock;
	r->cpus = cpus;
	r->stride = stride;
	if (cfg->tree == TREE_DANIEL)
		r->busy = tree_round_init(r);
	else
		r->busy = calloc(cfg->loops, sizeof(*r->busy));
	if (!r->busy)
		return -1;
	for (unsigned int t = 0; t < cfg->threads; t++) {
		struct round_cpu *d = round_cpu(r, t);

		d->round = r;
		d->id = t;
		d->ops = ops;
		d->warm_ops = warm_ops;
		rmap_ctx_init(&d->ctx, w);
		d->ctx.stats_on = cfg->stats;
		d->ctx.alloc.worker = true;
		d->next = &round_cpu(r, (t + 1) % cfg->threads)->queue;
		spin_lock_init(&d->queue.lock);
		d->queue.size = size;
		d->queue.ring = calloc(size, sizeof(*d->queue.ring));
		if (!d->queue.ring)
			return -1;
		if (clock == ROUND_VIRTUAL)
			continue;
		d->scratch = calloc(OTHER_WORK_WORDS, sizeof(*d->scratch));
		if (!d->scratch)
			return -1;
	}
	if (frames_init(r))
		return -1;
	if (clock == ROUND_WALL &&
	    (cfg->other_work.proc_ns > 0 || cfg->other_work.page_ns > 0))
		r->other_iters_per_ns = cfg->other_work.iters_per_ns > 0 ?
					       cfg->other_work.iters_per_ns :
					       otherwork_speed();
	return 0;
}

void round_destroy(struct round *r)
{
	frames_destroy(r);
	for (unsigned int t = 0; r->cpus && t < r->world->cfg.threads; t++) {
		free(round_cpu(r, t)->queue.ring);
		if (r->clock == ROUND_WALL)
			free(round_cpu(r, t)->scratch);
	}
	if (r->world->cfg.tree == TREE_DANIEL)
		tree_round_destroy(r);
	else
		free(r->busy);
}

unsigned long round_quota(const struct config *cfg, unsigned long per_cpu)
{
	if (cfg->tree == TREE_DANIEL)
		return per_cpu;
	return (per_cpu + cfg->children - 1) / cfg->children;
}

uint64_t round_first_start(const struct round *r)
{
	uint64_t start = UINT64_MAX;

	for (unsigned int t = 0; t < r->world->cfg.threads; t++)
		if (round_cpu(r, t)->span.first_start < start)
			start = round_cpu(r, t)->span.first_start;
	return start;
}

void round_results(const struct round *r, struct point_result *res,
		   uint64_t start)
{
	unsigned int threads = r->world->cfg.threads;
	uint64_t end = start, fork_t = 0, exec_t = 0, fault_t = 0, exit_t = 0;
	uint64_t other_t = 0, per_ns = r->clock == ROUND_VIRTUAL ? 1000 : 1;

	memset(res, 0, sizeof(*res));
	res->pingpong_ns = NAN; /* the runner's, around a measured point */
	for (unsigned int t = 0; t < threads; t++) {
		const struct round_cpu *d = round_cpu(r, t);

		res->forks += d->span.forks;
		res->ptes += d->ptes;
		res->faults += d->faults;
		res->exit_ptes += d->exit_ptes;
		res->execs += d->execs;
		res->execs_elsewhere += d->execs_elsewhere;
		res->exec_zapped += d->exec_zapped;
		fork_t += d->fork_t;
		exec_t += d->exec_t;
		fault_t += d->fault_t;
		exit_t += d->exit_t;
		other_t += d->other_t;
		if (d->span.last_end > end)
			end = d->span.last_end;
		rmap_stats_add(&res->stats, &d->ctx.stats);
		hist_merge(&res->fork_lat, &d->fork_lat);
		hist_merge(&res->exit_lat, &d->exit_lat);
	}
	res->fork_ns = fork_t / per_ns;
	res->exec_ns = exec_t / per_ns;
	res->fault_ns = fault_t / per_ns;
	res->exit_ns = exit_t / per_ns;
	res->other_ns = other_t / per_ns;
	res->wall_s =
		(end - start) * (r->clock == ROUND_VIRTUAL ? 1e-12 : 1e-9);
	res->modelled = r->clock == ROUND_VIRTUAL;
	point_fairness(res, &round_cpu(r, 0)->span, threads, r->stride, start,
		       end);
}
