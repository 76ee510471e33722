// SPDX-License-Identifier: GPL-2.0
/*
 * rmapbench report, rendering: the page from what report_data.c gathered.
 * The page: the run's metadata (from the first suite's raw.csv), a list
 * of the suites, then per suite its question, the values every point
 * shared, a table of its summary (strategy, the parameters that vary, n,
 * the medians with the CI of ns per pte, forks/s and the overhead against
 * none), for `seed` the elapsed-time table, and its graphs.  Everything
 * taken from a file is HTML-escaped; SVGs are inlined only as svg_check()
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
#include "modern.h"
#include "graphs.h"
#include "report_impl.h"
#include "results.h"
#include "summarize.h"
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

void report_esc(FILE *f, const char *s)
{
	put_esc(f, s);
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
	int strategy;	    /* column */
	int mode, machine;  /* columns, -1 in files from before --mode model */
	int threads, loops; /* columns, -1 when absent */
	size_t nr_params;   /* the columns before n */
	bool *varies;	    /* per parameter column */
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

/*
 * A knob a named kernel of some row sets (summary_kernel_knob()): it
 * comes with the kernel column, which tells the rows apart.
 */
static bool kernel_knob(const struct csv *c, size_t col)
{
	int k = csv_column(c, "kernel");

	for (size_t r = 0; k >= 0 && r < c->nr_rows; r++)
		if (summary_kernel_knob(c->row[r].field[k], c->col[col]))
			return true;
	return false;
}

/* The strategy, mode and machine: every table has them as its own cells. */
static bool is_run_column(const struct rows *t, size_t col)
{
	return (int)col == t->strategy || (int)col == t->mode ||
	       (int)col == t->machine;
}

