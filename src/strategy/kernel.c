// SPDX-License-Identifier: GPL-2.0
/*
 * The kernels of 2002-2004 whose rmap costs the 2002 debate compared, as
 * named configurations.  Each line's options are the kernel's choices on
 * SMP i386; the sources are linux-kernel postings (findable by subject and
 * date) and kernel trees.
 */
#include <stddef.h>
#include <string.h>
#include "kernel.h"
#include "lib/compiler.h"

/*
 * 2.4's copy_page_range() write-protects only writable ptes; its exit
 * sets PG_dirty with a locked test_and_set_bit() on every dirty pte
 * (2.4.19 mm/memory.c __free_pte(): "if (pte_dirty(pte))
 * set_page_dirty(page)"; mm/filemap.c set_page_dirty()).
 */
#define OPTS_24                                                          \
	"--wrprotect writable --pte-ops locked --bit-unlock locked " \
	"--zap-dirty locked"
/* rmap-13b: one-pte nodes of two pointers, no PageDirect, one free list. */
#define OPTS_RMAP13B                                                         \
	OPTS_24 " --nrpte 1 --node-size 16 --direct 0 --collapse 0 --alloc " \
		"global"
/* 2.5.27 on: every pte of a private vma is write-protected at fork. */
#define OPTS_25 "--wrprotect cow --pte-ops locked --bit-unlock locked"

/*
 * The table, once: X(name, options, what, source, baseline), baseline the
 * era's kernel without rmap that an overhead is taken against (NULL: the
 * `none` strategy at the same knobs).
 */
