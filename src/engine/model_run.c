// SPDX-License-Identifier: GPL-2.0
/*
 * A modelled point (--mode model): the driver loop of driver.c run by N
 * virtual CPUs of a machine profile, as coroutines on this thread, over the
 * strategy code compiled with the machine's hooks (RMAP_MODEL).  Time is
 * the machine's virtual time, so the same command and seed give the same
 * figures, to the last digit.
 *
 * Each CPU owns the families f with f % threads == its number, as a driver
 * thread does; it runs MODEL_WARMUP_ROUNDS untimed rounds (chains reach
 * their steady shape, caches fill), then its share of --forks (or
 * MODEL_FORKS_PER_CPU forks) timed.  The round is driver.c's: the parent's
 * copy-on-write faults after each fork, --other-work as virtual time per
 * process, and with --lifecycle fork-exec-exit each child handed to the
 * next CPU, which execs it, faults its image in and exits it.  Where each CPU starts is drawn from
 * the seed: measured at two threads, how closely the families convoy is
 * settled at the start (DESIGN.md section 5), so repetitions draw new
 * phases and their spread is the model's honest uncertainty.
 */
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "driver.h"
#include "lib/stop.h"
#include "lib/util.h"
#include "machine/machine.h"
#include "model_run.h"
#include "world.h"

#define MODEL_WARMUP_ROUNDS 2
#define MODEL_FORKS_PER_CPU 20
/*
 * Start phases spread over this much virtual time per pte of a process:
 * about one fork round (a fork and an exit at some 50 ns a pte each).
 */
#define MODEL_PHASE_PS_PER_PTE 100000

/*
 * While a CPU has nothing to do (its family's children are still being
 * exec'd elsewhere, or it waits for the others' to finish) it looks again
 * after this much virtual time, as driver.c's threads spin.
 */
#define MODEL_POLL_PS 100000

/* A CPU's run-ahead met an access issued before it (machine_run()). */
#define POINT_CONFLICT (-1)

/* A forked child on its way to exec, in the next CPU's queue. */
struct vchild {
	unsigned long f;
	unsigned int c, forker;
	bool measured;
};

/* A CPU's children to exec: a ring as long as every child of the point. */
struct vqueue {
	struct vchild *ring;
	unsigned int head, tail, size;
};

struct vdriver {
	struct rmap_ctx ctx;
	unsigned int id;
	unsigned long quota; /* measured rounds */
	unsigned long rounds, ptes, faults, exit_ptes;
	unsigned long execs, execs_elsewhere, exec_zapped;
	struct thread_span span; /* forks, first start and last end, in ps */
	uint64_t fork_ps, exec_ps, fault_ps, exit_ps, other_ps;
	struct histogram fork_lat, exit_lat;
	struct machine_stats at_start, measured;
	struct vqueue queue;
};

struct model_run {
	struct world world;
	const struct strategy_ops *ops;
	struct machine *machine;
	struct vdriver *d;
	unsigned int *busy;	 /* per family: children not yet exited */
	unsigned long in_flight; /* children handed over, not yet exited */
	unsigned int forkers_done;
};

static void stats_delta(struct machine_stats *d, const struct machine_stats *a,
			const struct machine_stats *b)
{
	d->accesses = b->accesses - a->accesses;
	d->hits = b->hits - a->hits;
	d->mem_misses = b->mem_misses - a->mem_misses;
	d->transfers = b->transfers - a->transfers;
	d->invalidations = b->invalidations - a->invalidations;
	d->rmws = b->rmws - a->rmws;
	d->handoffs = b->handoffs - a->handoffs;
	d->spins = b->spins - a->spins;
	d->spin_ps = b->spin_ps - a->spin_ps;
	d->evictions = b->evictions - a->evictions;
}

/* Nothing to do for now: let the other CPUs run a while. */
static void vwait(struct vdriver *d)
{
	machine_delay(MODEL_POLL_PS);
	/* an access is where the scheduler may switch CPUs */
	machine_access(&d->queue.tail, ACCESS_READ);
}

/* --other-work of one process, as virtual time outside every lock. */
static void vother_work(struct model_run *run, struct vdriver *d, bool timed)
{
	const struct config *cfg = &run->world.cfg;
	double ns =
		cfg->other_work.proc_ns + cfg->other_work.page_ns * cfg->pages;
	uint64_t ps = ns > 0 ? (uint64_t)llround(ns * 1000) : 0;

	machine_delay(ps);
	if (timed)
		d->other_ps += ps;
}

