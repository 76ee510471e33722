/* SPDX-License-Identifier: GPL-2.0 */
#ifndef RMAPBENCH_CALIBRATE_MACHINE_H
#define RMAPBENCH_CALIBRATE_MACHINE_H

/*
 * What `rmapbench calibrate --machine` (cmd/calibrate.c) measures of this
 * host: cache-line ping-pong, locked RMW, memory miss and hit costs, and
 * the machine profile "host" they make.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define PINGPONG_SAMPLES 300 /* samples of a ping-pong, by default */
#define PINGPONG_SAMPLES_MAX 100000
#define NEAR_LINES 512	    /* the near walk's lines (calibrate_steal.c) */
#define NEAR_MAX 16	    /* lines apart at most: well inside a window */
#define JITTER_ROUNDS 10000 /* round_jitter's p99.9: ten rounds above it */

/* What the samples of one ping-pong say, one way, in ns. */
struct pingpong_stats {
	double median, p10, p90;
	unsigned int samples;
	bool bimodal; /* two groups, each of a tenth or more, 2x apart */
};

struct host_figures {
	char topology[256], when[64];
	char vendor[64]; /* /proc/cpuinfo's, with its family and model */
	unsigned int family, model;
	int cpu[2];
	double ghz, hit, rmw, mem, stream, overlap;
	/* a dependent read of a line another CPU wrote; a store and a
	 * locked add after it, beyond the read: ns a line */
	double read, read_write;
	bool read_unbracketed; /* --keep-unstable kept tries off regime */
	/* a walk of locked increments with the other CPU walking the same
	 * lines near, beyond a walk of its own: ns a line */
	double near;
	/* a one-thread fork and exit's p90, p99, p99.9 over p50, percent */
	double jitter[3];
	unsigned long preempted; /* phases left out of it: another task ran */
	struct pingpong_stats pp;
	long line, cache_kib;
	/* L1 (sysconf), and what a line beyond it costs a walk of l1_lines[1]
	 * lines beyond one of l1_lines[0], plain and locked, ns; l1_kib 0:
	 * not measured (calibrate_l2.c) */
	long l1_kib, l1_ways;
	size_t l1_lines[2];
	double l2_plain, l2_locked;
};

/* The samples straddle no two regimes and no scheduler: p90 near p10. */
bool pingpong_stable(const struct pingpong_stats *st);
/*
 * The ping-pong alone, between the first two CPUs this process may use
 * (in cpus): 0, or -1 with the reason on stderr.
 */
int calibrate_pingpong(unsigned int samples, int cpus[2],
		       struct pingpong_stats *st);
/* The same, or -1 (quietly) when the samples take over budget_ns. */
int calibrate_pingpong_within(unsigned int samples, uint64_t budget_ns,
			      int cpus[2], struct pingpong_stats *st);
/*
 * Every figure of the profile into h; -1 (the reason on stderr) when a
 * measurement fails, or when the ping-pong is not stable and keep is
 * false.
 */
int calibrate_machine_measure(struct host_figures *h, unsigned int samples,
			      bool keep);
/*
 * What a line costs a walk of locked increments while CPU b walks the
 * same lines within NEAR_MAX lines, beyond a walk of a's own lines, ns
 * (the mean over the stretches of the walks that near, those over 4
 * ping-pongs a line left out); -1 when too few were (calibrate_steal.c).
 */
double calibrate_near_walk_ns(int a, int b, double pingpong);
/*
 * The host's timing noise: a one-thread none round's fork and exit at
 * their 90th, 99th and 99.9th percentile, percent over their median, in
 * pct, the phases another task took the CPU in left out (their count in
 * *preempted; calibrate_jitter.c).  0, or -1 with msg.
 */
int calibrate_round_jitter(double pct[3], unsigned long *preempted, char *msg,
			   size_t len);
/*
 * L1's size and ways and what a walk pays beyond it into h (l1_kib and
 * the rest), once h->line and h->cache_kib are known; l1_kib 0 when this
 * host's caches give no figures or no room for the walks.
 */
void calibrate_l2(struct host_figures *h);
/* The profile's text, checked by the parser that will read it: malloc'd,
 * or NULL with msg. */
char *calibrate_machine_profile(const struct host_figures *h, char *msg,
				size_t len);

#endif
