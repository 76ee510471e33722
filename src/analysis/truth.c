// SPDX-License-Identifier: GPL-2.0
/*
 * Ground truth for the report.  The 2002 figures are those of the
 * linux-kernel thread "[PATCH] Rmap speedup" and its replies (Daniel
 * Phillips and Andrew Morton, 2-7 August 2002; docs/replay-2002.md names
 * each posting by Message-ID): Morton's times of daniel.sh on a quad PIII
 * under 2.4.19-pre7, rmap-13b and rmap-13b with Phillips' patch, his lock
 * counters and profile, and Phillips' share of the raw setup/teardown
 * cost his patch removed.  Nothing here is typed in but those, once, in
 * the tables below; every figure of the report is computed from them.
 */
#include <math.h>
#include <stddef.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include "lib/regime.h"
#include "lib/replay2002.h"
#include "lib/stats.h"
#include "results.h"
#include "truth.h"
#include "truth_impl.h"

#define PHILLIPS_RAW 35.0 /* % of raw setup/teardown overhead removed */

/* The three 2.4.19 kernels of akpm's timings. */
enum era {
	ERA_NONE = R2002_NONE,
	ERA_RMAP = R2002_RMAP,
	ERA_DANIEL = R2002_DANIEL,
	NR_ERAS = R2002_KERNELS
};

/*
 * daniel.sh ("[PATCH] Rmap speedup", Daniel Phillips, 2 Aug 2002,
 * <E17aiJv-0007cr-00@starship>): 10 background loops of 500 iterations;
 * an iteration forks a subshell for "( cat $1 | wc -l )", which forks cat
 * and wc, and one for expr's command substitution: 4 processes.  The main
 * shell's polling loop is left out (how often it polled is unknown).
 */
#define DANIEL_LOOPS 10
#define DANIEL_ITERATIONS (DANIEL_LOOPS * 500)

/* One of akpm's timed runs of daniel.sh: zsh's "time" line. */
struct akpm_run {
	double user_s, sys_s, cpu_pct, elapsed_s;
};

/*
 * akpm's three runs of each kernel on his quad PIII ("Re: [PATCH] Rmap
 * speedup", 3 Aug 2002, <3D4C4DD9.779C057B@zip.com.au>), typed in once;
 * every 2002 figure of the report is computed from these and from the
 * counters and profile below.
 */
static const struct akpm_run akpm_runs[NR_ERAS][3] = {
	[ERA_NONE] = { { 35.12, 65.96, 363, 27.814 },
		       { 35.95, 64.77, 362, 27.763 },
		       { 34.99, 66.46, 364, 27.861 } },
	[ERA_RMAP] = { { 36.20, 106.80, 363, 39.316 },
		       { 38.76, 118.69, 399, 39.405 },
		       { 35.47, 106.90, 364, 39.062 } },
	[ERA_DANIEL] = { { 33.72, 97.20, 364, 35.904 },
			 { 35.18, 94.48, 363, 35.690 },
			 { 34.83, 95.66, 363, 35.921 } },
};

/*
 * akpm's instrumentation of the same test on 2.5.30 with his port of the
 * patch (copy and zap keep a cached rmap lock) [AM-b]: rmap locks taken,
 * cached-lock hits and misses; and lockmeter's share of CPU time spent
 * spinning, in %.
 */
#define AKPM_RMAP_LOCKS 6.5e6
#define AKPM_CACHED_HITS 9.2e6
#define AKPM_CACHED_MISSES 2.6e6
#define AKPM_SPIN_PCT 1.0

/*
 * The 2.4.19-pre7 profile's shares of the four functions of the fork,
 * exec and exit paths, in % of samples (akpm, 3 Aug 2002,
 * <3D4C78F0.5793D6B3@zip.com.au>).
 */
static const struct {
	const char *function;
	double pct;
} akpm_profile[] = {
	{ "do_wp_page", 21.8694 },
	{ "do_no_page", 5.78375 },
	{ "copy_page_range", 5.72269 },
	{ "zap_page_range", 5.3952 },
};

