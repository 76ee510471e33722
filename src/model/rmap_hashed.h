/* SPDX-License-Identifier: GPL-2.0 */
#ifndef RMAPBENCH_RMAP_HASHED_H
#define RMAPBENCH_RMAP_HASHED_H

#include "rmap.h"

/*
 * page_add_rmap() and page_remove_rmap() under lock_rmap(), shared by the
 * packed and padded lock tables, which differ only in the table's stride.
 * One lock_rmap() per add and per remove: the template counts them.
 */
#define rmap_locks_per_pte(ctx) true
#define RMAP_CHAINS
static rmap_inline spinlock_t *rmap_lock_page(struct rmap_ctx *ctx,
					      struct page *page)
{
	unsigned int holder;
	spinlock_t *lock =
		lock_rmap(&ctx->locks, page, &holder, &ctx->stats.retries);

	account_wait(ctx, page_tag(page), holder);
	return lock;
}

static inline void page_add_rmap_hashed(struct rmap_ctx *ctx, struct page *page,
					pte_t *ptep)
{
	spinlock_t *lock = rmap_lock_page(ctx, page);

	__page_add_rmap(ctx, page, ptep);
	unlock_rmap(lock);
}

static inline void page_remove_rmap_hashed(struct rmap_ctx *ctx,
					   struct page *page, pte_t *ptep)
{
	spinlock_t *lock = rmap_lock_page(ctx, page);

	__page_remove_rmap(ctx, page, ptep);
	unlock_rmap(lock);
}

/*
 * The batching of the 2.5.31 merge (and of Daniel's copy_page_range()):
 * keep the lock of the last page while the next hashes to the same one,
 * in ctx->cached_lock, so that a run of neighbouring pages costs one
 * acquisition.
 */
static inline void cached_rmap_lock(struct rmap_ctx *ctx, struct page *page)
{
	for (;;) {
		unsigned long index = page_index(page);
		spinlock_t *lock = rmap_lock_ptr(
			&ctx->locks, rmap_lockno(&ctx->locks, index));

		if (lock != ctx->cached_lock) {
			unsigned int tag = page_tag(page);

			if (ctx->cached_lock)
				spin_unlock(ctx->cached_lock);
			account_rmap_lock(ctx, tag, spin_lock_tag(lock, tag));
			ctx->cached_lock = lock;
		}
		if (likely(mem_load(&page->index, memory_order_relaxed) ==
			   index))
			return;
		spin_unlock(lock);
		ctx->cached_lock = NULL;
		ctx->stats.retries++;
	}
}

static inline void cached_rmap_unlock(struct rmap_ctx *ctx)
{
	if (ctx->cached_lock)
		spin_unlock(ctx->cached_lock);
	ctx->cached_lock = NULL;
}

#endif
