// SPDX-License-Identifier: GPL-2.0
/*
 * Where pte_chain nodes come from.  Nodes are carved from chunks, never
 * returned to the system during a run, and counted, so that the invariant
 * check can prove that every node made is either free or on a chain.
 */
#include <stdio.h>
#include <stdlib.h>
#include "lib/numa.h"
#include "pte_chain.h"
#include "lib/util.h"

#define SLAB_NODES 1024

static size_t slab_node_size(const struct slab *slab)
{
	return slab->node_size ? slab->node_size : sizeof(struct pte_chain);
}

/* A node from the slab; NULL when memory has run out. */
struct pte_chain *slab_carve(struct slab *slab)
{
	char *chunk;

	if (slab->test_fail)
		return NULL;
	if (!slab->nr_chunks || slab->carved == SLAB_NODES) {
		void **chunks = realloc(slab->chunks, (slab->nr_chunks + 1) *
							      sizeof(*chunks));

		if (!chunks)
			return NULL;
		slab->chunks = chunks;
		chunk = mem_alloc(SLAB_NODES * slab_node_size(slab));
		if (!chunk)
			return NULL;
		slab->chunks[slab->nr_chunks++] = chunk;
		slab->carved = 0;
	}
	chunk = slab->chunks[slab->nr_chunks - 1];
	slab->created++;
	return (struct pte_chain *)(chunk +
				    slab->carved++ * slab_node_size(slab));
}

static void slab_destroy(struct slab *slab)
{
	for (size_t i = 0; i < slab->nr_chunks; i++)
		mem_free(slab->chunks[i], SLAB_NODES * slab_node_size(slab));
	free(slab->chunks);
	*slab = (struct slab){ 0 };
}

unsigned long pte_chain_list_len(const struct pte_chain *pc)
{
	unsigned long n = 0;

	for (; pc; pc = (const struct pte_chain *)pc->next_and_idx)
		n++;
	return n;
}

atomic_bool rmap_oom;

/* No node to be had: a worker leaves its point, set-up ends the run. */
void pte_chain_oom(struct pte_chain_cache *cache)
{
	if (!cache->worker)
		die_oom("pte_chain nodes");
	atomic_store(&rmap_oom, true);
	atomic_store(&rmap_abort, true);
	pthread_exit(NULL);
}

/* Gives a cache's preallocated nodes back to the pool it draws from. */
void pte_chain_cache_drain(struct pte_chain_cache *cache)
{
	struct pte_chain *pc;

	while ((pc = pte_chain_pop(&cache->reserve, false))) {
		if (cache->global)
			pte_chain_free_global(cache, pc);
		else
			pte_chain_push_free(&cache->freelist, pc, false);
	}
}

void pte_chain_cache_init(struct pte_chain_cache *cache, unsigned int refill,
			  struct pte_chain_pool *global)
{
	*cache = (struct pte_chain_cache){ .refill = refill, .global = global };
}

void pte_chain_cache_destroy(struct pte_chain_cache *cache)
{
	slab_destroy(&cache->slab);
}

void pte_chain_pool_destroy(struct pte_chain_pool *pool)
{
	slab_destroy(&pool->slab);
}

unsigned long pte_chain_cache_created(const struct pte_chain_cache *cache)
{
	return cache->slab.created;
}

unsigned long pte_chain_cache_free(const struct pte_chain_cache *cache)
{
	return pte_chain_list_len(cache->reserve) +
	       pte_chain_list_len(cache->freelist);
}
