// SPDX-License-Identifier: GPL-2.0
/*
 * Ground truth: the host's real fork() + child _exit() + waitpid() of a
 * parent with N touched pages, lmbench lat_proc style (warm-up, many tries,
 * the median), for private anonymous pages and for a shared file mapping,
 * fitted as a fixed cost per fork plus a cost per page.  The report sets
 * the simulated rmap cost per pte beside the real cost per page.
 */
#include <errno.h>
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

/* One fork+exit, parent's view; -1 if fork failed. */
static double fork_exit_ns(void)
{
	uint64_t t0 = now_ns();
	pid_t pid = fork();
	int status;

	if (pid == 0)
		_exit(0);
	if (pid < 0)
		return -1;
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	return now_ns() - t0;
}

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
	for (size_t off = 0; off < size; off += PAGE)
		p[off] = 1;
	return p;
}

int calibrate_one(enum cal_kind kind, unsigned long pages, unsigned int tries,
		  struct cal_point *pt)
{
	double *ns = calloc(tries, sizeof(*ns));
	void *p = pages ? map_pages(kind, pages) : NULL;
	int ret = -1;

	if (!ns || (pages && !p))
		goto out;
	for (unsigned int i = 0; i < CAL_WARMUP; i++)
		fork_exit_ns();
	for (unsigned int i = 0; i < tries; i++)
		if ((ns[i] = fork_exit_ns()) < 0)
			goto out;
	pt->kind = kind;
	pt->pages = pages;
	ret = stats_summarize(ns, tries, &pt->s);
out:
	if (p)
		munmap(p, pages * PAGE);
	free(ns);
	return ret;
}

int calibrate_fit(const struct cal_point *pt, size_t n, enum cal_kind kind,
		  struct cal_fit *fit)
{
	double x[CAL_MAX_SIZES], y[CAL_MAX_SIZES];
	size_t m = 0;

	for (size_t i = 0; i < n && m < CAL_MAX_SIZES; i++) {
		if (pt[i].kind != kind)
			continue;
		x[m] = pt[i].pages;
		y[m++] = pt[i].s.median;
	}
	return stats_linear_fit(x, y, m, &fit->fixed_ns, &fit->per_page_ns);
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
	"Times the host's real fork() + _exit() + waitpid() of a process with\n"
	"each number of LIST touched pages (0,1024,4096,16384,65536), private\n"
	"anonymous and then of a shared file, N tries each (30), and writes\n"
	"the fixed + per-page fit to FILE (calibration.csv); --force replaces\n"
	"an existing FILE.\n";

static void cal_args(int argc, char **argv, struct cal_opts *o)
{
	static const struct run_option pages = {
		.name = "pages", .type = OPT_ULONG, .list = true, .max = 1 << 22
	};
	const char *list = "0,1024,4096,16384,65536", *tries = "30";
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
	snprintf(buf, len, "%.1f us fixed + %.1f ns/page", f->fixed_ns / 1000,
		 f->per_page_ns);
}

static void write_calibration(const struct cal_opts *o, int argc, char **argv,
			      const struct cal_point *pt, size_t n,
			      const struct cal_fit *fit)
{
	char v[4][32], msg[1024];
	struct meta kv[4];
	struct outfile out;
	int ret;

	for (int k = 0; k < 2; k++) {
		snprintf(v[2 * k], 32, "%.1f", fit[k].fixed_ns);
		snprintf(v[2 * k + 1], 32, "%.3f", fit[k].per_page_ns);
	}
	kv[0] = (struct meta){ "fit_anon_fixed_ns", v[0] };
	kv[1] = (struct meta){ "fit_anon_per_page_ns", v[1] };
	kv[2] = (struct meta){ "fit_file_fixed_ns", v[2] };
	kv[3] = (struct meta){ "fit_file_per_page_ns", v[3] };
	ret = outfile_open(&out, o->out, o->flags, msg, sizeof(msg));
	if (ret)
		die(ret, "%s", msg);
	csv_write_meta(out.f, argc, argv, kv, 4);
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

int cmd_calibrate(int argc, char **argv)
{
	struct cal_opts o;
	struct cal_point pt[2 * MAX_LIST];
	struct cal_fit fit[2];
	char line[2][128], msg[1024];
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
			if (calibrate_one(k, o.pages.v[i], o.tries, &pt[n]))
				die(1,
				    "calibrate: cannot map and fork with %lu %s pages: %m",
				    (unsigned long)o.pages.v[i], kind_name[k]);
	for (int k = 0; k < 2; k++) {
		calibrate_fit(pt, n, k, &fit[k]);
		fit_line(line[k], sizeof(line[k]), &fit[k]);
	}
	write_calibration(&o, argc, argv, pt, n, fit);
	printf("fork+exit: %s (private anonymous pages)\n", line[CAL_ANON]);
	printf("fork+exit: %s (shared file pages)\n", line[CAL_FILE]);
	printf("%zu sizes x %u tries written to %s\n", n, o.tries, o.out);
	return 0;
}
