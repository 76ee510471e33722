/* SPDX-License-Identifier: GPL-2.0 */
#ifndef RMAPBENCH_MACHINE_H
#define RMAPBENCH_MACHINE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "profile.h"

/*
 * A modelled machine: virtual CPUs run as coroutines on the calling thread
 * under a deterministic scheduler.  Each CPU has a virtual clock; the CPU
 * with the smallest clock (ties: the lower CPU number) runs, and keeps
 * running while its clock stays the smallest.  Every access to shared
 * simulated state goes through machine_access(), which charges its cost
 * under a MESI model of the caches and advances the clock.  An access takes
 * effect at the virtual time it is issued: the scheduler only switches at
 * the start of the next access, so what the CPU then reads or writes in
 * real memory is what the model's order of accesses says it sees.
 */
struct machine;

/* What one virtual CPU did; all counts are of accesses it made. */
struct machine_stats {
	uint64_t accesses;
	uint64_t hits;
	uint64_t mem_misses;	/* served by memory: no cache had the line */
	uint64_t transfers;	/* served by another CPU's cache */
	uint64_t invalidations; /* other CPUs' copies destroyed by writes */
	uint64_t rmws;		/* locked read-modify-writes */
	uint64_t handoffs;	/* locks taken that another CPU held last */
	uint64_t spins;		/* times parked on a line */
	uint64_t spin_ps;	/* virtual time parked */
	uint64_t evictions;	/* lines pushed out of the private cache */
	uint64_t l1_misses;	/* hits in the private cache missing L1 */
};

typedef void (*machine_fn)(unsigned int cpu, void *arg);

/*
 * A machine of ncpus virtual CPUs (the first ncpus of the profile's
 * numbering) with empty caches and every clock at 0.  NULL with msg set
 * when ncpus is out of range or memory runs out.
 */
struct machine *machine_create(const struct machine_profile *prof,
			       unsigned int ncpus, char *msg, size_t len);
void machine_destroy(struct machine *m);

/* Before machine_run(): where a CPU's clock starts (its phase), in ps. */
void machine_set_clock(struct machine *m, unsigned int cpu, uint64_t ps);

/*
 * Before machine_run(): every access waits for its turn.  By default a CPU
 * makes some repeat hits before its turn, where no other CPU's access can
 * tell (coherence.h, run_ahead()), and a run where one could ends in
 * MACHINE_CONFLICT; a strict machine never does.
 */
void machine_set_strict(struct machine *m);

/*
 * Runs fn(cpu, arg) on every virtual CPU until all have returned.  The
 * caches and clocks carry over to the next machine_run().  Returns 0; -1
 * with msg set when every CPU left waits on a line nobody will write; or
 * MACHINE_CONFLICT when a CPU's run-ahead turned out to matter: the CPUs
 * are left where they were, and the run is to be done again, from the
 * start, on a new strict machine over new simulated state.
 */
#define MACHINE_CONFLICT 1
int machine_run(struct machine *m, machine_fn fn, void *arg, char *msg,
		size_t len);

/* Inside machine_run(): the running virtual CPU and its clock. */
unsigned int machine_cpu(void);
uint64_t machine_now(void);
/* Inside machine_run(): the running machine's profile; else NULL. */
const struct machine_profile *machine_running_profile(void);
/* Charges ps of work that touches no shared line. */
void machine_delay(uint64_t ps);

uint64_t machine_clock(const struct machine *m, unsigned int cpu);
const struct machine_stats *machine_stats(const struct machine *m,
					  unsigned int cpu);
/* Sums every CPU's counters into sum. */
void machine_stats_sum(const struct machine *m, struct machine_stats *sum);
const struct machine_profile *machine_profile(const struct machine *m);

/*
 * The hooks (hook.h) the strategy code calls in its model build:
 *
 * machine_access(): an access of kind to the line holding p.
 * machine_spin(): the caller just read p and must wait for it to change:
 * parks the CPU until another CPU's write invalidates its copy of the line
 * (so test-and-test-and-set re-reads only after an invalidation).
 * machine_spin_ticket(): machine_spin() for a FIFO lock, where the caller
 * waits for its ticket (a 16-bit serial): a write lets the CPU with the
 * oldest ticket go, whatever its distance.
 * machine_lock_acquired(): the caller took the lock whose word is at p:
 * counts a handoff when another CPU took it last.
 */
#include "hook.h"

#endif
