// SPDX-License-Identifier: GPL-2.0
/*
 * The driver threads.  Each owns the process families f with
 * f % threads == its id and runs fork rounds over them: fork --children
 * children (copy_page_range), then exit them (zap_page_range).  The two
 * phases are timed separately; only rounds that began inside the timed
 * window count.
 */
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "driver.h"
#include "mem.h"
#include "util.h"
#include "world.h"

enum phase { PHASE_WARMUP, PHASE_MEASURE, PHASE_STOP };

/* One per thread, COUNTER_SPACING apart so that counters never share lines. */
struct driver {
	struct rmap_ctx ctx;
	struct run *run;
	pthread_t thread;
	unsigned int id;
	int cpu;			/* -1: not pinned */
	unsigned long rounds, forks, ptes;
	uint64_t fork_ns, exit_ns, last_end;
} __attribute__((aligned(COUNTER_SPACING)));

struct run {
	struct world world;
	struct driver *drivers;
	pthread_mutex_t gate_lock;
	pthread_cond_t gate_cond;
	bool gate_open;		/* under gate_lock */
	atomic_int phase;
	atomic_bool churn_stop;
	unsigned long churned;
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

static void fork_round(struct driver *d, struct family *fam, int phase)
{
	const struct strategy *s = d->run->world.cfg.strategy;
	unsigned int c, children = d->run->world.cfg.children;
	unsigned long ptes = 0;
	uint64_t t0, t1, t2;

	t0 = now_ns();
	for (c = 0; c < children; c++)
		ptes += s->copy_page_range(&d->ctx, &fam->child[c], &fam->parent);
	t1 = now_ns();
	for (c = 0; c < children; c++)
		s->zap_page_range(&d->ctx, &fam->child[c]);
	t2 = now_ns();
	if (phase == PHASE_WARMUP)
		return;
	d->rounds++;
	d->forks += children;
	d->ptes += ptes;
	d->fork_ns += t1 - t0;
	d->exit_ns += t2 - t1;
	d->last_end = t2;
}

static void *driver_thread(void *arg)
{
	struct driver *d = arg;
	struct run *run = d->run;
	unsigned int threads = run->world.cfg.threads;
	unsigned long f = d->id, loops = run->world.cfg.loops;

	pin_self(d->cpu);
	gate_wait(run);
	for (;;) {
		int phase = atomic_load_explicit(&run->phase,
						 memory_order_acquire);

		/* Every thread measures at least one round. */
		if (phase == PHASE_STOP && d->rounds)
			break;
		fork_round(d, &run->world.family[f], phase);
		f += threads;
		if (f >= loops)
			f = d->id;
	}
	return NULL;
}

/* xorshift64: the churn thread's page picker, cheap and good enough. */
static uint64_t xorshift64(uint64_t *state)
{
	uint64_t x = *state;

	x ^= x << 13;
	x ^= x >> 7;
	x ^= x << 17;
	return *state = x;
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
				       atomic_fetch_add_explicit(&w->rmap_lock_sequence, 1,
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

/* One thread per allowed CPU; oversubscribed runs are left unpinned. */
static void plan_cpus(struct run *run)
{
	unsigned int threads = run->world.cfg.threads;
	int *cpus = calloc(CPU_SETSIZE, sizeof(*cpus));
	unsigned int n = cpus ? allowed_cpus(cpus, CPU_SETSIZE) : 0;

	for (unsigned int t = 0; t < threads; t++)
		run->drivers[t].cpu = threads <= n ? cpus[t] : -1;
	free(cpus);
}

static void sum_results(struct run *run, struct point_result *res,
			uint64_t t_start)
{
	uint64_t end = t_start;

	memset(res, 0, sizeof(*res));
	for (unsigned int t = 0; t < run->world.cfg.threads; t++) {
		struct driver *d = &run->drivers[t];
		struct rmap_stats *s = &d->ctx.stats;

		res->forks += d->forks;
		res->ptes += d->ptes;
		res->fork_ns += d->fork_ns;
		res->exit_ns += d->exit_ns;
		if (d->last_end > end)
			end = d->last_end;
		res->stats.acquisitions += s->acquisitions;
		res->stats.contended += s->contended;
		res->stats.retries += s->retries;
		res->stats.removes += s->removes;
		res->stats.walked += s->walked;
		if (s->max_walk > res->stats.max_walk)
			res->stats.max_walk = s->max_walk;
	}
	res->wall_s = (end - t_start) * 1e-9;
	res->churned = run->churned;
}

/* Starts the threads, runs warm-up and window, and joins them. */
static int drive(struct run *run, struct point_result *res, char *msg,
		 size_t len)
{
	const struct config *cfg = &run->world.cfg;
	unsigned int t, started = 0;
	pthread_t churn;
	bool churning = false;
	uint64_t t_start = 0;
	int err = 0;

	pthread_mutex_init(&run->gate_lock, NULL);
	pthread_cond_init(&run->gate_cond, NULL);
	for (t = 0; t < cfg->threads && !err; t++) {
		err = pthread_create(&run->drivers[t].thread, NULL,
				     driver_thread, &run->drivers[t]);
		started += !err;
	}
	if (err) {
		snprintf(msg, len, "cannot create driver thread %u: %s",
			 started, strerror(err));
		/* The ones that started run one round and stop. */
		atomic_store(&run->phase, PHASE_STOP);
	}
	if (!err && cfg->index_churn)
		churning = !pthread_create(&churn, NULL, churn_thread, run);
	gate_open(run);
	if (!err) {
		sleep_ns(cfg->warmup * 1e9);
		t_start = now_ns();
		atomic_store_explicit(&run->phase, PHASE_MEASURE,
				      memory_order_release);
		sleep_ns(cfg->duration * 1e9);
		atomic_store_explicit(&run->phase, PHASE_STOP,
				      memory_order_release);
	}
	for (t = 0; t < started; t++)
		pthread_join(run->drivers[t].thread, NULL);
	atomic_store(&run->churn_stop, true);
	if (churning)
		pthread_join(churn, NULL);
	pthread_cond_destroy(&run->gate_cond);
	pthread_mutex_destroy(&run->gate_lock);
	if (!err)
		sum_results(run, res, t_start);
	return err ? 1 : 0;
}

int run_point(const struct config *cfg, struct point_result *res, char *msg,
	      size_t len)
{
	struct run *run = calloc(1, sizeof(*run));
	struct rmap_ctx **ctxs = calloc(cfg->threads, sizeof(*ctxs));
	size_t drivers_size = cfg->threads * sizeof(struct driver);
	int ret = 1;

	snprintf(msg, len, "out of memory building the point; lower --pages, --loops or --children");
	if (!run || !ctxs)
		goto out_free;
	run->drivers = mem_alloc(drivers_size);
	if (!run->drivers || world_init(&run->world, cfg))
		goto out;
	plan_cpus(run);
	for (unsigned int t = 0; t < cfg->threads; t++) {
		struct driver *d = &run->drivers[t];

		d->run = run;
		d->id = t;
		rmap_ctx_init(&d->ctx, &run->world);
		ctxs[t] = &d->ctx;
	}
	ret = drive(run, res, msg, len);
	if (!ret && world_check(&run->world, ctxs, cfg->threads, msg, len))
		ret = EXIT_INVARIANT;
	for (unsigned int t = 0; t < cfg->threads; t++)
		pte_chain_cache_destroy(&run->drivers[t].ctx.alloc);
out:
	world_destroy(&run->world);
	mem_free(run->drivers, drivers_size);
out_free:
	free(ctxs);
	free(run);
	return ret;
}
