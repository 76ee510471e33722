// SPDX-License-Identifier: GPL-2.0
/*
 * rmapbench plotdata DIR --out FOLDER: the tables plot/plot.sh hands to
 * gnuplot, one FOLDER/<suite>.<graph>.dat per graph each suite of DIR
 * wants, and on stdout what to do with each, tab-separated:
 *
 *	draw	SUITE	GRAPH
 *	skip	SUITE	GRAPH	why there is no data for it
 *
 * so that plot.sh only chooses scripts and calls gnuplot.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include "analysis/plotdata.h"
#include "commands.h"
#include "analysis/graphs.h"
#include "analysis/results.h"
#include "lib/compiler.h"
#include "lib/opt.h"
#include "lib/outfile.h"
#include "lib/util.h"

static const char plotdata_usage[] =
	"usage: rmapbench plotdata DIR --out FOLDER [--force]\n"
	"For each DIR/<suite>/summary.csv and each graph the suite wants (the\n"
	"names in DIR/<suite>/graphs, one a line; every graph without it),\n"
	"writes the table plot/<graph>.gp draws to FOLDER/<suite>.<graph>.dat\n"
	"and prints 'draw SUITE GRAPH', or 'skip SUITE GRAPH WHY' when the\n"
	"summary has no data for the graph (tab-separated).  Exit status 1\n"
	"when a summary or a graphs file is bad (said on stderr; the other\n"
	"suites are still done), 2 for bad arguments or no suite at all.\n"
	"An existing table is replaced only with --force.\n";

struct plot_args {
	const char *dir, *out;
	bool force;
};

static void parse_args(int argc, char **argv, struct plot_args *a)
{
	const struct opt opts[] = { ARG_VALUE("--out", &a->out),
				    ARG_FLAG("--force", &a->force) };
	const struct opt_spec spec = {
		.cmd = "plotdata",
		.opts = opts,
		.nr_opts = ARRAY_SIZE(opts),
		.words = &a->dir,
		.max_words = 1,
		.too_many =
			"plotdata takes one results folder, got another: '%s'",
	};
	struct stat st;
	char msg[512];
	size_t nr;
	int ret = opt_parse(&spec, argc, argv, &nr, msg, sizeof(msg));

	if (ret == 1) {
		printf("%sGraphs: %s.\n", plotdata_usage, graph_names());
		exit(0);
	}
	if (ret)
		die(ret, "%s", msg);
	if (!a->dir || !a->out)
		die(EXIT_USAGE,
		    "plotdata needs a results folder and --out FOLDER; see 'rmapbench plotdata --help'");
	if (stat(a->out, &st) || !S_ISDIR(st.st_mode))
		die(EXIT_USAGE,
		    "plotdata: --out %s: not a folder; create it first",
		    a->out);
}

/* One graph of one suite: its .dat file and its line on stdout. */
static int one_graph(const struct plot_args *a, const struct csv *sum,
		     const char *suite, const char *graph)
{
	char why[512], msg[1024], *path;
	struct outfile o;
	int ret;

	if (asprintf(&path, "%s/%s.%s.dat", a->out, suite, graph) < 0)
		die_oom("a file name");
	/* Written whole; an existing table is replaced only with --force. */
	outfile_reset();
	ret = outfile_open(&o, path, OUT_WHOLE | (a->force ? OUT_FORCE : 0),
			   msg, sizeof(msg));
	if (ret)
		die(ret, "plotdata: %s", msg);
	ret = plotdata_write(sum, suite, graph, o.f, why, sizeof(why));
	if (ret)
		outfile_discard(&o);
	else if (outfile_close(&o, msg, sizeof(msg)))
		die(1, "plotdata: %s", msg);
	free(path);
	if (ret == PLOTDATA_SKIP)
		printf("skip\t%s\t%s\t%s\n", suite, graph, why);
	else if (!ret)
		printf("draw\t%s\t%s\n", suite, graph);
	else
		fprintf(stderr, "rmapbench: %s\n", why);
	return ret;
}

static struct csv *read_summary(const char *sdir, struct csv *sum)
{
	char *path = path_join(sdir, "summary.csv"), msg[1024];
	FILE *f = results_open(path, RESULTS_CSV_MAX, msg, sizeof(msg));
	int ret = -1;

	if (f) {
		ret = csv_parse(f, path, sum, msg, sizeof(msg));
		fclose(f);
	} else if (!msg[0]) {
		snprintf(msg, sizeof(msg), "%s: gone while it was read", path);
	}
	free(path);
	if (ret)
		fprintf(stderr, "rmapbench: %s\n", msg);
	return ret ? NULL : sum;
}

/*
 * Every graph the suite wants; returns 1 if something was wrong.  An
 * unknown graph name does not stop the others; a bad summary does.
 */
static int one_suite(const struct plot_args *a, const char *suite)
{
	char *sdir = path_join(a->dir, suite), msg[512];
	int want[64], bad = 0;
	size_t nr;
	struct csv sum;

	if (graphs_wanted(sdir, suite, want, &nr, msg, sizeof(msg))) {
		fprintf(stderr, "rmapbench: %s\n", msg);
		bad = 1;
	}
	if (!read_summary(sdir, &sum)) {
		free(sdir);
		return 1;
	}
	for (size_t i = 0; i < nr; i++) {
		if (one_graph(a, &sum, suite, graphs[want[i]].name) ==
		    EXIT_USAGE) {
			bad = 1;
			break; /* the file is bad for every graph: said once */
		}
	}
	csv_free(&sum);
	free(sdir);
	return bad;
}

/*
 * Without --force, a table that exists is refused before any is written,
 * so that a refusal leaves the folder as it was.
 */
static void check_existing(const struct plot_args *a, char **suite, size_t nr)
{
	struct stat st;

	for (size_t i = 0; !a->force && i < nr; i++) {
		char *sdir = path_join(a->dir, suite[i]), msg[512], *path;
		int want[64];
		size_t n = 0;

		graphs_wanted(sdir, suite[i], want, &n, msg, sizeof(msg));
		free(sdir);
		for (size_t g = 0; g < n; g++) {
			if (asprintf(&path, "%s/%s.%s.dat", a->out, suite[i],
				     graphs[want[g]].name) < 0)
				die_oom("a file name");
			if (!lstat(path, &st))
				die(EXIT_USAGE,
				    "plotdata: %s exists; name a new folder, or pass --force to replace it",
				    path);
			free(path);
		}
	}
}

int cmd_plotdata(int argc, char **argv)
{
	struct plot_args a = { 0 };
	char **suite, msg[1024];
	size_t nr;
	int ret, status = 0;

	parse_args(argc, argv, &a);
	ret = results_suites(a.dir, &suite, &nr, msg, sizeof(msg));
	if (ret)
		die(ret, "%s", msg);
	check_existing(&a, suite, nr);
	for (size_t i = 0; i < nr; i++)
		status |= one_suite(&a, suite[i]);
	results_free(suite, nr);
	if (fflush(stdout) || ferror(stdout))
		die(1, "plotdata: cannot write to stdout: %m");
	return status;
}
