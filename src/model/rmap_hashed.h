/* SPDX-License-Identifier: GPL-2.0 */
#ifndef RMAPBENCH_RMAP_HASHED_H
#define RMAPBENCH_RMAP_HASHED_H

#include "rmap.h"

/*
 * page_add_rmap() and page_remove_rmap() under lock_rmap(), shared by the
 * packed and padded lock tables, which differ only in the table's stride.
 * One lock_rmap() per add and per remove: the template counts them.
 */
#define RMAP_LOCK_PER_PTE
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

#endif
