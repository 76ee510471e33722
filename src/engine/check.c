// SPDX-License-Identifier: GPL-2.0
/*
 * The invariants that must hold once every child has exited.  A strategy
 * that loses an update, leaks a node or leaves a lock held is caught here,
 * after every point, not only in the tests.
 */
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "world.h"

struct checker {
	struct world *w;
	char *msg;
	size_t len;
	pte_t **got, **want; /* scratch, one per mapping of a page */
	unsigned long in_chains;
	/* The parents' ptes by page: those of pfn are
	 * by_page[first[pfn]] .. by_page[first[pfn + 1] - 1]. */
	unsigned long *first;
	pte_t **by_page;
};

__attribute__((format(printf, 2, 3))) static int fail(struct checker *ck,
						      const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(ck->msg, ck->len, fmt, ap);
	va_end(ap);
	return -1;
}

static int cmp_ptr(const void *a, const void *b)
{
	pte_t *x = *(pte_t *const *)a, *y = *(pte_t *const *)b;

	return (x > y) - (x < y);
}

static const char *page_kind(struct world *w, unsigned long pfn)
{
	return pfn < w->nr_file ? "file" : "anon";
}

/*
 * One pass over the parents' present ptes: counts them by page into
 * first[pfn + 2], or (fill) files each at by_page[first[pfn + 1]++].
 */
static void scan_parents(struct checker *ck, bool fill)
{
	struct world *w = ck->w;

	for (unsigned long f = 0; f < w->cfg.loops; f++) {
		struct mm_struct *mm = &w->family[f].parent;

		for (unsigned long addr = 0; addr < mm->nr_ptes; addr++) {
			unsigned long pte = ptep_get(mm->pgd + addr);
			unsigned long pfn = pte_pfn(pte);

			if (!pte_present(pte) || pfn >= w->nr_pages)
				continue;
			if (fill)
				ck->by_page[ck->first[pfn + 1]++] =
					mm->pgd + addr;
			else
				ck->first[pfn + 2]++;
		}
	}
}

/*
 * Indexes the parents' page tables by page: after every child has gone,
 * a page's rmap holds exactly the parent ptes that map it (which page a
 * parent maps at an address changes with copy-on-write faults).
 */
static int index_parents(struct checker *ck)
{
	struct world *w = ck->w;
	unsigned long total = 0;

	ck->first = calloc(w->nr_pages + 2, sizeof(*ck->first));
	ck->by_page =
		calloc(w->cfg.loops * w->cfg.pages + 1, sizeof(*ck->by_page));
	if (!ck->first || !ck->by_page)
		return -1;
	scan_parents(ck, false);
	for (unsigned long pfn = 0; pfn <= w->nr_pages; pfn++)
		ck->first[pfn + 1] = total += ck->first[pfn + 1];
	scan_parents(ck, true);
	return 0;
}

/* The parent ptes that map pfn, into want. */
static unsigned long expected_ptes(struct checker *ck, unsigned long pfn,
				   pte_t **want)
{
	unsigned long n = ck->first[pfn + 1] - ck->first[pfn];

	memcpy(want, ck->by_page + ck->first[pfn], n * sizeof(*want));
	return n;
}

/* Collects a page's chain into ck->got; -1 on a malformed chain. */
static long walk_chain(struct checker *ck, unsigned long pfn, unsigned long max)
{
	struct page *page = ck->w->pool + pfn;
	unsigned int nrpte = ck->w->cfg.nrpte;
	long n = 0;

	if (PageDirect(page)) {
		if (!page->pte.direct)
			return fail(ck, "page %lu: PageDirect with no pte",
				    pfn);
		ck->got[0] = page->pte.direct;
		return 1;
	}
	for (struct pte_chain *pc = page->pte.chain; pc;
	     pc = pte_chain_next(pc)) {
		unsigned int idx = pte_chain_idx(pc);

		ck->in_chains++;
		if (idx >= nrpte || (pc != page->pte.chain && idx))
			return fail(
				ck,
				"page %lu: chain node with free slots at index %u",
				pfn, idx);
		for (unsigned int i = idx; i < nrpte; i++) {
			if (!pc->ptes[i])
				return fail(
					ck,
					"page %lu: empty slot %u in a chain node",
					pfn, i);
			if ((unsigned long)n == max)
				return fail(
					ck,
					"page %lu: chain holds more than the %lu ptes that map it",
					pfn, max);
			ck->got[n++] = pc->ptes[i];
		}
	}
	return n;
}

static int check_chain(struct checker *ck, unsigned long pfn)
{
	unsigned long want = expected_ptes(ck, pfn, ck->want);
	long got = walk_chain(ck, pfn, want);

	if (got < 0)
		return -1;
	if ((unsigned long)got != want)
		return fail(ck,
			    "page %lu (%s): chain holds %ld ptes, expected %lu",
			    pfn, page_kind(ck->w, pfn), got, want);
	qsort(ck->got, want, sizeof(*ck->got), cmp_ptr);
	qsort(ck->want, want, sizeof(*ck->want), cmp_ptr);
	for (unsigned long i = 0; i < want; i++)
		if (ck->got[i] != ck->want[i])
			return fail(
				ck,
				"page %lu (%s): chain holds a pte that is not a parent's mapping of it",
				pfn, page_kind(ck->w, pfn));
	return 0;
}

