// SPDX-License-Identifier: GPL-2.0
/*
 * rmapbench calibrate: the host's real fork+exit per page, and with
 * --machine its cache and memory costs as the profile machines/host.  The
 * measurements are engine/calibrate.c and engine/calibrate_machine.c;
 * this is their options, their files and what is printed.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "commands.h"
#include "engine/calibrate.h"
#include "engine/calibrate_machine.h"
#include "engine/options.h"
#include "lib/compiler.h"
#include "lib/num.h"
#include "lib/opt.h"
#include "lib/outfile.h"
#include "lib/util.h"
#include "machine/profile.h"

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

struct machine_opts {
	const char *path;
	unsigned int flags, samples;
	bool keep, pingpong_only;
};

static int bad_samples(const char *arg)
{
	fprintf(stderr,
		"rmapbench: calibrate --machine --samples '%s': give a whole number from 10 to %d\n",
		arg, PINGPONG_SAMPLES_MAX);
	return EXIT_USAGE;
}

/*
 * calibrate --machine [--out FILE] [--force] [--samples N]
 * [--keep-unstable] [--pingpong]: argv[0] is "--machine".
 */
static int machine_args(int argc, char **argv, struct machine_opts *o)
{
	for (int i = 1; i < argc; i++) {
		char *end;

		if (!strcmp(argv[i], "--force")) {
			o->flags |= OUT_FORCE;
		} else if (!strcmp(argv[i], "--keep-unstable")) {
			o->keep = true;
		} else if (!strcmp(argv[i], "--pingpong")) {
			o->pingpong_only = true;
		} else if (!strcmp(argv[i], "--out") && i + 1 < argc) {
			o->path = argv[++i];
		} else if (!strcmp(argv[i], "--samples") && i + 1 < argc) {
			unsigned long n = strtoul(argv[++i], &end, 10);

			if (*end || end == argv[i] || n < 10 ||
			    n > PINGPONG_SAMPLES_MAX)
				return bad_samples(argv[i]);
			o->samples = (unsigned int)n;
		} else {
			fprintf(stderr,
				"rmapbench: calibrate --machine takes only --out FILE (default machines/host), --force, --samples N, --keep-unstable and --pingpong; got '%s'\n",
				argv[i]);
			return EXIT_USAGE;
		}
	}
	return 0;
}

/*
 * calibrate --machine --pingpong: the ping-pong alone, one line on
 * stdout, nothing written; exit 0 when stable, 1 when not.
 */
static int pingpong_only(unsigned int samples)
{
	struct pingpong_stats st;
	int cpus[2];

	if (calibrate_pingpong(samples, cpus, &st))
		return 1;
	printf("pingpong cpus %d %d median_ns %.1f p10_ns %.1f p90_ns %.1f samples %u %s\n",
	       cpus[0], cpus[1], st.median, st.p10, st.p90, st.samples,
	       pingpong_stable(&st) ? "stable" :
	       st.bimodal	    ? "bimodal" :
				      "unstable");
	return pingpong_stable(&st) ? 0 : 1;
}

/*
 * calibrate --machine: argv[0] is "--machine".  The path is claimed
 * before the measurement, so a refusal creates nothing.
 */
static int calibrate_machine(int argc, char **argv)
{
	char dir[4096], def[4200], msg[1024];
	struct machine_opts o = { .flags = OUT_WHOLE,
				  .samples = PINGPONG_SAMPLES };
	struct host_figures h = { 0 };
	struct outfile out;
	const char *path;
	unsigned int flags;
	char *text;
	int ret = machine_args(argc, argv, &o);

	if (ret)
		return ret;
	if (o.pingpong_only)
		return pingpong_only(o.samples);
	path = o.path;
	flags = o.flags;
	if (!path) {
		profile_dir(dir, sizeof(dir));
		snprintf(def, sizeof(def), "%s/host", dir);
		path = def;
	}
	outfile_reset();
	ret = outfile_claim(path, flags, msg, sizeof(msg));
	if (ret)
		die(ret, "%s", msg);
	if (calibrate_machine_measure(&h, o.samples, o.keep))
		return 1;
	text = calibrate_machine_profile(&h, msg, sizeof(msg));
	if (!text)
		die(1, "the measured profile does not parse: %s", msg);
	ret = outfile_open(&out, path, flags, msg, sizeof(msg));
	if (ret) {
		free(text);
		die(ret, "%s", msg);
	}
	fputs(text, out.f);
	free(text);
	if (outfile_close(&out, msg, sizeof(msg)))
		die(1, "%s", msg);
	printf("%s: hit %.2f ns, locked RMW %.2f ns, memory %.1f ns, ping-pong %.1f ns (p10 %.1f, p90 %.1f), a line moved in a walk %.1f ns (overlap %.2f)\n",
	       path, h.hit, h.rmw, h.mem, h.pp.median, h.pp.p10, h.pp.p90,
	       h.stream, h.overlap);
	return 0;
}

int cmd_calibrate(int argc, char **argv)
{
	struct cal_opts o;
	struct cal_point pt[CAL_MAX_POINTS];
	struct cal_fit fit[2];
	char line[2][512], msg[1024];
	size_t n = 0;
	int ret;

	if (argc > 2 && !strcmp(argv[2], "--machine"))
		return calibrate_machine(argc - 2, argv + 2);
	cal_args(argc, argv, &o);
	outfile_reset();
	ret = outfile_claim(o.out, o.flags, msg, sizeof(msg));
	if (ret)
		die(ret, "%s", msg);
	for (int k = 0; k < 2; k++)
		for (unsigned int i = 0; i < o.pages.n; i++, n++)
			pt[n] = (struct cal_point){ .kind = k,
						    .pages = o.pages.v[i] };
	calibrate_measure(o.tries, pt, n);
	for (int k = 0; k < 2; k++) {
		calibrate_fit(pt, n, k, &fit[k]);
		fit_line(line[k], sizeof(line[k]), &fit[k]);
	}
	calibrate_write(o.out, o.flags, argc, argv, pt, n, fit);
	printf("fork+exit: %s (private anonymous pages)\n", line[CAL_ANON]);
	printf("fork+exit: %s (shared file pages)\n", line[CAL_FILE]);
	printf("%zu sizes x %u rounds x %u tries written to %s\n", n,
	       CAL_ROUNDS, (o.tries + CAL_ROUNDS - 1) / CAL_ROUNDS, o.out);
	noise_warning(&fit[CAL_ANON]);
	return 0;
}
