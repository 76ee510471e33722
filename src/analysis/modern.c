// SPDX-License-Identifier: GPL-2.0
/*
 * The modern suite set beside the figures posted for batching the file
 * rmap lock: Mateusz Guzik's "[PATCH v2] mm: batch unlink_file_vma calls
 * in free_pgd_range" (linux-kernel, 21 May 2024; commit 3577dbb19241):
 * about 4% more execs per second (~50k to ~52k) with dynamically linked
 * binaries at 20-odd cores; and Yibin Liu's "[RFC PATCH] mm: batch
 * link_file_vma calls in dup_mmap" (linux-kernel, 16 June 2026): 2-7%
 * more execs per second on an AMD EPYC 9754 with 512 threads, both with
 * the doexec benchmark.  Nothing here is typed in but those.
 */
#include <math.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include "lib/compiler.h"
#include "lib/util.h"
#include "modern.h"
#include "plotdata.h"
#include "results.h"

/* The columns that tell two points apart besides the strategy. */
static bool same_point(const struct csv *c, size_t a, size_t b, int scol,
		       int ncol)
{
	for (int k = 0; k < ncol; k++)
		if (k != scol && strcmp(c->row[a].field[k], c->row[b].field[k]))
			return false;
	return true;
}

static double field(const struct csv *c, size_t r, const char *name)
{
	int k = csv_column(c, name);
	double v;

	if (k < 0 || csv_parse_number(c->row[r].field[k], &v))
		return NAN;
	return v;
}

static const char *text(const struct csv *c, size_t r, const char *name)
{
	int k = csv_column(c, name);

	return k < 0 ? "" : c->row[r].field[k];
}

/*
 * The RFC's baseline: mainline, which already batches the exit side
 * (commit 3577dbb19241), when the run has it; else folio, the kernel
 * before both.
 */
static const char *baseline(const struct csv *c)
{
	int scol = csv_column(c, "strategy");

	for (size_t r = 0; scol >= 0 && r < c->nr_rows; r++)
		if (!strcmp(c->row[r].field[scol], "mainline"))
			return "mainline";
	return "folio";
}

/* A row of --mode model: virtual time on a modelled machine. */
static bool modelled(const struct csv *c, size_t r)
{
	return !strcmp(text(c, r, "mode"), "model");
}

static void put_num(FILE *f, double v, const char *fmt)
{
	if (isnan(v)) {
		fputs("<td class=\"num\">&ndash;</td>", f);
		return;
	}
	fputs("<td class=\"num\">", f);
	fprintf(f, fmt, v);
	fputs("</td>", f);
}

/*
 * The gain of folio-batched over folio in forks per second, with an
 * interval from the two medians' 95% intervals (the widest the ratio can
 * be when both medians lie in theirs).
 */
struct gain {
	double median, lo, hi;
};

static double col(const struct csv *c, size_t r, const char *metric,
		  const char *part)
{
	char name[96];

	snprintf(name, sizeof(name), "%s_%s", metric, part);
	return field(c, r, name);
}

/*
 * The ratio of a over b in metric, less one, in percent: a rate's gain
 * (a = folio-batched), or a cost's saving (a = folio).
 */
static struct gain gain_in(const struct csv *c, const char *metric, size_t a,
			   size_t b)
{
	return (struct gain){
		100 * (col(c, a, metric, "median") /
			       col(c, b, metric, "median") -
		       1),
		100 * (col(c, a, metric, "ci_lo") / col(c, b, metric, "ci_hi") -
		       1),
		100 * (col(c, a, metric, "ci_hi") / col(c, b, metric, "ci_lo") -
		       1),
	};
}

static struct gain gain_of(const struct csv *c, size_t fb, size_t fo)
{
	return gain_in(c, "forks_per_s", fb, fo);
}

static void put_gain(FILE *f, struct gain g)
{
	put_num(f, g.median, "%+.1f%%");
	if (isnan(g.lo) || isnan(g.hi))
		fputs("<td class=\"num\">&ndash;</td>", f);
	else
		fprintf(f, "<td class=\"num\">%+.1f%% to %+.1f%%</td>", g.lo,
			g.hi);
}