/* The parent writes to its first --cow-faults anonymous pages. */
static uint64_t vcow_faults(struct model_run *run, struct vdriver *d,
			    struct family *fam, unsigned int c)
{
	struct world *w = &run->world;
	uint64_t t0 = machine_now();

	if (!w->nr_cow)
		return 0;
	run->ops->do_wp_page(&d->ctx, &fam->parent, w->nr_cow,
			     world_spare(w, fam - w->family, c));
	return machine_now() - t0;
}

/* The children's forks (and the parent's faults), each fork timed. */
static unsigned long vforks(struct model_run *run, struct vdriver *d,
			    struct family *fam, bool timed, uint64_t *fault_ps)
{
	unsigned int c, children = run->world.cfg.children;
	unsigned long ptes = 0;

	for (c = 0; c < children; c++) {
		uint64_t t0 = machine_now(), t1;
		unsigned long n = run->ops->copy_page_range(
			&d->ctx, &fam->child[c], &fam->parent);

		t1 = machine_now();
		if (timed) {
			hist_add(&d->fork_lat, (t1 - t0) / 1000);
			d->fork_ps += t1 - t0;
			ptes += n;
		}
		*fault_ps += vcow_faults(run, d, fam, c);
		if (run->world.cfg.lifecycle == LIFECYCLE_FORK_EXEC_EXIT &&
		    run->world.cfg.threads > 1) {
			struct vdriver *next =
				&run->d[(d->id + 1) % run->world.cfg.threads];
			struct vqueue *q = &next->queue;

			q->ring[q->tail] =
				(struct vchild){ fam - run->world.family, c,
						 d->id, timed };
			q->tail = (q->tail + 1) % q->size;
			run->in_flight++;
		}
	}
	return ptes;
}

static void vaccount(struct model_run *run, struct vdriver *d,
		     unsigned long ptes, uint64_t fault_ps)
{
	unsigned int children = run->world.cfg.children;

	d->span.forks += children;
	d->ptes += ptes;
	d->fault_ps += fault_ps;
	d->faults += children * run->world.nr_cow;
	d->span.last_end = machine_now();
}

/*
 * exec, the new image's faults and exit of a child (driver.c's
 * exec_child()).  A child forked in the warm-up is done but not counted.
 */
static void vexec(struct model_run *run, struct vdriver *d,
		  const struct vchild *cw)
{
	struct world *w = &run->world;
	struct mm_struct *mm = &w->family[cw->f].child[cw->c];
	uint64_t t0 = machine_now(), t1, t2, t3;
	unsigned long zapped, faulted;

	zapped = run->ops->zap_page_range(&d->ctx, mm);
	t1 = machine_now();
	faulted = run->ops->fault_in(&d->ctx, mm, w->image_file, w->image_anon,
				     world_image_pfn(w, cw->f, cw->c));
	t2 = machine_now();
	run->ops->zap_page_range(&d->ctx, mm);
	t3 = machine_now();
	vother_work(run, d, cw->measured);
	if (cw->measured) {
		hist_add(&d->exit_lat, (t3 - t2) / 1000);
		d->exec_ps += t1 - t0;
		d->fault_ps += t2 - t1;
		d->exit_ps += t3 - t2;
		d->faults += faulted;
		d->exit_ptes += faulted;
		d->execs++;
		d->execs_elsewhere += cw->forker != d->id;
		d->exec_zapped += zapped;
		d->span.last_end = machine_now();
	}
	run->busy[cw->f]--;
}

/* Execs one child of this CPU's queue; false when it is empty. */
static bool vserve_queue(struct model_run *run, struct vdriver *d)
{
	struct vqueue *q = &d->queue;
	struct vchild cw;

	if (q->head == q->tail)
		return false;
	cw = q->ring[q->head];
	q->head = (q->head + 1) % q->size;
	vexec(run, d, &cw);
	run->in_flight--;
	return true;
}

/* One fork round on virtual time: each fork and exit timed on its own. */
static void vround(struct model_run *run, struct vdriver *d, struct family *fam,
		   bool timed)
{
	unsigned int c, children = run->world.cfg.children;
	uint64_t fault_ps = 0;
	unsigned long ptes;

	run->busy[fam - run->world.family] = children;
	ptes = vforks(run, d, fam, timed, &fault_ps);
	for (c = 0; c < children; c++) {
		struct vchild cw = { fam - run->world.family, c, d->id, timed };
		uint64_t t0, t1;

		if (run->world.cfg.lifecycle == LIFECYCLE_FORK_EXEC_EXIT) {
			/* one CPU: it execs its own children */
			if (run->world.cfg.threads == 1)
				vexec(run, d, &cw);
			continue;
		}
		t0 = machine_now();
		run->ops->zap_page_range(&d->ctx, &fam->child[c]);
		t1 = machine_now();
		run->busy[cw.f]--;
		if (timed) {
			hist_add(&d->exit_lat, (t1 - t0) / 1000);
			d->exit_ps += t1 - t0;
		}
	}
	if (run->world.cfg.lifecycle != LIFECYCLE_FORK_EXEC_EXIT) {
		for (c = 0; c < children; c++)
			vother_work(run, d, timed);
		if (timed)
			d->exit_ptes += ptes;
	}
	if (timed)
		vaccount(run, d, ptes, fault_ps);
}

