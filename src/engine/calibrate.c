// SPDX-License-Identifier: GPL-2.0
/*
 * Ground truth: the host's real fork() + child _exit() + waitpid() of a
 * parent with N touched pages, lmbench lat_proc style (warm-up, many tries,
 * the median), for private anonymous pages and for a shared file mapping,
 * fitted as a fixed cost per fork plus a cost per page.  The report sets
 * the simulated rmap cost per pte beside the real cost per page.
 */
#include <errno.h>
#include <math.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include "calibrate.h"
#include "calibrate_machine.h"
#include "output.h"
#include "options.h"
#include "plan.h"
#include "sweep.h"
#include "lib/stats.h"
#include "lib/num.h"
#include "lib/opt.h"
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

struct cal_opts {
	struct value_list pages;
	unsigned int tries;
	const char *out;
	unsigned int flags; /* OUT_WHOLE, and OUT_FORCE with --force */
};

/* The shared file of the file-page sizes goes in $TMPDIR (or /tmp). */
static void check_tmpdir(void)
{
	const char *dir = getenv("TMPDIR");
	struct stat st;
	const char *why = NULL;

	if (!dir || !*dir)
		dir = "/tmp";
	if (stat(dir, &st) || access(dir, W_OK | X_OK))
		why = strerror(errno);
	else if (!S_ISDIR(st.st_mode))
		why = "not a folder";
	if (why)
		die(EXIT_USAGE,
		    "calibrate needs a folder it can write for a shared file: TMPDIR %s: %s; set TMPDIR to one",
		    dir, why);
}

static const char cal_usage[] =
	"usage: rmapbench calibrate [--pages LIST] [--tries N] [--out FILE] [--force]\n"
	"       rmapbench calibrate --machine [--out FILE] [--force]\n"
	"Times the host's real fork() + _exit() + waitpid() of a process with\n"
	"each number of LIST touched 4 KiB pages (0,4096,32768), private\n"
	"anonymous and of a shared file, N tries each (40) taken in 5 rounds\n"
	"that visit the sizes in a new random order, and fits fixed + per-page\n"
	"cost to the sizes' medians with a Theil-Sen line (a size with slow\n"
	"tries cannot tilt it).  A negative fixed cost is clamped to 0 and said\n"
	"so.  Prints each round's per-page cost range (how well it repeats) and\n"
	"the largest miss of a size's median; writes all to FILE\n"
	"(calibration.csv); --force replaces an existing FILE.\n"
	"--machine: this host's cache-line ping-pong, locked add, memory miss\n"
	"and hit instead, written as the profile machines/host (or FILE) that\n"
	"--mode model --machine host runs on.\n";

static void cal_args(int argc, char **argv, struct cal_opts *o)
{
	static const struct run_option pages = {
		.name = "pages", .type = OPT_ULONG, .list = true, .max = 1 << 22
	};
	const char *list = "0,4096,32768", *tries = "40";
	bool force = false;
	const struct opt opts[] = {
		ARG_VALUE("--pages", &list),
		ARG_VALUE("--tries", &tries),
		ARG_VALUE("--out", &o->out),
		ARG_FLAG("--force", &force),
	};
	const struct opt_spec spec = {
		.cmd = "calibrate",
		.opts = opts,
		.nr_opts = ARRAY_SIZE(opts),
		.too_many =
			"unexpected argument '%s'; see 'rmapbench calibrate --help'",
	};
	char msg[256];
	double v;

	o->out = "calibration.csv";
	opt_parse_or_exit(&spec, argc, argv, cal_usage);
	o->flags = OUT_WHOLE | (force ? OUT_FORCE : 0);
	check_tmpdir();
	if (option_parse_list(&pages, list, &o->pages, msg, sizeof(msg)) ||
	    num_parse_option("--tries", tries, 5, 100000, true, &v, msg,
			     sizeof(msg)))
		die(EXIT_USAGE, "%s", msg);
	o->tries = v;
	if (o->pages.n < 2 || o->pages.v[0] == o->pages.v[o->pages.n - 1])
		die(EXIT_USAGE,
		    "--pages needs at least two different sizes to fit a line");
}

