/* SPDX-License-Identifier: GPL-2.0 */
#ifndef RMAPBENCH_RMAP_H
#define RMAPBENCH_RMAP_H

/*
 * Lock order of the schemes modelled, outermost first, as mm/rmap.c
 * gives it for each: 2.5's "Locking:" note ("the page->pte.chain is
 * protected by the PG_chainlock bit, which nests within the the
 * mm->page_table_lock", as of Hugh Dickins' "[PATCH] swap 08/13 rmap
 * comments", linux-kernel, 25 Mar 2003, which took zone->lru_lock out of
 * it), and the "Lock ordering in mm" of 2.6.7 and of today; i_shared_sem's
 * place is mm/filemap.c's ("->mmap_sem ->i_shared_sem (various places)",
 * 2.6.0 to 2.6.6), i_shared_lock's 2.4 kernel/fork.c dup_mmap()'s.
 * Bracketed locks are the kernel's, which the model does not take.
 *
 * pte chains (none, global, pagebit, hashed, padded, batched, daniel):
 *
 *	[mm->mmap_sem]			dup_mmap(), exit_mmap(), exec
 *	  [mapping->i_shared_lock]	dup_mmap()'s share-list link; a
 *					semaphore, i_shared_sem, in late 2.5
 *					and 2.6.0-6
 *	  dst->page_table_lock		dup_mmap(), across each vma's copy
 *	    src->page_table_lock	copy_page_range(), per page table page
 *	      the rmap lock		pagemap_lru_lock (global), PG_chainlock
 *					(pagebit), lock_rmap() (hashed, padded,
 *					batched, daniel): one held at a time
 *	        pte_chain_freelist_lock	a node freed, or allocated, under it
 *
 * The free-list lock is taken outside the rmap lock where the kernel
 * did: rmap-13b's page_add_rmap() takes its node first
 * (pte_chain_prealloc()); daniel drops the rmap lock to refill its 16
 * nodes, and gives the rest back once src's page_table_lock is dropped.
 *
 * Object rmap, 2.6.7 (objrmap):
 *
 *	[mm->mmap_sem]
 *	  mapping->i_mmap_lock		a file vma's link and unlink
 *	    anon_vma->lock		an anonymous vma's link and unlink
 *	      mm->page_table_lock	copy, zap, faults
 *	        PG_maplock		page_map_lock() around mapcount
 *					(--mapcount bitlock): "protected by
 *					the PG_maplock bit, which nests within
 *					the mm->page_table_lock" (Hugh
 *					Dickins, "rmap 9 remove pte_chains",
 *					linux-mm, 22 May 2004)
 *
 * anon_vma chains, 3.19 on (avc, folio, mainline, folio-batched):
 *
 *	[mm->mmap_lock]			mmap_sem until 5.8
 *	  mapping->i_mmap_rwsem		i_mmap_lock_write(): a file vma's
 *					link and unlink (model/vma.h)
 *	    anon_vma->rwsem		the root's: anon_vma_fork(),
 *					unlink_anon_vmas()
 *	      mm->page_table_lock	copy, zap, faults; per pte only an
 *					atomic _mapcount
 *
 * Reclaim in every scheme takes the page's rmap lock, or its object's,
 * first and only trylocks each mm's page_table_lock (model/reclaim.h):
 * "because swapout locking is opposite to the locking order in the page
 * fault path, the swapout path uses trylocks on the mm->page_table_lock"
 * (2.5 mm/rmap.c).
 */

#include "mm.h"
#include "pte_chain.h"
#include "rmap_lock.h"

/*
 * Per-thread lock and chain accounting, summed over threads after a point.
 * The counters are of a type (stat_t) that no simulated field has, so that
 * the compiler knows a store to a chain node or a page cannot change them
 * and keeps them out of the way of the loop.
 */