static void vcpu_main(unsigned int cpu, void *arg)
{
	struct model_run *run = arg;
	const struct config *cfg = &run->world.cfg;
	struct vdriver *d = &run->d[cpu];
	unsigned long f = cpu;
	const struct machine_stats *st = machine_stats(run->machine, cpu);

	for (;;) {
		if (vserve_queue(run, d))
			continue;
		if (d->rounds >= MODEL_WARMUP_ROUNDS + d->quota ||
		    stop_requested())
			break;
		/* the family's children are still being exec'd elsewhere */
		if (run->busy[f]) {
			vwait(d);
			continue;
		}
		if (d->rounds == MODEL_WARMUP_ROUNDS) {
			memset(&d->ctx.stats, 0, sizeof(d->ctx.stats));
			d->at_start = *st;
			d->span.first_start = machine_now();
		}
		vround(run, d, &run->world.family[f],
		       d->rounds >= MODEL_WARMUP_ROUNDS);
		d->rounds++;
		f += cfg->threads;
		if (f >= cfg->loops)
			f = cpu;
	}
	/*
	 * A CPU that forks no more still execs what it is handed; with no
	 * exec, nothing is handed, and it stops (polling until the last CPU
	 * is done would change no figure, and costs most at a thousand CPUs).
	 */
	run->forkers_done++;
	while (cfg->lifecycle == LIFECYCLE_FORK_EXEC_EXIT &&
	       (run->forkers_done < cfg->threads || run->in_flight))
		if (!vserve_queue(run, d))
			vwait(d);
	stats_delta(&d->measured, &d->at_start, st);
}

static void model_results(struct model_run *run, struct point_result *res)
{
	uint64_t start = UINT64_MAX, end = 0, fork_ps = 0, exit_ps = 0;
	uint64_t exec_ps = 0, fault_ps = 0, other_ps = 0;
	struct machine_stats all;

	memset(res, 0, sizeof(*res));
	for (unsigned int t = 0; t < run->world.cfg.threads; t++) {
		struct vdriver *d = &run->d[t];
		struct machine_stats *m = &res->machine;

		res->forks += d->span.forks;
		res->ptes += d->ptes;
		res->faults += d->faults;
		res->exit_ptes += d->exit_ptes;
		res->execs += d->execs;
		res->execs_elsewhere += d->execs_elsewhere;
		res->exec_zapped += d->exec_zapped;
		fork_ps += d->fork_ps;
		exec_ps += d->exec_ps;
		fault_ps += d->fault_ps;
		exit_ps += d->exit_ps;
		other_ps += d->other_ps;
		start = d->span.first_start < start ? d->span.first_start :
						      start;
		end = d->span.last_end > end ? d->span.last_end : end;
		rmap_stats_add(&res->stats, &d->ctx.stats);
		hist_merge(&res->fork_lat, &d->fork_lat);
		hist_merge(&res->exit_lat, &d->exit_lat);
		m->transfers += d->measured.transfers;
		m->invalidations += d->measured.invalidations;
		m->handoffs += d->measured.handoffs;
		m->spin_ps += d->measured.spin_ps;
		m->mem_misses += d->measured.mem_misses;
		m->rmws += d->measured.rmws;
	}
	/* Every access, warm-up included: what the model's speed is per. */
	machine_stats_sum(run->machine, &all);
	res->machine.accesses = all.accesses;
	res->fork_ns = fork_ps / 1000;
	res->exec_ns = exec_ps / 1000;
	res->fault_ns = fault_ps / 1000;
	res->exit_ns = exit_ps / 1000;
	res->other_ns = other_ps / 1000;
	res->wall_s = (end - start) * 1e-12;
	for (int c = 0; c < NR_PERF; c++)
		res->perf[c] = PERF_NONE;
	res->modelled = true;
	point_fairness(res, &run->d[0].span, run->world.cfg.threads,
		       sizeof(*run->d), start, end);
}

