// SPDX-License-Identifier: GPL-2.0
/*
 * rmapbench report, rendering: the page from what report_data.c gathered.
 * The page: the verdict, the run's metadata (from the first suite's
 * raw.csv), the calibration, a list of the suites, then per suite its
 * question, its tables (report_table.c, with the sections its `report`
 * file asks for) and its graphs.  Everything taken from a file is
 * HTML-escaped (report_cell.c); SVGs are inlined only as svg_check()
 * passed them.
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "lib/compiler.h"
#include "lib/csv.h"
#include "lib/sysinfo.h"
#include "lib/util.h"
#include "graphs.h"
#include "modern.h"
#include "report_impl.h"
#include "results.h"
#include "svg.h"
#include "truth.h"

/* The metadata shown, in this order, with their labels. */
static const struct meta_key {
	const char *key;
	const char *label;
} meta_keys[] = {
	{ "date", "date" },
	{ "host", "host" },
	{ "cpu", "CPU" },
	{ "kernel", "kernel" },
	{ "topology", "topology" },
	{ "smt", "SMT" },
	{ "numa_nodes", "NUMA nodes" },
	{ "numa_distances", "NUMA distances" },
	{ "placement", "thread placement" },
	{ "mem", "memory placement" },
	{ "cacheline", "cache line (bytes)" },
	{ "sizeof_page", "sizeof(struct page)" },
	{ "sizeof_pte_chain", "sizeof(struct pte_chain)" },
	{ "compiler", "compiler" },
	{ "cflags", "CFLAGS" },
	{ "perf", "perf counters" },
	{ "rmapbench", "rmapbench version" },
	{ "git", "git revision" },
};

static const char style[] =
	"body{margin:0;font:16px/1.5 system-ui,-apple-system,'Segoe UI',sans-serif;color:#222;background:#fff}\n"
	"main{max-width:100rem;margin:0 auto;padding:1rem 1.25rem 3rem}\n"
	"main>p,section>p,figure{max-width:64rem}\n"
	".banner{background:#fff4e5;border-left:4px solid #d55e00;padding:.4rem .8rem}\n"
	"table.verdict td{white-space:normal;min-width:8rem}\n"
	"table.verdict td.rank{min-width:28rem}\n"
	"table.verdict td.pairs{min-width:24rem}\n"
	".unsure{color:#888}\n.base{font-weight:600}\n"
	"h1{font-size:1.8rem;margin:.5rem 0}\n"
	"h2{font-size:1.4rem;margin:2.5rem 0 .5rem;padding-top:.5rem;border-top:2px solid #ddd}\n"
	"h3{font-size:1.1rem;margin:1.5rem 0 .5rem}\n"
	".question{font-size:1.05rem;border-left:4px solid #0072b2;padding:.2rem .8rem;background:#f4f8fb}\n"
	".note,figcaption,footer{color:#555;font-size:.9rem}\n"
	".scroll{overflow-x:auto;margin:.5rem 0}\n"
	"table{border-collapse:collapse;font-size:.85rem}\n"
	/* Figures stay whole; prose in a cell wraps, so no column is
	 * pushed off a 1280-pixel screen. */
	"td.num{white-space:nowrap}\nth{vertical-align:bottom}\n"
	"th,td{padding:.2rem .4rem;border-bottom:1px solid #e2e2e2;text-align:left;vertical-align:top}\n"
	"th{background:#f3f3f3}\n"
	"td.num{text-align:right;font-variant-numeric:tabular-nums}\n"
	"table.meta td{white-space:normal}\n"
	"tbody tr:hover{background:#fafafa}\n"
	"figure{margin:1.5rem 0}\n"
	"figure svg,figure img{display:block;width:100%;height:auto}\n"
	"code,pre{font-family:ui-monospace,'DejaVu Sans Mono',monospace;font-size:.85rem}\n"
	"pre{white-space:pre-wrap;word-break:break-all;background:#f6f6f6;padding:.5rem}\n"
	"nav ul{padding-left:1.2rem}\n"
	"a{color:#0062a0}\n";
