/* SPDX-License-Identifier: GPL-2.0 */
#ifndef RMAPBENCH_TRUTH_IMPL_H
#define RMAPBENCH_TRUTH_IMPL_H

/* What truth.c and truth_split.c share of a seed raw.csv's rows. */
#include <stddef.h>
#include <stdio.h>
#include "lib/csv.h"
#include "lib/replay2002.h"

/* daniel.sh's processes per iteration: subshell, cat, wc and expr. */
#define DANIEL_PROCS_PER_ITERATION 4

/*
 * What one row of a seed raw.csv says of its kernel, per process
 * (wall_s / forks: the same ratios as elapsed times of fixed work,
 * whether the run fixed the work or the window).  Times in ns, shares in
 * % of the processes' CPU time (the pte phases plus --other-work).
 */
struct kv {
	double wall, ns, cpu, busy_pct, spin_pct, copy_pct, zap_pct, fault_pct;
	double ptes_per_lock, fault_locks; /* fork's; per daniel.sh iteration */
	double pingpong; /* the host's regime, measured rows (lib/regime.h) */
};

#define KV_FIELDS (sizeof(struct kv) / sizeof(double))

/* One repetition's three kernels, NaN where it has no row. */
struct rep {
	struct kv k[R2002_KERNELS];
};

/*
 * A suite's repetitions of the three kernels, by rep number; returns how
 * many.  machine NULL: measured rows only; else the rows modelled on it.
 * daemons: only the rows of that --daemons count (NAN: every row).
 */
size_t truth_read_reps(const struct csv *c, const char *machine, double daemons,
		       struct rep **out);
/*
 * The machine the suite modelled the three kernels on: that of its first
 * modelled row that names one of them (--kernel), or NULL.
 */
const char *truth_modelled_machine(const struct csv *c);
/*
 * One field (offsetof(struct kv, ...)) of every repetition's three
 * kernels as a row each, NAN where a kernel has no row; NULL out of
 * memory.
 */
double (*truth_by_kernel(const struct rep *reps, size_t n,
			 size_t field))[R2002_KERNELS];
/* The --daemons counts the replay was modelled at on machine, and rows. */
struct truth_counts {
	double daemons[64];
	size_t rows[64];
	size_t n;
};

void truth_daemons_counts(const struct csv *c, const char *machine,
			  struct truth_counts *out);
/*
 * The --daemons count of the modelled replay's 2002 column: the one with
 * the most rows on machine, the default (TREE_DAEMONS) among equals; NAN
 * without a daemons column.
 */
double truth_main_daemons(const struct csv *c, const char *machine);
/* The modelled sweep of --daemons as a table, if the run has one. */
void truth_put_daemons(FILE *f, const struct csv *c, const char *machine);

#endif
