/* SPDX-License-Identifier: GPL-2.0 */
#ifndef RMAPBENCH_PTE_CHAIN_H
#define RMAPBENCH_PTE_CHAIN_H

#include <stddef.h>
#include "page.h"
#include "spinlock.h"

/*
 * struct pte_chain as in 2.5.33+: the next pointer and the index of the
 * lowest used slot packed in one word, then the slots.  Free slots are only
 * at the low end of the head node; every other node is full.  The number of
 * slots in use is a run-time knob (--nrpte), and so is the size a node
 * occupies (--node-size): 2.4 rmap-13b's nodes were two pointers, four to
 * a cache line ("struct pte_chain { next; ptep; }"), 2.5.33's exactly one
 * line.  A node uses only next_and_idx and its first nrpte slots, so nodes
 * of node_size bytes are carved node_size apart, at least 16 bytes
 * aligned: the index fits in the low four bits of the next pointer.
 */
#define NRPTE_MAX_VALUE 7
#define NRPTE_MAX ((L1_CACHE_BYTES - sizeof(unsigned long)) / sizeof(pte_t *))
_Static_assert(NRPTE_MAX == NRPTE_MAX_VALUE,
	       "NRPTE_MAX_VALUE is for option tables");
#define PTE_CHAIN_MIN_BYTES 16
#define PTE_CHAIN_IDX_MASK ((unsigned long)PTE_CHAIN_MIN_BYTES - 1)
_Static_assert(NRPTE_MAX_VALUE <= PTE_CHAIN_IDX_MASK, "idx must fit");

struct pte_chain {
	unsigned long next_and_idx;
	pte_t *ptes[NRPTE_MAX];
};

_Static_assert(sizeof(struct pte_chain) == L1_CACHE_BYTES,
	       "a full struct pte_chain is exactly one cache line");

/*
 * The bytes a node of nrpte slots occupies at least: a power of two, so
 * that nodes never straddle a line (2.4: 16, 2.5.33+ with NRPTE 7: 64).
 */
static inline unsigned int pte_chain_bytes(unsigned int nrpte)
{
	unsigned int need = sizeof(unsigned long) + nrpte * sizeof(pte_t *);
	unsigned int bytes = PTE_CHAIN_MIN_BYTES;

	while (bytes < need)
		bytes *= 2;
	return bytes;
}

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
	unsigned int node_size; /* bytes from one node to the next; 0: 64 */
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
	/*
	 * Holds of the global pool's lock since the caller last took them
	 * (pte_chain_take_locks()), and how many found it held: counted by
	 * the accounting variants only.
	 */
	unsigned long long pool_locks, pool_contended;
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

/*
 * Free lists link nodes through next_and_idx.  The head of the global
 * pool's list is shared memory and goes through the accessors; the head of
 * a thread's own cache is the thread's, and a plain variable.
 */
static inline struct pte_chain *pte_chain_pop(struct pte_chain **head,
					      bool shared)
{
	struct pte_chain *pc = shared ? mem_read(*head) : *head;
	struct pte_chain *next;

	if (!pc)
		return NULL;
	next = (struct pte_chain *)mem_read(pc->next_and_idx);
	if (shared)
		mem_write(*head, next);
	else
		*head = next;
	return pc;
}

static inline void pte_chain_push_free(struct pte_chain **head,
				       struct pte_chain *pc, bool shared)
{
	mem_write(pc->next_and_idx,
		  (unsigned long)(shared ? mem_read(*head) : *head));
	if (shared)
		mem_write(*head, pc);
	else
		*head = pc;
}

/*
 * pte_chain_freelist_lock, counted where the variant keeps accounting: a
 * free-list hold is a lock acquisition like an rmap lock's.
 */
static inline void pte_chain_pool_lock(struct pte_chain_cache *cache)
{
	bool contended = spin_lock(&cache->global->lock);

	if (!RMAP_ACCOUNTING)
		return;
	cache->pool_locks++;
	cache->pool_contended += contended;
}

/*
 * 2.4 rmap's pte_chain_free(): back on the one freelist, under
 * pte_chain_freelist_lock (mm/rmap.c, 2.4.19-pre7-rmap-13b).
 */
static inline void pte_chain_free_global(struct pte_chain_cache *cache,
					 struct pte_chain *pc)
{
	struct pte_chain_pool *pool = cache->global;

	pte_chain_pool_lock(cache);
	pte_chain_push_free(&pool->freelist, pc, true);
	spin_unlock(&pool->lock);
}

/* A new node from the slab; NULL when memory has run out. */
struct pte_chain *slab_carve(struct slab *slab);

/*
 * n nodes into the reserve, from the global pool under one hold of its lock
 * when there is one (2.4's pte_chain_alloc() took the lock for each node;
 * --batch takes many at once).
 */
static inline void pte_chain_take(struct pte_chain_cache *cache, unsigned int n)
{
	struct pte_chain_pool *pool = cache->global;
	struct pte_chain **from = pool ? &pool->freelist : &cache->freelist;
	struct slab *slab = pool ? &pool->slab : &cache->slab;

	if (pool)
		pte_chain_pool_lock(cache);
	for (unsigned int i = 0; i < n; i++) {
		struct pte_chain *pc = pte_chain_pop(from, pool);

		if (!pc)
			pc = slab_carve(slab);
		if (!pc)
			break;
		pte_chain_push_free(&cache->reserve, pc, false);
	}
	if (pool)
		spin_unlock(&pool->lock);
	if (!cache->reserve)
		pte_chain_oom(cache);
}

/* The slow path of pte_chain_alloc(): cache->refill nodes at once. */
static inline void pte_chain_refill(struct pte_chain_cache *cache)
{
	pte_chain_take(cache, cache->refill);
}

/* Caller ensured allocation failure cannot happen: refill aborts the run. */
static inline struct pte_chain *pte_chain_alloc(struct pte_chain_cache *cache)
{
	if (unlikely(!cache->reserve))
		pte_chain_refill(cache);
	return pte_chain_pop(&cache->reserve, false);
}

static inline void pte_chain_free(struct pte_chain_cache *cache,
				  struct pte_chain *pc)
{
	struct pte_chain **head = &cache->freelist;

	if (cache->global) {
		pte_chain_free_global(cache, pc);
		return;
	}
	if (!cache->reserve)
		head = &cache->reserve;
	pte_chain_push_free(head, pc, false);
}

#endif
