/* SPDX-License-Identifier: GPL-2.0 */
#ifndef RMAPBENCH_CONFIG_H
#define RMAPBENCH_CONFIG_H

#include <stdbool.h>
#include <stdint.h>
#include "lib/numa.h"

struct strategy;
struct machine_profile;

/* --mode: timed on this machine, or modelled on a machine profile. */
enum run_mode {
	MODE_MEASURED,
	MODE_MODEL,
};

enum alloc_mode {
	ALLOC_PERCPU, /* per-thread reserve over a per-thread freelist */
	ALLOC_GLOBAL, /* 2.4: one freelist under one lock */
};

enum anon_index {
	ANON_INDEX_SEQUENCE, /* rmap_lock_sequence++ at allocation */
	ANON_INDEX_VADDR,    /* the virtual page number */
	ANON_INDEX_ALLOCS,   /* Daniel's patch: page allocations >> 12 */
};

/* Which ptes copy_page_range() write-protects in a copy-on-write vma. */
enum wrprotect {
	WRPROTECT_COW,	    /* 2.5.27 to 2.6: every pte ("if (cow)") */
	WRPROTECT_WRITABLE, /* 2.4: "cow && pte_write(pte)" */
};

/* An x86 operation as the kernel did it, or idealized for an ablation. */
enum x86_op {
	X86_LOCKED, /* the kernel's: xchg, lock; btrl */
	X86_PLAIN,  /* a plain load and store */
};

/*
 * The lock of a file's share list (i_mmap) at fork, exec and exit before
 * the interval tree (model/vma_2x.h).
 */
enum mapping_lock {
	MAPPING_SPINLOCK,  /* 2.4-2.5's i_shared_lock, 2.6.7's i_mmap_lock */
	MAPPING_SEMAPHORE, /* i_shared_sem, 2.5.x-2.6.6 */
};

/* What exit's zap does for a dirty pte besides dropping the page. */
enum zap_dirty {
	ZAP_DIRTY_TEST,	  /* 2.6: PageDirty() first, no locked operation */
	ZAP_DIRTY_LOCKED, /* 2.4: test_and_set_bit(PG_dirty) every time */
};

/* objrmap's page->mapcount. */
enum mapcount {
	MAPCOUNT_ATOMIC,  /* 2.6.9: atomic _mapcount */
	MAPCOUNT_BITLOCK, /* 2.6.7: PG_maplock around a plain count */
};

/* A process's address space (engine/layout.c, layout_2002.c). */
enum layout {
	LAYOUT_FLAT, /* --vmas of equal size, one range of addresses */
	LAYOUT_2002, /* a daniel.sh shell's vmas, at their addresses */
};

/* What a simulated process does between its fork and its exit. */
enum lifecycle {
	LIFECYCLE_FORK_EXIT,	  /* the child exits at once */
	LIFECYCLE_FORK_EXEC_EXIT, /* it execs a new image, faults it in, exits */
};

/*
 * --tree: who forks whom (engine/tree.c).  flat: each family's parent
 * forks --children children; daniel: daniel.sh's tree, a subshell that
 * forks cat and wc, then expr, with the main shell's polling loop.
 */
enum tree {
	TREE_FLAT,
	TREE_DANIEL,
};

/*
 * --daemons' default: the processes of a 2.4 system that map libc.  The
 * Advanced Bash-Scripting Guide's "top -b" example of a 2.4 box (Mendel
 * Cooper, TLDP, "Job Control Commands": "45 processes: 44 sleeping, 1
 * running", keventd listed) less 2.4's kernel threads on one CPU
 * (keventd, ksoftirqd_CPU0, kswapd, bdflush, kupdated) and top itself.
 */
#define TREE_DAEMONS 39

/* --anon-root: whose rwsem an anonymous vma's anon_vma locks. */
enum anon_root {
	ANON_ROOT_TREE,	  /* the process tree's first anon_vma (the kernel) */
	ANON_ROOT_FAMILY, /* each family its own: an idealization */
};

/* --process: the shape of the simulated program's vmas. */
enum process_shape {
	PROCESS_THIN,	/* file vmas never written, mapped once each */
	PROCESS_DOEXEC, /* doexec's: written relro and data, relro split */
};

/* --rwsem: how rw_semaphore waiters wait (model/rwsem.h). */
enum rwsem_kind {
	RWSEM_KERNEL,	  /* OSQ spinners, sleepers on the wait list */
	RWSEM_COUNT_SPIN, /* every waiter spins on the count word */
};

/*
 * --footprint: what the rest of a process leaves in the modelled caches
 * (engine/frames.c).  auto is pages where --other-work baseline-2002
 * charges the rest on the virtual clock, and none everywhere else.
 */
enum footprint {
	FOOTPRINT_AUTO,
	FOOTPRINT_NONE,	 /* the rest is virtual time that touches no line */
	FOOTPRINT_PAGES, /* page copies and clears touch their frames */
	/*
	 * A bound, not a kernel: every page written is a frame no cache
	 * holds, as if no freed page were ever handed out again
	 */
	FOOTPRINT_FRESH,
};

/*
 * --other-work: the rest of a process, outside every lock; calibrated
 * until resolved from --calibration (engine/otherwork.c).
 */
struct other_work {
	double proc_ns; /* per process */
	double page_ns; /* plus per page of it */
	/* the wall clock's loop speed, once per run (engine/otherwork.h) */
	double iters_per_ns;
	bool calibrated;
	/*
	 * baseline-2002, until resolved: the 2002 replay's rest of a process,
	 * 2.4.19-pre7's published CPU time per process less the simulation's
	 * own for 2.4.19-pre7 at the point (engine/otherwork.c)
	 */
	bool baseline;
	/* --footprint, in the padding after the flags: no offset moves */
	enum footprint footprint;
};

