/* SPDX-License-Identifier: GPL-2.0 */
#ifndef RMAPBENCH_BIT_SPINLOCK_H
#define RMAPBENCH_BIT_SPINLOCK_H

#include "page.h"
#include "spinlock.h"

/*
 * A spinlock in one bit of page->flags: 2.4 rmap-13 and 2.5's
 * pte_chain_lock() (PG_chainlock, include/linux/rmap-locking.h) and 2.6.7's
 * page_map_lock() (PG_maplock, bit_spin_lock() in include/linux/rmap.h).
 *
 * Lock: test_and_set_bit(), "lock; btsl", then spin on a plain test_bit()
 * until the bit is clear.  Returns whether the first attempt found it held.
 */
static inline bool bit_spin_lock(struct page *page, int bitnum)
{
	const unsigned long bit = 1UL << bitnum;
	unsigned int spins = 0;

	if (likely(!(mem_fetch_or(&page->flags, bit, memory_order_acquire) &
		     bit))) {
		LOCK_HOOK(&page->flags);
		return false;
	}
	do {
		while (page_test_flag(page, bitnum))
			spin_wait_on(&page->flags, &spins);
	} while (mem_fetch_or(&page->flags, bit, memory_order_acquire) & bit);
	LOCK_HOOK(&page->flags);
	return true;
}

/*
 * Unlock: "smp_mb__before_clear_bit(); clear_bit()" (added to
 * pte_chain_unlock() in "[PATCH] Missing memory barrier in
 * pte_chain_unlock", Anton Blanchard, linux-kernel, 25 Jul 2002; 2.6's
 * bit_spin_unlock() is the same).  On x86 the barrier is a compiler
 * barrier and clear_bit() is "lock; btrl": a locked read-modify-write,
 * where spin_unlock() is a plain store.  That asymmetry is the x86 case
 * for hashed spinlocks over bit locks.
 *
 * locked false is the ablation (--bit-unlock store): while the bit is held
 * only the holder changes page->flags (a contender's fetch_or finds the
 * bit set and leaves the word as it is), so a store-release of the word
 * without the bit loses nothing.
 */
static inline void bit_spin_unlock(struct page *page, int bitnum, bool locked)
{
	const unsigned long bit = 1UL << bitnum;
	unsigned long flags;

	if (locked) {
		mem_fetch_and(&page->flags, ~bit, memory_order_release);
		return;
	}
	flags = mem_load(&page->flags, memory_order_relaxed);
	mem_store(&page->flags, flags & ~bit, memory_order_release);
}

#endif
