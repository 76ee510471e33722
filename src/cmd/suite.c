// SPDX-License-Identifier: GPL-2.0
/*
 * Suites: one file per question under bench/, parsed here and nowhere
 * else.  `rmapbench suite FILE --out DIR` runs the sweep into DIR/raw.csv
 * (and DIR/histogram.csv), summarizes it into DIR/summary.csv and leaves
 * DIR/question, DIR/graphs and DIR/report for the plots and the report.
 */
#include <dirent.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "commands.h"
#include "engine/plan.h"
#include "engine/shard.h"
#include "suite.h"
#include "host.h"
#include "analysis/report.h"
#include "analysis/verdict.h"
#include "analysis/summarize.h"
#include "analysis/truth.h"
#include "lib/compiler.h"
#include "lib/infile.h"
#include "lib/opt.h"
#include "lib/outfile.h"
#include "lib/stop.h"
#include "lib/util.h"

#define SUITE_MAX_BYTES (1 << 20)
#define SUITE_MAX_WORDS 4096

static int add_word(char ***words, size_t *nr, const char *w, size_t len)
{
	char **grown;

	if (*nr == SUITE_MAX_WORDS)
		return -2;
	grown = realloc(*words, (*nr + 1) * sizeof(*grown));
	if (!grown)
		return -1;
	*words = grown;
	grown[*nr] = strndup(w, len);
	return grown[(*nr)++] ? 0 : -1;
}

static int add_words(char ***words, size_t *nr, const char *v)
{
	while (*v) {
		size_t len = strcspn(v, " \t");

		int ret = len ? add_word(words, nr, v, len) : 0;

		if (ret)
			return ret;
		v += len;
		v += strspn(v, " \t");
	}
	return 0;
}

/* Appends v to *text, joined with a space. */
static int add_text(char **text, const char *v)
{
	size_t old = *text ? strlen(*text) : 0;
	char *grown = realloc(*text, old + strlen(v) + 2);

	if (!grown)
		return -1;
	if (old)
		grown[old++] = ' ';
	strcpy(grown + old, v);
	*text = grown;
	return 0;
}

/* Every word of a `report:` line names a section of the report. */
static int check_sections(const char *v, char *msg, size_t msglen)
{
	while (*v) {
		size_t len = strcspn(v, " \t");
		char name[64];

		snprintf(name, sizeof(name), "%.*s", (int)len, v);
		if (len && report_section_find(name) < 0) {
			snprintf(
				msg, msglen,
				"'report:' names no section '%.40s'; sections are %s",
				name, report_section_names());
			return -1;
		}
		v += len;
		v += strspn(v, " \t");
	}
	return 0;
}

static int parse_line(struct suite_spec *s, const char *key, const char *v,
		      char *msg, size_t msglen)
{
	/* Options are words passed on as they are: nothing a shell would
	 * read differently may hide in them. */
	if (strcmp(key, "question") && strpbrk(v, "'\"\\`$")) {
		snprintf(msg, msglen,
			 "quotes, backslashes and '$' are not allowed in '%s:'",
			 key);
		return -1;
	}
	if (!strcmp(key, "question"))
		return add_text(&s->question, v);
	if (!strcmp(key, "graphs"))
		return add_text(&s->graphs, v);
	if (!strcmp(key, "report")) {
		if (check_sections(v, msg, msglen))
			return -1;
		return add_text(&s->report, v);
	}
	if (!strcmp(key, "sweep"))
		return add_words(&s->words, &s->nr_words, v);
	if (!strcmp(key, "quick"))
		return add_words(&s->quick, &s->nr_quick, v);
	if (!strcmp(key, "then")) {
		if (!s->nr_words) {
			snprintf(msg, msglen, "'then:' before any 'sweep:'");
			return -1;
		}
		int ret = add_word(&s->words, &s->nr_words, "--then", 6);

		return ret ? ret : add_words(&s->words, &s->nr_words, v);
	}
	if (!strcmp(key, "default")) {
		if (strcmp(v, "yes") && strcmp(v, "no")) {
			snprintf(msg, msglen,
				 "'default:' must be yes or no, not '%.40s'",
				 v);
			return -1;
		}
		s->is_default = !strcmp(v, "yes");
		return 0;
	}
	snprintf(
		msg, msglen,
		"unknown key '%.40s'; keys are question, graphs, report, default, sweep, then, quick",
		key);
	return -1;
}

