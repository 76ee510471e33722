// SPDX-License-Identifier: GPL-2.0
/*
 * rmapbench merge --out DIR SHARD_DIR...: the folders `suite --shard I/N`
 * wrote, joined into the folder one unsharded suite run writes.  Shard I
 * holds the rows I-1, I-1+N, ... of the plan's one order (engine/shard.h),
 * so dealing a row from each shard in turn restores that order, and the
 * data rows are the unsharded run's, byte for byte.  Nothing is written
 * unless the shards are every shard of one split of one plan, run by one
 * build, each complete.
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "suite.h"
#include "analysis/results.h"
#include "engine/shard.h"
#include "lib/compiler.h"
#include "lib/csv.h"
#include "lib/opt.h"
#include "lib/outfile.h"
#include "lib/stop.h"
#include "lib/util.h"

struct shard_dir {
	const char *dir;
	char *path[NR_SUITE_FILES];
	struct csv raw;
	unsigned int i, n;
	unsigned long points;
	char *text[NR_SUITE_FILES]; /* question, graphs, host, histogram */
	char *hist_at;		    /* the first histogram line not merged */
};

/*
 * Metadata that says where and when a shard ran, which may differ between
 * shards; every other line (the build, the plan) must be the same.
 */
static const char *const where_keys[] = {
	"date",		  "host",     "cpu",	   "kernel",
	"command",	  "topology", "smt",	   "numa_nodes",
	"numa_distances", "perf",     "cacheline", "shard",
};

/* The plan's lines; any other that is not where_keys' is the build's. */
static const char *const plan_keys[] = { "sweep", "seed", "placement", "mem" };

static bool in(const char *key, const char *const *list, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(key, list[i]))
			return true;
	return false;
}

static bool where_key(const char *key)
{
	return in(key, where_keys, ARRAY_SIZE(where_keys));
}

/* The k-th metadata line that must agree between shards, or NULL. */
static const struct csv_meta *agreed_meta(const struct csv *c, size_t k)
{
	for (size_t i = 0; i < c->nr_meta; i++)
		if (!where_key(c->meta[i].key) && !k--)
			return &c->meta[i];
	return NULL;
}

/* A shard's text file, without the newline suite_write_text() added. */
static char *read_text(struct shard_dir *sd, int file, size_t limit)
{
	char msg[1024], *text;
	size_t size;

	text = results_read(sd->dir, suite_file[file], limit, &size, msg,
			    sizeof(msg));
	if (!text && !msg[0] && file == SUITE_HOST)
		return NULL; /* a shard stopped before it noted its host */
	if (!text && !msg[0])
		die(EXIT_USAGE,
		    "merge: %s has no %s: not a folder 'rmapbench suite --shard I/N' wrote",
		    sd->dir, suite_file[file]);
	if (!text)
		die(EXIT_USAGE, "merge: %s", msg);
	if (size && text[size - 1] == '\n')
		text[size - 1] = '\0';
	return text;
}

static void load_shard(struct shard_dir *sd, const char *dir)
{
	char msg[1024];
	const char *v;

	sd->dir = dir;
	for (int f = 0; f < NR_SUITE_FILES; f++)
		sd->path[f] = path_join(dir, suite_file[f]);
	sd->text[SUITE_QUESTION] =
		read_text(sd, SUITE_QUESTION, RESULTS_TEXT_MAX);
	sd->text[SUITE_GRAPHS] = read_text(sd, SUITE_GRAPHS, RESULTS_TEXT_MAX);
	sd->text[SUITE_REPORT] = read_text(sd, SUITE_REPORT, RESULTS_TEXT_MAX);
	sd->text[SUITE_HOST] = read_text(sd, SUITE_HOST, RESULTS_TEXT_MAX);
	sd->text[SUITE_HIST] = read_text(sd, SUITE_HIST, RESULTS_CSV_MAX);
	if (csv_read(sd->path[SUITE_RAW], &sd->raw, msg, sizeof(msg)))
		die(EXIT_USAGE, "merge: %s", msg);
	v = csv_meta_get(&sd->raw, "shard");
	if (!v)
		die(EXIT_USAGE,
		    "merge: %s has no '# shard:' line: not a shard ('rmapbench suite --shard I/N' writes one)",
		    sd->path[SUITE_RAW]);
	if (shard_parse_meta(v, &sd->i, &sd->n, &sd->points))
		die(EXIT_USAGE,
		    "merge: %s: '# shard: %.60s' is not 'I/N of TOTAL points'",
		    sd->path[SUITE_RAW], v);
}

