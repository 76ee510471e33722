// SPDX-License-Identifier: GPL-2.0
/* 2.5's pte_chain_lock(): a bit spinlock in page->flags. */
#define STRATEGY pagebit
#include "model/rmap.h"

static inline void pte_chain_lock(struct rmap_ctx *ctx, struct page *page)
{
	const unsigned long bit = 1UL << PG_chainlock;
	unsigned int spins = 0;
	bool contended = false;

	while (atomic_fetch_or_explicit(&page->flags, bit,
					memory_order_acquire) &
	       bit) {
		contended = true;
		while (page_test_flag(page, PG_chainlock))
			spin_wait(&spins);
	}
	account_lock(ctx, contended);
}

/*
 * While the bit is held only the holder changes page->flags (a contender's
 * fetch_or finds the bit set and leaves the word as it is), so a plain
 * store-release of the word without the bit loses nothing.
 */
static inline void pte_chain_unlock(struct page *page)
{
	unsigned long flags =
		atomic_load_explicit(&page->flags, memory_order_relaxed);

	atomic_store_explicit(&page->flags, flags & ~(1UL << PG_chainlock),
			      memory_order_release);
}

static inline void rmap_add(struct rmap_ctx *ctx, struct page *page,
			    pte_t *ptep)
{
	pte_chain_lock(ctx, page);
	__page_add_rmap(ctx, page, ptep);
	pte_chain_unlock(page);
}

static inline void rmap_remove(struct rmap_ctx *ctx, struct page *page,
			       pte_t *ptep)
{
	pte_chain_lock(ctx, page);
	__page_remove_rmap(ctx, page, ptep);
	pte_chain_unlock(page);
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
