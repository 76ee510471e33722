/* SPDX-License-Identifier: GPL-2.0 */
#ifndef RMAPBENCH_VMA_H
#define RMAPBENCH_VMA_H

#include <stddef.h>
#include "rmap.h"

/*
 * A process made of vmas (--vmas): a dynamically linked program maps each
 * shared library several times (text, rodata, relro, data: --vmas-per-file
 * consecutive vmas of one file), and has a few anonymous vmas (heap,
 * stack, bss).  The vmas cut the mm's one flat page table into ranges:
 * the file vmas, file by file, over the shared file pages, then the
 * anonymous vmas over the family's private pages.  Every process of every
 * family maps the same files, so a file's i_mmap and its lock are shared
 * by all driver threads; a family's anon_vmas are its own.
 *
 * Object rmap links every vma of a forked child on its object: file vmas
 * on the file's i_mmap, anonymous vmas on their anon_vma.  Here are
 * today's link and unlink operations (rwsems, interval trees and
 * anon_vma_chains, 2.6.34 onwards); model/vma_2x.h has those of 2.4 to
 * 2.6.x (spinlocks or a semaphore, lists), which every kernel of that time
 * took for its file vmas, pte chains or not.
 */

/* anon_vma_chain (2.6.34, "mm: change anon_vma linking to fix multi-process
 * server scalability issue", Rik van Riel, 2010): one per (vma, anon_vma). */
struct anon_vma_chain {
	struct vm_area_struct *vma;
	struct anon_vma *anon_vma;
	struct list_head same_vma; /* on vma->anon_vma_chain */
	struct list_head rb;	   /* on anon_vma->rb_root */
};

struct vm_area_struct {
	unsigned long vm_start, vm_end; /* pte indices in the mm's table */
	unsigned long vm_addr;	/* virtual page of vm_start (--layout) */
	unsigned long vm_pgoff; /* pfn of the page at vm_start */
	struct mm_struct *vm_mm;
	struct address_space *vm_file; /* NULL: anonymous */
	struct anon_vma *anon_vma;
	struct list_head shared;	 /* on vm_file->i_mmap */
	struct list_head anon_vma_chain; /* this vma's avcs */
	struct list_head anon_vma_node;	 /* 2.6.7: on anon_vma->head */
	/*
	 * What anon_vma_fork() allocates for a child's vma, and a parent
	 * vma's own anon_vma (the root of its family's tree).  The kernel
	 * takes them from per-CPU slabs; here they live beside the vma and
	 * are reused by every fork, so the timed loops never call malloc.
	 */
	struct anon_vma own;
	struct anon_vma_chain avc[2];
	bool populated; /* may hold ptes: copied at fork or faulted in */
	/*
	 * --process doexec: a private file vma the program writes (VMA_DATA,
	 * or VMA_RELRO, which ld.so's mprotect() splits off at exec); such a
	 * vma gets an anon_vma at its first COW fault, so fork gives the
	 * child's an anon_vma too (anon_vma_fork()).
	 */
	unsigned char vm_written;
	/*
	 * 2.4 to 5.14: VM_DENYWRITE, a program or its interpreter mapped by
	 * the ELF loader (model/vma_2x.h), whose inode's i_writecount each
	 * mapping lowers.
	 */
	bool vm_denywrite;
	/*
	 * The struct file's f_count whose reference this mapping holds:
	 * the parent's file at fork (get_file()), the exec'd program's own
	 * after exec; fput() drops it at exit.
	 */
	atomic_long f_count;
	atomic_long *vm_file_ref;
};

enum { VMA_DATA = 1, VMA_RELRO = 2 };

/* dup_mmap(): get_file(), an atomic on the parent's struct file. */
static inline void get_file(struct vm_area_struct *vma,
			    struct vm_area_struct *pvma)
{
	mem_write(vma->vm_file_ref, &pvma->f_count);
	mem_fetch_add(&pvma->f_count, 1, memory_order_relaxed);
}

/* remove_vma(): fput() of the mapping's file. */
static inline void fput(struct vm_area_struct *vma)
{
	mem_fetch_sub(mem_read(vma->vm_file_ref), 1, memory_order_release);
}

