// SPDX-License-Identifier: GPL-2.0
/*
 * Ground truth for the report.  The 2002 figures are the ones posted to
 * linux-kernel in the rmap threads of July and August 2002: Andrew Morton's
 * timings of 10 parallel loops of a small shell pipeline on a quad PIII
 * (2.4.19-pre7 27.8 s elapsed; with rmap 39.3 s; with rmap-13b plus Daniel
 * Phillips' hashed-lock and batching patch 35.9 s), and Daniel Phillips'
 * reports (rmap's bottom-line cost about 20%; a percent or two from the
 * hashed locks; about 35% of the raw setup/teardown overhead removed by
 * batching the adds).  Nothing here is typed in but those.
 */
#include <math.h>
#include <stdbool.h>
#include <string.h>
#include "truth.h"

#define AKPM_NONE 27.8	  /* s, 2.4.19-pre7 */
#define AKPM_RMAP 39.3	  /* s, with rmap */
#define AKPM_PATCHED 35.9 /* s, rmap-13b + hashed locks + batching */

/* A number from the seed summary's row of strategy; NAN if absent. */
static double seed_value(const struct csv *c, const char *strategy,
			 const char *col)
{
	int s = csv_column(c, "strategy"), k = csv_column(c, col);
	double v;

	if (s < 0 || k < 0)
		return NAN;
	for (size_t r = 0; r < c->nr_rows; r++)
		if (!strcmp(c->row[r].field[s], strategy) &&
		    !csv_parse_number(c->row[r].field[k], &v))
			return v;
	return NAN;
}

struct comparison {
	const char *what;
	const char *source;
	double published;
	const char *published_text;
	double measured;
	const char *how;
	double lo, hi; /* measured within this: they agree */
};

static void put_value(FILE *f, double v)
{
	if (isnan(v))
		fputs("<td class=\"num\">&ndash;</td>", f);
	else
		fprintf(f, "<td class=\"num\">%.1f%%</td>", v);
}

static bool agrees(const struct comparison *c)
{
	return !isnan(c->measured) && c->measured >= c->lo &&
	       c->measured <= c->hi;
}

static void put_row(FILE *f, const struct comparison *c)
{
	fprintf(f, "<tr><td>%s</td><td>%s</td><td class=\"num\">%s</td>",
		c->what, c->source, c->published_text);
	put_value(f, c->measured);
	fprintf(f, "<td>%s</td><td>%s</td></tr>\n", c->how,
		isnan(c->measured) ? "not measured" :
		agrees(c)	   ? "agrees" :
				     "differs");
}

static void put_list(FILE *f, const struct comparison *c, size_t n, bool agree)
{
	const char *sep = "";

	for (size_t i = 0; i < n; i++) {
		if (isnan(c[i].measured) || agrees(&c[i]) != agree)
			continue;
		fprintf(f, "%s%s (%.1f%% against %s)", sep, c[i].what,
			c[i].measured, c[i].published_text);
		sep = ", ";
	}
}

/* One sentence, made from the verdicts above it. */
static void put_verdict(FILE *f, const struct comparison *c, size_t n)
{
	size_t agree = 0, differ = 0;

	for (size_t i = 0; i < n; i++)
		if (!isnan(c[i].measured))
			agrees(&c[i]) ? agree++ : differ++;
	if (!agree && !differ) {
		fputs("<p>This run measured none of these figures: the seed suite needs none, pagebit, "
		      "hashed, padded and batched, and run.sh's calibration.</p>\n",
		      f);
		return;
	}
	fputs("<p>On this host rmapbench ", f);
	if (agree) {
		fputs("agrees with the 2002 figures on ", f);
		put_list(f, c, n, true);
	}
	if (differ) {
		fputs(agree ? "; it differs from them on " :
			      "differs from the 2002 figures on ",
		      f);
		put_list(f, c, n, false);
	}
	fputs(".  Morton's elapsed times include everything a shell pipeline does; "
	      "the model times only the pte copy and zap, so its shares of elapsed time overstate "
	      "rmap's, while its cost per pte set against the host's real fork+exit per page is the "
	      "closer match to Phillips' bottom-line figure.</p>\n",
	      f);
}

