// SPDX-License-Identifier: GPL-2.0
/*
 * The driver threads.  Each owns the process families f with
 * f % threads == its id and runs fork rounds over them: fork --children
 * children (copy_page_range), let the parent take its copy-on-write
 * faults, then exit them (zap_page_range).  With --lifecycle
 * fork-exec-exit each child is handed to the next driver thread, as the
 * scheduler puts a new child on another CPU, which execs it (zaps the
 * copy), faults its new image in and exits it.  Fork, exec, fault and exit
 * are timed separately; only rounds that began inside the timed window
 * count.  The main thread is the watchdog meanwhile.
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
#include "world.h"

/* PHASE_QUIT: a signal stopped the run; every thread leaves at once. */
enum phase { PHASE_WARMUP, PHASE_MEASURE, PHASE_STOP, PHASE_QUIT };

#define WATCH_TICK_NS 50000000ull    /* 50 ms: rarely enough not to disturb */
#define ABORT_GRACE_NS 2000000000ull /* 2 s */
#define STOP_TICK_NS 250000000ull    /* a signal is seen within 1/4 s */

/* A forked child on its way to exec, in the handoff queue of a driver. */
struct child_work {
	unsigned long f;     /* its family */
	unsigned int c;	     /* which child of it */
	unsigned int forker; /* the driver thread that forked it */
	bool measured;	     /* forked inside the timed window */
};

/* Children handed to one driver thread by another: a ring under a lock. */
struct handoff {
	spinlock_t lock;
	unsigned int head, tail, size; /* under lock */
	struct child_work *ring;
};