/* What a line that differs between a and b says of them. */
static const char *differ_why(const char *key)
{
	if (in(key, plan_keys, ARRAY_SIZE(plan_keys)))
		return "shards of different plans: run every shard from the same suite, options and --calibration";
	return "shards of different builds: run every shard with one build of rmapbench";
}

/* a and b: one split of one plan, run by one build, of one suite. */
static void check_same(const struct shard_dir *a, const struct shard_dir *b)
{
	const struct csv_meta *ma, *mb;

	if (a->n != b->n || a->points != b->points)
		die(EXIT_USAGE,
		    "merge: %s is shard %u/%u of %lu points, %s shard %u/%u of %lu: not one split of one plan",
		    a->dir, a->i, a->n, a->points, b->dir, b->i, b->n,
		    b->points);
	if (a->i == b->i)
		die(EXIT_USAGE, "merge: %s and %s are both shard %u/%u", a->dir,
		    b->dir, a->i, a->n);
	for (size_t k = 0;; k++) {
		ma = agreed_meta(&a->raw, k);
		mb = agreed_meta(&b->raw, k);
		if (!ma && !mb)
			break;
		if (ma && mb && !strcmp(ma->key, mb->key) &&
		    !strcmp(ma->value, mb->value))
			continue;
		die(EXIT_USAGE, "merge: %s and %s differ in '# %s:': %s",
		    a->dir, b->dir, ma ? ma->key : mb->key,
		    differ_why(ma ? ma->key : mb->key));
	}
	if (a->raw.nr_cols != b->raw.nr_cols)
		die(EXIT_USAGE, "merge: %s and %s differ in their columns: %s",
		    a->dir, b->dir, differ_why("columns"));
	for (size_t c = 0; c < a->raw.nr_cols; c++)
		if (strcmp(a->raw.col[c], b->raw.col[c]))
			die(EXIT_USAGE,
			    "merge: %s and %s differ in their columns: %s",
			    a->dir, b->dir, differ_why("columns"));
	for (int f = SUITE_QUESTION; f <= SUITE_REPORT; f++)
		if (strcmp(a->text[f], b->text[f]))
			die(EXIT_USAGE,
			    "merge: %s and %s differ in their %s: shards of different suites",
			    a->dir, b->dir, suite_file[f]);
}

/* A shard holds its whole share of the plan, no row cut short. */
static void check_rows(const struct shard_dir *sd)
{
	unsigned long want = shard_rows(sd->i, sd->n, sd->points);
	int status = csv_column(&sd->raw, "status");

	if (status < 0)
		die(EXIT_USAGE, "merge: %s has no status column: not a raw CSV",
		    sd->path[SUITE_RAW]);
	if (sd->raw.nr_rows != want)
		die(EXIT_USAGE,
		    "merge: %s: shard %u/%u holds %zu of its %lu rows: it was stopped or failed; run it again",
		    sd->dir, sd->i, sd->n, sd->raw.nr_rows, want);
	for (size_t r = 0; r < sd->raw.nr_rows; r++)
		if (!strcmp(sd->raw.row[r].field[status], "stopped"))
			die(EXIT_USAGE,
			    "merge: %s:%lu: a point stopped by a signal: shard %u/%u is incomplete; run it again",
			    sd->path[SUITE_RAW], sd->raw.row[r].line, sd->i,
			    sd->n);
}

/* The row number a histogram line starts with, or ULONG_MAX. */
static unsigned long hist_row(const char *line)
{
	char *end;
	unsigned long row;

	if (*line < '0' || *line > '9')
		return ULONG_MAX;
	row = strtoul(line, &end, 10);
	return *end == ',' ? row : ULONG_MAX;
}

/*
 * Every histogram line of a shard is keyed by a row of its own, in
 * order; hist_at is left at the first data line.
 */