/* The mean over akpm's runs of one kernel of a field of struct akpm_run. */
static double akpm_mean(enum era e, size_t field)
{
	double sum = 0;

	for (int i = 0; i < 3; i++)
		sum += *(const double *)((const char *)&akpm_runs[e][i] +
					 field);
	return sum / 3;
}

#define AKPM_MEAN(e, f) akpm_mean(e, offsetof(struct akpm_run, f))

static double akpm_cpu_s(enum era e)
{
	return AKPM_MEAN(e, user_s) + AKPM_MEAN(e, sys_s);
}

/* The share of akpm's 2.4.19-pre7 profile function f took, in %. */
static double profile_pct(const char *f)
{
	for (size_t i = 0; i < sizeof(akpm_profile) / sizeof(*akpm_profile);
	     i++)
		if (!strcmp(akpm_profile[i].function, f))
			return akpm_profile[i].pct;
	return NAN;
}

/*
 * The profile's samples are of system time (idle ticks in it would raise
 * the share): copy_page_range() and zap_page_range() take their share of
 * the mean of the three runs' system times, over every process.
 */
double truth_2002_copy_zap_ns(void)
{
	double pct =
		profile_pct("copy_page_range") + profile_pct("zap_page_range");

	return 1e9 * AKPM_MEAN(ERA_NONE, sys_s) * pct / 100 /
	       (DANIEL_ITERATIONS * DANIEL_PROCS_PER_ITERATION);
}

double truth_2002_baseline_ns(void)
{
	return 1e9 * akpm_cpu_s(ERA_NONE) /
	       (DANIEL_ITERATIONS * DANIEL_PROCS_PER_ITERATION);
}

/* The suite's raw.csv in dir: 0, or -1 when it cannot be read. */
static int read_raw(const char *dir, struct csv *c)
{
	char path[4096], msg[512];
	FILE *f;
	int ret;

	snprintf(path, sizeof(path), "%s/raw.csv", dir);
	/* Only a regular file of bounded size: report_data.c checked it. */
	f = results_open(path, RESULTS_CSV_MAX, msg, sizeof(msg));
	if (!f)
		return -1;
	ret = csv_parse(f, path, c, msg, sizeof(msg));
	fclose(f);
	return ret ? -1 : 0;
}

/* A row's figure from the three kernels' values of one field. */
typedef double (*figure_fn)(const double *v);

/* The baseline kernel's own value (a share, a utilization). */
static double baseline(const double *v)
{
	return v[ERA_NONE];
}

/* Phillips' patch's own value (akpm's counters are of its 2.5 port). */
static double patched(const double *v)
{
	return v[ERA_DANIEL];
}

/*
 * One row of the table: what the figure is, where 2002 has it, its value
 * there, and which field of the replay it is computed from.
 */
struct comparison {
	const char *what;
	const char *source;
	double (*published)(void);
	figure_fn of;
	size_t field; /* offsetof(struct kv, ...); none: -1 */
	const char *cause;
};

#define NOT_REPLAYED ((size_t)-1)
#define FIELD(f) offsetof(struct kv, f)

static double akpm_elapsed(enum era e)
{
	return AKPM_MEAN(e, elapsed_s);
}

static double pub_overhead(void)
{
	double v[NR_ERAS] = { akpm_elapsed(ERA_NONE), akpm_elapsed(ERA_RMAP),
			      akpm_elapsed(ERA_DANIEL) };

	return r2002_overhead(v);
}

static double pub_removed(void)
{
	double v[NR_ERAS] = { akpm_elapsed(ERA_NONE), akpm_elapsed(ERA_RMAP),
			      akpm_elapsed(ERA_DANIEL) };

	return r2002_removed(v);
}

static double pub_raw(void)
{
	return PHILLIPS_RAW;
}

static double pub_cpu_overhead(void)
{
	double v[NR_ERAS] = { akpm_cpu_s(ERA_NONE), akpm_cpu_s(ERA_RMAP),
			      akpm_cpu_s(ERA_DANIEL) };

	return r2002_overhead(v);
}

static double pub_sys_overhead(void)
{
	double v[NR_ERAS] = { AKPM_MEAN(ERA_NONE, sys_s),
			      AKPM_MEAN(ERA_RMAP, sys_s),
			      AKPM_MEAN(ERA_DANIEL, sys_s) };

	return r2002_overhead(v);
}

