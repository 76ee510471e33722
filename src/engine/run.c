// SPDX-License-Identifier: GPL-2.0
/* rmapbench run: parse and validate the whole sweep before measuring it. */
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "run.h"
#include "lib/csv.h"
#include "driver.h"
#include "output.h"
#include "strategy/strategy.h"
#include "lib/sysinfo.h"
#include "lib/util.h"
#include "world.h"

static const char run_usage[] =
	"usage: rmapbench run [--strategy LIST|all] [--PARAMETER LIST]... [OPTION]...\n"
	"         [--then [--strategy LIST] [--PARAMETER LIST]... [OPTION]...]...\n"
	"Runs the cross product of every list, each point --reps times in an order\n"
	"shuffled with --seed, and writes one CSV row per point and repetition.\n"
	"--then adds another sweep that starts as a copy of the one before it.\n"
	"options:\n"
	"  --alloc percpu|global       chain node allocator (percpu)\n"
	"  --anon-index sequence|vaddr page->index of anonymous pages (sequence)\n"
	"  --no-direct                 the same as --direct 0\n"
	"  --placement compact|scatter|cores-then-smt|none   thread pinning (compact)\n"
	"  --oversubscribe             allow more threads than CPUs (left unpinned)\n"
	"  --mem local|interleave|node:N   memory placement (local)\n"
	"  --mem-limit BYTES           refuse bigger points (3/4 of available memory)\n"
	"  --duration S | --forks N    timed window, or fixed work per point (1 s)\n"
	"  --warmup S --reps N --seed N --timeout S   (0.1, 1, random, 60)\n"
	"  --no-stats                  no lock, chain or latency accounting\n"
	"  --out FILE --histogram FILE --quiet --replay RAW.csv\n"
	"--threads also takes auto (1, 2, 4, ... every CPU) and max (every CPU).\n";

/* 16 sweeps of every option: a recorded sweep line is never longer. */
#define MAX_REPLAY_ARGS 2048

static int parse_number(const char *opt, const char *text, double min,
			double max, bool whole, double *out, char *msg,
			size_t len)
{
	char *end;
	double v;

	errno = 0;
	v = strtod(text, &end);
	if (end == text || *end || errno || !isfinite(v) || v < min ||
	    v > max || (whole && v != floor(v))) {
		snprintf(msg, len,
			 "invalid %s '%s': expected %s between %g and %g", opt,
			 text, whole ? "a whole number" : "a number", min, max);
		return EXIT_USAGE;
	}
	*out = v;
	return 0;
}

