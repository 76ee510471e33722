// SPDX-License-Identifier: GPL-2.0
/*
 * pte_chain_lock(): a bit spinlock in page->flags, PG_chainlock (2.4
 * rmap-13 to 2.6.6; include/linux/rmap-locking.h from 2.5.3x).
 */
#define STRATEGY pagebit
#include "model/bit_spinlock.h"
#include "model/rmap.h"

#define rmap_locks_per_pte(ctx) true
#define RMAP_CHAINS

/* Only a wait is accounted: the uncontended path has no accounting. */
static inline void pte_chain_lock(struct rmap_ctx *ctx, struct page *page)
{
	if (unlikely(bit_spin_lock(page, PG_chainlock)))
		account_pte_lock(ctx, true);
}

static inline void pte_chain_unlock(struct rmap_ctx *ctx, struct page *page)
{
	bit_spin_unlock(page, PG_chainlock, ctx->bit_unlock_locked);
}

static inline void rmap_add(struct rmap_ctx *ctx, struct page *page,
			    pte_t *ptep)
{
	pte_chain_prealloc(ctx);
	pte_chain_lock(ctx, page);
	__page_add_rmap(ctx, page, ptep);
	pte_chain_unlock(ctx, page);
}

static inline void rmap_remove(struct rmap_ctx *ctx, struct page *page,
			       pte_t *ptep)
{
	pte_chain_lock(ctx, page);
	__page_remove_rmap(ctx, page, ptep);
	pte_chain_unlock(ctx, page);
}

static inline void *reclaim_lock(struct rmap_ctx *ctx, struct page *page)
{
	pte_chain_lock(ctx, page);
	return page;
}

#define reclaim_lock reclaim_lock
#define reclaim_unlock pte_chain_unlock

#include "template.h"

DEFINE_STRATEGY(.desc = "per-page PG_chainlock bit spinlock in page->flags (2.5.2x)",
		.kind = RMAP_CHAIN);
