// SPDX-License-Identifier: GPL-2.0
/* The 2.5.31 patch: lock_rmap() over a packed table of --locks spinlocks. */
#define STRATEGY hashed
#include "model/rmap_hashed.h"

#define rmap_add page_add_rmap_hashed
#define rmap_remove page_remove_rmap_hashed
#define reclaim_lock rmap_lock_page
#define reclaim_unlock(ctx, lock) unlock_rmap(lock)

#include "template.h"

DEFINE_STRATEGY(.desc = "lock_rmap(): --locks spinlocks hashed by page->index, packed",
		.kind = RMAP_CHAIN, .locks = LOCKS_PACKED);
