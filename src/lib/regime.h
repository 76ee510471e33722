/* SPDX-License-Identifier: GPL-2.0 */
#ifndef RMAPBENCH_LIB_REGIME_H
#define RMAPBENCH_LIB_REGIME_H

/*
 * The host's cache-to-cache regime a measured point ran in, by its
 * one-way ping-pong (raw.csv's pingpong_ns).  Virtual machines flip
 * between regimes several times apart within minutes (the 2-vCPU
 * development VM: about 37 and 117 ns), and two-thread figures move up to
 * 2x with them: repetitions are compared within a regime.
 */
#include <stdbool.h>
#include <stddef.h>

/* Two ping-pongs within this factor of each other are one regime. */
#define REGIME_SAME 1.5
#define REGIME_MAX 8

/* Two ping-pongs of one regime: each within REGIME_SAME of the other. */
static inline bool regime_same(double a, double b)
{
	return a <= b * REGIME_SAME && b <= a * REGIME_SAME;
}

struct regimes {
	size_t n;
	double centre[REGIME_MAX]; /* each one's median ping-pong, ascending */
	size_t count[REGIME_MAX];  /* values in it */
};

/*
 * The regimes of v[0..n) (NAN: no regime, left out): sorted values a gap
 * of more than REGIME_SAME apart start a new one; past REGIME_MAX the
 * last takes the rest.  group[i] is v[i]'s regime, or -1.
 */
void regime_group(const double *v, size_t n, int *group, struct regimes *out);

#endif
