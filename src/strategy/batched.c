// SPDX-License-Identifier: GPL-2.0
/*
 * padded plus the batching patch: copy_page_range() and zap_page_range()
 * keep the rmap lock across consecutive ptes whose pages hash to the same
 * lock (cached_rmap_lock), so a run of neighbouring pages costs one
 * acquisition; chain nodes come --batch at a time.
 */
#define STRATEGY batched
#include "model/rmap_hashed.h"

#undef rmap_locks_per_pte /* cached_rmap_lock() counts its own */

static inline void rmap_add(struct rmap_ctx *ctx, struct page *page,
			    pte_t *ptep)
{
	cached_rmap_lock(ctx, page);
	__page_add_rmap(ctx, page, ptep);
}

static inline void rmap_remove(struct rmap_ctx *ctx, struct page *page,
			       pte_t *ptep)
{
	cached_rmap_lock(ctx, page);
	__page_remove_rmap(ctx, page, ptep);
}

#define rmap_flush cached_rmap_unlock
/*
 * 2.5.31's copy_page_range() and zap_pte_range() drop the cached lock at
 * the end of each page table page ("[patch 14/21] hashed spinlocking for
 * pte_chain manipulation", akpm, <3D5614B7.29BD72D8@zip.com.au>).
 */
#define rmap_pte_page_end cached_rmap_unlock
/* do_no_page() and do_wp_page() call the unbatched page_add_rmap(). */
#define rmap_fault_add page_add_rmap_hashed
#define rmap_fault_remove page_remove_rmap_hashed
/* The scanner is not a batch: it takes the page's lock like hashed. */
#define reclaim_lock rmap_lock_page
#define reclaim_unlock(ctx, lock) unlock_rmap(lock)

#include "template.h"

DEFINE_STRATEGY(.desc = "padded plus cached_rmap_lock across neighbouring ptes and --batch node preallocation",
		.kind = RMAP_CHAIN, .locks = LOCKS_PADDED, .batch = true);
