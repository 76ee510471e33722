// SPDX-License-Identifier: GPL-2.0
/*
 * The modelled sweep of --daemons, the count of the system's processes
 * that stay mapped all run (issue 24's fix 5: chains as long as the
 * system's), as a table of its own beside the 2002 table, so that the
 * count's weight is visible.
 */
#include <math.h>
#include <stdlib.h>
#include "lib/stats.h"
#include "truth.h"
#include "truth_impl.h"

/*
 * reps' figures of field; modelled rows have no ping-pong, so every
 * repetition is in one pool.
 */
static int pooled(const struct rep *reps, size_t n, size_t field,
		  struct r2002_split *out)
{
	double(*v)[R2002_KERNELS] = truth_by_kernel(reps, n, field);
	double(*pp)[R2002_KERNELS] =
		truth_by_kernel(reps, n, offsetof(struct kv, pingpong));
	int ret = v && pp ? r2002_split(v, pp, n, out) : -1;

	free(v);
	free(pp);
	return ret;
}

static void put_figure(FILE *f, const struct r2002_figure *g)
{
	if (!g->n) {
		fputs("<td class=\"num\">&ndash;</td>", f);
		return;
	}
	fprintf(f, "<td class=\"num\">%+.1f (%.1f &ndash; %.1f, %.0f%%)</td>",
		g->median, g->lo, g->hi, 100 * g->coverage);
}

void truth_put_daemons(FILE *f, const struct csv *c, const char *machine)
{
	struct truth_counts n;

	truth_daemons_counts(c, machine, &n);
	if (n.n < 2)
		return;
	stats_sort(n.daemons, n.n); /* the rows are not needed after */
	fprintf(f,
		"<h4>The system's other processes (--daemons), modelled on %s</h4>\n"
		"<p class=\"note\">Fix 5 of issue 24: processes that stay mapped all run lengthen every "
		"shared page's chain, which rmap-13b walks at each unmap.  The same modelled replay at each "
		"count (the 2002 table's column is at %g); each figure the median over the repetitions "
		"with its order-statistics interval and coverage, virtual time on a modelled machine.</p>\n"
		"<div class=\"scroll\"><table>\n<thead><tr><th>--daemons</th><th>n</th>"
		"<th>rmap-13b's elapsed overhead (%%)</th><th>share the patch removed (%%)</th>"
		"<th>rmap-13b's CPU-time overhead (%%)</th></tr></thead>\n<tbody>\n",
		machine, truth_main_daemons(c, machine));
	for (size_t i = 0; i < n.n; i++) {
		struct r2002_split wall, cpu;
		struct rep *reps = NULL;
		size_t nr = truth_read_reps(c, machine, n.daemons[i], &reps);

		if (pooled(reps, nr, offsetof(struct kv, wall), &wall) ||
		    pooled(reps, nr, offsetof(struct kv, cpu), &cpu)) {
			free(reps);
			continue;
		}
		fprintf(f,
			"<tr><td class=\"num\">%g</td><td class=\"num\">%zu</td>",
			n.daemons[i], wall.r[0].overhead.n);
		put_figure(f, &wall.r[0].overhead);
		put_figure(f, &wall.r[0].removed);
		put_figure(f, &cpu.r[0].overhead);
		fputs("</tr>\n", f);
		free(reps);
	}
	fputs("</tbody></table></div>\n", f);
}