/* One per thread, COUNTER_SPACING apart so that counters never share lines. */
struct driver {
	struct rmap_ctx ctx;
	const struct strategy_ops *ops; /* the variant: stats or --no-stats */
	struct run *run;
	pthread_t thread;
	unsigned int id;
	bool measuring;	     /* has seen the timed window open */
	unsigned long quota; /* --forks: measured rounds to run */
	unsigned long rounds, ptes, faults, exit_ptes;
	struct thread_span span; /* forks, first start and last end */
	unsigned long execs, execs_elsewhere; /* measured children exec'd */
	unsigned long exec_zapped;	      /* ... and the ptes exec zapped */
	uint64_t fork_ns, exec_ns, fault_ns, exit_ns, other_ns;
	struct handoff queue;
	unsigned long *scratch; /* --other-work: process-private memory */
	atomic_ulong progress;	/* rounds done, for the watchdog */
	struct perf perf;
	uint64_t perf_start[NR_PERF], perf_end[NR_PERF];
	struct histogram fork_lat, exit_lat;
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
	atomic_uint *busy;	   /* per family: children not yet exited */
	atomic_ulong in_flight;	   /* children handed over, not yet exited */
	atomic_uint forkers_done;  /* drivers that fork no more */
	double other_iters_per_ns; /* --other-work: the scratch loop's speed */
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

#define OTHER_WORK_WORDS 2048 /* 16 KiB of process-private memory */

/*
 * --other-work: the rest of what a process does (the shell's own work,
 * exec's loading, page zeroing), outside every lock: a fixed number of
 * stores into the thread's private scratch memory, so that the work is
 * the same whatever the strategy and the threads do not fork back to back.
 */
static void other_work(struct driver *d, double ns)
{
	unsigned long iters = ns * d->run->other_iters_per_ns, *m = d->scratch;

	for (unsigned long i = 0; i < iters; i++)
		m[(i * 8) % OTHER_WORK_WORDS] += i;
	/* The stores are the work: keep the compiler from dropping them. */
	__asm__ volatile("" : : "r"(m) : "memory");
}

/* Times the scratch loop once per point, before the threads start. */
static double other_work_speed(void)
{
	unsigned long *m = calloc(OTHER_WORK_WORDS, sizeof(*m));
	const unsigned long iters = 200000;
	uint64_t best = UINT64_MAX;

	if (!m)
		return 0;
	for (int t = 0; t < 5; t++) {
		uint64_t t0 = now_ns();

		for (unsigned long i = 0; i < iters; i++)
			m[(i * 8) % OTHER_WORK_WORDS] += i;
		__asm__ volatile("" : : "r"(m) : "memory");
		if (now_ns() - t0 < best)
			best = now_ns() - t0;
	}
	free(m);
	return best ? (double)iters / best : 0;
}

/* The other work of one process; timed only when there is some. */
static void process_other_work(struct driver *d, bool measured)
{
	const struct config *cfg = &d->run->world.cfg;
	double ns =
		cfg->other_work.proc_ns + cfg->other_work.page_ns * cfg->pages;
	uint64_t t0;

	if (ns <= 0)
		return;
	t0 = now_ns();
	other_work(d, ns);
	if (measured)
		d->other_ns += now_ns() - t0;
}

/* The parent writes to its first --cow-faults anonymous pages. */
static void cow_faults(struct driver *d, struct family *fam, unsigned int c,
		       uint64_t *fault_ns)
{
	struct world *w = &d->run->world;
	uint64_t t0;

	if (!w->nr_cow)
		return;
	t0 = now_ns();
	d->ops->do_wp_page(&d->ctx, &fam->parent, w->nr_cow,
			   world_spare(w, fam - w->family, c));
	*fault_ns += now_ns() - t0;
}

/* Each fork and exit timed on its own, for the latency histograms. */
static void timed_round(struct driver *d, struct family *fam,
			unsigned long *ptes, uint64_t *fork_ns,
			uint64_t *exit_ns, uint64_t *fault_ns)
{
	const struct strategy_ops *s = d->ops;
	unsigned int c, children = d->run->world.cfg.children;
	uint64_t t0, t1;

	for (c = 0; c < children; c++) {
		t0 = now_ns();
		*ptes += s->copy_page_range(&d->ctx, &fam->child[c],
					    &fam->parent);
		t1 = now_ns();
		hist_add(&d->fork_lat, t1 - t0);
		*fork_ns += t1 - t0;
		cow_faults(d, fam, c, fault_ns);
	}
	for (c = 0; c < children; c++) {
		t0 = now_ns();
		s->zap_page_range(&d->ctx, &fam->child[c]);
		t1 = now_ns();
		hist_add(&d->exit_lat, t1 - t0);
		*exit_ns += t1 - t0;
	}
}

/* --no-stats: only the phases are timed. */
static void plain_round(struct driver *d, struct family *fam,
			unsigned long *ptes, uint64_t *fork_ns,
			uint64_t *exit_ns, uint64_t *fault_ns)
{
	const struct strategy_ops *s = d->ops;
	unsigned int c, children = d->run->world.cfg.children;
	uint64_t t0, t1, t2;

	t0 = now_ns();
	for (c = 0; c < children; c++) {
		*ptes += s->copy_page_range(&d->ctx, &fam->child[c],
					    &fam->parent);
		if (d->run->world.nr_cow) {
			*fork_ns += now_ns() - t0;
			cow_faults(d, fam, c, fault_ns);
			t0 = now_ns();
		}
	}
	t1 = now_ns();
	for (c = 0; c < children; c++)
		s->zap_page_range(&d->ctx, &fam->child[c]);
	t2 = now_ns();
	*fork_ns += t1 - t0;
	*exit_ns = t2 - t1;
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
	unsigned int c, children = d->run->world.cfg.children;
	unsigned long a, l;

	if (!count)
		return;
	for (c = 0; c < children; c++)
		d->ops->copy_page_range(&d->ctx, &fam->child[c], &fam->parent);
	for (c = 0; c < children; c++)
		d->ops->zap_page_range(&d->ctx, &fam->child[c]);
	access_count_reset();
	for (c = 0; c < children; c++)
		d->tally.ptes += count->copy_page_range(&d->ctx, &fam->child[c],
							&fam->parent);
	access_count_take(&a, &l);
	d->tally.atomics[0] += a;
	d->tally.lines[0] += l;
	for (c = 0; c < children; c++)
		count->zap_page_range(&d->ctx, &fam->child[c]);
	access_count_take(&a, &l);
	d->tally.atomics[1] += a;
	d->tally.lines[1] += l;
}

/* The first measured round resets what warm-up counted. */
static void start_measuring(struct driver *d)
{
	memset(&d->ctx.stats, 0, sizeof(d->ctx.stats));
	memset(&d->fork_lat, 0, sizeof(d->fork_lat));
	memset(&d->exit_lat, 0, sizeof(d->exit_lat));
	perf_read(&d->perf, d->perf_start);
	d->span.first_start = now_ns();
	d->measuring = true;
}

static void account_round(struct driver *d, unsigned long ptes,
			  uint64_t fork_ns, uint64_t exit_ns, uint64_t fault_ns)
{
	d->rounds++;
	d->span.forks += d->run->world.cfg.children;
	d->ptes += ptes;
	d->fork_ns += fork_ns;
	d->exit_ns += exit_ns;
	d->fault_ns += fault_ns;
	d->faults += d->run->world.cfg.children * d->run->world.nr_cow;
	d->exit_ptes += ptes;
	d->span.last_end = now_ns();
}

/* --lifecycle fork-exit: the children exit on the forking thread. */
static void fork_exit_round(struct driver *d, struct family *fam, int phase)
{
	unsigned long ptes = 0;
	uint64_t fork_ns = 0, exit_ns = 0, fault_ns = 0;

	if (d->ctx.stats_on)
		timed_round(d, fam, &ptes, &fork_ns, &exit_ns, &fault_ns);
	else
		plain_round(d, fam, &ptes, &fork_ns, &exit_ns, &fault_ns);
	for (unsigned int c = 0; c < d->run->world.cfg.children; c++)
		process_other_work(d, phase != PHASE_WARMUP);
	atomic_fetch_add_explicit(&d->progress, 1, memory_order_relaxed);
	if (phase == PHASE_WARMUP)
		return;
	account_round(d, ptes, fork_ns, exit_ns, fault_ns);
}

/* A phase of a child's life: its time, and its latency when measured. */
static uint64_t timed(struct driver *d, bool measured, struct histogram *h,
		      uint64_t t0)
{
	uint64_t t1 = now_ns();

	if (measured && h && d->ctx.stats_on)
		hist_add(h, t1 - t0);
	return t1 - t0;
}

/*
 * exec, the new image's faults and exit of a child another thread forked
 * (or this one, when it is the only one).  Work for a child forked before
 * the window opened is done but not counted.
 */
static void exec_child(struct driver *d, struct child_work *cw)
{
	struct run *run = d->run;
	struct world *w = &run->world;
	struct mm_struct *mm = &w->family[cw->f].child[cw->c];
	bool m = cw->measured;
	/* A child of the warm-up counts nothing: the variant with no
	 * accounting does its work. */
	const struct strategy_ops *s =
		m ? d->ops : w->cfg.strategy->ops[RMAP_FAST];
	uint64_t t0, exec_ns, fault_ns, exit_ns;
	unsigned long zapped, faulted;

	t0 = now_ns();
	zapped = s->zap_page_range(&d->ctx, mm);
	exec_ns = timed(d, m, NULL, t0);
	t0 = now_ns();
	faulted = s->fault_in(&d->ctx, mm, w->image_file, w->image_anon,
			      world_image_pfn(w, cw->f, cw->c));
	fault_ns = timed(d, m, NULL, t0);
	t0 = now_ns();
	s->zap_page_range(&d->ctx, mm);
	exit_ns = timed(d, m, &d->exit_lat, t0);
	process_other_work(d, m);
	if (m) {
		d->exec_ns += exec_ns;
		d->fault_ns += fault_ns;
		d->faults += faulted;
		d->exit_ns += exit_ns;
		d->exit_ptes += faulted;
		d->execs++;
		d->execs_elsewhere += cw->forker != d->id;
		d->exec_zapped += zapped;
		d->span.last_end = now_ns();
	}
	atomic_fetch_sub_explicit(&run->busy[cw->f], 1, memory_order_release);
	atomic_fetch_add_explicit(&d->progress, 1, memory_order_relaxed);
}

static void handoff_push(struct handoff *q, const struct child_work *cw)
{
	spin_lock(&q->lock);
	q->ring[q->tail] = *cw;
	q->tail = (q->tail + 1) % q->size;
	spin_unlock(&q->lock);
}

static bool handoff_pop(struct handoff *q, struct child_work *cw)
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

/* Execs one child from this thread's queue; false when it is empty. */
static bool serve_queue(struct driver *d)
{
	struct child_work cw;

	if (!handoff_pop(&d->queue, &cw))
		return false;
	exec_child(d, &cw);
	atomic_fetch_sub_explicit(&d->run->in_flight, 1, memory_order_release);
	return true;
}

/*
 * --lifecycle fork-exec-exit: fork the children and take the parent's
 * faults here, then hand each child to the next thread, which execs it.
 * The family is busy until every child has exited.
 */
static void fork_exec_round(struct driver *d, unsigned long f, int phase)
{
	struct run *run = d->run;
	struct family *fam = &run->world.family[f];
	unsigned int c, children = run->world.cfg.children;
	unsigned int threads = run->world.cfg.threads;
	struct handoff *next = &run->drivers[(d->id + 1) % threads].queue;
	unsigned long ptes = 0;
	uint64_t fork_ns = 0, fault_ns = 0, t0;

	atomic_store_explicit(&run->busy[f], children, memory_order_relaxed);
	for (c = 0; c < children; c++) {
		struct child_work cw = { f, c, d->id, phase != PHASE_WARMUP };

		t0 = now_ns();
		ptes += d->ops->copy_page_range(&d->ctx, &fam->child[c],
						&fam->parent);
		fork_ns += timed(d, cw.measured, &d->fork_lat, t0);
		cow_faults(d, fam, c, &fault_ns);
		if (threads == 1) {
			exec_child(d, &cw);
			continue;
		}
		atomic_fetch_add_explicit(&run->in_flight, 1,
					  memory_order_relaxed);
		handoff_push(next, &cw);
	}
	atomic_fetch_add_explicit(&d->progress, 1, memory_order_relaxed);
	if (phase == PHASE_WARMUP)
		return;
	account_round(d, ptes, fork_ns, 0, fault_ns);
	d->exit_ptes -= ptes; /* the image's exit counts its own */
}

static bool family_busy(struct run *run, unsigned long f)
{
	return atomic_load_explicit(&run->busy[f], memory_order_acquire);
}

static void fork_round(struct driver *d, unsigned long f, int phase)
{
	if (d->run->world.cfg.lifecycle == LIFECYCLE_FORK_EXEC_EXIT)
		fork_exec_round(d, f, phase);
	else
		fork_exit_round(d, &d->run->world.family[f], phase);
}

/* Whether the thread is done: every thread measures at least one round. */
static bool driver_done(struct driver *d, int phase)
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

/*
 * A thread that forks no more still execs the children handed to it, until
 * no thread forks and no child is left anywhere.
 */
static void drain_queue(struct driver *d)
{
	struct run *run = d->run;
	unsigned int spins = 0;

	atomic_fetch_add_explicit(&run->forkers_done, 1, memory_order_release);
	while (atomic_load_explicit(&run->forkers_done, memory_order_acquire) <
		       run->world.cfg.threads ||
	       atomic_load_explicit(&run->in_flight, memory_order_acquire))
		if (!serve_queue(d))
			spin_wait(&spins);
}

static void driver_loop(struct driver *d)
{
	struct run *run = d->run;
	const struct config *cfg = &run->world.cfg;
	unsigned long f = d->id;
	unsigned int spins = 0;

	pin_self(cfg->cpus ? cfg->cpus[d->id] : -1);
	perf_open(&d->perf);
	gate_wait(run);
	if (cfg->stats)
		count_round(d, &run->world.family[f]);
	for (;;) {
		int phase =
			atomic_load_explicit(&run->phase, memory_order_acquire);

		if (phase != PHASE_WARMUP && !d->measuring)
			start_measuring(d);
		if (serve_queue(d))
			continue;
		if (driver_done(d, phase))
			break;
		/* The family's children are still being exec'd elsewhere. */
		if (family_busy(run, f)) {
			spin_wait(&spins);
			continue;
		}
		fork_round(d, f, phase);
		if (cfg->test_stall && !d->id && d->rounds)
			spin_lock(&run->stall_lock);
		f += cfg->threads;
		if (f >= cfg->loops)
			f = d->id;
	}
	drain_queue(d);
	perf_read(&d->perf, d->perf_end);
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
	uint64_t end = t_start;

	memset(res, 0, sizeof(*res));
	for (unsigned int t = 0; t < run->world.cfg.threads; t++) {
		struct driver *d = &run->drivers[t];

		res->forks += d->span.forks;
		res->ptes += d->ptes;
		res->fork_ns += d->fork_ns;
		res->exec_ns += d->exec_ns;
		res->fault_ns += d->fault_ns;
		res->exit_ns += d->exit_ns;
		res->other_ns += d->other_ns;
		res->faults += d->faults;
		res->exit_ptes += d->exit_ptes;
		res->execs += d->execs;
		res->execs_elsewhere += d->execs_elsewhere;
		res->exec_zapped += d->exec_zapped;
		if (d->span.last_end > end)
			end = d->span.last_end;
		rmap_stats_add(&res->stats, &d->ctx.stats);
		for (int p = 0; p < 2; p++) {
			res->tally.atomics[p] += d->tally.atomics[p];
			res->tally.lines[p] += d->tally.lines[p];
		}
		res->tally.ptes += d->tally.ptes;
		sum_perf(res->perf, d);
		hist_merge(&res->fork_lat, &d->fork_lat);
		hist_merge(&res->exit_lat, &d->exit_lat);
	}
	for (unsigned int t = 0; t < run->world.cfg.reclaim; t++) {
		struct reclaimer *r = &run->reclaimers[t];

		sum_reclaim(&res->reclaim, &r->rs);
		hist_merge(&res->reclaim_lat, &r->lat);
	}
	res->wall_s = (end - t_start) * 1e-9;
	res->scan_s = (run->t_stop - t_start) * 1e-9;
	res->churned = run->churned;
	point_fairness(res, &run->drivers[0].span, run->world.cfg.threads,
		       sizeof(struct driver), t_start, end);
}

static unsigned long total_progress(struct run *run)
{
	unsigned long sum = 0;

	for (unsigned int t = 0; t < run->started; t++)
		sum += atomic_load_explicit(&run->drivers[t].progress,
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
	uint64_t until = now_ns() + ABORT_GRACE_NS;

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
		ret = abort_threads(run, PHASE_QUIT) ? POINT_STOPPED :
						       POINT_STUCK;
	} else if (w) {
		snprintf(
			msg, len,
			"no fork round finished for %g s (livelock?): point abandoned",
			cfg->timeout);
		ret = abort_threads(run, PHASE_STOP) ? POINT_TIMEOUT :
						       POINT_STUCK;
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
	if (ret == POINT_STUCK)
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

/*
 * What the lifecycle needs: a handoff queue per driver (room for every
 * child at once), a busy count per family, scratch memory per driver for
 * --other-work and the speed of its loop.
 */
static int lifecycle_init(struct run *run)
{
	const struct config *cfg = &run->world.cfg;
	unsigned int size = cfg->loops * cfg->children + 1;

	run->busy = calloc(cfg->loops, sizeof(*run->busy));
	if (!run->busy)
		return -1;
	for (unsigned int t = 0; t < cfg->threads; t++) {
		struct driver *d = &run->drivers[t];

		spin_lock_init(&d->queue.lock);
		d->queue.size = size;
		d->queue.ring = calloc(size, sizeof(*d->queue.ring));
		d->scratch = calloc(OTHER_WORK_WORDS, sizeof(*d->scratch));
		if (!d->queue.ring || !d->scratch)
			return -1;
	}
	if (cfg->other_work.proc_ns > 0 || cfg->other_work.page_ns > 0)
		run->other_iters_per_ns = other_work_speed();
	return 0;
}

static void lifecycle_destroy(struct run *run)
{
	for (unsigned int t = 0; run->drivers && t < run->world.cfg.threads;
	     t++) {
		free(run->drivers[t].queue.ring);
		free(run->drivers[t].scratch);
	}
	free(run->busy);
}

/* Every thread's context; ctxs lists them for the invariant check. */
static void threads_init(struct run *run, struct rmap_ctx **ctxs)
{
	const struct config *cfg = &run->world.cfg;
	unsigned long per_thread =
		(cfg->forks + cfg->threads - 1) / cfg->threads;

	for (unsigned int t = 0; t < cfg->threads; t++) {
		struct driver *d = &run->drivers[t];

		d->run = run;
		d->id = t;
		d->quota = (per_thread + cfg->children - 1) / cfg->children;
		rmap_ctx_init(&d->ctx, &run->world);
		d->ctx.stats_on = cfg->stats;
		d->ops =
			cfg->strategy->ops[cfg->stats ? RMAP_STATS : RMAP_FAST];
		d->ctx.alloc.worker = true;
		d->ctx.alloc.slab.test_fail = cfg->test_nomem && !t;
		ctxs[t] = &d->ctx;
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
	if (world_init(&run->world, cfg) || lifecycle_init(run))
		goto out;
	threads_init(run, ctxs);
	ret = drive(run, res, msg, len);
	if (ret == POINT_STUCK)
		return ret; /* leaked on purpose: a thread may touch it */
	if (!ret && world_check(&run->world, ctxs, nr_ctxs, msg, len))
		ret = POINT_INVARIANT;
	for (unsigned int t = 0; t < nr_ctxs; t++)
		pte_chain_cache_destroy(&ctxs[t]->alloc);
out:
	lifecycle_destroy(run);
	world_destroy(&run->world);
	mem_free(run->drivers, drivers_size);
	mem_free(run->reclaimers, reclaimers_size);
out_free:
	free(ctxs);
	free(run);
	return ret;
}
