/* SPDX-License-Identifier: GPL-2.0 */
#ifndef RMAPBENCH_MM_H
#define RMAPBENCH_MM_H

#include "page.h"
#include "rwsem.h"
#include "semaphore.h"
#include "spinlock.h"

struct vm_area_struct;

struct list_head {
	struct list_head *next, *prev;
};

static inline void INIT_LIST_HEAD(struct list_head *head)
{
	head->next = head->prev = head;
}

static inline void list_add(struct list_head *entry, struct list_head *head)
{
	struct list_head *next = mem_read(head->next);

	mem_write(entry->next, next);
	mem_write(entry->prev, head);
	mem_write(next->prev, entry);
	mem_write(head->next, entry);
}

static inline void list_del(struct list_head *entry)
{
	struct list_head *next = mem_read(entry->next);
	struct list_head *prev = mem_read(entry->prev);

	mem_write(prev->next, next);
	mem_write(next->prev, prev);
	mem_write(entry->next, entry);
	mem_write(entry->prev, entry);
}

/* objrmap: the vmas of one process family's private anonymous memory */
struct anon_vma {
	spinlock_t lock;
	struct list_head head;
	/* 2.6.34+ (anon_vma_chain, vma.h): a tree of avcs, the root's rwsem */
	struct anon_vma *root, *parent;
	atomic_int refcount;
	unsigned long num_children, num_active_vmas;
	struct list_head rb_root; /* the interval tree, as a list (vma.h) */
	unsigned long nr_avcs;
	struct rw_semaphore rwsem; /* last: 2.6.7's fields keep their lines */
} ____cacheline_aligned;

/*
 * A shared file every process maps (libc, the shell's text).  i_mmap_lock
 * is also 2.4's and 2.5's i_shared_lock, the spinlock of the same list
 * (model/vma_2x.h).  i_writecount is its inode's: after the rwsem, on the
 * second line, whose other fields (the rwsem's wait list) no kernel that
 * has i_writecount's VM_DENYWRITE touches.
 */
struct address_space {
	spinlock_t i_mmap_lock;
	semaphore_t i_shared_sem; /* 2.5.x-2.6.6: the lock of i_mmap */
	struct list_head i_mmap;
	unsigned long nr_mappers;	  /* vmas on i_mmap (vma.h) */
	struct rw_semaphore i_mmap_rwsem; /* 3.19+: the lock of i_mmap */
	atomic_int i_writecount;
} ____cacheline_aligned;

/*
 * A simulated process.  Its address space is two vmas laid end to end in
 * one flat page table: the shared file mapping in [0, anon_start) and the
 * private anonymous memory in [anon_start, nr_ptes).
 */
struct mm_struct {
	spinlock_t page_table_lock;
	pte_t *pgd;
	unsigned long nr_ptes;
	unsigned long anon_start;
	struct anon_vma *anon_vma;
	struct list_head i_mmap_link;	/* objrmap: file vma on the mapping */
	struct list_head anon_vma_link; /* objrmap: anon vma on anon_vma */
	struct vm_area_struct *mmap;	/* --vmas of them, in address order */
	unsigned int map_count;
} ____cacheline_aligned;

/* A process family: one parent that forks --children children each round. */
struct family {
	struct mm_struct parent;
	struct mm_struct *child;
	struct anon_vma anon_vma;
};

/* One page table's address range, for the pageout side's ptep_to_mm(). */
struct pgd_range {
	const pte_t *start, *end;
	struct mm_struct *mm;
};

#endif
