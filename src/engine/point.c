// SPDX-License-Identifier: GPL-2.0
/* What a point's threads or CPUs add up to, whichever clock ran them. */
#include <limits.h>
#include <math.h>
#include "point.h"

void rmap_stats_add(struct rmap_stats *sum, const struct rmap_stats *s)
{
	sum->acquisitions += s->acquisitions;
	sum->contended += s->contended;
	sum->collisions += s->collisions;
	sum->retries += s->retries;
	sum->removes += s->removes;
	sum->walked += s->walked;
	sum->file_locks += s->file_locks;
	sum->file_contended += s->file_contended;
	sum->pool_locks += s->pool_locks;
	sum->fork_locks += s->fork_locks;
	sum->fault_locks += s->fault_locks;
	if (s->max_walk > sum->max_walk)
		sum->max_walk = s->max_walk;
}

void rmap_stats_since(struct rmap_stats *sum, const struct rmap_stats *now,
		      const struct rmap_stats *before)
{
	const stat_t *a = (const stat_t *)now, *b = (const stat_t *)before;
	stat_t *s = (stat_t *)sum;

	_Static_assert(sizeof(struct rmap_stats) % sizeof(stat_t) == 0,
		       "struct rmap_stats is counters only");
	for (size_t i = 0; i < sizeof(*sum) / sizeof(stat_t); i++)
		s[i] += a[i] - b[i];
	sum->max_walk -= now->max_walk - before->max_walk;
	if (now->max_walk > sum->max_walk)
		sum->max_walk = now->max_walk;
}

/*
 * Fairness: the spread of forks over threads, and the share of the window
 * in which every thread was inside its measured rounds.  The n spans are
 * stride bytes apart, inside whatever the caller keeps per thread.
 */
void point_fairness(struct point_result *res, const struct thread_span *span,
		    unsigned int n, size_t stride, uint64_t start, uint64_t end)
{
	uint64_t all_start = 0, all_end = UINT64_MAX;
	double mean = (double)res->forks / n, var = 0;

	res->forks_min = ULONG_MAX;
	for (unsigned int t = 0; t < n; t++) {
		const struct thread_span *d =
			(const void *)((const char *)span + t * stride);

		if (d->forks < res->forks_min)
			res->forks_min = d->forks;
		if (d->forks > res->forks_max)
			res->forks_max = d->forks;
		var += (d->forks - mean) * (d->forks - mean) / n;
		if (d->first_start > all_start)
			all_start = d->first_start;
		if (d->last_end < all_end)
			all_end = d->last_end;
	}
	res->forks_cv = mean > 0 ? sqrt(var) / mean : 0;
	res->all_running =
		all_end > all_start && end > start ?
			(double)(all_end - all_start) / (end - start) :
			0;
}
