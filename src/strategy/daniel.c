// SPDX-License-Identifier: GPL-2.0
/*
 * Daniel Phillips' "[PATCH] Rmap speedup" (linux-kernel, 2 Aug 2002),
 * against 2.4.19-pre7 + rmap-13b: the patch behind akpm's timing of it.
 *
 *  - lock_rmap(): 256 spinlocks, rmap_locknum(index) = (index >> 4) & 255
 *    (include/linux/mm.h of the patch), packed in one array;
 *  - copy_page_range() keeps the lock while consecutive pages hash to it
 *    and adds with add_rmap_nolock() from nodes it preallocated: when its
 *    local list is empty it drops the rmap lock and calls
 *    pte_chain_alloc() 16 times, each taking pte_chain_freelist_lock; it
 *    drops the rmap lock at the end of every page table page, and at the
 *    end of each call (one per vma: dup_mmap()'s loop) pushes the nodes
 *    left back under one hold of the free-list lock;
 *  - zap_page_range() is not batched: page_remove_rmap() takes
 *    lock_rmap() per pte, and pte_chain_free() the free-list lock;
 *  - anonymous pages get index = allocation counter >> PAGE_CACHE_SHIFT
 *    (mm/page_alloc.c of the patch: --anon-index allocs).
 *
 * The nodes, the free list and the missing PageDirect are rmap-13b's: the
 * --kernel 2.4.19-pre7-rmap13b-daniel configuration sets them.
 */
#define STRATEGY daniel
#include "model/rmap_hashed.h"

#undef rmap_locks_per_pte /* copy counts its own; zap below */

/* 16 x pte_chain_alloc(zone), each under the free-list lock. */
static inline void daniel_prealloc(struct rmap_ctx *ctx)
{
	for (unsigned int i = 0; i < ctx->alloc.refill; i++)
		pte_chain_take(&ctx->alloc, 1);
}

static inline void rmap_add(struct rmap_ctx *ctx, struct page *page,
			    pte_t *ptep)
{
	if (!ctx->alloc.reserve) {
		cached_rmap_unlock(ctx);
		daniel_prealloc(ctx);
	}
	cached_rmap_lock(ctx, page);
	__page_add_rmap(ctx, page, ptep);
}

static inline void rmap_remove(struct rmap_ctx *ctx, struct page *page,
			       pte_t *ptep)
{
	account_pte_locks(ctx, 1);
	page_remove_rmap_hashed(ctx, page, ptep);
}

/*
 * The end of copy_page_range(), one per vma: the nodes left go back in one
 * hold of the free-list lock, which "out:" takes even when none are left.
 * Before REPLAY_FIX_VMAS (an ablation) the list lived as long as a fork
 * and an empty one took no lock.
 */
static inline void daniel_copy_done(struct rmap_ctx *ctx)
{
	struct pte_chain_pool *pool = ctx->alloc.global;
	struct pte_chain *pc;

	if (!ctx->alloc.reserve && (!pool || ctx->fixes < REPLAY_FIX_VMAS))
		return;
	if (!pool) {
		pte_chain_cache_drain(&ctx->alloc);
		return;
	}
	pte_chain_pool_lock(&ctx->alloc);
	while ((pc = pte_chain_pop(&ctx->alloc.reserve, false)))
		pte_chain_push_free(&pool->freelist, pc, true);
	spin_unlock(&pool->lock);
}

/*
 * The fault paths keep rmap-13b's page_add_rmap(), rewritten only to take
 * lock_rmap(): "pte_chain = pte_chain_alloc(page_zone(page)); rmap_lock =
 * lock_rmap(page);", one node under the free-list lock, dropped before
 * the rmap lock is taken.  One hold of each per fault, never 16.
 */
static inline void daniel_fault_add(struct rmap_ctx *ctx, struct page *page,
				    pte_t *ptep)
{
	pte_chain_take(&ctx->alloc, 1);
	page_add_rmap_hashed(ctx, page, ptep);
}

#define rmap_fault_add daniel_fault_add
#define rmap_fault_remove page_remove_rmap_hashed
#define rmap_flush cached_rmap_unlock
#define rmap_copy_done daniel_copy_done
#define rmap_pte_page_end cached_rmap_unlock
#define reclaim_lock rmap_lock_page
#define reclaim_unlock(ctx, lock) unlock_rmap(lock)

#include "template.h"

DEFINE_STRATEGY(.desc = "Daniel Phillips' Rmap speedup (2 Aug 2002): lock_rmap(), copy batched with 16-node preallocation, exit per pte",
		.kind = RMAP_CHAIN, .locks = LOCKS_PACKED, .batch = true);
