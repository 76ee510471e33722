// SPDX-License-Identifier: GPL-2.0
/*
 * rmapbench report DIR: one HTML page for a results folder, readable
 * offline and on its own: inline CSS, every graph's SVG inline (a PNG
 * as a data: URI when there is no SVG), no script, no network.
 *
 * The page: the run's metadata (from the first suite's raw.csv), a list
 * of the suites, then per suite its question, the values every point
 * shared, a table of its summary (strategy, the parameters that vary, n,
 * the medians with the CI of ns per pte, forks/s and the overhead against
 * none), for `seed` the elapsed-time table, and its graphs.  Everything
 * taken from a file is HTML-escaped.  The page is written to a temporary
 * file in DIR and renamed into place.
 */
#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "lib/compiler.h"
#include "lib/csv.h"
#include "report.h"
#include "results.h"
#include "lib/sysinfo.h"
#include "truth.h"
#include "lib/util.h"

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
	"main{max-width:64rem;margin:0 auto;padding:1rem 1.25rem 3rem}\n"
	"h1{font-size:1.8rem;margin:.5rem 0}\n"
	"h2{font-size:1.4rem;margin:2.5rem 0 .5rem;padding-top:.5rem;border-top:2px solid #ddd}\n"
	"h3{font-size:1.1rem;margin:1.5rem 0 .5rem}\n"
	".question{font-size:1.05rem;border-left:4px solid #0072b2;padding:.2rem .8rem;background:#f4f8fb}\n"
	".note,figcaption,footer{color:#555;font-size:.9rem}\n"
	".scroll{overflow-x:auto;margin:.5rem 0}\n"
	"table{border-collapse:collapse;font-size:.9rem;white-space:nowrap}\n"
	"th,td{padding:.25rem .6rem;border-bottom:1px solid #e2e2e2;text-align:left;vertical-align:top}\n"
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

struct suite {
	char *name;
	char *dir; /* DIR/name */
	struct csv sum;
	bool ok;       /* sum was read */
	char err[512]; /* why not */
};

struct report {
	const char *dir;
	struct suite *suite;
	size_t nr_suites;
	FILE *f;
	unsigned int nr_figures; /* makes each SVG's ids unique */
};

/* The whole of dir/name, NUL-terminated; NULL when it cannot be read. */
static char *read_file(const char *dir, const char *name, size_t *len)
{
	char *path = path_join(dir, name), *buf = NULL;
	size_t n = 0, cap = 0, got;
	FILE *f = fopen(path, "rb");

	free(path);
	if (!f)
		return NULL;
	do {
		if (cap - n < 4096) {
			char *b = realloc(buf, cap = cap ? 2 * cap : 65536);

			if (!b)
				die_oom("a file");
			buf = b;
		}
		got = fread(buf + n, 1, cap - n - 1, f);
		n += got;
	} while (got);
	if (ferror(f)) {
		free(buf);
		buf = NULL;
	} else {
		buf[n] = '\0';
	}
	fclose(f);
	if (len)
		*len = n;
	return buf;
}

static bool is_file(const char *dir, const char *name)
{
	char *path = path_join(dir, name);
	struct stat st;
	bool ret = !stat(path, &st) && S_ISREG(st.st_mode);

	free(path);
	return ret;
}

/* HTML escaping of everything that comes from a file. */
static void put_esc_n(FILE *f, const char *s, size_t n)
{
	for (size_t i = 0; i < n && s[i]; i++) {
		switch (s[i]) {
		case '&':
			fputs("&amp;", f);
			break;
		case '<':
			fputs("&lt;", f);
			break;
		case '>':
			fputs("&gt;", f);
			break;
		case '"':
			fputs("&quot;", f);
			break;
		case '\'':
			fputs("&#39;", f);
			break;
		default:
			fputc(s[i], f);
		}
	}
}

static void put_esc(FILE *f, const char *s)
{
	put_esc_n(f, s, strlen(s));
}

/* "file_frac" is shown as "file frac". */
static void put_name(FILE *f, const char *s)
{
	for (; *s; s++)
		if (*s == '_')
			fputc(' ', f);
		else
			put_esc_n(f, s, 1);
}

