/* SPDX-License-Identifier: GPL-2.0 */
#ifndef RMAPBENCH_CALIBRATE_H
#define RMAPBENCH_CALIBRATE_H

#include <stdbool.h>
#include <stddef.h>
#include "sweep.h"
#include "lib/stats.h"

enum cal_kind {
	CAL_ANON, /* private anonymous pages, written */
	CAL_FILE, /* a shared file mapping, written */
};

/*
 * The tries are taken in CAL_ROUNDS rounds, each visiting every size in a
 * new random order: a slow spell (another process, a page-cache flush)
 * then lands on some tries of every size instead of on all tries of one,
 * and each round gives a line of its own, whose spread says how well the
 * measurement repeats.
 */
#define CAL_ROUNDS 5

/* The sizes times the two kinds: one of each for a size of --pages. */
#define CAL_MAX_POINTS (2 * MAX_LIST)

/* The timings of fork+exit with `pages` pages of one kind mapped. */
struct cal_point {
	enum cal_kind kind;
	unsigned long pages;
	struct stats_summary s;		 /* over every try */
	double round_median[CAL_ROUNDS]; /* each round's tries */
};

/* fork+exit = fixed_ns + per_page_ns * pages */
struct cal_fit {
	double fixed_ns;
	double per_page_ns;
	double fitted_fixed_ns;	   /* before clamping at 0 */
	bool clamped;		   /* the fitted fixed cost was negative */
	double round_lo, round_hi; /* range of the rounds' per-page costs */
	double residual_pct;	   /* largest miss of a size's median */
};

/* Times `tries` fork+exit pairs into ns after a warm-up; 0, or -1 (errno). */
int calibrate_tries(enum cal_kind kind, unsigned long pages, unsigned int tries,
		    double *ns);
/*
 * A Theil-Sen line over the medians of the sizes of one kind, so that a
 * size or two with slow tries cannot tilt it.  A negative fixed cost is
 * no measurement: it is clamped to 0 (clamped, fitted_fixed_ns say so)
 * and the per-page cost refitted through the origin.  The same line
 * through each round's medians gives round_lo..round_hi.
 */
int calibrate_fit(const struct cal_point *pt, size_t n, enum cal_kind kind,
		  struct cal_fit *fit);

/*
 * Times pt[0..n) (n at most CAL_MAX_POINTS), tries fork+exit pairs each,
 * in CAL_ROUNDS rounds of a new random order, into their summaries and
 * round medians; exits with a message when a size cannot be mapped.
 */
void calibrate_measure(unsigned int tries, struct cal_point *pt, size_t n);
/*
 * The calibration file that --other-work calibrated reads (otherwork.c):
 * the fits and the frozen none probe as metadata, a row per point,
 * written whole to path (lib/outfile.h flags); exits on an error.
 */
void calibrate_write(const char *path, unsigned int flags, int argc,
		     char **argv, const struct cal_point *pt, size_t n,
		     const struct cal_fit *fit);

#endif
