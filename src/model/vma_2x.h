/* SPDX-License-Identifier: GPL-2.0 */
#ifndef RMAPBENCH_VMA_2X_H
#define RMAPBENCH_VMA_2X_H

#include "vma.h"

/*
 * fork's, exec's and exit's vma work in the kernels before the interval
 * tree, 2.4 to 2.6.x, pte chains or object rmap alike: a file vma goes on
 * its file's share list (i_mmap) under the mapping's lock, with its
 * file's atomics; and 2.6.7's anon_vma.
 *
 * The mapping's lock is a spinlock, i_shared_lock, in 2.4 and early 2.5
 * ("spin_lock(&inode->i_mapping->i_shared_lock)" in 2.4.19 kernel/fork.c
 * dup_mmap(), lock_vma_mappings() in mm/mmap.c); a semaphore, i_shared_sem,
 * from late 2.5 to 2.6.6 (--mapping-lock semaphore); and a spinlock again,
 * i_mmap_lock, from 2.6.7 ("spin_lock(&mapping->i_mmap_lock)" in 2.6.7
 * kernel/fork.c dup_mmap() and mm/mmap.c remove_vm_struct()).  2.6's
 * i_shared_sem, as 2.6.5's kernel/fork.c dup_mmap() and mm/mmap.c
 * remove_shared_vm_struct() take it, is quoted in the "-" lines of Rajesh
 * Venkatasubramanian, "Re: [PATCH] anobjrmap 9 priority mjb tree",
 * linux-kernel, 12 Apr 2004,
 * <Pine.GSO.4.58.0404120028200.11877@azure.engin.umich.edu>:
 * "down(&file->f_mapping->i_shared_sem); ... up(...)" around the link,
 * "down(&mapping->i_shared_sem)" around __remove_shared_vm_struct().
 */
static inline void i_mmap_lock_2x(struct rmap_ctx *ctx,
				  struct address_space *mapping)
{
	if (ctx->mapping_sem)
		account_file_lock(ctx, down(&mapping->i_shared_sem));
	else
		account_file_lock(ctx, spin_lock(&mapping->i_mmap_lock));
}

static inline void i_mmap_unlock_2x(struct rmap_ctx *ctx,
				    struct address_space *mapping)
{
	if (ctx->mapping_sem)
		up(&mapping->i_shared_sem);
	else
		spin_unlock(&mapping->i_mmap_lock);
}

/*
 * A file vma on its mapping's list after after, under its lock, and its
 * inode's i_writecount lowered if VM_DENYWRITE ("if (vma->vm_flags &
 * VM_DENYWRITE) atomic_dec(&inode->i_writecount)": 2.4.19 kernel/fork.c
 * dup_mmap() and mm/mmap.c __vma_link_file(), the same in 2.6.0-2.6.9).
 */
static inline void vma_link_file_2x(struct rmap_ctx *ctx,
				    struct vm_area_struct *vma,
				    struct list_head *after)
{
	struct address_space *mapping = mem_read(vma->vm_file);

	if (mem_read(vma->vm_denywrite))
		mem_fetch_sub(&mapping->i_writecount, 1, memory_order_relaxed);
	i_mmap_lock_2x(ctx, mapping);
	list_add(&vma->shared, after);
	mem_write(mapping->nr_mappers, mapping->nr_mappers + 1);
	i_mmap_unlock_2x(ctx, mapping);
}

/*
 * dup_mmap() per file vma: "get_file(file)", the VM_DENYWRITE decrement,
 * then "insert tmp into the share list, just after mpnt" under the
 * mapping's lock (2.4.19, 2.6.5 as quoted above, 2.6.7: there
 * vma_prio_tree_add() puts it on the parent's vm_set list, no tree walk).
 */
static inline void dup_file_vma(struct rmap_ctx *ctx,
				struct vm_area_struct *vma,
				struct vm_area_struct *pvma)
{
	get_file(vma, pvma);
	vma_link_file_2x(ctx, vma, &pvma->shared);
}

/*
 * exec's mmap of a file vma: do_mmap_pgoff() takes a reference on the
 * exec'd file ("get_file(file)", the file exec opened: this vma's own),
 * then vma_link() links it at the list's head (2.4.19 mm/mmap.c
 * __vma_link_file() under lock_vma_mappings(); 2.6.7
 * vma_prio_tree_insert() under i_mmap_lock).
 */
static inline void exec_file_vma(struct rmap_ctx *ctx,
				 struct vm_area_struct *vma)
{
	struct address_space *mapping = mem_read(vma->vm_file);

	mem_write(vma->vm_file_ref, &vma->f_count);
	mem_fetch_add(&vma->f_count, 1, memory_order_relaxed);
	vma_link_file_2x(ctx, vma, &mapping->i_mmap);
}

