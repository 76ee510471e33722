// SPDX-License-Identifier: GPL-2.0
/*
 * Ground truth for the report.  The 2002 figures are those of the
 * linux-kernel thread "[PATCH] Rmap speedup" and its replies (Daniel
 * Phillips and Andrew Morton, 2-7 August 2002): Morton timed daniel.sh,
 * 10 background loops of `( cat foo | wc -l )` plus `expr` (about 4 forks
 * and 3 execs an iteration), on a quad PIII: 2.4.19-pre7 27.8 s elapsed,
 * with rmap-13b 39.3 s, with rmap-13b and Phillips' hashed-lock and
 * batching patch 35.9 s; Phillips put the patch's gain at about 35% of
 * rmap's raw setup/teardown overhead ("Re: [PATCH] Rmap speedup", 5 and 7
 * August 2002, in which Morton also puts rmap's remaining cost at "half a
 * millisecond or so to each fork/exec/exit cycle").  Nothing here is typed
 * in but those.
 */
#include <math.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include "lib/stats.h"
#include "results.h"
#include "truth.h"

#define AKPM_NONE 27.8	  /* s, 2.4.19-pre7 */
#define AKPM_RMAP 39.3	  /* s, with rmap-13b */
#define AKPM_PATCHED 35.9 /* s, rmap-13b + Phillips' patch */
#define PHILLIPS_RAW 35.0 /* % of raw setup/teardown overhead removed */

/* The three 2.4.19 kernels of akpm's timings. */
enum era { ERA_NONE, ERA_RMAP, ERA_DANIEL, NR_ERAS };

/*
 * Which kernel a raw row measured: the configuration's name where the run
 * names one (--kernel 2.4.19-pre7, 2.4.19-pre7-rmap13b,
 * 2.4.19-pre7-rmap13b-daniel), else the strategy that stands for it.
 */
static int row_era(const struct csv *c, size_t r, int kcol, int scol)
{
	const char *k = kcol >= 0 ? c->row[r].field[kcol] : "";
	const char *s = c->row[r].field[scol];

	/* "custom": the strategy and knobs as given stand for the kernel. */
	if (*k && strcmp(k, "custom")) {
		if (strncmp(k, "2.4.19", 6))
			return -1;
		if (strstr(k, "daniel"))
			return ERA_DANIEL;
		return strstr(k, "rmap") ? ERA_RMAP : ERA_NONE;
	}
	if (!strcmp(s, "none"))
		return ERA_NONE;
	if (!strcmp(s, "pagebit"))
		return ERA_RMAP;
	if (!strcmp(s, "daniel") || !strcmp(s, "batched"))
		return ERA_DANIEL;
	return -1;
}

/*
 * One repetition's elapsed time per process (wall_s / forks: the same
 * ratios as elapsed times of fixed work, whether the run fixed the work
 * or the window) and pte-loop time per kernel.
 */
struct rep {
	double wall[NR_ERAS], ns[NR_ERAS];
};

/*
 * A suite's repetitions of the three kernels, by rep number; returns how
 * many.  machine NULL: measured rows only; else the rows modelled on it.
 */