static void check_hist(struct shard_dir *sd, const char *header)
{
	char *line = sd->text[SUITE_HIST];
	unsigned long last = 0, nr = 1;
	size_t hl = strcspn(line, "\n");

	if (strncmp(line, header, hl) || header[hl])
		die(EXIT_USAGE, "merge: %s/%s: not the histogram header ('%s')",
		    sd->dir, suite_file[SUITE_HIST], header);
	sd->hist_at = line[hl] ? line + hl + 1 : line + hl;
	for (line = sd->hist_at; *line; nr++) {
		unsigned long row = hist_row(line);

		if (row == ULONG_MAX || row >= sd->points || row < last ||
		    !shard_owns(sd->i, sd->n, row))
			die(EXIT_USAGE,
			    "merge: %s/%s:%lu: not a row of shard %u/%u in its order",
			    sd->dir, suite_file[SUITE_HIST], nr + 1, sd->i,
			    sd->n);
		last = row;
		line += strcspn(line, "\n");
		line += *line == '\n';
	}
}

/* The histogram lines of plan row j, from the shard that ran it. */
static void put_hist(struct shard_dir *sd, unsigned long j, FILE *f)
{
	while (*sd->hist_at && hist_row(sd->hist_at) == j) {
		size_t l = strcspn(sd->hist_at, "\n");

		fprintf(f, "%.*s\n", (int)l, sd->hist_at);
		sd->hist_at += l + (sd->hist_at[l] == '\n');
	}
}

static void put_fields(FILE *f, char *const *field, size_t n)
{
	for (size_t k = 0; k < n; k++)
		fprintf(f, "%s%s", k ? "," : "", field[k]);
	fputc('\n', f);
}

/* Written whole (a temporary file renamed into place) or not at all. */
static void out_open(struct outfile *o, const char *path, bool force)
{
	char msg[1024];

	if (outfile_open(o, path, OUT_WHOLE | (force ? OUT_FORCE : 0), msg,
			 sizeof(msg)))
		die(EXIT_USAGE, "merge: %s", msg);
}

static void out_close(struct outfile *o)
{
	char msg[1024];

	if (outfile_close(o, msg, sizeof(msg)))
		die(1, "merge: %s", msg);
}

/* shard[k] is shard k + 1: deal row j from shard j % N. */
static void write_raw(struct shard_dir *shard, const char *path, bool force)
{
	const struct csv *first = &shard[0].raw;
	unsigned int n = shard[0].n;
	struct outfile o;

	out_open(&o, path, force);
	for (size_t i = 0; i < first->nr_meta; i++) {
		if (strcmp(first->meta[i].key, "shard")) {
			csv_put_meta(o.f, first->meta[i].key,
				     first->meta[i].value);
			continue;
		}
		fprintf(o.f,
			"# merged: %u shards of %lu points in the plan's order; the date, host and command above are shard 1's\n",
			n, shard[0].points);
	}
	put_fields(o.f, first->col, first->nr_cols);
	for (unsigned long j = 0; j < shard[0].points; j++)
		put_fields(o.f, shard[j % n].raw.row[j / n].field,
			   first->nr_cols);
	out_close(&o);
}

static void write_hist(struct shard_dir *shard, const char *header,
		       const char *path, bool force)
{
	unsigned int n = shard[0].n;
	struct outfile o;

	out_open(&o, path, force);
	fprintf(o.f, "%s\n", header);
	for (unsigned long j = 0; j < shard[0].points; j++)
		put_hist(&shard[j % n], j, o.f);
	out_close(&o);
}

/* The host note of the shard that saw the most steal: the worst case. */
static const char *worst_host(const struct shard_dir *shard, unsigned int n)
{
	const char *worst = "";
	double most = -1, v;

	for (unsigned int k = 0; k < n; k++) {
		const char *p = shard[k].text[SUITE_HOST];

		p = p ? strstr(p, "steal_pct: ") : NULL;
		if (p && sscanf(p + 11, "%lf", &v) == 1 && v > most) {
			most = v;
			worst = shard[k].text[SUITE_HOST];
		}
	}
	return worst;
}

