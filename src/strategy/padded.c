// SPDX-License-Identifier: GPL-2.0
/* hashed, with every lock --lock-stride bytes from the next: no false sharing. */
#define STRATEGY padded
#include "model/rmap_hashed.h"

#define rmap_add page_add_rmap_hashed
#define rmap_remove page_remove_rmap_hashed
#define reclaim_lock rmap_lock_page
#define reclaim_unlock(ctx, lock) unlock_rmap(lock)

#include "template.h"

DEFINE_STRATEGY(.desc = "hashed, each lock in its own cache line (--lock-stride)",
		.kind = RMAP_CHAIN, .locks = LOCKS_PADDED);