/*
 * exit_mmap() per file vma: remove_shared_vm_struct() (2.4.19 and 2.6.0-6
 * mm/mmap.c; 2.6.7's remove_vm_struct()) under the mapping's lock gives
 * i_writecount back ("atomic_inc(&inode->i_writecount)" if VM_DENYWRITE)
 * and unlinks the vma; then "fput(vma->vm_file)".
 */
static inline void remove_file_vma(struct rmap_ctx *ctx,
				   struct vm_area_struct *vma)
{
	struct address_space *mapping = mem_read(vma->vm_file);

	i_mmap_lock_2x(ctx, mapping);
	if (mem_read(vma->vm_denywrite))
		mem_fetch_add(&mapping->i_writecount, 1, memory_order_relaxed);
	list_del(&vma->shared);
	mem_write(mapping->nr_mappers, mapping->nr_mappers - 1);
	i_mmap_unlock_2x(ctx, mapping);
	fput(vma);
}

/* ---- 2.6.7 ---------------------------------------------------------- */

/* 2.6.7 mm/rmap.c anon_vma_link(): list_add_tail on anon_vma->head under
 * anon_vma->lock; anon_vma_unlink() is list_del under the same lock. */
static inline void anon_vma_link_267(struct rmap_ctx *ctx,
				     struct vm_area_struct *vma)
{
	struct anon_vma *anon_vma = mem_read(vma->anon_vma);

	account_lock(ctx, spin_lock(&anon_vma->lock));
	list_add(&vma->anon_vma_node, mem_read(anon_vma->head.prev));
	spin_unlock(&anon_vma->lock);
}

static inline void anon_vma_unlink_267(struct rmap_ctx *ctx,
				       struct vm_area_struct *vma)
{
	struct anon_vma *anon_vma = mem_read(vma->anon_vma);

	account_lock(ctx, spin_lock(&anon_vma->lock));
	list_del(&vma->anon_vma_node);
	spin_unlock(&anon_vma->lock);
}

/*
 * 2.6.7 mm/rmap.c anon_vma_prepare(), at an exec'd image's first
 * anonymous fault: a new anon_vma (anon_vma_alloc(); its slab constructor
 * sets up the lock and list), linked under page_table_lock only, since
 * no other process can see it yet.
 */
static inline void anon_vma_prepare_267(struct vm_area_struct *vma)
{
	struct anon_vma *anon_vma = &vma->own;
	struct mm_struct *mm = mem_read(vma->vm_mm);

	spin_lock_init(&anon_vma->lock);
	INIT_LIST_HEAD(&anon_vma->head);
	spin_lock(&mm->page_table_lock);
	mem_write(vma->anon_vma, anon_vma);
	list_add(&vma->anon_vma_node, &anon_vma->head);
	spin_unlock(&mm->page_table_lock);
}

/*
 * 2.6.7 kernel/fork.c dup_mmap(), per vma in address order: "*tmp =
 * *mpnt" (the child's vma shares the parent's anon_vma), anon_vma_link(),
 * then a file vma's i_mmap link.  The file vmas of this model have no
 * anon_vma (nothing wrote to them), so each vma takes one lock.
 */
static inline void dup_mmap_267(struct rmap_ctx *ctx, struct mm_struct *dst,
				struct mm_struct *src)
{
	unsigned int n = mem_read(src->map_count);

	for (unsigned int i = 0; i < n; i++) {
		struct vm_area_struct *vma = &dst->mmap[i],
				      *pvma = &src->mmap[i];

		if (mem_read(pvma->vm_file)) {
			dup_file_vma(ctx, vma, pvma);
			continue;
		}
		mem_write(vma->anon_vma, mem_read(pvma->anon_vma));
		anon_vma_link_267(ctx, vma);
	}
}

/* 2.6.7 mm/mmap.c exit_mmap(): remove_vm_struct() per vma, after the zap:
 * the file unlink, then anon_vma_unlink(). */
static inline void exit_mmap_267(struct rmap_ctx *ctx, struct mm_struct *mm)
{
	unsigned int n = mem_read(mm->map_count);

	for (unsigned int i = 0; i < n; i++) {
		struct vm_area_struct *vma = &mm->mmap[i];

		if (mem_read(vma->vm_file)) {
			remove_file_vma(ctx, vma);
			continue;
		}
		anon_vma_unlink_267(ctx, vma);
		mem_write(vma->anon_vma, NULL);
	}
}

/* exec's new image: every vma mapped again (the program's own layout). */
static inline void exec_mmap_267(struct rmap_ctx *ctx, struct mm_struct *mm)
{
	unsigned int n = mem_read(mm->map_count);

	for (unsigned int i = 0; i < n; i++) {
		struct vm_area_struct *vma = &mm->mmap[i];

		if (mem_read(vma->vm_file))
			exec_file_vma(ctx, vma);
		else
			anon_vma_prepare_267(vma);
	}
}

#endif
