/* SPDX-License-Identifier: GPL-2.0 */
#ifndef RMAPBENCH_CONFIG_H
#define RMAPBENCH_CONFIG_H

#include <stdbool.h>
#include "lib/numa.h"

struct strategy;

enum alloc_mode {
	ALLOC_PERCPU, /* per-thread reserve over a per-thread freelist */
	ALLOC_GLOBAL, /* 2.4: one freelist under one lock */
};

enum anon_index {
	ANON_INDEX_SEQUENCE, /* rmap_lock_sequence++ at allocation */
	ANON_INDEX_VADDR,    /* the virtual page number */
};

/* One configuration point: everything one measurement depends on. */
struct config {
	const struct strategy *strategy;
	unsigned int threads;
	unsigned int loops;  /* process families */
	unsigned long pages; /* per process */
	double file_frac;
	unsigned int nrpte;
	unsigned long locks;
	unsigned int lock_shift;
	unsigned int lock_stride;
	unsigned int batch;
	unsigned int children;	   /* live children per fork round */
	unsigned long index_churn; /* set_page_index() calls per second */
	unsigned int reclaim;	   /* scanner threads */
	double unmap_frac;	   /* of scanned pages: try_to_unmap too */
	double hot_frac;	   /* the scanner's hot set */
	enum alloc_mode alloc;
	enum anon_index anon_index;
	bool direct; /* PageDirect for the first mapping */
	bool oversubscribe;
	double duration;     /* seconds in the timed window */
	double warmup;	     /* seconds before it */
	unsigned long forks; /* or: this many forks, then stop */
	double timeout;	     /* watchdog: seconds without progress */
	struct mem_policy mem;
	const int *cpus; /* per thread, -1 unpinned; NULL: any */
	bool stats;	 /* lock, chain and latency accounting */
	bool test_stall;
	bool test_nomem;
	/* tests only: thread 0 finds no memory */ /* tests only: thread 0 livelocks */
};

/* Pages of the shared file, and private anonymous pages per process. */
static inline unsigned long config_file_pages(const struct config *cfg)
{
	return (unsigned long)(cfg->pages * cfg->file_frac + 0.5);
}

static inline unsigned long config_anon_pages(const struct config *cfg)
{
	return cfg->pages - config_file_pages(cfg);
}

#endif
