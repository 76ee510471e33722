/* SPDX-License-Identifier: GPL-2.0 */
#ifndef RMAPBENCH_CALIBRATE_H
#define RMAPBENCH_CALIBRATE_H

#include "lib/stats.h"

enum cal_kind {
	CAL_ANON, /* private anonymous pages, written */
	CAL_FILE, /* a shared file mapping, written */
};

/* The timings of fork+exit with `pages` pages of one kind mapped. */
struct cal_point {
	enum cal_kind kind;
	unsigned long pages;
	struct stats_summary s;
};

/* fork+exit = fixed_ns + per_page_ns * pages */
struct cal_fit {
	double fixed_ns;
	double per_page_ns;
};

/* Times `tries` fork+exit pairs after a warm-up; 0, or -1 (errno). */
int calibrate_one(enum cal_kind kind, unsigned long pages, unsigned int tries,
		  struct cal_point *pt);
/* Least squares over the medians of the points of one kind. */
int calibrate_fit(const struct cal_point *pt, size_t n, enum cal_kind kind,
		  struct cal_fit *fit);

/* rmapbench calibrate [--pages LIST] [--tries N] [--out FILE] */
int cmd_calibrate(int argc, char **argv);

#endif
