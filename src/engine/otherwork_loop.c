// SPDX-License-Identifier: GPL-2.0
/* The speed of --other-work's loop of stores (otherwork.h). */
#include <stdint.h>
#include <stdlib.h>
#include "lib/util.h"
#include "otherwork.h"

double otherwork_speed(void)
{
	unsigned long *m = calloc(OTHER_WORK_WORDS, sizeof(*m));
	const unsigned long iters = 200000;
	uint64_t best = UINT64_MAX;

	if (!m)
		return 0;
	for (int t = 0; t < 20; t++) {
		uint64_t t0 = now_ns(), t;

		otherwork_stores(m, iters);
		t = now_ns() - t0;
		if (t < best)
			best = t;
	}
	free(m);
	return best ? (double)iters / best : 0;
}
