/* SPDX-License-Identifier: GPL-2.0 */
#ifndef RMAPBENCH_RWSEM_H
#define RMAPBENCH_RWSEM_H

#include <stdbool.h>
#include <stddef.h>
#include "access.h"
#include "spinlock.h"
#if RMAP_VARIANT == RMAP_MODEL
#include "machine/wakeup.h"
#define WAKEUP_HOOK() machine_wakeup()
#else
#define WAKEUP_HOOK() ((void)0)
#endif

/*
 * struct rw_semaphore as today's kernel has it (kernel/locking/rwsem.c
 * since 5.3's rework, "locking/rwsem: Merge owner into count on x86-64"
 * and its series, Waiman Long; readers stopped spinning in 5.11, "locking/
 * rwsem: Remove reader optimistic spinning"): one atomic count word with a
 * writer bit, a waiters flag and the readers; the owner beside it, which
 * spinners watch; the OSQ, an MCS queue of optimistic spinners
 * (kernel/locking/osq_lock.c); and the wait list under wait_lock.  It
 * guards the file's i_mmap tree (i_mmap_rwsem, since 3.19: "mm: convert
 * i_mmap_mutex to rwsem") and the anon_vma trees (the root's rwsem, since
 * 3.8: "mm: anon_vma: Convert the mutex to an rwsem").
 *
 * A writer that finds it held spins optimistically (rwsem_optimistic_spin())
 * while the owner runs: it first queues on the OSQ, spinning on its own
 * node, so only the queue's head spins on the lock's line; the head takes
 * the lock when the owner lets go, then passes the head on with one store
 * to the next node (osq_unlock()).  A contended release thus moves the
 * lock's line to one spinner, not to every waiter.  A writer that may not
 * spin (the owner is not running; CONFIG_RWSEM_SPIN_ON_OWNER off: here
 * rwsem_spin_on_owner false), and every reader that finds a writer, joins
 * the wait list and sleeps; up_write() of a lock with waiters calls
 * rwsem_wake(), which under wait_lock wakes the first waiter if it is a
 * writer, or every reader on the list (rwsem_mark_wake(), granting them
 * the lock), each woken task paying the profile's wakeup cost.
 *
 * A virtual CPU of the model is never preempted, so an owner always runs:
 * modelled writers spin and never sleep, as the kernel's do while owners
 * stay on their CPUs.  Left out: the handoff bit a waiter sets after
 * RWSEM_WAIT_TIMEOUT (4 ms) to stop spinners stealing, and the spin's
 * end at need_resched(); neither comes into a run of milliseconds of
 * virtual time with one task per CPU.
 */
struct optimistic_spin_node {
	_Atomic(struct optimistic_spin_node *) next;
	atomic_int locked;	/* 1: this node heads the queue */
} __attribute__((aligned(64))); /* per-CPU, one line each, as osq_node */

struct rwsem_waiter {
	struct rwsem_waiter *next; /* on the wait list, under wait_lock */
	bool reader;
	atomic_int woken; /* the task was woken: its wake_q entry */
} __attribute__((aligned(64)));

/*
 * What a CPU that waits for an rwsem uses meanwhile: its OSQ node, per
 * CPU in the kernel (kernel/locking/osq_lock.c: "static
 * DEFINE_PER_CPU_SHARED_ALIGNED(struct optimistic_spin_node, osq_node)"),
 * and its waiter, on the waiting task's stack there
 * (rwsem_down_write_slowpath()'s "struct rwsem_waiter waiter").  The model
 * build keeps both in the CPU's own lines (machine_cpu_local()): a
 * modelled CPU's stack is a coroutine's, at the compiler's depth, and the
 * model's lines would follow it.  A CPU waits for one rwsem at a time.
 */
struct rwsem_local {
	struct optimistic_spin_node node;
	struct rwsem_waiter waiter;
};

/* The caller's rwsem_local: on_stack, or in the model build the CPU's. */
static inline struct rwsem_local *rwsem_local(struct rwsem_local *on_stack)
{
#if RMAP_VARIANT == RMAP_MODEL
	_Static_assert(sizeof(struct rwsem_local) <= MACHINE_CPU_LOCAL,
		       "a CPU's rwsem_local fits its lines");
	(void)on_stack;
	return machine_cpu_local();
#else
	return on_stack;
#endif
}

