// SPDX-License-Identifier: GPL-2.0
/*
 * rmapbench report, a suite's tables from its summary: the values every
 * point shared, the summary (strategy, the parameters that vary, n, the
 * medians with the CI of ns per pte, forks/s and the overhead against
 * none), the Universal Scalability Law fitted to each thread sweep, and
 * the elapsed time of a suite of fixed work.
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "lib/csv.h"
#include "lib/util.h"
#include "report_impl.h"
#include "results.h"
#include "summarize.h"

static int field_cmp(const char *a, const char *b)
{
	double x, y;

	if (!csv_parse_number(a, &x) && !csv_parse_number(b, &y))
		return x < y ? -1 : x > y;
	return strcmp(a, b);
}

static int row_cmp(const void *a, const void *b, void *arg)
{
	const struct report_rows *t = arg;
	char **x = t->csv->row[*(const size_t *)a].field;
	char **y = t->csv->row[*(const size_t *)b].field;
	unsigned int rx = strategy_rank(x[t->strategy]);
	unsigned int ry = strategy_rank(y[t->strategy]);
	int d = (rx > ry) - (rx < ry);

	for (size_t c = 0; !d && c < t->nr_params; c++)
		d = field_cmp(x[c], y[c]);
	return d;
}

/* The strategy, mode and machine: every table has them as its own cells. */
static bool is_run_column(const struct report_rows *t, size_t col)
{
	return (int)col == t->strategy || (int)col == t->mode ||
	       (int)col == t->machine;
}

int report_rows_init(struct report_rows *t, const struct csv *c)
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
		t->varies[i] = !is_run_column(t, i) &&
			       summary_column_shown(c, i);
	for (size_t r = 0; r < c->nr_rows; r++)
		t->row[r] = r;
	qsort_r(t->row, c->nr_rows, sizeof(*t->row), row_cmp, t);
	return 0;
}

void report_rows_free(struct report_rows *t)
{
	free(t->varies);
	free(t->row);
}

/*
 * Modelled figures never pass for measured ones: the strategy's cell,
 * then "measured", or "model:MACHINE" for a row of --mode model.
 */
static void put_who(FILE *f, const struct report_rows *t, size_t r)
{
	char **field = t->csv->row[r].field;

	fputs("<tr><td>", f);
	report_esc(f, field[t->strategy]);
	fputs("</td><td>", f);
	if (t->mode >= 0 && !strcmp(field[t->mode], "model")) {
		fputs("model:", f);
		report_esc(f, t->machine >= 0 ? field[t->machine] : "");
	} else {
		fputs("measured", f);
	}
	fputs("</td>", f);
}

static const char who_head[] = "<th>strategy</th><th>measured or model</th>";

void report_put_fixed(FILE *f, const struct report_rows *t)
{
	const struct csv *c = t->csv;
	bool first = true;

	if (!c->nr_rows)
		return;
	fputs("<p class=\"note\">Every point: ", f);
	for (size_t i = 0; i < t->nr_params; i++) {
		if (t->varies[i] || is_run_column(t, i) ||
		    summary_column_varies(c, i))
			continue;
		fputs(first ? "" : ", ", f);
		report_name(f, c->col[i]);
		fputs(" ", f);
		report_esc(f, c->row[0].field[i]);
		first = false;
	}
	fputs(".</p>\n", f);
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

static void put_summary_head(FILE *f, const struct report_rows *t)
{
	const struct csv *c = t->csv;

	fprintf(f, "<div class=\"scroll\"><table>\n<thead><tr>%s", who_head);
	for (size_t i = 0; i < t->nr_params; i++) {
		if (!t->varies[i])
			continue;
		fputs("<th>", f);
		report_name(f, c->col[i]);
		fputs("</th>", f);
	}
	fputs("<th>n</th><th>ns per pte</th><th>95% CI</th>"
	      "<th>fork ns/pte</th><th>exit ns/pte</th><th>forks/s</th>"
	      "<th>overhead vs baseline</th><th>rmap % of real</th></tr></thead>\n<tbody>\n",
	      f);
}

static void put_summary_row(FILE *f, const struct report_rows *t, size_t r)
{
	const struct csv *c = t->csv;

	put_who(f, t, r);
	for (size_t i = 0; i < t->nr_params; i++) {
		if (!t->varies[i])
			continue;
		fputs("<td class=\"num\">", f);
		report_esc(f, c->row[r].field[i]);
		fputs("</td>", f);
	}
	report_num(f, c, r, "n", "%.0f");
	report_num(f, c, r, "ns_per_pte_median", "%.2f");
	put_ci(f, c, r, "ns_per_pte");
	report_num(f, c, r, "fork_ns_per_pte_median", "%.2f");
	report_num(f, c, r, "exit_ns_per_pte_median", "%.2f");
	report_num(f, c, r, "forks_per_s_median", "%.0f");
	report_num(f, c, r, "overhead_pct", "%+.1f%%");
	report_num(f, c, r, "rmap_pct_of_real", "%.1f%%");
	fputs("</tr>\n", f);
}

void report_put_summary(FILE *f, const struct report_rows *t)
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

static bool has_fit(const struct report_rows *t, size_t r)
{
	int col = csv_column(t->csv, "usl_r2");
	double v;

	return col >= 0 && !csv_parse_number(t->csv->row[r].field[col], &v);
}

static bool same_sweep(const struct report_rows *t, size_t a, size_t b)
{
	return summary_same_sweep(t->csv->row[a].field, t->csv->row[b].field,
				  t->nr_params, t->threads, t->loops);
}

/* Row t->row[i] is the first of its fitted sweep in table order. */
static bool first_of_sweep(const struct report_rows *t, size_t i)
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
static void put_sweep_threads(FILE *f, const struct report_rows *t, size_t r)
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
static bool usl_column(const struct report_rows *t, size_t col)
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

static void put_usl_row(FILE *f, const struct report_rows *t, size_t r)
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
		report_esc(f, c->row[r].field[i]);
		fputs("</td>", f);
	}
	put_sweep_threads(f, t, r);
	if (shape >= 0 && strcmp(c->row[r].field[shape], "USL-shaped")) {
		/* the parameters of a fit that does not describe the sweep */
		fputs("<td colspan=\"3\">", f);
		report_esc(f, c->row[r].field[shape]);
		fputs("</td>", f);
		report_num(f, c, r, "usl_r2", "%.3f");
		fputs("<td></td></tr>\n", f);
		return;
	}
	report_num(f, c, r, "usl_sigma", "%.4g");
	report_num(f, c, r, "usl_kappa", "%.4g");
	if (nstar >= 0 && !csv_parse_number(c->row[r].field[nstar], &v))
		fprintf(f, "<td class=\"num\">%.0f</td>", v);
	else
		fputs("<td class=\"num\">no peak</td>", f);
	report_num(f, c, r, "usl_r2", "%.3f");
	fprintf(f, "<td>%s</td></tr>\n",
		usl_poor(c, r) ?
			"poor: the law does not describe this sweep; read &sigma;, &kappa; and N* as not fitted" :
			"");
}

void report_put_usl(FILE *f, const struct report_rows *t)
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
		report_name(f, t->csv->col[i]);
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

void report_put_elapsed(FILE *f, const struct report_rows *t)
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
		report_num(f, c, r, "wall_s_median", "%.4g");
		report_num(f, c, r, "ns_per_pte_median", "%.2f");
		report_num(f, c, r, "overhead_pct", "%+.1f%%");
		fputs("</tr>\n", f);
	}
	fputs("</tbody></table></div>\n", f);
}