static void put_pair(FILE *f, const struct csv *c, size_t fb, size_t fo)
{
	fprintf(f, "<tr><td>measured</td>");
	put_num(f, field(c, fb, "threads"), "%.0f");
	put_num(f, field(c, fb, "vmas_per_file"), "%.0f");
	put_num(f, field(c, fo, "forks_per_s_median"), "%.0f");
	put_num(f, field(c, fb, "forks_per_s_median"), "%.0f");
	put_gain(f, gain_of(c, fb, fo));
	put_num(f, field(c, fo, "file_locks_per_fork_median"), "%.1f");
	put_num(f, field(c, fb, "file_locks_per_fork_median"), "%.1f");
	put_num(f, field(c, fo, "file_lock_contended_pct_median"), "%.2f%%");
	put_num(f, field(c, fb, "file_lock_contended_pct_median"), "%.2f%%");
	fputs("</tr>\n", f);
}

/* A folio-batched point and the folio point at its parameters. */
struct pair {
	size_t fb, fo;
	double threads, per_file;
	const char *machine;
};

static int pair_cmp(const void *a, const void *b)
{
	const struct pair *x = a, *y = b;
	int m = strcmp(x->machine, y->machine);

	if (m)
		return m;
	if (x->threads != y->threads)
		return x->threads < y->threads ? -1 : 1;
	return (x->per_file > y->per_file) - (x->per_file < y->per_file);
}

/*
 * Every pair of measured points, or of modelled ones (which pair only
 * with their own machine's), by threads then vmas per file; returns how
 * many.
 */
static size_t find_pairs(const struct csv *c, bool model, struct pair **out)
{
	int scol = csv_column(c, "strategy"), ncol = csv_column(c, "n");
	struct pair *p = calloc(c->nr_rows + 1, sizeof(*p));
	size_t n = 0;

	if (!p)
		die_oom("the modern table");
	for (size_t fb = 0; fb < c->nr_rows; fb++) {
		if (strcmp(c->row[fb].field[scol], "folio-batched") ||
		    !(field(c, fb, "n") > 0) || modelled(c, fb) != model)
			continue;
		for (size_t fo = 0; fo < c->nr_rows; fo++)
			if (!strcmp(c->row[fo].field[scol], baseline(c)) &&
			    field(c, fo, "n") > 0 &&
			    same_point(c, fb, fo, scol, ncol))
				p[n++] = (struct pair){
					fb, fo, field(c, fb, "threads"),
					field(c, fb, "vmas_per_file"),
					text(c, fb, "machine")
				};
	}
	qsort(p, n, sizeof(*p), pair_cmp);
	*out = p;
	return n;
}

/* A machine's name as HTML text: it comes from a profile file. */
static void put_name(FILE *f, const char *s)
{
	for (; *s; s++) {
		if (*s == '<')
			fputs("&lt;", f);
		else if (*s == '>')
			fputs("&gt;", f);
		else if (*s == '&')
			fputs("&amp;", f);
		else if (*s == '"')
			fputs("&quot;", f);
		else
			fputc(*s, f);
	}
}

static void put_model_pair(FILE *f, const struct csv *c, const struct pair *p)
{
	fputs("<tr><td>", f);
	put_name(f, p->machine);
	fputs("</td>", f);
	put_num(f, p->threads, "%.0f");
	put_num(f, field(c, p->fo, "forks_per_s_median"), "%.0f");
	put_num(f, field(c, p->fb, "forks_per_s_median"), "%.0f");
	put_gain(f, gain_of(c, p->fb, p->fo));
	put_gain(f, gain_in(c, "ns_per_pte", p->fo, p->fb));
	put_num(f, field(c, p->fo, "file_lock_contended_pct_median"), "%.2f%%");
	put_num(f, field(c, p->fb, "file_lock_contended_pct_median"), "%.2f%%");
	put_num(f, field(c, p->fo, "spin_ns_per_pte_median"), "%.1f");
	put_num(f, field(c, p->fb, "spin_ns_per_pte_median"), "%.1f");
	fputs("</tr>\n", f);
}

