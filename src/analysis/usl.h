/* SPDX-License-Identifier: GPL-2.0 */
#ifndef RMAPBENCH_USL_H
#define RMAPBENCH_USL_H

#include <stdbool.h>
#include <stddef.h>

/*
 * Gunther's Universal Scalability Law: throughput relative to one CPU,
 *
 *	C(N) = N / (1 + sigma (N - 1) + kappa N (N - 1)),
 *
 * sigma the contention (serialised share), kappa the coherency cost (the
 * pairwise exchange that makes throughput fall past a peak).  The peak is
 * at N* = sqrt((1 - sigma) / kappa); with kappa 0 there is none (N* is
 * infinite).
 */
struct usl_fit {
	double sigma, kappa;
	double nstar; /* INFINITY when kappa is 0 */
	double r2;    /* of C(N), observed against fitted */
};

/*
 * Least squares on C(N) = x[i] / x(N = 1) over the count points (n[i] CPUs,
 * throughput x[i]), kappa kept at or above 0.  Needs a point at
 * N = 1 and at least three distinct N.  sigma is kept in [0, 1].  Returns 0, or -1 when the points
 * cannot determine a fit.
 */
int usl_fit(const double *n, const double *x, size_t count,
	    struct usl_fit *fit);

/* C(N) of a fit. */
double usl_capacity(const struct usl_fit *fit, double n);

#endif
