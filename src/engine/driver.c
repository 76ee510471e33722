// SPDX-License-Identifier: GPL-2.0
/*
 * The driver threads: each runs the fork round (round.c) on the wall
 * clock over its process families, pinned to its CPU; only rounds that
 * began inside the timed window count.  The main thread is the watchdog
 * meanwhile (watchdog.c).
 */
#include <errno.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "driver_impl.h"
#include "lib/numa.h"
#include "lib/stop.h"
#include "lib/util.h"

static void pin_self(int cpu)
{
	cpu_set_t set;

	if (cpu < 0)
		return;
	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	sched_setaffinity(0, sizeof(set), &set);
}

static void gate_open(struct run *run)
{
	pthread_mutex_lock(&run->gate_lock);
	run->gate_open = true;
	pthread_cond_broadcast(&run->gate_cond);
	pthread_mutex_unlock(&run->gate_lock);
}

/*
 * Once per point and thread, untimed, when accounting is on: a round of the
 * RMAP_COUNT variant counts the locked operations and the cache lines each
 * phase writes.  A round of the plain code before it brings the family's
 * chains to the shape they keep from round to round.
 */
static void count_round(struct driver *d, struct family *fam)
{
	const struct strategy *s = d->run->world.cfg.strategy;
	const struct strategy_ops *count = s->ops[RMAP_COUNT];
	struct rmap_ctx *ctx = &d->rc.ctx;
	unsigned int c, children = d->run->world.cfg.children;
	unsigned long a, l;

	if (!count)
		return;
	for (c = 0; c < children; c++)
		d->rc.ops->copy_page_range(ctx, &fam->child[c], &fam->parent);
	for (c = 0; c < children; c++)
		d->rc.ops->zap_page_range(ctx, &fam->child[c]);
	access_count_reset();
	for (c = 0; c < children; c++)
		d->tally.ptes += count->copy_page_range(ctx, &fam->child[c],
							&fam->parent);
	access_count_take(&a, &l);
	d->tally.atomics[0] += a;
	d->tally.lines[0] += l;
	for (c = 0; c < children; c++)
		count->zap_page_range(ctx, &fam->child[c]);
	access_count_take(&a, &l);
	d->tally.atomics[1] += a;
	d->tally.lines[1] += l;
}

/* The first measured round: perf's counts begin with the round's. */
static void start_measuring(struct driver *d)
{
	perf_read(&d->perf, d->perf_start);
	round_start_measuring(&d->rc);
}

/* Whether the thread is done: every thread measures at least one round. */
static bool driver_done(const struct round_cpu *d, int phase)
{
	if (phase == PHASE_QUIT)
		return true;
	if (d->quota)
		return d->rounds >= d->quota;
	return phase == PHASE_STOP && d->rounds;
}

static void driver_exited(void *arg)
{
	struct driver *d = arg;

	perf_close(&d->perf);
	atomic_fetch_add_explicit(&d->run->drivers_exited, 1,
				  memory_order_release);
	thread_exited(d->run);
}

static void driver_loop(struct driver *dr)
{
	struct round_cpu *d = &dr->rc;
	struct run *run = dr->run;
	const struct config *cfg = &run->world.cfg;
	unsigned long f = d->id;
	unsigned int spins = 0;

	pin_self(cfg->cpus ? cfg->cpus[d->id] : -1);
	perf_open(&dr->perf);
	gate_wait(run);
	if (cfg->stats)
		count_round(dr, &run->world.family[f]);
	for (;;) {
		int phase =
			atomic_load_explicit(&run->phase, memory_order_acquire);

		if (phase != PHASE_WARMUP && !d->measuring)
			start_measuring(dr);
		if (round_serve(d))
			continue;
		if (driver_done(d, phase))
			break;
		/* The family's children are still being exec'd elsewhere. */
		if (round_family_busy(&run->round, f)) {
			spin_wait(&spins);
			continue;
		}
		round_fork(d, f, phase != PHASE_WARMUP);
		if (cfg->test_stall && !d->id && d->rounds)
			spin_lock(&run->stall_lock);
		f += cfg->threads;
		if (f >= run->world.nr_active)
			f = d->id;
	}
	round_drain(d);
	perf_read(&dr->perf, dr->perf_end);
}