/* The sentence for the most CPUs each machine was modelled at. */
static void put_model_verdict(FILE *f, const struct csv *c,
			      const struct pair *p)
{
	struct gain busy = gain_in(c, "ns_per_pte", p->fo, p->fb),
		    wall = gain_of(c, p->fb, p->fo);

	fputs("<p><strong>Modelled, not measured</strong> (--mode model, ", f);
	put_name(f, p->machine);
	fprintf(f,
		", %.0f CPUs, %.0f vmas per file): folio-batched gains <strong>%+.1f%%</strong> over %s in "
		"forks per busy CPU (interval %+.1f%% to %+.1f%%) and %+.1f%% in wall-clock "
		"forks per second (%+.1f%% to %+.1f%%), beside the RFC's <strong>measured "
		"+2&ndash;7%%</strong> execs per second on two EPYC 9754 (512 threads, doexec).</p>\n",
		p->threads, p->per_file, busy.median, baseline(c), busy.lo,
		busy.hi,
		wall.median, wall.lo, wall.hi);
}

/*
 * The modelled pairs: each machine's CPU counts, the gain in wall-clock
 * forks per second (set by the CPU that finishes its quota of forks last),
 * and in forks per busy CPU (the fork and exit time summed over CPUs per
 * pte, ns_per_pte: what a run in which every CPU forks for a fixed time,
 * as doexec's processes do, would gain), the file lock's contended share
 * and the time spent spinning.
 */
static void put_modelled(FILE *f, const struct csv *c)
{
	struct pair *p;
	size_t n = find_pairs(c, true, &p);

	if (!n) {
		free(p);
		return;
	}
	fprintf(f,
		"<h4>Modelled on many CPUs</h4>\n<div class=\"scroll\"><table>\n<thead><tr><th>machine (model)</th>"
		"<th>CPUs</th><th>%s forks/s</th><th>folio-batched forks/s</th><th>gain, wall clock</th>"
		"<th>interval</th><th>gain, per busy CPU</th><th>interval</th>"
		"<th>file lock contended, %s</th><th>&hellip; batched</th>"
		"<th>spin ns per pte, %s</th><th>&hellip; batched</th></tr></thead>\n<tbody>\n",
		baseline(c), baseline(c), baseline(c));
	for (size_t i = 0; i < n; i++)
		put_model_pair(f, c, &p[i]);
	fputs("</tbody></table></div>\n", f);
	for (size_t i = 0; i < n; i++)
		if (i + 1 == n || strcmp(p[i].machine, p[i + 1].machine))
			put_model_verdict(f, c, &p[i]);
	fputs("<p class=\"note\">The model runs every CPU through the very fork and exit code on a "
	      "simulated machine (docs/model-guide.md lists what it leaves out); its processes "
	      "fork, exec and exit as the measured ones do, but the rest of an exec (the kernel's execve, "
	      "the loader, the program) costs them nothing here; the replay's step 6 prices it from this "
	      "host's own fork+exec+exit (rmapbench truth --exec), and at 512 CPUs, where the processes "
	      "queue on i_mmap_rwsem, it moves the gain by a few points.  Its rw_semaphore is the kernel's: writers spin behind one "
	      "spinner (the OSQ) while the owner runs, sleepers are woken one writer or all readers at a time.  "
	      "The gain is no prediction; docs/modern.md has the replay and its "
	      "ablation (scripts/rfc-replay.sh).  Nothing in the machine profile or the workload was set from the RFC's figure.  "
	      "Per busy CPU is the ratio of the CPU time per fork; wall clock is set by the CPU that "
	      "finishes its quota of forks last, so lock starvation weighs on it.  Intervals are the "
	      "summary's (the repetitions' range below 6 of them: other start phases).</p>\n",
	      f);
	free(p);
}

