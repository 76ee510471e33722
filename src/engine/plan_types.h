/* SPDX-License-Identifier: GPL-2.0 */
#ifndef RMAPBENCH_PLAN_TYPES_H
#define RMAPBENCH_PLAN_TYPES_H

/*
 * What the options table (options.c) fills besides a sweep's struct
 * config: the plan's shared settings and this invocation's.  Their own
 * header, so that the table need not include plan.h, which builds on it.
 */
#include <stdbool.h>
#include <stdint.h>
#include "sweep.h"
#include "lib/topo.h"

#define MAX_SWEEPS 16

/*
 * What `rmapbench run` measures: one sweep, or several joined by --then
 * (a union of cross products, e.g. hashed over --locks and padded over
 * --locks and --lock-stride, without crossing hashed with strides), and
 * what all of them share.  A plan is all the `# sweep:` line records, so
 * --replay of that line builds the same plan.
 */
struct plan {
	struct sweep sweeps[MAX_SWEEPS];
	unsigned int nr_sweeps;
	enum placement placement;
	uint64_t seed; /* of the order of the points */
};

/*
 * How this invocation runs the plan: files, limits of this machine and
 * the terminal.  Never recorded, so a replay takes them afresh.
 */
struct run_control {
	const char *out;	 /* NULL: stdout */
	const char *replay;	 /* the plan comes from this file's header */
	const char *histogram;	 /* latency buckets of every point go here */
	const char *calibration; /* what --other-work calibrated reads */
	double mem_limit; /* bytes a point may need; 0: 3/4 of available */
	unsigned int jobs; /* modelled points run at once; 0 or 1: one */
	unsigned int shard, shards; /* --shard I/N (engine/shard.h); N 0: all */
	bool quiet;
	bool verbose;
	bool force; /* --out and --histogram may replace files */
	bool help;
};

#endif
