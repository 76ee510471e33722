/* SPDX-License-Identifier: GPL-2.0 */
#ifndef RMAPBENCH_LAYOUT_H
#define RMAPBENCH_LAYOUT_H

#include <stddef.h>
#include "config.h"
#include "model/vma.h"

struct world;

/*
 * A process's vmas (--vmas, --vmas-per-file).  The vmas are split between
 * the shared files and anonymous memory in the --file-frac proportion, at
 * least one of a kind that has pages and never more vmas than pages:
 */
struct vma_layout {
	unsigned int file_vmas, anon_vmas;
	unsigned int files; /* file_vmas / vmas_per_file, rounded up */
};

void vma_layout(const struct config *cfg, struct vma_layout *l);

/* --layout 2002 (layout_2002.c): its vma counts, and its k-th vma. */
void layout_2002(struct vma_layout *l);
void layout_2002_vma(struct world *w, unsigned int k, unsigned long *start,
		     unsigned long *end, unsigned long *addr, int *file);

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

#endif