static int suite_cmp(const void *a, const void *b)
{
	const struct suite *x = a, *y = b;
	unsigned int rx = suite_rank(x->name), ry = suite_rank(y->name);

	return rx != ry ? (rx > ry) - (rx < ry) : strcmp(x->name, y->name);
}

static void add_suite(struct report *r, const char *name)
{
	struct suite *s = realloc(r->suite, (r->nr_suites + 1) * sizeof(*s));

	if (!s)
		die_oom("the suite list");
	r->suite = s;
	s = &r->suite[r->nr_suites++];
	memset(s, 0, sizeof(*s));
	s->name = strdup(name);
	s->dir = path_join(r->dir, name);
	if (!s->name)
		die_oom("a suite name");
}

/* A suite is a folder of DIR with a summary.csv in it. */
static int find_suites(struct report *r, char *msg, size_t len)
{
	DIR *d = opendir(r->dir);
	struct dirent *e;

	if (!d) {
		snprintf(msg, len, "%s: %s", r->dir,
			 errno == ENOENT ? "no such results folder" :
					   strerror(errno));
		return EXIT_USAGE;
	}
	while ((e = readdir(d))) {
		char *sdir;

		if (e->d_name[0] == '.')
			continue;
		sdir = path_join(r->dir, e->d_name);
		if (is_file(sdir, "summary.csv"))
			add_suite(r, e->d_name);
		free(sdir);
	}
	closedir(d);
	if (!r->nr_suites) {
		snprintf(
			msg, len,
			"%s: no <suite>/summary.csv in it; run ./run.sh or 'rmapbench summarize' first",
			r->dir);
		return EXIT_USAGE;
	}
	qsort(r->suite, r->nr_suites, sizeof(*r->suite), suite_cmp);
	return 0;
}

static void load_summaries(struct report *r)
{
	for (size_t i = 0; i < r->nr_suites; i++) {
		struct suite *s = &r->suite[i];
		char *path = path_join(s->dir, "summary.csv");

		s->ok = !csv_read(path, &s->sum, s->err, sizeof(s->err));
		if (!s->ok)
			fprintf(stderr,
				"rmapbench: note: %s; its suite is shown without a table\n",
				s->err);
		free(path);
	}
}

static void free_report(struct report *r)
{
	for (size_t i = 0; i < r->nr_suites; i++) {
		struct suite *s = &r->suite[i];

		if (s->ok)
			csv_free(&s->sum);
		free(s->name);
		free(s->dir);
	}
	free(r->suite);
}

/* A table cell: the field as a number in fmt, or a dash. */
static void put_num(FILE *f, const struct csv *c, size_t row, const char *col,
		    const char *fmt)
{
	int i = csv_column(c, col);
	double v;

	fputs("<td class=\"num\">", f);
	if (i >= 0 && !csv_parse_number(c->row[row].field[i], &v))
		fprintf(f, fmt, v);
	else
		fputs("&ndash;", f);
	fputs("</td>", f);
}

static void put_ci(FILE *f, const struct csv *c, size_t row, const char *m)
{
	char lo[64], hi[64];
	int l, h;
	double a, b;

	snprintf(lo, sizeof(lo), "%s_ci_lo", m);
	snprintf(hi, sizeof(hi), "%s_ci_hi", m);
	l = csv_column(c, lo);
	h = csv_column(c, hi);
	fputs("<td class=\"num\">", f);
	if (l >= 0 && h >= 0 && !csv_parse_number(c->row[row].field[l], &a) &&
	    !csv_parse_number(c->row[row].field[h], &b))
		fprintf(f, "%.2f&ndash;%.2f", a, b);
	else
		fputs("&ndash;", f);
	fputs("</td>", f);
}

/* The rows of a summary in strategy order, then by each parameter. */
struct rows {
	const struct csv *csv;
	int strategy;	  /* column */
	size_t nr_params; /* the columns before n */
	bool *varies;	  /* per parameter column */
	size_t *row;
};

static int field_cmp(const char *a, const char *b)
{
	double x, y;

	if (!csv_parse_number(a, &x) && !csv_parse_number(b, &y))
		return x < y ? -1 : x > y;
	return strcmp(a, b);
}