struct rw_semaphore {
	atomic_long count;
	atomic_long owner; /* rwsem_set_owner(): the writer, for spinners */
	_Atomic(struct optimistic_spin_node *) osq; /* the queue's tail */
	spinlock_t wait_lock;
	struct rwsem_waiter *wait_head, *wait_tail; /* under wait_lock */
	unsigned long wakeups; /* tasks woken, under wait_lock: for tests */
};

#define RWSEM_WRITER_LOCKED (1L << 0)
#define RWSEM_FLAG_WAITERS (1L << 1)
#define RWSEM_READER_BIAS (1L << 8)
#define RWSEM_READER_MASK (~(RWSEM_READER_BIAS - 1))
#define RWSEM_LOCK_MASK (RWSEM_WRITER_LOCKED | RWSEM_READER_MASK)

/*
 * CONFIG_RWSEM_SPIN_ON_OWNER (default y on SMP x86): writers spin on a
 * running owner.  false sends every contended writer to the wait list, as
 * a preempted owner would; tests set it.
 */
extern bool rwsem_spin_on_owner;
/*
 * false (--rwsem count-spin, an idealization): spinners skip the OSQ and
 * all spin on the count word, so every release is re-read by each.
 */
extern bool rwsem_osq;

static inline void init_rwsem(struct rw_semaphore *sem)
{
	atomic_init(&sem->count, 0);
	atomic_init(&sem->owner, 0);
	atomic_init(&sem->osq, NULL);
	spin_lock_init(&sem->wait_lock);
	sem->wait_head = sem->wait_tail = NULL;
	sem->wakeups = 0;
}

/* Waits for *p, read with mem_load(), to become nonzero. */
static inline void wait_for_nonzero(atomic_int *p)
{
	unsigned int spins = 0;

	while (!mem_load(p, memory_order_acquire)) {
		SPIN_HOOK(p);
		spin_wait(&spins);
	}
}

/* ---- the OSQ (kernel/locking/osq_lock.c) ---- */

/* osq_lock(): xchg the tail, link behind the old tail, spin on our node. */
static inline void osq_lock(struct rw_semaphore *sem,
			    struct optimistic_spin_node *node)
{
	struct optimistic_spin_node *prev;

	atomic_init(&node->next, NULL);
	atomic_init(&node->locked, 0);
	prev = mem_xchg(&sem->osq, node, memory_order_acq_rel);
	if (!prev)
		return;
	mem_store(&prev->next, node, memory_order_release);
	wait_for_nonzero(&node->locked);
}

/* osq_unlock(): the last node clears the tail, else hands the head on. */
static inline void osq_unlock(struct rw_semaphore *sem,
			      struct optimistic_spin_node *node)
{
	struct optimistic_spin_node *expect = node, *next;
	unsigned int spins = 0;

	if (mem_cmpxchg(&sem->osq, &expect, NULL, memory_order_release,
			memory_order_relaxed))
		return;
	/* osq_wait_next(): a successor is linking itself in */
	while (!(next = mem_load(&node->next, memory_order_acquire))) {
		SPIN_HOOK(&node->next);
		spin_wait(&spins);
	}
	mem_store(&next->locked, 1, memory_order_release);
}

/* ---- the writer's fast path and its spin ---- */

/* rwsem_write_trylock(): a cmpxchg from 0 (no waiters, no holder). */
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

/*
 * rwsem_try_write_lock_unqueued(): take a free lock, keeping the waiters
 * flag, with one cmpxchg.
 */
static inline bool rwsem_try_write_lock_unqueued(struct rw_semaphore *sem)
{
	long c = mem_load(&sem->count, memory_order_relaxed);

	while (!(c & RWSEM_LOCK_MASK)) {
		if (mem_cmpxchg(&sem->count, &c, c | RWSEM_WRITER_LOCKED,
				memory_order_acquire, memory_order_relaxed)) {
			LOCK_HOOK(&sem->count);
			mem_store(&sem->owner, 1, memory_order_relaxed);
			return true;
		}
	}
	return false;
}

