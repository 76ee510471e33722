// SPDX-License-Identifier: GPL-2.0
#include "reclaim.h"

struct mm_struct *ptep_to_mm(const struct rmap_ctx *ctx, const pte_t *ptep)
{
	size_t lo = 0, hi = ctx->nr_pgds;

	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;

		if (ptep < ctx->pgds[mid].start)
			hi = mid;
		else
			lo = mid;
	}
	return ctx->pgds[lo].mm;
}