static int check_page(struct checker *ck, unsigned long pfn)
{
	struct world *w = ck->w;
	struct page *page = w->pool + pfn;
	int maps = ck->first[pfn + 1] - ck->first[pfn];
	int count = atomic_load(&page->count),
	    mapcount = atomic_load(&page->mapcount);
	int want_count = maps + (pfn < w->nr_file);
	int want_mapcount = w->cfg.strategy->kind == RMAP_OBJECT ||
					    w->cfg.strategy->kind == RMAP_VMA ?
				    maps :
				    0;

	if (page_test_flag(page, PG_chainlock))
		return fail(ck, "page %lu: PG_chainlock still held", pfn);
	if (page_test_flag(page, PG_maplock))
		return fail(ck, "page %lu: PG_maplock still held", pfn);
	if (count != want_count)
		return fail(ck, "page %lu (%s): count %d, expected %d", pfn,
			    page_kind(w, pfn), count, want_count);
	if (mapcount != want_mapcount)
		return fail(ck, "page %lu (%s): mapcount %d, expected %d", pfn,
			    page_kind(w, pfn), mapcount, want_mapcount);
	if (w->cfg.strategy->kind == RMAP_CHAIN)
		return check_chain(ck, pfn);
	if (page->pte.chain || PageDirect(page))
		return fail(
			ck,
			"page %lu: rmap entry under a strategy that keeps none",
			pfn);
	return 0;
}

static int check_mm(struct checker *ck, struct mm_struct *mm, bool child,
		    unsigned long f)
{
	if (spin_is_locked(&mm->page_table_lock))
		return fail(ck, "family %lu: page_table_lock still held", f);
	for (unsigned long addr = 0; addr < mm->nr_ptes; addr++) {
		unsigned long pte = ptep_get(mm->pgd + addr);

		if (child && pte)
			return fail(
				ck,
				"family %lu: an exited child still maps address %lu",
				f, addr);
		if (!child && !pte_present(pte))
			return fail(
				ck,
				"family %lu: the parent lost its pte at address %lu",
				f, addr);
	}
	return 0;
}

static unsigned long list_len(const struct list_head *head)
{
	unsigned long n = 0;

	for (const struct list_head *p = head->next; p != head; p = p->next)
		n++;
	return n;
}

static int check_families(struct checker *ck)
{
	struct world *w = ck->w;
	bool object = w->cfg.strategy->kind == RMAP_OBJECT;

	for (unsigned long f = 0; f < w->cfg.loops; f++) {
		struct family *fam = &w->family[f];

		if (check_mm(ck, &fam->parent, false, f))
			return -1;
		for (unsigned int c = 0; c < w->cfg.children; c++)
			if (check_mm(ck, &fam->child[c], true, f))
				return -1;
		if (spin_is_locked(&fam->anon_vma.lock))
			return fail(ck, "family %lu: anon_vma lock still held",
				    f);
		if (list_len(&fam->anon_vma.head) != object)
			return fail(
				ck,
				"family %lu: anon_vma links %lu vmas, expected %d",
				f, list_len(&fam->anon_vma.head), object);
	}
	if (list_len(&w->mapping.i_mmap) != (object ? w->cfg.loops : 0))
		return fail(ck, "i_mmap links %lu vmas, expected %u",
			    list_len(&w->mapping.i_mmap),
			    object ? w->cfg.loops : 0);
	return 0;
}

static int check_locks(struct checker *ck, struct rmap_ctx *const *ctxs,
		       unsigned int nr_ctxs)
{
	struct world *w = ck->w;
	long held = w->locks.base ? rmap_locks_first_held(&w->locks) : -1;

	if (held >= 0)
		return fail(ck, "rmap lock %ld still held", held);
	if (spin_is_locked(&w->global_lock) ||
	    spin_is_locked(&w->node_pool.lock) ||
	    spin_is_locked(&w->mapping.i_mmap_lock))
		return fail(ck, "a global lock is still held");
	for (unsigned int t = 0; t < nr_ctxs; t++) {
		if (ctxs[t]->cached_lock)
			return fail(
				ck,
				"thread %u still holds its cached rmap lock",
				t);
		if (ctxs[t]->errors)
			return fail(
				ck,
				"thread %u: page_remove_rmap found no entry for %lu ptes",
				t, ctxs[t]->errors);
	}
	return 0;
}

static int check_nodes(struct checker *ck, struct rmap_ctx *const *ctxs,
		       unsigned int nr_ctxs)
{
	struct world *w = ck->w;
	unsigned long created = w->node_pool.slab.created;
	unsigned long free = pte_chain_list_len(w->node_pool.freelist);

	for (unsigned int t = 0; t < nr_ctxs; t++) {
		created += pte_chain_cache_created(&ctxs[t]->alloc);
		free += pte_chain_cache_free(&ctxs[t]->alloc);
	}
	if (created != free + ck->in_chains)
		return fail(
			ck,
			"pte_chain nodes: %lu made, %lu free, %lu on chains: %ld leaked",
			created, free, ck->in_chains,
			(long)(created - free - ck->in_chains));
	return 0;
}

int world_check(struct world *w, struct rmap_ctx *const *ctxs,
		unsigned int nr_ctxs, char *msg, size_t len)
{
	struct checker ck = { .w = w, .msg = msg, .len = len };
	int ret = fail(&ck, "out of memory checking invariants");

	ck.got = calloc(w->cfg.loops + 1, sizeof(*ck.got));
	ck.want = calloc(w->cfg.loops + 1, sizeof(*ck.want));
	if (!ck.got || !ck.want || index_parents(&ck))
		goto out;
	ret = check_families(&ck);
	if (!ret)
		ret = layout_check(w, msg, len);
	for (unsigned long pfn = 0; !ret && pfn < w->nr_pages; pfn++)
		ret = check_page(&ck, pfn);
	if (!ret)
		ret = check_locks(&ck, ctxs, nr_ctxs);
	if (!ret)
		ret = check_nodes(&ck, ctxs, nr_ctxs);
out:
	free(ck.got);
	free(ck.want);
	free(ck.first);
	free(ck.by_page);
	return ret;
}
