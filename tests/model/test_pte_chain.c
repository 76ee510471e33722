// SPDX-License-Identifier: GPL-2.0
/*
 * The pte chain on its own, single-threaded: __page_add_rmap() and
 * __page_remove_rmap() on one page, checked against a model set after
 * every step, at every node size and with and without PageDirect.  The
 * invariant check after a run sees chains only at rest, after many
 * updates; this sees every intermediate shape.
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "rmaptest.h"
/* The accounting build of the model: removes are counted, and checked. */
#define RMAP_VARIANT 1 /* RMAP_STATS */
#include "model/rmap.h"

#define NR_PTES 48 /* distinct ptes: long chains even at nrpte 7 */
#define STEPS 3000
#define PHASE 200 /* steps of mostly adds, then as many of removes */

struct model {
	struct rmap_ctx ctx;
	struct page page;
	pte_t ptes[NR_PTES]; /* what the chain points at */
	bool on[NR_PTES];    /* the model: which ptes map the page */
	unsigned int nr_on;
	unsigned long removed; /* successful removes, for the stats */
	stat_t max_walk;       /* the longest walk a remove should count */
	unsigned int step;
	uint64_t rng;
};

#define chain_fail(m, fmt, ...)                                       \
	fail_msg("nrpte %u, %s, step %u: " fmt, (m)->ctx.nrpte,       \
		 (m)->ctx.direct ? "direct" : "no-direct", (m)->step, \
		 ##__VA_ARGS__)

#define chain_assert(m, cond, fmt, ...)                    \
	do {                                               \
		if (!(cond))                               \
			chain_fail(m, fmt, ##__VA_ARGS__); \
	} while (0)

/* A hand-made context: a private node cache with no global pool. */
static struct model *model_new(unsigned int nrpte, bool direct, uint64_t seed)
{
	struct model *m = calloc(1, sizeof(*m));

	assert_non_null(m);
	pte_chain_cache_init(&m->ctx.alloc, 1, NULL);
	m->ctx.stats_on = true; /* removes are counted, and checked */
	m->ctx.nrpte = nrpte;
	m->ctx.direct = direct;
	m->rng = seed;
	return m;
}

static void model_free(struct model *m)
{
	pte_chain_cache_destroy(&m->ctx.alloc);
	free(m);
}

/* A slot must hold one of our ptes, mapped in the model, seen once. */
static void check_slot(struct model *m, pte_t *ptep, bool *seen)
{
	/* Compared as integers: a foreign pointer is not in our array. */
	uintptr_t off = (uintptr_t)ptep - (uintptr_t)m->ptes;
	size_t i = off / sizeof(pte_t);

	chain_assert(m, ptep, "NULL pte in a used slot");
	chain_assert(m, off % sizeof(pte_t) == 0 && i < NR_PTES,
		     "slot holds a foreign pte %p", (void *)ptep);
	chain_assert(m, !seen[i], "pte %zu is on the chain twice", i);
	chain_assert(m, m->on[i], "pte %zu is on the chain but was removed", i);
	seen[i] = true;
}

/* Walks the chain by the structural rules; returns the nodes on it. */
static unsigned long walk_chain(struct model *m, bool *seen,
				unsigned long *found)
{
	struct page *page = &m->page;
	unsigned int nrpte = m->ctx.nrpte;
	unsigned long nodes = 0;

	for (struct pte_chain *pc = page->pte.chain; pc;
	     pc = pte_chain_next(pc)) {
		unsigned int idx = pte_chain_idx(pc);

		chain_assert(m, nodes < NR_PTES,
			     "chain longer than any it can be: a loop?");
		/* An empty head must have been freed; only the head has gaps. */
		chain_assert(m, idx < nrpte,
			     "node %lu has index %u, no used slot", nodes, idx);
		chain_assert(m, pc == page->pte.chain || !idx,
			     "node %lu is not the head but has %u free slots",
			     nodes, idx);
		for (unsigned int i = idx; i < nrpte; i++)
			check_slot(m, pc->ptes[i], seen);
		*found += nrpte - idx;
		nodes++;
	}
	return nodes;
}

/* The page against the model, the node accounting against the walk. */
static void check_page(struct model *m)
{
	struct page *page = &m->page;
	unsigned int nrpte = m->ctx.nrpte;
	bool seen[NR_PTES] = { false };
	unsigned long nodes = 0, found = 0;

	chain_assert(m, !m->ctx.errors, "%lu removes found no entry",
		     m->ctx.errors);
	if (PageDirect(page)) {
		chain_assert(m, m->ctx.direct,
			     "PageDirect set with direct off");
		check_slot(m, page->pte.direct, seen);
		found = 1;
	} else {
		nodes = walk_chain(m, seen, &found);
	}
	chain_assert(m, found == m->nr_on, "page has %lu ptes, model %u", found,
		     m->nr_on);
	/* Implied by the rules above; says it in the chain's own terms. */
	if (!PageDirect(page))
		chain_assert(m, nodes == (m->nr_on + nrpte - 1) / nrpte,
			     "%lu nodes for %u ptes", nodes, m->nr_on);
	chain_assert(m,
		     pte_chain_cache_created(&m->ctx.alloc) ==
			     pte_chain_cache_free(&m->ctx.alloc) + nodes,
		     "nodes: %lu made, %lu free, %lu on the chain",
		     pte_chain_cache_created(&m->ctx.alloc),
		     pte_chain_cache_free(&m->ctx.alloc), nodes);
	chain_assert(m, m->ctx.stats.removes == m->removed,
		     "stats count %llu removes, made %lu", m->ctx.stats.removes,
		     m->removed);
	chain_assert(m, m->ctx.stats.max_walk == m->max_walk,
		     "stats say the longest walk was %llu nodes, it was %llu",
		     m->ctx.stats.max_walk, m->max_walk);
}

static void add(struct model *m, unsigned int i)
{
	bool was_empty = !m->nr_on;

	__page_add_rmap(&m->ctx, &m->page, &m->ptes[i]);
	m->on[i] = true;
	m->nr_on++;
	/* The first mapping costs no node when PageDirect is on. */
	if (was_empty)
		chain_assert(m, PageDirect(&m->page) == m->ctx.direct,
			     "first mapping %s PageDirect",
			     m->ctx.direct ? "without" : "with");
}

/* The nodes a remove of ptep walks: up to the one holding it; 0 if direct. */
static unsigned int nodes_to(struct model *m, pte_t *ptep)
{
	unsigned int n = 0;

	if (PageDirect(&m->page))
		return 0;
	for (struct pte_chain *pc = m->page.pte.chain; pc;
	     pc = pte_chain_next(pc)) {
		n++;
		for (unsigned int i = pte_chain_idx(pc); i < m->ctx.nrpte; i++)
			if (pc->ptes[i] == ptep)
				return n;
	}
	chain_fail(m, "pte to remove is not on the chain");
	return 0;
}

/*
 * A remove, accounted as zap_page_range() accounts it (account_removes()
 * per zap, here per pte): the nodes walked must be the model's.
 */
static void del(struct model *m, unsigned int i)
{
	unsigned int want = nodes_to(m, &m->ptes[i]);
	stat_t walked0 = m->ctx.stats.walked;

	__page_remove_rmap(&m->ctx, &m->page, &m->ptes[i]);
	account_removes(&m->ctx, 1, walked0);
	chain_assert(m, m->ctx.stats.walked - walked0 == want,
		     "a remove walked %u nodes, the stats counted %llu", want,
		     m->ctx.stats.walked - walked0);
	if (want > m->max_walk)
		m->max_walk = want;
	m->on[i] = false;
	m->nr_on--;
	m->removed++;
}

/* A random pte that is (or is not) on the chain; one must exist. */
static unsigned int pick(struct model *m, bool on)
{
	unsigned int i;

	do
		i = xorshift64(&m->rng) % NR_PTES;
	while (m->on[i] != on);
	return i;
}

/*
 * Removing a pte the page does not have is counted, not obeyed: the chain
 * and the node accounting stay as they were.
 */
static void remove_missing(struct model *m, pte_t *ptep)
{
	unsigned long errors = m->ctx.errors;
	stat_t removes = m->ctx.stats.removes, walked = m->ctx.stats.walked;

	__page_remove_rmap(&m->ctx, &m->page, ptep);
	chain_assert(m, m->ctx.stats.walked == walked,
		     "removing a missing pte counted a walk");
	chain_assert(m, m->ctx.errors == errors + 1,
		     "removing a missing pte counted %lu errors, expected %lu",
		     m->ctx.errors, errors + 1);
	chain_assert(m, m->ctx.stats.removes == removes,
		     "removing a missing pte counted as a remove");
	m->ctx.errors = 0;
	check_page(m);
}

/* Swings between growing and shrinking so every length is visited. */
static void random_step(struct model *m)
{
	bool growing = m->step / PHASE % 2 == 0;
	unsigned int add_pct = growing ? 80 : 20;

	if (m->nr_on == NR_PTES ||
	    (m->nr_on && xorshift64(&m->rng) % 100 >= add_pct))
		del(m, pick(m, true));
	else
		add(m, pick(m, false));
}

static void run_sequence(unsigned int nrpte, bool direct)
{
	struct model *m =
		model_new(nrpte, direct, 0x2545f4914f6cdd1dull + nrpte);
	unsigned int longest = 0, emptied = 0;
	pte_t stranger;

	for (m->step = 0; m->step < STEPS; m->step++) {
		random_step(m);
		check_page(m);
		if (m->nr_on > longest)
			longest = m->nr_on;
		emptied += !m->nr_on;
		if (m->step % 97 == 0 && m->nr_on < NR_PTES)
			remove_missing(m, &m->ptes[pick(m, false)]);
		if (m->step % 101 == 0)
			remove_missing(m, &stranger);
	}
	/* The sequence must have reached long chains and empty pages. */
	chain_assert(m, longest > 3 * nrpte && longest > 10,
		     "longest chain only %u ptes", longest);
	chain_assert(m, emptied > 0, "the page never emptied");
	while (m->nr_on) {
		del(m, pick(m, true));
		check_page(m);
	}
	chain_assert(m, !m->page.pte.chain && !PageDirect(&m->page),
		     "empty page still has an rmap entry");
	remove_missing(m, &m->ptes[0]);
	model_free(m);
}

static void test_chain_direct(void **state)
{
	(void)state;
	for (unsigned int nrpte = 1; nrpte <= NRPTE_MAX; nrpte++)
		run_sequence(nrpte, true);
}

static void test_chain_no_direct(void **state)
{
	(void)state;
	for (unsigned int nrpte = 1; nrpte <= NRPTE_MAX; nrpte++)
		run_sequence(nrpte, false);
}

/*
 * The conversions by hand: direct -> chain on the second mapping, and the
 * head node's slots filled from the top down (insert fills ptes[idx - 1]).
 */
static void test_direct_to_chain(void **state)
{
	struct model *m = model_new(NRPTE_MAX, true, 1);
	struct pte_chain *pc;

	(void)state;
	add(m, 0);
	assert_true(PageDirect(&m->page));
	assert_ptr_equal(m->page.pte.direct, &m->ptes[0]);
	assert_int_equal(pte_chain_cache_created(&m->ctx.alloc), 0);
	add(m, 1);
	assert_false(PageDirect(&m->page));
	pc = m->page.pte.chain;
	assert_non_null(pc);
	assert_null(pte_chain_next(pc));
	assert_int_equal(pte_chain_idx(pc), NRPTE_MAX - 2);
	assert_ptr_equal(pc->ptes[NRPTE_MAX - 1], &m->ptes[0]);
	assert_ptr_equal(pc->ptes[NRPTE_MAX - 2], &m->ptes[1]);
	check_page(m);
	/* Removing the deeper one moves the head's lowest used slot up. */
	del(m, 0);
	assert_int_equal(pte_chain_idx(pc), NRPTE_MAX - 1);
	assert_ptr_equal(pc->ptes[NRPTE_MAX - 1], &m->ptes[1]);
	check_page(m);
	del(m, 1);
	assert_null(m->page.pte.chain);
	assert_int_equal(pte_chain_cache_free(&m->ctx.alloc), 1);
	check_page(m);
	model_free(m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_chain_direct),
		cmocka_unit_test(test_chain_no_direct),
		cmocka_unit_test(test_direct_to_chain),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