/* One line, without its end; "" and comments are skipped. */
static int suite_line(struct suite_spec *s, char *line, char *msg,
		      size_t msglen)
{
	char *colon, *v;

	line[strcspn(line, "\r")] = '\0';
	if (!line[strspn(line, " \t")] || line[0] == '#')
		return 0;
	colon = strchr(line, ':');
	if (!colon || colon == line) {
		snprintf(msg, msglen, "expected 'key: value'");
		return -1;
	}
	*colon = '\0';
	v = colon + 1 + strspn(colon + 1, " \t");
	switch (parse_line(s, line, v, msg, msglen)) {
	case 0:
		return 0;
	case -2:
		snprintf(msg, msglen,
			 "over %d words of options: split the suite",
			 SUITE_MAX_WORDS);
		return -1;
	default:
		if (!*msg)
			snprintf(msg, msglen, "out of memory");
		return -1;
	}
}

int suite_parse(const char *text, size_t len, struct suite_spec *s, char *msg,
		size_t msglen)
{
	char *copy, *line, *next;
	unsigned long nr = 0;
	int ret = 0;

	memset(s, 0, sizeof(*s));
	if (len > SUITE_MAX_BYTES || memchr(text, '\0', len)) {
		snprintf(msg, msglen, "not a suite file: %s",
			 len > SUITE_MAX_BYTES ? "over 1 MiB" : "binary data");
		return -1;
	}
	copy = strndup(text, len);
	if (!copy)
		return -1;
	msg[0] = '\0';
	for (line = copy; line && !ret; line = next) {
		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		nr++;
		ret = suite_line(s, line, msg, msglen);
	}
	free(copy);
	if (ret) {
		char why[256];

		snprintf(why, sizeof(why), "%s", msg);
		snprintf(msg, msglen, "line %lu: %s", nr, why);
		return -1;
	}
	if (!s->nr_words) {
		snprintf(msg, msglen, "no 'sweep:' line");
		return -1;
	}
	return 0;
}

static void free_words(char **w, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(w[i]);
	free(w);
}

void suite_free(struct suite_spec *s)
{
	free(s->question);
	free(s->graphs);
	free(s->report);
	free_words(s->words, s->nr_words);
	free_words(s->quick, s->nr_quick);
	memset(s, 0, sizeof(*s));
}

void suite_dir(char *buf, size_t len)
{
	data_dir("RMAPBENCH_BENCH", "bench", buf, len);
}

int suite_resolve(const char *given, char *path, size_t len, char *msg,
		  size_t msglen)
{
	char dir[4096], names[2048] = "";
	struct dirent *d;
	DIR *dp;

	snprintf(path, len, "%s", given);
	if (!access(given, F_OK) || strchr(given, '/'))
		return 0;
	suite_dir(dir, sizeof(dir));
	snprintf(path, len, "%s/%s.suite", dir, given);
	if (!access(path, F_OK))
		return 0;
	dp = opendir(dir);
	while (dp && (d = readdir(dp))) {
		size_t l = strlen(d->d_name);

		if (l > 6 && !strcmp(d->d_name + l - 6, ".suite"))
			snprintf(names + strlen(names),
				 sizeof(names) - strlen(names), "%s%.*s",
				 *names ? ", " : "", (int)(l - 6), d->d_name);
	}
	if (dp)
		closedir(dp);
	snprintf(msg, msglen,
		 "no suite file or suite named '%s'; suites are %s", given,
		 names);
	opt_did_you_mean(msg, msglen, given, names);
	return EXIT_USAGE;
}

/* The suite file, or NULL with the reason in msg. */
static char *read_file(const char *path, size_t *len, char *msg, size_t mlen)
{
	FILE *f = infile_open(path, SIZE_MAX, "name a suite file", msg, mlen);
	char *buf;

	if (!f) {
		if (!msg[0])
			snprintf(msg, mlen, "cannot read suite %.512s: %s",
				 path, strerror(errno));
		return NULL;
	}
	buf = malloc(SUITE_MAX_BYTES + 1);
	*len = buf ? fread(buf, 1, SUITE_MAX_BYTES + 1, f) : 0;
	if (!buf || ferror(f)) {
		snprintf(msg, mlen, "cannot read suite %.512s: %s", path,
			 strerror(errno));
		free(buf);
		buf = NULL;
	}
	fclose(f);
	return buf;
}

void suite_write_text(const char *path, const char *text)
{
	struct outfile o;
	char msg[1024];
	int ret =
		outfile_open(&o, path, OUT_WHOLE | OUT_FORCE, msg, sizeof(msg));

	if (ret)
		die(ret, "%s", msg);
	fprintf(o.f, "%s\n", text ? text : "");
	if (outfile_close(&o, msg, sizeof(msg)))
		die(1, "%s", msg);
}

/* A list of names, one a line, as plot.sh and the report read it. */
static void write_names(const char *path, char *names)
{
	for (char *p = names; p && *p; p++)
		if (*p == ' ')
			*p = '\n';
	suite_write_text(path, names);
}