static double pub_busy(void)
{
	return AKPM_MEAN(ERA_NONE, cpu_pct);
}

static double pub_profile_copy(void)
{
	return akpm_profile[2].pct;
}

static double pub_profile_zap(void)
{
	return akpm_profile[3].pct;
}

static double pub_profile_faults(void)
{
	return akpm_profile[0].pct + akpm_profile[1].pct;
}

static double pub_spin(void)
{
	return AKPM_SPIN_PCT;
}

static double pub_ptes_per_lock(void)
{
	return (AKPM_CACHED_HITS + AKPM_CACHED_MISSES) / AKPM_CACHED_MISSES;
}

static double pub_fault_locks(void)
{
	return (AKPM_RMAP_LOCKS - AKPM_CACHED_MISSES) / DANIEL_ITERATIONS;
}

static const struct comparison rows[] = {
	{ "rmap-13b's elapsed-time overhead over 2.4.19-pre7 (%)",
	  "Morton [AM-b]: mean of three runs each", pub_overhead,
	  r2002_overhead, FIELD(wall),
	  "The rest of a process: measured, this host's fork+exit stands for it "
	  "(--other-work calibrated), a 2020s CPU's, against which rmap weighs "
	  "less or more than on a PIII; modelled, 2.4.19-pre7's published CPU "
	  "time per process less the simulation's own (--other-work "
	  "baseline-2002).  See docs/replay-2002.md for the ablation." },
	{ "share of that overhead Phillips' patch removed (%)",
	  "Morton [AM-b]: (rmap-13b - patched) / (rmap-13b - 2.4.19-pre7)",
	  pub_removed, r2002_removed, FIELD(wall),
	  "The patch batches fork's copy only; its share depends on how much "
	  "of rmap's cost sits in exit's and exec's unbatched removals and in "
	  "faults, and on how its packed locks fare against PG_chainlock on "
	  "the machine (docs/replay-2002.md)." },
	{ "share of rmap's raw setup/teardown cost the patch removed (%)",
	  "Phillips [DP]: about 35%", pub_raw, r2002_removed, FIELD(ns),
	  "Phillips measured the fork and exit paths on his own machine; here "
	  "the pte loops of fork, exec, faults and exit." },
	{ "rmap-13b's CPU-time (user + system) overhead (%)", "Morton [AM-b]",
	  pub_cpu_overhead, r2002_overhead, FIELD(cpu),
	  "CPU time: the pte phases plus the rest of each process." },
	{ "rmap-13b's system-time overhead (%)", "Morton [AM-b]",
	  pub_sys_overhead, NULL, NOT_REPLAYED,
	  "Not replayed: the rest of a process is not split into user and "
	  "system time." },
	{ "2.4.19-pre7's CPU utilization (%)", "Morton [AM-b]: zsh's time",
	  pub_busy, baseline, FIELD(busy_pct),
	  "CPU time over elapsed time; 4 CPUs give at most 400%." },
	{ "2.4.19-pre7 profile: copy_page_range (% of CPU)",
	  "Morton [AM-c]: oprofile", pub_profile_copy, baseline,
	  FIELD(copy_pct),
	  "The replay's fork phase: copy_page_range() and what it calls." },
	{ "2.4.19-pre7 profile: zap_page_range (% of CPU)",
	  "Morton [AM-c]: oprofile", pub_profile_zap, baseline, FIELD(zap_pct),
	  "The replay's exec and exit zaps." },
	{ "2.4.19-pre7 profile: do_wp_page + do_no_page (% of CPU)",
	  "Morton [AM-c]: oprofile", pub_profile_faults, baseline,
	  FIELD(fault_pct),
	  "The replay's faults set ptes and rmap entries; the kernel's also "
	  "copied a page per COW fault and read or zeroed one per fault, "
	  "which the replay leaves in the rest of a process." },
	{ "share of CPU time spinning on locks (%)",
	  "Morton [AM-b]: lockmeter, 2.5.30 with his port of the patch",
	  pub_spin, patched, FIELD(spin_pct),
	  "Modelled only (virtual time spent waiting for a lock); 2002's is "
	  "the 2.5 port's, set beside Phillips' patch." },
	{ "ptes per lock_rmap() acquisition",
	  "Morton [AM-b]: (9.2M + 2.6M) / 2.6M, 2.5.30", pub_ptes_per_lock,
	  patched, FIELD(ptes_per_lock),
	  "2002's is the 2.5 port's, over copy and zap; the replay's is "
	  "Phillips' copy, whose runs the layout and the anonymous pages' "
	  "index decide (docs/replay-2002.md)." },
	{ "fault-path rmap locks per daniel.sh iteration",
	  "Morton [AM-b]: (6.5M - 2.6M) / 5,000, 2.5.30", pub_fault_locks,
	  patched, FIELD(fault_locks),
	  "The replay's 4 processes an iteration, each with its image's faults "
	  "and 8 COW faults (two locks each); daniel.sh's images and COW "
	  "faults were larger, and its polling shell is left out." },
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
		double x[NR_ERAS], y;

		for (int e = 0; e < NR_ERAS; e++)
			x[e] = *(const double *)((const char *)&reps[i].k[e] +
						 row->field);
		y = row->of(x);
		if (isfinite(y))
			v[m++] = y;
	}
	ret = m ? stats_median_ci(v, m, ci) : -1;
	if (!ret)
		*median = stats_median(v, m);
	*used = m;
	free(v);
	return ret;
}

