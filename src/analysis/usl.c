// SPDX-License-Identifier: GPL-2.0
/*
 * The Universal Scalability Law fitted by least squares (N. J. Gunther,
 * "Guerrilla Capacity Planning", 2007, ch. 4-5).  The linear form
 * N/C - 1 = sigma (N - 1) + kappa N (N - 1) gives the starting point; a few
 * Gauss-Newton steps on the residuals of C(N) itself then finish it, since
 * the linear form weighs the large-N points far more than the rest.  sigma
 * stays in [0, 1] and kappa at or above 0, the law's own ranges: a curve
 * that falls below one CPU's throughput is coherency, not contention above
 * one.
 */
#include <math.h>
#include <stdio.h>
#include "usl.h"

#define USL_STEPS 50

double usl_capacity(const struct usl_fit *fit, double n)
{
	return n / (1 + fit->sigma * (n - 1) + fit->kappa * n * (n - 1));
}

/* Solves [a b; b c] [s k] = [u v]; false when singular. */
static bool solve2(double a, double b, double c, double u, double v, double *s,
		   double *k)
{
	double det = a * c - b * b;

	if (fabs(det) < 1e-300 * (fabs(a * c) + 1))
		return false;
	*s = (u * c - b * v) / det;
	*k = (a * v - b * u) / det;
	return true;
}

/* sigma and kappa from the linear form, clamped at 0. */
static void linear_start(const double *n, const double *c, size_t count,
			 struct usl_fit *f)
{
	double a = 0, b = 0, d = 0, u = 0, v = 0;

	for (size_t i = 0; i < count; i++) {
		double x1 = n[i] - 1, x2 = n[i] * (n[i] - 1);
		double y = n[i] / c[i] - 1;

		a += x1 * x1, b += x1 * x2, d += x2 * x2;
		u += x1 * y, v += x2 * y;
	}
	if (!solve2(a, b, d, u, v, &f->sigma, &f->kappa))
		f->sigma = f->kappa = 0;
	f->sigma = fmin(1, fmax(0, f->sigma));
	if (f->kappa < 0)
		f->kappa = 0;
}

static double sse(const double *n, const double *c, size_t count,
		  const struct usl_fit *f)
{
	double s = 0;

	for (size_t i = 0; i < count; i++) {
		double r = c[i] - usl_capacity(f, n[i]);

		s += r * r;
	}
	return s;
}

/* One damped Gauss-Newton step; false when it cannot improve. */
static bool gauss_newton(const double *n, const double *c, size_t count,
			 struct usl_fit *f)
{
	double a = 0, b = 0, d = 0, u = 0, v = 0, ds, dk, before;

	for (size_t i = 0; i < count; i++) {
		double den = 1 + f->sigma * (n[i] - 1) +
			     f->kappa * n[i] * (n[i] - 1);
		double model = n[i] / den, r = c[i] - model;
		/* dC/dsigma and dC/dkappa */
		double js = -model * (n[i] - 1) / den;
		double jk = -model * n[i] * (n[i] - 1) / den;

		a += js * js, b += js * jk, d += jk * jk;
		u += js * r, v += jk * r;
	}
	if (!solve2(a, b, d, u, v, &ds, &dk))
		return false;
	before = sse(n, c, count, f);
	for (double step = 1; step > 1e-6; step /= 2) {
		struct usl_fit t = *f;

		t.sigma = fmin(1, fmax(0, f->sigma + step * ds));
		t.kappa = fmax(0, f->kappa + step * dk);
		if (sse(n, c, count, &t) < before) {
			*f = t;
			return true;
		}
	}
	return false;
}

/* The best kappa for a given sigma: SSE is unimodal in log kappa. */
static double best_kappa(const double *n, const double *c, size_t count,
			 struct usl_fit *f)
{
	double lo = -40, hi = 10, e0;
	struct usl_fit t = *f;

	for (int i = 0; i < 200; i++) {
		double m1 = lo + (hi - lo) / 3, m2 = hi - (hi - lo) / 3, e1, e2;

		t.kappa = exp(m1);
		e1 = sse(n, c, count, &t);
		t.kappa = exp(m2);
		e2 = sse(n, c, count, &t);
		if (e1 <= e2)
			hi = m2;
		else
			lo = m1;
	}
	t.kappa = 0;
	e0 = sse(n, c, count, &t);
	f->kappa = exp((lo + hi) / 2);
	if (e0 <= sse(n, c, count, f))
		f->kappa = 0;
	return sse(n, c, count, f);
}