static int model_drive(struct model_run *run, struct point_result *res,
		       char *msg, size_t len)
{
	const struct config *cfg = &run->world.cfg;
	uint64_t seed = cfg->seed, span = cfg->pages * MODEL_PHASE_PS_PER_PTE;
	unsigned long forks =
		cfg->forks ? cfg->forks :
			     (unsigned long)MODEL_FORKS_PER_CPU * cfg->threads;
	unsigned long per_cpu = (forks + cfg->threads - 1) / cfg->threads;

	for (unsigned int t = 0; t < cfg->threads; t++) {
		run->d[t].quota = (per_cpu + cfg->children - 1) / cfg->children;
		machine_set_clock(run->machine, t, splitmix64(&seed) % span);
	}
	switch (machine_run(run->machine, vcpu_main, run, msg, len)) {
	case 0:
		break;
	case MACHINE_CONFLICT:
		return POINT_CONFLICT;
	default:
		return POINT_INVARIANT;
	}
	model_results(run, res);
	return POINT_OK;
}

static int model_setup(struct model_run *run, const struct config *cfg,
		       bool strict, struct rmap_ctx **ctxs, char *msg,
		       size_t len)
{
	run->ops = cfg->strategy->ops[RMAP_MODEL];
	if (!run->ops) {
		snprintf(msg, len, "strategy %s has no model build",
			 cfg->strategy->name);
		return POINT_NOMEM;
	}
	run->machine = machine_create(cfg->machine, cfg->threads, msg, len);
	run->d = calloc(cfg->threads, sizeof(*run->d));
	run->busy = calloc(cfg->loops, sizeof(*run->busy));
	if (!run->machine || !run->d || !run->busy)
		return POINT_NOMEM;
	if (strict)
		machine_set_strict(run->machine);
	for (unsigned int t = 0; t < cfg->threads; t++) {
		struct vqueue *q = &run->d[t].queue;

		run->d[t].id = t;
		q->size = cfg->loops * cfg->children + 1;
		q->ring = calloc(q->size, sizeof(*q->ring));
		if (!q->ring)
			return POINT_NOMEM;
	}
	if (world_init(&run->world, cfg)) {
		snprintf(
			msg, len,
			"out of memory building the point; lower --pages, --loops or --children");
		return POINT_NOMEM;
	}
	for (unsigned int t = 0; t < cfg->threads; t++) {
		rmap_ctx_init(&run->d[t].ctx, &run->world);
		run->d[t].ctx.stats_on = cfg->stats;
		run->d[t].ctx.alloc.worker = true;
		ctxs[t] = &run->d[t].ctx;
	}
	return POINT_OK;
}

static int model_point_once(const struct config *cfg, bool strict,
			    struct point_result *res, char *msg, size_t len)
{
	struct model_run run = { 0 };
	struct rmap_ctx **ctxs = calloc(cfg->threads, sizeof(*ctxs));
	int ret = ctxs ? model_setup(&run, cfg, strict, ctxs, msg, len) :
			 POINT_NOMEM;

	if (!ret)
		ret = model_drive(&run, res, msg, len);
	if (!ret && world_check(&run.world, ctxs, cfg->threads, msg, len))
		ret = POINT_INVARIANT;
	/* A signal ends every CPU's rounds early: the point is cut short. */
	if (!ret && stop_requested())
		ret = POINT_STOPPED;
	for (unsigned int t = 0; ctxs && run.d && t < cfg->threads; t++)
		if (ctxs[t])
			pte_chain_cache_destroy(&ctxs[t]->alloc);
	for (unsigned int t = 0; run.d && t < cfg->threads; t++)
		free(run.d[t].queue.ring);
	world_destroy(&run.world);
	machine_destroy(run.machine);
	free(run.busy);
	free(run.d);
	free(ctxs);
	return ret;
}

static unsigned long reruns;

unsigned long model_reruns(void)
{
	return reruns;
}

/*
 * A point, with CPUs running ahead (machine_set_strict()); if that met an
 * access issued before it, the point again from a new world, every access
 * in its turn: the figures are the scheduler's order's either way.
 */
int model_point(const struct config *cfg, struct point_result *res, char *msg,
		size_t len)
{
	int ret = model_point_once(cfg, false, res, msg, len);

	if (ret != POINT_CONFLICT)
		return ret;
	reruns++;
	fprintf(stderr,
		"rmapbench: a modelled CPU ran ahead of an access that mattered; running the point again in strict order\n");
	return model_point_once(cfg, true, res, msg, len);
}
