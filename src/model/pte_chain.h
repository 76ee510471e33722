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
	return (struct pte_chain *)(mem_read(pc->next_and_idx) &
				    ~PTE_CHAIN_IDX_MASK);
}

static inline unsigned int pte_chain_idx(const struct pte_chain *pc)
{
	return mem_read(pc->next_and_idx) & PTE_CHAIN_IDX_MASK;
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

/* No node to be had: a worker leaves its point, set-up ends the run. */
void pte_chain_oom(struct pte_chain_cache *cache);
void pte_chain_cache_init(struct pte_chain_cache *cache, unsigned int refill,
			  struct pte_chain_pool *global);
void pte_chain_cache_drain(struct pte_chain_cache *cache);
void pte_chain_cache_destroy(struct pte_chain_cache *cache);
void pte_chain_pool_destroy(struct pte_chain_pool *pool);
unsigned long pte_chain_list_len(const struct pte_chain *pc);
/* Nodes a cache made, and nodes it holds free; a pool likewise. */
unsigned long pte_chain_cache_created(const struct pte_chain_cache *cache);
unsigned long pte_chain_cache_free(const struct pte_chain_cache *cache);

/* Free lists link nodes through next_and_idx. */
static inline struct pte_chain *pte_chain_pop(struct pte_chain **head)
{
	struct pte_chain *pc = mem_read(*head);

	if (pc)
		mem_write(*head,
			  (struct pte_chain *)mem_read(pc->next_and_idx));
	return pc;
}

static inline void pte_chain_push_free(struct pte_chain **head,
				       struct pte_chain *pc)
{
	mem_write(pc->next_and_idx, (unsigned long)mem_read(*head));
	mem_write(*head, pc);
}

/*
 * 2.4 rmap's pte_chain_free(): back on the one freelist, under
 * pte_chain_freelist_lock (mm/rmap.c, 2.4.19-pre7-rmap-13b).
 */
static inline void pte_chain_free_global(struct pte_chain_pool *pool,
					 struct pte_chain *pc)
{
	spin_lock(&pool->lock);
	pte_chain_push_free(&pool->freelist, pc);
	spin_unlock(&pool->lock);
}

/* A new node from the slab; NULL when memory has run out. */
struct pte_chain *slab_carve(struct slab *slab);

/*
 * The slow path of pte_chain_alloc(): take cache->refill nodes at once,
 * from the global pool under its lock when there is one (2.4's
 * pte_chain_alloc() took the lock for each node; --batch takes many).
 */
static inline void pte_chain_refill(struct pte_chain_cache *cache)
{
	struct pte_chain_pool *pool = cache->global;
	struct pte_chain **from = pool ? &pool->freelist : &cache->freelist;
	struct slab *slab = pool ? &pool->slab : &cache->slab;

	if (pool)
		spin_lock(&pool->lock);
	for (unsigned int i = 0; i < cache->refill; i++) {
		struct pte_chain *pc = pte_chain_pop(from);

		if (!pc)
			pc = slab_carve(slab);
		if (!pc)
			break;
		pte_chain_push_free(&cache->reserve, pc);
	}
	if (pool)
		spin_unlock(&pool->lock);
	if (!cache->reserve)
		pte_chain_oom(cache);
}

/* Caller ensured allocation failure cannot happen: refill aborts the run. */
static inline struct pte_chain *pte_chain_alloc(struct pte_chain_cache *cache)
{
	if (unlikely(!cache->reserve))
		pte_chain_refill(cache);
	return pte_chain_pop(&cache->reserve);
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
	pte_chain_push_free(head, pc);
}

#endif
