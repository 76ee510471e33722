// SPDX-License-Identifier: GPL-2.0
#include <math.h>
#include "histogram.h"

uint64_t hist_bucket_low(unsigned int b)
{
	unsigned int shift;

	if (b < 2 * HIST_SUB)
		return b;
	shift = b / HIST_SUB - 1;
	return (uint64_t)(b % HIST_SUB + HIST_SUB) << shift;
}

void hist_merge(struct histogram *into, const struct histogram *from)
{
	for (unsigned int b = 0; b < HIST_BUCKETS; b++)
		into->count[b] += from->count[b];
	into->n += from->n;
	if (from->max > into->max)
		into->max = from->max;
}

uint64_t hist_percentile(const struct histogram *h, double p)
{
	uint64_t rank, seen = 0;

	if (!h->n)
		return 0;
	/* 99.9 / 100 * 1000 is 999.0000000000001 in doubles: a rank is a
	 * whole number, so a hair of rounding must not push it up. */
	rank = (uint64_t)ceil(p / 100 * h->n - 1e-6);
	if (rank < 1)
		rank = 1;
	for (unsigned int b = 0; b < HIST_BUCKETS; b++) {
		seen += h->count[b];
		if (seen >= rank)
			return hist_bucket_low(b) < h->max ?
				       hist_bucket_low(b) :
				       h->max;
	}
	return h->max;
}

int hist_write(FILE *f, const struct histogram *h, const char *prefix)
{
	for (unsigned int b = 0; b < HIST_BUCKETS; b++) {
		uint64_t high = b + 1 < HIST_BUCKETS ?
					hist_bucket_low(b + 1) - 1 :
					h->max;

		if (h->count[b] &&
		    fprintf(f, "%s,%llu,%llu,%llu\n", prefix,
			    (unsigned long long)hist_bucket_low(b),
			    (unsigned long long)high,
			    (unsigned long long)h->count[b]) < 0)
			return -1;
	}
	return 0;
}
