/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The fork and exit loops, compiled once per strategy so that the rmap work
 * is inlined into them: no indirect call per pte.  A strategy file defines
 * STRATEGY and the static inline (or macro) hooks
 *
 *	rmap_add(ctx, page, ptep)	after the child's pte is set
 *	rmap_remove(ctx, page, ptep)	after the child's pte is cleared
 *
 * and optionally, as macros,
 *
 *	rmap_flush(ctx)			at the end of a range (batched)
 *	rmap_fork(ctx, dst, src)	once per fork, before the copy (objrmap)
 *	rmap_exit(ctx, mm)		once per exit, after the zap (objrmap)
 *
 * A pte-chain strategy also defines, for the pageout side,
 *
 *	reclaim_lock(ctx, page)		takes the page's rmap lock, returns a cookie
 *	reclaim_unlock(cookie)		drops it
 *
 * and gets STRATEGY_page_referenced() and STRATEGY_try_to_unmap() from
 * here; the others write their own.  Then it includes this file and
 * invokes DEFINE_STRATEGY().
 */
#ifndef STRATEGY
#error "define STRATEGY before including template.h"
#endif

#include "strategy.h"

#ifndef rmap_flush
#define rmap_flush(ctx) \
	do {            \
	} while (0)
#endif
#ifndef rmap_fork
#define rmap_fork(ctx, dst, src) \
	do {                     \
	} while (0)
#endif
#ifndef rmap_exit
#define rmap_exit(ctx, mm) \
	do {               \
	} while (0)
#endif

static unsigned long CONCAT(STRATEGY, _copy_page_range)(struct rmap_ctx *ctx,
							struct mm_struct *dst,
							struct mm_struct *src)
{
	unsigned long addr, copied = 0;

	rmap_fork(ctx, dst, src);
	spin_lock(&dst->page_table_lock);
	spin_lock(&src->page_table_lock);
	for (addr = 0; addr < src->nr_ptes; addr++) {
		pte_t *src_pte = src->pgd + addr, *dst_pte = dst->pgd + addr;
		unsigned long pte = ptep_get(src_pte);
		struct page *page;

		if (!pte_present(pte))
			continue;
		/* Private anonymous memory is copy-on-write in both. */
		if (addr >= src->anon_start && pte_write(pte)) {
			pte &= ~_PAGE_RW;
			set_pte(src_pte, pte);
		}
		set_pte(dst_pte, pte & ~_PAGE_ACCESSED);
		page = ctx->pool + pte_pfn(pte);
		atomic_fetch_add_explicit(&page->count, 1,
					  memory_order_relaxed);
		rmap_add(ctx, page, dst_pte);
		copied++;
	}
	rmap_flush(ctx);
	spin_unlock(&src->page_table_lock);
	spin_unlock(&dst->page_table_lock);
	return copied;
}

static unsigned long CONCAT(STRATEGY, _zap_page_range)(struct rmap_ctx *ctx,
						       struct mm_struct *mm)
{
	unsigned long addr, zapped = 0;

	spin_lock(&mm->page_table_lock);
	for (addr = 0; addr < mm->nr_ptes; addr++) {
		pte_t *ptep = mm->pgd + addr;
		unsigned long pte = ptep_get(ptep);
		struct page *page;

		if (!pte_present(pte))
			continue;
		pte = ptep_get_and_clear(ptep);
		page = ctx->pool + pte_pfn(pte);
		rmap_remove(ctx, page, ptep);
		atomic_fetch_sub_explicit(&page->count, 1,
					  memory_order_relaxed);
		zapped++;
	}
	rmap_flush(ctx);
	spin_unlock(&mm->page_table_lock);
	rmap_exit(ctx, mm);
	return zapped;
}

#ifdef reclaim_lock
/* A chain of exactly one pte goes back to page->pte.direct. */
static inline void pte_chain_collapse(struct rmap_ctx *ctx, struct page *page,
				      struct reclaim_stats *rs)
{
	struct pte_chain *pc = page->pte.chain;

	if (!ctx->direct || PageDirect(page) || !pc || pte_chain_next(pc) ||
	    pte_chain_idx(pc) != ctx->nrpte - 1)
		return;
	page->pte.direct = pc->ptes[ctx->nrpte - 1];
	pc->ptes[ctx->nrpte - 1] = NULL;
	SetPageDirect(page);
	pte_chain_free(&ctx->alloc, pc);
	rs->collapsed++;
}

/* Calls fn on every pte of the page's chain; the caller holds its lock. */
#define for_each_rmap_pte(ctx, page, ptep, body)                   \
	do {                                                       \
		if (PageDirect(page)) {                            \
			pte_t *ptep = (page)->pte.direct;          \
			body;                                      \
			break;                                     \
		}                                                  \
		for (struct pte_chain *pc = (page)->pte.chain; pc; \
		     pc = pte_chain_next(pc))                      \
			for (unsigned int i = pte_chain_idx(pc);   \
			     i < (ctx)->nrpte; i++) {              \
				pte_t *ptep = pc->ptes[i];         \
				body;                              \
			}                                          \
	} while (0)

static void CONCAT(STRATEGY, _page_referenced)(struct rmap_ctx *ctx,
					       struct page *page,
					       struct reclaim_stats *rs)
{
	void *cookie = reclaim_lock(ctx, page);

	for_each_rmap_pte(ctx, page, ptep,
			  rs->referenced += !!ptep_test_and_clear_young(ptep));
	pte_chain_collapse(ctx, page, rs);
	reclaim_unlock(cookie);
}

static void CONCAT(STRATEGY, _try_to_unmap)(struct rmap_ctx *ctx,
					    struct page *page,
					    struct reclaim_stats *rs)
{
	void *cookie = reclaim_lock(ctx, page);

	for_each_rmap_pte(ctx, page, ptep, try_to_unmap_one(ctx, rs, ptep));
	reclaim_unlock(cookie);
}
#endif

#define DEFINE_STRATEGY(...)                                           \
	const struct strategy CONCAT(strategy_, STRATEGY) = {          \
		.name = STRINGIFY(STRATEGY),                           \
		.copy_page_range = CONCAT(STRATEGY, _copy_page_range), \
		.zap_page_range = CONCAT(STRATEGY, _zap_page_range),   \
		.page_referenced = CONCAT(STRATEGY, _page_referenced), \
		.try_to_unmap = CONCAT(STRATEGY, _try_to_unmap),       \
		__VA_ARGS__                                            \
	}