void put_2026(FILE *f, const struct csv *c)
{
	struct pair *p;
	size_t pairs;

	fputs("<h3>Beside the 2026 figure</h3>\n<p class=\"note\">Posted on linux-kernel: batching the unlink "
	      "side at exit (commit 3577dbb19241, Mateusz Guzik, May 2024) gave about 4% more execs per second "
	      "(~50k to ~52k) with dynamically linked binaries at 20-odd cores; batching the link side at fork "
	      "(&ldquo;[RFC PATCH] mm: batch link_file_vma calls in dup_mmap&rdquo;, Yibin Liu, 16 June 2026) "
	      "gave <strong>2&ndash;7% more execs per second on an AMD EPYC 9754 with 512 threads</strong>, "
	      "both with the doexec benchmark.  <em>folio</em> is the kernel before both (6.9, 6.10), "
	      "<em>mainline</em> has the exit side (6.11 on: the RFC's &ldquo;unpatched kernel&rdquo;), "
	      "<em>folio-batched</em> both (the RFC); the gain is folio-batched's over mainline when the "
	      "run has it, else over folio, in forks per second, its interval the widest ratio of the two "
	      "medians' 95% intervals.</p>\n",
	      f);
	if (csv_column(c, "strategy") < 0 || csv_column(c, "n") < 0) {
		fputs("<p>No strategy and n columns in summary.csv.</p>\n", f);
		return;
	}
	fprintf(f,
		"<div class=\"scroll\"><table>\n<thead><tr><th></th><th>threads</th><th>vmas per file</th>"
		"<th>%s forks/s</th><th>folio-batched forks/s</th><th>gain</th><th>95%% interval</th>"
		"<th>file locks per fork, %s</th><th>&hellip; batched</th>"
		"<th>file lock contended, %s</th><th>&hellip; batched</th></tr></thead>\n<tbody>\n",
		baseline(c), baseline(c), baseline(c));
	pairs = find_pairs(c, false, &p);
	for (size_t i = 0; i < pairs; i++)
		put_pair(f, c, p[i].fb, p[i].fo);
	free(p);
	fputs("</tbody></table></div>\n", f);
	if (!pairs)
		fprintf(f,
			"<p>This run has no measured %s and folio-batched points at the same parameters.</p>\n",
			baseline(c));
	fputs("<p class=\"note\">With --lifecycle fork-exec-exit, as doexec, each child execs a new image "
	      "on another CPU, mapping every library again (one i_mmap_rwsem hold per file vma, batched by "
	      "neither patch), faults it in and exits; the file locks per fork count fork, exec and exit.  "
	      "The contended share of the file lock against the share of every lock (the summary's lock "
	      "columns) says whether the files' i_mmap_rwsem or the anon_vmas' locks are where threads "
	      "meet.</p>\n",
	      f);
	put_modelled(f, c);
}

/* ---- the modern graph's table (plot/modern.gp) ------------------------ */

/* The vmas per file most measured points have: the left panel's. */
static double common_per_file(const struct csv *c)
{
	double best = NAN;
	size_t best_n = 0;

	for (size_t r = 0; r < c->nr_rows; r++) {
		double v = field(c, r, "vmas_per_file");
		size_t n = 0;

		for (size_t s = 0; s < c->nr_rows; s++)
			n += field(c, s, "vmas_per_file") == v &&
			     field(c, s, "n") > 0 && !modelled(c, s);
		if (n > best_n) {
			best_n = n;
			best = v;
		}
	}
	return best;
}

/* Measured before modelled, each machine's apart, then by strategy. */
static int row_cmp(const void *a, const void *b, void *arg)
{
	const struct csv *c = arg;
	size_t x = *(const size_t *)a, y = *(const size_t *)b;
	unsigned int sx = strategy_rank(text(c, x, "strategy")),
		     sy = strategy_rank(text(c, y, "strategy"));
	double tx = field(c, x, "threads"), ty = field(c, y, "threads");
	int m = strcmp(text(c, x, "machine"), text(c, y, "machine"));

	if (modelled(c, x) != modelled(c, y))
		return modelled(c, x) ? 1 : -1;
	if (m && modelled(c, x))
		return m;
	if (sx != sy)
		return sx < sy ? -1 : 1;
	return (tx > ty) - (tx < ty);
}