/*
 * One row: the figure, who (measured, or model:MACHINE: every row says
 * which it is), the 2002 source and value, rmapbench's median, its
 * interval and the difference.
 */
static void put_row(FILE *f, const struct comparison *row, const char *who,
		    const struct rep *reps, size_t n)
{
	double published = row->published();
	struct median_ci ci;
	double median;
	size_t used;

	fprintf(f,
		"<tr><td>%s</td><td>%s</td><td>%s</td><td class=\"num\">%.1f</td>",
		row->what, who, row->source, published);
	if (row->field == NOT_REPLAYED ||
	    measure(row, reps, n, &median, &ci, &used)) {
		fprintf(f,
			"<td class=\"num\">&ndash;</td><td>&ndash;</td>"
			"<td class=\"num\">&ndash;</td><td>%s</td></tr>\n",
			row->field == NOT_REPLAYED ? row->cause :
						     "not measured");
		return;
	}
	fprintf(f,
		"<td class=\"num\">%.1f</td><td class=\"num\">%.1f &ndash; %.1f "
		"(%.0f%%, n&nbsp;%zu)</td><td class=\"num\">%+.1f%s</td><td>%s</td></tr>\n",
		median, ci.lo, ci.hi, 100 * ci.coverage, used,
		median - published,
		published >= ci.lo && published <= ci.hi ?
			" (2002 inside the interval)" :
			"",
		row->cause);
}

/*
 * The measured repetitions by the regime they ran in: a repetition's is
 * its three kernels' ping-pong when all three agree (lib/regime.h).
 */
struct by_regime {
	struct regimes regimes;
	struct rep *reps[REGIME_MAX];
	char who[REGIME_MAX][64];
	size_t unlabelled; /* repetitions in no one regime */
};

static double rep_regime(const struct rep *r)
{
	double p[NR_ERAS];

	for (int e = 0; e < NR_ERAS; e++)
		p[e] = r->k[e].pingpong;
	return r2002_regime(p);
}

static void split_regimes(const struct rep *reps, size_t n,
			  struct by_regime *by)
{
	double *v = malloc((n ? n : 1) * sizeof(*v));
	int *group = malloc((n ? n : 1) * sizeof(*group));
	size_t fill[REGIME_MAX] = { 0 };

	memset(by, 0, sizeof(*by));
	if (!v || !group)
		goto out;
	for (size_t i = 0; i < n; i++)
		v[i] = rep_regime(&reps[i]);
	regime_group(v, n, group, &by->regimes);
	for (size_t k = 0; k < by->regimes.n; k++) {
		by->reps[k] = calloc(by->regimes.count[k], sizeof(struct rep));
		if (!by->reps[k])
			by->regimes.count[k] = 0;
		snprintf(by->who[k], sizeof(by->who[k]),
			 "measured, ping-pong %.0f ns", by->regimes.centre[k]);
	}
	for (size_t i = 0; i < n; i++) {
		int k = group[i];

		if (k >= 0 && by->reps[k])
			by->reps[k][fill[k]++] = reps[i];
		else
			by->unlabelled++;
	}
out:
	free(v);
	free(group);
}

