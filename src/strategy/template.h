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
 *	RMAP_CHAINS			rmap_remove() is __page_remove_rmap()
 *	rmap_locks_per_pte(ctx)		true when each rmap_add() and
 *					rmap_remove() takes one lock (the
 *					template counts them per call)
 *
 *	rmap_flush(ctx)			at the end of a range (batched)
 *	rmap_fault_add(ctx, page, ptep)	the fault paths' page_add_rmap()
 *	rmap_fault_remove(ctx, page, ptep)	and page_remove_rmap(), one
 *					pte, one lock, never batched: by
 *					default rmap_add() and rmap_remove(),
 *					which a batching strategy replaces
 *	rmap_pte_page_end(ctx)		after the last pte of a page table
 *					page (daniel, batched)
 *	rmap_copy_done(ctx)		after a vma's copy, its page table
 *					locks dropped (daniel's node list)
 *	rmap_fork(ctx, dst, src)	once per fork, before the copy (objrmap)
 *	rmap_exit(ctx, mm)		once per exit, after the zap (objrmap)
 *	rmap_exec(ctx, mm)		once per exec, before the faults (objrmap)
 *
 * A pte-chain strategy also defines, for the pageout side,
 *
 *	reclaim_lock(ctx, page)		takes the page's rmap lock, returns a cookie
 *	reclaim_unlock(ctx, cookie)	drops it
 *
 * and gets STRATEGY_page_referenced() and STRATEGY_try_to_unmap() from
 * here; the others write their own.  Then it includes this file and
 * invokes DEFINE_STRATEGY().
 *
 * The file is compiled once per variant of model/access.h (RMAP_VARIANT):
 * every name it defines carries the variant, and struct strategy's ops[]
 * holds one table per variant, chosen once per point.  Entry points for
 * exec and faults (do_no_page() -> page_add_rmap() one pte at a time,
 * do_wp_page()) go in struct strategy_ops beside copy and zap, defined
 * here from the same rmap_add()/rmap_remove() hooks.
 */
#ifndef STRATEGY
#error "define STRATEGY before including template.h"
#endif

#include "strategy.h"
#include "model/vma_2x.h"

#ifndef rmap_flush
#define rmap_flush(ctx) \
	do {            \
	} while (0)
#endif
#ifndef rmap_copy_done
#define rmap_copy_done(ctx) \
	do {                \
	} while (0)
#endif
#ifndef rmap_pte_page_end
#define rmap_pte_page_end(ctx) \
	do {                   \
	} while (0)
#endif
#ifndef rmap_locks_per_pte
#define rmap_locks_per_pte(ctx) false
#endif
#ifndef rmap_fault_add
#define rmap_fault_add rmap_add
#define rmap_fault_remove rmap_remove
#endif
/*
 * A fault's page_add_rmap() and page_remove_rmap() take one rmap lock each
 * in every pte-chain kernel (the fault hooks leave the count to us).
 */
#ifdef RMAP_CHAINS
/* The ablation's fork hooks count their own, unless per pte. */
#define account_fault_locks(ctx, n)                      \
	do {                                             \
		if ((ctx)->fixes >= REPLAY_FIX_FAULTS || \
		    rmap_locks_per_pte(ctx))             \
			account_pte_locks(ctx, n);       \
	} while (0)
#else
#define account_fault_locks(ctx, n) ((void)(n))
#endif

/*
 * A fault's rmap work.  The ablation before REPLAY_FIX_FAULTS replays the
 * fork-time hooks with a flush per fault, as rmapbench once did (under
 * daniel: 16 nodes preallocated per fault and 15 given back).
 */
#define fault_add(ctx, page, ptep)                                \
	do {                                                      \
		if (unlikely((ctx)->fixes < REPLAY_FIX_FAULTS)) { \
			rmap_add(ctx, page, ptep);                \
			rmap_flush(ctx);                          \
			rmap_copy_done(ctx);                      \
		} else {                                          \
			rmap_fault_add(ctx, page, ptep);          \
		}                                                 \
	} while (0)
#define fault_remove(ctx, page, ptep)                           \
	do {                                                    \
		if (unlikely((ctx)->fixes < REPLAY_FIX_FAULTS)) \
			rmap_remove(ctx, page, ptep);           \
		else                                            \
			rmap_fault_remove(ctx, page, ptep);     \
	} while (0)
#ifndef rmap_fork
#define rmap_fork(ctx, dst, src) \
	do {                     \
	} while (0)
#define TEMPLATE_FILE_VMAS /* the template takes the vmas' file work */
#endif
#ifndef rmap_exit
#define rmap_exit(ctx, mm) \
	do {               \
	} while (0)
#endif
#ifndef rmap_exec
#define rmap_exec(ctx, mm) \
	do {               \
	} while (0)
#endif

/*
 * A file vma's list link and unlink and its file's atomics at fork, exec
 * and exit (model/vma_2x.h), which every kernel of 2.4 to 2.6.x took
 * whatever its rmap; a strategy with its own rmap_fork() (objrmap) takes
 * them there.  Their lock is no rmap lock: the fork and fault shares of
 * the rmap locks leave it out (*acq0 moves past it).  Before
 * REPLAY_FIX_FILE_VMAS (an ablation) the pte-chain kernels took none.
 */
#ifndef TEMPLATE_FILE_VMAS
#define vma_file_work(ctx, acq0, vma, work) ((void)(acq0))
#else
#define vma_file_work(ctx, acq0, vma, work)                             \
	do {                                                            \
		stat_t before_ = (ctx)->stats.acquisitions;             \
		if ((ctx)->fixes >= REPLAY_FIX_FILE_VMAS &&             \
		    mem_read((vma)->vm_file)) {                         \
			work;                                           \
			*(acq0) += (ctx)->stats.acquisitions - before_; \
		}                                                       \
	} while (0)
#endif

/* exec's mmap of the image's file vmas (do_mmap_pgoff() per vma). */
static inline void exec_file_vmas(struct rmap_ctx *ctx, struct mm_struct *mm,
				  stat_t *acq0)
{
#ifdef TEMPLATE_FILE_VMAS
	if (ctx->fixes < REPLAY_FIX_FILE_VMAS)
		return;
	for (unsigned int i = 0; i < mem_read(mm->map_count); i++)
		vma_file_work(ctx, acq0, &mm->mmap[i],
			      exec_file_vma(ctx, &mm->mmap[i]));
#else
	(void)ctx;
	(void)mm;
	(void)acq0;
#endif
}

/*
 * 2.4's exit sets PG_dirty on the page of each dirty pte (--zap-dirty
 * locked): zap_pte_range() hands the pte to __free_pte(), "if
 * (pte_dirty(pte)) set_page_dirty(page)" (2.4.19 mm/memory.c), whose
 * "if (!test_and_set_bit(PG_dirty, &page->flags))" (mm/filemap.c) is a
 * locked operation every time; an anonymous page has no mapping, so
 * nothing follows.  2.6 tests PageDirty() first (mm/page-writeback.c
 * set_page_dirty()), a read of the line the zap holds.  Dirty here: a pte
 * of an anonymous page (pfn past the shared file's).  Every anonymous
 * page a process maps was written (the shell's data, heap and stack, a
 * COW fault's new page, an exec'd image's bss: do_anonymous_page() and
 * do_wp_page() make the pte dirty), and a child's copy keeps the dirty
 * bit (2.4 copy_page_range() cleans only VM_SHARED ptes); file pages are
 * text, never written.
 */
static inline void zap_set_page_dirty(struct rmap_ctx *ctx, struct page *page)
{
	if (ctx->zap_dirty_locked && ctx->fixes >= REPLAY_FIX_DIRTY &&
	    (unsigned long)(page - ctx->pool) >= ctx->nr_file)
		mem_fetch_or(&page->flags, 1UL << PG_dirty,
			     memory_order_relaxed);
}

/* Per variant: the functions are static, only the ops table is global. */
#define VARIANT_NAME(what) CONCAT(CONCAT(STRATEGY, what), RMAP_VARIANT)

/*
 * One vma's copy_page_range() (2.4.19-pre7 and 2.5.31 mm/memory.c, called
 * by dup_mmap() for each vma): dup_mmap() holds the child's
 * page_table_lock across the call, copy_page_range() takes the parent's
 * for each page table page ("spin_lock(&src->page_table_lock)" at each
 * pmd, dropped after its last pte), and a batching kernel's rmap lock goes
 * at each page table page's end and at the vma's (rmap_pte_page_end(),
 * rmap_flush()).  [start, end) are the ptes of the vma, vaddr the virtual
 * page of start, which says where its page table pages end.
 */
static unsigned long
VARIANT_NAME(_copy_range)(struct rmap_ctx *ctx, struct mm_struct *dst,
			  struct mm_struct *src, unsigned long start,
			  unsigned long end, unsigned long vaddr)
{
	pte_t *src_pgd = mem_read(src->pgd), *dst_pgd = mem_read(dst->pgd);
	unsigned long addr, copied = 0;

	spin_lock(&dst->page_table_lock);
	spin_lock(&src->page_table_lock);
	for (addr = start; addr < end; addr++) {
		pte_t *src_pte = src_pgd + addr, *dst_pte = dst_pgd + addr;
		unsigned long pte = ptep_get(src_pte);
		struct page *page;

		if (pte_present(pte)) {
			/*
			 * Both vmas are private (the file's is its text,
			 * mapped MAP_PRIVATE), so copy-on-write: 2.4
			 * write-protects the writable ptes ("cow &&
			 * pte_write(pte)"), 2.5.27 ("minimal rmap", akpm, 18
			 * Jul 2002) to 2.6 every pte ("if (cow)").
			 */
			if (ctx->wrprotect_all || pte_write(pte))
				pte = ptep_set_wrprotect(src_pte, pte,
							 ctx->pte_locked);
			set_pte(dst_pte, pte & ~_PAGE_ACCESSED);
			page = ctx->pool + pte_pfn(pte);
			/* get_page(): atomic_inc(&page->count), "lock; incl" */
			mem_fetch_add(&page->count, 1, memory_order_relaxed);
			rmap_add(ctx, page, dst_pte);
			copied++;
		}
		if (pte_table_end(vaddr + addr - start)) {
			rmap_pte_page_end(ctx);
			if (ctx->fixes >= REPLAY_FIX_LAYOUT && addr + 1 < end) {
				spin_unlock(&src->page_table_lock);
				spin_lock(&src->page_table_lock);
			}
		}
		access_pte_done();
	}
	rmap_flush(ctx);
	spin_unlock(&src->page_table_lock);
	rmap_copy_done(ctx);
	spin_unlock(&dst->page_table_lock);
	return copied;
}

/*
 * fork's copy: one copy_page_range() per vma of the parent, as dup_mmap()
 * calls it, so that a batch (Phillips' node list, a cached rmap lock)
 * lives as long as one vma's copy.  Before REPLAY_FIX_VMAS (an ablation)
 * the whole page table is one range.
 */
static unsigned long VARIANT_NAME(_copy_page_range_v)(struct rmap_ctx *ctx,
						      struct mm_struct *dst,
						      struct mm_struct *src)
{
	unsigned long copied = 0;
	stat_t acq0 = ctx->stats.acquisitions;

	rmap_fork(ctx, dst, src);
	if (ctx->fixes < REPLAY_FIX_VMAS) {
		copied = VARIANT_NAME(_copy_range)(ctx, dst, src, 0,
						   mem_read(src->nr_ptes), 0);
	} else {
		unsigned int n = mem_read(src->map_count);

		for (unsigned int i = 0; i < n; i++) {
			struct vm_area_struct *vma = &src->mmap[i];

			/* dup_mmap(): the vma's link, then its copy */
			vma_file_work(ctx, &acq0, vma,
				      dup_file_vma(ctx, &dst->mmap[i], vma));
			copied += VARIANT_NAME(_copy_range)(
				ctx, dst, src, mem_read(vma->vm_start),
				mem_read(vma->vm_end), mem_read(vma->vm_addr));
		}
	}
	if (rmap_locks_per_pte(ctx))
		account_pte_locks(ctx, copied);
	account_locks_since(ctx, acq0, &ctx->stats.fork_locks);
	account_pool_locks(ctx);
	return copied;
}

/*
 * One vma's zap_page_range() (2.4.19-pre7 mm/memory.c, called by
 * exit_mmap() for each vma): page_table_lock across the range; a
 * batching kernel's rmap lock goes at each page table page's end
 * (2.5.31's zap_pte_range()) and at the range's.
 */
static unsigned long VARIANT_NAME(_zap_range)(struct rmap_ctx *ctx,
					      struct mm_struct *mm,
					      unsigned long start,
					      unsigned long end,
					      unsigned long vaddr)
{
	pte_t *pgd = mem_read(mm->pgd);
	unsigned long addr, zapped = 0;

	spin_lock(&mm->page_table_lock);
	for (addr = start; addr < end; addr++) {
		pte_t *ptep = pgd + addr;
		unsigned long pte = ptep_get(ptep);
		struct page *page;

		if (pte_present(pte)) {
			pte = ptep_get_and_clear(ptep, ctx->pte_locked);
			page = ctx->pool + pte_pfn(pte);
			rmap_remove(ctx, page, ptep);
			zap_set_page_dirty(ctx, page);
			/* put_page(): atomic_dec_and_test(&page->count) */
			mem_fetch_sub(&page->count, 1, memory_order_relaxed);
			zapped++;
		}
		if (pte_table_end(vaddr + addr - start))
			rmap_pte_page_end(ctx);
		access_pte_done();
	}
	rmap_flush(ctx);
	spin_unlock(&mm->page_table_lock);
	return zapped;
}

static unsigned long VARIANT_NAME(_zap_page_range_v)(struct rmap_ctx *ctx,
						     struct mm_struct *mm)
{
	unsigned long zapped = 0;
	unsigned long errors0 = ctx->errors;
	stat_t walked0 = ctx->stats.walked, acq0 = 0;

	if (ctx->fixes < REPLAY_FIX_VMAS) {
		zapped = VARIANT_NAME(_zap_range)(ctx, mm, 0,
						  mem_read(mm->nr_ptes), 0);
	} else {
		unsigned int n = mem_read(mm->map_count);
		unsigned long last = 0, nr = mem_read(mm->nr_ptes);

		for (unsigned int i = 0; i < n; i++) {
			struct vm_area_struct *vma = &mm->mmap[i];

			last = mem_read(vma->vm_end);
			/*
			 * 2.4 exit_mmap(): remove_shared_vm_struct(), then
			 * the zap (2.6.0's unlinks after every vma's zap);
			 * fput() comes before the zap here, not after
			 */
			vma_file_work(ctx, &acq0, vma,
				      remove_file_vma(ctx, vma));
			zapped += VARIANT_NAME(_zap_range)(
				ctx, mm, mem_read(vma->vm_start), last,
				mem_read(vma->vm_addr));
		}
		/* An exec'd image larger than the process: one more range. */
		if (nr > last)
			zapped += VARIANT_NAME(_zap_range)(ctx, mm, last, nr,
							   last);
	}
	rmap_exit(ctx, mm);
	if (rmap_locks_per_pte(ctx))
		account_pte_locks(ctx, zapped);
	account_pool_locks(ctx);
#ifdef RMAP_CHAINS
	account_removes(ctx, zapped - (ctx->errors - errors0), walked0);
#else
	(void)errors0;
	(void)walked0;
#endif
	return zapped;
}

/*
 * exec's new image, faulted in one pte at a time: do_no_page() for the
 * shared file's pages, do_anonymous_page() for the private ones (2.4.19-pre7
 * + rmap-13b, mm/memory.c).  Each fault takes page_table_lock, takes a
 * page reference, sets the pte and adds the rmap entry with the
 * unbatched page_add_rmap() (rmap_fault_add()), and drops the lock again.
 * No batch outlives a fault: Phillips' patch batches copy_page_range()
 * only and leaves page_add_rmap() per pte ("[PATCH] Rmap speedup",
 * <E17aiJv-0007cr-00@starship>).  The image is the file's first nr_file
 * pages, then nr_anon private pages from anon_pfn on.  Returns the ptes
 * faulted in.
 */
static unsigned long VARIANT_NAME(_fault_in_v)(struct rmap_ctx *ctx,
					       struct mm_struct *mm,
					       unsigned long nr_file,
					       unsigned long nr_anon,
					       unsigned long anon_pfn)
{
	pte_t *pgd = mem_read(mm->pgd);
	unsigned long addr;
	stat_t acq0 = ctx->stats.acquisitions;

	rmap_exec(ctx, mm);
	exec_file_vmas(ctx, mm, &acq0);
	for (addr = 0; addr < nr_file + nr_anon; addr++) {
		bool anon = addr >= nr_file;
		unsigned long pfn = anon ? anon_pfn + addr - nr_file : addr;
		struct page *page = ctx->pool + pfn;
		pte_t *ptep = pgd + addr;

		spin_lock(&mm->page_table_lock);
		mem_fetch_add(&page->count, 1, memory_order_relaxed);
		set_pte(ptep, mk_pte(pfn, _PAGE_PRESENT | _PAGE_ACCESSED |
						  (anon ? _PAGE_RW : 0)));
		fault_add(ctx, page, ptep);
		spin_unlock(&mm->page_table_lock);
		access_pte_done();
	}
	account_fault_locks(ctx, addr);
	account_locks_since(ctx, acq0, &ctx->stats.fault_locks);
	account_pool_locks(ctx);
	return addr;
}

/*
 * The parent's write faults after a fork, on its first nr anonymous ptes
 * (do_wp_page(), 2.4.19-pre7 + rmap-13b, mm/memory.c): under
 * page_table_lock, page_remove_rmap() of the shared page, a new private
 * page in the pte, writable, page_add_rmap() of it, then the old page's
 * reference is dropped.  spare[i] gives the new page and takes the old
 * one, which the child maps until it execs or exits.
 */
static void VARIANT_NAME(_do_wp_page_v)(struct rmap_ctx *ctx,
					struct mm_struct *mm, unsigned long nr,
					unsigned long *spare)
{
	pte_t *pgd = mem_read(mm->pgd) + mem_read(mm->anon_start);
	unsigned long errors0 = ctx->errors;
	stat_t walked0 = ctx->stats.walked, acq0 = ctx->stats.acquisitions;

	for (unsigned long i = 0; i < nr; i++) {
		pte_t *ptep = pgd + i;
		struct page *old, *new = ctx->pool + spare[i];
		unsigned long pte;

		spin_lock(&mm->page_table_lock);
		pte = ptep_get(ptep);
		old = ctx->pool + pte_pfn(pte);
		mem_fetch_add(&new->count, 1, memory_order_relaxed);
		fault_remove(ctx, old, ptep);
		set_pte(ptep, mk_pte(spare[i], _PAGE_PRESENT | _PAGE_RW |
						       _PAGE_ACCESSED));
		fault_add(ctx, new, ptep);
		mem_fetch_sub(&old->count, 1, memory_order_relaxed);
		spin_unlock(&mm->page_table_lock);
		spare[i] = pte_pfn(pte);
		access_pte_done();
	}
	account_fault_locks(ctx, 2 * nr);
	account_locks_since(ctx, acq0, &ctx->stats.fault_locks);
	account_pool_locks(ctx);
#ifdef RMAP_CHAINS
	account_removes(ctx, nr - (ctx->errors - errors0), walked0);
#else
	(void)errors0;
	(void)walked0;
#endif
}

#ifdef reclaim_lock
/* A chain of exactly one pte goes back to page->pte.direct. */
static inline void pte_chain_collapse(struct rmap_ctx *ctx, struct page *page,
				      struct reclaim_stats *rs)
{
	if (ctx->direct && !PageDirect(page))
		rs->collapsed += __pte_chain_collapse(ctx, page);
}

/* Calls fn on every pte of the page's chain; the caller holds its lock. */
#define for_each_rmap_pte(ctx, page, ptep, body)                             \
	do {                                                                 \
		if (PageDirect(page)) {                                      \
			pte_t *ptep = mem_read((page)->pte.direct);          \
			body;                                                \
			break;                                               \
		}                                                            \
		for (struct pte_chain *pc = mem_read((page)->pte.chain); pc; \
		     pc = pte_chain_next(pc))                                \
			for (unsigned int i = pte_chain_idx(pc);             \
			     i < (ctx)->nrpte; i++) {                        \
				pte_t *ptep = mem_read(pc->ptes[i]);         \
				body;                                        \
			}                                                    \
	} while (0)

static void VARIANT_NAME(_page_referenced_v)(struct rmap_ctx *ctx,
					     struct page *page,
					     struct reclaim_stats *rs)
{
	void *cookie = reclaim_lock(ctx, page);

	for_each_rmap_pte(ctx, page, ptep,
			  rs->referenced += !!ptep_test_and_clear_young(ptep));
	pte_chain_collapse(ctx, page, rs);
	reclaim_unlock(ctx, cookie);
}

static void VARIANT_NAME(_try_to_unmap_v)(struct rmap_ctx *ctx,
					  struct page *page,
					  struct reclaim_stats *rs)
{
	void *cookie = reclaim_lock(ctx, page);

	for_each_rmap_pte(ctx, page, ptep, try_to_unmap_one(ctx, rs, ptep));
	reclaim_unlock(ctx, cookie);
}
#endif

/* The lifecycle's entry points, in this template's ops (define.h). */
#define STRATEGY_FAULT_IN VARIANT_NAME(_fault_in_v)
#define STRATEGY_DO_WP_PAGE VARIANT_NAME(_do_wp_page_v)

#include "define.h"