/* Rows i and j of idx belong to one line: mode, machine, strategy. */
static bool same_line(const struct csv *c, size_t x, size_t y)
{
	return modelled(c, x) == modelled(c, y) &&
	       (!modelled(c, x) ||
		!strcmp(text(c, x, "machine"), text(c, y, "machine"))) &&
	       !strcmp(text(c, x, "strategy"), text(c, y, "strategy"));
}

/*
 * "# keys:" (each line's strategy), "# titles:" and "# models:" (0
 * measured, 1 modelled: style.gp's mdl()), one word per line of idx.
 */
static void left_keys(const struct csv *c, FILE *out, const size_t *idx,
		      size_t n)
{
	static const char *const what[] = { "keys", "titles", "models" };

	for (int w = 0; w < 3; w++) {
		fprintf(out, "# %s:", what[w]);
		for (size_t i = 0; i < n; i++) {
			if (i && same_line(c, idx[i], idx[i - 1]))
				continue;
			if (w == 0)
				fprintf(out, " %s",
					text(c, idx[i], "strategy"));
			else if (w == 2)
				fprintf(out, " %d", modelled(c, idx[i]));
			else if (modelled(c, idx[i]))
				fprintf(out, " \"%s (model: %s)\"",
					text(c, idx[i], "strategy"),
					text(c, idx[i], "machine"));
			else
				fprintf(out, " %s",
					text(c, idx[i], "strategy"));
		}
		fputs("\n", out);
	}
}

/*
 * Left blocks: one per strategy, "threads forks_per_s median ci_lo ci_hi",
 * at the common vmas per file; measured first, then each modelled
 * machine's (--mode model: marked so in the keys).  Returns the blocks
 * written; *models the modelled ones.
 */
static int left_blocks(const struct csv *c, FILE *out, double per_file,
		       int *models)
{
	size_t *idx = calloc(c->nr_rows + 1, sizeof(*idx)), n = 0;
	int blocks = 0;

	if (!idx)
		die_oom("the modern table");
	for (size_t r = 0; r < c->nr_rows; r++)
		if (field(c, r, "n") > 0 &&
		    field(c, r, "vmas_per_file") == per_file &&
		    !isnan(field(c, r, "forks_per_s_median")))
			idx[n++] = r;
	qsort_r(idx, n, sizeof(*idx), row_cmp, (void *)c);
	left_keys(c, out, idx, n);
	*models = 0;
	for (size_t i = 0; i < n; i++) {
		if (!i || !same_line(c, idx[i], idx[i - 1])) {
			fprintf(out, "%s# %s\n", blocks++ ? "\n\n" : "",
				text(c, idx[i], "strategy"));
			*models += modelled(c, idx[i]);
		} else if (field(c, idx[i], "threads") ==
			   field(c, idx[i - 1], "threads")) {
			continue; /* one point per thread count */
		}
		fprintf(out, "%s %s %s %s\n", text(c, idx[i], "threads"),
			text(c, idx[i], "forks_per_s_median"),
			text(c, idx[i], "forks_per_s_ci_lo"),
			text(c, idx[i], "forks_per_s_ci_hi"));
	}
	free(idx);
	return blocks;
}