/*
 * The suite's plan, straight from its words: each sweep's words, then the
 * quick words if asked, which close every sweep (before each --then).
 */
static int suite_plan(const struct suite_spec *s, bool quick, struct plan *p,
		      char *msg, size_t len)
{
	size_t start = 0;
	int ret = 0;

	plan_init(p);
	for (size_t i = 0; !ret && i <= s->nr_words; i++) {
		if (i < s->nr_words && strcmp(s->words[i], "--then"))
			continue;
		ret = plan_parse_words(i - start, s->words + start, FROM_SUITE,
				       p, NULL, msg, len);
		if (!ret && quick)
			ret = plan_parse_words(s->nr_quick, s->quick,
					       FROM_SUITE, p, NULL, msg, len);
		start = i;
	}
	return ret;
}

struct suite_opts {
	const char *file, *dir, *calibration, *jobs, *shard;
	bool quick, quiet, force;
	char path[4096]; /* the suite file, resolved */
};

const char *const suite_file[NR_SUITE_FILES] = {
	"question",	 "graphs",	"report", "raw.csv",
	"histogram.csv", "summary.csv", "host",
};

static const char suite_usage[] =
	"usage: rmapbench suite NAME|FILE --out DIR [--quick] [--quiet] [--force] [--calibration CAL.csv] [--jobs N] [--shard I/N]\n"
	"Runs the suite's sweep into DIR/raw.csv (and DIR/histogram.csv), then\n"
	"summarizes it into DIR/summary.csv, notes the host's steal time and\n"
	"CPU governor in DIR/host and prints the verdict (rmapbench verdict);\n"
	"--quick adds the suite's quick options to every sweep; --jobs N runs\n"
	"up to N modelled points at once (the rows are those of one).  FILE is\n"
	"a suite file or the name of one in bench/ ('seed').  None of DIR's\n"
	"files may exist unless --force is given.  --shard I/N runs shard I of\n"
	"N of a modelled suite (every N-th point) into DIR, without a summary;\n"
	"'rmapbench merge --out DIR SHARD_DIR...' joins the shards (docs/model.md).\n";

static void suite_args(int argc, char **argv, struct suite_opts *o)
{
	char msg[1024];
	const struct opt opts[] = {
		ARG_VALUE("--out", &o->dir),
		ARG_VALUE("--calibration", &o->calibration),
		ARG_VALUE("--jobs", &o->jobs),
		ARG_VALUE("--shard", &o->shard),
		ARG_FLAG("--quick", &o->quick),
		ARG_FLAG("--quiet", &o->quiet),
		ARG_FLAG("--force", &o->force),
	};
	const struct opt_spec spec = {
		.cmd = "suite",
		.opts = opts,
		.nr_opts = ARRAY_SIZE(opts),
		.words = &o->file,
		.max_words = 1,
		.too_many = "suite takes one suite file, got another: '%s'",
	};

	opt_parse_or_exit(&spec, argc, argv, suite_usage);
	if (!o->file || !o->dir)
		die(EXIT_USAGE,
		    "suite needs a suite (a name such as 'seed', or a file) and --out DIR; see 'rmapbench suite --help'");
	if (suite_resolve(o->file, o->path, sizeof(o->path), msg, sizeof(msg)))
		die(EXIT_USAGE, "%s", msg);
	o->file = o->path;
}

void suite_claim(const char *dir, bool force, char path[][4096])
{
	bool made = !access(dir, F_OK);
	char msg[1024];
	int ret;

	for (int i = 0; i < NR_SUITE_FILES; i++) {
		snprintf(path[i], 4096, "%s/%s", dir, suite_file[i]);
		if (!made)
			continue; /* a new folder: mkdir() finds any problem */
		ret = outfile_claim(path[i], force ? OUT_FORCE : 0, msg,
				    sizeof(msg));
		if (ret)
			die(ret, "%s", msg);
	}
	if (stop_requested())
		exit(128 + stop_requested()); /* nothing created yet */
	if (mkdir(dir, 0777) && errno != EEXIST)
		die(EXIT_USAGE, "cannot create %s: %m", dir);
}

/* --jobs N: 1 to 64 modelled points at once. */
static unsigned int suite_jobs(const char *text)
{
	char *end;
	unsigned long n;

	if (!text)
		return 1;
	n = strtoul(text, &end, 10);
	if (*end || end == text || n < 1 || n > 64)
		die(EXIT_USAGE,
		    "invalid --jobs '%s': a whole number from 1 to 64", text);
	return (unsigned int)n;
}

static int summarize(char path[][4096], const char *calibration, bool force)
{
	char *argv[9] = { "rmapbench", "summarize", path[SUITE_RAW], "--out",
			  path[SUITE_SUMMARY] };
	int n = 5;

	if (force)
		argv[n++] = "--force";
	if (calibration) {
		argv[n++] = "--calibration";
		argv[n++] = (char *)calibration;
	}
	return cmd_summarize(n, argv);
}

