/* SPDX-License-Identifier: GPL-2.0 */
#ifndef RMAPBENCH_DRIVER_IMPL_H
#define RMAPBENCH_DRIVER_IMPL_H

/*
 * What the measured point's files share: the driver threads (driver.c),
 * the watchdog (watchdog.c) and the scanner and churn threads
 * (scanners.c).
 */
#include <pthread.h>
#include "driver.h"
#include "round.h"
#include "world.h"

/* PHASE_QUIT: a signal stopped the run; every thread leaves at once. */
enum phase { PHASE_WARMUP, PHASE_MEASURE, PHASE_STOP, PHASE_QUIT };

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

/* Threads wait here until all exist, so that they start together. */
static inline void gate_wait(struct run *run)
{
	pthread_mutex_lock(&run->gate_lock);
	while (!run->gate_open)
		pthread_cond_wait(&run->gate_cond, &run->gate_lock);
	pthread_mutex_unlock(&run->gate_lock);
}

/* A thread's cleanup handler: the watchdog counts the threads that left. */
static inline void thread_exited(void *arg)
{
	struct run *run = arg;

	atomic_fetch_add_explicit(&run->exited, 1, memory_order_release);
}

/* scanners.c: the page scanner and index churn threads, and their sums. */
void *reclaim_thread(void *arg);
void *churn_thread(void *arg);
void reclaim_results(const struct run *run, struct point_result *res);

/* watchdog.c */
enum until {
	UNTIL_DEADLINE, /* the end of warm-up or of the timed window */
	UNTIL_DRIVERS,	/* --forks: every driver did its share */
	UNTIL_ALL,	/* the window closed: every thread has left */
};

enum watched {
	WATCH_DONE,
	WATCH_FAILED,  /* no progress for --timeout, or out of memory */
	WATCH_STOPPED, /* a stop signal came */
};

/*
 * Waits for `until`, and fails when no fork round finishes for --timeout
 * seconds, or returns at once when a stop signal came.
 */
enum watched watch(struct run *run, enum until until, uint64_t deadline);
/* Warm-up, then the timed window (or the --forks quota), then stop. */
enum watched measure(struct run *run, uint64_t *t_start);
/* Asks stalled threads to leave; true when all of them did. */
bool abort_threads(struct run *run, enum phase phase);

#endif