/* Counts an acquisition of a file's i_mmap lock (a subset of all locks). */
static inline void account_file_lock(struct rmap_ctx *ctx, bool contended)
{
	account_lock(ctx, contended);
	if (!RMAP_ACCOUNTING)
		return;
	ctx->stats.file_locks++;
	ctx->stats.file_contended += contended;
}

/* Keeps the compiler from dropping loads whose values are not used. */
#define barrier_data(p) __asm__ __volatile__("" : : "r"(p) : "memory")

/*
 * The nodes an interval-tree insert or erase touches: a balanced tree of n
 * nodes is floor(log2 n) + 1 deep.  The walk reads that many nodes from
 * the root (the list head stands for it, and the nodes nearest it for the
 * top of the tree), so a lock's hold time grows with its mappers and the
 * top nodes are lines every thread reads, as in the kernel's rb-trees.
 */
static inline void interval_tree_walk(struct list_head *root, unsigned long n)
{
	struct list_head *node = root;

	for (unsigned int d = n ? 64 - __builtin_clzl(n) : 0; d; d--) {
		node = mem_read(node->next);
		barrier_data(node);
	}
}

/* An insert after node after, or an erase, in a tree of *nr nodes. */
static inline void interval_tree_insert(struct list_head *root,
					unsigned long *nr,
					struct list_head *node,
					struct list_head *after)
{
	unsigned long n = mem_read(*nr);

	interval_tree_walk(root, n + 1);
	list_add(node, after);
	mem_write(*nr, n + 1);
}

static inline void interval_tree_remove(struct list_head *root,
					unsigned long *nr,
					struct list_head *node)
{
	unsigned long n = mem_read(*nr);

	interval_tree_walk(root, n);
	list_del(node);
	mem_write(*nr, n - 1);
}

/* ---- the pageout side, either era ----------------------------------- */

/* The family parent's vma that maps pfn (every process maps it there). */
static inline struct vm_area_struct *find_parent_vma(struct rmap_ctx *ctx,
						     unsigned long pfn)
{
	unsigned long f = 0, addr = pfn;
	struct mm_struct *mm;
	unsigned int lo = 0, hi;

	if (pfn >= ctx->nr_file) {
		f = (pfn - ctx->nr_file) / ctx->nr_anon;
		addr = ctx->nr_file + (pfn - ctx->nr_file) % ctx->nr_anon;
	}
	mm = &ctx->family[f].parent;
	hi = mm->map_count;
	while (hi - lo > 1) {
		unsigned int mid = lo + (hi - lo) / 2;

		if (addr < mm->mmap[mid].vm_start)
			hi = mid;
		else
			lo = mid;
	}
	return &mm->mmap[lo];
}

/*
 * mm/rmap.c vma_address() and the pte it names: where vma would map pfn,
 * if the page lies in its range and the pte there maps it; else NULL.
 */
static inline pte_t *vma_pte(struct vm_area_struct *v, unsigned long pfn)
{
	unsigned long start = mem_read(v->vm_start),
		      pgoff = mem_read(v->vm_pgoff);
	pte_t *ptep;

	if (pfn < pgoff || pfn - pgoff >= mem_read(v->vm_end) - start)
		return NULL;
	ptep = mem_read(mem_read(v->vm_mm)->pgd) + start + pfn - pgoff;
	if (!pte_present(ptep_get(ptep)) || pte_pfn(ptep_get(ptep)) != pfn)
		return NULL;
	return ptep;
}

/* ---- today's: i_mmap_rwsem and the interval tree -------------------- */

/* include/linux/fs.h i_mmap_lock_write(): down_write(&mapping->i_mmap_rwsem) */
static inline void i_mmap_lock_write(struct rmap_ctx *ctx,
				     struct address_space *mapping)
{
	account_file_lock(ctx, down_write(&mapping->i_mmap_rwsem));
}

static inline void i_mmap_unlock_write(struct address_space *mapping)
{
	up_write(&mapping->i_mmap_rwsem);
}

/* mm/interval_tree.c vma_interval_tree_insert_after(), as dup_mmap()
 * calls it: the child's vma goes right after the parent's. */