static void fit_line(char *buf, size_t len, const struct cal_fit *f)
{
	int n = snprintf(buf, len, "%.1f us fixed + %.1f ns/page",
			 f->fixed_ns / 1000, f->per_page_ns);

	if (n < 0 || (size_t)n >= len)
		return;
	n += snprintf(
		buf + n, len - n,
		"; rounds %.1f..%.1f ns/page, sizes within %.1f%% of the line",
		f->round_lo, f->round_hi, f->residual_pct);
	if (f->clamped && n > 0 && (size_t)n < len)
		snprintf(
			buf + n, len - n,
			"; fixed cost clamped to 0 (fitted %.1f us: no fork costs less than nothing), per page through the origin",
			f->fitted_fixed_ns / 1000);
}

/*
 * The private pages' line is what --other-work calibrated and every
 * "rmap % of real" stand on: when its rounds disagree by half again or
 * more, or it slopes down, the host was too busy to calibrate on.
 */
static void noise_warning(const struct cal_fit *f)
{
	if (f->per_page_ns > 0 && f->round_lo > 0 &&
	    f->round_hi <= 1.5 * f->round_lo)
		return;
	fprintf(stderr,
		"rmapbench: warning: the rounds' cost per private page ran from %.1f to %.1f ns around a fit of %.1f: this host's fork+exit did not repeat (a busy or shared host); calibrate again when it is quieter\n",
		f->round_lo, f->round_hi, f->per_page_ns);
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

static void write_calibration(const struct cal_opts *o, int argc, char **argv,
			      const struct cal_point *pt, size_t n,
			      const struct cal_fit *fit)
{
	char v[10 + OTHERWORK_SHAPES][32], msg[1024];
	struct meta kv[10 + OTHERWORK_SHAPES];
	struct outfile out;
	unsigned int nr = fit_meta(fit, v, kv);
	int ret;

	nr += none_meta(v + nr, kv + nr);

	ret = outfile_open(&out, o->out, o->flags, msg, sizeof(msg));
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
static void measure(const struct cal_opts *o, struct cal_point *pt, size_t n)
{
	unsigned int per = (o->tries + CAL_ROUNDS - 1) / CAL_ROUNDS;
	double *ns = calloc(n * CAL_ROUNDS * per, sizeof(*ns));
	size_t order[2 * MAX_LIST];
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

int cmd_calibrate(int argc, char **argv)
{
	struct cal_opts o;
	struct cal_point pt[2 * MAX_LIST];
	struct cal_fit fit[2];
	char line[2][512], msg[1024];
	size_t n = 0;
	int ret;

	if (argc > 2 && !strcmp(argv[2], "--machine"))
		return cmd_calibrate_machine(argc - 2, argv + 2);
	cal_args(argc, argv, &o);
	outfile_reset();
	ret = outfile_claim(o.out, o.flags, msg, sizeof(msg));
	if (ret)
		die(ret, "%s", msg);
	for (int k = 0; k < 2; k++)
		for (unsigned int i = 0; i < o.pages.n; i++, n++)
			pt[n] = (struct cal_point){ .kind = k,
						    .pages = o.pages.v[i] };
	measure(&o, pt, n);
	for (int k = 0; k < 2; k++) {
		calibrate_fit(pt, n, k, &fit[k]);
		fit_line(line[k], sizeof(line[k]), &fit[k]);
	}
	write_calibration(&o, argc, argv, pt, n, fit);
	printf("fork+exit: %s (private anonymous pages)\n", line[CAL_ANON]);
	printf("fork+exit: %s (shared file pages)\n", line[CAL_FILE]);
	printf("%zu sizes x %u rounds x %u tries written to %s\n", n,
	       CAL_ROUNDS, (o.tries + CAL_ROUNDS - 1) / CAL_ROUNDS, o.out);
	noise_warning(&fit[CAL_ANON]);
	return 0;
}
