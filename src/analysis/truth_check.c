// SPDX-License-Identifier: GPL-2.0
/*
 * Issue 24's check 4 in words: the measured 2002 replay's intervals at
 * most +-10 points on the overhead and +-20 on the share, in the regime
 * with the most repetitions (lib/replay2002.h).  The report and the
 * verdict print the same sentence, so the two never disagree.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "truth.h"
#include "lib/stats.h"

unsigned int truth_reps_max(const struct csv *c)
{
	const char *sweep = csv_meta_get(c, "sweep");
	const char *p = sweep ? strstr(sweep, "--reps-max ") : NULL;

	return p ? (unsigned int)strtoul(p + strlen("--reps-max "), NULL, 10) :
		   0;
}

/* "ping-pong 112 ns (n 34 of 40)"; of 0: without the total. */
static void say_regime(const struct r2002_regime *r, size_t of, FILE *f)
{
	if (isnan(r->centre))
		fprintf(f, "no regime recorded (n %zu", r->n);
	else
		fprintf(f, "ping-pong %.0f ns (n %zu", r->centre, r->n);
	if (of)
		fprintf(f, " of %zu", of);
	fputc(')', f);
}

/* The largest distance from the median to an end of the interval. */
static double half(const struct r2002_figure *g)
{
	return fmax(g->median - g->lo, g->hi - g->median);
}

void truth_2002_say(const struct r2002_split *s, size_t reps,
		    unsigned int reps_max, FILE *f)
{
	const struct r2002_regime *big = &s->r[s->biggest];
	bool narrow = r2002_narrow(big);

	fputs("Measured 2002 replay, the regime with the most repetitions, ",
	      f);
	say_regime(big, reps, f);
	fprintf(f,
		": rmap-13b's elapsed overhead %+.1f%% [%.1f, %.1f], share the patch removed %+.1f%% [%.1f, %.1f]",
		big->overhead.median, big->overhead.lo, big->overhead.hi,
		big->removed.median, big->removed.lo, big->removed.hi);
	if (narrow)
		fprintf(f, ": check 4 holds (within +-%.0f and +-%.0f points)",
			R2002_OVERHEAD_HALF, R2002_SHARE_HALF);
	else if (!(big->removed.coverage >= STATS_CI_LEVEL))
		fputs(": check 4 does NOT hold (a 95% interval needs 6 repetitions)",
		      f);
	else
		fprintf(f,
			": check 4 does NOT hold (+-%.1f and +-%.1f points where it asks +-%.0f and +-%.0f)",
			half(&big->overhead), half(&big->removed),
			R2002_OVERHEAD_HALF, R2002_SHARE_HALF);
	if (!narrow && reps_max && reps >= reps_max)
		fprintf(f, ", after --reps-max %u repetitions", reps_max);
	for (size_t k = 0; k < s->nr; k++) {
		if (k == s->biggest)
			continue;
		fputs("; ", f);
		say_regime(&s->r[k], 0, f);
		fprintf(f, " %+.1f%%, %+.1f%%", s->r[k].overhead.median,
			s->r[k].removed.median);
	}
	if (s->unlabelled)
		fprintf(f, "; %zu in no one regime", s->unlabelled);
	fputs(".", f);
}

void truth_put_check4(FILE *f, const struct csv *c)
{
	struct r2002_split split;
	size_t n;

	if (truth_2002_split(c, &split, &n))
		return;
	fputs("<p class=\"note\">", f);
	truth_2002_say(&split, n, truth_reps_max(c), f);
	fputs("</p>\n", f);
}
