// SPDX-License-Identifier: GPL-2.0
/*
 * What replaced pte chains in 2.6.7 (anon_vma and the file's i_mmap): per
 * pte only a mapcount; per fork, each new vma is linked on its object.
 */
#define STRATEGY objrmap
#include <stddef.h>
#include "model/bit_spinlock.h"
#include "model/rmap.h"

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

static inline void objrmap_link(struct rmap_ctx *ctx, spinlock_t *lock,
				struct list_head *entry, struct list_head *head)
{
	account_lock(ctx, spin_lock(lock));
	list_add(entry, head);
	spin_unlock(lock);
}

static inline void objrmap_unlink(struct rmap_ctx *ctx, spinlock_t *lock,
				  struct list_head *entry)
{
	account_lock(ctx, spin_lock(lock));
	list_del(entry);
	spin_unlock(lock);
}

/* dup_mmap(): the child's vmas join the file's and the family's lists. */
static inline void anon_vma_fork(struct rmap_ctx *ctx, struct mm_struct *dst,
				 struct mm_struct *src)
{
	mem_write(dst->anon_vma, mem_read(src->anon_vma));
	objrmap_link(ctx, &ctx->mapping->i_mmap_lock, &dst->i_mmap_link,
		     &ctx->mapping->i_mmap);
	objrmap_link(ctx, &dst->anon_vma->lock, &dst->anon_vma_link,
		     &dst->anon_vma->head);
}

static inline void anon_vma_exit(struct rmap_ctx *ctx, struct mm_struct *mm)
{
	objrmap_unlink(ctx, &ctx->mapping->i_mmap_lock, &mm->i_mmap_link);
	objrmap_unlink(ctx, &mem_read(mm->anon_vma)->lock, &mm->anon_vma_link);
}

/*
 * exec: the new image's file vma joins the file's i_mmap; its anonymous
 * memory starts an anon_vma of its own that no other process shares.
 */
static inline void anon_vma_exec(struct rmap_ctx *ctx, struct mm_struct *mm)
{
	objrmap_link(ctx, &ctx->mapping->i_mmap_lock, &mm->i_mmap_link,
		     &ctx->mapping->i_mmap);
}

#define rmap_fork anon_vma_fork
#define rmap_exit anon_vma_exit
#define rmap_exec anon_vma_exec

#include "template.h"

/*
 * The pageout side walks the vmas of the page's object and computes where
 * each maps the page (vma_address()), instead of following a chain.
 */
#define for_each_vma_pte(ctx, page, ptep, body)                           \
	do {                                                              \
		unsigned long pfn = (page) - (ctx)->pool, addr = pfn;     \
		struct list_head *head = &(ctx)->mapping->i_mmap, *l;     \
		spinlock_t *lock = &(ctx)->mapping->i_mmap_lock;          \
		size_t off = offsetof(struct mm_struct, i_mmap_link);     \
                                                                          \
		if (pfn >= (ctx)->nr_file) {                              \
			struct family *fam =                              \
				&(ctx)->family[(pfn - (ctx)->nr_file) /   \
					       (ctx)->nr_anon];           \
			addr = (ctx)->nr_file +                           \
			       (pfn - (ctx)->nr_file) % (ctx)->nr_anon;   \
			head = &fam->anon_vma.head;                       \
			lock = &fam->anon_vma.lock;                       \
			off = offsetof(struct mm_struct, anon_vma_link);  \
		}                                                         \
		account_lock(ctx, spin_lock(lock));                       \
		for (l = mem_read(head->next); l != head;                 \
		     l = mem_read(l->next)) {                             \
			struct mm_struct *mm = (void *)((char *)l - off); \
			pte_t *ptep = mem_read(mm->pgd) + addr;           \
			unsigned long pte = ptep_get(ptep);               \
                                                                          \
			if (pte_present(pte) && pte_pfn(pte) == pfn)      \
				body;                                     \
		}                                                         \
		spin_unlock(lock);                                        \
	} while (0)

static void VARIANT_NAME(_page_referenced_v)(struct rmap_ctx *ctx,
					     struct page *page,
					     struct reclaim_stats *rs)
{
	for_each_vma_pte(ctx, page, ptep,
			 rs->referenced += !!ptep_test_and_clear_young(ptep));
}

static void VARIANT_NAME(_try_to_unmap_v)(struct rmap_ctx *ctx,
					  struct page *page,
					  struct reclaim_stats *rs)
{
	for_each_vma_pte(ctx, page, ptep, try_to_unmap_one(ctx, rs, ptep));
}

DEFINE_STRATEGY(.desc = "object rmap (2.6.7 anon_vma): atomic mapcount per pte, vma links per fork",
		.kind = RMAP_OBJECT);