static size_t read_reps(const char *dir, const char *machine, struct rep **out)
{
	char path[4096], msg[512];
	struct csv c;
	struct rep *reps = NULL;
	size_t n = 0;
	int kcol, mcol, hcol, scol, rcol, tcol, ret;
	FILE *f;

	*out = NULL;
	snprintf(path, sizeof(path), "%s/raw.csv", dir);
	/* Only a regular file of bounded size: report_data.c checked it. */
	f = results_open(path, RESULTS_CSV_MAX, msg, sizeof(msg));
	if (!f)
		return 0;
	ret = csv_parse(f, path, &c, msg, sizeof(msg));
	fclose(f);
	if (ret)
		return 0;
	kcol = csv_column(&c, "kernel");
	mcol = csv_column(&c, "mode");
	hcol = csv_column(&c, "machine");
	scol = csv_column(&c, "strategy");
	rcol = csv_column(&c, "rep");
	tcol = csv_column(&c, "status");
	for (size_t r = 0; scol >= 0 && rcol >= 0 && r < c.nr_rows; r++) {
		int era = row_era(&c, r, kcol, scol);
		bool model =
			mcol >= 0 && !strcmp(c.row[r].field[mcol], "model");
		double rep, wall, forks = 0, ns;

		/* Measured against measured, modelled against modelled. */
		if (era < 0 || model != !!machine ||
		    (machine &&
		     (hcol < 0 || strcmp(c.row[r].field[hcol], machine))) ||
		    (tcol >= 0 && strcmp(c.row[r].field[tcol], "ok")) ||
		    csv_parse_number(c.row[r].field[rcol], &rep) || rep < 0 ||
		    rep > 100000 ||
		    csv_number_by_name(&c, r, "wall_s", &wall, msg,
				       sizeof(msg)) ||
		    csv_number_by_name(&c, r, "forks", &forks, msg,
				       sizeof(msg)) ||
		    !(forks > 0) ||
		    csv_number_by_name(&c, r, "ns_per_pte", &ns, msg,
				       sizeof(msg)))
			continue;
		if ((size_t)rep >= n) {
			struct rep *grown = realloc(
				reps, ((size_t)rep + 1) * sizeof(*reps));

			if (!grown)
				break;
			for (size_t i = n; i <= (size_t)rep; i++)
				for (int e = 0; e < NR_ERAS; e++)
					grown[i].wall[e] = grown[i].ns[e] = NAN;
			reps = grown;
			n = (size_t)rep + 1;
		}
		reps[(size_t)rep].wall[era] = wall / forks;
		reps[(size_t)rep].ns[era] = ns;
	}
	csv_free(&c);
	*out = reps;
	return n;
}

/* rmap-13b's overhead over 2.4.19-pre7, in %. */
static double overhead(const double *v)
{
	return 100 * (v[ERA_RMAP] / v[ERA_NONE] - 1);
}

/* The share of that overhead Phillips' patch removed, in %. */
static double removed(const double *v)
{
	return 100 * (v[ERA_RMAP] - v[ERA_DANIEL]) /
	       (v[ERA_RMAP] - v[ERA_NONE]);
}

struct comparison {
	const char *what;
	const char *source;
	double published;
	const char *measured_as;
	double (*of)(const double *v);
	bool elapsed; /* of wall_s, else of ns_per_pte */
	const char *cause;
};

static const struct comparison rows[] = {
	{ "rmap-13b's elapsed-time overhead over 2.4.19-pre7",
	  "Morton: 39.3 s / 27.8 s", 100 * (AKPM_RMAP / AKPM_NONE - 1),
	  "elapsed time of fixed work, rmap-13b / 2.4.19-pre7 - 1", overhead,
	  true,
	  "Hardware and workload: a 2002 quad PIII paid more for each cache "
	  "miss and locked operation against the rest of a process than this "
	  "host does, and the rest of daniel.sh (the shell, pipes, page "
	  "zeroing, exec's loading) is stood in for by --other-work "
	  "calibrated from this host's own fork+exit, not by the 2002 "
	  "kernel's." },
	{ "share of that overhead Phillips' patch removed",
	  "Morton: (39.3 - 35.9) / (39.3 - 27.8)",
	  100 * (AKPM_RMAP - AKPM_PATCHED) / (AKPM_RMAP - AKPM_NONE),
	  "(rmap-13b - patched) / (rmap-13b - 2.4.19-pre7), elapsed", removed,
	  true,
	  "Model: the patch's gain is the batched copy_page_range() and "
	  "hashed locks, which the model reproduces per pte, but its share "
	  "also depends on how much of rmap's cost sits in exec's and exit's "
	  "unbatched removals and faults, which the replay's image size and "
	  "COW faults only estimate." },
	{ "share of rmap's raw setup/teardown cost the patch removed",
	  "Phillips: about 35%", PHILLIPS_RAW,
	  "the same share of the pte loops' time (ns_per_pte)", removed, false,
	  "Model and hardware: Phillips measured the fork and exit paths of "
	  "the 2.4 kernel on his machine; here the pte loops of fork, exec, "
	  "faults and exit run in user space, where a locked operation costs "
	  "less against a cache miss than on a PIII." },
};

