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
 * then includes this file and invokes DEFINE_STRATEGY().
 */
#ifndef STRATEGY
#error "define STRATEGY before including memory.h"
#endif

#include "strategy.h"

#ifndef rmap_flush
#define rmap_flush(ctx) do { } while (0)
#endif
#ifndef rmap_fork
#define rmap_fork(ctx, dst, src) do { } while (0)
#endif
#ifndef rmap_exit
#define rmap_exit(ctx, mm) do { } while (0)
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

#define DEFINE_STRATEGY(...)                                                  \
	const struct strategy CONCAT(strategy_, STRATEGY) = {                 \
		.name = STRINGIFY(STRATEGY),                                  \
		.copy_page_range = CONCAT(STRATEGY, _copy_page_range),        \
		.zap_page_range = CONCAT(STRATEGY, _zap_page_range),          \
		__VA_ARGS__                                                   \
	}
