// SPDX-License-Identifier: GPL-2.0
/*
 * rmapbench report, gathering: everything the page shows is read here,
 * before the page is begun.  Every file goes through results_open(): a
 * regular file under a size limit, or the report stops with one line (a
 * question linked to /dev/zero would grow without bound, a FIFO would
 * hang the report).  An SVG is inlined only if svg_check() passes it (a
 * <script> in a graph would run in the reader's browser); else its PNG
 * is shown, if it is a PNG.
 */
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include "lib/compiler.h"
#include "lib/util.h"
#include "graphs.h"
#include "report.h"
#include "report_impl.h"
#include "results.h"
#include "svg.h"

const char *const report_data_files[3] = { "raw.csv", "summary.csv",
					   "histogram.csv" };

static const char png_magic[] = "\x89PNG\r\n\x1a\n";

/*
 * A CSV of the folder: 1 when read, 0 when absent or malformed (why in
 * err), EXIT_USAGE when refused (why in msg).
 */
static int read_csv(const char *dir, const char *name, struct csv *c, char *err,
		    size_t elen, char *msg, size_t len)
{
	char *path = path_join(dir, name);
	FILE *f = results_open(path, RESULTS_CSV_MAX, msg, len);
	int ret = 0;

	if (f) {
		ret = !csv_parse(f, path, c, err, elen);
		fclose(f);
	} else if (msg[0]) {
		ret = EXIT_USAGE;
	} else {
		snprintf(err, elen, "%s: no such file", path);
	}
	free(path);
	return ret;
}

static bool is_file(const char *dir, const char *name)
{
	char *path = path_join(dir, name);
	struct stat st;
	bool ret = !stat(path, &st) && S_ISREG(st.st_mode);

	free(path);
	return ret;
}

/* The SVG of graph g if it is safe to inline, else its PNG, else none. */
static int read_graph(struct report_suite *s, struct report_graph *rg,
		      char *msg, size_t len)
{
	char file[64], why[256];

	snprintf(file, sizeof(file), "%s.svg", graphs[rg->id].name);
	rg->svg = results_read(s->dir, file, RESULTS_GRAPH_MAX, NULL, msg, len);
	if (!rg->svg && msg[0])
		return EXIT_USAGE;
	if (rg->svg && !svg_check(rg->svg, strlen(rg->svg), &rg->svg_start,
				  &rg->svg_end, why, sizeof(why)))
		return 0;
	if (rg->svg)
		fprintf(stderr, "rmapbench: note: %s/%s: not inlined: %s\n",
			s->dir, file, why);
	free(rg->svg);
	rg->svg = NULL;
	snprintf(file, sizeof(file), "%s.png", graphs[rg->id].name);
	rg->png = results_read(s->dir, file, RESULTS_GRAPH_MAX, &rg->png_len,
			       msg, len);
	if (!rg->png && msg[0])
		return EXIT_USAGE;
	if (rg->png && (rg->png_len < 8 || memcmp(rg->png, png_magic, 8))) {
		fprintf(stderr,
			"rmapbench: note: %s/%s: not a PNG, not shown\n",
			s->dir, file);
		free(rg->png);
		rg->png = NULL;
	}
	return 0;
}

/* The graphs the suite wants that plot.sh drew. */
static int read_graphs(struct report_suite *s, char *msg, size_t len)
{
	int want[64];
	size_t nr;
	int ret = graphs_wanted(s->dir, s->name, want, &nr, msg, len);

	/* Unknown names: plot.sh said so and drew nothing for them. */
	if (ret == EXIT_USAGE)
		return ret;
	msg[0] = '\0';
	s->graph = calloc(nr + 1, sizeof(*s->graph));
	if (!s->graph)
		die_oom("the graph list");
	for (size_t i = 0; i < nr; i++) {
		struct report_graph *rg = &s->graph[s->nr_graphs];

		rg->id = want[i];
		if (read_graph(s, rg, msg, len))
			return EXIT_USAGE;
		s->nr_graphs += rg->svg || rg->png;
	}
	return 0;
}

/*
 * The sections the suite's `report` file names; an unknown one is left
 * out with a note, as an unknown graph is.
 */
