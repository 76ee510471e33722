// SPDX-License-Identifier: GPL-2.0
/* rmapbench run: parse, validate the whole sweep, then measure it. */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "cli.h"
#include "driver.h"
#include "output.h"
#include "strategy.h"
#include "sysinfo.h"
#include "util.h"
#include "world.h"

static const char run_usage[] =
	"usage: rmapbench run [--strategy LIST|all] [--threads LIST] [--loops LIST]\n"
	"         [--pages LIST] [--file-frac LIST] [--nrpte LIST] [--locks LIST]\n"
	"         [--lock-shift LIST] [--lock-stride LIST] [--batch LIST]\n"
	"         [--children LIST] [--index-churn LIST] [--alloc percpu|global]\n"
	"         [--anon-index sequence|vaddr] [--no-direct] [--oversubscribe]\n"
	"         [--duration S] [--warmup S] [--reps N] [--out FILE]\n"
	"LIST is a comma-separated list; the run is the cross product of all lists.\n";

static int usage_error(char *msg, size_t len, const char *fmt, const char *arg)
{
	snprintf(msg, len, fmt, arg);
	return EXIT_USAGE;
}

static int parse_seconds(const char *opt, const char *text, double min,
			 double *out, char *msg, size_t len)
{
	char *end;
	double v;

	errno = 0;
	v = strtod(text, &end);
	if (end == text || *end || errno || !isfinite(v) || v < min || v > 1e6) {
		snprintf(msg, len, "invalid %s '%s': expected seconds between %g and 1000000",
			 opt, text, min);
		return EXIT_USAGE;
	}
	*out = v;
	return 0;
}

static int parse_choice(const char *opt, const char *text, const char *a,
			const char *b, int *out, char *msg, size_t len)
{
	if (!strcmp(text, a) || !strcmp(text, b)) {
		*out = !strcmp(text, b);
		return 0;
	}
	snprintf(msg, len, "invalid %s '%s': choose %s or %s", opt, text, a, b);
	return EXIT_USAGE;
}

/* "--lock-shift" names the parameter lock_shift. */
static const struct param *param_of_option(const char *opt)
{
	char name[64];

	if (strlen(opt) >= sizeof(name))
		return NULL;
	for (size_t i = 0; (name[i] = opt[i] == '-' ? '_' : opt[i]); i++)
		;
	return param_find(name);
}

static int parse_option(struct run_opts *o, const char *opt, const char *val,
			char *msg, size_t len)
{
	struct sweep *sw = &o->sweep;
	const struct param *p = param_of_option(opt + 2);
	double reps;
	int choice, ret;

	if (p) {
		if (!strcmp(p->name, "loops"))
			sw->loops_given = true;
		return param_parse(p, val, &sw->list[p - params], msg, len) ?
			       EXIT_USAGE : 0;
	}
	if (!strcmp(opt, "--strategy"))
		return strategy_list_parse(val, sw, msg, len) ? EXIT_USAGE : 0;
	if (!strcmp(opt, "--duration"))
		return parse_seconds(opt, val, 0.001, &sw->base.duration, msg, len);
	if (!strcmp(opt, "--warmup"))
		return parse_seconds(opt, val, 0, &sw->base.warmup, msg, len);
	if (!strcmp(opt, "--out")) {
		o->out = val;
		return 0;
	}
	if (!strcmp(opt, "--reps")) {
		ret = parse_seconds(opt, val, 1, &reps, msg, len);
		if (ret || reps != floor(reps) || reps > 100000)
			return usage_error(msg, len, "invalid --reps '%s': expected a whole number between 1 and 100000", val);
		sw->reps = reps;
		return 0;
	}
	if (!strcmp(opt, "--alloc")) {
		ret = parse_choice(opt, val, "percpu", "global", &choice, msg, len);
		sw->base.alloc = choice ? ALLOC_GLOBAL : ALLOC_PERCPU;
		return ret;
	}
	if (!strcmp(opt, "--anon-index")) {
		ret = parse_choice(opt, val, "sequence", "vaddr", &choice, msg, len);
		sw->base.anon_index = choice ? ANON_INDEX_VADDR : ANON_INDEX_SEQUENCE;
		return ret;
	}
	return usage_error(msg, len, "unknown option %s; see 'rmapbench run --help'", opt);
}

static bool is_flag(struct run_opts *o, const char *arg)
{
	if (!strcmp(arg, "--no-direct"))
		o->sweep.base.direct = false;
	else if (!strcmp(arg, "--oversubscribe"))
		o->sweep.base.oversubscribe = true;
	else if (!strcmp(arg, "--help") || !strcmp(arg, "-h"))
		o->help = true;
	else
		return false;
	return true;
}