static inline void vma_interval_tree_insert_after(struct vm_area_struct *vma,
						  struct vm_area_struct *prev)
{
	struct address_space *mapping = mem_read(vma->vm_file);

	interval_tree_insert(&mapping->i_mmap, &mapping->nr_mappers,
			     &vma->shared, &prev->shared);
}

/*
 * mm/vma.c vma_link_file(), as mmap_region() maps an exec'd program's
 * file: i_mmap_lock_write() around vma_interval_tree_insert(), once per
 * vma (neither batching patch changes mmap).
 */
static inline void vma_link_file(struct rmap_ctx *ctx,
				 struct vm_area_struct *vma)
{
	struct address_space *mapping = mem_read(vma->vm_file);

	i_mmap_lock_write(ctx, mapping);
	interval_tree_insert(&mapping->i_mmap, &mapping->nr_mappers,
			     &vma->shared, &mapping->i_mmap);
	i_mmap_unlock_write(mapping);
}

/*
 * mm/vma.c __split_vma() of a file vma, as ld.so's mprotect() of relro
 * splits the data segment at exec: vma_prepare() takes i_mmap_lock_write()
 * and the vma leaves and re-enters the interval tree with its new range
 * (the new vma beside it stands for no node of its own here).
 */
static inline void vma_split_file(struct rmap_ctx *ctx,
				  struct vm_area_struct *vma)
{
	struct address_space *mapping = mem_read(vma->vm_file);

	i_mmap_lock_write(ctx, mapping);
	interval_tree_remove(&mapping->i_mmap, &mapping->nr_mappers,
			     &vma->shared);
	interval_tree_insert(&mapping->i_mmap, &mapping->nr_mappers,
			     &vma->shared, &mapping->i_mmap);
	i_mmap_unlock_write(mapping);
}

/* mm/vma.c __remove_shared_vm_struct(): vma_interval_tree_remove(). */
static inline void vma_interval_tree_remove(struct vm_area_struct *vma)
{
	struct address_space *mapping = mem_read(vma->vm_file);

	interval_tree_remove(&mapping->i_mmap, &mapping->nr_mappers,
			     &vma->shared);
}

/*
 * The file side of fork and exit, per vma or per run of vmas of one file.
 * mm/vma.c unlink_file_vma_batch_add() (commit 3577dbb19241, "mm: batch
 * unlink_file_vma calls in free_pgd_range", Mateusz Guzik, 2024) gathers
 * up to 8 vmas of the same file (struct unlink_vma_file_batch's vmas[8])
 * and takes i_mmap_rwsem once for them; anonymous vmas are skipped and
 * do not end a batch.  "[RFC PATCH] mm: batch link_file_vma calls in
 * dup_mmap" (Yibin Liu, linux-kernel, 16 June 2026) does the same for
 * dup_mmap()'s vma_interval_tree_insert_after(), keeping old_vmas[]
 * beside new_vmas[]; its batch size is taken to be the unlink side's.
 * max = 1 is the unbatched kernel: one i_mmap_lock_write() per vma.
 */
#define FILE_VMA_BATCH 8

struct file_vma_batch {
	unsigned int count, max;
	bool link; /* linking at fork, else unlinking at exit */
	struct vm_area_struct *vmas[FILE_VMA_BATCH];
	struct vm_area_struct *prev[FILE_VMA_BATCH]; /* link: the parent's */
};

static inline void file_vma_batch_init(struct file_vma_batch *vb,
				       unsigned int max, bool link)
{
	vb->count = 0;
	vb->max = max;
	vb->link = link;
}

/* unlink_file_vma_batch_process() and the RFC's link side. */
static inline void file_vma_batch_process(struct rmap_ctx *ctx,
					  struct file_vma_batch *vb)
{
	struct address_space *mapping = mem_read(vb->vmas[0]->vm_file);

	i_mmap_lock_write(ctx, mapping);
	for (unsigned int i = 0; i < vb->count; i++) {
		if (vb->link)
			vma_interval_tree_insert_after(vb->vmas[i],
						       vb->prev[i]);
		else
			vma_interval_tree_remove(vb->vmas[i]);
	}
	i_mmap_unlock_write(mapping);
	vb->count = 0;
}