/* The exit is counted even when the watchdog makes the thread leave. */
static void *driver_thread(void *arg)
{
	pthread_cleanup_push(driver_exited, arg);
	driver_loop(arg);
	pthread_cleanup_pop(1);
	return NULL;
}

static void sum_perf(uint64_t *sum, const struct driver *d)
{
	for (int c = 0; c < NR_PERF; c++) {
		if (d->perf_start[c] == PERF_NONE ||
		    d->perf_end[c] == PERF_NONE)
			sum[c] = PERF_NONE;
		else if (sum[c] != PERF_NONE)
			sum[c] += d->perf_end[c] - d->perf_start[c];
	}
}

static void sum_results(struct run *run, struct point_result *res,
			uint64_t t_start)
{
	round_results(&run->round, res, t_start);
	for (unsigned int t = 0; t < run->world.cfg.threads; t++) {
		struct driver *d = &run->drivers[t];

		for (int p = 0; p < 2; p++) {
			res->tally.atomics[p] += d->tally.atomics[p];
			res->tally.lines[p] += d->tally.lines[p];
		}
		res->tally.ptes += d->tally.ptes;
		sum_perf(res->perf, d);
	}
	reclaim_results(run, res);
	res->scan_s = (run->t_stop - t_start) * 1e-9;
	res->churned = run->churned;
}

/*
 * Drivers, then scanners; a failure leaves the count that started.  They
 * block the stop signals, which are the watchdog's to take.
 */
static int start_threads(struct run *run, char *msg, size_t len)
{
	const struct config *cfg = &run->world.cfg;
	sigset_t old;
	int err = 0;

	stop_block(&old);
	for (; !err && run->started < cfg->threads; run->started += !err) {
		struct driver *d = &run->drivers[run->started];

		err = pthread_create(&d->thread, NULL, driver_thread, d);
	}
	for (; !err && run->rstarted < cfg->reclaim; run->rstarted += !err) {
		struct reclaimer *r = &run->reclaimers[run->rstarted];

		err = pthread_create(&r->thread, NULL, reclaim_thread, r);
	}
	stop_restore(&old);
	if (err)
		snprintf(msg, len, "cannot create thread %u of %u: %s",
			 run->started + run->rstarted + 1,
			 cfg->threads + cfg->reclaim, strerror(err));
	return err;
}

static bool start_churn(struct run *run, pthread_t *churn)
{
	sigset_t old;
	bool ok;

	stop_block(&old);
	ok = !pthread_create(churn, NULL, churn_thread, run);
	stop_restore(&old);
	return ok;
}

static void join_threads(struct run *run)
{
	for (unsigned int t = 0; t < run->started; t++)
		pthread_join(run->drivers[t].thread, NULL);
	for (unsigned int t = 0; t < run->rstarted; t++)
		pthread_join(run->reclaimers[t].thread, NULL);
}

static int drive(struct run *run, struct point_result *res, char *msg,
		 size_t len)
{
	const struct config *cfg = &run->world.cfg;
	pthread_t churn;
	bool churning = false;
	uint64_t t_start = 0;
	int ret = POINT_OK;
	enum watched w;

	pthread_mutex_init(&run->gate_lock, NULL);
	pthread_cond_init(&run->gate_cond, NULL);
	if (start_threads(run, msg, len)) {
		/* The ones that started run one round and stop. */
		atomic_store(&run->phase, PHASE_STOP);
		ret = POINT_NOMEM;
	}
	if (!ret && cfg->index_churn)
		churning = start_churn(run, &churn);
	gate_open(run);
	w = ret ? watch(run, UNTIL_ALL, 0) : measure(run, &t_start);
	if (w == WATCH_STOPPED) {
		snprintf(msg, len, "stopped by %s",
			 strsignal(stop_requested()));
		run->stranded = !abort_threads(run, PHASE_QUIT);
		ret = POINT_STOPPED;
	} else if (w) {
		snprintf(
			msg, len,
			"no fork round finished for %g s (livelock?): point abandoned",
			cfg->timeout);
		run->stranded = !abort_threads(run, PHASE_STOP);
		ret = run->stranded ? POINT_STUCK : POINT_TIMEOUT;
	}
	if (atomic_load(&rmap_oom) && ret == POINT_TIMEOUT) {
		snprintf(
			msg, len,
			"out of memory for pte_chain nodes during the point; lower --pages, --loops or --children");
		ret = POINT_NOMEM;
	}
	atomic_store(&run->churn_stop, true);
	if (churning)
		pthread_join(churn, NULL);
	if (run->stranded)
		return ret; /* a thread still runs: leave everything be */
	join_threads(run);
	atomic_store(&rmap_abort, false);
	atomic_store(&rmap_oom, false);
	pthread_cond_destroy(&run->gate_cond);
	pthread_mutex_destroy(&run->gate_lock);
	if (!ret)
		sum_results(run, res, t_start);
	return ret;
}

