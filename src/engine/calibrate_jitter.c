// SPDX-License-Identifier: GPL-2.0
/*
 * The host's timing noise, for the profile's round_jitter: the none
 * strategy's fork and exit at one thread (the validation's shape: 1024
 * pages, half of them file), each timed, and how much longer than its
 * median each phase runs at its 90th, 99th and 99.9th percentile.  No
 * two rounds of equal work take the same time on a host (interrupts, the
 * hypervisor, the memory system), so two threads forking at once drift
 * in and out of step; the model draws from this spread before each of
 * its rounds (model_run.c) so that its CPUs drift alike.  One thread and
 * no shared line: a baseline, nothing of the two-thread figures the model
 * is checked against.
 */
#include <string.h>
#include "calibrate_machine.h"
#include "driver.h"
#include "sweep.h"
#include "strategy/strategy.h"

#define JITTER_PAGES 1024

/*
 * A phase over this many times its median had the CPU taken by another
 * task (a timeslice is milliseconds, a phase tens of microseconds): the
 * scheduler's, not the noise of a round that runs, and the model runs no
 * other task.
 */
#define JITTER_PREEMPTED 10

static const double percentile[3] = { 90, 99, 99.9 };

/*
 * A phase's percentiles over its median, in percent, into pct (summed),
 * the preempted phases left out; returns how many those were.
 */
static uint64_t spread(const struct histogram *h, double pct[3])
{
	static struct histogram kept; /* 9 KiB: not on the stack */
	double median = (double)hist_percentile(h, 50);
	uint64_t cut = (uint64_t)(JITTER_PREEMPTED * median);

	memset(&kept, 0, sizeof(kept));
	for (unsigned int b = 0; b < HIST_BUCKETS; b++) {
		if (!h->count[b] || hist_bucket_low(b) > cut)
			continue;
		kept.count[b] = h->count[b];
		kept.n += h->count[b];
		kept.max = hist_bucket_low(b);
	}
	for (int i = 0; i < 3 && median > 0; i++)
		pct[i] += 100 * (hist_percentile(&kept, percentile[i]) /
					 median -
				 1);
	return h->n - kept.n;
}

int calibrate_round_jitter(double pct[3], unsigned long *preempted,
			   char *msg, size_t len)
{
	struct point_result res;
	struct sweep sw;
	struct config cfg;

	sweep_init(&sw);
	sweep_point(&sw, 0, &cfg);
	cfg.strategy = strategy_find("none");
	cfg.threads = cfg.loops = cfg.children = 1;
	cfg.pages = JITTER_PAGES;
	cfg.file_frac = 0.5;
	cfg.lifecycle = LIFECYCLE_FORK_EXIT;
	cfg.cow_faults = cfg.reclaim = cfg.index_churn = 0;
	memset(&cfg.other_work, 0, sizeof(cfg.other_work));
	cfg.stats = true; /* each fork and exit timed */
	cfg.cpus = NULL;
	cfg.warmup = 0.05;
	cfg.forks = JITTER_ROUNDS;
	if (run_point(&cfg, &res, msg, len))
		return -1;
	memset(pct, 0, 3 * sizeof(*pct));
	*preempted = spread(&res.fork_lat, pct) + spread(&res.exit_lat, pct);
	for (int i = 0; i < 3; i++)
		pct[i] = pct[i] < 0 ? 0 : pct[i] / 2;
	/* the profile wants them in order; a histogram's floors can tie */
	for (int i = 1; i < 3; i++)
		if (pct[i] < pct[i - 1])
			pct[i] = pct[i - 1];
	return 0;
}
