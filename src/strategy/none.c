// SPDX-License-Identifier: GPL-2.0
/* No reverse mapping at all: 2.4 before rmap, the denominator. */
#define STRATEGY none
#include "model/rmap.h"

#define rmap_add(ctx, page, ptep) \
	do {                      \
	} while (0)
#define rmap_remove(ctx, page, ptep) \
	do {                         \
	} while (0)

#include "template.h"

/* 2.4 without rmap found mappings by scanning page tables, not pages. */
static void VARIANT_NAME(_page_referenced_v)(struct rmap_ctx *ctx,
					     struct page *page,
					     struct reclaim_stats *rs)
{
	(void)ctx;
	rs->referenced +=
		!!(mem_fetch_and(&page->flags, ~(1UL << PG_referenced),
				 memory_order_relaxed) &
		   (1UL << PG_referenced));
}

static void VARIANT_NAME(_try_to_unmap_v)(struct rmap_ctx *ctx,
					  struct page *page,
					  struct reclaim_stats *rs)
{
	(void)ctx;
	(void)page;
	(void)rs;
}

DEFINE_STRATEGY(.desc = "no rmap at all (2.4 before rmap): the baseline",
		.kind = RMAP_NONE);
