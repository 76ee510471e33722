/* SPDX-License-Identifier: GPL-2.0 */
#ifndef RMAPBENCH_RWSEM_H
#define RMAPBENCH_RWSEM_H

#include <stdbool.h>
#include "access.h"
#include "spinlock.h"

/*
 * struct rw_semaphore as today's kernel has it (kernel/locking/rwsem.c,
 * since 5.3's "locking/rwsem: Merge owner into count on x86-64" rework):
 * one atomic count word holding a writer bit and the readers, and an owner
 * word beside it.  It guards the file's i_mmap tree (i_mmap_rwsem, since
 * 3.19: "mm: convert i_mmap_mutex to rwsem") and the anon_vma trees (the
 * root's rwsem, since 3.8: "mm: anon_vma: Convert the mutex to an rwsem").
 *
 * Writers are exclusive: down_write() is one cmpxchg_acquire from 0 to
 * RWSEM_WRITER_LOCKED; up_write() is an atomic fetch_add_release, a locked
 * operation (unlike spin_unlock()'s plain store).  The kernel's slow path
 * spins while the owner runs and then sleeps; here a waiter spins on the
 * word and yields after a while (spin_wait()), as user space must.
 */
struct rw_semaphore {
	atomic_long count;
	atomic_long owner; /* rwsem_set_owner(): the writer, for spinners */
};

#define RWSEM_WRITER_LOCKED (1L << 0)

/* One round of waiting on the count word (the machine's hook first). */
static inline void rwsem_wait(struct rw_semaphore *sem, unsigned int *spins)
{
	SPIN_HOOK(&sem->count);
	spin_wait(spins);
}
#define RWSEM_READER_BIAS (1L << 8)

static inline void init_rwsem(struct rw_semaphore *sem)
{
	atomic_init(&sem->count, 0);
	atomic_init(&sem->owner, 0);
}

/* rwsem_write_trylock() */
static inline bool down_write_trylock(struct rw_semaphore *sem)
{
	long tmp = 0;

	if (!mem_cmpxchg(&sem->count, &tmp, RWSEM_WRITER_LOCKED,
			 memory_order_acquire, memory_order_relaxed))
		return false;
	LOCK_HOOK(&sem->count);
	mem_store(&sem->owner, 1, memory_order_relaxed);
	return true;
}

/* down_write(); returns true when the first attempt found it held. */
static inline bool down_write(struct rw_semaphore *sem)
{
	unsigned int spins = 0;

	if (likely(down_write_trylock(sem)))
		return false;
	do {
		while (mem_load(&sem->count, memory_order_relaxed))
			rwsem_wait(sem, &spins);
	} while (!down_write_trylock(sem));
	return true;
}

/* __up_write(): rwsem_clear_owner(), then fetch_add_release. */
static inline void up_write(struct rw_semaphore *sem)
{
	mem_store(&sem->owner, 0, memory_order_relaxed);
	mem_fetch_sub(&sem->count, RWSEM_WRITER_LOCKED, memory_order_release);
}

/*
 * down_read(): add a reader bias with acquire; a writer holding it sends
 * the reader to wait (rwsem_down_read_slowpath) until the writer leaves.
 * Returns true when it had to wait.
 */
static inline bool down_read(struct rw_semaphore *sem)
{
	unsigned int spins = 0;
	bool waited = false;

	while (mem_fetch_add(&sem->count, RWSEM_READER_BIAS,
			     memory_order_acquire) &
	       RWSEM_WRITER_LOCKED) {
		mem_fetch_sub(&sem->count, RWSEM_READER_BIAS,
			      memory_order_relaxed);
		waited = true;
		while (mem_load(&sem->count, memory_order_relaxed) &
		       RWSEM_WRITER_LOCKED)
			rwsem_wait(sem, &spins);
	}
	LOCK_HOOK(&sem->count);
	return waited;
}

static inline void up_read(struct rw_semaphore *sem)
{
	mem_fetch_sub(&sem->count, RWSEM_READER_BIAS, memory_order_release);
}

static inline bool rwsem_is_locked(struct rw_semaphore *sem)
{
	return mem_load(&sem->count, memory_order_relaxed) != 0;
}

#endif
