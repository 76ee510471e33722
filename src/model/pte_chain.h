/* SPDX-License-Identifier: GPL-2.0 */
#ifndef RMAPBENCH_PTE_CHAIN_H
#define RMAPBENCH_PTE_CHAIN_H

#include <stddef.h>
#include "page.h"
#include "spinlock.h"

/*
 * struct pte_chain as in 2.5.33+: one cache line, the next pointer and the
 * index of the lowest used slot packed in one word.  Free slots are only at
 * the low end of the head node; every other node is full.  The number of
 * slots in use is a run-time knob (--nrpte) so that 2.4's one-pte nodes can
 * be compared with full lines; the node stays one line either way.
 */
#define NRPTE_MAX_VALUE 7
#define NRPTE_MAX ((L1_CACHE_BYTES - sizeof(unsigned long)) / sizeof(pte_t *))
_Static_assert(NRPTE_MAX == NRPTE_MAX_VALUE,
	       "NRPTE_MAX_VALUE is for option tables");
#define PTE_CHAIN_IDX_MASK ((unsigned long)L1_CACHE_BYTES - 1)

struct pte_chain {
	unsigned long next_and_idx;
	pte_t *ptes[NRPTE_MAX];
} ____cacheline_aligned;

_Static_assert(sizeof(struct pte_chain) == L1_CACHE_BYTES,
	       "struct pte_chain must be exactly one cache line");

static inline struct pte_chain *pte_chain_next(const struct pte_chain *pc)
{
	return (struct pte_chain *)(pc->next_and_idx & ~PTE_CHAIN_IDX_MASK);
}

static inline unsigned int pte_chain_idx(const struct pte_chain *pc)
{
	return pc->next_and_idx & PTE_CHAIN_IDX_MASK;
}

static inline unsigned long pte_chain_encode(struct pte_chain *next,
					     unsigned int idx)
{
	return (unsigned long)next | idx;
}

/* Chain node sources.  A slab hands out nodes carved from big chunks and
 * remembers how many it made, which is what the leak check counts against. */
struct slab {
	void **chunks;
	size_t nr_chunks;
	unsigned long created;
	unsigned long carved; /* nodes used of the last chunk */
	bool test_fail;	      /* tests only: memory has run out */
};

/* --alloc global: 2.4's single freelist under one lock. */
struct pte_chain_pool {
	spinlock_t lock;
	struct pte_chain *freelist;
	struct slab slab;
} ____cacheline_aligned;

/*
 * Per driver thread: a reserve of preallocated nodes (one deep, or --batch
 * deep for the batched strategy) over a private freelist, or over the
 * global pool when there is one.
 */
struct pte_chain_cache {
	struct pte_chain *reserve;
	struct pte_chain *freelist;
	unsigned int refill;
	struct pte_chain_pool *global;
	struct slab slab;
	bool worker; /* a driver or scanner thread, not set-up */
};

/*
 * Set when a worker thread found no memory for a node: it cannot finish
 * the chain update it is in, so it leaves (raising rmap_abort so that
 * nobody waits for the locks it held) and the point ends as failed.
 */
extern atomic_bool rmap_oom;

void pte_chain_refill(struct pte_chain_cache *cache);
void pte_chain_free_global(struct pte_chain_pool *pool, struct pte_chain *pc);
void pte_chain_cache_init(struct pte_chain_cache *cache, unsigned int refill,
			  struct pte_chain_pool *global);
void pte_chain_cache_drain(struct pte_chain_cache *cache);
void pte_chain_cache_destroy(struct pte_chain_cache *cache);
void pte_chain_pool_destroy(struct pte_chain_pool *pool);
unsigned long pte_chain_list_len(const struct pte_chain *pc);
/* Nodes a cache made, and nodes it holds free; a pool likewise. */
unsigned long pte_chain_cache_created(const struct pte_chain_cache *cache);
unsigned long pte_chain_cache_free(const struct pte_chain_cache *cache);

/* Caller ensured allocation failure cannot happen: refill aborts the run. */
static inline struct pte_chain *pte_chain_alloc(struct pte_chain_cache *cache)
{
	struct pte_chain *pc;

	if (unlikely(!cache->reserve))
		pte_chain_refill(cache);
	pc = cache->reserve;
	cache->reserve = (struct pte_chain *)pc->next_and_idx;
	return pc;
}

static inline void pte_chain_free(struct pte_chain_cache *cache,
				  struct pte_chain *pc)
{
	struct pte_chain **head = &cache->freelist;

	if (cache->global) {
		pte_chain_free_global(cache->global, pc);
		return;
	}
	if (!cache->reserve)
		head = &cache->reserve;
	pc->next_and_idx = (unsigned long)*head;
	*head = pc;
}

#endif
