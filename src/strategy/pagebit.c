// SPDX-License-Identifier: GPL-2.0
/* 2.5's pte_chain_lock(): a bit spinlock in page->flags. */
#define STRATEGY pagebit
#include "model/rmap.h"

#define RMAP_LOCK_PER_PTE
#define RMAP_CHAINS

/*
 * pte_chain_lock(): test_and_set_bit() ("lock; btsl"), then spin on a plain
 * read until the bit is clear (2.5.2x include/linux/rmap-locking.h).  Only
 * the wait is accounted: the uncontended path has no accounting at all.
 */
static inline void pte_chain_lock(struct rmap_ctx *ctx, struct page *page)
{
	const unsigned long bit = 1UL << PG_chainlock;
	unsigned int spins = 0;

	if (likely(!(mem_fetch_or(&page->flags, bit, memory_order_acquire) &
		     bit))) {
		LOCK_HOOK(&page->flags);
		return;
	}
	account_pte_lock(ctx, true);
	do {
		while (page_test_flag(page, PG_chainlock))
			spin_wait_on(&page->flags, &spins);
	} while (mem_fetch_or(&page->flags, bit, memory_order_acquire) & bit);
	LOCK_HOOK(&page->flags);
}

/*
 * While the bit is held only the holder changes page->flags (a contender's
 * fetch_or finds the bit set and leaves the word as it is), so a plain
 * store-release of the word without the bit loses nothing.
 */
static inline void pte_chain_unlock(struct page *page)
{
	unsigned long flags = mem_load(&page->flags, memory_order_relaxed);

	mem_store(&page->flags, flags & ~(1UL << PG_chainlock),
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