/* Every thread's context; ctxs lists them for the invariant check. */
static int threads_init(struct run *run, struct rmap_ctx **ctxs)
{
	const struct config *cfg = &run->world.cfg;
	const struct strategy *s = cfg->strategy;
	unsigned long per_thread =
		(cfg->forks + cfg->threads - 1) / cfg->threads;

	if (round_init(&run->round, &run->world, ROUND_WALL, run->drivers,
		       sizeof(struct driver),
		       s->ops[cfg->stats ? RMAP_STATS : RMAP_FAST],
		       s->ops[RMAP_FAST]))
		return -1;
	for (unsigned int t = 0; t < cfg->threads; t++) {
		struct driver *d = &run->drivers[t];

		d->run = run;
		d->rc.quota = round_quota(cfg, per_thread);
		d->rc.latencies = cfg->stats;
		d->rc.ctx.alloc.slab.test_fail = cfg->test_nomem && !t;
		ctxs[t] = &d->rc.ctx;
	}
	for (unsigned int t = 0; t < cfg->reclaim; t++) {
		struct reclaimer *r = &run->reclaimers[t];

		r->run = run;
		r->rng = 0x2545f4914f6cdd1dull * (t + 1);
		rmap_ctx_init(&r->ctx, &run->world);
		r->ctx.alloc.worker = true;
		ctxs[cfg->threads + t] = &r->ctx;
	}
	atomic_init(&run->stall_lock, 1);
	return 0;
}

int run_point(const struct config *cfg, struct point_result *res, char *msg,
	      size_t len)
{
	unsigned int nr_ctxs = cfg->threads + cfg->reclaim;
	struct run *run = calloc(1, sizeof(*run));
	struct rmap_ctx **ctxs = calloc(nr_ctxs, sizeof(*ctxs));
	size_t drivers_size = cfg->threads * sizeof(struct driver);
	size_t reclaimers_size = cfg->reclaim * sizeof(struct reclaimer);
	int ret = POINT_NOMEM;

	snprintf(
		msg, len,
		"out of memory building the point; lower --pages, --loops or --children");
	mem_set_policy(&cfg->mem);
	if (!run || !ctxs)
		goto out_free;
	run->drivers = mem_alloc(drivers_size);
	run->reclaimers = mem_alloc(reclaimers_size);
	if (!run->drivers || !run->reclaimers)
		goto out;
	memset(run->drivers, 0, drivers_size);
	switch (world_init(&run->world, cfg)) {
	case 0:
		break;
	case WORLD_STOPPED:
		ret = POINT_STOPPED;
		/* fall through */
	default:
		goto out;
	}
	if (threads_init(run, ctxs))
		goto out;
	ret = drive(run, res, msg, len);
	if (run->stranded)
		return ret; /* leaked on purpose: a thread may touch it */
	if (!ret && world_check(&run->world, ctxs, nr_ctxs, msg, len))
		ret = POINT_INVARIANT;
	for (unsigned int t = 0; t < nr_ctxs; t++)
		pte_chain_cache_destroy(&ctxs[t]->alloc);
out:
	round_destroy(&run->round);
	world_destroy(&run->world);
	mem_free(run->drivers, drivers_size);
	mem_free(run->reclaimers, reclaimers_size);
out_free:
	free(ctxs);
	free(run);
	return ret;
}
