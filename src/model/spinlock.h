/* SPDX-License-Identifier: GPL-2.0 */
#ifndef RMAPBENCH_SPINLOCK_H
#define RMAPBENCH_SPINLOCK_H

#include <pthread.h>
#include <sched.h>
#include <stdbool.h>
#include "abort.h"
#include "access.h"
#include "lib/compiler.h"

/*
 * A 2.5-era x86 spinlock: one 32-bit word, so that a packed lock table puts
 * sixteen locks in a cache line, exactly as the hashed rmap locks did.
 */
typedef atomic_uint spinlock_t;

#define SPIN_BEFORE_YIELD 1024

static inline void spin_lock_init(spinlock_t *lock)
{
	atomic_init(lock, 0);
}

/*
 * One round of waiting for a lock word to change.  A thread that waits long
 * enough to yield also looks for the watchdog's abort and leaves: that is
 * how a livelocked point ends without hanging the run.
 */
static inline void spin_wait(unsigned int *spins)
{
	cpu_relax();
	if (likely(++*spins % SPIN_BEFORE_YIELD))
		return;
	if (atomic_load_explicit(&rmap_abort, memory_order_relaxed))
		pthread_exit(NULL);
	sched_yield();
}

/* One round of waiting for the word at p to change (the machine's hook). */
#define spin_wait_on(p, spins)    \
	do {                      \
		SPIN_HOOK(p);     \
		spin_wait(spins); \
	} while (0)

/*
 * A held lock's word is its holder's tag: 1 for a plain lock, or something
 * that names what it is held for (the page, for the hashed rmap locks), so
 * that a waiter can tell a true conflict from a hash collision.
 */
static inline bool spin_trylock_tag(spinlock_t *lock, unsigned int tag,
				    unsigned int *holder)
{
	bool ok;

	*holder = 0;
	/* i386 spin_lock(): "lock; decb" (include/asm-i386/spinlock.h) */
	ok = mem_cmpxchg(lock, holder, tag, memory_order_acquire,
			 memory_order_relaxed);
	if (ok)
		LOCK_HOOK(lock);
	return ok;
}

static inline bool spin_trylock(spinlock_t *lock)
{
	unsigned int holder;

	return spin_trylock_tag(lock, 1, &holder);
}

/*
 * Test-and-test-and-set.  User space has no preempt_disable(): a lock holder
 * can be descheduled, so after a while of spinning we yield the CPU rather
 * than burn the holder's time slice (matters only when oversubscribed).
 * Returns the tag of the holder that made the first attempt wait.
 */
static noinline unsigned int spin_lock_slow(spinlock_t *lock, unsigned int tag,
					    unsigned int first)
{
	unsigned int spins = 0, holder;

	do {
		while (mem_load(lock, memory_order_relaxed))
			spin_wait_on(lock, &spins);
	} while (!spin_trylock_tag(lock, tag, &holder));
	return first;
}

/* Returns 0 when the first attempt succeeded, else spin_lock_slow()'s. */
static rmap_inline unsigned int spin_lock_tag(spinlock_t *lock,
					      unsigned int tag)
{
	unsigned int first;

	if (likely(spin_trylock_tag(lock, tag, &first)))
		return 0;
	return spin_lock_slow(lock, tag, first);
}

/* Returns true when the acquisition was contended. */
static inline bool spin_lock(spinlock_t *lock)
{
	return spin_lock_tag(lock, 1) != 0;
}

/*
 * i386 spin_unlock(): "movb $1,%0", a plain store, no lock prefix
 * (include/asm-i386/spinlock.h, 2.4 and 2.5): x86 stores are not
 * reordered with older loads and stores, so release needs nothing more.
 */
static inline void spin_unlock(spinlock_t *lock)
{
	mem_store(lock, 0, memory_order_release);
}

static inline bool spin_is_locked(spinlock_t *lock)
{
	return mem_load(lock, memory_order_relaxed) != 0;
}

#endif