/* A size in bytes, with an optional K, M, G or T (powers of 1024). */
static int parse_bytes(const char *opt, const char *text, double *out,
		       char *msg, size_t len)
{
	static const char units[] = "KMGT";
	char *end;
	double v;
	const char *u;

	errno = 0;
	v = strtod(text, &end);
	if (*end && end[1] == '\0' && (u = strchr(units, *end))) {
		v *= 1ull << (10 * (u - units + 1));
		end++;
	}
	if (end == text || *end || errno || !isfinite(v) || v < 1 << 20 ||
	    v > 1e18) {
		snprintf(
			msg, len,
			"invalid %s '%s': expected bytes (suffix K, M, G or T) between 1M and 1e18",
			opt, text);
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

/* --threads auto: 1, 2, 4, ... up to the CPUs this process may use;
 * --threads max: just that number. */
static void auto_threads(struct value_list *list)
{
	int cpus[CPU_LIMIT];
	unsigned int n[TOPO_AUTO_MAX];
	unsigned int nr = topo_auto_threads(allowed_cpus(cpus, CPU_LIMIT), n,
					    TOPO_AUTO_MAX);

	list->n = nr;
	for (unsigned int i = 0; i < nr; i++)
		list->v[i] = n[i];
}

/* The sweep being parsed: the one after the last --then. */
static struct sweep *cur(struct run_opts *o)
{
	return &o->sweeps[o->nr_sweeps - 1];
}

/* A --threads list in which "max" stands for every CPU we may use. */
static int parse_threads_max(struct value_list *list, const char *val,
			     char *msg, size_t len)
{
	/* "max" (3 bytes) becomes at most 4 digits: twice the input is room. */
	size_t cap = 2 * strlen(val) + 16, n = 0;
	char *text = malloc(cap), num[16];
	int cpus[CPU_LIMIT], ret;

	if (!text)
		return usage_fail(msg, len,
				  "out of memory parsing --threads %s", val);
	snprintf(num, sizeof(num), "%u", allowed_cpus(cpus, CPU_LIMIT));
	for (const char *v = val;;) {
		size_t item = strcspn(v, ",");

		if (item == 3 && !strncmp(v, "max", 3))
			n += snprintf(text + n, cap - n, "%s", num);
		else
			n += snprintf(text + n, cap - n, "%.*s", (int)item, v);
		v += item;
		if (!*v)
			break;
		text[n++] = *v++;
	}
	ret = param_parse(param_find("threads"), text, list, msg, len) ?
		      EXIT_USAGE :
		      0;
	free(text);
	return ret;
}

static int parse_param(struct run_opts *o, const struct param *p,
		       const char *val, char *msg, size_t len)
{
	struct value_list *list = &cur(o)->list[p - params];

	if (!strcmp(p->name, "threads") && !strcmp(val, "auto")) {
		auto_threads(list);
		return 0;
	}
	if (!strcmp(p->name, "threads") && strstr(val, "max"))
		return parse_threads_max(list, val, msg, len);
	if (!strcmp(p->name, "loops"))
		cur(o)->loops_given = true;
	return param_parse(p, val, list, msg, len) ? EXIT_USAGE : 0;
}

static int parse_scalar(struct run_opts *o, const char *opt, const char *val,
			char *msg, size_t len)
{
	struct config *base = &cur(o)->base;
	double v;
	int choice, ret;

	if (!strcmp(opt, "--duration"))
		return parse_number(opt, val, 0.001, 1e6, false,
				    &base->duration, msg, len);
	if (!strcmp(opt, "--warmup"))
		return parse_number(opt, val, 0, 1e6, false, &base->warmup, msg,
				    len);
	if (!strcmp(opt, "--timeout"))
		return parse_number(opt, val, 0.1, 1e6, false, &base->timeout,
				    msg, len);
	/* Values are stored only once they fit their field. */
	if (!strcmp(opt, "--reps")) {
		ret = parse_number(opt, val, 1, 100000, true, &v, msg, len);
		if (!ret)
			cur(o)->reps = v;
		return ret;
	}
	if (!strcmp(opt, "--forks")) {
		ret = parse_number(opt, val, 1, 1e12, true, &v, msg, len);
		if (!ret)
			base->forks = v;
		return ret;
	}
	if (!strcmp(opt, "--seed")) {
		/* 2^53 - 1: every seed survives the trip through a double */
		ret = parse_number(opt, val, 0, 9007199254740991.0, true, &v,
				   msg, len);
		if (!ret)
			o->seed = v;
		return ret;
	}
	if (!strcmp(opt, "--alloc")) {
		ret = parse_choice(opt, val, "percpu", "global", &choice, msg,
				   len);
		base->alloc = choice ? ALLOC_GLOBAL : ALLOC_PERCPU;
		return ret;
	}
	if (!strcmp(opt, "--anon-index")) {
		ret = parse_choice(opt, val, "sequence", "vaddr", &choice, msg,
				   len);
		base->anon_index =
			choice ? ANON_INDEX_VADDR : ANON_INDEX_SEQUENCE;
		return ret;
	}
	if (!strcmp(opt, "--mem"))
		return mem_policy_parse(val, &base->mem, msg, len) ?
			       EXIT_USAGE :
			       0;
	if (!strcmp(opt, "--mem-limit"))
		return parse_bytes(opt, val, &o->mem_limit, msg, len);
	if (!strcmp(opt, "--placement")) {
		if (!placement_parse(val, &o->placement))
			return 0;
		return usage_fail(
			msg, len,
			"invalid --placement '%s': choose " PLACEMENT_NAMES,
			val);
	}
	return usage_fail(msg, len,
			  "unknown option %s; see 'rmapbench run --help'", opt);
}

static int parse_option(struct run_opts *o, const char *opt, const char *val,
			char *msg, size_t len)
{
	const struct param *p = param_of_option(opt + 2);

	o->sweep_given |= strcmp(opt, "--out") && strcmp(opt, "--replay") &&
			  strcmp(opt, "--histogram");
	if (p)
		return parse_param(o, p, val, msg, len);
	if (!strcmp(opt, "--strategy"))
		return strategy_list_parse(val, cur(o), msg, len) ? EXIT_USAGE :
								    0;
	if (!strcmp(opt, "--out")) {
		o->out = val;
		return 0;
	}
	if (!strcmp(opt, "--replay")) {
		o->replay = val;
		return 0;
	}
	if (!strcmp(opt, "--histogram")) {
		o->histogram = val;
		return 0;
	}
	return parse_scalar(o, opt, val, msg, len);
}

/* --then starts a sweep that begins as a copy of the one before. */
static bool add_sweep(struct run_opts *o)
{
	if (o->nr_sweeps == MAX_SWEEPS)
		return false; /* then "--then" is reported as unexpected */
	if (o->nr_sweeps) {
		o->sweeps[o->nr_sweeps] = o->sweeps[o->nr_sweeps - 1];
		o->nr_sweeps++;
		return true;
	}
	sweep_init(&o->sweeps[o->nr_sweeps++]);
	return true;
}

static bool is_flag(struct run_opts *o, const char *arg)
{
	if (!strcmp(arg, "--no-direct"))
		param_parse(param_find("direct"), "0",
			    &cur(o)->list[param_find("direct") - params], NULL,
			    0);
	else if (!strcmp(arg, "--oversubscribe"))
		cur(o)->base.oversubscribe = true;
	else if (!strcmp(arg, "--no-stats"))
		cur(o)->base.stats = false;
	else if (!strcmp(arg, "--then"))
		return add_sweep(o);
	else if (!strcmp(arg, "--quiet"))
		o->quiet = true;
	else if (!strcmp(arg, "--help") || !strcmp(arg, "-h"))
		o->help = true;
	else
		return false;
	return true;
}

/* Options that take a value, besides the parameters. */
static bool takes_value(const char *opt)
{
	static const char *const names[] = {
		"--strategy", "--out",	     "--replay",    "--histogram",
		"--duration", "--warmup",    "--timeout",   "--reps",
		"--forks",    "--seed",	     "--alloc",	    "--anon-index",
		"--mem",      "--placement", "--mem-limit",
	};

	for (size_t i = 0; i < ARRAY_SIZE(names); i++)
		if (!strcmp(opt, names[i]))
			return true;
	return param_of_option(opt + 2) != NULL;
}

static int parse_args(int argc, char **argv, struct run_opts *o, char *msg,
		      size_t len)
{
	for (int i = 0; i < argc; i++) {
		const char *arg = argv[i], *val, *eq = strchr(arg, '=');
		size_t optlen = eq ? (size_t)(eq - arg) : strlen(arg);
		char opt[64];
		int ret;

		if (is_flag(o, arg)) {
			o->sweep_given |= strcmp(arg, "--quiet") != 0;
			continue;
		}
		if (strncmp(arg, "--", 2) || optlen >= sizeof(opt))
			return usage_fail(
				msg, len,
				"unexpected argument '%s'; see 'rmapbench run --help'",
				arg);
		snprintf(opt, sizeof(opt), "%.*s", (int)optlen, arg);
		if (!takes_value(opt))
			return usage_fail(
				msg, len,
				"unknown option %s; see 'rmapbench run --help'",
				opt);
		if (eq)
			val = eq + 1;
		else if (i + 1 < argc)
			val = argv[++i];
		else
			return usage_fail(
				msg, len,
				"option %s needs a value; see 'rmapbench run --help'",
				opt);
		ret = parse_option(o, opt, val, msg, len);
		if (ret)
			return ret;
	}
	return 0;
}

static void opts_init(struct run_opts *o)
{
	memset(o, 0, sizeof(*o));
	add_sweep(o);
	o->placement = PLACEMENT_DEFAULT;
	o->seed = (now_ns() ^ (uint64_t)getpid() << 32) & ((1ull << 53) - 1);
}

/* The `# sweep:` line of a raw CSV, read as strictly as summarize reads. */
static char *read_sweep_line(const char *path, char *msg, size_t len)
{
	struct csv raw;
	const char *sweep;
	char *line = NULL;

	if (csv_read(path, &raw, msg, len))
		return NULL;
	sweep = csv_meta_get(&raw, "sweep");
	if (!sweep)
		usage_fail(
			msg, len,
			"%s has no '# sweep:' line: it is not a raw CSV of rmapbench run",
			path);
	else if (!(line = strdup(sweep)))
		usage_fail(msg, len, "out of memory reading %s", path);
	csv_free(&raw);
	return line;
}

/* --replay: the recorded sweep, with only --out and --quiet from argv. */
static int parse_replay(struct run_opts *o, char *msg, size_t len)
{
	char *line = read_sweep_line(o->replay, msg, len);
	char *args[MAX_REPLAY_ARGS], *save = NULL;
	const char *out = o->out, *histogram = o->histogram,
		   *replay = o->replay;
	bool quiet = o->quiet;
	int n = 0, ret = line ? 0 : EXIT_USAGE;

	for (char *a = line ? strtok_r(line, " ", &save) : NULL; !ret && a;
	     a = strtok_r(NULL, " ", &save)) {
		if (n == MAX_REPLAY_ARGS)
			ret = usage_fail(
				msg, len,
				"%s: '# sweep:' line has too many words",
				o->replay);
		else
			args[n++] = a;
	}
	if (!ret) {
		opts_init(o);
		ret = parse_args(n, args, o, msg, len);
	}
	if (!ret && o->replay)
		ret = usage_fail(
			msg, len,
			"%s: a recorded sweep cannot itself be a replay",
			replay);
	free(line);
	o->out = out;
	o->histogram = histogram;
	o->quiet = quiet;
	o->replay = replay;
	return ret;
}

int run_parse(int argc, char **argv, struct run_opts *o, char *msg, size_t len)
{
	int ret;

	opts_init(o);
	ret = parse_args(argc, argv, o, msg, len);
	if (ret || !o->replay)
		return ret;
	if (o->sweep_given)
		return usage_fail(
			msg, len,
			"--replay %s repeats a recorded sweep: it takes only --out and --quiet",
			o->replay);
	return parse_replay(o, msg, len);
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

static int validate_point(const struct config *cfg, double limit, char *msg,
			  size_t len)
{
	double need = world_bytes(cfg);
	char need_s[32], limit_s[32];

	if (cfg->loops < cfg->threads) {
		snprintf(
			msg, len,
			"--loops %u is fewer than --threads %u: every driver thread needs a process family",
			cfg->loops, cfg->threads);
		return EXIT_USAGE;
	}
	if (cfg->index_churn && !config_anon_pages(cfg)) {
		snprintf(
			msg, len,
			"--index-churn needs anonymous pages: lower --file-frac below 1 or raise --pages");
		return EXIT_USAGE;
	}
	if (need > limit) {
		human_bytes(need, need_s, sizeof(need_s));
		human_bytes(limit, limit_s, sizeof(limit_s));
		snprintf(
			msg, len,
			"--pages %lu with --loops %u and --children %u needs %s, over the --mem-limit of %s; lower --pages, --loops or --children, or raise --mem-limit",
			cfg->pages, cfg->loops, cfg->children, need_s, limit_s);
		return EXIT_USAGE;
	}
	return 0;
}

/* Every thread count of the sweep must have a placement plan. */
static int validate_threads(const struct run_opts *o, const struct sweep *sw,
			    const struct topo *topo, char *msg, size_t len)
{
	const struct value_list *threads =
		&sw->list[param_find("threads") - params];
	int cpus[4096];

	for (unsigned int i = 0; i < threads->n; i++)
		if (topo_plan(topo, threads->v[i], o->placement,
			      sw->base.oversubscribe, cpus, msg, len))
			return EXIT_USAGE;
	return 0;
}

static int validate_sweep(const struct run_opts *o, const struct sweep *sw,
			  const struct topo *topo, char *msg, size_t len)
{
	/* Default: three quarters of what is available now. */
	double limit = o->mem_limit ? o->mem_limit : 0.75 * sys_mem_available();
	unsigned long n = sweep_points(sw);
	struct config cfg;
	int ret;

	if ((double)n * sw->reps > 1e7) {
		snprintf(
			msg, len,
			"the sweep has %lu points times %u reps: more than 10000000; shorten the lists",
			n, sw->reps);
		return EXIT_USAGE;
	}
	ret = validate_threads(o, sw, topo, msg, len);
	for (unsigned long k = 0; !ret && k < n; k++) {
		sweep_point(sw, k, &cfg);
		ret = validate_point(&cfg, limit, msg, len);
	}
	return ret;
}

int run_validate(const struct run_opts *o, char *msg, size_t len)
{
	struct topo *topo;
	int ret = 0;

	if (topo_load(&topo, NULL, msg, len))
		return 1;
	for (unsigned int i = 0; !ret && i < o->nr_sweeps; i++)
		ret = validate_sweep(o, &o->sweeps[i], topo, msg, len);
	topo_destroy(topo);
	return ret;
}

static size_t put(char *buf, size_t len, size_t n, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static size_t put(char *buf, size_t len, size_t n, const char *fmt, ...)
{
	va_list ap;

	if (n >= len)
		return n;
	va_start(ap, fmt);
	n += vsnprintf(buf + n, len - n, fmt, ap);
	va_end(ap);
	return n;
}

/* Shortest text that reads back as the same double. */
static const char *exact(double v, char *buf, size_t len)
{
	for (int prec = 6; prec <= 17; prec++) {
		snprintf(buf, len, "%.*g", prec, v);
		if (strtod(buf, NULL) == v)
			break;
	}
	return buf;
}

static size_t format_params(const struct sweep *sw, char *buf, size_t len,
			    size_t n)
{
	char num[32];

	for (unsigned int i = 0; i < nr_params; i++) {
		const struct value_list *l = &sw->list[i];

		if (!strcmp(params[i].name, "loops") && !sw->loops_given)
			continue;
		n = put(buf, len, n, " --");
		for (const char *c = params[i].name; *c; c++)
			n = put(buf, len, n, "%c", *c == '_' ? '-' : *c);
		for (unsigned int j = 0; j < l->n; j++)
			n = put(buf, len, n, "%c%s", j ? ',' : ' ',
				exact(l->v[j], num, sizeof(num)));
	}
	return n;
}

static size_t format_one(const struct sweep *sw, char *buf, size_t len,
			 size_t n)
{
	const struct config *b = &sw->base;
	char num[32], mem[32];

	n = put(buf, len, n, "--strategy");
	for (unsigned int i = 0; i < sw->nr_strategies; i++)
		n = put(buf, len, n, "%c%s", i ? ',' : ' ',
			sw->strategy[i]->name);
	n = format_params(sw, buf, len, n);
	mem_policy_format(&b->mem, mem, sizeof(mem));
	n = put(buf, len, n, " --alloc %s --anon-index %s --mem %s%s%s",
		b->alloc == ALLOC_GLOBAL ? "global" : "percpu",
		b->anon_index == ANON_INDEX_VADDR ? "vaddr" : "sequence", mem,
		b->oversubscribe ? " --oversubscribe" : "",
		b->stats ? "" : " --no-stats");
	n = put(buf, len, n, " --duration %s",
		exact(b->duration, num, sizeof(num)));
	n = put(buf, len, n, " --warmup %s",
		exact(b->warmup, num, sizeof(num)));
	n = put(buf, len, n, " --timeout %s",
		exact(b->timeout, num, sizeof(num)));
	if (b->forks)
		n = put(buf, len, n, " --forks %lu", b->forks);
	return put(buf, len, n, " --reps %u", sw->reps);
}

void run_format_sweep(const struct run_opts *o, char *buf, size_t len)
{
	size_t n = 0;

	for (unsigned int i = 0; i < o->nr_sweeps; i++) {
		if (i)
			n = put(buf, len, n, " --then ");
		n = format_one(&o->sweeps[i], buf, len, n);
	}
	put(buf, len, n, " --seed %llu --placement %s",
	    (unsigned long long)o->seed, placement_name(o->placement));
}

static void usage(FILE *f)
{
	fputs(run_usage, f);
	fputs("parameters, each a LIST (default):\n", f);
	for (unsigned int i = 0; i < nr_params; i++) {
		char opt[32];

		param_option(&params[i], opt, sizeof(opt));
		fprintf(f, "  %-14s %s (%s)\n", opt, params[i].help,
			strcmp(params[i].name, "loops") ? params[i].def :
							  "threads");
	}
}

int cmd_run(int argc, char **argv)
{
	struct run_opts *o = malloc(sizeof(*o));
	const char *path = "standard output";
	FILE *out = stdout;
	char msg[1024];
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
	ret = run_sweep(o, out, path, argc, argv);
	if (out != stdout && fclose(out) && !ret)
		die(1, "write error on %s: %s", path, strerror(errno));
	free(o);
	return ret;
}
