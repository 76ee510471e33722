// SPDX-License-Identifier: GPL-2.0
/*
 * Mainline before the June 2026 RFC (6.11 onwards): folio's pte work,
 * with i_mmap_rwsem taken once per run of up to 8 vmas of the same file at
 * exit only, as commit 3577dbb19241 ("mm: batch unlink_file_vma calls in
 * free_pgd_range", Mateusz Guzik, <20240521234321.359501-1-mjguzik@gmail.com>,
 * merged for 6.11) does in free_pgtables(): unlink_file_vma_batch_add()
 * gathers the vmas, unlink_file_vma_batch_process() takes the lock once.
 * dup_mmap() still takes i_mmap_lock_write() around each file vma's
 * vma_interval_tree_insert_after().  This is the "unpatched kernel" the
 * RFC measured against.
 */
#define STRATEGY mainline
#define FOLIO_BATCH 1
#define FILE_VMA_LINK_MAX 1
#define FILE_VMA_UNLINK_MAX FILE_VMA_BATCH
#include "vma_template.h"

DEFINE_STRATEGY(.desc = "mainline 6.11+: folio with i_mmap_rwsem once per run of same-file vmas at exit only (3577dbb19241)",
		.kind = RMAP_VMA);
