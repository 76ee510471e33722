/* SPDX-License-Identifier: GPL-2.0 */
#ifndef RMAPBENCH_RMAP_H
#define RMAPBENCH_RMAP_H

#include "mm.h"
#include "pte_chain.h"
#include "rmap_lock.h"

/* Per-thread lock and chain accounting, summed over threads after a point. */
struct rmap_stats {
	unsigned long acquisitions;
	unsigned long contended;  /* the first attempt found it held */
	unsigned long collisions; /* ... held for another page */
	unsigned long retries;	  /* lock_rmap(): index changed */
	unsigned long removes;
	unsigned long walked; /* chain nodes walked by removes */
	unsigned long max_walk;
};

/*
 * Everything the fork and exit loops of one driver thread touch, in one
 * place: the thread's own copy of the read-mostly configuration, its node
 * cache and its counters.
 */
struct rmap_ctx {
	struct page *pool;
	struct rmap_locks locks;
	spinlock_t *global_lock;
	struct address_space *mapping;
	/* What the pageout side walks: the families and their page tables. */
	struct family *family;
	unsigned long nr_file, nr_anon;
	const struct pgd_range *pgds; /* sorted by address */
	size_t nr_pgds;
	unsigned int nrpte;
	bool direct;
	spinlock_t *cached_lock; /* batched: held across ptes */
	struct pte_chain_cache alloc;
	bool stats_on; /* --no-stats turns accounting off */
	struct rmap_stats stats;
	unsigned long errors; /* removes that found no entry */
};

static inline void account_lock(struct rmap_ctx *ctx, bool contended)
{
	if (!ctx->stats_on)
		return;
	ctx->stats.acquisitions++;
	if (unlikely(contended))
		ctx->stats.contended++;
}

/* A hashed lock taken for tag, after holder (0: nobody) made us wait. */
static inline void account_rmap_lock(struct rmap_ctx *ctx, unsigned int tag,
				     unsigned int holder)
{
	if (!ctx->stats_on)
		return;
	ctx->stats.acquisitions++;
	if (unlikely(holder)) {
		ctx->stats.contended++;
		ctx->stats.collisions += holder != tag;
	}
}

/* Add ptep at the head of the page's chain; the caller holds its lock. */
static inline void pte_chain_push(struct rmap_ctx *ctx, struct page *page,
				  pte_t *ptep)
{
	struct pte_chain *pc = page->pte.chain;
	struct pte_chain *new;
	unsigned int idx;

	if (pc && (idx = pte_chain_idx(pc))) {
		pc->ptes[idx - 1] = ptep;
		pc->next_and_idx--;
		return;
	}
	new = pte_chain_alloc(&ctx->alloc);
	new->ptes[ctx->nrpte - 1] = ptep;
	new->next_and_idx = pte_chain_encode(pc, ctx->nrpte - 1);
	page->pte.chain = new;
}

/*
 * The chain update of page_add_rmap(), without the lock: the first mapping
 * goes in page->pte.direct, the second turns it into a chain.
 */
static inline void __page_add_rmap(struct rmap_ctx *ctx, struct page *page,
				   pte_t *ptep)
{
	pte_t *first;

	if (!page->pte.direct && ctx->direct) {
		page->pte.direct = ptep;
		SetPageDirect(page);
		return;
	}
	if (PageDirect(page)) {
		first = page->pte.direct;
		ClearPageDirect(page);
		page->pte.chain = NULL;
		pte_chain_push(ctx, page, first);
	}
	pte_chain_push(ctx, page, ptep);
}

static inline void account_walk(struct rmap_ctx *ctx, unsigned long walked)
{
	if (!ctx->stats_on)
		return;
	ctx->stats.removes++;
	ctx->stats.walked += walked;
	if (walked > ctx->stats.max_walk)
		ctx->stats.max_walk = walked;
}

/*
 * The chain update of page_remove_rmap(), without the lock: find ptep and
 * fill its slot with the head node's lowest used slot, freeing the head
 * when that empties it.
 */
static inline void __page_remove_rmap(struct rmap_ctx *ctx, struct page *page,
				      pte_t *ptep)
{
	struct pte_chain *start, *pc;
	unsigned int victim, walked = 0;

	if (PageDirect(page)) {
		if (page->pte.direct != ptep)
			goto not_found;
		page->pte.direct = NULL;
		ClearPageDirect(page);
		account_walk(ctx, 0);
		return;
	}
	start = page->pte.chain;
	if (!start)
		goto not_found;
	victim = pte_chain_idx(start);
	for (pc = start; pc; pc = pte_chain_next(pc)) {
		walked++;
		for (unsigned int i = pte_chain_idx(pc); i < ctx->nrpte; i++) {
			if (pc->ptes[i] != ptep)
				continue;
			pc->ptes[i] = start->ptes[victim];
			start->ptes[victim] = NULL;
			if (victim == ctx->nrpte - 1) {
				page->pte.chain = pte_chain_next(start);
				pte_chain_free(&ctx->alloc, start);
			} else {
				start->next_and_idx++;
			}
			account_walk(ctx, walked);
			return;
		}
	}
not_found:
	ctx->errors++;
}

#endif
