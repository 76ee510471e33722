/* SPDX-License-Identifier: GPL-2.0 */
#ifndef RMAPBENCH_PAGE_H
#define RMAPBENCH_PAGE_H

#include <stdbool.h>
#include "access.h"
#include "lib/compiler.h"

/*
 * pte_t: page frame number plus protection bits, as on i386.  Page tables
 * are read by other threads (reclaim's walks), so the word is atomic; the
 * accessors use relaxed order because every writer holds page_table_lock.
 */
typedef struct {
	_Atomic unsigned long pte_low;
} pte_t;

#define _PAGE_PRESENT 0x001UL
#define _PAGE_RW 0x002UL
#define _PAGE_ACCESSED 0x020UL
#define PAGE_SHIFT 12
/* i386 without PAE: a page table page holds 1024 four-byte ptes. */
#define PTRS_PER_PTE 1024

static inline unsigned long ptep_get(pte_t *ptep)
{
	return mem_load(&ptep->pte_low, memory_order_relaxed);
}

static inline void set_pte(pte_t *ptep, unsigned long pte)
{
	mem_store(&ptep->pte_low, pte, memory_order_relaxed);
}

/*
 * ptep_get_and_clear() on SMP i386: "xchg(&(xp)->pte_low, 0)", a locked
 * exchange, because another CPU's MMU may set the accessed or dirty bit
 * between a load and a store (include/asm-i386/pgtable-2level.h, 2.4 and
 * 2.5).  plain: a load and a store, as if nothing else wrote ptes (the
 * --pte-ops plain ablation).
 */
static inline unsigned long ptep_get_and_clear(pte_t *ptep, bool locked)
{
	unsigned long pte;

	if (locked)
		return mem_xchg(&ptep->pte_low, 0, memory_order_relaxed);
	pte = ptep_get(ptep);
	set_pte(ptep, 0);
	return pte;
}

/*
 * ptep_set_wrprotect() on i386: "clear_bit(_PAGE_BIT_RW, &ptep->pte_low)",
 * a locked bit clear (include/asm-i386/pgtable.h, 2.4 to 2.6); plain: a
 * store of the cleared word.  Returns the pte as it now is.
 */
static inline unsigned long ptep_set_wrprotect(pte_t *ptep, unsigned long pte,
					       bool locked)
{
	if (locked)
		return mem_fetch_and(&ptep->pte_low, ~_PAGE_RW,
				     memory_order_relaxed) &
		       ~_PAGE_RW;
	set_pte(ptep, pte & ~_PAGE_RW);
	return pte & ~_PAGE_RW;
}

static inline bool pte_present(unsigned long pte)
{
	return pte & _PAGE_PRESENT;
}

static inline bool pte_write(unsigned long pte)
{
	return pte & _PAGE_RW;
}

static inline unsigned long pte_pfn(unsigned long pte)
{
	return pte >> PAGE_SHIFT;
}

static inline unsigned long mk_pte(unsigned long pfn, unsigned long prot)
{
	return pfn << PAGE_SHIFT | prot;
}

/* page->flags bits */
enum pageflags {
	PG_chainlock, /* the pagebit strategy's per-page spinlock */
	PG_direct,    /* page->pte.direct is a pte, not a chain */
	PG_referenced,
	PG_anon,    /* private anonymous page, set once at setup */
	PG_maplock, /* objrmap 2.6.7: page_map_lock() around mapcount */
	PG_dirty,   /* 2.4's zap: set_page_dirty() of a dirty pte's page */
};

struct pte_chain;

/*
 * The fields that rmap touches.  index is read before any lock is taken (to
 * choose the hashed lock) and count is changed by every process mapping the
 * page, so both are atomic; the pte union is protected by the page's rmap
 * lock, whichever that is for the strategy, and is a plain field.
 */
struct page {
	_Atomic unsigned long flags;
	_Atomic unsigned long index;
	atomic_int count;
	atomic_int mapcount;
	union {
		pte_t *direct;
		struct pte_chain *chain;
	} pte;
};

_Static_assert(sizeof(struct page) <= L1_CACHE_BYTES,
	       "struct page must fit in a cache line");

static inline bool page_test_flag(struct page *page, int bit)
{
	return mem_load(&page->flags, memory_order_relaxed) & (1UL << bit);
}

static inline void page_set_flag(struct page *page, int bit)
{
	mem_fetch_or(&page->flags, 1UL << bit, memory_order_relaxed);
}

static inline void page_clear_flag(struct page *page, int bit)
{
	mem_fetch_and(&page->flags, ~(1UL << bit), memory_order_relaxed);
}

#define PageDirect(page) page_test_flag(page, PG_direct)
#define SetPageDirect(page) page_set_flag(page, PG_direct)
#define ClearPageDirect(page) page_clear_flag(page, PG_direct)
#define PageAnon(page) page_test_flag(page, PG_anon)

/* page->index is read unlocked to choose a lock, then re-read under it. */
static inline unsigned long page_index(struct page *page)
{
	return mem_load(&page->index, memory_order_acquire);
}

#endif