static void put_base64(FILE *f, const unsigned char *b, size_t n)
{
	static const char abc[] =
		"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

	for (size_t i = 0; i < n; i += 3) {
		unsigned long v = (unsigned long)b[i] << 16;

		if (i + 1 < n)
			v |= b[i + 1] << 8;
		if (i + 2 < n)
			v |= b[i + 2];
		fputc(abc[v >> 18 & 63], f);
		fputc(abc[v >> 12 & 63], f);
		fputc(i + 1 < n ? abc[v >> 6 & 63] : '=', f);
		fputc(i + 2 < n ? abc[v & 63] : '=', f);
	}
}

/* One graph: the SVG inline, else the PNG. */
static void put_graph(struct report *r, const struct report_graph *g)
{
	const char *name = graphs[g->id].name;
	char prefix[32];

	fputs("<figure>\n", r->f);
	if (g->svg) {
		snprintf(prefix, sizeof(prefix), "g%u-", ++r->nr_figures);
		svg_put(r->f, g->svg + g->svg_start, g->svg_end - g->svg_start,
			prefix);
		fputc('\n', r->f);
	} else {
		fputs("<img alt=\"", r->f);
		report_esc(r->f, name);
		fputs(" graph\" src=\"data:image/png;base64,", r->f);
		put_base64(r->f, (const unsigned char *)g->png, g->png_len);
		fputs("\">\n", r->f);
	}
	fprintf(r->f, "<figcaption><b>%s</b>: %s</figcaption>\n</figure>\n",
		name, graphs[g->id].caption);
}

/* The graphs; the USL table follows the throughput graph it reads. */
static void put_graphs(struct report *r, const struct report_suite *s,
		       const struct report_rows *t)
{
	fputs("<h3>Graphs</h3>\n", r->f);
	for (size_t i = 0; i < s->nr_graphs; i++) {
		put_graph(r, &s->graph[i]);
		if (t && !strcmp(graphs[s->graph[i].id].name, "throughput"))
			report_put_usl(r->f, t);
	}
}

static bool has_graph(const struct report_suite *s, const char *name)
{
	for (size_t i = 0; i < s->nr_graphs; i++)
		if (!strcmp(graphs[s->graph[i].id].name, name))
			return true;
	return false;
}

/* The question as a paragraph, escaped; nothing if absent or blank. */
static void put_question(FILE *f, const struct report_suite *s)
{
	const char *text = s->question;
	size_t n = text ? strlen(text) : 0;

	while (n && (text[n - 1] == '\n' || text[n - 1] == ' ' ||
		     text[n - 1] == '\r' || text[n - 1] == '\t'))
		n--;
	if (!n)
		return;
	fputs("<p class=\"question\">", f);
	report_esc_n(f, text, n);
	fputs("</p>\n", f);
}

/* How the suite was run, from its summary's metadata. */
static void put_command(FILE *f, const struct report_suite *s)
{
	const char *cmd = csv_meta_get(&s->sum, "command");
	const char *sweep = csv_meta_get(&s->sum, "sweep");

	if (!cmd && !sweep)
		return;
	fputs("<details><summary>How this suite was run</summary>\n<pre>", f);
	if (cmd)
		report_esc(f, cmd);
	if (cmd && sweep)
		fputs("\n\n", f);
	if (sweep) {
		fputs("sweep: ", f);
		report_esc(f, sweep);
	}
	fputs("</pre></details>\n", f);
}

static void put_files(FILE *f, const struct report_suite *s)
{
	const char *const *files = report_data_files;
	bool first = true;

	fputs("<p class=\"note\">Data: ", f);
	for (size_t i = 0; i < ARRAY_SIZE(s->has_data); i++) {
		if (!s->has_data[i])
			continue;
		fputs(first ? "<a href=\"" : ", <a href=\"", f);
		report_esc(f, s->name);
		fprintf(f, "/%s\">", files[i]);
		report_esc(f, s->name);
		fprintf(f, "/%s</a>", files[i]);
		first = false;
	}
	fputs(".</p>\n", f);
}