static int row_cmp(const void *a, const void *b, void *arg)
{
	const struct rows *t = arg;
	char **x = t->csv->row[*(const size_t *)a].field;
	char **y = t->csv->row[*(const size_t *)b].field;
	unsigned int rx = strategy_rank(x[t->strategy]);
	unsigned int ry = strategy_rank(y[t->strategy]);
	int d = (rx > ry) - (rx < ry);

	for (size_t c = 0; !d && c < t->nr_params; c++)
		d = field_cmp(x[c], y[c]);
	return d;
}

static bool column_varies(const struct csv *c, size_t col)
{
	for (size_t r = 1; r < c->nr_rows; r++)
		if (strcmp(c->row[r].field[col], c->row[0].field[col]))
			return true;
	return false;
}

static int rows_init(struct rows *t, const struct csv *c)
{
	int n = csv_column(c, "n");

	memset(t, 0, sizeof(*t));
	t->csv = c;
	t->strategy = csv_column(c, "strategy");
	if (n < 1 || t->strategy < 0 || t->strategy >= n)
		return -1;
	t->nr_params = n;
	t->varies = calloc(n, sizeof(*t->varies));
	t->row = malloc((c->nr_rows + 1) * sizeof(*t->row));
	if (!t->varies || !t->row)
		die_oom("a table");
	for (size_t i = 0; i < t->nr_params; i++)
		t->varies[i] = (int)i != t->strategy && column_varies(c, i);
	for (size_t r = 0; r < c->nr_rows; r++)
		t->row[r] = r;
	qsort_r(t->row, c->nr_rows, sizeof(*t->row), row_cmp, t);
	return 0;
}

static void rows_free(struct rows *t)
{
	free(t->varies);
	free(t->row);
}

/* The parameters every point of the suite shared. */
static void put_fixed(FILE *f, const struct rows *t)
{
	const struct csv *c = t->csv;
	bool first = true;

	if (!c->nr_rows)
		return;
	fputs("<p class=\"note\">Every point: ", f);
	for (size_t i = 0; i < t->nr_params; i++) {
		if (t->varies[i] || (int)i == t->strategy)
			continue;
		fputs(first ? "" : ", ", f);
		put_name(f, c->col[i]);
		fputs(" ", f);
		put_esc(f, c->row[0].field[i]);
		first = false;
	}
	fputs(".</p>\n", f);
}

static void put_summary_head(FILE *f, const struct rows *t)
{
	const struct csv *c = t->csv;

	fputs("<div class=\"scroll\"><table>\n<thead><tr><th>strategy</th>", f);
	for (size_t i = 0; i < t->nr_params; i++) {
		if (!t->varies[i])
			continue;
		fputs("<th>", f);
		put_name(f, c->col[i]);
		fputs("</th>", f);
	}
	fputs("<th>n</th><th>ns per pte</th><th>95% CI</th>"
	      "<th>fork ns/pte</th><th>exit ns/pte</th><th>forks/s</th>"
	      "<th>overhead vs none</th><th>rmap % of real</th></tr></thead>\n<tbody>\n",
	      f);
}

static void put_summary_row(FILE *f, const struct rows *t, size_t r)
{
	const struct csv *c = t->csv;

	fputs("<tr><td>", f);
	put_esc(f, c->row[r].field[t->strategy]);
	fputs("</td>", f);
	for (size_t i = 0; i < t->nr_params; i++) {
		if (!t->varies[i])
			continue;
		fputs("<td class=\"num\">", f);
		put_esc(f, c->row[r].field[i]);
		fputs("</td>", f);
	}
	put_num(f, c, r, "n", "%.0f");
	put_num(f, c, r, "ns_per_pte_median", "%.2f");
	put_ci(f, c, r, "ns_per_pte");
	put_num(f, c, r, "fork_ns_per_pte_median", "%.2f");
	put_num(f, c, r, "exit_ns_per_pte_median", "%.2f");
	put_num(f, c, r, "forks_per_s_median", "%.0f");
	put_num(f, c, r, "overhead_pct", "%+.1f%%");
	put_num(f, c, r, "rmap_pct_of_real", "%.1f%%");
	fputs("</tr>\n", f);
}