#define KERNELS(X)                                                          \
	X("custom", "", "the --strategy and knobs as given", "", NULL)      \
	X("2.4.19-pre7", "--strategy none " OPTS_24,                        \
	  "2.4.19-pre7, no reverse mapping: akpm's baseline",               \
	  "linux-2.4.19-pre7 mm/memory.c copy_page_range(): "               \
	  "\"if (cow && pte_write(pte))\"; baseline of akpm's daniel.sh "   \
	  "timings (\"Re: [PATCH] Rmap speedup\", linux-kernel, Aug 2002)", \
	  NULL)                                                             \
	X("2.4.19-pre7-rmap13b", "--strategy pagebit " OPTS_RMAP13B,        \
	  "Rik van Riel's rmap-13b: PG_chainlock, a node per pte from "     \
	  "one free list under pte_chain_freelist_lock",                    \
	  "rmap-13b mm/rmap.c and include/linux/mm.h as the \"-\" lines "   \
	  "of \"[PATCH] Rmap speedup\" (Daniel Phillips, linux-kernel, "    \
	  "2 Aug 2002) show them: struct pte_chain { next; ptep; }, "       \
	  "pte_chain_alloc() and pte_chain_free() each take "               \
	  "zone->pte_chain_freelist_lock, pte_chain_lock() is "             \
	  "test_and_set_bit(PG_chainlock), no PageDirect",                  \
	  "2.4.19-pre7")                                                    \
	X("2.4.19-pre7-rmap13b-daniel",                                     \
	  "--strategy daniel " OPTS_RMAP13B                                 \
	  " --locks 256 --lock-shift 4 --batch 16 --anon-index allocs",     \
	  "rmap-13b plus Daniel Phillips' Rmap speedup: lock_rmap(), "      \
	  "copy batched with 16-node preallocation, exit per pte",          \
	  "\"[PATCH] Rmap speedup\", Daniel Phillips, linux-kernel, "       \
	  "2 Aug 2002 (against 2.4.19-pre7 + rmap-13b): "                   \
	  "rmap_locknum() = (index >> 4) & 255 over 256 spinlocks, "        \
	  "page->index = allocations >> PAGE_CACHE_SHIFT",                  \
	  "2.4.19-pre7")                                                    \
	X("2.5.31-akpm",                                                    \
	  "--strategy batched " OPTS_25                                     \
	  " --locks 256 --lock-shift 4 --lock-stride 4 --batch 1 "          \
	  "--nrpte 7 --node-size 64 --direct 1 --collapse 0 --alloc "       \
	  "percpu --anon-index sequence",                                   \
	  "akpm's port of the speedup to 2.5.30/31: cached_rmap_lock() in " \
	  "copy_page_range() and zap_pte_range(), dropped at each page "    \
	  "table page's end; packed locks; nodes one at a time, inside "    \
	  "the lock; NRPTE nodes, PageDirect",                              \
	  "\"Re: [PATCH] Rmap speedup\", Andrew Morton, linux-kernel, "     \
	  "2 Aug 2002 (daniel-rmap-speedup.patch for 2.5.30); "             \
	  "\"[patch 14/21] hashed spinlocking for pte_chain "               \
	  "manipulation\" (akpm, 11 Aug 2002, "                             \
	  "<3D5614B7.29BD72D8@zip.com.au>): spinlock_t "                    \
	  "rmap_locks[NUM_RMAP_LOCKS], pte_chain_alloc() from "             \
	  "kmem_cache_alloc() under the rmap lock; "                        \
	  "2.5.31-akpm mm/memory.c zap_pte_range() with "                   \
	  "cached_rmap_lock(); 2.5.27 \"[PATCH] minimal rmap\" (akpm, "     \
	  "18 Jul 2002) copy_page_range(): \"if (cow)\"",                   \
	  NULL)                                                             \
	X("2.6.0",                                                          \
	  "--strategy pagebit " OPTS_25                                     \
	  " --nrpte 7 --node-size 64 --direct 1 --collapse 0 --alloc "      \
	  "percpu --mapping-lock semaphore",                                \
	  "mainline pte chains until 2.6.6: pte_chain_lock() bit lock, "    \
	  "NRPTE nodes of one line, PageDirect, a per-cpu node; "           \
	  "i_shared_sem per file vma at fork and exit",                     \
	  "2.5.3x-2.6.6 include/linux/rmap-locking.h: pte_chain_lock() "    \
	  "= test_and_set_bit(PG_chainlock), pte_chain_unlock() = "         \
	  "smp_mb__before_clear_bit(); clear_bit() (\"[PATCH] Missing "     \
	  "memory barrier in pte_chain_unlock\", Anton Blanchard, "         \
	  "linux-kernel, 25 Jul 2002); 2.6.5 kernel/fork.c dup_mmap() and " \
	  "mm/mmap.c remove_shared_vm_struct(): "                           \
	  "down(&mapping->i_shared_sem), as the \"-\" lines of \"Re: "     \
	  "[PATCH] anobjrmap 9 priority mjb tree\" (Rajesh "                \
	  "Venkatasubramanian, linux-kernel, 12 Apr 2004) quote them",      \
	  NULL)                                                             \
	X("2.6.7", "--strategy objrmap " OPTS_25 " --mapcount bitlock",     \
	  "object rmap: page_map_lock() (PG_maplock) around a plain "       \
	  "mapcount, anon_vma and i_mmap links per fork",                   \
	  "linux-2.6.7 include/linux/rmap.h: page_map_lock() = "            \
	  "bit_spin_lock(PG_maplock), page_dup_rmap() locks around "        \
	  "page->mapcount++; mm/memory.c copy_one_pte()",                   \
	  NULL)                                                             \
	X("2.6.9", "--strategy objrmap " OPTS_25 " --mapcount atomic",      \
	  "object rmap with the atomic _mapcount",                          \
	  "\"rmaplock 2/6\" (Hugh Dickins, linux-kernel, Jul 2004): "       \
	  "page_dup_rmap() = atomic_inc(&page->_mapcount); in 2.6.9",       \
	  NULL)                                                             \
	/* Today's: order-0 anonymous folios, the kernel's default. */     \
	X("6.10", "--strategy folio " OPTS_25 " --folio-pages 1",           \
	  "folio rmap before either batching of i_mmap_rwsem",              \
	  "\"mm/memory: optimize fork() with PTE-mapped THP\" (David "      \
	  "Hildenbrand, 6.9): copy_present_ptes() batches a large "         \
	  "folio's ptes; dup_mmap() and free_pgtables() take "              \
	  "i_mmap_rwsem per file vma",                                      \
	  NULL)                                                             \
	X("6.11", "--strategy mainline " OPTS_25 " --folio-pages 1",        \
	  "mainline before the 2026 RFC: i_mmap_rwsem batched at exit",     \
	  "commit 3577dbb19241 \"mm: batch unlink_file_vma calls in "       \
	  "free_pgd_range\" (Mateusz Guzik, "                               \
	  "<20240521234321.359501-1-mjguzik@gmail.com>), in 6.11",          \
	  NULL)                                                             \
	X("rfc-2026", "--strategy folio-batched " OPTS_25 " --folio-pages 1", \
	  "the 2026 RFC on mainline: i_mmap_rwsem batched at fork too",     \
	  "\"[RFC PATCH] mm: batch link_file_vma calls in dup_mmap\" "     \
	  "(Yibin Liu, linux-kernel, 16 Jun 2026)",                         \
	  NULL)

#define AS_CONFIG(n, o, w, s, b) \
	{ .name = n, .options = o, .what = w, .source = s, .baseline = b },
#define AS_NAME(n, o, w, s, b) n,

const struct kernel_config kernels[] = { KERNELS(AS_CONFIG) };

const unsigned int nr_kernels = ARRAY_SIZE(kernels);

const char *const kernel_names[] = { KERNELS(AS_NAME) NULL };

int kernel_find(const char *name)
{
	for (unsigned int i = 0; i < nr_kernels; i++)
		if (!strcmp(kernels[i].name, name))
			return (int)i;
	return -1;
}
