/* SPDX-License-Identifier: GPL-2.0 */
#ifndef RMAPBENCH_WORLD_H
#define RMAPBENCH_WORLD_H

#include <stddef.h>
#include "config.h"
#include "strategy/strategy.h"

/*
 * The simulated machine for one configuration point: the page pool (the
 * shared file's pages first, then each family's anonymous pages), the
 * processes, and the locks and node pools the strategies share.
 */
struct world {
	struct config cfg;
	struct page *pool;
	unsigned long nr_pages, nr_file, nr_anon;
	/*
	 * After the parents' pages: the spare pages that copy-on-write
	 * faults swap in (--cow-faults per child of each family: spare),
	 * then each child's private pages of the exec'd image.
	 */
	unsigned long nr_parent_pages; /* what the page scanner picks from */
	unsigned long spare_base, image_base;
	unsigned long
		*spare; /* family f, child c: + (f * children + c) * cow */
	unsigned long nr_cow, image_file, image_anon;
	struct family *family;
	struct rmap_locks locks;
	spinlock_t global_lock ____cacheline_aligned;
	struct address_space mapping;
	struct address_space *files; /* the vmas' files (layout.c) */
	unsigned int nr_files;
	struct pte_chain_pool node_pool;
	_Atomic unsigned long rmap_lock_sequence;
	struct pgd_range *pgds; /* sorted by address: ptep_to_mm() */
	size_t nr_pgds;
	/*
	 * Last, so that the lines of the locks above stay where the modelled
	 * caches saw them: sets of --cow-faults spares per family (--children,
	 * one more in a tree), and the families that fork (cfg.loops; with
	 * --tree daniel the --daemons after them only stay mapped, tree.c).
	 */
	unsigned int spare_sets;
	unsigned long nr_active;
};

/* Bytes a point needs at most, computed without overflow (as a double). */
double world_bytes(const struct config *cfg);

/*
 * Builds the world with every parent mapping its pages; -1 on ENOMEM, and
 * WORLD_STOPPED when a stop signal came first (a large world takes seconds).
 * world_destroy() frees what either left.
 */
#define WORLD_STOPPED 1
int world_init(struct world *w, const struct config *cfg);
void world_destroy(struct world *w);

/* A driver thread's context, with its own chain-node cache. */
void rmap_ctx_init(struct rmap_ctx *ctx, struct world *w);

void set_page_index(struct world *w, struct page *page, unsigned long index);

/* layout.c: the processes' vmas and the files they map (layout.h). */
/* Bytes the vmas and files of a point take. */
double layout_bytes(const struct config *cfg);

/*
 * Gives every process of the world its vmas and the world its files, and
 * links each parent's vmas on their objects (both eras' lists: a strategy
 * uses one).  Children's vmas start as copies of their parent's, linked
 * nowhere.  -1 on ENOMEM.
 */
int layout_init(struct world *w);
void layout_destroy(struct world *w);

/*
 * After every child exited: each file's i_mmap holds exactly the parents'
 * vmas of it, each parent anon_vma only its parent's avc, with its counts
 * back, and no i_mmap or anon_vma lock is held.  0, or -1 with msg.
 */
int layout_check(struct world *w, char *msg, size_t len);

/* The spare pages of child c of family f's copy-on-write faults. */
static inline unsigned long *world_spare(struct world *w, unsigned long f,
					 unsigned int c)
{
	return w->spare + (f * w->spare_sets + c) * w->nr_cow;
}

/* The first private page of child c's exec'd image. */
static inline unsigned long world_image_pfn(const struct world *w,
					    unsigned long f, unsigned int c)
{
	return w->image_base + (f * w->cfg.children + c) * w->image_anon;
}

/*
 * Checks the invariants after every child exited: chains hold exactly the
 * parents' ptes, counts and mapcounts are back, no node leaked, no lock
 * held.  ctxs are the driver threads' contexts.  Returns 0, or -1 with a
 * one-line description in msg.
 */
int world_check(struct world *w, struct rmap_ctx *const *ctxs,
		unsigned int nr_ctxs, char *msg, size_t len);

#endif