static inline void file_vma_batch_add(struct rmap_ctx *ctx,
				      struct file_vma_batch *vb,
				      struct vm_area_struct *vma,
				      struct vm_area_struct *prev)
{
	struct address_space *file = mem_read(vma->vm_file);

	if (!file)
		return;
	if (vb->count && mem_read(vb->vmas[0]->vm_file) != file)
		file_vma_batch_process(ctx, vb);
	vb->prev[vb->count] = prev;
	vb->vmas[vb->count++] = vma;
	if (vb->count == vb->max)
		file_vma_batch_process(ctx, vb);
}

static inline void file_vma_batch_final(struct rmap_ctx *ctx,
					struct file_vma_batch *vb)
{
	if (vb->count)
		file_vma_batch_process(ctx, vb);
}

/* ---- today's: anon_vma_chain ----------------------------------------- */

/* include/linux/rmap.h anon_vma_lock_write(): the root's rwsem. */
static inline void anon_vma_lock_write(struct rmap_ctx *ctx,
				       struct anon_vma *anon_vma)
{
	account_lock(ctx, down_write(&mem_read(anon_vma->root)->rwsem));
}

static inline void anon_vma_unlock_write(struct anon_vma *anon_vma)
{
	up_write(&mem_read(anon_vma->root)->rwsem);
}

/* mm/rmap.c anon_vma_chain_link(): the avc on the vma's list and in the
 * anon_vma's interval tree (anon_vma_interval_tree_insert()). */
static inline void anon_vma_chain_link(struct vm_area_struct *vma,
				       struct anon_vma_chain *avc,
				       struct anon_vma *anon_vma)
{
	mem_write(avc->vma, vma);
	mem_write(avc->anon_vma, anon_vma);
	list_add(&avc->same_vma, &vma->anon_vma_chain);
	interval_tree_insert(&anon_vma->rb_root, &anon_vma->nr_avcs, &avc->rb,
			     &anon_vma->rb_root);
}

static inline void anon_vma_chain_unlink(struct anon_vma_chain *avc)
{
	struct anon_vma *anon_vma = mem_read(avc->anon_vma);

	interval_tree_remove(&anon_vma->rb_root, &anon_vma->nr_avcs, &avc->rb);
}

/* The parent's vmas own their family's anon_vmas: the roots. */
static inline void anon_vma_init_root(struct anon_vma *anon_vma)
{
	spin_lock_init(&anon_vma->lock);
	INIT_LIST_HEAD(&anon_vma->head);
	init_rwsem(&anon_vma->rwsem);
	INIT_LIST_HEAD(&anon_vma->rb_root);
	anon_vma->root = anon_vma->parent = anon_vma;
	atomic_init(&anon_vma->refcount, 1);
	anon_vma->num_children = anon_vma->nr_avcs = 0;
	anon_vma->num_active_vmas = 1;
}

/*
 * mm/rmap.c anon_vma_fork() (6.x): anon_vma_clone() links the child's vma
 * to every anon_vma of the parent's under the root's rwsem (here one: a
 * parent that was never forked from has one avc); then the child gets its
 * own anon_vma (anon_vma_alloc(), refcount 1), takes a reference on the
 * root (get_anon_vma(): an atomic outside any lock) and links it under the
 * root's rwsem again.  The kernel's reuse of an idle anon_vma
 * (num_active_vmas == 0) never applies: the parent's stays active.
 */
static inline void anon_vma_fork(struct rmap_ctx *ctx,
				 struct vm_area_struct *vma,
				 struct vm_area_struct *pvma)
{
	struct anon_vma *pav = mem_read(pvma->anon_vma), *anon_vma = &vma->own;
	struct anon_vma *root = mem_read(pav->root);
	struct anon_vma_chain *pavc;

	anon_vma_lock_write(ctx, pav);
	pavc = (void *)((char *)mem_read(pvma->anon_vma_chain.next) -
			offsetof(struct anon_vma_chain, same_vma));
	anon_vma_chain_link(vma, &vma->avc[0], mem_read(pavc->anon_vma));
	anon_vma_unlock_write(pav);

