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

/*
 * The ticket spinlock of 2.6.25 ("x86: FIFO ticket spinlocks", Nick
 * Piggin, commit 314cdbefd1fd, January 2008): a waiter takes a ticket
 * with "lock; xaddw" on the next half and spins on plain reads until the
 * owner half shows its ticket; unlock is "incb" of the owner half, a
 * plain read and store, no lock prefix.  The halves are two 16-bit words
 * of one 32-bit lock, as the kernel's bytes of one word (a 16-bit owner
 * so that more than 256 CPUs can wait, as NR_CPUS >= 256 kernels have).
 */
typedef struct {
	_Atomic unsigned short owner, next;
} ticket_spinlock_t;

static inline void ticket_spin_lock_init(ticket_spinlock_t *lock)
{
	atomic_init(&lock->owner, 0);
	atomic_init(&lock->next, 0);
}

/* One round of waiting for the owner half to change (the FIFO hook). */
static inline void ticket_wait_on(ticket_spinlock_t *lock,
				  unsigned short ticket, unsigned int *spins)
{
#if RMAP_VARIANT == RMAP_MODEL
	machine_spin_ticket(&lock->owner, ticket);
#else
	(void)lock;
	(void)ticket;
#endif
	spin_wait(spins);
}

/* Returns true when the acquisition was contended. */
static inline bool ticket_spin_lock(ticket_spinlock_t *lock)
{
	unsigned short me = mem_fetch_add(&lock->next, 1, memory_order_relaxed);
	unsigned int spins = 0;
	bool waited = false;

	while (mem_load(&lock->owner, memory_order_acquire) != me) {
		waited = true;
		ticket_wait_on(lock, me, &spins);
	}
	LOCK_HOOK(lock);
	return waited;
}

static inline void ticket_spin_unlock(ticket_spinlock_t *lock)
{
	unsigned short owner = mem_load(&lock->owner, memory_order_relaxed);

	mem_store(&lock->owner, (unsigned short)(owner + 1),
		  memory_order_release);
}

/*
 * The queued spinlock of 4.2 ("locking/qspinlock: Introduce a simple
 * generic 4-byte queued spinlock", Waiman Long, commit a33fda35e3a7,
 * April 2015) is an MCS lock (Mellor-Crummey and Scott, ACM TOCS 9(1),
 * 1991) folded into one word: each waiter spins on a node of its own
 * CPU, so a release writes one waiter's line, not every waiter's.  This
 * is the MCS queue alone: the pending bit and the lock-word fast paths
 * that qspinlock adds for the first waiter change what an uncontended
 * or once-contended lock costs, not how a handoff scales.  The caller
 * gives its CPU's node (the kernel's per-CPU qnodes).
 */
struct mcs_node {
	_Alignas(64) _Atomic(struct mcs_node *) next;
	atomic_uint locked;
};

typedef _Atomic(struct mcs_node *) mcs_spinlock_t;

/* Returns true when the acquisition was contended. */
static inline bool mcs_spin_lock(mcs_spinlock_t *lock, struct mcs_node *node)
{
	struct mcs_node *prev;
	unsigned int spins = 0;

	mem_store(&node->next, NULL, memory_order_relaxed);
	mem_store(&node->locked, 0, memory_order_relaxed);
	prev = mem_xchg(lock, node, memory_order_acq_rel);
	if (!prev) {
		LOCK_HOOK(lock);
		return false;
	}
	mem_store(&prev->next, node, memory_order_release);
	while (!mem_load(&node->locked, memory_order_acquire))
		spin_wait_on(&node->locked, &spins);
	LOCK_HOOK(lock);
	return true;
}

static inline void mcs_spin_unlock(mcs_spinlock_t *lock, struct mcs_node *node)
{
	struct mcs_node *next = mem_load(&node->next, memory_order_acquire);
	unsigned int spins = 0;

	if (!next) {
		struct mcs_node *me = node;

		if (mem_cmpxchg(lock, &me, NULL, memory_order_release,
				memory_order_relaxed))
			return;
		/* a waiter swapped itself in and is linking behind us */
		while (!(next = mem_load(&node->next, memory_order_acquire)))
			spin_wait_on(&node->next, &spins);
	}
	mem_store(&next->locked, 1, memory_order_release);
}

#endif