/* Right blocks: one per thread count, "vmas_per_file gain lo hi" (%). */
static void right_blocks(const struct csv *c, FILE *out, const struct pair *p,
			 size_t n)
{
	fputs("# rtitles:", out);
	for (size_t i = 0; i < n; i++)
		if (!i || p[i].threads != p[i - 1].threads)
			fprintf(out, " \"%.0f thread%s\"", p[i].threads,
				p[i].threads > 1 ? "s" : "");
	fputs("\n", out);
	for (size_t i = 0; i < n; i++) {
		struct gain g = gain_of(c, p[i].fb, p[i].fo);

		if (!i || p[i].threads != p[i - 1].threads)
			fprintf(out, "\n\n# threads %.0f\n", p[i].threads);
		else if (p[i].per_file == p[i - 1].per_file)
			continue;
		fprintf(out, "%.0f %.3f ", p[i].per_file, g.median);
		fprintf(out, isnan(g.lo) ? "? " : "%.3f ", g.lo);
		fprintf(out, isnan(g.hi) ? "?\n" : "%.3f\n", g.hi);
	}
}

int modern_plotdata(const struct csv *c, const char *suite, FILE *out,
		    char *why, size_t len)
{
	struct pair *p;
	size_t n = find_pairs(c, false, &p), values = 0;
	int nleft, models;
	double per_file;

	for (size_t i = 0; i < n; i++) {
		bool seen = false;

		for (size_t j = 0; j < i; j++)
			seen |= p[j].per_file == p[i].per_file;
		values += !seen;
	}
	if (values < 2) {
		free(p);
		snprintf(
			why, len,
			"no --vmas-per-file sweep of folio and folio-batched in summary.csv");
		return PLOTDATA_SKIP;
	}
	per_file = common_per_file(c);
	fprintf(out,
		"# title: %s: today's fork path\n# xlabel: driver threads (modelled: CPUs)\n"
		"# ylabel: forks per second (wall clock)\n"
		"# rxlabel: vmas per file (--vmas-per-file), measured\n"
		"# rylabel: folio-batched over its baseline, forks per second\n"
		"# left: vmas per file %.0f\n",
		suite, per_file);
	nleft = left_blocks(c, out, per_file, &models);
	fprintf(out, "# nleft: %d\n# nmodelled: %d\n", nleft, models);
	if (models)
		fputs("# note: dashed lines and open points are modelled (--mode model), not measured: "
		      "virtual time on the machine their key names\n",
		      out);
	right_blocks(c, out, p, n);
	free(p);
	return PLOTDATA_DRAWN;
}

/* ---- the host kernel as ground truth (rmapbench truth) --------------- */

static double truth_median(const struct csv *c, const char *source,
			   double forkers, double vmas)
{
	for (size_t r = 0; r < c->nr_rows; r++)
		if (!strcmp(text(c, r, "source"), source) &&
		    field(c, r, "forkers") == forkers &&
		    field(c, r, "vmas") == vmas)
			return field(c, r, "median_ns");
	return NAN;
}

static double meta_number(const struct csv *c, const char *key)
{
	const char *v = csv_meta_get(c, key);
	double d;

	return v && !csv_parse_number(v, &d) ? d : NAN;
}

static void put_truth_rows(FILE *f, const struct csv *c, double forkers)
{
	static const char *const src[] = { "real", "measured", "modelled" };

	for (size_t r = 0; r < c->nr_rows; r++) {
		double vmas = field(c, r, "vmas");

		if (strcmp(text(c, r, "source"), "real") ||
		    field(c, r, "forkers") != forkers)
			continue;
		fprintf(f, "<tr><td class=\"num\">%.0f</td>", forkers);
		put_num(f, vmas, "%.0f");
		for (size_t s = 0; s < ARRAY_SIZE(src); s++)
			put_num(f, truth_median(c, src[s], forkers, vmas) / 1000,
				"%.1f");
		fputs("</tr>\n", f);
	}
}

