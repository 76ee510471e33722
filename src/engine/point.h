/* SPDX-License-Identifier: GPL-2.0 */
#ifndef RMAPBENCH_POINT_H
#define RMAPBENCH_POINT_H

#include <stddef.h>
#include <stdint.h>
#include "lib/histogram.h"
#include "machine/machine.h"
#include "perf.h"
#include "model/reclaim.h"
#include "model/rmap.h"

/* What one point measured, summed over its driver threads. */
struct point_result {
	unsigned long forks;
	unsigned long ptes;	       /* ptes copied in the timed window */
	unsigned long faults;	       /* ptes faulted in: image and COW */
	unsigned long exit_ptes;       /* ptes zapped at exit */
	unsigned long execs;	       /* fork-exec-exit: children exec'd, */
	unsigned long execs_elsewhere; /* ... on another thread than the fork */
	unsigned long exec_zapped;     /* ptes their exec zapped */
	uint64_t fork_ns, exit_ns;     /* thread time in each phase */
	uint64_t exec_ns, fault_ns;    /* ... fork-exec-exit and --cow-faults */
	uint64_t other_ns;	       /* --other-work, outside the phases */
	double wall_s;		       /* the timed window, wall clock */
	unsigned long churned;	       /* set_page_index() calls */
	struct rmap_stats stats;       /* of the timed window only */
	struct histogram fork_lat;     /* ns per copy_page_range() */
	struct histogram exit_lat;     /* ns per zap_page_range() */
	unsigned long forks_min, forks_max; /* over threads */
	double forks_cv;
	double all_running;	      /* share of the window all ran */
	double pingpong_ns; /* measured: the host's regime (runner.c), or NAN */
	uint64_t perf[NR_PERF];	      /* PERF_NONE: not measured */
	struct reclaim_stats reclaim; /* the scanners', timed window */
	struct histogram reclaim_lat; /* ns per scanned page */
	double scan_s;		      /* how long the scanners scanned */
	struct access_tally tally;    /* the untimed RMAP_COUNT rounds */
	bool modelled;		      /* --mode model: virtual time */
	struct machine_stats machine; /* the modelled machine's counts */
};

static inline double result_ns_per_pte(const struct point_result *r,
				       uint64_t ns)
{
	return r->ptes ? (double)ns / r->ptes : 0;
}

/* What fairness needs of each thread, wherever that thread's data is. */
struct thread_span {
	unsigned long forks;		/* measured */
	uint64_t first_start, last_end; /* of its measured rounds */
};

/* forks_min/max/cv and all_running of res from n spans stride apart. */
void point_fairness(struct point_result *res, const struct thread_span *span,
		    unsigned int n, size_t stride, uint64_t start,
		    uint64_t end);

/* sum += s: one thread's accounting into its point's. */
void rmap_stats_add(struct rmap_stats *sum, const struct rmap_stats *s);
/* sum += now - before, field by field (the longest walk: the larger). */
void rmap_stats_since(struct rmap_stats *sum, const struct rmap_stats *now,
		      const struct rmap_stats *before);

enum point_status {
	POINT_OK = 0,
	POINT_NOMEM = 1,     /* memory or threads ran out: the point failed */
	POINT_INVARIANT = 3, /* = EXIT_INVARIANT */
	POINT_TIMEOUT = 4,   /* the watchdog ended it; threads are gone */
	POINT_STUCK = 5,     /* the watchdog could not stop a thread */
	POINT_STOPPED = 6,   /* a stop signal ended it: nothing to record */
};

#endif