/*
 * --access-time: what a private-cache hit costs on the modelled machine,
 * which prices the time a modelled access leaves out (the instructions
 * between accesses, whatever a profile's one hit cost does not say).
 * baseline-2002 calibrates it on 2.4.19-pre7 alone (engine/accesstime.c);
 * auto is baseline-2002 where --other-work baseline-2002 is modelled, and
 * the profile's hit everywhere else.
 */
enum access_source {
	ACCESS_TIME_AUTO,
	ACCESS_TIME_PROFILE,
	ACCESS_TIME_BASELINE,
};

struct access_time {
	/*
	 * First, as the options table reads a custom option's value: the
	 * hit's cost in ns, once given or resolved; 0: the profile's.
	 */
	double hit_ns;
	enum access_source source;
};

/*
 * One configuration point, as a driver thread sees it.  The options table
 * (options.c) fills it: list options are the sweep's dimensions, the rest
 * are shared by every point of a sweep.
 */
struct config {
	/* The simulated kernel and workload: what the figures depend on. */
	const struct strategy *strategy;
	unsigned int threads;
	/*
	 * --loops: process families (struct family), akpm's parallel fork
	 * loops; each is one parent forking --children children per round.
	 */
	unsigned int loops;
	unsigned long pages; /* per process */
	double file_frac;
	unsigned int nrpte;
	unsigned long locks;
	unsigned int lock_shift;
	unsigned int lock_stride;
	unsigned int batch;
	unsigned int children;	    /* live children per fork round */
	unsigned int vmas;	    /* per process (layout.c) */
	unsigned int vmas_per_file; /* consecutive vmas of one file */
	enum layout layout;	    /* --layout: flat or 2002 */
	unsigned int folio_pages;   /* folio strategies: ptes per batch */
	unsigned long index_churn;  /* set_page_index() calls per second */
	unsigned int reclaim;	    /* scanner threads */
	double unmap_frac;	    /* of scanned pages: try_to_unmap too */
	double hot_frac;	    /* the scanner's hot set */
	enum alloc_mode alloc;
	enum anon_index anon_index;
	bool direct;		/* PageDirect for the first mapping */
	unsigned int node_size; /* bytes a chain node occupies; 0: its size */
	bool collapse;		/* a one-pte chain goes back to direct */
	enum wrprotect wrprotect;
	enum x86_op pte_ops;	/* ptep_get_and_clear(), ptep_set_wrprotect() */
	enum x86_op bit_unlock; /* pte_chain_unlock(), page_map_unlock() */
	enum mapcount mapcount;
	enum mapping_lock mapping_lock;
	enum zap_dirty zap_dirty;
	unsigned int kernel; /* a named configuration (kernels[]); 0: none */
	unsigned int replay_fixes; /* model/rmap.h: enum replay_fix */
	enum lifecycle lifecycle;
	enum tree tree;
	unsigned int daemons;	   /* --tree daniel: processes mapped all run */
	unsigned int fault_around; /* ptes an exec'd image's file fault maps */
	enum anon_root anon_root;
	enum process_shape process;
	enum rwsem_kind rwsem;
	unsigned long image_pages; /* the exec'd image, faulted in */
	unsigned long cow_faults;  /* parent write faults after each fork */
	struct other_work other_work;
	struct mem_policy mem;
	bool oversubscribe;
	bool stats; /* lock, chain and latency accounting */
	int mode;   /* enum run_mode */
	/* --machine: the profile modelled; NULL is this host (measured, or
	 * --mode model without machines/host) */
	const struct machine_profile *machine;
	struct access_time access_time; /* --access-time */

	/* The measurement: how long, and when to give up. */
	double duration;     /* seconds in the timed window */
	double warmup;	     /* seconds before it */
	unsigned long forks; /* or: this many forks, then stop; 0: off */
	double timeout;	     /* watchdog: seconds without progress */

	/* Set by the runner for this point: where each thread runs. */
	const int *cpus; /* per thread, -1 unpinned; NULL: any */
	uint64_t seed;	 /* --mode model: draws the CPUs' start phases */

	/* Test hooks, never set by an option. */
	bool test_stall; /* thread 0 livelocks */
	bool test_nomem; /* thread 0 finds no memory */
};

/* Bytes between chain nodes: --node-size, or the node's own size. */
unsigned int config_node_size(const struct config *cfg);

/* Pages of the shared file, and private anonymous pages per process. */
static inline unsigned long config_file_pages(const struct config *cfg)
{
	return (unsigned long)(cfg->pages * cfg->file_frac + 0.5);
}

static inline unsigned long config_anon_pages(const struct config *cfg)
{
	return cfg->pages - config_file_pages(cfg);
}

/* Pages of the exec'd image: the shared file's share first, capped by it. */
static inline unsigned long config_image_file(const struct config *cfg)
{
	unsigned long n;

	if (cfg->lifecycle != LIFECYCLE_FORK_EXEC_EXIT)
		return 0;
	n = (unsigned long)(cfg->image_pages * cfg->file_frac + 0.5);
	return n < config_file_pages(cfg) ? n : config_file_pages(cfg);
}

static inline unsigned long config_image_anon(const struct config *cfg)
{
	if (cfg->lifecycle != LIFECYCLE_FORK_EXEC_EXIT)
		return 0;
	return cfg->image_pages - config_image_file(cfg);
}

/* Parent anonymous pages that take a copy-on-write fault per fork. */
static inline unsigned long config_cow_faults(const struct config *cfg)
{
	unsigned long anon = config_anon_pages(cfg);

	return cfg->cow_faults < anon ? cfg->cow_faults : anon;
}

#endif
