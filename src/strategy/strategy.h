/* SPDX-License-Identifier: GPL-2.0 */
#ifndef RMAPBENCH_STRATEGY_H
#define RMAPBENCH_STRATEGY_H

#include "model/reclaim.h"
#include "model/rmap.h"

#define __STRINGIFY(x) #x
#define STRINGIFY(x) __STRINGIFY(x)

/* What a strategy keeps per page, which decides what the checks expect. */
enum rmap_kind {
	RMAP_NONE,   /* nothing */
	RMAP_CHAIN,  /* a pte chain per page */
	RMAP_OBJECT, /* mapcount per page, vma lists per object */
	RMAP_VMA,    /* mapcount per page, every vma linked (model/vma.h) */
};

/* Which lock table the strategy wants. */
enum lock_table {
	LOCKS_NONE,
	LOCKS_PACKED, /* --locks spinlocks, sizeof(spinlock_t) apart */
	LOCKS_PADDED, /* --locks spinlocks, --lock-stride apart */
};

/* One strategy's entry points, compiled for one variant of model/access.h. */
struct strategy_ops {
	unsigned long (*copy_page_range)(struct rmap_ctx *ctx,
					 struct mm_struct *dst,
					 struct mm_struct *src);
	unsigned long (*zap_page_range)(struct rmap_ctx *ctx,
					struct mm_struct *mm);
	/* --lifecycle fork-exec-exit and --cow-faults, from template.h */
	unsigned long (*fault_in)(struct rmap_ctx *ctx, struct mm_struct *mm,
				  unsigned long nr_file, unsigned long nr_anon,
				  unsigned long anon_pfn);
	void (*do_wp_page)(struct rmap_ctx *ctx, struct mm_struct *mm,
			   unsigned long nr, unsigned long *spare);
	/* The pageout side: once per scanned page, outside fork and exit. */
	void (*page_referenced)(struct rmap_ctx *ctx, struct page *page,
				struct reclaim_stats *rs);
	void (*try_to_unmap)(struct rmap_ctx *ctx, struct page *page,
			     struct reclaim_stats *rs);
};

struct strategy {
	const char *name;
	const char *desc;
	enum rmap_kind kind;
	enum lock_table locks;
	bool batch; /* takes --batch chain nodes per refill */
	/* [RMAP_FAST] --no-stats, [RMAP_STATS] accounting, ...; NULL: not built */
	const struct strategy_ops *ops[NR_RMAP_VARIANTS];
};

extern const struct strategy *const strategies[];
extern const unsigned int nr_strategies;

const struct strategy *strategy_find(const char *name);

#endif
