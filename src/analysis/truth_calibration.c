// SPDX-License-Identifier: GPL-2.0
/*
 * The report's section on this host's real fork+exit: the calibration
 * CSV's fit and its points (truth.h).
 */
#include <stdbool.h>
#include <string.h>
#include "truth.h"

void put_calibration(FILE *f, const struct csv *c)
{
	const char *fixed = csv_meta_get(c, "fit_anon_fixed_ns");
	const char *per_page = csv_meta_get(c, "fit_anon_per_page_ns");
	char msg[512];

	fputs("<section id=\"calibration\">\n<h2>This host's real fork+exit</h2>\n",
	      f);
	if (fixed && per_page) {
		double a, b;

		if (!csv_parse_number(fixed, &a) &&
		    !csv_parse_number(per_page, &b))
			fprintf(f,
				"<p>fork() + _exit() + waitpid() of a process with N written private "
				"pages: <strong>%.1f &micro;s fixed + %.1f ns per page</strong> (a Theil&ndash;Sen "
				"line over the medians below).  Each suite's <em>rmap %% of real</em> is a strategy's "
				"rmap cost per pte (its ns per pte above none's) as a share of that per-page cost.</p>\n",
				a / 1000, b);
	}
	if (fixed && per_page) {
		const char *lo = csv_meta_get(c, "fit_anon_round_lo_ns");
		const char *hi = csv_meta_get(c, "fit_anon_round_hi_ns");
		double l, h, b;

		/* How well the calibration repeats: each round's own slope. */
		if (lo && hi && !csv_parse_number(lo, &l) &&
		    !csv_parse_number(hi, &h) &&
		    !csv_parse_number(per_page, &b) && b > 0)
			fprintf(f,
				"<p class=\"note\">Calibration noise: the rounds' own per-page costs ran from "
				"%.1f to %.1f ns (%.0f%% to %.0f%% of the fit)%s.</p>\n",
				l, h, 100 * l / b, 100 * h / b,
				h > 1.5 * l ?
					": this host's fork+exit did not repeat, so every <em>rmap % of real</em> "
					"shares that spread; calibrate again on a quieter host" :
					"");
	}
	fputs("<div class=\"scroll\"><table>\n<thead><tr><th>pages</th><th>kind</th><th>tries</th>"
	      "<th>median (&micro;s)</th><th>95% CI (&micro;s)</th></tr></thead>\n<tbody>\n",
	      f);
	for (size_t r = 0; r < c->nr_rows; r++) {
		double v[5];
		const char *cols[] = { "pages", "tries", "median_ns",
				       "ci_lo_ns", "ci_hi_ns" };
		int k = csv_column(c, "kind");
		const char *kind = k >= 0 ? c->row[r].field[k] : "";
		bool ok = !strcmp(kind, "anon") || !strcmp(kind, "file");

		for (int i = 0; ok && i < 5; i++)
			ok = !csv_number_by_name(c, r, cols[i], &v[i], msg,
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
}
