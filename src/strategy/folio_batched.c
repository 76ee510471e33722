// SPDX-License-Identifier: GPL-2.0
/*
 * The June 2026 RFC on top of mainline: i_mmap_rwsem taken once per run of
 * up to 8 vmas of the same file at exit, as commit 3577dbb19241 ("mm:
 * batch unlink_file_vma calls in free_pgd_range", Mateusz Guzik, 2024: 4%
 * more execs/s at 20-odd cores) does in free_pgtables() (the `mainline`
 * strategy), and at fork, as "[RFC PATCH] mm: batch link_file_vma calls in
 * dup_mmap" (Yibin Liu, linux-kernel, 16 June 2026: 2-7% more execs/s on
 * an AMD EPYC 9754 with 512 threads) does in dup_mmap() with
 * link_file_vma_batch_add().  Its gain is read against `mainline`, not
 * against `folio`, which has neither side.  Daniel Phillips' 2002 batching
 * of copy_page_range(), one level up: the lock held across a run of
 * neighbours.
 */
#define STRATEGY folio_batched
#define STRATEGY_NAME "folio-batched"
#define FOLIO_BATCH 1
#define FILE_VMA_BATCH_MAX FILE_VMA_BATCH
#include "vma_template.h"

DEFINE_STRATEGY(.desc = "the 2026 RFC on mainline: i_mmap_rwsem once per run of same-file vmas at fork and exit",
		.kind = RMAP_VMA);