	/* anon_vma_alloc(): a fresh object, seen by no other thread yet */
	INIT_LIST_HEAD(&anon_vma->rb_root);
	mem_write(anon_vma->root, root);
	mem_write(anon_vma->parent, pav);
	mem_write(anon_vma->nr_avcs, 0);
	mem_write(anon_vma->num_children, 0);
	mem_write(anon_vma->num_active_vmas, 1);
	mem_store(&anon_vma->refcount, 1, memory_order_relaxed);
	mem_fetch_add(&root->refcount, 1, memory_order_relaxed);
	mem_write(vma->anon_vma, anon_vma);
	anon_vma_lock_write(ctx, anon_vma);
	anon_vma_chain_link(vma, &vma->avc[1], anon_vma);
	mem_write(pav->num_children, pav->num_children + 1);
	anon_vma_unlock_write(anon_vma);
}

/* mm/rmap.c __put_anon_vma(): the last reference frees it, then drops
 * the one it held on the root; anon_vma_free() looks at the root's lock. */
static inline void put_anon_vma(struct rmap_ctx *ctx, struct anon_vma *anon_vma)
{
	struct anon_vma *root = mem_read(anon_vma->root);

	if (mem_fetch_sub(&anon_vma->refcount, 1, memory_order_acq_rel) != 1)
		return;
	if (rwsem_is_locked(&root->rwsem)) {
		anon_vma_lock_write(ctx, anon_vma);
		anon_vma_unlock_write(anon_vma);
	}
	if (root != anon_vma)
		mem_fetch_sub(&root->refcount, 1, memory_order_acq_rel);
}

/*
 * mm/rmap.c __anon_vma_prepare(), at an exec'd image's first anonymous
 * fault: a new anon_vma, its own root and parent (num_children counts the
 * self-parent link), and one avc, under its own rwsem.
 */
static inline void anon_vma_prepare(struct rmap_ctx *ctx,
				    struct vm_area_struct *vma)
{
	struct anon_vma *anon_vma = &vma->own;

	INIT_LIST_HEAD(&anon_vma->rb_root);
	mem_write(anon_vma->root, anon_vma);
	mem_write(anon_vma->parent, anon_vma);
	mem_write(anon_vma->nr_avcs, 0);
	mem_write(anon_vma->num_children, 1);
	mem_write(anon_vma->num_active_vmas, 1);
	mem_store(&anon_vma->refcount, 1, memory_order_relaxed);
	mem_write(vma->anon_vma, anon_vma);
	anon_vma_lock_write(ctx, anon_vma);
	anon_vma_chain_link(vma, &vma->avc[1], anon_vma);
	anon_vma_unlock_write(anon_vma);
}

/*
 * mm/rmap.c unlink_anon_vmas(): under the root's rwsem once, each avc on
 * the vma's chain leaves its anon_vma's tree; an anon_vma left empty (the
 * vma's own) lowers its parent's num_children, and the vma's anon_vma is
 * put after the unlock.  A forked vma has two avcs, an exec'd one one.
 */
static inline void unlink_anon_vmas(struct rmap_ctx *ctx,
				    struct vm_area_struct *vma)
{
	struct anon_vma *anon_vma = mem_read(vma->anon_vma);
	struct list_head *chain = &vma->anon_vma_chain, *l, *next;

	anon_vma_lock_write(ctx, anon_vma);
	for (l = mem_read(chain->next); l != chain; l = next) {
		struct anon_vma_chain *avc =
			(void *)((char *)l -
				 offsetof(struct anon_vma_chain, same_vma));
		struct anon_vma *av = mem_read(avc->anon_vma), *parent;

		next = mem_read(l->next);
		anon_vma_chain_unlink(avc);
		if (mem_read(av->nr_avcs))
			continue;
		parent = mem_read(av->parent);
		mem_write(parent->num_children, parent->num_children - 1);
	}
	mem_write(anon_vma->num_active_vmas, anon_vma->num_active_vmas - 1);
	anon_vma_unlock_write(anon_vma);
	mem_write(vma->anon_vma, NULL);
	INIT_LIST_HEAD(chain);
	put_anon_vma(ctx, anon_vma);
}

#endif
