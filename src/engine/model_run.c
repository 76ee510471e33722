// SPDX-License-Identifier: GPL-2.0
/*
 * A modelled point (--mode model): the fork round (round.c) run by N
 * virtual CPUs of a machine profile, as coroutines on this thread, over the
 * strategy code compiled with the machine's hooks (RMAP_MODEL).  Time is
 * the machine's virtual time, so the same command and seed give the same
 * figures, to the last digit.
 *
 * Each CPU owns the families f with f % threads == its number, as a driver
 * thread does; it runs MODEL_WARMUP_ROUNDS untimed rounds (chains reach
 * their steady shape, caches fill), then its share of --forks (or
 * MODEL_FORKS_PER_CPU forks) timed.  Where each CPU starts is drawn from
 * the seed: the families walk the same file pages in the same order, so
 * how closely they convoy, and so how often they meet on a lock, is
 * settled by where they start (docs/model-guide.md, start phases).  One
 * fixed alignment would look precise and be one sample; repetitions draw
 * new phases, and their spread is the model's honest uncertainty.
 */
#include <limits.h>
#include <math.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "point.h"
#include "lib/arena.h"
#include "lib/stop.h"
#include "lib/util.h"
#include "machine/machine.h"
#include "model_run.h"
#include "round.h"
#include "world.h"

#define MODEL_WARMUP_ROUNDS 2
#define MODEL_FORKS_PER_CPU 20
/*
 * Start phases spread over this much virtual time per pte of a process:
 * about one fork round (a fork and an exit at some 50 ns a pte each).
 */
#define MODEL_PHASE_PS_PER_PTE 100000

/* How often a stop signal is looked for while a point runs. */
#define MODEL_STOP_TICK_NS 50000000

/* A CPU's run-ahead met an access issued before it (machine_run()). */
#define POINT_CONFLICT (-1)

/* A virtual CPU: the round's, and the machine's counts of its window. */
struct vcpu {
	struct round_cpu rc; /* first: the round's stride is ours */
	struct machine_stats at_start, measured;
	uint64_t jitter_rng; /* its draws of round_jitter */
	uint64_t round_ps;   /* its last round's fork and exit took */
};

struct model_run {
	struct world world;
	struct round round;
	struct machine *machine;
	struct vcpu *d;
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
	d->l1_misses = b->l1_misses - a->l1_misses;
}

/*
 * Before a round, the time the host's noise (interrupts, the hypervisor,
 * the memory system's own variance) would have added to the last one
 * (profile_round_jitter()).  On the host no two rounds take the same
 * time, so two forking threads' phases drift, and convoys form and
 * break; the model's rounds of equal work take equal time, and its CPUs
 * would keep the phases the seed drew.
 * The wait is outside the timed phases: the noise moves when a CPU next
 * forks, not what its forks cost (ns_per_pte); it lengthens the window
 * (forks_per_s) as the host's does.
 */
static void round_jitter(const struct machine_profile *prof, struct vcpu *v)
{
	uint64_t ps;

	if (profile_round_jitter(prof, &v->jitter_rng, v->round_ps, &ps))
		machine_delay(ps);
}

static void vcpu_main(unsigned int cpu, void *arg)
{
	struct model_run *run = arg;
	const struct config *cfg = &run->world.cfg;
	struct vcpu *v = &run->d[cpu];
	struct round_cpu *d = &v->rc;
	unsigned long f = cpu;
	unsigned int spins = 0;
	const struct machine_stats *st = machine_stats(run->machine, cpu);
	const struct machine_profile *prof = machine_profile(run->machine);
	uint64_t t0;

	for (;;) {
		if (round_serve(d))
			continue;
		if (d->rounds >= d->quota || stop_requested())
			break;
		/* the family's children are still being exec'd elsewhere */
		if (round_family_busy(&run->round, f)) {
			round_wait(d, &spins);
			continue;
		}
		/*
		 * A CPU's window opens at its own first measured round, not
		 * before the children it execs first: those may be warm-up's.
		 */
		if (d->warm_rounds == MODEL_WARMUP_ROUNDS && !d->measuring) {
			round_start_measuring(d);
			v->at_start = *st;
		}
		round_jitter(prof, v);
		t0 = machine_now();
		round_fork(d, f, d->warm_rounds >= MODEL_WARMUP_ROUNDS);
		v->round_ps = machine_now() - t0;
		f += cfg->threads;
		if (f >= run->world.nr_active)
			f = cpu;
	}
	round_drain(d);
	stats_delta(&v->measured, &v->at_start, st);
}

