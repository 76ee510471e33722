// SPDX-License-Identifier: GPL-2.0
/* Values grouped into the host's regimes (regime.h). */
#include <math.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include "regime.h"
#include "stats.h"

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

void regime_group(const double *v, size_t n, int *group, struct regimes *out)
{
	double *s = malloc((n ? n : 1) * sizeof(*s));
	double least[REGIME_MAX]; /* regime k's least value */
	size_t m = 0, first = 0;

	memset(out, 0, sizeof(*out));
	for (size_t i = 0; i < n; i++)
		group[i] = -1;
	if (!s)
		return;
	for (size_t i = 0; i < n; i++)
		if (isfinite(v[i]) && v[i] > 0)
			s[m++] = v[i];
	qsort(s, m, sizeof(*s), cmp_double);
	for (size_t j = 0; j < m; j++) {
		bool gap = j && s[j] > s[j - 1] * REGIME_SAME;

		if (j && (!gap || out->n == REGIME_MAX))
			continue;
		if (j) {
			out->centre[out->n - 1] =
				stats_median(s + first, j - first);
			out->count[out->n - 1] = j - first;
		}
		least[out->n] = s[j];
		first = j;
		out->n++;
	}
	if (out->n) {
		out->centre[out->n - 1] = stats_median(s + first, m - first);
		out->count[out->n - 1] = m - first;
	}
	for (size_t i = 0; i < n; i++)
		for (size_t k = 0; isfinite(v[i]) && v[i] > 0 && k < out->n;
		     k++)
			if (v[i] >= least[k])
				group[i] = (int)k;
	free(s);
}
