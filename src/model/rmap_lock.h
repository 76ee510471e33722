/* SPDX-License-Identifier: GPL-2.0 */
#ifndef RMAPBENCH_RMAP_LOCK_H
#define RMAPBENCH_RMAP_LOCK_H

#include <stdint.h>
#include "page.h"
#include "spinlock.h"

/*
 * The hashed rmap locks of the 2.5.31 patch: a table of spinlocks chosen by
 * page->index, so that pages which are neighbours in their file (or were
 * allocated together) share a lock and a batch of them costs one
 * acquisition.  stride is sizeof(spinlock_t) for the packed table and a
 * cache line or more for the padded one.
 */
struct rmap_locks {
	char *base;
	unsigned long mask;  /* --locks - 1 */
	unsigned int shift;  /* --lock-shift */
	unsigned int stride; /* bytes from one lock to the next */
};

static inline unsigned long rmap_lockno(const struct rmap_locks *locks,
					unsigned long index)
{
	return (index >> locks->shift) & locks->mask;
}

static inline spinlock_t *rmap_lock_ptr(const struct rmap_locks *locks,
					unsigned long lockno)
{
	return (spinlock_t *)(locks->base + lockno * locks->stride);
}

/* What a hashed lock's word holds while held for page: never 0 or 1. */
static inline unsigned int page_tag(const struct page *page)
{
	return (unsigned int)((uintptr_t)page / sizeof(*page)) | 0x80000000u;
}

/*
 * page->index can change while we wait (set_page_index() from the swap
 * cache), so the lock we got may no longer be the page's: check under the
 * lock and go round again.  *retries counts those rounds; *holder is the
 * tag of whoever made the first attempt wait, 0 if nobody did.
 */
static inline spinlock_t *lock_rmap(const struct rmap_locks *locks,
				    struct page *page, unsigned int *holder,
				    unsigned long *retries)
{
	unsigned int tag = page_tag(page), first;

	*holder = 0;
	for (;;) {
		unsigned long index = page_index(page);
		spinlock_t *lock =
			rmap_lock_ptr(locks, rmap_lockno(locks, index));

		first = spin_lock_tag(lock, tag);
		if (!*holder)
			*holder = first;
		if (likely(atomic_load_explicit(&page->index,
						memory_order_relaxed) == index))
			return lock;
		spin_unlock(lock);
		++*retries;
	}
}

static inline void unlock_rmap(spinlock_t *lock)
{
	spin_unlock(lock);
}

/* index changes only under the lock it hashes to before the change. */
static inline void set_page_index_locked(const struct rmap_locks *locks,
					 struct page *page, unsigned long index)
{
	unsigned int holder;
	unsigned long retries = 0;
	spinlock_t *lock = lock_rmap(locks, page, &holder, &retries);

	atomic_store_explicit(&page->index, index, memory_order_release);
	unlock_rmap(lock);
}

int rmap_locks_init(struct rmap_locks *locks, unsigned long nr,
		    unsigned int shift, unsigned int stride);
void rmap_locks_destroy(struct rmap_locks *locks);
/* The first held lock's number, or -1 when all are free. */
long rmap_locks_first_held(const struct rmap_locks *locks);

#endif
