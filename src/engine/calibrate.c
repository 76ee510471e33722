// SPDX-License-Identifier: GPL-2.0
/*
 * Ground truth: the host's real fork() + child _exit() + waitpid() of a
 * parent with N touched pages, lmbench lat_proc style (warm-up, many tries,
 * the median), for private anonymous pages and for a shared file mapping,
 * fitted as a fixed cost per fork plus a cost per page.  The report sets
 * the simulated rmap cost per pte beside the real cost per page.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#include "calibrate.h"
#include "otherwork.h"
#include "output.h"
#include "plan.h"
#include "sweep.h"
#include "lib/stats.h"
#include "lib/outfile.h"
#include "lib/util.h"

#define CAL_WARMUP 3
#define CAL_MAX_SIZES 32
#define PAGE 4096UL

static const char *const kind_name[] = { "anon", "file" };

/* N pages mapped and touched: written anonymous, or a shared file's. */
static void *map_pages(enum cal_kind kind, unsigned long pages)
{
	const char *dir = getenv("TMPDIR");
	size_t size = pages * PAGE;
	char path[4096], *p;
	int fd;

	snprintf(path, sizeof(path), "%s/rmapbench-calibrate-XXXXXX",
		 dir && *dir ? dir : "/tmp");
	if (kind == CAL_ANON) {
		p = mmap(NULL, size, PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	} else {
		fd = mkstemp(path);
		if (fd < 0)
			return NULL;
		unlink(path);
		p = ftruncate(fd, size) ?
			    MAP_FAILED :
			    mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED,
				 fd, 0);
		close(fd);
	}
	if (p == MAP_FAILED)
		return NULL;
	/*
	 * 4 KiB ptes, as the 2.5 kernel had: a transparent huge page here
	 * would copy one pmd for 512 pages, and whether the kernel finds
	 * huge pages varies from run to run.
	 */
	madvise(p, size, MADV_NOHUGEPAGE);
	for (size_t off = 0; off < size; off += PAGE)
		p[off] = 1;
	return p;
}

int calibrate_tries(enum cal_kind kind, unsigned long pages, unsigned int tries,
		    double *ns)
{
	void *p = pages ? map_pages(kind, pages) : NULL;
	int ret = -1;

	if (pages && !p)
		return -1;
	for (unsigned int i = 0; i < CAL_WARMUP; i++)
		fork_exit_ns();
	for (unsigned int i = 0; i < tries; i++)
		if ((ns[i] = fork_exit_ns()) < 0)
			goto out;
	ret = 0;
out:
	if (p)
		munmap(p, pages * PAGE);
	return ret;
}

/* The sizes of one kind and their medians (round < 0: over every try). */
static size_t points_of(const struct cal_point *pt, size_t n,
			enum cal_kind kind, int round, double *x, double *y)
{
	size_t m = 0;

	for (size_t i = 0; i < n && m < CAL_MAX_SIZES; i++) {
		if (pt[i].kind != kind)
			continue;
		x[m] = pt[i].pages;
		y[m++] = round < 0 ? pt[i].s.median : pt[i].round_median[round];
	}
	return m;
}

/* The median of y/x: the slope of a line through the origin. */
static double slope_through_origin(const double *x, const double *y, size_t m)
{
	double r[CAL_MAX_SIZES];
	size_t k = 0;

	for (size_t i = 0; i < m; i++)
		if (x[i] > 0)
			r[k++] = y[i] / x[i];
	return k ? stats_median(r, k) : 0;
}

/* Theil-Sen; a negative fixed cost is clamped and the slope refitted. */
static int fit_points(const double *x, const double *y, size_t m,
		      struct cal_fit *f)
{
	if (stats_theil_sen(x, y, m, &f->fixed_ns, &f->per_page_ns))
		return -1;
	f->fitted_fixed_ns = f->fixed_ns;
	f->clamped = f->fixed_ns < 0;
	if (f->clamped) {
		f->fixed_ns = 0;
		f->per_page_ns = slope_through_origin(x, y, m);
	}
	return 0;
}

int calibrate_fit(const struct cal_point *pt, size_t n, enum cal_kind kind,
		  struct cal_fit *fit)
{
	double x[CAL_MAX_SIZES] = { 0 }, y[CAL_MAX_SIZES] = { 0 };
	size_t m = points_of(pt, n, kind, -1, x, y);
	struct cal_fit r;

	if (fit_points(x, y, m, fit))
		return -1;
	fit->residual_pct = 0;
	for (size_t i = 0; i < m; i++) {
		double miss =
			fabs(y[i] - fit->fixed_ns - fit->per_page_ns * x[i]);

		if (y[i] > 0 && 100 * miss / y[i] > fit->residual_pct)
			fit->residual_pct = 100 * miss / y[i];
	}
	fit->round_lo = fit->round_hi = fit->per_page_ns;
	for (int k = 0; k < CAL_ROUNDS; k++) {
		points_of(pt, n, kind, k, x, y);
		if (fit_points(x, y, m, &r))
			continue;
		fit->round_lo = fmin(fit->round_lo, r.per_page_ns);
		fit->round_hi = fmax(fit->round_hi, r.per_page_ns);
	}
	return 0;
}

