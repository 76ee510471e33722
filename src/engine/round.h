/* SPDX-License-Identifier: GPL-2.0 */
#ifndef RMAPBENCH_ROUND_H
#define RMAPBENCH_ROUND_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "point.h"
#include "lib/histogram.h"
#include "model/spinlock.h"
#include "world.h"

/*
 * The fork/exec/exit round, once for both clocks: a driver thread runs it
 * on the wall clock (driver.c), a virtual CPU of a modelled machine on
 * its virtual clock (model_run.c).  What differs between the two is the
 * clock, the --other-work loop and how a CPU with nothing to do waits;
 * each is one branch per fork or round, never per pte, where the strategy
 * code runs compiled into its variant (strategy/template.h).
 */
enum round_clock {
	ROUND_WALL,    /* ns of now_ns(); threads on this host's CPUs */
	ROUND_VIRTUAL, /* ps of machine_now(); coroutines of one thread */
};

/* A forked child on its way to exec, in the handoff queue of a CPU. */
struct round_child {
	unsigned long f;     /* its family */
	unsigned int c;	     /* which child of it */
	unsigned int forker; /* the CPU that forked it */
	bool measured;	     /* forked inside the timed window */
	unsigned char task;  /* --tree daniel: enum tree_task (tree.h) */
};

/* Children handed to one CPU by another: a ring under a lock. */
struct handoff {
	spinlock_t lock;
	unsigned int head, tail, size; /* under lock */
	struct round_child *ring;
};

struct round;

/*
 * One CPU of the round, first in what each clock keeps per CPU (a driver
 * thread's struct driver, a virtual CPU's struct vcpu).  Times are in the
 * clock's unit.
 */
struct round_cpu {
	struct rmap_ctx ctx;
	const struct strategy_ops *ops;	     /* forks, and measured children */
	const struct strategy_ops *warm_ops; /* warm-up children */
	struct round *round;
	unsigned int id;
	bool latencies; /* record each fork's and exit's time */
	bool measuring; /* has begun its measured rounds */
	/*
	 * What measured children exec'd here counted before this CPU's own
	 * window opened (its warm-up rounds' counts are dropped, not these)
	 */
	struct rmap_stats early;
	unsigned long quota;	   /* --forks: measured rounds to run */
	unsigned long rounds;	   /* measured */
	unsigned long warm_rounds; /* before them */
	unsigned long ptes, faults, exit_ptes;
	struct thread_span span; /* forks, first start and last end */
	unsigned long execs, execs_elsewhere; /* measured children exec'd */
	unsigned long exec_zapped;	      /* ... and the ptes exec zapped */
	uint64_t fork_t, exec_t, fault_t, exit_t, other_t;
	struct histogram fork_lat, exit_lat; /* ns */
	union {
		unsigned long *scratch; /* --other-work on the wall clock */
		struct frames *frames; /* --footprint, virtual clock */
	};
	atomic_ulong progress;	/* rounds and children done, for a watchdog */
	struct handoff queue;
	struct handoff *next; /* the queue of the CPU that execs our children */
};

/* What the CPUs of one point share. */
struct round {
	struct world *world;
	enum round_clock clock;
	char *cpus;		   /* round_cpu n is at cpus + n * stride */
	size_t stride;		   /* sizeof what each clock keeps per CPU */
	/*
	 * per family: children not yet exited; with --tree daniel the last
	 * member of tree.c's state (struct round's size is seen by the
	 * modelled caches, which see where the stack puts the world)
	 */
	atomic_uint *busy;
	atomic_ulong in_flight;	   /* children handed over, not yet exited */
	atomic_uint forkers_done;  /* CPUs that fork no more */
	double other_iters_per_ns; /* --other-work: the scratch loop's speed */
};

static inline struct round_cpu *round_cpu(const struct round *r, unsigned int n)
{
	return (struct round_cpu *)(r->cpus + n * r->stride);
}

/*
 * Sets up the round over cfg->threads CPUs of stride bytes at cpus (zeroed
 * by the caller): their contexts, queues, variants and the families' busy
 * counts.  ops runs forks and measured children, warm_ops the warm-up's
 * children.  -1 when memory runs out; round_destroy() frees what was made.
 */
int round_init(struct round *r, struct world *w, enum round_clock clock,
	       void *cpus, size_t stride, const struct strategy_ops *ops,
	       const struct strategy_ops *warm_ops);
void round_destroy(struct round *r);

/* The clock's time now, in its unit. */
uint64_t round_now(const struct round *r);

/* Execs one child of this CPU's queue; false when it is empty. */
bool round_serve(struct round_cpu *d);

/* Whether family f's children are still being exec'd somewhere. */
static inline bool round_family_busy(const struct round *r, unsigned long f)
{
	return atomic_load_explicit(&r->busy[f], memory_order_acquire);
}

/* Nothing to do for now: spin a while, or let the other CPUs run. */
void round_wait(struct round_cpu *d, unsigned int *spins);

/*
 * Family f's round: fork --children children, taking the parent's
 * copy-on-write faults after each fork, then exit them here or (with
 * --lifecycle fork-exec-exit) hand each to the next CPU, which execs it.
 * A round that is not measured counts nothing.
 */
void round_fork(struct round_cpu *d, unsigned long f, bool measured);

/*
 * The first measured round: what warm-up counted is reset, and the CPU's
 * measured span begins.
 */
void round_start_measuring(struct round_cpu *d);

/*
 * A CPU that forks no more still execs the children handed to it until
 * no CPU forks and no child is left anywhere.
 */
void round_drain(struct round_cpu *d);

/*
 * Measured rounds (--forks) a CPU runs for per_cpu forks: a round of the
 * flat tree forks --children, of daniel's tree one process (tree.c).
 */
unsigned long round_quota(const struct config *cfg, unsigned long per_cpu);

/*
 * For tree.c: the rest of a process (--other-work), once per process;
 * exec, the new image's faults and exit of cw, counted when it is
 * measured; the counts since before filed under the child's window.
 */
void round_other_work(struct round_cpu *d, bool measured);
void round_exec(struct round_cpu *d, const struct round_child *cw);
void round_count_since(struct round_cpu *d, bool measured,
		       const struct rmap_stats *before);
void round_handoff(struct round_cpu *d, struct handoff *q,
		   const struct round_child *cw);

/* The earliest measured round's start, over every CPU. */
uint64_t round_first_start(const struct round *r);

/*
 * res from every CPU's counts over the window from start to the last
 * measured round's end: times in ns, the wall (or virtual) seconds and
 * fairness.  What only one clock has (perf, the scanners, the machine's
 * counts) is the caller's to add.
 */
void round_results(const struct round *r, struct point_result *res,
		   uint64_t start);

#endif
