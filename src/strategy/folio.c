// SPDX-License-Identifier: GPL-2.0
/*
 * Folio rmap, 6.9 and 6.10 (before commit 3577dbb19241 batched the exit
 * side in 6.11; `mainline` has that): avc's locks, with the pte work of copy_present_ptes()
 * and zap_present_ptes() batched over the contiguous ptes of one folio
 * (--folio-pages): folio_ref_add() and folio_try_dup_anon_rmap_ptes() at
 * fork, folio_remove_rmap_ptes() and one reference drop at exit, one
 * atomic each per batch ("mm/memory: optimize fork() with PTE-mapped THP",
 * David Hildenbrand, 6.9; the one mapcount atomic per batch is
 * CONFIG_NO_PAGE_MAPCOUNT's, 6.15).  i_mmap_rwsem is still taken once per
 * file vma at fork and exit.
 */
#define STRATEGY folio
#define FOLIO_BATCH 1
#define FILE_VMA_BATCH_MAX 1
#include "vma_template.h"

DEFINE_STRATEGY(.desc = "folio (6.9-6.10): avc with one atomic per --folio-pages batch of ptes",
		.kind = RMAP_VMA);