void put_2002(FILE *f, const struct csv *c)
{
	double w_none = seed_value(c, "none", "wall_s_median");
	double w_bit = seed_value(c, "pagebit", "wall_s_median");
	double w_batch = seed_value(c, "batched", "wall_s_median");
	double r_pad = seed_value(c, "padded", "rmap_ns_per_pte");
	double r_batch = seed_value(c, "batched", "rmap_ns_per_pte");
	double p_bit = seed_value(c, "pagebit", "rmap_pct_of_real");
	double p_hash = seed_value(c, "hashed", "rmap_pct_of_real");
	const struct comparison rows[] = {
		{ "rmap's elapsed-time overhead", "Morton: 39.3 s / 27.8 s",
		  100 * (AKPM_RMAP / AKPM_NONE - 1), "+41.4%",
		  100 * (w_bit / w_none - 1), "pagebit vs none, elapsed", 20,
		  83 },
		{ "overhead with hashed locks and batching",
		  "Morton: 35.9 s / 27.8 s",
		  100 * (AKPM_PATCHED / AKPM_NONE - 1), "+29.1%",
		  100 * (w_batch / w_none - 1), "batched vs none, elapsed", 15,
		  58 },
		{ "share of rmap's overhead the patch removed",
		  "Morton: (39.3 - 35.9) / (39.3 - 27.8)",
		  100 * (AKPM_RMAP - AKPM_PATCHED) / (AKPM_RMAP - AKPM_NONE),
		  "29.6%", 100 * (w_bit - w_batch) / (w_bit - w_none),
		  "(pagebit - batched) / (pagebit - none), elapsed", 15, 60 },
		{ "rmap's bottom-line cost", "Phillips: about 20%", 20, "~20%",
		  p_bit,
		  "pagebit's rmap ns per pte / the host's real fork+exit ns per page",
		  10, 40 },
		{ "what hashed locks change", "Phillips: a percent or two", 1.5,
		  "1&ndash;2%", p_bit - p_hash,
		  "pagebit minus hashed, in % of the real fork+exit per page",
		  0, 4 },
		{ "raw overhead removed by batching", "Phillips: about 35%", 35,
		  "~35%", 100 * (1 - r_batch / r_pad),
		  "1 - batched / padded, rmap ns per pte", 17, 70 },
	};

	fputs("<h3>Beside the 2002 figures</h3>\n<p class=\"note\">Published on linux-kernel in the rmap threads of "
	      "July&ndash;August 2002: Andrew Morton's 10 parallel loops of a small shell pipeline on a quad PIII "
	      "(2.4.19-pre7 without rmap 27.8 s, with rmap 39.3 s, with rmap-13b plus the hashed-lock and batching "
	      "patch 35.9 s) and Daniel Phillips' reports.  <em>pagebit</em> stands for rmap-13b's per-page "
	      "pte_chain_lock, <em>batched</em> for the patched kernel.  A measurement within about a factor of "
	      "two of the published figure counts as agreeing.</p>\n"
	      "<div class=\"scroll\"><table>\n<thead><tr><th>figure</th><th>2002</th><th>published</th>"
	      "<th>rmapbench</th><th>measured as</th><th></th></tr></thead>\n<tbody>\n",
	      f);
	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++)
		put_row(f, &rows[i]);
	fputs("</tbody></table></div>\n", f);
	put_verdict(f, rows, sizeof(rows) / sizeof(rows[0]));
}

void put_calibration(FILE *f, const char *dir)
{
	char path[4096], msg[512];
	const char *fixed, *per_page;
	struct csv cal;

	snprintf(path, sizeof(path), "%s/calibration.csv", dir);
	if (csv_read(path, &cal, msg, sizeof(msg)))
		return;
	fixed = csv_meta_get(&cal, "fit_anon_fixed_ns");
	per_page = csv_meta_get(&cal, "fit_anon_per_page_ns");
	fputs("<section id=\"calibration\">\n<h2>This host's real fork+exit</h2>\n",
	      f);
	if (fixed && per_page) {
		double a, b;

		if (!csv_parse_number(fixed, &a) &&
		    !csv_parse_number(per_page, &b))
			fprintf(f,
				"<p>fork() + _exit() + waitpid() of a process with N written private "
				"pages: <strong>%.1f &micro;s fixed + %.1f ns per page</strong> (least squares "
				"over the medians below).  Each suite's <em>rmap %% of real</em> is a strategy's "
				"rmap cost per pte (its ns per pte above none's) as a share of that per-page cost.</p>\n",
				a / 1000, b);
	}
	fputs("<div class=\"scroll\"><table>\n<thead><tr><th>pages</th><th>kind</th><th>tries</th>"
	      "<th>median (&micro;s)</th><th>95% CI (&micro;s)</th></tr></thead>\n<tbody>\n",
	      f);
	for (size_t r = 0; r < cal.nr_rows; r++) {
		double v[5];
		const char *cols[] = { "pages", "tries", "median_ns",
				       "ci_lo_ns", "ci_hi_ns" };
		int k = csv_column(&cal, "kind");
		const char *kind = k >= 0 ? cal.row[r].field[k] : "";
		bool ok = !strcmp(kind, "anon") || !strcmp(kind, "file");

		for (int i = 0; ok && i < 5; i++)
			ok = !csv_number_by_name(&cal, r, cols[i], &v[i], msg,
						 sizeof(msg));
		if (ok)
			fprintf(f,
				"<tr><td class=\"num\">%.0f</td><td>%s</td><td class=\"num\">%.0f</td>"
				"<td class=\"num\">%.1f</td><td class=\"num\">%.1f&ndash;%.1f</td></tr>\n",
				v[0],
				!strcmp(kind, "anon") ? "private anonymous" :
							"shared file",
				v[1], v[2] / 1000, v[3] / 1000, v[4] / 1000);
	}
	fputs("</tbody></table></div>\n<p class=\"note\">Current kernels do not copy the ptes of a shared "
	      "file mapping at fork (the child faults them in), which is why the file pages cost next to "
	      "nothing here.</p>\n</section>\n",
	      f);
	csv_free(&cal);
}
