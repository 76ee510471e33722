/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Today's fork and exit, vma by vma (model/vma.h), compiled once per
 * strategy and variant as template.h compiles the pte-loop strategies.  A
 * strategy file defines STRATEGY and
 *
 *	FOLIO_BATCH		1: the per-pte rmap work is done once per folio
 *				over --folio-pages contiguous ptes; 0: per pte
 *	FILE_VMA_BATCH_MAX	vmas of one file linked (fork) and unlinked
 *				(exit) per hold of its i_mmap_rwsem: 1, or
 *				FILE_VMA_BATCH; or, each side on its own,
 *	FILE_VMA_LINK_MAX	at fork (dup_mmap())
 *	FILE_VMA_UNLINK_MAX	at exit (free_pgtables())
 *
 * then includes this file and invokes DEFINE_STRATEGY().
 *
 * Fork is dup_mmap() (kernel/fork.c; mm/mmap.c since 6.16), per vma in
 * address order: an anonymous vma gets anon_vma_fork(), a file vma goes
 * into its file's i_mmap tree, and copy_page_range() copies the ptes of
 * the vmas that need it.  vma_needs_copy() (mm/memory.c: "Don't copy ptes
 * where a page fault will fill them correctly") skips every vma without
 * an anon_vma, so a child gets no file ptes at fork: here only the
 * anonymous vmas' ptes are copied, and every "pte" figure counts those.
 * Exit is exit_mmap(): unmap_vmas() zaps the ptes, then free_pgtables()
 * unlinks each vma (unlink_anon_vmas(), unlink_file_vma_batch_add()).
 */
#ifndef STRATEGY
#error "define STRATEGY before including vma_template.h"
#endif

#include "strategy.h"
#include "model/reclaim.h"
#include "model/vma.h"

#ifdef FILE_VMA_BATCH_MAX
#define FILE_VMA_LINK_MAX FILE_VMA_BATCH_MAX
#define FILE_VMA_UNLINK_MAX FILE_VMA_BATCH_MAX
#endif

/* Per variant: the functions are static, only the ops table is global. */
#define VARIANT_NAME(what) CONCAT(CONCAT(STRATEGY, what), RMAP_VARIANT)

/*
 * Folios are --folio-pages long and aligned in the page pool, so a page's
 * folio is the same whoever maps it; its counts (the kernel's
 * _large_mapcount and _refcount) live in its first page.
 */
static inline struct page *folio_of(const struct rmap_ctx *ctx,
				    unsigned long pfn)
{
	unsigned long size = FOLIO_BATCH ? ctx->folio_pages : 1;

	return ctx->pool + (pfn - pfn % size);
}

/*
 * folio_pte_batch(): how many ptes from ptep on, at most max, map
 * consecutive pages of one folio.  A pte that maps no page or another
 * page (one a copy-on-write fault gave the parent) ends the batch, as the
 * kernel's comparison of each pte with the expected one does.
 */
static inline unsigned long folio_pte_batch(const struct rmap_ctx *ctx,
					    pte_t *ptep, unsigned long pte,
					    unsigned long max)
{
	unsigned long size = FOLIO_BATCH ? ctx->folio_pages : 1;
	unsigned long nr = 1, limit = size - pte_pfn(pte) % size;

	if (limit > max)
		limit = max;
	for (; nr < limit; nr++) {
		unsigned long next = ptep_get(ptep + nr);

		if (!pte_present(next) || pte_pfn(next) != pte_pfn(pte) + nr)
			break;
	}
	return nr;
}

/*
 * mm/memory.c copy_present_ptes() for one batch: write-protect the
 * parent's writable ptes (wrprotect_ptes(): the vma is copy-on-write),
 * give the child old copies, then one folio_ref_add() and one
 * folio_try_dup_anon_rmap_ptes() for the batch.  Per pte (FOLIO_BATCH 0,
 * and every kernel before 6.9's batching) that is get_page() and
 * page_dup_rmap(): two atomics a pte.  With CONFIG_NO_PAGE_MAPCOUNT
 * (6.15; the only choice once CONFIG_PAGE_MAPCOUNT was removed) the
 * batch's mapcount is one atomic_add on the folio's _large_mapcount.
 */
static inline void copy_present_ptes(struct rmap_ctx *ctx, pte_t *dst_pte,
				     pte_t *src_pte, unsigned long nr)
{
	struct page *page = folio_of(ctx, pte_pfn(ptep_get(src_pte)));

	for (unsigned long i = 0; i < nr; i++) {
		unsigned long pte = ptep_get(src_pte + i);

		/* wrprotect_ptes(): ptep_set_wrprotect(), a locked clear_bit */
		if (pte_write(pte))
			pte = ptep_set_wrprotect(src_pte + i, pte,
						 ctx->pte_locked);
		set_pte(dst_pte + i, pte & ~_PAGE_ACCESSED);
	}
	mem_fetch_add(&page->count, nr, memory_order_relaxed);
	mem_fetch_add(&page->mapcount, nr, memory_order_relaxed);
}

/* copy_page_range() of one vma, under both page-table locks. */
static void VARIANT_NAME(_copy_vma)(struct rmap_ctx *ctx, struct mm_struct *dst,
				    struct mm_struct *src,
				    struct vm_area_struct *pvma)
{
	unsigned long addr = mem_read(pvma->vm_start),
		      end = mem_read(pvma->vm_end), nr;
	pte_t *src_pgd = mem_read(src->pgd), *dst_pgd = mem_read(dst->pgd);

	spin_lock(&dst->page_table_lock);
	spin_lock(&src->page_table_lock);
	for (; addr < end; addr += nr) {
		unsigned long pte = ptep_get(src_pgd + addr);

		nr = 1;
		if (!pte_present(pte))
			continue;
		nr = folio_pte_batch(ctx, src_pgd + addr, pte, end - addr);
		copy_present_ptes(ctx, dst_pgd + addr, src_pgd + addr, nr);
		access_pte_done();
	}
	spin_unlock(&src->page_table_lock);
	spin_unlock(&dst->page_table_lock);
}

/*
 * Returns the ptes of the process, copied or not, so that every strategy's
 * ns_per_pte divides by the same size of process.
 */
static unsigned long VARIANT_NAME(_copy_page_range_v)(struct rmap_ctx *ctx,
						      struct mm_struct *dst,
						      struct mm_struct *src)
{
	unsigned int n = mem_read(src->map_count);
	struct file_vma_batch vb;

	file_vma_batch_init(&vb, FILE_VMA_LINK_MAX, true);
	for (unsigned int i = 0; i < n; i++) {
		struct vm_area_struct *vma = &dst->mmap[i],
				      *pvma = &src->mmap[i];

		if (mem_read(pvma->vm_file)) {
			/*
			 * A written private file vma: anon_vma_fork() first,
			 * as dup_mmap() does.  Its ptes, the program's private
			 * copies in the kernel, map the shared file's pages
			 * here, which would bounce between every CPU: they are
			 * left uncopied.
			 */
			if (mem_read(pvma->anon_vma))
				anon_vma_fork(ctx, vma, pvma);
			get_file(vma, pvma);
			file_vma_batch_add(ctx, &vb, vma, pvma);
			continue;
		}
		anon_vma_fork(ctx, vma, pvma);
		VARIANT_NAME(_copy_vma)(ctx, dst, src, pvma);
		mem_write(vma->populated, true);
	}
	file_vma_batch_final(ctx, &vb);
	return mem_read(src->nr_ptes);
}

/*
 * mm/memory.c zap_present_ptes() over [start, end): clear the batch's ptes
 * (get_and_clear_full_ptes()),
 * folio_remove_rmap_ptes(), and the mmu_gather drops the batch's
 * references at once (folios_put_refs()).  Returns the ptes zapped.
 */
static unsigned long VARIANT_NAME(_zap_range)(struct rmap_ctx *ctx,
					      struct mm_struct *mm,
					      unsigned long start,
					      unsigned long end)
{
	pte_t *pgd = mem_read(mm->pgd);
	unsigned long addr, nr, zapped = 0;

	spin_lock(&mm->page_table_lock);
	for (addr = start; addr < end; addr += nr) {
		unsigned long pte = ptep_get(pgd + addr);
		struct page *page;

		nr = 1;
		if (!pte_present(pte))
			continue;
		nr = folio_pte_batch(ctx, pgd + addr, pte, end - addr);
		/*
		 * ptep_get_and_clear_full() with full set: "Full address
		 * destruction in progress", a plain load and clear on x86
		 * (native_local_ptep_get_and_clear()), no xchg.
		 */
		for (unsigned long i = 0; i < nr; i++)
			ptep_get_and_clear(pgd + addr + i, false);
		page = folio_of(ctx, pte_pfn(pte));
		mem_fetch_sub(&page->mapcount, nr, memory_order_relaxed);
		mem_fetch_sub(&page->count, nr, memory_order_relaxed);
		zapped += nr;
		access_pte_done();
	}
	spin_unlock(&mm->page_table_lock);
	return zapped;
}

/*
 * unmap_vmas(): the vmas that hold ptes (a fork copies the anonymous
 * ones'; an exec'd image may fault into any), and past the last vma what
 * an image larger than the process faulted in.
 */
static unsigned long VARIANT_NAME(_unmap_vmas)(struct rmap_ctx *ctx,
					       struct mm_struct *mm)
{
	unsigned int n = mem_read(mm->map_count);
	unsigned long zapped = 0, last = 0;

	for (unsigned int i = 0; i < n; i++) {
		struct vm_area_struct *vma = &mm->mmap[i];
		unsigned long start = mem_read(vma->vm_start),
			      end = mem_read(vma->vm_end);

		last = end;
		if (!mem_read(vma->populated))
			continue;
		zapped += VARIANT_NAME(_zap_range)(ctx, mm, start, end);
		mem_write(vma->populated, false);
	}
	if (mem_read(mm->nr_ptes) > last)
		zapped += VARIANT_NAME(_zap_range)(ctx, mm, last,
						   mem_read(mm->nr_ptes));
	return zapped;
}

static unsigned long VARIANT_NAME(_zap_page_range_v)(struct rmap_ctx *ctx,
						     struct mm_struct *mm)
{
	unsigned int n = mem_read(mm->map_count);
	unsigned long zapped = VARIANT_NAME(_unmap_vmas)(ctx, mm);
	struct file_vma_batch vb;

	file_vma_batch_init(&vb, FILE_VMA_UNLINK_MAX, false);
	for (unsigned int i = 0; i < n; i++) {
		struct vm_area_struct *vma = &mm->mmap[i];

		/* free_pgtables(): unlink_anon_vmas(), then the file side */
		if (mem_read(vma->anon_vma))
			unlink_anon_vmas(ctx, vma);
		if (mem_read(vma->vm_file)) {
			file_vma_batch_add(ctx, &vb, vma, NULL);
			fput(vma);
		}
	}
	file_vma_batch_final(ctx, &vb);
	return zapped;
}

/*
 * exec's new image (--lifecycle fork-exec-exit): the program's vmas are
 * mapped again, each file vma with vma_link_file(), each anonymous one
 * given an anon_vma at its first fault (anon_vma_prepare()).  Then its
 * ptes are faulted in one at a time, each under the page table lock: a
 * file page with folio_add_file_rmap_pte() (an atomic mapcount
 * increment), a new private page with folio_add_new_anon_rmap() (which
 * sets a new folio's mapcount; an add here, since the counts of a folio
 * that other pages share are kept in its first page).  The image is
 * the file's first nr_file pages, then nr_anon private pages from anon_pfn
 * on.  Returns the ptes faulted in.
 */
static inline unsigned long VARIANT_NAME(_fault_in_v)(struct rmap_ctx *ctx,
						      struct mm_struct *mm,
						      unsigned long nr_file,
						      unsigned long nr_anon,
						      unsigned long anon_pfn)
{
	unsigned int n = mem_read(mm->map_count);
	pte_t *pgd = mem_read(mm->pgd);
	unsigned long addr, end = nr_file + nr_anon;

	for (unsigned int i = 0; i < n; i++) {
		struct vm_area_struct *vma = &mm->mmap[i];

		mem_write(vma->populated, mem_read(vma->vm_start) < end);
		if (!mem_read(vma->vm_file)) {
			anon_vma_prepare(ctx, vma);
			continue;
		}
		vma_link_file(ctx, vma);
		mem_write(vma->vm_file_ref, &vma->f_count);
		mem_fetch_add(&vma->f_count, 1, memory_order_relaxed);
		if (!mem_read(vma->vm_written))
			continue;
		if (mem_read(vma->vm_written) == VMA_RELRO)
			vma_split_file(ctx, vma);
		anon_vma_prepare(ctx, vma); /* its first COW fault */
	}
	for (addr = 0; addr < end;) {
		bool anon = addr >= nr_file;
		/*
		 * do_fault_around(): a file fault maps up to fault_around
		 * ptes of the page cache (filemap_map_pages()) under one hold
		 * of the page table lock; an anonymous fault maps one.
		 */
		unsigned long around = anon ? 1 : ctx->fault_around;
		unsigned long stop = addr + around - addr % around;

		if (stop > (anon ? end : nr_file))
			stop = anon ? end : nr_file;
		spin_lock(&mm->page_table_lock);
		for (; addr < stop; addr++) {
			unsigned long pfn = anon ? anon_pfn + addr - nr_file :
						   addr;
			struct page *folio = folio_of(ctx, pfn);

			mem_fetch_add(&folio->count, 1, memory_order_relaxed);
			set_pte(pgd + addr,
				mk_pte(pfn, _PAGE_PRESENT | _PAGE_ACCESSED |
						    (anon ? _PAGE_RW : 0)));
			mem_fetch_add(&folio->mapcount, 1,
				      memory_order_relaxed);
			access_pte_done();
		}
		spin_unlock(&mm->page_table_lock);
	}
	return end;
}

/*
 * The parent's write faults after a fork, on its first nr anonymous ptes
 * (mm/memory.c wp_page_copy()): under the page table lock, the new page
 * gets folio_add_new_anon_rmap() and a reference, the pte points at it,
 * writable, and the old page loses its mapping (folio_remove_rmap_pte(),
 * atomic) and its reference.  spare[i] gives the new page and takes the
 * old one, which the child maps until it execs or exits.  The parent's
 * own mappings are counted page by page, as the world set them up; only
 * a fork's copies (and an exec'd image) count on the folio.
 */
static inline void VARIANT_NAME(_do_wp_page_v)(struct rmap_ctx *ctx,
					       struct mm_struct *mm,
					       unsigned long nr,
					       unsigned long *spare)
{
	pte_t *pgd = mem_read(mm->pgd) + mem_read(mm->anon_start);

	for (unsigned long i = 0; i < nr; i++) {
		struct page *old, *new = ctx->pool + spare[i];
		unsigned long pte;

		spin_lock(&mm->page_table_lock);
		pte = ptep_get(pgd + i);
		old = ctx->pool + pte_pfn(pte);
		mem_fetch_add(&new->count, 1, memory_order_relaxed);
		mem_fetch_add(&new->mapcount, 1, memory_order_relaxed);
		set_pte(pgd + i, mk_pte(spare[i], _PAGE_PRESENT | _PAGE_RW |
							  _PAGE_ACCESSED));
		mem_fetch_sub(&old->mapcount, 1, memory_order_relaxed);
		mem_fetch_sub(&old->count, 1, memory_order_relaxed);
		spin_unlock(&mm->page_table_lock);
		spare[i] = pte_pfn(pte);
		access_pte_done();
	}
}

/*
 * The pageout side: rmap_walk_file() walks the page's file's i_mmap under
 * i_mmap_lock_read(), rmap_walk_anon() the avcs of the page's anon_vma
 * (the parent's, which every child links an avc to) under the root's rwsem
 * for read; each vma's pte for the page is computed (vma_address()).
 */
/* An rmap walk over the vmas that may map one page. */
struct rmap_walk {
	struct rw_semaphore *sem;
	struct list_head *head, *l;
	bool file;
	unsigned long pfn;
};

static inline void rmap_walk_start(struct rmap_ctx *ctx, struct rmap_walk *w,
				   struct page *page)
{
	struct vm_area_struct *pv;
	struct address_space *mapping;

	w->pfn = page - ctx->pool;
	pv = find_parent_vma(ctx, w->pfn);
	mapping = mem_read(pv->vm_file);
	w->file = mapping != NULL;
	if (w->file) {
		w->sem = &mapping->i_mmap_rwsem;
		w->head = &mapping->i_mmap;
	} else {
		/* anon_vma_lock_read(): the root's rwsem */
		w->sem = &mem_read(mem_read(pv->anon_vma)->root)->rwsem;
		w->head = &pv->anon_vma->rb_root;
	}
	account_lock(ctx, down_read(w->sem));
	w->l = w->head;
}

/* The next pte that maps the page, or NULL at the end. */
static inline pte_t *rmap_walk_next(struct rmap_walk *w)
{
	while ((w->l = mem_read(w->l->next)) != w->head) {
		struct vm_area_struct *v;
		pte_t *ptep;

		if (w->file)
			v = (void *)((char *)w->l -
				     offsetof(struct vm_area_struct, shared));
		else
			v = mem_read(
				((struct anon_vma_chain
					  *)((char *)w->l -
					     offsetof(struct anon_vma_chain,
						      rb)))
					->vma);
		ptep = vma_pte(v, w->pfn);
		if (ptep)
			return ptep;
	}
	return NULL;
}

/* page_referenced() or try_to_unmap(): one walk, each pte's work. */
static inline void rmap_walk(struct rmap_ctx *ctx, struct page *page,
			     struct reclaim_stats *rs, bool unmap)
{
	struct rmap_walk w;
	pte_t *ptep;

	rmap_walk_start(ctx, &w, page);
	while ((ptep = rmap_walk_next(&w))) {
		if (unmap)
			try_to_unmap_one(ctx, rs, ptep);
		else
			rs->referenced += !!ptep_test_and_clear_young(ptep);
	}
	up_read(w.sem);
}

static void VARIANT_NAME(_page_referenced_v)(struct rmap_ctx *ctx,
					     struct page *page,
					     struct reclaim_stats *rs)
{
	rmap_walk(ctx, page, rs, false);
}

static void VARIANT_NAME(_try_to_unmap_v)(struct rmap_ctx *ctx,
					  struct page *page,
					  struct reclaim_stats *rs)
{
	rmap_walk(ctx, page, rs, true);
}

/*
 * The lifecycle's entry points (--lifecycle fork-exec-exit, --cow-faults),
 * for define.h's ops table once struct strategy_ops has them; inline, so
 * that until then they cost nothing and warn of nothing.
 */
#define STRATEGY_FAULT_IN VARIANT_NAME(_fault_in_v)
#define STRATEGY_DO_WP_PAGE VARIANT_NAME(_do_wp_page_v)

#include "define.h"