/*
 * Where the bounds bind, Gauss-Newton from the linear start can stall on
 * one: a scan of sigma over [0, 1], each with its best kappa, gives it a
 * start in the right valley.
 */
static void grid_start(const double *n, const double *c, size_t count,
		       struct usl_fit *f)
{
	struct usl_fit best = *f, t = *f;
	double best_sse = sse(n, c, count, f);

	for (int i = 0; i <= 100; i++) {
		double e;

		t.sigma = i / 100.0;
		e = best_kappa(n, c, count, &t);
		if (e < best_sse) {
			best_sse = e;
			best = t;
		}
	}
	*f = best;
}

static double r_squared(const double *n, const double *c, size_t count,
			const struct usl_fit *f)
{
	double mean = 0, tot = 0;

	for (size_t i = 0; i < count; i++)
		mean += c[i] / count;
	for (size_t i = 0; i < count; i++)
		tot += (c[i] - mean) * (c[i] - mean);
	return tot > 0 ? 1 - sse(n, c, count, f) / tot : 1;
}

static enum usl_shape usl_shape_of(const struct usl_fit *f)
{
	if (f->points < USL_MIN_POINTS)
		return USL_FEW_POINTS;
	if (!(f->r2 >= USL_MIN_R2))
		return USL_POOR_FIT;
	if (f->sigma <= 1e-9 || f->sigma >= 1 - 1e-9 || f->kappa <= 0)
		return USL_AT_BOUND;
	return USL_SHAPED;
}

/* Throughput at one CPU (the mean if repeated); 0 when there is none. */
static double base_throughput(const double *n, const double *x, size_t count,
			      size_t *distinct)
{
	double sum = 0;
	size_t ones = 0;

	*distinct = 0;
	for (size_t i = 0; i < count; i++) {
		size_t j = 0;

		while (j < i && n[j] != n[i])
			j++;
		*distinct += j == i;
		if (n[i] == 1) {
			sum += x[i];
			ones++;
		}
	}
	return ones ? sum / ones : 0;
}

int usl_fit(const double *n, const double *x, size_t count, struct usl_fit *fit)
{
	size_t distinct;
	double base = base_throughput(n, x, count, &distinct);
	double c[count ? count : 1];

	if (base <= 0 || distinct < 3)
		return -1;
	for (size_t i = 0; i < count; i++) {
		if (!(n[i] >= 1) || !(x[i] > 0))
			return -1;
		c[i] = x[i] / base;
	}
	linear_start(n, c, count, fit);
	grid_start(n, c, count, fit);
	for (int i = 0; i < USL_STEPS && gauss_newton(n, c, count, fit); i++)
		;
	/* sigma 1: nothing gained past one CPU, the peak is there */
	fit->nstar = fit->kappa > 0 ?
			     fmax(1, sqrt((1 - fit->sigma) / fit->kappa)) :
			     INFINITY;
	fit->r2 = r_squared(n, c, count, fit);
	fit->points = (unsigned int)distinct;
	fit->shape = usl_shape_of(fit);
	return 0;
}

/* No comma: the text is a CSV field of summarize. */
void usl_shape_text(const struct usl_fit *fit, char *buf, size_t len)
{
	switch (fit->shape) {
	case USL_SHAPED:
		snprintf(buf, len, "USL-shaped");
		return;
	case USL_FEW_POINTS:
		snprintf(buf, len, "not USL-shaped: %u thread counts (%d needed)",
			 fit->points, USL_MIN_POINTS);
		return;
	case USL_POOR_FIT:
		snprintf(buf, len, "not USL-shaped: R2 %.2f (%.1f needed)",
			 fit->r2, USL_MIN_R2);
		return;
	case USL_AT_BOUND:
		snprintf(buf, len, "not USL-shaped: %s at its bound",
			 fit->kappa <= 0 ? "kappa" : "sigma");
		return;
	}
}