/* Median and interval of one row's figure over the repetitions. */
static int measure(const struct comparison *row, const struct rep *reps,
		   size_t n, double *median, struct median_ci *ci, size_t *used)
{
	double *v = malloc((n ? n : 1) * sizeof(*v));
	size_t m = 0;
	int ret;

	if (!v)
		return -1;
	for (size_t i = 0; i < n; i++) {
		const double *x = row->elapsed ? reps[i].wall : reps[i].ns;
		double y = row->of(x);

		if (isfinite(y))
			v[m++] = y;
	}
	ret = stats_median_ci(v, m, ci);
	if (!ret)
		*median = stats_median(v, m);
	*used = m;
	free(v);
	return ret;
}

static void put_row(FILE *f, const struct comparison *row, const char *who,
		    const struct rep *reps, size_t n)
{
	struct median_ci ci;
	double median;
	size_t used;

	fprintf(f,
		"<tr><td>%s</td><td>%s</td><td>%s</td><td class=\"num\">%+.1f%%</td>",
		row->what, who, row->source, row->published);
	if (measure(row, reps, n, &median, &ci, &used)) {
		fputs("<td class=\"num\">&ndash;</td><td>&ndash;</td>"
		      "<td class=\"num\">&ndash;</td><td>not measured</td></tr>\n",
		      f);
		return;
	}
	fprintf(f,
		"<td class=\"num\">%+.1f%%</td><td class=\"num\">%+.1f%% &ndash; %+.1f%% "
		"(%.0f%%, n&nbsp;%zu)</td><td class=\"num\">%+.1f points%s</td><td>%s</td></tr>\n",
		median, ci.lo, ci.hi, 100 * ci.coverage, used,
		median - row->published,
		row->published >= ci.lo && row->published <= ci.hi ?
			" (2002 inside the interval)" :
			"",
		row->cause);
}

void put_2002(FILE *f, const char *dir, const char *machine)
{
	struct rep *reps;
	size_t n = read_reps(dir, machine, &reps);
	char who[128] = "measured";

	fputs("<h3>Beside the 2002 figures</h3>\n<p class=\"note\">Published on linux-kernel in the thread "
	      "&ldquo;[PATCH] Rmap speedup&rdquo; (Daniel Phillips, Andrew Morton, 2&ndash;7 August 2002): Morton's "
	      "daniel.sh, 10 background loops of <code>( cat foo | wc -l )</code> and <code>expr</code> on a quad "
	      "PIII, elapsed 27.8 s on 2.4.19-pre7, 39.3 s with rmap-13b, 35.9 s with rmap-13b and Phillips' patch. "
	      "This suite replays it (--lifecycle fork-exec-exit, 10 families, elapsed time per process, --other-work "
	      "calibrated) on the three kernels.  Each rmapbench figure is the median over the repetitions, each "
	      "repetition's kernels paired (they ran in the same shuffled block), with the order-statistics "
	      "interval of that median and its coverage; the difference is rmapbench minus 2002.  ",
	      f);
	if (machine) {
		fprintf(f,
			"Only rows modelled on %s count (--mode model): virtual time on a modelled machine, "
			"not a measurement.</p>\n",
			machine);
		snprintf(who, sizeof(who), "model:%s", machine);
	} else {
		fputs("Only measured rows count: a modelled seed row (--mode model) is left out.</p>\n",
		      f);
	}
	fputs("<div class=\"scroll\"><table>\n<thead><tr><th>figure</th><th>measured or model</th>"
	      "<th>2002 source</th><th>2002</th><th>rmapbench</th><th>interval</th><th>difference</th>"
	      "<th>what the difference is due to</th></tr></thead>\n<tbody>\n",
	      f);
	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++)
		put_row(f, &rows[i], who, reps, n);
	fputs("</tbody></table></div>\n", f);
	if (!n)
		fputs("<p>This run has none of these figures: the suite's raw.csv "
		      "has no 2.4.19-pre7, rmap-13b and patched rows with the same repetitions.</p>\n",
		      f);
	free(reps);
}

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