/* fit_<kind>_<what>: the line, how well the rounds agree, any clamp. */
static unsigned int fit_meta(const struct cal_fit *fit, char v[][32],
			     struct meta *kv)
{
	static const char *const key[2][5] = {
		{ "fit_anon_fixed_ns", "fit_anon_per_page_ns",
		  "fit_anon_round_lo_ns", "fit_anon_round_hi_ns",
		  "fit_anon_fixed_clamped" },
		{ "fit_file_fixed_ns", "fit_file_per_page_ns",
		  "fit_file_round_lo_ns", "fit_file_round_hi_ns",
		  "fit_file_fixed_clamped" },
	};
	unsigned int n = 0;

	for (int k = 0; k < 2; k++) {
		snprintf(v[n], 32, "%.1f", fit[k].fixed_ns);
		snprintf(v[n + 1], 32, "%.3f", fit[k].per_page_ns);
		snprintf(v[n + 2], 32, "%.3f", fit[k].round_lo);
		snprintf(v[n + 3], 32, "%.3f", fit[k].round_hi);
		snprintf(v[n + 4], 32, "%s", fit[k].clamped ? "yes" : "no");
		for (int i = 0; i < 5; i++, n++)
			kv[n] = (struct meta){ key[k][i], v[n] };
	}
	return n;
}

/*
 * --other-work calibrated's none probe, frozen: the simulated none
 * strategy's fork+exit ns per pte at each shape of
 * otherwork_frozen_shapes(), the defaults of run otherwise, so that a run
 * reads it here instead of timing it anew (otherwork.c).
 */
static unsigned int none_meta(char v[][32], struct meta *kv)
{
	struct otherwork_shape shape[OTHERWORK_SHAPES];
	static char key[OTHERWORK_SHAPES][48];
	struct sweep sw;
	struct config cfg;
	unsigned int n;
	char msg[512];

	otherwork_frozen_shapes(shape, &n);
	sweep_init(&sw);
	sweep_point(&sw, 0, &cfg);
	for (unsigned int i = 0; i < n; i++) {
		double ns;

		cfg.pages = shape[i].pages;
		cfg.file_frac = shape[i].file_frac;
		if (otherwork_none_ns_per_pte(&cfg, &ns, msg, sizeof(msg)))
			die(1, "the none probe for --other-work calibrated: %s",
			    msg);
		snprintf(v[i], 32, "%.3f", ns);
		snprintf(key[i], sizeof(key[i]), "%s", shape[i].key);
		kv[i] = (struct meta){ key[i], v[i] };
	}
	return n;
}

void calibrate_write(const char *path, unsigned int flags, int argc,
		     char **argv, const struct cal_point *pt, size_t n,
		     const struct cal_fit *fit)
{
	char v[11 + OTHERWORK_SHAPES][32], msg[1024];
	struct meta kv[11 + OTHERWORK_SHAPES];
	struct outfile out;
	unsigned int nr = fit_meta(fit, v, kv);
	int ret;

	nr += none_meta(v + nr, kv + nr);
	snprintf(v[nr], 32, "%.6f", otherwork_speed());
	kv[nr] = (struct meta){ OTHERWORK_SPEED_KEY, v[nr] };
	nr++;

	ret = outfile_open(&out, path, flags, msg, sizeof(msg));
	if (ret)
		die(ret, "%s", msg);
	csv_write_meta(out.f, argc, argv, kv, nr);
	fputs("kind,pages,tries,median_ns,ci_lo_ns,ci_hi_ns,min_ns,max_ns\n",
	      out.f);
	for (size_t i = 0; i < n; i++)
		fprintf(out.f, "%s,%lu,%zu,%.0f,%.0f,%.0f,%.0f,%.0f\n",
			kind_name[pt[i].kind], pt[i].pages, pt[i].s.n,
			pt[i].s.median, pt[i].s.ci.lo, pt[i].s.ci.hi,
			pt[i].s.min, pt[i].s.max);
	if (outfile_close(&out, msg, sizeof(msg)))
		die(1, "%s", msg);
}

/*
 * Every size of both kinds once per round, in a new order each round, so
 * that drift spreads over all sizes; per round, tries / CAL_ROUNDS tries.
 */
void calibrate_measure(unsigned int tries, struct cal_point *pt, size_t n)
{
	unsigned int per = (tries + CAL_ROUNDS - 1) / CAL_ROUNDS;
	double *ns = calloc(n * CAL_ROUNDS * per, sizeof(*ns));
	size_t order[CAL_MAX_POINTS];
	uint64_t rng = now_ns() | 1;

	if (!ns)
		die_oom("the calibration tries");
	for (size_t i = 0; i < n; i++)
		order[i] = i;
	for (int r = 0; r < CAL_ROUNDS; r++) {
		for (size_t k = n; k > 1; k--) {
			size_t j = xorshift64(&rng) % k, t = order[k - 1];

			order[k - 1] = order[j];
			order[j] = t;
		}
		for (size_t k = 0; k < n; k++) {
			struct cal_point *p = &pt[order[k]];
			double *t = ns + (order[k] * CAL_ROUNDS + r) * per;

			if (calibrate_tries(p->kind, p->pages, per, t))
				die(1,
				    "calibrate: cannot map and fork with %lu %s pages: %m",
				    p->pages, kind_name[p->kind]);
			p->round_median[r] = stats_median(t, per);
		}
	}
	for (size_t i = 0; i < n; i++)
		if (stats_summarize(ns + i * CAL_ROUNDS * per, CAL_ROUNDS * per,
				    &pt[i].s))
			die_oom("the calibration summary");
	free(ns);
}