static void model_results(struct model_run *run, struct point_result *res)
{
	struct machine_stats all;

	round_results(&run->round, res, round_first_start(&run->round));
	for (unsigned int t = 0; t < run->world.cfg.threads; t++) {
		const struct machine_stats *d = &run->d[t].measured;
		struct machine_stats *m = &res->machine;

		m->transfers += d->transfers;
		m->invalidations += d->invalidations;
		m->handoffs += d->handoffs;
		m->spin_ps += d->spin_ps;
		m->mem_misses += d->mem_misses;
		m->rmws += d->rmws;
		m->l1_misses += d->l1_misses;
	}
	/* Every access, warm-up included: what the model's speed is per. */
	machine_stats_sum(run->machine, &all);
	res->machine.accesses = all.accesses;
	for (int c = 0; c < NR_PERF; c++)
		res->perf[c] = PERF_NONE;
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
		uint64_t phase = splitmix64(&seed) % span;

		run->d[t].rc.quota = round_quota(cfg, per_cpu);
		machine_set_clock(run->machine, t, phase);
		run->d[t].jitter_rng = profile_jitter_seed(phase, t);
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
	const struct strategy_ops *ops = cfg->strategy->ops[RMAP_MODEL];

	if (!ops) {
		snprintf(msg, len, "strategy %s has no model build",
			 cfg->strategy->name);
		return POINT_NOMEM;
	}
	run->machine = machine_create(cfg->machine, cfg->threads, msg, len);
	run->d = calloc_pages(cfg->threads, sizeof(*run->d));
	if (!run->machine || !run->d)
		return POINT_NOMEM;
	if (strict)
		machine_set_strict(run->machine);
	switch (world_init(&run->world, cfg)) {
	case 0:
		break;
	case WORLD_STOPPED:
		return POINT_STOPPED;
	default:
		snprintf(
			msg, len,
			"out of memory building the point; lower --pages, --loops or --children");
		return POINT_NOMEM;
	}
	if (round_init(&run->round, &run->world, ROUND_VIRTUAL, run->d,
		       sizeof(*run->d), ops, ops))
		return POINT_NOMEM;
	for (unsigned int t = 0; t < cfg->threads; t++) {
		/* every fork and exit is timed: reading the clock costs none */
		run->d[t].rc.latencies = true;
		ctxs[t] = &run->d[t].rc.ctx;
	}
	return POINT_OK;
}

static int model_point_once(const struct config *cfg, bool strict,
			    struct point_result *res, char *msg, size_t len)
{
	/* a test's move of the heap (layout_skew()): what follows sits higher */
	void *pad = layout_skew() ? malloc(layout_skew()) : NULL;
	struct model_run *run = calloc_pages(1, sizeof(*run));
	struct rmap_ctx **ctxs = calloc(cfg->threads, sizeof(*ctxs));
	int ret;

	arena_open();
	ret = run && ctxs ? model_setup(run, cfg, strict, ctxs, msg, len) :
			    POINT_NOMEM;

	if (!ret)
		ret = model_drive(run, res, msg, len);
	if (!ret && world_check(&run->world, ctxs, cfg->threads, msg, len))
		ret = POINT_INVARIANT;
	/* A signal ends every CPU's rounds early: the point is cut short. */
	if (!ret && stop_requested())
		ret = POINT_STOPPED;
	for (unsigned int t = 0; ctxs && run && run->d && t < cfg->threads; t++)
		if (ctxs[t])
			pte_chain_cache_destroy(&ctxs[t]->alloc);
	if (run) {
		round_destroy(&run->round);
		world_destroy(&run->world);
		machine_destroy(run->machine);
		free(run->d);
	}
	arena_close();
	free(run);
	free(ctxs);
	free(pad);
	return ret;
}

