// SPDX-License-Identifier: GPL-2.0
/*
 * anon_vma_chain rmap: 2.6.34's "mm: change anon_vma linking to fix
 * multi-process server scalability issue" (Rik van Riel, 2010), with the
 * locks of 3.19 to 6.8 (i_mmap_rwsem, the anon_vma root's rwsem), before
 * 6.9 batched the pte work per folio.  At fork, per anonymous vma
 * anon_vma_fork() (two holds of the root's rwsem, an anon_vma and two
 * anon_vma_chains), per file vma one i_mmap_lock_write() around
 * vma_interval_tree_insert_after(), per copied pte get_page() and
 * page_dup_rmap() (an atomic _mapcount increment).  At exit, per pte
 * page_remove_rmap() and put_page(), per vma unlink_anon_vmas() or
 * unlink_file_vma() under the same locks (model/vma.h).
 */
#define STRATEGY avc
#define FOLIO_BATCH 0
#define FILE_VMA_BATCH_MAX 1
#include "vma_template.h"

DEFINE_STRATEGY(.desc = "anon_vma_chain (2.6.34+): per-vma i_mmap_rwsem and anon_vma links, atomic _mapcount per pte",
		.kind = RMAP_VMA);
