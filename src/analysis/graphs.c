// SPDX-License-Identifier: GPL-2.0
/*
 * The one list of graphs (graphs.h): each with its caption and the
 * function that writes its table, the graphs a suite wants, and a graph's
 * table for plotdata.h.
 */
#include <stdlib.h>
#include <string.h>
#include "graphs.h"
#include "lib/compiler.h"
#include "lib/util.h"
#include "modern.h"
#include "plotdata.h"
#include "plotdata_impl.h"
#include "results.h"

/* modern: its table is modern.c's, from the summary as it is. */
static int g_modern(struct plotdata *pd, size_t *idx, char *why, size_t len)
{
	(void)idx;
	return modern_plotdata(pd->c, pd->suite, pd->out, why, len);
}

/* The graphs plot/plot.sh draws, in the order report shows them. */
const struct graph_info graphs[] = {
	{ "overhead",
	  "rmap overhead over none, in % of ns per pte; error bars: the 95% CI of the strategy's median against none's median.",
	  plotdata_overhead },
	{ "throughput",
	  "Forks per second (wall clock) against driver threads; thin dotted: linear scaling from each strategy's fewest-threads figure; dashed lines and open points are modelled.",
	  plotdata_throughput },
	{ "phases",
	  "What one pte costs at fork (setup, solid) and at exit (teardown, lighter), stacked per strategy, with the CI of each median.",
	  plotdata_phases },
	{ "locktable",
	  "ns per pte against the number of rmap locks: hashed (packed) and padded at each lock stride.",
	  plotdata_locktable },
	{ "batch",
	  "batched: ns per pte against the chain nodes taken at once, a line per lock shift.",
	  plotdata_batch },
	{ "chainlength",
	  "Cost and pte-chain length against sharing: live children per fork and the file share of each process.",
	  plotdata_chainlength },
	{ "latency",
	  "Latency percentiles of one fork and one exit (ns, log scale).",
	  plotdata_latency },
	{ "reclaim",
	  "Each strategy's fork+exit cost per pte against the pages per second a scanner thread running beside it got through (none has no reverse map: its scanner only clears a flag).",
	  plotdata_reclaim },
	{ "modern",
	  "Today's fork path.  Left: forks per second against driver threads.  Right: folio-batched's gain over folio in forks per second against the vmas mapping each file, a line per thread count; shaded, the 2026 RFC's 2-7% (512 threads, doexec).",
	  g_modern },
};
const size_t nr_graphs = ARRAY_SIZE(graphs);

int graph_find(const char *name)
{
	for (size_t i = 0; i < nr_graphs; i++)
		if (!strcmp(graphs[i].name, name))
			return (int)i;
	return -1;
}

const char *graph_names(void)
{
	static char names[256];

	if (names[0])
		return names;
	for (size_t i = 0; i < nr_graphs; i++) {
		if (i)
			strcat(names, " ");
		strcat(names, graphs[i].name);
	}
	return names;
}

static int want_names(char *list, const char *suite, int *want, size_t *nr,
		      char *msg, size_t len)
{
	char *save = NULL;
	int ret = 0;

	for (char *line = results_name(list, &save); line;
	     line = results_name(NULL, &save)) {
		int g = graph_find(line);


		if (g >= 0 && *nr < nr_graphs) {
			want[(*nr)++] = g;
			continue;
		}
		if (g < 0 && !ret)
			snprintf(
				msg, len,
				"%s/graphs: unknown graph '%.60s'; graphs are: %s",
				suite, line, graph_names());
		ret = g < 0 ? 1 : ret;
	}
	return ret;
}

int graphs_wanted(const char *suite_dir, const char *suite, int *want,
		   size_t *nr, char *msg, size_t len)
{
	char *list = results_read(suite_dir, "graphs", RESULTS_TEXT_MAX, NULL,
				  msg, len);
	int ret;

	*nr = 0;
	if (!list && msg[0])
		return EXIT_USAGE;
	if (!list) {
		for (size_t i = 0; i < nr_graphs; i++)
			want[(*nr)++] = (int)i;
		return 0;
	}
	ret = want_names(list, suite, want, nr, msg, len);
	free(list);
	return ret;
}

/* ---- a graph's table --------------------------------------------------- */

static int draw(struct plotdata *pd, const char *graph, char *why, size_t len)
{
	int g = graph_find(graph), ret;
	size_t *idx;

	if (g < 0)
		return usage_fail(why, len,
				  "unknown graph '%s'; graphs are: %s", graph,
				  graph_names());
	if (!pd->nr)
		return snprintf(why, len, "no measured points in summary.csv"),
		       PLOTDATA_SKIP;
	idx = calloc(pd->nr + 1, sizeof(*idx));
	if (!idx)
		die_oom("the plot data");
	ret = graphs[g].table(pd, idx, why, len);
	free(idx);
	return ret;
}

int plotdata_write(const struct csv *sum, const char *suite, const char *graph,
		   FILE *out, char *why, size_t len)
{
	struct plotdata pd;
	char *buf = NULL;
	size_t size = 0;
	int ret;

	ret = pd_init(&pd, sum, why, len);
	if (ret)
		return ret;
	/* The table is built aside: a skipped graph writes nothing. */
	pd.suite = suite;
	pd.out = open_memstream(&buf, &size);
	if (!pd.out)
		die_oom("the plot data");
	ret = draw(&pd, graph, why, len);
	fclose(pd.out);
	if (ret == PLOTDATA_DRAWN)
		fwrite(buf, 1, size, out);
	free(buf);
	pd_free(&pd);
	return ret;
}
