/* SPDX-License-Identifier: GPL-2.0 */
#ifndef RMAPBENCH_SHARD_H
#define RMAPBENCH_SHARD_H

#include <stdbool.h>
#include <stddef.h>
#include "plan_types.h"

/*
 * A modelled suite spread over machines (`suite --shard I/N`): every run
 * of a plan puts its points in one shuffled order (engine/runner.c), and
 * shard I of N runs the points I-1, I-1+N, I-1+2N, ... of that order,
 * recording "I/N of TOTAL points" in its raw CSV's `# shard:` line, so
 * that `rmapbench merge` can deal the shards' rows back into the order
 * one unsharded run writes them in.
 */
#define SHARDS_MAX 100000

/* Whether shard i of n runs the plan's k-th point (counting from 0). */
static inline bool shard_owns(unsigned int i, unsigned int n, unsigned long k)
{
	return k % n == i - 1;
}

/* How many of a plan's points shard i of n runs. */
static inline unsigned long shard_rows(unsigned int i, unsigned int n,
				       unsigned long points)
{
	return points >= i ? (points - i) / n + 1 : 0;
}

/* "I/N" into i, n (1 <= i <= n <= SHARDS_MAX); 0, or EXIT_USAGE with msg. */
int shard_parse(const char *text, unsigned int *i, unsigned int *n, char *msg,
		size_t len);

/*
 * Whether p can be sharded n ways: every point modelled (a measured
 * point times the host it runs on, and the shards' hosts differ), and
 * no shard without a point.  0, or EXIT_USAGE with msg.
 */
int shard_check_plan(const struct plan *p, unsigned int n, char *msg,
		     size_t len);

/* The points of p, every repetition counted. */
unsigned long shard_plan_points(const struct plan *p);

/* The `# shard:` value, "I/N of TOTAL points", written and read back. */
void shard_format(char *buf, size_t len, unsigned int i, unsigned int n,
		  unsigned long points);
int shard_parse_meta(const char *value, unsigned int *i, unsigned int *n,
		     unsigned long *points);

#endif
