/* SPDX-License-Identifier: GPL-2.0 */
#ifndef RMAPBENCH_HOST_H
#define RMAPBENCH_HOST_H

#include <stdbool.h>
#include "engine/calibrate_machine.h"

/*
 * Whether the host was fit to measure on while a run ran: the CPU time
 * other guests of a virtual machine's host took (steal, /proc/stat), the
 * CPU frequency governor, and the cache-line ping-pong between two CPUs
 * before and after: a virtual machine's vCPUs move between cores that
 * share a cache and cores that do not, and a two-thread figure is of the
 * regime it ran in.  `rmapbench suite` leaves them in its folder's
 * `host` file, which the verdict and the report read.
 */
struct host_snap {
	unsigned long long steal, total; /* jiffies, over every CPU */
	struct pingpong_stats pp;
	bool pp_ok; /* two CPUs to ping-pong between */
};

/* Zeros when /proc/stat cannot be read. */
void host_snap(struct host_snap *s);
/*
 * "steal_pct: 0.42\ngovernor: performance\npingpong_ns: 37.2 116.4
 * stable\n" between two snapshots (the ping-pong's medians one way,
 * before and after, and whether both were stable).
 */
void host_describe(const struct host_snap *a, const struct host_snap *b,
		   char *buf, size_t len);

#endif