static int read_sections(struct report_suite *s, char *msg, size_t len)
{
	char *text = results_read(s->dir, "report", RESULTS_TEXT_MAX, NULL,
				  msg, len);
	char *save = NULL;

	if (!text)
		return msg[0] ? EXIT_USAGE : 0;
	for (char *name = results_name(text, &save); name;
	     name = results_name(NULL, &save)) {
		int i = report_section_find(name);

		if (i >= 0 && s->nr_sections < ARRAY_SIZE(s->section))
			s->section[s->nr_sections++] = i;
		else if (i < 0)
			fprintf(stderr,
				"rmapbench: note: %s/report: unknown section '%.60s' left out; sections are: %s\n",
				s->dir, name, report_section_names());
	}
	free(text);
	return 0;
}

/* A file only truth.c reads, later: it too must be one to read. */
static int check_file(const char *dir, const char *name, char *msg, size_t len)
{
	char *path = path_join(dir, name);
	FILE *f = results_open(path, RESULTS_CSV_MAX, msg, len);

	free(path);
	if (f)
		fclose(f);
	return msg[0] ? EXIT_USAGE : 0;
}

static int read_suite(struct report *r, struct report_suite *s, char *msg,
		      size_t len)
{
	int ret;

	s->dir = path_join(r->dir, s->name);
	ret = read_csv(s->dir, "summary.csv", &s->sum, s->err, sizeof(s->err),
		       msg, len);
	if (ret == EXIT_USAGE)
		return ret;
	s->ok = ret;
	if (!s->ok)
		fprintf(stderr,
			"rmapbench: note: %s; its suite is shown without a table\n",
			s->err);
	s->question = results_read(s->dir, "question", RESULTS_TEXT_MAX, NULL,
				   msg, len);
	if (!s->question && msg[0])
		return EXIT_USAGE;
	for (size_t i = 0; i < ARRAY_SIZE(report_data_files); i++)
		s->has_data[i] = is_file(s->dir, report_data_files[i]);
	if (check_file(s->dir, "raw.csv", msg, len) ||
	    read_sections(s, msg, len))
		return EXIT_USAGE;
	return read_graphs(s, msg, len);
}

/* The run's metadata: the first suite's raw.csv; the calibration. */
static int read_run(struct report *r, char *msg, size_t len)
{
	char err[512];
	int ret;

	ret = read_csv(r->suite[0].dir, "raw.csv", &r->meta, err, sizeof(err),
		       msg, len);
	if (ret == EXIT_USAGE)
		return ret;
	r->has_meta = ret;
	ret = read_csv(r->dir, "calibration.csv", &r->cal, err, sizeof(err),
		       msg, len);
	if (ret == EXIT_USAGE)
		return ret;
	r->has_cal = ret;
	return 0;
}

int report_gather(struct report *r, const char *dir, char *msg, size_t len)
{
	char **names;
	int ret;

	memset(r, 0, sizeof(*r));
	r->dir = dir;
	ret = results_suites(dir, &names, &r->nr_suites, msg, len);
	if (ret)
		return ret;
	r->suite = calloc(r->nr_suites, sizeof(*r->suite));
	if (!r->suite)
		die_oom("the suite list");
	for (size_t i = 0; i < r->nr_suites; i++)
		r->suite[i].name = names[i];
	free(names);
	for (size_t i = 0; i < r->nr_suites && !ret; i++)
		ret = read_suite(r, &r->suite[i], msg, len);
	return ret ? ret : read_run(r, msg, len);
}

void report_free(struct report *r)
{
	for (size_t i = 0; i < r->nr_suites; i++) {
		struct report_suite *s = &r->suite[i];

		for (size_t g = 0; g < s->nr_graphs; g++) {
			free(s->graph[g].svg);
			free(s->graph[g].png);
		}
		free(s->graph);
		if (s->ok)
			csv_free(&s->sum);
		free(s->question);
		free(s->name);
		free(s->dir);
	}
	if (r->has_meta)
		csv_free(&r->meta);
	if (r->has_cal)
		csv_free(&r->cal);
	free(r->suite);
	memset(r, 0, sizeof(*r));
}