static void put_summary(FILE *f, const struct rows *t)
{
	fputs("<h3>Summary</h3>\n<p class=\"note\">Medians over the repetitions; "
	      "the CI is a 95% confidence interval for the median (min&ndash;max below 6 repetitions); "
	      "ns per pte is fork plus exit time summed over the driver threads.</p>\n",
	      f);
	put_summary_head(f, t);
	for (size_t i = 0; i < t->csv->nr_rows; i++)
		put_summary_row(f, t, t->row[i]);
	fputs("</tbody></table></div>\n", f);
}

/* seed: the fixed work of the seed's test, so wall_s is elapsed time. */
static void put_seed(FILE *f, const struct rows *t)
{
	const struct csv *c = t->csv;

	fputs("<h3>Elapsed time</h3>\n<div class=\"scroll\"><table>\n"
	      "<thead><tr><th>strategy</th><th>elapsed (s)</th>"
	      "<th>ns per pte</th><th>overhead vs none</th></tr></thead>\n<tbody>\n",
	      f);
	for (size_t i = 0; i < c->nr_rows; i++) {
		size_t r = t->row[i];

		fputs("<tr><td>", f);
		put_esc(f, c->row[r].field[t->strategy]);
		fputs("</td>", f);
		put_num(f, c, r, "wall_s_median", "%.4g");
		put_num(f, c, r, "ns_per_pte_median", "%.2f");
		put_num(f, c, r, "overhead_pct", "%+.1f%%");
		fputs("</tr>\n", f);
	}
	fputs("</tbody></table></div>\n", f);
}

/*
 * gnuplot names the symbols of every SVG alike (gpPt0, ...): each inline
 * SVG gets its own prefix on its ids and the references to them.  The
 * XML prolog before <svg and gnuplot's <title> tooltip are dropped.
 */
static void put_svg(FILE *f, const char *svg, const char *prefix)
{
	static const char *const ref[] = {
		"id='", "id=\"", "href='#", "href=\"#", "url(#",
	};
	static const char title[] = "<title>Gnuplot</title>";
	const char *p = strstr(svg, "<svg");

	while (p && *p) {
		size_t i, n = 0;

		for (i = 0; i < ARRAY_SIZE(ref); i++) {
			n = strlen(ref[i]);
			if (!strncmp(p, ref[i], n) &&
			    (i > 1 || p[-1] == ' ' || p[-1] == '\t' ||
			     p[-1] == '\n'))
				break;
		}
		if (i < ARRAY_SIZE(ref)) {
			fprintf(f, "%s%s", ref[i], prefix);
			p += n;
		} else if (!strncmp(p, title, sizeof(title) - 1)) {
			p += sizeof(title) - 1;
		} else {
			fputc(*p++, f);
		}
	}
}

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

static const char *graph_caption(const char *name)
{
	int g = graph_find(name);

	return g < 0 ? NULL : graphs[g].caption;
}

/* One graph, when plot.sh drew it: the SVG inline, else the PNG. */
static void put_graph(struct report *r, const struct suite *s, const char *name)
{
	char file[256], prefix[32];
	const char *caption = graph_caption(name);
	char *svg, *png = NULL;
	size_t len = 0;

	snprintf(file, sizeof(file), "%s.svg", name);
	svg = read_file(s->dir, file, NULL);
	if (!svg || !strstr(svg, "<svg")) {
		snprintf(file, sizeof(file), "%s.png", name);
		png = read_file(s->dir, file, &len);
		if (!png) {
			free(svg);
			return;
		}
	}
	fputs("<figure>\n", r->f);
	if (png) {
		fputs("<img alt=\"", r->f);
		put_esc(r->f, name);
		fputs(" graph\" src=\"data:image/png;base64,", r->f);
		put_base64(r->f, (const unsigned char *)png, len);
		fputs("\">\n", r->f);
	} else {
		snprintf(prefix, sizeof(prefix), "g%u-", ++r->nr_figures);
		put_svg(r->f, svg, prefix);
	}
	fputs("<figcaption><b>", r->f);
	put_esc(r->f, name);
	fputs("</b>", r->f);
	if (caption)
		fprintf(r->f, ": %s", caption);
	fputs("</figcaption>\n</figure>\n", r->f);
	free(svg);
	free(png);
}

/* A graph name from a graphs file, used in a file name: no paths. */
static bool graph_name_ok(const char *s)
{
	return *s && *s != '.' && strlen(s) < 200 && !strchr(s, '/');
}