int run_parse(int argc, char **argv, struct run_opts *o, char *msg, size_t len)
{
	memset(o, 0, sizeof(*o));
	sweep_init(&o->sweep);
	for (int i = 0; i < argc; i++) {
		char opt[64];
		const char *arg = argv[i], *val, *eq = strchr(arg, '=');
		int ret;

		if (is_flag(o, arg))
			continue;
		if (strncmp(arg, "--", 2) || (eq ? (size_t)(eq - arg) : strlen(arg)) >= sizeof(opt))
			return usage_error(msg, len, "unexpected argument '%s'; see 'rmapbench run --help'", arg);
		snprintf(opt, sizeof(opt), "%.*s", eq ? (int)(eq - arg) : (int)strlen(arg), arg);
		if (eq)
			val = eq + 1;
		else if (i + 1 < argc)
			val = argv[++i];
		else
			return usage_error(msg, len, "option %s needs a value; see 'rmapbench run --help'", opt);
		ret = parse_option(o, opt, val, msg, len);
		if (ret)
			return ret;
	}
	return 0;
}

static void human_bytes(double bytes, char *buf, size_t len)
{
	const char *unit[] = { "B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB" };
	unsigned int u = 0;

	while (bytes >= 1024 && u + 1 < ARRAY_SIZE(unit)) {
		bytes /= 1024;
		u++;
	}
	snprintf(buf, len, "%.1f %s", bytes, unit[u]);
}

static int validate_point(const struct config *cfg, unsigned int ncpus,
			  double avail, char *msg, size_t len)
{
	double need = world_bytes(cfg);
	char need_s[32], avail_s[32];

	if (cfg->threads > ncpus && !cfg->oversubscribe) {
		snprintf(msg, len, "--threads %u is more than the %u CPUs this process may use; lower it or pass --oversubscribe",
			 cfg->threads, ncpus);
		return EXIT_USAGE;
	}
	if (cfg->loops < cfg->threads) {
		snprintf(msg, len, "--loops %u is fewer than --threads %u: every driver thread needs a process family",
			 cfg->loops, cfg->threads);
		return EXIT_USAGE;
	}
	if (cfg->index_churn && !config_anon_pages(cfg)) {
		snprintf(msg, len, "--index-churn needs anonymous pages: lower --file-frac below 1 or raise --pages");
		return EXIT_USAGE;
	}
	if (need > avail) {
		human_bytes(need, need_s, sizeof(need_s));
		human_bytes(avail, avail_s, sizeof(avail_s));
		snprintf(msg, len, "--pages %lu with --loops %u and --children %u needs %s but %s of memory is available; lower --pages, --loops or --children",
			 cfg->pages, cfg->loops, cfg->children, need_s, avail_s);
		return EXIT_USAGE;
	}
	return 0;
}

int run_validate(const struct run_opts *o, char *msg, size_t len)
{
	int cpus[CPU_LIMIT];
	unsigned int ncpus = allowed_cpus(cpus, CPU_LIMIT);
	double avail = sys_mem_available();
	unsigned long n = sweep_points(&o->sweep);
	struct config cfg;
	int ret;

	if (n * o->sweep.reps > 10000000UL) {
		snprintf(msg, len, "the sweep has %lu points times %u reps: more than 10000000; shorten the lists",
			 n, o->sweep.reps);
		return EXIT_USAGE;
	}
	for (unsigned long k = 0; k < n; k++) {
		sweep_point(&o->sweep, k, &cfg);
		ret = validate_point(&cfg, ncpus, avail, msg, len);
		if (ret)
			return ret;
	}
	return 0;
}

static void usage(FILE *f)
{
	fputs(run_usage, f);
	fputs("parameters (default):\n", f);
	for (unsigned int i = 0; i < nr_params; i++)
		fprintf(f, "  --%-12s %-40s (%s)\n", params[i].name,
			params[i].help, params[i].def);
}

static int run_sweep(const struct run_opts *o, FILE *out, const char *path)
{
	unsigned long n = sweep_points(&o->sweep);
	struct point_result res;
	struct config cfg;
	char msg[512];

	for (unsigned int rep = 0; rep < o->sweep.reps; rep++) {
		for (unsigned long k = 0; k < n; k++) {
			int ret;

			sweep_point(&o->sweep, k, &cfg);
			ret = run_point(&cfg, &res, msg, sizeof(msg));
			if (ret == EXIT_INVARIANT)
				die(ret, "invariant broken after %s with %u threads: %s",
				    cfg.strategy->name, cfg.threads, msg);
			if (ret)
				die(ret, "%s", msg);
			if (csv_write_row(out, &cfg, rep, &res))
				die(1, "write error on %s: %s", path, strerror(errno));
		}
	}
	return 0;
}

int cmd_run(int argc, char **argv)
{
	struct run_opts *o = malloc(sizeof(*o));
	char msg[512];
	FILE *out = stdout;
	const char *path = "standard output";
	int ret;

	if (!o)
		die_oom("options");
	ret = run_parse(argc - 2, argv + 2, o, msg, sizeof(msg));
	if (!ret && o->help) {
		usage(stdout);
		free(o);
		return 0;
	}
	if (!ret)
		ret = run_validate(o, msg, sizeof(msg));
	if (ret)
		die(ret, "%s", msg);
	if (o->out) {
		path = o->out;
		out = fopen(path, "w");
		if (!out)
			die(1, "cannot create %s: %s", path, strerror(errno));
	}
	if (csv_write_header(out, argc, argv))
		die(1, "write error on %s: %s", path, strerror(errno));
	run_sweep(o, out, path);
	if (out != stdout && fclose(out))
		die(1, "write error on %s: %s", path, strerror(errno));
	free(o);
	return 0;
}