struct rmap_stats {
	stat_t acquisitions;
	stat_t contended;  /* the first attempt found it held */
	stat_t collisions; /* ... held for another page */
	stat_t retries;	   /* lock_rmap(): index changed */
	stat_t removes;
	stat_t walked; /* chain nodes walked by removes */
	stat_t max_walk;
	stat_t file_locks; /* of acquisitions: a file's i_mmap lock */
	stat_t file_contended;
	stat_t pool_locks;  /* of acquisitions: pte_chain_freelist_lock */
	stat_t fork_locks;  /* of acquisitions: rmap locks of fork's copy */
	stat_t fault_locks; /* ... of the fault paths (exec's, COW) */
};

/*
 * The fixes that made the 2002 replay true to the posted patches and to
 * daniel.sh (docs/replay-2002.md), in the order of its ablation table:
 * --replay-fixes N keeps the first N, so that each one's weight can be
 * shown.  The default, REPLAY_FIXES, is the kernels as they were; a lower
 * value is an ablation, never a kernel.
 */
enum replay_fix {
	REPLAY_FIX_NONE,
	REPLAY_FIX_FAULTS,	/* faults take the unbatched page_add_rmap() */
	REPLAY_FIX_VMAS,	/* fork and exit copy and zap vma by vma */
	REPLAY_FIX_LAYOUT,	/* page table pages end and drop their lock */
	REPLAY_FIX_DETAILS = 8, /* rmap-13b's node before its lock [WLI] */
	REPLAY_FIX_FILE_VMAS,	/* a file vma's list lock and atomics */
	REPLAY_FIX_DIRTY,	/* 2.4's set_page_dirty() at exit */
};

#define REPLAY_FIXES 10 /* all of them (a macro: the option's default) */

/* The last pte of an i386 page table page (1024 ptes: no PAE). */
static inline bool pte_table_end(unsigned long vaddr)
{
	return vaddr % PTRS_PER_PTE == PTRS_PER_PTE - 1;
}

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
	unsigned int folio_pages;  /* folio strategies: ptes per batch */
	unsigned int fault_around; /* ptes an exec'd file fault maps */
	/* The kernel's x86 operations, or the idealized ones of an ablation. */
	bool pte_locked;	/* ptep_get_and_clear(), ptep_set_wrprotect() */
	bool wrprotect_all;	/* 2.5.27+: every pte of a COW vma, not only
				 * the writable ones (2.4) */
	bool bit_unlock_locked; /* pte_chain_unlock(): clear_bit(), not a store */
	bool mapcount_bitlock;	 /* objrmap: 2.6.7 PG_maplock, not 2.6.9 */
	bool mapping_sem;	 /* i_shared_sem (2.6.0-6), not a spinlock */
	bool zap_dirty_locked;	 /* 2.4's set_page_dirty() on every dirty pte */
	bool collapse;		 /* 2.5.26-30: a one-pte chain back to direct */
	unsigned int fixes;	 /* --replay-fixes: enum replay_fix */
	spinlock_t *cached_lock; /* batched: held across ptes */
	struct pte_chain_cache alloc;
	bool stats_on;		 /* the engine runs the RMAP_STATS variant */
	struct rmap_stats stats; /* kept by variants with RMAP_ACCOUNTING */
	unsigned long errors;	 /* removes that found no entry */
};

/*
 * The accounting is compiled only into the variants that keep it, and costs
 * one add per lock in the uncontended case: the contended branch folds away
 * when the lock's fast path returns a constant.
 */
static inline void account_lock(struct rmap_ctx *ctx, bool contended)
{
	if (!RMAP_ACCOUNTING)
		return;
	ctx->stats.acquisitions++;
	if (unlikely(contended))
		ctx->stats.contended++;
}

/* A hashed lock taken for tag, after holder (0: nobody) made us wait. */
static inline void account_wait(struct rmap_ctx *ctx, unsigned int tag,
				unsigned int holder)
{
	if (RMAP_ACCOUNTING && unlikely(holder)) {
		ctx->stats.contended++;
		ctx->stats.collisions += holder != tag;
	}
}

