/* SPDX-License-Identifier: GPL-2.0 */
#ifndef RMAPBENCH_PERF_H
#define RMAPBENCH_PERF_H

#include <stddef.h>
#include <stdint.h>

/*
 * perf_event_open() counters of the calling thread.  Hardware counters are
 * often refused (virtual machines, perf_event_paranoid); then their values
 * stay unknown (PERF_NONE) and the CSV leaves their columns empty rather
 * than writing a zero nobody measured.  Software counters work nearly
 * everywhere.
 */
enum perf_counter {
	PERF_CYCLES,
	PERF_INSTRUCTIONS,
	PERF_CACHE_MISSES,
	PERF_CTX_SWITCHES,
	PERF_MIGRATIONS,
	NR_PERF,
};

#define PERF_NONE UINT64_MAX

struct perf {
	int fd[NR_PERF];
};

void perf_open(struct perf *p);
/* Current counts; PERF_NONE where a counter could not be opened. */
void perf_read(const struct perf *p, uint64_t *vals);
void perf_close(struct perf *p);

/* "supported", or "not supported (reason)" for the hardware counters. */
void perf_probe(char *buf, size_t len);

#endif