static void free_regimes(struct by_regime *by)
{
	for (size_t k = 0; k < by->regimes.n; k++)
		free(by->reps[k]);
}

static void put_regime_note(FILE *f, const struct by_regime *by, size_t n)
{
	if (by->regimes.n)
		fprintf(f,
			"<p class=\"note\">Measured repetitions are compared within the host's cache-to-cache "
			"regime they ran in (the one-way ping-pong before and after each point, raw.csv's "
			"pingpong_ns): a virtual machine flips between regimes several times apart, and a "
			"two-thread figure moves with them.  %zu regime%s; %zu of %zu repetitions, in no one "
			"regime (it changed during or between their kernels), are left out.</p>\n",
			by->regimes.n, by->regimes.n > 1 ? "s" : "", by->unlabelled, n);
}

void put_2002(FILE *f, const char *dir)
{
	struct rep *measured = NULL, *modelled = NULL;
	struct by_regime by;
	const char *machine = NULL;
	size_t nm = 0, nd = 0;
	char who[128] = "";
	struct csv c;
	bool has_raw = !read_raw(dir, &c);

	if (has_raw) {
		nm = truth_read_reps(&c, NULL, NAN, &measured);
		machine = truth_modelled_machine(&c);
	}
	if (machine)
		nd = truth_read_reps(&c, machine, truth_main_daemons(&c, machine),
				     &modelled);
	fputs("<h3>Beside the 2002 figures</h3>\n<p class=\"note\">Published on linux-kernel in the thread "
	      "&ldquo;[PATCH] Rmap speedup&rdquo; (Daniel Phillips, Andrew Morton, 2&ndash;7 August 2002; "
	      "sources by Message-ID in docs/replay-2002.md): Morton's daniel.sh, 10 background loops of "
	      "<code>( cat foo | wc -l )</code> and <code>expr</code> on a quad PIII, timed three times on "
	      "each of 2.4.19-pre7, rmap-13b and rmap-13b with Phillips' patch.  This suite replays it "
	      "(--lifecycle fork-exec-exit, 10 families, fixed work) on the three kernels, measured on this "
	      "host and modelled",
	      f);
	if (machine)
		fprintf(f,
			" on %s (virtual time on a modelled machine, not a measurement)",
			machine);
	fputs(".  Each rmapbench figure is the median over the repetitions, each repetition's kernels "
	      "paired (they ran in the same shuffled block), with the order-statistics interval of that "
	      "median and its coverage; the difference is rmapbench minus 2002.</p>\n",
	      f);
	fputs("<div class=\"scroll\"><table>\n<thead><tr><th>figure</th><th>measured or model</th>"
	      "<th>2002 source</th><th>2002</th><th>rmapbench</th><th>interval</th><th>difference</th>"
	      "<th>what the difference is due to</th></tr></thead>\n<tbody>\n",
	      f);
	if (machine)
		snprintf(who, sizeof(who), "model:%s", machine);
	split_regimes(measured, nm, &by);
	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		if (!by.regimes.n)
			put_row(f, &rows[i], "measured", measured, nm);
		for (size_t k = 0; k < by.regimes.n; k++)
			put_row(f, &rows[i], by.who[k], by.reps[k],
				by.regimes.count[k]);
		if (machine)
			put_row(f, &rows[i], who, modelled, nd);
	}
	fputs("</tbody></table></div>\n", f);
	put_regime_note(f, &by, nm);
	if (nm)
		truth_put_check4(f, &c);
	if (machine)
		truth_put_daemons(f, &c, machine);
	free_regimes(&by);
	if (!nm && !nd)
		fputs("<p>This run has none of these figures: the suite's raw.csv "
		      "has no 2.4.19-pre7, rmap-13b and patched rows with the same repetitions.</p>\n",
		      f);
	free(measured);
	free(modelled);
	if (has_raw)
		csv_free(&c);
}
