/* SPDX-License-Identifier: GPL-2.0 */
#ifndef RMAPBENCH_HOST_H
#define RMAPBENCH_HOST_H

/*
 * Whether the host was fit to measure on while a run ran: the CPU time
 * other guests of a virtual machine's host took (steal, /proc/stat) and
 * the CPU frequency governor.  `rmapbench suite` leaves them in its
 * folder's `host` file, which the verdict and the report read.
 */
struct host_snap {
	unsigned long long steal, total; /* jiffies, over every CPU */
};

/* Zeros when /proc/stat cannot be read. */
void host_snap(struct host_snap *s);
/* "steal_pct: 0.42\ngovernor: performance\n" between two snapshots. */
void host_describe(const struct host_snap *a, const struct host_snap *b,
		   char *buf, size_t len);

#endif
