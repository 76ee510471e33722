// SPDX-License-Identifier: GPL-2.0
/*
 * Building and tearing down the simulated machine of one point.  Set-up is
 * single-threaded and untimed: the parents map their pages here, through
 * the strategy's own bookkeeping, so that every fork starts from a parent
 * whose pages already have one rmap entry each.
 */
#include <stdlib.h>
#include <string.h>
#include "lib/numa.h"
#include "lib/stop.h"
#include "lib/util.h"
#include "tree.h"
#include "world.h"
#include "model/rwsem.h"

unsigned int config_node_size(const struct config *cfg)
{
	return cfg->node_size ? cfg->node_size : pte_chain_bytes(cfg->nrpte);
}

/* A child's page table holds its copy of the parent, then its new image. */
static unsigned long child_ptes(const struct config *cfg)
{
	if (cfg->lifecycle == LIFECYCLE_FORK_EXEC_EXIT &&
	    cfg->image_pages > cfg->pages)
		return cfg->image_pages;
	return cfg->pages;
}

double world_bytes(const struct config *point)
{
	struct config c = *point, *cfg = &c;
	double children, pages, mms;

	c.loops = tree_families(point);
	children = (double)cfg->loops * cfg->children;
	pages = config_file_pages(cfg) +
		(double)cfg->loops * config_anon_pages(cfg) +
		(double)cfg->loops * tree_spare_sets(cfg) *
			config_cow_faults(cfg) +
		children * config_image_anon(cfg);
	mms = (double)cfg->loops * (1 + cfg->children);
	double bytes =
		pages * sizeof(struct page) +
		((double)cfg->loops * cfg->pages + children * child_ptes(cfg)) *
			sizeof(pte_t) +
		children * config_cow_faults(cfg) * sizeof(unsigned long) +
		mms * sizeof(struct mm_struct) +
		(double)cfg->loops * sizeof(struct family);

	if (cfg->strategy->kind == RMAP_CHAIN)
		bytes += (mms * cfg->pages / cfg->nrpte + pages) *
			 config_node_size(cfg);
	if (cfg->strategy->locks != LOCKS_NONE)
		bytes += (double)cfg->locks * cfg->lock_stride;
	return bytes + layout_bytes(cfg);
}

static unsigned int lock_stride(const struct config *cfg)
{
	if (cfg->strategy->locks == LOCKS_PACKED)
		return sizeof(spinlock_t);
	return cfg->lock_stride;
}

static int mm_init(struct mm_struct *mm, struct world *w, struct family *fam,
		   unsigned long nr_ptes)
{
	spin_lock_init(&mm->page_table_lock);
	mm->nr_ptes = nr_ptes;
	mm->anon_start = w->nr_file;
	mm->anon_vma = &fam->anon_vma;
	INIT_LIST_HEAD(&mm->i_mmap_link);
	INIT_LIST_HEAD(&mm->anon_vma_link);
	mm->pgd = mem_alloc(mm->nr_ptes * sizeof(pte_t));
	return mm->pgd ? 0 : -1;
}

/*
 * sequence: rmap_lock_sequence++, as the 2.5.31 patch did; allocs: Daniel's
 * "page->index = foo_page_allocs++ >> PAGE_CACHE_SHIFT" in
 * __alloc_pages() ("[PATCH] Rmap speedup", 2 Aug 2002): 4096 successive
 * allocations share an index.
 */
static unsigned long anon_index(struct world *w, unsigned long addr)
{
	unsigned long seq;

	if (w->cfg.anon_index == ANON_INDEX_VADDR)
		return addr;
	seq = atomic_fetch_add_explicit(&w->rmap_lock_sequence, 1,
					memory_order_relaxed);
	if (w->cfg.anon_index == ANON_INDEX_ALLOCS)
		return seq >> PAGE_SHIFT;
	return seq;
}

/* The rmap entry of a parent's mapping, made the strategy's way. */
static void setup_add_rmap(struct world *w, struct rmap_ctx *ctx,
			   struct page *page, pte_t *ptep)
{
	switch (w->cfg.strategy->kind) {
	case RMAP_CHAIN:
		__page_add_rmap(ctx, page, ptep);
		break;
	case RMAP_OBJECT:
	case RMAP_VMA:
		atomic_fetch_add_explicit(&page->mapcount, 1,
					  memory_order_relaxed);
		break;
	case RMAP_NONE:
		break;
	}
}

/*
 * Ptes a parent maps between two looks for a stop signal: few enough that
 * a stop is seen within the second `run --help` promises, many enough
 * that looking costs nothing beside the mapping.
 */
#define MAP_STOP_PTES (1ul << 16)