void put_truth(FILE *f, const char *dir)
{
	char *path = path_join(dir, "truth.csv"), msg[512] = "";
	const char *kernel, *strategy;
	double one, all, forkers = 1;
	struct csv c;

	if (csv_read(path, &c, msg, sizeof(msg))) {
		free(path);
		return;
	}
	free(path);
	kernel = csv_meta_get(&c, "truth_kernel");
	strategy = csv_meta_get(&c, "truth_strategy");
	for (size_t r = 0; r < c.nr_rows; r++)
		if (field(&c, r, "forkers") > forkers)
			forkers = field(&c, r, "forkers");
	fputs("<section id=\"truth\">\n<h2>The host kernel as ground truth: a file vma at fork and exit</h2>\n"
	      "<p class=\"note\"><code>rmapbench truth</code> timed this host's real fork() + _exit() of "
	      "processes mapping one file as N vmas (every other page PROT_NONE, so the kernel keeps them "
	      "apart; no pte is copied), one forker and every CPU forking at once, and ran the simulated "
	      "strategy of the running kernel at the same shape, measured here and modelled on "
	      "machines/host.  Medians in &micro;s per fork+exit; <strong>measured on a host that may be "
	      "loaded</strong>.</p>\n",
	      f);
	fputs("<p>Kernel ", f);
	put_name(f, kernel ? kernel : "?");
	fputs(", simulated as <em>", f);
	put_name(f, strategy ? strategy : "?");
	fputs("</em>.</p>\n", f);
	fputs("<div class=\"scroll\"><table>\n<thead><tr><th>forkers</th><th>vmas</th><th>real &micro;s</th>"
	      "<th>simulated, measured &micro;s</th><th>simulated, modelled &micro;s</th></tr></thead>\n<tbody>\n",
	      f);
	put_truth_rows(f, &c, 1);
	if (forkers > 1)
		put_truth_rows(f, &c, forkers);
	fputs("</tbody></table></div>\n", f);
	fputs("<div class=\"scroll\"><table>\n<thead><tr><th>ns per file vma (slope)</th><th>one forker</th>"
	      "<th>every CPU</th></tr></thead>\n<tbody>\n",
	      f);
	for (int s = 0; s < 3; s++) {
		static const char *const src[] = { "real", "measured",
						   "modelled" };
		char key[64];

		snprintf(key, sizeof(key), "fit_%s_one_per_vma_ns", src[s]);
		one = meta_number(&c, key);
		snprintf(key, sizeof(key), "fit_%s_all_per_vma_ns", src[s]);
		all = meta_number(&c, key);
		fprintf(f, "<tr><td>%s</td>", s ? src[s] : "real (the kernel), medians");
		put_num(f, one, "%.1f");
		put_num(f, all, "%.1f");
		fputs("</tr>\n", f);
		if (s)
			continue;
		fputs("<tr><td>real, fastest tries</td>", f);
		put_num(f, meta_number(&c, "fit_real_one_per_vma_min_ns"),
			"%.1f");
		put_num(f, meta_number(&c, "fit_real_all_per_vma_min_ns"),
			"%.1f");
		fputs("</tr>\n<tr><td>measured, fastest run</td>", f);
		put_num(f, meta_number(&c, "fit_measured_one_per_vma_min_ns"),
			"%.1f");
		put_num(f, meta_number(&c, "fit_measured_all_per_vma_min_ns"),
			"%.1f");
		fputs("</tr>\n", f);
	}
	fputs("</tbody></table></div>\n", f);
	one = meta_number(&c, "fit_measured_one_per_vma_ns") /
	      meta_number(&c, "fit_real_one_per_vma_ns");
	all = meta_number(&c, "fit_measured_one_per_vma_min_ns") /
	      meta_number(&c, "fit_real_one_per_vma_min_ns");
	if (!isnan(one))
		fprintf(f,
			"<p>The simulated rmap work (the i_mmap_rwsem hold and interval-tree update, get_file/fput) is "
			"<strong>%.0f%%</strong> of the real per-vma cost at one forker, through the medians (%.0f%% "
			"through the fastest tries of each); a share outside 0&ndash;100%% says the host was too "
			"loaded for a line.  The rest is the kernel's other per-vma work at fork and exit "
			"(vm_area_dup(), the maple tree, the vma's accounting, freeing it), which the model does "
			"not simulate.</p>\n",
			100 * one, 100 * all);
	fputs("</section>\n", f);
	csv_free(&c);
}