/* The graphs the suite wants (its graphs file, one a line), else all. */
static void put_graphs(struct report *r, const struct suite *s)
{
	char *list = read_file(s->dir, "graphs", NULL), *save = NULL, *line;

	fputs("<h3>Graphs</h3>\n", r->f);
	if (!list) {
		for (size_t i = 0; i < nr_graphs; i++)
			put_graph(r, s, graphs[i].name);
		return;
	}
	for (line = strtok_r(list, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		char name[256];

		if (sscanf(line, " %255[^# \t\r]", name) == 1 &&
		    graph_name_ok(name))
			put_graph(r, s, name);
	}
	free(list);
}

/* A text file of the suite as a paragraph, escaped; nothing if absent. */
static void put_text_file(FILE *f, const struct suite *s, const char *name,
			  const char *cls)
{
	char *text = read_file(s->dir, name, NULL);
	size_t n;

	if (!text)
		return;
	n = strlen(text);
	while (n && (text[n - 1] == '\n' || text[n - 1] == ' ' ||
		     text[n - 1] == '\r' || text[n - 1] == '\t'))
		n--;
	if (n) {
		fprintf(f, "<p class=\"%s\">", cls);
		put_esc_n(f, text, n);
		fputs("</p>\n", f);
	}
	free(text);
}

/* How the suite was run, from its summary's metadata. */
static void put_command(FILE *f, const struct suite *s)
{
	const char *cmd = csv_meta_get(&s->sum, "command");
	const char *sweep = csv_meta_get(&s->sum, "sweep");

	if (!cmd && !sweep)
		return;
	fputs("<details><summary>How this suite was run</summary>\n<pre>", f);
	if (cmd)
		put_esc(f, cmd);
	if (cmd && sweep)
		fputs("\n\n", f);
	if (sweep) {
		fputs("sweep: ", f);
		put_esc(f, sweep);
	}
	fputs("</pre></details>\n", f);
}

static void put_files(FILE *f, const struct suite *s)
{
	static const char *const files[] = { "raw.csv", "summary.csv",
					     "histogram.csv" };
	bool first = true;

	fputs("<p class=\"note\">Data: ", f);
	for (size_t i = 0; i < ARRAY_SIZE(files); i++) {
		if (!is_file(s->dir, files[i]))
			continue;
		fputs(first ? "<a href=\"" : ", <a href=\"", f);
		put_esc(f, s->name);
		fprintf(f, "/%s\">", files[i]);
		put_esc(f, s->name);
		fprintf(f, "/%s</a>", files[i]);
		first = false;
	}
	fputs(".</p>\n", f);
}

static void put_suite(struct report *r, const struct suite *s)
{
	struct rows t;

	fputs("<section id=\"suite-", r->f);
	put_esc(r->f, s->name);
	fputs("\">\n<h2>", r->f);
	put_esc(r->f, s->name);
	fputs("</h2>\n", r->f);
	put_text_file(r->f, s, "question", "question");
	if (!s->ok) {
		fputs("<p class=\"note\">No table: ", r->f);
		put_esc(r->f, s->err);
		fputs("</p>\n", r->f);
	} else if (rows_init(&t, &s->sum)) {
		fputs("<p class=\"note\">No table: summary.csv has no strategy and n columns.</p>\n",
		      r->f);
	} else {
		put_fixed(r->f, &t);
		if (!strcmp(s->name, "seed")) {
			put_seed(r->f, &t);
			put_2002(r->f, s->dir);
		}
		put_summary(r->f, &t);
		rows_free(&t);
	}
	put_graphs(r, s);
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
		put_esc(f, v);
		fputs("</td></tr>\n", f);
	}
	fputs("</tbody></table></div>\n</section>\n", f);
}

/* The metadata: the first suite's raw.csv, else its summary. */
static void put_run(struct report *r)
{
	const struct suite *s = &r->suite[0];
	char *path = path_join(s->dir, "raw.csv"), msg[512];
	struct csv raw;

	if (!csv_read(path, &raw, msg, sizeof(msg))) {
		put_meta(r->f, &raw);
		csv_free(&raw);
	} else if (s->ok) {
		put_meta(r->f, &s->sum);
	}
	free(path);
}

