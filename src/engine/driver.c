// SPDX-License-Identifier: GPL-2.0
/*
 * The driver threads: each runs the fork round (round.c) on the wall
 * clock over its process families, pinned to its CPU; only rounds that
 * began inside the timed window count.  The main thread is the watchdog
 * meanwhile.
 */
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "driver.h"
#include "lib/numa.h"
#include "lib/stop.h"
#include "lib/util.h"
#include "round.h"
#include "world.h"

/* PHASE_QUIT: a signal stopped the run; every thread leaves at once. */
enum phase { PHASE_WARMUP, PHASE_MEASURE, PHASE_STOP, PHASE_QUIT };

#define WATCH_TICK_NS 50000000ull    /* 50 ms: rarely enough not to disturb */
#define ABORT_GRACE_NS 2000000000ull /* 2 s */
/*
 * After a stop signal, threads still inside one long fork round (a driver
 * looks for the abort only between rounds and while it spins) are left to
 * the process's exit, so that the run ends within a second.
 */
#define STOP_GRACE_NS 300000000ull /* 0.3 s */
#define STOP_TICK_NS 250000000ull    /* a signal is seen within 1/4 s */

/* One per thread, COUNTER_SPACING apart so that counters never share lines. */
struct driver {
	struct round_cpu rc; /* first: the round's stride is ours */
	struct run *run;
	pthread_t thread;
	struct perf perf;
	uint64_t perf_start[NR_PERF], perf_end[NR_PERF];
	struct access_tally tally; /* the RMAP_COUNT round's */
} __attribute__((aligned(COUNTER_SPACING)));

/* A page scanner thread (--reclaim). */
struct reclaimer {
	struct rmap_ctx ctx;
	struct run *run;
	pthread_t thread;
	uint64_t rng;
	struct reclaim_stats rs;
	struct histogram lat;
} __attribute__((aligned(COUNTER_SPACING)));

struct run {
	struct world world;
	struct round round;
	struct driver *drivers;
	struct reclaimer *reclaimers;
	pthread_mutex_t gate_lock;
	pthread_cond_t gate_cond;
	bool gate_open; /* under gate_lock */
	atomic_int phase;
	unsigned int started, rstarted; /* driver and scanner threads */
	uint64_t t_stop;		/* when the window closed */
	atomic_uint exited;		/* threads that have left */
	atomic_uint drivers_exited;	/* ... of them drivers */
	atomic_bool churn_stop;
	spinlock_t stall_lock; /* test_stall: held for ever */
	unsigned long churned;
	bool stranded; /* a thread could not be stopped: leave all be */
};

static void pin_self(int cpu)
{
	cpu_set_t set;

	if (cpu < 0)
		return;
	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	sched_setaffinity(0, sizeof(set), &set);
}

