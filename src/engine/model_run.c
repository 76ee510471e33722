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
 * MODEL_FORKS_PER_CPU forks) timed.  Where each CPU starts is drawn from
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

struct vdriver {
	struct rmap_ctx ctx;
	unsigned long quota; /* measured rounds */
	unsigned long ptes;
	struct thread_span span; /* forks, first start and last end, in ps */
	uint64_t fork_ps, exit_ps;
	struct histogram fork_lat, exit_lat;
	struct machine_stats at_start, measured;
};

struct model_run {
	struct world world;
	const struct strategy_ops *ops;
	struct machine *machine;
	struct vdriver *d;
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

/* One fork round on virtual time: each fork and exit timed on its own. */
static void vround(struct model_run *run, struct vdriver *d, struct family *fam,
		   bool timed)
{
	unsigned int c, children = run->world.cfg.children;
	uint64_t t0, t1;

	for (c = 0; c < children; c++) {
		unsigned long n;

		t0 = machine_now();
		n = run->ops->copy_page_range(&d->ctx, &fam->child[c],
					      &fam->parent);
		t1 = machine_now();
		if (timed) {
			hist_add(&d->fork_lat, (t1 - t0) / 1000);
			d->fork_ps += t1 - t0;
			d->ptes += n;
		}
	}
	for (c = 0; c < children; c++) {
		t0 = machine_now();
		run->ops->zap_page_range(&d->ctx, &fam->child[c]);
		t1 = machine_now();
		if (timed) {
			hist_add(&d->exit_lat, (t1 - t0) / 1000);
			d->exit_ps += t1 - t0;
		}
	}
	if (timed)
		d->span.forks += children;
}

static void vcpu_main(unsigned int cpu, void *arg)
{
	struct model_run *run = arg;
	const struct config *cfg = &run->world.cfg;
	struct vdriver *d = &run->d[cpu];
	unsigned long f = cpu;
	const struct machine_stats *st = machine_stats(run->machine, cpu);

	for (unsigned long r = 0; r < MODEL_WARMUP_ROUNDS + d->quota; r++) {
		bool timed = r >= MODEL_WARMUP_ROUNDS;

		if (r == MODEL_WARMUP_ROUNDS) {
			memset(&d->ctx.stats, 0, sizeof(d->ctx.stats));
			d->at_start = *st;
			d->span.first_start = machine_now();
		}
		vround(run, d, &run->world.family[f], timed);
		f += cfg->threads;
		if (f >= cfg->loops)
			f = cpu;
	}
	d->span.last_end = machine_now();
	stats_delta(&d->measured, &d->at_start, st);
}

static void model_results(struct model_run *run, struct point_result *res)
{
	uint64_t start = UINT64_MAX, end = 0, fork_ps = 0, exit_ps = 0;

	memset(res, 0, sizeof(*res));
	for (unsigned int t = 0; t < run->world.cfg.threads; t++) {
		struct vdriver *d = &run->d[t];
		struct machine_stats *m = &res->machine;

		res->forks += d->span.forks;
		res->ptes += d->ptes;
		fork_ps += d->fork_ps;
		exit_ps += d->exit_ps;
		start = d->span.first_start < start ? d->span.first_start :
						      start;
		end = d->span.last_end > end ? d->span.last_end : end;
		rmap_stats_add(&res->stats, &d->ctx.stats);
		hist_merge(&res->fork_lat, &d->fork_lat);
		hist_merge(&res->exit_lat, &d->exit_lat);
		m->accesses += d->measured.accesses;
		m->transfers += d->measured.transfers;
		m->invalidations += d->measured.invalidations;
		m->handoffs += d->measured.handoffs;
		m->spin_ps += d->measured.spin_ps;
		m->mem_misses += d->measured.mem_misses;
		m->rmws += d->measured.rmws;
	}
	res->fork_ns = fork_ps / 1000;
	res->exit_ns = exit_ps / 1000;
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
	if (machine_run(run->machine, vcpu_main, run, msg, len))
		return POINT_INVARIANT;
	model_results(run, res);
	return POINT_OK;
}

static int model_setup(struct model_run *run, const struct config *cfg,
		       struct rmap_ctx **ctxs, char *msg, size_t len)
{
	run->ops = cfg->strategy->ops[RMAP_MODEL];
	if (!run->ops) {
		snprintf(msg, len, "strategy %s has no model build",
			 cfg->strategy->name);
		return POINT_NOMEM;
	}
	run->machine = machine_create(cfg->machine, cfg->threads, msg, len);
	run->d = calloc(cfg->threads, sizeof(*run->d));
	if (!run->machine || !run->d)
		return POINT_NOMEM;
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

int model_point(const struct config *cfg, struct point_result *res, char *msg,
		size_t len)
{
	struct model_run run = { 0 };
	struct rmap_ctx **ctxs = calloc(cfg->threads, sizeof(*ctxs));
	int ret = ctxs ? model_setup(&run, cfg, ctxs, msg, len) : POINT_NOMEM;

	if (!ret)
		ret = model_drive(&run, res, msg, len);
	if (!ret && world_check(&run.world, ctxs, cfg->threads, msg, len))
		ret = POINT_INVARIANT;
	for (unsigned int t = 0; ctxs && run.d && t < cfg->threads; t++)
		if (ctxs[t])
			pte_chain_cache_destroy(&ctxs[t]->alloc);
	world_destroy(&run.world);
	machine_destroy(run.machine);
	free(run.d);
	free(ctxs);
	return ret;
}