static void put_nav(struct report *r)
{
	fputs("<nav>\n<h2>Suites</h2>\n<ul>\n", r->f);
	for (size_t i = 0; i < r->nr_suites; i++) {
		fputs("<li><a href=\"#suite-", r->f);
		put_esc(r->f, r->suite[i].name);
		fputs("\">", r->f);
		put_esc(r->f, r->suite[i].name);
		fputs("</a></li>\n", r->f);
	}
	fputs("</ul>\n</nav>\n", r->f);
}

static void put_page(struct report *r)
{
	const char *host =
		r->suite[0].ok ? csv_meta_get(&r->suite[0].sum, "host") : NULL;

	fputs("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
	      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>rmapbench report",
	      r->f);
	if (host) {
		fputs(": ", r->f);
		put_esc(r->f, host);
	}
	fprintf(r->f,
		"</title>\n<style>\n%s</style>\n</head>\n<body>\n<main>\n",
		style);
	fputs("<h1>rmapbench report</h1>\n<p>What does reverse-mapping (rmap) bookkeeping cost at fork and exit, "
	      "and which locking scheme makes it cheapest?  Every figure is from a user-space model of the "
	      "2.5-era Linux VM; <code>none</code> (no rmap) is the baseline of every overhead.</p>\n",
	      r->f);
	put_run(r);
	put_calibration(r->f, r->dir);
	put_nav(r);
	for (size_t i = 0; i < r->nr_suites; i++)
		put_suite(r, &r->suite[i]);
	fputs("<footer><p>Written by <code>rmapbench report</code> " RMAPBENCH_VERSION
	      "; graphs by <code>plot/plot.sh</code>.</p></footer>\n</main>\n</body>\n</html>\n",
	      r->f);
}

/* The page goes to a temporary file in DIR, then replaces report.html. */
static int write_atomic(struct report *r, char *msg, size_t len)
{
	char *out = path_join(r->dir, "report.html");
	char *tmp = path_join(r->dir, ".report.html.XXXXXX");
	int fd, err;

	fd = mkstemp_public(tmp);
	if (fd >= 0)
		r->f = fdopen(fd, "w");
	if (!r->f) {
		snprintf(msg, len, "cannot create a file in %s: %s", r->dir,
			 strerror(errno));
		if (fd >= 0) {
			close(fd);
			unlink(tmp);
		}
		err = 1;
		goto out;
	}
	put_page(r);
	err = fflush(r->f) || ferror(r->f) || fsync(fd);
	err |= fclose(r->f) != 0;
	if (err || rename(tmp, out)) {
		snprintf(msg, len, "cannot write %s: %s", out, strerror(errno));
		unlink(tmp);
		err = 1;
	}
out:
	free(out);
	free(tmp);
	return err;
}

int report_write(const char *dir, char *msg, size_t len)
{
	struct report r = { .dir = dir };
	int ret;

	ret = find_suites(&r, msg, len);
	if (!ret) {
		load_summaries(&r);
		ret = write_atomic(&r, msg, len);
	}
	free_report(&r);
	return ret;
}

static const char report_usage[] =
	"usage: rmapbench report DIR\n"
	"Writes DIR/report.html: one self-contained page with the run's\n"
	"metadata and, for each DIR/<suite>/summary.csv, the suite's question,\n"
	"a table of its summary and the graphs plot/plot.sh drew (inline SVG).\n";

int cmd_report(int argc, char **argv)
{
	const char *dir = NULL;
	char msg[1024];
	int ret;

	for (int i = 2; i < argc; i++) {
		const char *a = argv[i];

		if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
			fputs(report_usage, stdout);
			return 0;
		}
		if (a[0] == '-' && a[1])
			die(EXIT_USAGE,
			    "unknown option %s; see 'rmapbench report --help'",
			    a);
		if (dir)
			die(EXIT_USAGE,
			    "report takes one results folder, got '%s' and '%s'",
			    dir, a);
		dir = a;
	}
	if (!dir || !*dir)
		die(EXIT_USAGE,
		    "report needs a results folder; see 'rmapbench report --help'");
	ret = report_write(dir, msg, sizeof(msg));
	if (ret)
		die(ret, "%s", msg);
	return 0;
}