static atomic_ulong reruns;

unsigned long model_reruns(void)
{
	return atomic_load_explicit(&reruns, memory_order_relaxed);
}

/*
 * A point, with CPUs running ahead (machine_set_strict()); if that met an
 * access issued before it, the point again from a new world, every access
 * in its turn: the figures are the scheduler's order's either way.
 */
static int model_point_run(const struct config *cfg, struct point_result *res,
			   char *msg, size_t len)
{
	int ret = model_point_once(cfg, false, res, msg, len);

	if (ret != POINT_CONFLICT)
		return ret;
	atomic_fetch_add_explicit(&reruns, 1, memory_order_relaxed);
	fprintf(stderr,
		"rmapbench: a modelled CPU ran ahead of an access that mattered; running the point again in strict order\n");
	return model_point_once(cfg, true, res, msg, len);
}

/*
 * A point on its own thread, so that this one sees a stop signal at once:
 * the virtual CPUs look for it only between their fork rounds, and one
 * round of a large point takes the model a minute.  The job is the
 * thread's until it is done; a stopped point leaves it to the thread,
 * which runs on until the process exits.
 */
struct model_job {
	struct config cfg;
	struct point_result res;
	char msg[1024];
	int ret;
	pthread_mutex_t lock;
	pthread_cond_t cond;
	bool done; /* under lock */
};

static void *model_thread(void *arg)
{
	struct model_job *job = arg;

	job->ret = model_point_run(&job->cfg, &job->res, job->msg,
				   sizeof(job->msg));
	pthread_mutex_lock(&job->lock);
	job->done = true;
	pthread_cond_signal(&job->cond);
	pthread_mutex_unlock(&job->lock);
	return NULL;
}

/* Waits for the job or a stop signal; true when the job is done. */
static bool model_wait(struct model_job *job)
{
	bool done;

	pthread_mutex_lock(&job->lock);
	while (!job->done && !stop_requested()) {
		struct timespec ts;

		clock_gettime(CLOCK_REALTIME, &ts);
		ts.tv_nsec += MODEL_STOP_TICK_NS;
		if (ts.tv_nsec >= 1000000000) {
			ts.tv_sec++;
			ts.tv_nsec -= 1000000000;
		}
		pthread_cond_timedwait(&job->cond, &job->lock, &ts);
	}
	done = job->done;
	pthread_mutex_unlock(&job->lock);
	return done;
}

int model_point(const struct config *cfg, struct point_result *res, char *msg,
		size_t len)
{
	struct model_job *job = calloc(1, sizeof(*job));
	pthread_t thread;
	sigset_t old;
	int err, ret;

	if (!job) {
		snprintf(msg, len, "out of memory starting the point");
		return POINT_NOMEM;
	}
	job->cfg = *cfg;
	pthread_mutex_init(&job->lock, NULL);
	pthread_cond_init(&job->cond, NULL);
	stop_block(&old);
	err = pthread_create(&thread, NULL, model_thread, job);
	stop_restore(&old);
	if (err) {
		snprintf(msg, len, "cannot create the model's thread: %s",
			 strerror(err));
		ret = POINT_NOMEM;
	} else if (!model_wait(job)) {
		pthread_detach(thread);
		snprintf(msg, len, "stopped by %s",
			 strsignal(stop_requested()));
		return POINT_STOPPED;
	} else {
		pthread_join(thread, NULL);
		ret = job->ret;
		*res = job->res;
		snprintf(msg, len, "%s", job->msg);
	}
	pthread_cond_destroy(&job->cond);
	pthread_mutex_destroy(&job->lock);
	free(job);
	return ret;
}
