// SPDX-License-Identifier: GPL-2.0
/*
 * What replaced pte chains in 2.6.7 (anon_vma and the file's i_mmap): per
 * pte only a mapcount; per fork, each new vma is linked on its object
 * (--vmas of them: a file vma on the file's i_mmap, an anonymous one on
 * its family's anon_vma).
 */
#define STRATEGY objrmap
#include <stddef.h>
#include "model/bit_spinlock.h"
#include "model/rmap.h"
#include "model/vma_2x.h"

/*
 * 2.6.7 (--mapcount bitlock): page_dup_rmap() and page_remove_rmap() take
 * page_map_lock(), bit_spin_lock(PG_maplock), around a plain
 * page->mapcount++ or -- (include/linux/rmap.h, mm/rmap.c): two locked
 * operations each way.  2.6.9 (atomic): atomic_inc(&page->_mapcount) and
 * atomic_add_negative(-1, ...), one ("rmaplock 2/6", Hugh Dickins,
 * linux-kernel, Jul 2004).
 */
static inline void page_mapcount_add(struct rmap_ctx *ctx, struct page *page,
				     int delta)
{
	if (!ctx->mapcount_bitlock) {
		mem_fetch_add(&page->mapcount, delta, memory_order_relaxed);
		return;
	}
	if (unlikely(bit_spin_lock(page, PG_maplock)))
		account_pte_lock(ctx, true);
	mem_store(&page->mapcount,
		  mem_load(&page->mapcount, memory_order_relaxed) + delta,
		  memory_order_relaxed);
	bit_spin_unlock(page, PG_maplock, ctx->bit_unlock_locked);
}

#define rmap_locks_per_pte(ctx) ((ctx)->mapcount_bitlock)

static inline void rmap_add(struct rmap_ctx *ctx, struct page *page,
			    pte_t *ptep)
{
	(void)ptep;
	page_mapcount_add(ctx, page, 1);
}

static inline void rmap_remove(struct rmap_ctx *ctx, struct page *page,
			       pte_t *ptep)
{
	(void)ptep;
	page_mapcount_add(ctx, page, -1);
}

/*
 * dup_mmap(), exit_mmap() and exec's mmaps link and unlink every vma of
 * the process on its object, one lock each (model/vma.h, 2.6.7 kernel/
 * fork.c and mm/mmap.c; 2.6.9 keeps them): a file vma on the file's
 * i_mmap, an anonymous vma on its family's anon_vma.
 */
#define rmap_fork dup_mmap_267
#define rmap_exit exit_mmap_267
#define rmap_exec exec_mmap_267

#include "template.h"

/*
 * The pageout side walks the vmas of the page's object and computes where
 * each maps the page (vma_address()), instead of following a chain: 2.6.7
 * mm/rmap.c page_referenced_file() and try_to_unmap_file() over the
 * file's i_mmap under i_mmap_lock, the _anon() ones over the anon_vma's
 * list under its lock.
 */
static inline void objrmap_walk(struct rmap_ctx *ctx, struct page *page,
				struct reclaim_stats *rs, bool unmap)
{
	unsigned long pfn = page - ctx->pool;
	struct vm_area_struct *pv = find_parent_vma(ctx, pfn);
	struct address_space *mapping = mem_read(pv->vm_file);
	struct anon_vma *anon_vma = mem_read(pv->anon_vma);
	struct list_head *head = mapping ? &mapping->i_mmap : &anon_vma->head;
	spinlock_t *lock = mapping ? &mapping->i_mmap_lock : &anon_vma->lock;
	size_t off = mapping ? offsetof(struct vm_area_struct, shared) :
			       offsetof(struct vm_area_struct, anon_vma_node);

	account_lock(ctx, spin_lock(lock));
	for (struct list_head *l = mem_read(head->next); l != head;
	     l = mem_read(l->next)) {
		pte_t *ptep = vma_pte((void *)((char *)l - off), pfn);

		if (!ptep)
			continue;
		if (unmap)
			try_to_unmap_one(ctx, rs, ptep);
		else
			rs->referenced += !!ptep_test_and_clear_young(ptep);
	}
	spin_unlock(lock);
}

static void VARIANT_NAME(_page_referenced_v)(struct rmap_ctx *ctx,
					     struct page *page,
					     struct reclaim_stats *rs)
{
	objrmap_walk(ctx, page, rs, false);
}

static void VARIANT_NAME(_try_to_unmap_v)(struct rmap_ctx *ctx,
					  struct page *page,
					  struct reclaim_stats *rs)
{
	objrmap_walk(ctx, page, rs, true);
}

DEFINE_STRATEGY(.desc = "object rmap (2.6.7 anon_vma): atomic mapcount per pte, a lock per vma link at fork and exit",
		.kind = RMAP_OBJECT);
