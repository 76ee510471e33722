// SPDX-License-Identifier: GPL-2.0
/* Values grouped into the host's regimes (regime.h). */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "regime.h"
#include "stats.h"

void regime_group(const double *v, size_t n, int *group, struct regimes *out)
{
	double *s = malloc((n ? n : 1) * sizeof(*s));
	double least[REGIME_MAX]; /* regime k's least value */
	size_t m = 0;

	memset(out, 0, sizeof(*out));
	for (size_t i = 0; i < n; i++)
		group[i] = -1;
	if (!s)
		return;
	for (size_t i = 0; i < n; i++)
		if (isfinite(v[i]) && v[i] > 0)
			s[m++] = v[i];
	stats_sort(s, m);
	for (size_t j = 0; j < m; j++) {
		if (!j || (!regime_same(s[j - 1], s[j]) && out->n < REGIME_MAX))
			least[out->n++] = s[j];
		out->count[out->n - 1]++;
	}
	/* each regime's values are a run of s */
	for (size_t k = 0, first = 0; k < out->n; first += out->count[k++])
		out->centre[k] = stats_median(s + first, out->count[k]);
	for (size_t i = 0; i < n; i++)
		for (size_t k = 0; isfinite(v[i]) && v[i] > 0 && k < out->n;
		     k++)
			if (v[i] >= least[k])
				group[i] = (int)k;
	free(s);
}