static int rows_init(struct rows *t, const struct csv *c)
{
	int n = csv_column(c, "n");

	memset(t, 0, sizeof(*t));
	t->csv = c;
	t->strategy = csv_column(c, "strategy");
	if (n < 1 || t->strategy < 0 || t->strategy >= n)
		return -1;
	t->mode = csv_column(c, "mode");
	t->machine = csv_column(c, "machine");
	t->threads = csv_column(c, "threads");
	t->loops = csv_column(c, "loops");
	t->nr_params = n;
	t->varies = calloc(n, sizeof(*t->varies));
	t->row = malloc((c->nr_rows + 1) * sizeof(*t->row));
	if (!t->varies || !t->row)
		die_oom("a table");
	for (size_t i = 0; i < t->nr_params; i++)
		t->varies[i] = !is_run_column(t, i) && column_varies(c, i) &&
			       !kernel_knob(c, i);
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

/*
 * Modelled figures never pass for measured ones: the strategy's cell,
 * then "measured", or "model:MACHINE" for a row of --mode model.
 */
static void put_who(FILE *f, const struct rows *t, size_t r)
{
	char **field = t->csv->row[r].field;

	fputs("<tr><td>", f);
	put_esc(f, field[t->strategy]);
	fputs("</td><td>", f);
	if (t->mode >= 0 && !strcmp(field[t->mode], "model")) {
		fputs("model:", f);
		put_esc(f, t->machine >= 0 ? field[t->machine] : "");
	} else {
		fputs("measured", f);
	}
	fputs("</td>", f);
}

static const char who_head[] = "<th>strategy</th><th>measured or model</th>";

/* The parameters every point of the suite shared. */
static void put_fixed(FILE *f, const struct rows *t)
{
	const struct csv *c = t->csv;
	bool first = true;

	if (!c->nr_rows)
		return;
	fputs("<p class=\"note\">Every point: ", f);
	for (size_t i = 0; i < t->nr_params; i++) {
		if (t->varies[i] || is_run_column(t, i) || column_varies(c, i))
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

	fprintf(f, "<div class=\"scroll\"><table>\n<thead><tr>%s", who_head);
	for (size_t i = 0; i < t->nr_params; i++) {
		if (!t->varies[i])
			continue;
		fputs("<th>", f);
		put_name(f, c->col[i]);
		fputs("</th>", f);
	}
	fputs("<th>n</th><th>ns per pte</th><th>95% CI</th>"
	      "<th>fork ns/pte</th><th>exit ns/pte</th><th>forks/s</th>"
	      "<th>overhead vs baseline</th><th>rmap % of real</th></tr></thead>\n<tbody>\n",
	      f);
}

static void put_summary_row(FILE *f, const struct rows *t, size_t r)
{
	const struct csv *c = t->csv;

	put_who(f, t, r);
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

/* ---- the Universal Scalability Law beside the scaling graph ---------- */

static bool has_fit(const struct rows *t, size_t r)
{
	int col = csv_column(t->csv, "usl_r2");
	double v;

	return col >= 0 && !csv_parse_number(t->csv->row[r].field[col], &v);
}

static bool same_sweep(const struct rows *t, size_t a, size_t b)
{
	return summary_same_sweep(t->csv->row[a].field, t->csv->row[b].field,
				  t->nr_params, t->threads, t->loops);
}

/* Row t->row[i] is the first of its fitted sweep in table order. */
static bool first_of_sweep(const struct rows *t, size_t i)
{
	if (!has_fit(t, t->row[i]))
		return false;
	for (size_t j = 0; j < i; j++)
		if (has_fit(t, t->row[j]) &&
		    same_sweep(t, t->row[i], t->row[j]))
			return false;
	return true;
}

/* The thread counts the sweep of row r fitted: "lo&ndash;hi (k)". */
static void put_sweep_threads(FILE *f, const struct rows *t, size_t r)
{
	const struct csv *c = t->csv;
	double lo = 0, hi = 0, v, n;
	size_t k = 0;

	for (size_t o = 0; o < c->nr_rows; o++) {
		if (!same_sweep(t, r, o) ||
		    csv_parse_number(c->row[o].field[t->threads], &v) ||
		    csv_parse_number(c->row[o].field[t->nr_params], &n) ||
		    !(n > 0))
			continue;
		lo = k && lo < v ? lo : v;
		hi = k && hi > v ? hi : v;
		k++;
	}
	fprintf(f, "<td class=\"num\">%.0f&ndash;%.0f (%zu)</td>", lo, hi, k);
}

/*
 * Parameter col is a column of the USL table: it tells apart two fitted
 * sweeps of one strategy on one machine, measured or modelled alike
 * (a locks sweep of threads sweeps); the summary above has the rest.
 */
static bool usl_column(const struct rows *t, size_t col)
{
	char **x, **y;

	if (!t->varies[col] || (int)col == t->threads || (int)col == t->loops)
		return false;
	for (size_t i = 0; i < t->csv->nr_rows; i++) {
		if (!first_of_sweep(t, i))
			continue;
		x = t->csv->row[t->row[i]].field;
		for (size_t j = 0; j < i; j++) {
			if (!first_of_sweep(t, j))
				continue;
			y = t->csv->row[t->row[j]].field;
			if (!strcmp(x[col], y[col]) ||
			    strcmp(x[t->strategy], y[t->strategy]) ||
			    (t->mode >= 0 && strcmp(x[t->mode], y[t->mode])) ||
			    (t->machine >= 0 &&
			     strcmp(x[t->machine], y[t->machine])))
				continue;
			return true;
		}
	}
	return false;
}

/*
 * A fit not to read: R^2 under USL_POOR_R2, or sigma pinned at its bound
 * of 1 (no parallel speed-up to fit), or a peak at one CPU.
 */
#define USL_POOR_R2 0.8

static bool usl_poor(const struct csv *c, size_t r)
{
	double r2, sigma, nstar;
	char m[256];

	if (!csv_number_by_name(c, r, "usl_r2", &r2, m, sizeof(m)) &&
	    r2 < USL_POOR_R2)
		return true;
	if (!csv_number_by_name(c, r, "usl_sigma", &sigma, m, sizeof(m)) &&
	    sigma >= 1)
		return true;
	return !csv_number_by_name(c, r, "usl_nstar", &nstar, m, sizeof(m)) &&
	       nstar <= 1;
}

static void put_usl_row(FILE *f, const struct rows *t, size_t r)
{
	const struct csv *c = t->csv;
	int nstar = csv_column(c, "usl_nstar");
	int shape = csv_column(c, "usl_shape");
	double v;

	put_who(f, t, r);
	for (size_t i = 0; i < t->nr_params; i++) {
		if (!usl_column(t, i))
			continue;
		fputs("<td class=\"num\">", f);
		put_esc(f, c->row[r].field[i]);
		fputs("</td>", f);
	}
	put_sweep_threads(f, t, r);
	if (shape >= 0 && strcmp(c->row[r].field[shape], "USL-shaped")) {
		/* the parameters of a fit that does not describe the sweep */
		fputs("<td colspan=\"3\">", f);
		put_esc(f, c->row[r].field[shape]);
		fputs("</td>", f);
		put_num(f, c, r, "usl_r2", "%.3f");
		fputs("<td></td></tr>\n", f);
		return;
	}
	put_num(f, c, r, "usl_sigma", "%.4g");
	put_num(f, c, r, "usl_kappa", "%.4g");
	if (nstar >= 0 && !csv_parse_number(c->row[r].field[nstar], &v))
		fprintf(f, "<td class=\"num\">%.0f</td>", v);
	else
		fputs("<td class=\"num\">no peak</td>", f);
	put_num(f, c, r, "usl_r2", "%.3f");
	fprintf(f, "<td>%s</td></tr>\n",
		usl_poor(c, r) ?
			"poor: the law does not describe this sweep; read &sigma;, &kappa; and N* as not fitted" :
			"");
}

/*
 * The law summarize fitted to each thread sweep, one row per sweep:
 * what the scaling graph beside it shows as curves, as four numbers.
 */
static void put_usl(FILE *f, const struct rows *t)
{
	size_t n = 0;

	for (size_t i = 0; i < t->csv->nr_rows; i++)
		n += first_of_sweep(t, i);
	if (!n || t->threads < 0)
		return;
	fprintf(f,
		"<h3>Universal Scalability Law</h3>\n<p class=\"note\">Reading guide: "
		"C(N) = N / (1 + &sigma;(N&minus;1) + &kappa;N(N&minus;1)) fitted by least squares "
		"to forks/s relative to one thread; &sigma; (contention) is the share of the work done "
		"one CPU at a time, &kappa; (coherency) the cost of every pair of CPUs exchanging "
		"lines, which makes throughput fall past N* = &radic;((1&minus;&sigma;)/&kappa;); "
		"R&sup2; near 1 says the law describes the sweep; a sweep of fewer than 4 thread counts, "
		"R&sup2; below 0.9 or a parameter held at its bound is not USL-shaped, and its fit is "
		"not shown.  A model: row is a simulated "
		"machine's virtual time, not a measurement.</p>\n"
		"<div class=\"scroll\"><table>\n<thead><tr>%s",
		who_head);
	for (size_t i = 0; i < t->nr_params; i++) {
		if (!usl_column(t, i))
			continue;
		fputs("<th>", f);
		put_name(f, t->csv->col[i]);
		fputs("</th>", f);
	}
	fputs("<th>threads fitted</th><th>&sigma;</th><th>&kappa;</th>"
	      "<th>N*</th><th>R&sup2;</th><th>fit</th></tr></thead>\n<tbody>\n",
	      f);
	for (size_t i = 0; i < t->csv->nr_rows; i++)
		if (first_of_sweep(t, i))
			put_usl_row(f, t, t->row[i]);
	fputs("</tbody></table></div>\n", f);
}

/* seed: the fixed work of the seed's test, so wall_s is elapsed time. */
static void put_seed(FILE *f, const struct rows *t)
{
	const struct csv *c = t->csv;

	fprintf(f,
		"<h3>Elapsed time</h3>\n<div class=\"scroll\"><table>\n"
		"<thead><tr>%s<th>elapsed (s)</th>"
		"<th>ns per pte</th><th>overhead vs none</th></tr></thead>\n<tbody>\n",
		who_head);
	for (size_t i = 0; i < c->nr_rows; i++) {
		size_t r = t->row[i];

		put_who(f, t, r);
		put_num(f, c, r, "wall_s_median", "%.4g");
		put_num(f, c, r, "ns_per_pte_median", "%.2f");
		put_num(f, c, r, "overhead_pct", "%+.1f%%");
		fputs("</tr>\n", f);
	}
	fputs("</tbody></table></div>\n", f);
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
		put_esc(r->f, name);
		fputs(" graph\" src=\"data:image/png;base64,", r->f);
		put_base64(r->f, (const unsigned char *)g->png, g->png_len);
		fputs("\">\n", r->f);
	}
	fprintf(r->f, "<figcaption><b>%s</b>: %s</figcaption>\n</figure>\n",
		name, graphs[g->id].caption);
}

/* The graphs; the USL table follows the throughput graph it reads. */
static void put_graphs(struct report *r, const struct report_suite *s,
		       const struct rows *t)
{
	fputs("<h3>Graphs</h3>\n", r->f);
	for (size_t i = 0; i < s->nr_graphs; i++) {
		put_graph(r, &s->graph[i]);
		if (t && !strcmp(graphs[s->graph[i].id].name, "throughput"))
			put_usl(r->f, t);
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
	put_esc_n(f, text, n);
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
		put_esc(f, cmd);
	if (cmd && sweep)
		fputs("\n\n", f);
	if (sweep) {
		fputs("sweep: ", f);
		put_esc(f, sweep);
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
		put_esc(f, s->name);
		fprintf(f, "/%s\">", files[i]);
		put_esc(f, s->name);
		fprintf(f, "/%s</a>", files[i]);
		first = false;
	}
	fputs(".</p>\n", f);
}

static void put_suite(struct report *r, const struct report_suite *s)
{
	struct rows t;
	bool table = false;

	fputs("<section id=\"suite-", r->f);
	put_esc(r->f, s->name);
	fputs("\">\n<h2>", r->f);
	put_esc(r->f, s->name);
	fputs("</h2>\n", r->f);
	put_question(r->f, s);
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
			put_2002(r->f, s->dir, "piii-quad-2002");
		}
		/* The model suite's replay on akpm's modelled quad PIII. */
		if (!strcmp(s->name, "model"))
			put_2002(r->f, s->dir, "piii-quad-2002");
		if (!strcmp(s->name, "modern"))
			put_2026(r->f, &s->sum);
		put_summary(r->f, &t);
		/* No scaling graph to stand beside: after the summary. */
		if (!has_graph(s, "throughput"))
			put_usl(r->f, &t);
		table = true;
	}
	put_graphs(r, s, table ? &t : NULL);
	if (table)
		rows_free(&t);
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
		put_esc(r->f, r->suite[i].name);
		fputs("\">", r->f);
		put_esc(r->f, r->suite[i].name);
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
		put_esc(r->f, host);
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
