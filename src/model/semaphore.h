/* SPDX-License-Identifier: GPL-2.0 */
#ifndef RMAPBENCH_SEMAPHORE_H
#define RMAPBENCH_SEMAPHORE_H

#include <stdbool.h>
#include "spinlock.h"

/*
 * A 2.6 i386 struct semaphore as a mutex (count 1 free): down() is
 * "lock; decl" of the count, taken when the result is not negative, and
 * up() "lock; incl" (include/asm-i386/semaphore.h, 2.5 and 2.6.0-2.6.6):
 * two locked operations a hold where a spinlock's release is a plain
 * store.  A contended down() sleeps in __down() until up() wakes it; here
 * it gives its decrement back and waits for the count to come back, as
 * __down()'s "sleepers" arithmetic does, spinning where the kernel slept
 * (a modelled CPU runs one task, so nothing else would have run).
 */
typedef atomic_int semaphore_t;

static inline void sema_init(semaphore_t *sem)
{
	atomic_init(sem, 1);
}

/* Returns true when the first attempt found it held. */
static inline bool down(semaphore_t *sem)
{
	unsigned int spins = 0;
	bool contended = false;

	while (mem_fetch_sub(sem, 1, memory_order_acquire) < 1) {
		contended = true;
		mem_fetch_add(sem, 1, memory_order_relaxed);
		while (mem_load(sem, memory_order_relaxed) < 1)
			spin_wait_on(sem, &spins);
	}
	LOCK_HOOK(sem);
	return contended;
}

static inline void up(semaphore_t *sem)
{
	mem_fetch_add(sem, 1, memory_order_release);
}

static inline bool sema_is_locked(semaphore_t *sem)
{
	return mem_load(sem, memory_order_relaxed) < 1;
}

#endif
