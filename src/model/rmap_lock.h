/* SPDX-License-Identifier: GPL-2.0 */
#ifndef RMAPBENCH_RMAP_LOCK_H
#define RMAPBENCH_RMAP_LOCK_H

#include <stdint.h>
#include "page.h"
#include "spinlock.h"

/* An accounting counter: see struct rmap_stats. */
typedef unsigned long long stat_t;

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

/* Whether page->index still hashes to the lock taken for index. */
static inline bool rmap_index_same(struct page *page, unsigned long index)
{
	return mem_load(&page->index, memory_order_relaxed) == index;
}

/* The lock taken, and the tag of whoever made the first attempt wait. */
struct rmap_locked {
	spinlock_t *lock;
	unsigned int holder;
};

/*
 * page->index can change while we wait (set_page_index() from the swap
 * cache), so the lock we got may no longer be the page's: check under the
 * lock and go round again.  *retries counts those rounds.  Returned by
 * value: the caller's holder never has its address taken, and its test
 * folds away on the fast path.
 */
static noinline struct rmap_locked
lock_rmap_slow(const struct rmap_locks *locks, struct page *page,
	       unsigned int holder, stat_t *retries)
{
	unsigned int tag = page_tag(page);

	for (;;) {
		unsigned long index = page_index(page);
		spinlock_t *lock =
			rmap_lock_ptr(locks, rmap_lockno(locks, index));
		unsigned int first = spin_lock_tag(lock, tag);

		if (!holder)
			holder = first;
		if (likely(rmap_index_same(page, index)))
			return (struct rmap_locked){ lock, holder };
		spin_unlock(lock);
		++*retries;
	}
}

/*
 * lock_rmap() of the 2.5.31 patch: the lock page->index hashes to, taken
 * and checked.  *holder is the tag of whoever made the first attempt wait,
 * 0 if nobody did.
 */
static rmap_inline spinlock_t *lock_rmap(const struct rmap_locks *locks,
					 struct page *page,
					 unsigned int *holder, stat_t *retries)
{
	unsigned long index = page_index(page);
	spinlock_t *lock = rmap_lock_ptr(locks, rmap_lockno(locks, index));
	struct rmap_locked got;
	unsigned int first;

	*holder = 0;
	if (likely(spin_trylock_tag(lock, page_tag(page), &first))) {
		if (likely(rmap_index_same(page, index)))
			return lock;
		spin_unlock(lock);
		++*retries;
		first = 0;
	}
	got = lock_rmap_slow(locks, page, first, retries);
	*holder = got.holder;
	return got.lock;
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
	stat_t retries = 0;
	spinlock_t *lock = lock_rmap(locks, page, &holder, &retries);

	mem_store(&page->index, index, memory_order_release);
	unlock_rmap(lock);
}

int rmap_locks_init(struct rmap_locks *locks, unsigned long nr,
		    unsigned int shift, unsigned int stride);
void rmap_locks_destroy(struct rmap_locks *locks);
/* The first held lock's number, or -1 when all are free. */
long rmap_locks_first_held(const struct rmap_locks *locks);

#endif