/* Maps family f's parent; false when a stop signal cut it short. */
static bool map_parent(struct world *w, struct rmap_ctx *ctx, unsigned long f)
{
	struct mm_struct *mm = &w->family[f].parent;

	for (unsigned long addr = 0; addr < mm->nr_ptes; addr++) {
		unsigned long pfn = addr, prot = _PAGE_PRESENT | _PAGE_ACCESSED;
		struct page *page;

		if (!(addr % MAP_STOP_PTES) && stop_requested())
			return false;

		if (addr >= w->nr_file) {
			pfn = w->nr_file + f * w->nr_anon + addr - w->nr_file;
			prot |= _PAGE_RW;
		}
		page = w->pool + pfn;
		if (addr >= w->nr_file) {
			page_set_flag(page, PG_anon);
			atomic_store(&page->index, anon_index(w, addr));
		}
		set_pte(mm->pgd + addr, mk_pte(pfn, prot));
		atomic_fetch_add(&page->count, 1);
		setup_add_rmap(w, ctx, page, mm->pgd + addr);
	}
	if (w->cfg.strategy->kind == RMAP_OBJECT) {
		list_add(&mm->i_mmap_link, &w->mapping.i_mmap);
		list_add(&mm->anon_vma_link, &mm->anon_vma->head);
	}
	return true;
}

static int family_init(struct world *w, struct family *fam)
{
	spin_lock_init(&fam->anon_vma.lock);
	INIT_LIST_HEAD(&fam->anon_vma.head);
	if (mm_init(&fam->parent, w, fam, w->cfg.pages))
		return -1;
	fam->child = calloc_pages(w->cfg.children, sizeof(*fam->child));
	if (!fam->child)
		return -1;
	for (unsigned int c = 0; c < w->cfg.children; c++)
		if (mm_init(&fam->child[c], w, fam, child_ptes(&w->cfg)))
			return -1;
	return 0;
}

void rmap_ctx_init(struct rmap_ctx *ctx, struct world *w)
{
	const struct config *cfg = &w->cfg;

	*ctx = (struct rmap_ctx){
		.pool = w->pool,
		.locks = w->locks,
		.global_lock = &w->global_lock,
		.mapping = &w->mapping,
		.family = w->family,
		.nr_file = w->nr_file,
		.nr_anon = w->nr_anon,
		.pgds = w->pgds,
		.nr_pgds = w->nr_pgds,
		.nrpte = cfg->nrpte,
		.direct = cfg->direct,
		.folio_pages = cfg->folio_pages ? cfg->folio_pages : 1,
		.fault_around = cfg->fault_around ? cfg->fault_around : 1,
		.pte_locked = cfg->pte_ops == X86_LOCKED,
		.wrprotect_all = cfg->wrprotect == WRPROTECT_COW,
		.bit_unlock_locked = cfg->bit_unlock == X86_LOCKED,
		.mapcount_bitlock = cfg->mapcount == MAPCOUNT_BITLOCK,
		.mapping_sem = cfg->mapping_lock == MAPPING_SEMAPHORE,
		.zap_dirty_locked = cfg->zap_dirty == ZAP_DIRTY_LOCKED,
		.collapse = cfg->collapse && cfg->direct,
		.fixes = cfg->replay_fixes,
	};
	pte_chain_cache_init(&ctx->alloc, cfg->strategy->batch ? cfg->batch : 1,
			     cfg->alloc == ALLOC_GLOBAL ? &w->node_pool : NULL);
	ctx->alloc.slab.node_size = config_node_size(cfg);
}

static int cmp_pgd(const void *a, const void *b)
{
	const struct pgd_range *x = a, *y = b;

	return (x->start > y->start) - (x->start < y->start);
}

static void add_pgd(struct world *w, struct mm_struct *mm)
{
	w->pgds[w->nr_pgds++] =
		(struct pgd_range){ mm->pgd, mm->pgd + mm->nr_ptes, mm };
}

/* Every page table's address range, for the scanner's ptep_to_mm(). */
static int index_pgds(struct world *w)
{
	w->pgds =
		calloc(w->cfg.loops * (1 + w->cfg.children), sizeof(*w->pgds));
	if (!w->pgds)
		return -1;
	for (unsigned long f = 0; f < w->cfg.loops; f++) {
		add_pgd(w, &w->family[f].parent);
		for (unsigned int c = 0; c < w->cfg.children; c++)
			add_pgd(w, &w->family[f].child[c]);
	}
	qsort(w->pgds, w->nr_pgds, sizeof(*w->pgds), cmp_pgd);
	return 0;
}

/*
 * The pages of the lifecycle: spares for the copy-on-write faults (spare
 * i of a child stands in for the parent's anonymous page i) and the
 * exec'd images' private pages, anonymous with an index as at allocation.
 */
