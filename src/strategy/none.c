// SPDX-License-Identifier: GPL-2.0
/* No reverse mapping at all: 2.4 before rmap, the denominator. */
#define STRATEGY none
#include "../rmap.h"

#define rmap_add(ctx, page, ptep) do { } while (0)
#define rmap_remove(ctx, page, ptep) do { } while (0)

#include "../memory.h"

DEFINE_STRATEGY(.desc = "no rmap at all (2.4 before rmap): the baseline",
		.kind = RMAP_NONE);