static void put_suite(struct report *r, const struct report_suite *s)
{
	struct report_rows t;
	bool table = false;

	fputs("<section id=\"suite-", r->f);
	report_esc(r->f, s->name);
	fputs("\">\n<h2>", r->f);
	report_esc(r->f, s->name);
	fputs("</h2>\n", r->f);
	put_question(r->f, s);
	if (!s->ok) {
		fputs("<p class=\"note\">No table: ", r->f);
		report_esc(r->f, s->err);
		fputs("</p>\n", r->f);
	} else if (report_rows_init(&t, &s->sum)) {
		fputs("<p class=\"note\">No table: summary.csv has no strategy and n columns.</p>\n",
		      r->f);
	} else {
		report_put_fixed(r->f, &t);
		for (size_t i = 0; i < s->nr_sections; i++)
			report_put_section(r->f, s->section[i], s, &t);
		report_put_summary(r->f, &t);
		/* No scaling graph to stand beside: after the summary. */
		if (!has_graph(s, "throughput"))
			report_put_usl(r->f, &t);
		table = true;
	}
	put_graphs(r, s, table ? &t : NULL);
	if (table)
		report_rows_free(&t);
	if (s->ok)
		put_command(r->f, s);
	put_files(r->f, s);
	fputs("</section>\n", r->f);
}

static void put_meta(FILE *f, const struct csv *c)
{
	fputs("<section id=\"run\">\n<h2>The run</h2>\n<div class=\"scroll\"><table class=\"meta\"><tbody>\n",
	      f);
	for (size_t i = 0; i < ARRAY_SIZE(meta_keys); i++) {
		const char *v = csv_meta_get(c, meta_keys[i].key);

		if (!v)
			continue;
		fprintf(f, "<tr><th>%s</th><td>", meta_keys[i].label);
		report_esc(f, v);
		fputs("</td></tr>\n", f);
	}
	fputs("</tbody></table></div>\n</section>\n", f);
}

/* The metadata: the first suite's raw.csv, else its summary. */
static void put_run(struct report *r)
{
	const struct report_suite *s = &r->suite[0];

	if (r->has_meta)
		put_meta(r->f, &r->meta);
	else if (s->ok)
		put_meta(r->f, &s->sum);
}

static void put_nav(struct report *r)
{
	fputs("<nav>\n<h2>Suites</h2>\n<ul>\n", r->f);
	for (size_t i = 0; i < r->nr_suites; i++) {
		fputs("<li><a href=\"#suite-", r->f);
		report_esc(r->f, r->suite[i].name);
		fputs("\">", r->f);
		report_esc(r->f, r->suite[i].name);
		fputs("</a></li>\n", r->f);
	}
	fputs("</ul>\n</nav>\n", r->f);
}

void report_put_page(struct report *r)
{
	const char *host =
		r->suite[0].ok ? csv_meta_get(&r->suite[0].sum, "host") : NULL;

	fputs("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
	      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>rmapbench report",
	      r->f);
	if (host) {
		fputs(": ", r->f);
		report_esc(r->f, host);
	}
	fprintf(r->f,
		"</title>\n<style>\n%s</style>\n</head>\n<body>\n<main>\n",
		style);
	fputs("<h1>rmapbench report</h1>\n<p>What does reverse-mapping (rmap) bookkeeping cost at fork and exit, "
	      "and which locking scheme makes it cheapest?  Every figure is from a user-space model of the "
	      "2.5-era Linux VM, measured on this host or modelled on a named machine; <code>none</code> (no rmap), or the era's "
	      "kernel without rmap, is the baseline of every overhead.</p>\n",
	      r->f);
	report_put_verdict(r);
	put_run(r);
	if (r->has_cal)
		put_calibration(r->f, &r->cal);
	put_truth(r->f, r->dir);
	put_nav(r);
	for (size_t i = 0; i < r->nr_suites; i++)
		put_suite(r, &r->suite[i]);
	fputs("<footer><p>Written by <code>rmapbench report</code> " RMAPBENCH_VERSION
	      "; graphs by <code>plot/plot.sh</code>.</p></footer>\n</main>\n</body>\n</html>\n",
	      r->f);
}