static int lifecycle_init(struct world *w)
{
	unsigned long nr_spare = w->image_base - w->spare_base;

	w->spare = calloc(nr_spare ? nr_spare : 1, sizeof(*w->spare));
	if (!w->spare)
		return -1;
	for (unsigned long i = 0; i < nr_spare; i++) {
		w->spare[i] = w->spare_base + i;
		page_set_flag(w->pool + w->spare[i], PG_anon);
		atomic_store(&w->pool[w->spare[i]].index,
			     anon_index(w, w->nr_file + i % w->nr_cow));
	}
	for (unsigned long pfn = w->image_base; pfn < w->nr_pages; pfn++) {
		page_set_flag(w->pool + pfn, PG_anon);
		atomic_store(
			&w->pool[pfn].index,
			anon_index(w, w->image_file + (pfn - w->image_base) %
							      w->image_anon));
	}
	return 0;
}

/* After the layout: --tree daniel's children write past the parent's pages. */
static void tree_init(struct world *w)
{
	if (w->cfg.tree != TREE_DANIEL)
		return;
	for (unsigned long f = 0; f < w->nr_active; f++)
		for (unsigned int c = 0; c < w->cfg.children; c++)
			w->family[f].child[c].anon_start =
				w->nr_file + w->nr_cow;
}

int world_init(struct world *w, const struct config *cfg)
{
	struct rmap_ctx setup;

	memset(w, 0, sizeof(*w));
	w->cfg = *cfg;
	/* --tree daniel's daemons are families that never fork (tree.c) */
	w->cfg.loops = tree_families(cfg);
	w->nr_active = cfg->loops;
	w->spare_sets = tree_spare_sets(cfg);
	cfg = &w->cfg;
	rwsem_osq = cfg->rwsem == RWSEM_KERNEL;
	w->nr_file = config_file_pages(cfg);
	w->nr_anon = config_anon_pages(cfg);
	w->nr_cow = config_cow_faults(cfg);
	w->image_file = config_image_file(cfg);
	w->image_anon = config_image_anon(cfg);
	w->nr_parent_pages = w->nr_file + cfg->loops * w->nr_anon;
	w->spare_base = w->nr_parent_pages;
	w->image_base = w->spare_base +
			(unsigned long)cfg->loops * w->spare_sets * w->nr_cow;
	w->nr_pages = w->image_base +
		      (unsigned long)cfg->loops * cfg->children * w->image_anon;
	spin_lock_init(&w->global_lock);
	spin_lock_init(&w->node_pool.lock);
	w->node_pool.slab.node_size = config_node_size(cfg);
	spin_lock_init(&w->mapping.i_mmap_lock);
	INIT_LIST_HEAD(&w->mapping.i_mmap);
	if (cfg->strategy->locks != LOCKS_NONE &&
	    rmap_locks_init(&w->locks, cfg->locks, cfg->lock_shift,
			    lock_stride(cfg)))
		return -1;
	w->pool = mem_alloc(w->nr_pages * sizeof(struct page));
	w->family = calloc_pages(cfg->loops, sizeof(*w->family));
	if (!w->pool || !w->family)
		return -1;
	for (unsigned long i = 0; i < w->nr_pages; i++) {
		atomic_init(&w->pool[i].index, i);
		atomic_init(&w->pool[i].count, i < w->nr_file);
	}
	if (lifecycle_init(w))
		return -1;
	/* Parents' chain nodes come from the shared pool: no thread owns them. */
	rmap_ctx_init(&setup, w);
	setup.alloc.global = &w->node_pool;
	for (unsigned long f = 0; f < cfg->loops; f++) {
		if (family_init(w, &w->family[f]))
			return -1;
		if (!map_parent(w, &setup, f)) {
			pte_chain_cache_drain(&setup.alloc);
			return WORLD_STOPPED;
		}
	}
	pte_chain_cache_drain(&setup.alloc);
	if (layout_init(w))
		return -1;
	tree_init(w);
	return index_pgds(w);
}

static void mm_destroy(struct world *w, struct mm_struct *mm)
{
	(void)w;
	mem_free(mm->pgd, mm->nr_ptes * sizeof(pte_t));
}

void world_destroy(struct world *w)
{
	layout_destroy(w);
	for (unsigned long f = 0; w->family && f < w->cfg.loops; f++) {
		struct family *fam = &w->family[f];

		mm_destroy(w, &fam->parent);
		for (unsigned int c = 0; fam->child && c < w->cfg.children; c++)
			mm_destroy(w, &fam->child[c]);
		free(fam->child);
	}
	free(w->family);
	free(w->spare);
	free(w->pgds);
	mem_free(w->pool, w->nr_pages * sizeof(struct page));
	rmap_locks_destroy(&w->locks);
	pte_chain_pool_destroy(&w->node_pool);
	memset(w, 0, sizeof(*w));
}

void set_page_index(struct world *w, struct page *page, unsigned long index)
{
	if (w->cfg.strategy->locks == LOCKS_NONE) {
		atomic_store_explicit(&page->index, index,
				      memory_order_release);
		return;
	}
	set_page_index_locked(&w->locks, page, index);
}
