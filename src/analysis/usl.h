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
/*
 * Whether the law describes the sweep: at least USL_MIN_POINTS thread
 * counts, R^2 at least USL_MIN_R2, and neither parameter held at a bound
 * of its range (sigma 0 or 1, kappa 0), where the fit says only that the
 * law could not follow the curve.  A sweep that fails any is "not
 * USL-shaped", and its sigma, kappa and N* are not to be read.
 */
#define USL_MIN_POINTS 4
#define USL_MIN_R2 0.9

enum usl_shape {
	USL_SHAPED,
	USL_FEW_POINTS,
	USL_POOR_FIT,
	USL_AT_BOUND,
};

struct usl_fit {
	double sigma, kappa;
	double nstar; /* INFINITY when kappa is 0 */
	double r2;    /* of C(N), observed against fitted */
	unsigned int points; /* distinct thread counts fitted */
	enum usl_shape shape;
};

/*
 * Least squares on C(N) = x[i] / x(N = 1) over the count points (n[i] CPUs,
 * throughput x[i]), kappa kept at or above 0.  Needs a point at
 * N = 1 and at least three distinct N.  sigma is kept in [0, 1].  Returns 0, or -1 when the points
 * cannot determine a fit.
 */
int usl_fit(const double *n, const double *x, size_t count,
	    struct usl_fit *fit);

/* "USL-shaped", or "not USL-shaped: " and why, into buf. */
void usl_shape_text(const struct usl_fit *fit, char *buf, size_t len);

/* C(N) of a fit. */
double usl_capacity(const struct usl_fit *fit, double n);

#endif
