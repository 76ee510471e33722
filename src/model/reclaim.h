/* SPDX-License-Identifier: GPL-2.0 */
#ifndef RMAPBENCH_RECLAIM_H
#define RMAPBENCH_RECLAIM_H

#include "rmap.h"

/*
 * The pageout side of rmap: what the 2.5 page scanner did with a page's
 * reverse mappings.  page_referenced() walks them under the page's rmap
 * lock, test-and-clears each pte's young bit and (with PageDirect) folds a
 * one-entry chain back into page->pte.direct; try_to_unmap() walks them and
 * only trylocks each owning mm's page_table_lock, backing off when it is
 * held, because fork holds that lock while it takes rmap locks.
 */
struct reclaim_stats {
	unsigned long scanned;	  /* page_referenced() calls */
	unsigned long referenced; /* young ptes found */
	unsigned long collapsed;  /* chains folded back to PageDirect */
	unsigned long unmaps;	  /* try_to_unmap() walks */
	unsigned long trylocks;	  /* page_table_lock trylocks */
	unsigned long backoffs;	  /* ... that found it held */
};

/* The mm whose page table holds ptep (the kernel's ptep_to_mm()). */
struct mm_struct *ptep_to_mm(const struct rmap_ctx *ctx, const pte_t *ptep);

static inline unsigned long ptep_test_and_clear_young(pte_t *ptep)
{
	return mem_fetch_and(&ptep->pte_low, ~_PAGE_ACCESSED,
			     memory_order_relaxed) &
	       _PAGE_ACCESSED;
}

/* One trylock of ptep's owner, as try_to_unmap_one() did. */
static inline void try_to_unmap_one(const struct rmap_ctx *ctx,
				    struct reclaim_stats *rs, pte_t *ptep)
{
	struct mm_struct *mm = ptep_to_mm(ctx, ptep);

	rs->trylocks++;
	if (!spin_trylock(&mm->page_table_lock)) {
		rs->backoffs++;
		return;
	}
	spin_unlock(&mm->page_table_lock);
}

#endif