static inline void account_rmap_lock(struct rmap_ctx *ctx, unsigned int tag,
				     unsigned int holder)
{
	if (!RMAP_ACCOUNTING)
		return;
	ctx->stats.acquisitions++;
	account_wait(ctx, tag, holder);
}

/*
 * The lock that every page_add_rmap() and page_remove_rmap() takes once
 * (rmap_locks_per_pte(ctx) true): the template counts those
 * acquisitions per call, so here only a wait costs an instruction.
 */
static inline void account_pte_lock(struct rmap_ctx *ctx, bool contended)
{
	if (RMAP_ACCOUNTING && unlikely(contended))
		ctx->stats.contended++;
}

/* After a copy (n ptes) or zap where each pte took one lock. */
static inline void account_pte_locks(struct rmap_ctx *ctx, unsigned long n)
{
	if (RMAP_ACCOUNTING)
		ctx->stats.acquisitions += n;
}

/*
 * The free-list lock holds the node cache counted since the last call,
 * into the acquisitions: after every copy, zap and fault, so that a hold
 * is counted in the window whose work took it.
 */
static inline void account_pool_locks(struct rmap_ctx *ctx)
{
	if (!RMAP_ACCOUNTING)
		return;
	ctx->stats.acquisitions += ctx->alloc.pool_locks;
	ctx->stats.pool_locks += ctx->alloc.pool_locks;
	ctx->stats.contended += ctx->alloc.pool_contended;
	ctx->alloc.pool_locks = ctx->alloc.pool_contended = 0;
}

/*
 * 2.4 rmap's page_add_rmap() takes its node before the chain lock:
 * "pte_chain = pte_chain_alloc(page_zone(page)); pte_chain_lock(page);"
 * (rmap-13b; William Lee Irwin III, "[PATCH] per-page pte_chain locking",
 * linux-kernel, <20020418220944.GY21206@holomorphy.com>), so its
 * free-list lock is never held inside the chain lock on the add side.
 * Only the global pool has a lock to move; a per-cpu cache keeps its
 * node where __page_add_rmap() finds it.
 */
static inline void pte_chain_prealloc(struct rmap_ctx *ctx)
{
	if (ctx->fixes >= REPLAY_FIX_DETAILS && ctx->alloc.global &&
	    !ctx->alloc.reserve)
		pte_chain_take(&ctx->alloc, 1);
}

/*
 * The rmap locks (not free-list holds) taken since acquisitions stood at
 * acq0, added to *to: fork's and the faults' shares of the acquisitions.
 */
static inline void account_locks_since(struct rmap_ctx *ctx, stat_t acq0,
				       stat_t *to)
{
	if (RMAP_ACCOUNTING)
		*to += ctx->stats.acquisitions - acq0;
}

/* Add ptep at the head of the page's chain; the caller holds its lock. */
static inline void pte_chain_push(struct rmap_ctx *ctx, struct page *page,
				  pte_t *ptep)
{
	struct pte_chain *pc = mem_read(page->pte.chain);
	struct pte_chain *new;
	unsigned int idx;

	if (pc && (idx = pte_chain_idx(pc))) {
		mem_write(pc->ptes[idx - 1], ptep);
		mem_write(pc->next_and_idx, pc->next_and_idx - 1);
		return;
	}
	new = pte_chain_alloc(&ctx->alloc);
	mem_write(new->ptes[ctx->nrpte - 1], ptep);
	mem_write(new->next_and_idx, pte_chain_encode(pc, ctx->nrpte - 1));
	mem_write(page->pte.chain, new);
}

/*
 * The chain update of page_add_rmap(), without the lock: the first mapping
 * goes in page->pte.direct, the second turns it into a chain.
 */