/*
 * rwsem_optimistic_spin() for a writer, as the OSQ's head: spin on the
 * owner's line (rwsem_spin_on_owner()), which holds the count, until the
 * lock is free, then take it.  The owner always runs (above); a lock the
 * readers hold is spun on too, as the kernel does up to its reader-owned
 * threshold (rwsem_rspin_threshold(): 25 us and more), longer than any
 * modelled hold.
 */
static inline void rwsem_optimistic_spin(struct rw_semaphore *sem)
{
	struct rwsem_local on_stack, *local = rwsem_local(&on_stack);
	unsigned int spins = 0;

	if (rwsem_osq)
		osq_lock(sem, &local->node);
	while (!rwsem_try_write_lock_unqueued(sem)) {
		while (mem_load(&sem->count, memory_order_relaxed) &
		       RWSEM_LOCK_MASK) {
			SPIN_HOOK(&sem->count);
			spin_wait(&spins);
		}
	}
	if (rwsem_osq)
		osq_unlock(sem, &local->node);
}

/* ---- the wait list ---- */

static inline void rwsem_add_waiter(struct rw_semaphore *sem,
				    struct rwsem_waiter *w)
{
	w->next = NULL;
	if (sem->wait_tail)
		mem_write(sem->wait_tail->next, w);
	else
		mem_write(sem->wait_head, w);
	mem_write(sem->wait_tail, w);
}

static inline void rwsem_del_waiter(struct rw_semaphore *sem,
				    struct rwsem_waiter *w)
{
	struct rwsem_waiter **pp = &sem->wait_head, *prev = NULL;

	while (mem_read(*pp) != w) {
		prev = *pp;
		pp = &prev->next;
	}
	mem_write(*pp, mem_read(w->next));
	if (mem_read(sem->wait_tail) == w)
		mem_write(sem->wait_tail, prev);
	if (!mem_read(sem->wait_head))
		mem_fetch_and(&sem->count, ~RWSEM_FLAG_WAITERS,
			      memory_order_relaxed);
}

/* try_to_wake_up() of a waiter, through its wake_q entry. */
static inline void rwsem_wake_waiter(struct rw_semaphore *sem,
				     struct rwsem_waiter *w)
{
	mem_write(sem->wakeups, sem->wakeups + 1);
	mem_store(&w->woken, 1, memory_order_release);
}

/*
 * rwsem_mark_wake(), under wait_lock: a writer first is woken alone, to
 * take the lock itself; else every reader on the list (up to
 * MAX_READERS_WAKEUP, 256) is granted the lock (one add of their biases)
 * and woken, and the writers stay queued; unless a spinning writer took
 * the lock first, whose release wakes them instead.
 */
static inline void rwsem_mark_wake(struct rw_semaphore *sem)
{
	struct rwsem_waiter *w = mem_read(sem->wait_head), *next;
	long readers = 0;

	if (!w)
		return;
	if (!mem_read(w->reader)) {
		rwsem_wake_waiter(sem, w);
		return;
	}
	for (; w; w = next) {
		next = mem_read(w->next);
		if (mem_read(w->reader) && readers < 256)
			readers++;
	}
	/* a spinning writer may have taken the lock since: undo, it wakes */
	if (mem_fetch_add(&sem->count, readers * RWSEM_READER_BIAS,
			  memory_order_acquire) &
	    RWSEM_WRITER_LOCKED) {
		mem_fetch_sub(&sem->count, readers * RWSEM_READER_BIAS,
			      memory_order_relaxed);
		return;
	}
	for (w = mem_read(sem->wait_head); w; w = next) {
		next = mem_read(w->next);
		if (!mem_read(w->reader) || !readers)
			continue;
		readers--;
		rwsem_del_waiter(sem, w);
		rwsem_wake_waiter(sem, w);
	}
}

/* Sleeps until woken: parked on the waiter's own line, then the wakeup. */
static inline void rwsem_sleep(struct rwsem_waiter *w)
{
	wait_for_nonzero(&w->woken);
	WAKEUP_HOOK();
}

/*
 * rwsem_down_write_slowpath() without spinning: queue, set the waiters
 * flag, and take the lock under wait_lock when it is free, else sleep
 * until woken and try again.
 */
