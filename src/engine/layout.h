/* SPDX-License-Identifier: GPL-2.0 */
#ifndef RMAPBENCH_LAYOUT_H
#define RMAPBENCH_LAYOUT_H

#include <stddef.h>
#include "config.h"
#include "model/vma.h"

/*
 * A process's vmas (--vmas, --vmas-per-file); layout.c builds them, with
 * the functions world.h declares for it.  The vmas are split between
 * the shared files and anonymous memory in the --file-frac proportion, at
 * least one of a kind that has pages and never more vmas than pages:
 */
struct vma_layout {
	unsigned int file_vmas, anon_vmas;
	unsigned int files; /* file_vmas / vmas_per_file, rounded up */
};

void vma_layout(const struct config *cfg, struct vma_layout *l);

struct world;

/* --layout 2002 (layout_2002.c): its vma counts, and its k-th vma. */
void layout_2002(struct vma_layout *l);
void layout_2002_vma(struct world *w, unsigned int k, unsigned long *start,
		     unsigned long *end, unsigned long *addr, int *file);

#endif
