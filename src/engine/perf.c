// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <linux/perf_event.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>
#include "perf.h"

static const struct {
	uint32_t type;
	uint64_t config;
} events[NR_PERF] = {
	[PERF_CYCLES] = { PERF_TYPE_HARDWARE, PERF_COUNT_HW_CPU_CYCLES },
	[PERF_INSTRUCTIONS] = { PERF_TYPE_HARDWARE,
				PERF_COUNT_HW_INSTRUCTIONS },
	[PERF_CACHE_MISSES] = { PERF_TYPE_HARDWARE,
				PERF_COUNT_HW_CACHE_MISSES },
	[PERF_CTX_SWITCHES] = { PERF_TYPE_SOFTWARE,
				PERF_COUNT_SW_CONTEXT_SWITCHES },
	[PERF_MIGRATIONS] = { PERF_TYPE_SOFTWARE,
			      PERF_COUNT_SW_CPU_MIGRATIONS },
};

static int open_event(enum perf_counter c)
{
	struct perf_event_attr attr;

	memset(&attr, 0, sizeof(attr));
	attr.size = sizeof(attr);
	attr.type = events[c].type;
	attr.config = events[c].config;
	/* Hardware counts are of our code; switches happen in the kernel. */
	attr.exclude_kernel = events[c].type == PERF_TYPE_HARDWARE;
	attr.exclude_hv = 1;
	return syscall(SYS_perf_event_open, &attr, 0, -1, -1,
		       PERF_FLAG_FD_CLOEXEC);
}

void perf_open(struct perf *p)
{
	for (int c = 0; c < NR_PERF; c++)
		p->fd[c] = open_event(c);
}

void perf_read(const struct perf *p, uint64_t *vals)
{
	for (int c = 0; c < NR_PERF; c++) {
		uint64_t v;

		vals[c] = PERF_NONE;
		if (p->fd[c] >= 0 && read(p->fd[c], &v, sizeof(v)) == sizeof(v))
			vals[c] = v;
	}
}

void perf_close(struct perf *p)
{
	for (int c = 0; c < NR_PERF; c++)
		if (p->fd[c] >= 0)
			close(p->fd[c]);
}

void perf_probe(char *buf, size_t len)
{
	int fd = open_event(PERF_CYCLES);

	if (fd >= 0) {
		close(fd);
		snprintf(buf, len, "supported");
		return;
	}
	snprintf(buf, len, "not supported (perf_event_open cycles: %s)",
		 errno == ENOENT ? "no such hardware event" : strerror(errno));
}