static const char merge_usage[] =
	"usage: rmapbench merge --out DIR [--force] [--calibration CAL.csv] SHARD_DIR...\n"
	"Joins the folders 'rmapbench suite NAME --shard I/N --out SHARD_DIR'\n"
	"wrote, one per shard, in any order, into DIR: the raw rows in the\n"
	"plan's order (the data rows of one unsharded run, byte for byte), the\n"
	"histograms, the summary (with the suite's --calibration, if it had\n"
	"one) and the verdict, as the suite itself writes them.  Refused when a\n"
	"shard is missing, incomplete or twice, or the shards differ in their\n"
	"split, plan, suite or build.  None of DIR's files may exist unless\n"
	"--force is given.\n";

struct merge_opts {
	const char *dir, *calibration, **words;
	size_t nr;
	bool force;
};

static void merge_args(int argc, char **argv, struct merge_opts *o)
{
	const struct opt opts[] = {
		ARG_VALUE("--out", &o->dir),
		ARG_VALUE("--calibration", &o->calibration),
		ARG_FLAG("--force", &o->force),
	};
	const struct opt_spec spec = {
		.cmd = "merge",
		.opts = opts,
		.nr_opts = ARRAY_SIZE(opts),
		.words = o->words,
		.max_words = SHARDS_MAX,
		.too_many =
			"merge takes at most 100000 shard folders, got '%s'",
	};

	o->nr = opt_parse_or_exit(&spec, argc, argv, merge_usage);
	if (!o->dir || !o->nr)
		die(EXIT_USAGE,
		    "merge needs --out DIR and the folder of every shard; see 'rmapbench merge --help'");
	if (o->calibration)
		suite_check_calibration(o->calibration);
}

/* The shards in order of their number, each checked against shard 1. */
static struct shard_dir *load_shards(const struct merge_opts *o)
{
	struct shard_dir *given = calloc(o->nr, sizeof(*given)), *shard;
	unsigned int n;

	if (!given)
		die_oom("the shards");
	for (size_t k = 0; k < o->nr; k++) {
		load_shard(&given[k], o->words[k]);
		if (k)
			check_same(&given[0], &given[k]);
	}
	n = given[0].n;
	shard = calloc(n, sizeof(*shard));
	if (!shard)
		die_oom("the shards");
	for (size_t k = 0; k < o->nr; k++)
		shard[given[k].i - 1] = given[k];
	for (unsigned int k = 0; k < n; k++)
		if (!shard[k].dir)
			die(EXIT_USAGE,
			    "merge: shard %u/%u is missing: give the folder of every shard (%zu of %u given)",
			    k + 1, n, o->nr, n);
	free(given);
	return shard;
}

int cmd_merge(int argc, char **argv)
{
	struct merge_opts o = { .words = calloc(argc, sizeof(char *)) };
	char path[NR_SUITE_FILES][4096], *header;
	struct shard_dir *shard;
	int ret;

	if (!o.words)
		die_oom("the arguments");
	stop_catch(); /* before any file is opened */
	merge_args(argc, argv, &o);
	shard = load_shards(&o);
	header = strndup(shard[0].text[SUITE_HIST],
			 strcspn(shard[0].text[SUITE_HIST], "\n"));
	if (!header)
		die_oom("the histogram header");
	for (unsigned int k = 0; k < shard[0].n; k++) {
		check_rows(&shard[k]);
		check_hist(&shard[k], header);
	}
	outfile_reset();
	outfile_input(o.calibration);
	for (unsigned int k = 0; k < shard[0].n; k++)
		for (int f = 0; f < NR_SUITE_FILES; f++)
			outfile_input(shard[k].path[f]);
	suite_claim(o.dir, o.force, path);
	suite_write_text(path[SUITE_QUESTION], shard[0].text[SUITE_QUESTION]);
	suite_write_text(path[SUITE_GRAPHS], shard[0].text[SUITE_GRAPHS]);
	suite_write_text(path[SUITE_REPORT], shard[0].text[SUITE_REPORT]);
	write_raw(shard, path[SUITE_RAW], o.force);
	write_hist(shard, header, path[SUITE_HIST], o.force);
	ret = suite_finish(path, o.calibration, o.force,
			   worst_host(shard, shard[0].n));
	free(header);
	return ret;
}
