// SPDX-License-Identifier: GPL-2.0
/*
 * Suites: one file per question under bench/, parsed here and nowhere
 * else.  `rmapbench suite FILE --out DIR` runs the sweep into DIR/raw.csv
 * (and DIR/histogram.csv), summarizes it into DIR/summary.csv and leaves
 * DIR/question and DIR/graphs for the plots and the report.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "commands.h"
#include "engine/plan.h"
#include "suite.h"
#include "analysis/summarize.h"
#include "lib/compiler.h"
#include "lib/opt.h"
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
		"unknown key '%.40s'; keys are question, graphs, default, sweep, then, quick",
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
	free_words(s->words, s->nr_words);
	free_words(s->quick, s->nr_quick);
	memset(s, 0, sizeof(*s));
}

static char *read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf;

	if (!f)
		return NULL;
	buf = malloc(SUITE_MAX_BYTES + 1);
	*len = buf ? fread(buf, 1, SUITE_MAX_BYTES + 1, f) : 0;
	if (buf && ferror(f)) {
		free(buf);
		buf = NULL;
	}
	fclose(f);
	return buf;
}

static void write_text(const char *dir, const char *name, const char *text)
{
	char path[4096];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "w");
	if (!f || fprintf(f, "%s\n", text ? text : "") < 0 || fclose(f))
		die(1, "cannot write %s: %m", path);
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
	const char *file, *dir, *calibration;
	bool quick, quiet;
};

static const char suite_usage[] =
	"usage: rmapbench suite FILE --out DIR [--quick] [--quiet] [--calibration CAL.csv]\n"
	"Runs the suite's sweep into DIR/raw.csv (and DIR/histogram.csv), then\n"
	"summarizes it into DIR/summary.csv; --quick adds the suite's quick\n"
	"options to every sweep.\n";

static void suite_args(int argc, char **argv, struct suite_opts *o)
{
	const struct opt opts[] = {
		ARG_VALUE("--out", &o->dir),
		ARG_VALUE("--calibration", &o->calibration),
		ARG_FLAG("--quick", &o->quick),
		ARG_FLAG("--quiet", &o->quiet),
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
		    "suite needs a suite file and --out DIR; see 'rmapbench suite --help'");
}

int cmd_suite(int argc, char **argv)
{
	struct suite_opts o = { 0 };
	char msg[1024], raw[4096], hist[4096], sum[4096];
	struct suite_spec s;
	struct plan *p = malloc(sizeof(*p));
	struct run_control rc = { .out = raw, .histogram = hist };
	size_t len;
	char *text;
	int ret;

	if (!p)
		die_oom("the plan");
	suite_args(argc, argv, &o);
	if (o.calibration && access(o.calibration, R_OK))
		die(EXIT_USAGE, "cannot read --calibration %s: %m",
		    o.calibration);
	text = read_file(o.file, &len);
	if (!text)
		die(EXIT_USAGE, "cannot read suite %s: %m", o.file);
	/* The sweep must be valid before the folder is made. */
	if (suite_parse(text, len, &s, msg, sizeof(msg)) ||
	    suite_plan(&s, o.quick, p, msg, sizeof(msg)) ||
	    plan_validate(p, 0, msg, sizeof(msg)))
		die(EXIT_USAGE, "%s: %s", o.file, msg);
	free(text);
	snprintf(raw, sizeof(raw), "%s/raw.csv", o.dir);
	snprintf(hist, sizeof(hist), "%s/histogram.csv", o.dir);
	snprintf(sum, sizeof(sum), "%s/summary.csv", o.dir);
	if (mkdir(o.dir, 0777) && errno != EEXIST)
		die(1, "cannot create %s: %m", o.dir);
	if (!access(raw, F_OK))
		die(EXIT_USAGE, "%s already holds a run; choose another --out",
		    o.dir);
	write_text(o.dir, "question", s.question);
	for (char *g = s.graphs; g && *g; g++)
		if (*g == ' ')
			*g = '\n';
	write_text(o.dir, "graphs", s.graphs);
	rc.quiet = o.quiet;
	ret = run_plan(p, &rc, argc, argv);
	if (!ret) {
		char *sargv[] = { "rmapbench",
				  "summarize",
				  raw,
				  "--out",
				  sum,
				  "--calibration",
				  (char *)o.calibration,
				  NULL };

		ret = cmd_summarize(o.calibration ? 7 : 5, sargv);
	}
	free(p);
	suite_free(&s);
	return ret;
}