/* Threads wait here until all exist, so that they start together. */
static void gate_wait(struct run *run)
{
	pthread_mutex_lock(&run->gate_lock);
	while (!run->gate_open)
		pthread_cond_wait(&run->gate_cond, &run->gate_lock);
	pthread_mutex_unlock(&run->gate_lock);
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

static void thread_exited(void *arg)
{
	struct run *run = arg;

	atomic_fetch_add_explicit(&run->exited, 1, memory_order_release);
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
		if (f >= cfg->loops)
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

/*
 * A page of the hot set: hot_frac of the parents' pages, spread over all
 * of them (the lifecycle's spare and image pages come and go).
 */
static struct page *pick_page(struct world *w, uint64_t *rng)
{
	unsigned long hot = w->nr_parent_pages * w->cfg.hot_frac;
	unsigned long stride;

	if (!hot)
		hot = 1;
	stride = w->nr_parent_pages / hot;
	return w->pool + (xorshift64(rng) % hot) * stride;
}

static void scan_page(struct reclaimer *r, int phase)
{
	struct world *w = &r->run->world;
	const struct strategy_ops *s = w->cfg.strategy->ops[RMAP_FAST];
	struct page *page = pick_page(w, &r->rng);
	bool unmap = (xorshift64(&r->rng) >> 11) * 0x1p-53 < w->cfg.unmap_frac;
	struct reclaim_stats discard = { 0 },
			     *rs = phase == PHASE_MEASURE ? &r->rs : &discard;
	uint64_t t0 = now_ns();

	s->page_referenced(&r->ctx, page, rs);
	if (unmap) {
		rs->unmaps++;
		s->try_to_unmap(&r->ctx, page, rs);
	}
	if (phase != PHASE_MEASURE)
		return;
	rs->scanned++;
	hist_add(&r->lat, now_ns() - t0);
}

/* Scans until the timed window closes: the pageout side of rmap. */
static void *reclaim_thread(void *arg)
{
	struct reclaimer *r = arg;
	struct run *run = r->run;
	int phase;

	pthread_cleanup_push(thread_exited, run);
	gate_wait(run);
	while ((phase = atomic_load_explicit(
			&run->phase, memory_order_acquire)) < PHASE_STOP)
		scan_page(r, phase);
	pthread_cleanup_pop(1);
	return NULL;
}

/*
 * Moves random anonymous pages to new indices, as adding a page to the
 * swap cache did, at --index-churn calls per second, paced in 1 ms ticks.
 */
static void *churn_thread(void *arg)
{
	struct run *run = arg;
	struct world *w = &run->world;
	unsigned long nr_anon = w->nr_pages - w->nr_file;
	uint64_t rng = 0x9e3779b97f4a7c15ull, start = now_ns();

	while (!atomic_load_explicit(&run->churn_stop, memory_order_relaxed)) {
		double due = (now_ns() - start) * 1e-9 * w->cfg.index_churn;

		while (run->churned < due) {
			struct page *page = w->pool + w->nr_file +
					    xorshift64(&rng) % nr_anon;

			set_page_index(w, page,
				       atomic_fetch_add_explicit(
					       &w->rmap_lock_sequence, 1,
					       memory_order_relaxed));
			run->churned++;
		}
		sleep_ns(1000000);
	}
	return NULL;
}

unsigned int allowed_cpus(int *cpus, unsigned int max)
{
	cpu_set_t set;
	unsigned int n = 0;

	if (sched_getaffinity(0, sizeof(set), &set))
		return 0;
	for (int cpu = 0; cpu < CPU_SETSIZE && n < max; cpu++)
		if (CPU_ISSET(cpu, &set))
			cpus[n++] = cpu;
	return n;
}

void rmap_stats_add(struct rmap_stats *sum, const struct rmap_stats *s)
{
	sum->acquisitions += s->acquisitions;
	sum->contended += s->contended;
	sum->collisions += s->collisions;
	sum->retries += s->retries;
	sum->removes += s->removes;
	sum->walked += s->walked;
	sum->file_locks += s->file_locks;
	sum->file_contended += s->file_contended;
	if (s->max_walk > sum->max_walk)
		sum->max_walk = s->max_walk;
}

static void sum_reclaim(struct reclaim_stats *sum,
			const struct reclaim_stats *s)
{
	sum->scanned += s->scanned;
	sum->referenced += s->referenced;
	sum->collapsed += s->collapsed;
	sum->unmaps += s->unmaps;
	sum->trylocks += s->trylocks;
	sum->backoffs += s->backoffs;
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

/*
 * Fairness: the spread of forks over threads, and the share of the window
 * in which every thread was inside its measured rounds.  The n spans are
 * stride bytes apart, inside whatever the caller keeps per thread.
 */
void point_fairness(struct point_result *res, const struct thread_span *span,
		    unsigned int n, size_t stride, uint64_t start, uint64_t end)
{
	uint64_t all_start = 0, all_end = UINT64_MAX;
	double mean = (double)res->forks / n, var = 0;

	res->forks_min = ULONG_MAX;
	for (unsigned int t = 0; t < n; t++) {
		const struct thread_span *d =
			(const void *)((const char *)span + t * stride);

		if (d->forks < res->forks_min)
			res->forks_min = d->forks;
		if (d->forks > res->forks_max)
			res->forks_max = d->forks;
		var += (d->forks - mean) * (d->forks - mean) / n;
		if (d->first_start > all_start)
			all_start = d->first_start;
		if (d->last_end < all_end)
			all_end = d->last_end;
	}
	res->forks_cv = mean > 0 ? sqrt(var) / mean : 0;
	res->all_running = all_end > all_start && end > start ?
				   (double)(all_end - all_start) / (end - start) :
				   0;
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
	for (unsigned int t = 0; t < run->world.cfg.reclaim; t++) {
		struct reclaimer *r = &run->reclaimers[t];

		sum_reclaim(&res->reclaim, &r->rs);
		hist_merge(&res->reclaim_lat, &r->lat);
	}
	res->scan_s = (run->t_stop - t_start) * 1e-9;
	res->churned = run->churned;
}

static unsigned long total_progress(struct run *run)
{
	unsigned long sum = 0;

	for (unsigned int t = 0; t < run->started; t++)
		sum += atomic_load_explicit(&run->drivers[t].rc.progress,
					    memory_order_relaxed);
	return sum;
}

static bool all_exited(struct run *run)
{
	return atomic_load_explicit(&run->exited, memory_order_acquire) ==
	       run->started + run->rstarted;
}

enum until {
	UNTIL_DEADLINE, /* the end of warm-up or of the timed window */
	UNTIL_DRIVERS,	/* --forks: every driver did its share */
	UNTIL_ALL,	/* the window closed: every thread has left */
};

static bool watch_done(struct run *run, enum until until, uint64_t now,
		       uint64_t deadline)
{
	switch (until) {
	case UNTIL_DEADLINE:
		return now >= deadline;
	case UNTIL_DRIVERS:
		return atomic_load_explicit(&run->drivers_exited,
					    memory_order_acquire) ==
		       run->started;
	case UNTIL_ALL:
		break;
	}
	return all_exited(run);
}

enum watched {
	WATCH_DONE,
	WATCH_FAILED,  /* no progress for --timeout, or out of memory */
	WATCH_STOPPED, /* a stop signal came */
};

/* One nap; a stop signal cuts it short (only this thread takes them). */
static void nap(uint64_t ns)
{
	struct timespec ts = { .tv_sec = ns / 1000000000u,
			       .tv_nsec = ns % 1000000000u };

	nanosleep(&ts, NULL);
}

/*
 * The watchdog: waits for `until`, and fails when no fork round finishes
 * for --timeout seconds.  While the window is open it wakes as seldom as
 * it can (a quarter of --timeout but at least every STOP_TICK_NS, and at
 * the deadline; every WATCH_TICK_NS in a --forks window): on a machine
 * with no spare CPU each wake-up preempts a driver thread, perhaps one
 * holding a lock the others spin on.  A stop signal ends the nap early.
 */
static enum watched watch(struct run *run, enum until until, uint64_t deadline)
{
	uint64_t last = now_ns(), limit = run->world.cfg.timeout * 1e9;
	uint64_t tick = until == UNTIL_ALL ? WATCH_TICK_NS / 25 : WATCH_TICK_NS;

	/* A timed phase wakes no more often than the watchdog needs. */
	if (until == UNTIL_DEADLINE && limit / 4 > tick)
		tick = limit / 4 < STOP_TICK_NS ? limit / 4 : STOP_TICK_NS;
	unsigned long seen = total_progress(run);

	for (;;) {
		uint64_t now = now_ns();
		unsigned long progress = total_progress(run);

		if (stop_requested())
			return WATCH_STOPPED;
		if (atomic_load_explicit(&rmap_oom, memory_order_relaxed))
			return WATCH_FAILED; /* a thread left: cannot finish */
		if (watch_done(run, until, now, deadline))
			return WATCH_DONE;
		if (progress != seen) {
			seen = progress;
			last = now;
		} else if (now - last > limit) {
			return WATCH_FAILED;
		}
		nap(until == UNTIL_DEADLINE && deadline - now < tick ?
			    deadline - now :
			    tick);
	}
}

/* Asks stalled threads to leave; true when all of them did. */
static bool abort_threads(struct run *run, enum phase phase)
{
	uint64_t until = now_ns() +
			 (phase == PHASE_QUIT ? STOP_GRACE_NS : ABORT_GRACE_NS);

	atomic_store(&rmap_abort, true);
	atomic_store(&run->phase, phase);
	while (!all_exited(run) && now_ns() < until)
		sleep_ns(WATCH_TICK_NS / 25);
	return all_exited(run);
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

/* Warm-up, then the timed window (or the --forks quota), then stop. */
static enum watched measure(struct run *run, uint64_t *t_start)
{
	const struct config *cfg = &run->world.cfg;
	enum watched w =
		watch(run, UNTIL_DEADLINE, now_ns() + cfg->warmup * 1e9);

	if (w)
		return w;
	*t_start = now_ns();
	atomic_store_explicit(&run->phase, PHASE_MEASURE, memory_order_release);
	w = cfg->forks ?
		    watch(run, UNTIL_DRIVERS, 0) :
		    watch(run, UNTIL_DEADLINE, now_ns() + cfg->duration * 1e9);
	if (w)
		return w;
	run->t_stop = now_ns();
	atomic_store_explicit(&run->phase, PHASE_STOP, memory_order_release);
	return watch(run, UNTIL_ALL, 0);
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
		d->rc.quota = (per_thread + cfg->children - 1) / cfg->children;
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
