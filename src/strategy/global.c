// SPDX-License-Identifier: GPL-2.0
/* 2.4 rmap up to -12: every chain update under one lock (pagemap_lru_lock). */
#define STRATEGY global
#include "model/rmap.h"

#define rmap_locks_per_pte(ctx) true
#define RMAP_CHAINS

static inline void rmap_add(struct rmap_ctx *ctx, struct page *page,
			    pte_t *ptep)
{
	account_pte_lock(ctx, spin_lock(ctx->global_lock));
	__page_add_rmap(ctx, page, ptep);
	spin_unlock(ctx->global_lock);
}

static inline void rmap_remove(struct rmap_ctx *ctx, struct page *page,
			       pte_t *ptep)
{
	account_pte_lock(ctx, spin_lock(ctx->global_lock));
	__page_remove_rmap(ctx, page, ptep);
	spin_unlock(ctx->global_lock);
}

static inline void *reclaim_lock(struct rmap_ctx *ctx, struct page *page)
{
	(void)page;
	account_lock(ctx, spin_lock(ctx->global_lock));
	return ctx->global_lock;
}

#define reclaim_lock reclaim_lock
#define reclaim_unlock(ctx, lock) spin_unlock(lock)

#include "template.h"

DEFINE_STRATEGY(.desc = "one global spinlock around every chain update (2.4 rmap <= 12)",
		.kind = RMAP_CHAIN);
