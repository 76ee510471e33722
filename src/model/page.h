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

static inline unsigned long ptep_get(pte_t *ptep)
{
	return mem_load(&ptep->pte_low, memory_order_relaxed);
}

static inline void set_pte(pte_t *ptep, unsigned long pte)
{
	mem_store(&ptep->pte_low, pte, memory_order_relaxed);
}

static inline unsigned long ptep_get_and_clear(pte_t *ptep)
{
	unsigned long pte = ptep_get(ptep);

	set_pte(ptep, 0);
	return pte;
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
	PG_anon, /* private anonymous page, set once at setup */
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