static inline void __page_add_rmap(struct rmap_ctx *ctx, struct page *page,
				   pte_t *ptep)
{
	pte_t *first;

	if (!mem_read(page->pte.direct) && ctx->direct) {
		mem_write(page->pte.direct, ptep);
		SetPageDirect(page);
		return;
	}
	if (PageDirect(page)) {
		first = mem_read(page->pte.direct);
		ClearPageDirect(page);
		mem_write(page->pte.chain, NULL);
		pte_chain_push(ctx, page, first);
	}
	pte_chain_push(ctx, page, ptep);
}

/*
 * Chain walks, counted where they leave the common case, so that a remove
 * found in the head node costs no instruction: a remove from
 * page->pte.direct walked no node (one fewer than the one that the zap's
 * account_removes() adds for each remove), one found further down walked
 * its extra nodes.
 */
static inline void account_walk_direct(struct rmap_ctx *ctx)
{
	if (RMAP_ACCOUNTING)
		ctx->stats.walked--;
}

static inline void account_walk_far(struct rmap_ctx *ctx, unsigned int hops)
{
	if (!RMAP_ACCOUNTING)
		return;
	ctx->stats.walked += hops;
	if (hops + 1 > ctx->stats.max_walk)
		ctx->stats.max_walk = hops + 1;
}

/* After a zap that removed n chain entries (and walked since walked0). */
static inline void account_removes(struct rmap_ctx *ctx, unsigned long n,
				   stat_t walked0)
{
	if (!RMAP_ACCOUNTING)
		return;
	ctx->stats.removes += n;
	ctx->stats.walked += n;
	if (ctx->stats.walked != walked0 && !ctx->stats.max_walk)
		ctx->stats.max_walk = 1;
}

/*
 * A chain of exactly one pte goes back to page->pte.direct, its node back
 * to the allocator: what 2.5's page_referenced() did, and what 2.5.27's
 * page_remove_rmap() did after every remove ("Check whether we can
 * convert to direct", mm/rmap.c).  Returns whether it did.
 */
static inline bool __pte_chain_collapse(struct rmap_ctx *ctx, struct page *page)
{
	struct pte_chain *pc = mem_read(page->pte.chain);

	if (!pc || pte_chain_next(pc) || pte_chain_idx(pc) != ctx->nrpte - 1)
		return false;
	mem_write(page->pte.direct, mem_read(pc->ptes[ctx->nrpte - 1]));
	mem_write(pc->ptes[ctx->nrpte - 1], NULL);
	SetPageDirect(page);
	pte_chain_free(&ctx->alloc, pc);
	return true;
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
	unsigned int victim, hops = 0;

	if (PageDirect(page)) {
		if (mem_read(page->pte.direct) != ptep)
			goto not_found;
		mem_write(page->pte.direct, NULL);
		ClearPageDirect(page);
		account_walk_direct(ctx);
		return;
	}
	start = mem_read(page->pte.chain);
	if (!start)
		goto not_found;
	victim = pte_chain_idx(start);
	/* hops: the benchmark's count, a register the kernel had not */
	for (pc = start; pc; pc = pte_chain_next(pc), hops++) {
		for (unsigned int i = pte_chain_idx(pc); i < ctx->nrpte; i++) {
			if (mem_read(pc->ptes[i]) != ptep)
				continue;
			if (RMAP_ACCOUNTING && unlikely(hops))
				account_walk_far(ctx, hops);
			mem_write(pc->ptes[i], mem_read(start->ptes[victim]));
			mem_write(start->ptes[victim], NULL);
			if (victim == ctx->nrpte - 1) {
				mem_write(page->pte.chain,
					  pte_chain_next(start));
				pte_chain_free(&ctx->alloc, start);
			} else {
				mem_write(start->next_and_idx,
					  start->next_and_idx + 1);
			}
			if (ctx->collapse)
				__pte_chain_collapse(ctx, page);
			return;
		}
	}
not_found:
	ctx->errors++;
}

#endif
