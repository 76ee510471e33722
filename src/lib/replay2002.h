/* SPDX-License-Identifier: GPL-2.0 */
#ifndef RMAPBENCH_LIB_REPLAY2002_H
#define RMAPBENCH_LIB_REPLAY2002_H

/*
 * The two headline figures of the 2002 replay (akpm's daniel.sh timings,
 * "Re: [PATCH] Rmap speedup", 3 Aug 2002, <3D4C4DD9.779C057B@zip.com.au>)
 * from paired repetitions of its three kernels, split by the host's
 * regime (regime.h), and issue 24's check 4 on them.  One place, so that
 * the report's 2002 table, the verdict and the runner's sequential stop
 * (--reps-max) give the same figures from the same repetitions.
 */
#include <stdbool.h>
#include <stddef.h>
#include "regime.h"

/* The three 2.4.19 kernels akpm timed. */
enum r2002_kernel { R2002_NONE, R2002_RMAP, R2002_DANIEL, R2002_KERNELS };

/*
 * Check 4: a measured figure's interval at most this many points either
 * side of its median (overhead, share removed).
 */
#define R2002_OVERHEAD_HALF 10.0
#define R2002_SHARE_HALF 20.0

/*
 * Which kernel a row ran: the configuration's name where it names one
 * (2.4.19-pre7, 2.4.19-pre7-rmap13b, 2.4.19-pre7-rmap13b-daniel), else
 * the strategy that stands for it ("" or "custom": no name); -1: neither.
 */
int r2002_kernel(const char *kernel, const char *strategy);

/* rmap-13b's overhead over 2.4.19-pre7, in %, from the three values. */
double r2002_overhead(const double *v);
/* The share of that overhead Phillips' patch removed, in %. */
double r2002_removed(const double *v);
/*
 * A repetition's regime from its three kernels' ping-pongs: their mean
 * when all three are one regime, else NAN.
 */
double r2002_regime(const double *pingpong);

struct r2002_figure {
	double median, lo, hi, coverage; /* NAN without one */
	size_t n;			 /* repetitions that gave one */
};

/* One regime's repetitions and figures (centre NAN: none recorded). */
struct r2002_regime {
	double centre;
	size_t n;
	struct r2002_figure overhead, removed;
};

struct r2002_split {
	struct r2002_regime r[REGIME_MAX];
	size_t nr;	   /* regimes; 1 with centre NAN if none recorded */
	size_t biggest;	   /* the one with the most repetitions */
	size_t unlabelled; /* repetitions in no one regime */
};

/*
 * wall[i] and pingpong[i] are repetition i's three kernels' elapsed time
 * per process and ping-pong (NAN: none).  Without any ping-pong the
 * repetitions are one pool, as the report's 2002 table has them.
 * Returns 0, or -1 out of memory.
 */
int r2002_split(const double (*wall)[R2002_KERNELS],
		const double (*pingpong)[R2002_KERNELS], size_t n,
		struct r2002_split *out);

/* Both figures' 95% intervals within check 4's half widths. */
bool r2002_narrow(const struct r2002_regime *r);

#endif