static inline void rwsem_down_write_wait(struct rw_semaphore *sem)
{
	struct rwsem_local on_stack;
	struct rwsem_waiter *w = &rwsem_local(&on_stack)->waiter;

	w->reader = false;
	atomic_init(&w->woken, 0);
	spin_lock(&sem->wait_lock);
	rwsem_add_waiter(sem, w);
	mem_fetch_or(&sem->count, RWSEM_FLAG_WAITERS, memory_order_relaxed);
	for (;;) {
		if (rwsem_try_write_lock_unqueued(sem)) {
			rwsem_del_waiter(sem, w);
			spin_unlock(&sem->wait_lock);
			return;
		}
		mem_store(&w->woken, 0, memory_order_relaxed);
		spin_unlock(&sem->wait_lock);
		rwsem_sleep(w);
		spin_lock(&sem->wait_lock);
	}
}

/* down_write(); returns true when the first attempt found it held. */
static inline bool down_write(struct rw_semaphore *sem)
{
	if (likely(down_write_trylock(sem)))
		return false;
	if (rwsem_spin_on_owner)
		rwsem_optimistic_spin(sem);
	else
		rwsem_down_write_wait(sem);
	return true;
}

/* rwsem_wake(): under wait_lock, wake whom rwsem_mark_wake() picks. */
static inline void rwsem_wake(struct rw_semaphore *sem)
{
	spin_lock(&sem->wait_lock);
	rwsem_mark_wake(sem);
	spin_unlock(&sem->wait_lock);
}

/*
 * __up_write(): rwsem_clear_owner(), then fetch_add_release; a lock with
 * waiters wakes them.
 */
static inline void up_write(struct rw_semaphore *sem)
{
	long c;

	mem_store(&sem->owner, 0, memory_order_relaxed);
	c = mem_fetch_sub(&sem->count, RWSEM_WRITER_LOCKED,
			  memory_order_release);
	if (unlikely(c & RWSEM_FLAG_WAITERS))
		rwsem_wake(sem);
}

/*
 * rwsem_down_read_slowpath(): the reader's bias comes back off, it queues
 * and sleeps until a waker grants it the lock; a lock left free by then is
 * taken under wait_lock at once.
 */
static inline void rwsem_down_read_wait(struct rw_semaphore *sem)
{
	struct rwsem_local on_stack;
	struct rwsem_waiter *w = &rwsem_local(&on_stack)->waiter;

	w->reader = true;
	atomic_init(&w->woken, 0);
	spin_lock(&sem->wait_lock);
	mem_fetch_sub(&sem->count, RWSEM_READER_BIAS, memory_order_relaxed);
	rwsem_add_waiter(sem, w);
	mem_fetch_or(&sem->count, RWSEM_FLAG_WAITERS, memory_order_relaxed);
	if (!(mem_load(&sem->count, memory_order_relaxed) &
	      RWSEM_WRITER_LOCKED))
		rwsem_mark_wake(sem);
	spin_unlock(&sem->wait_lock);
	rwsem_sleep(w);
	LOCK_HOOK(&sem->count);
}

/*
 * down_read(): add a reader bias with acquire; a writer holding it, or
 * waiters queued, send the reader to the wait list.  Returns true when it
 * had to wait.
 */
static inline bool down_read(struct rw_semaphore *sem)
{
	long c = mem_fetch_add(&sem->count, RWSEM_READER_BIAS,
			       memory_order_acquire);

	if (likely(!(c & (RWSEM_WRITER_LOCKED | RWSEM_FLAG_WAITERS)))) {
		LOCK_HOOK(&sem->count);
		return false;
	}
	rwsem_down_read_wait(sem);
	return true;
}

/* __up_read(): the last reader out with waiters queued wakes them. */
static inline void up_read(struct rw_semaphore *sem)
{
	long c = mem_fetch_sub(&sem->count, RWSEM_READER_BIAS,
			       memory_order_release);

	if (unlikely((c & (RWSEM_READER_MASK | RWSEM_FLAG_WAITERS)) ==
		     (RWSEM_READER_BIAS | RWSEM_FLAG_WAITERS)))
		rwsem_wake(sem);
}

static inline bool rwsem_is_locked(struct rw_semaphore *sem)
{
	return mem_load(&sem->count, memory_order_relaxed) & RWSEM_LOCK_MASK;
}

#endif
