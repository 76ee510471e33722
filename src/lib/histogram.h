/* SPDX-License-Identifier: GPL-2.0 */
#ifndef RMAPBENCH_HISTOGRAM_H
#define RMAPBENCH_HISTOGRAM_H

#include <stdint.h>
#include <stdio.h>

/*
 * A log-linear latency histogram (HdrHistogram's layout): values below
 * 2^(HIST_SUB_BITS+1) ns have a bucket each; above, every power of two is
 * cut into 2^HIST_SUB_BITS equal buckets, so a value is known to within
 * 1/32 (3.1%).  Recording is an index computation and an increment, cheap
 * enough for once per fork.  The maximum is kept exactly.
 */
#define HIST_SUB_BITS 5
#define HIST_SUB (1u << HIST_SUB_BITS)
#define HIST_MAX_BITS 40 /* 2^40 ns: 18 minutes */
#define HIST_BUCKETS ((HIST_MAX_BITS - HIST_SUB_BITS + 1) * HIST_SUB)

struct histogram {
	uint64_t n;
	uint64_t max;
	uint64_t count[HIST_BUCKETS];
};

static inline unsigned int hist_bucket(uint64_t v)
{
	unsigned int shift;

	if (v < 2 * HIST_SUB)
		return v;
	if (v >> HIST_MAX_BITS)
		return HIST_BUCKETS - 1;
	shift = 63 - __builtin_clzll(v) - HIST_SUB_BITS;
	return (shift + 1) * HIST_SUB + (unsigned int)(v >> shift) - HIST_SUB;
}

static inline void hist_add(struct histogram *h, uint64_t v)
{
	h->count[hist_bucket(v)]++;
	h->n++;
	if (v > h->max)
		h->max = v;
}

/* The smallest value that falls in bucket b. */
uint64_t hist_bucket_low(unsigned int b);
void hist_merge(struct histogram *into, const struct histogram *from);
/*
 * The nearest-rank p-th percentile (0 < p <= 100): the smallest recorded
 * value's bucket floor with at least p% of values at or below it, never
 * above the maximum.  0 for an empty histogram.
 */
uint64_t hist_percentile(const struct histogram *h, double p);
/* Non-empty buckets as CSV rows "prefix,low,high,count". */
int hist_write(FILE *f, const struct histogram *h, const char *prefix);

#endif