/* The brief verdict of the suite's own raw CSV, on stdout. */
static int print_verdict(const char *raw)
{
	struct verdict_suite *v;
	char msg[1024], host[512];
	size_t nr;

	if (verdict_load(raw, &v, &nr, msg, sizeof(msg))) {
		fprintf(stderr, "rmapbench: no verdict: %s\n", msg);
		return 1;
	}
	verdict_host_note(raw, host, sizeof(host));
	verdict_print(v, nr, true, host, stdout);
	verdict_unload(v, nr);
	return 0;
}

void suite_check_calibration(const char *path)
{
	char msg[1024];
	FILE *cal =
		infile_open(path, SIZE_MAX, "name a CSV file rmapbench wrote",
			    msg, sizeof(msg));

	if (!cal && msg[0])
		die(EXIT_USAGE, "--calibration %s", msg);
	if (!cal)
		die(EXIT_USAGE, "cannot read --calibration %s: %m", path);
	fclose(cal);
}

int suite_finish(char path[][4096], const char *calibration, bool force,
		 const char *host)
{
	int ret = summarize(path, calibration, force);

	if (ret)
		return ret;
	suite_write_text(path[SUITE_HOST], host);
	return print_verdict(path[SUITE_RAW]);
}

/* --shard I/N: the plan split n ways, checked before the folder is made. */
static void suite_shard(const struct suite_opts *o, const struct plan *p,
			struct run_control *rc)
{
	char msg[1024];

	if (!o->shard)
		return;
	if (shard_parse(o->shard, &rc->shard, &rc->shards, msg, sizeof(msg)) ||
	    shard_check_plan(p, rc->shards, msg, sizeof(msg)))
		die(EXIT_USAGE, "%s: %s", o->file, msg);
}

/* A shard's folder has no summary: the merge of every shard makes it. */
static void shard_done(const struct plan *p, const struct run_control *rc)
{
	unsigned long points = shard_plan_points(p);

	printf("shard %u/%u: %lu of the plan's %lu points in %s; once every shard is in, 'rmapbench merge --out DIR' with every shard's folder joins them\n",
	       rc->shard, rc->shards, shard_rows(rc->shard, rc->shards, points),
	       points, rc->out);
}

int cmd_suite(int argc, char **argv)
{
	struct suite_opts o = { 0 };
	char msg[1024], path[NR_SUITE_FILES][4096];
	struct suite_spec s;
	struct plan *p = malloc(sizeof(*p));
	struct run_control rc = { .out = path[SUITE_RAW],
				  .histogram = path[SUITE_HIST] };
	const struct baseline_2002 baseline = { truth_2002_baseline_ns(),
						truth_2002_copy_zap_ns() };
	struct host_snap before, after;
	size_t len;
	char *text;
	int ret;

	if (!p)
		die_oom("the plan");
	stop_catch(); /* before any file is opened */
	suite_args(argc, argv, &o);
	rc.jobs = suite_jobs(o.jobs);
	if (o.calibration)
		suite_check_calibration(o.calibration);
	text = read_file(o.file, &len, msg, sizeof(msg));
	if (!text)
		die(EXIT_USAGE, "%s", msg);
	/* The sweep must be valid before the folder is made. */
	if (suite_parse(text, len, &s, msg, sizeof(msg)) ||
	    suite_plan(&s, o.quick, p, msg, sizeof(msg)) ||
	    plan_validate(p, 0, msg, sizeof(msg)) ||
	    plan_resolve_other_work(p, o.calibration, &baseline, o.quiet, msg,
				    sizeof(msg)))
		die(EXIT_USAGE, "%s: %s", o.file, msg);
	suite_shard(&o, p, &rc);
	free(text);
	outfile_reset();
	outfile_input(o.file);
	outfile_input(o.calibration);
	suite_claim(o.dir, o.force, path);
	suite_write_text(path[SUITE_QUESTION], s.question);
	write_names(path[SUITE_GRAPHS], s.graphs);
	write_names(path[SUITE_REPORT], s.report);
	rc.quiet = o.quiet;
	rc.force = o.force;
	host_snap(&before);
	ret = run_plan(p, &rc, argc, argv);
	host_snap(&after);
	host_describe(&before, &after, msg, sizeof(msg));
	if (!ret && rc.shards) {
		suite_write_text(path[SUITE_HOST], msg);
		shard_done(p, &rc);
	} else if (!ret) {
		ret = suite_finish(path, o.calibration, o.force, msg);
	}
	free(p);
	suite_free(&s);
	return ret;
}
