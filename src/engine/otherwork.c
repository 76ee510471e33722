// SPDX-License-Identifier: GPL-2.0
/*
 * --other-work calibrated: what a real fork+exit costs on this host beyond
 * what the simulation does with no rmap at all.  The host's figures come
 * from `rmapbench calibrate` (a fixed cost per process and a cost per
 * page, fitted over real fork() + _exit() + waitpid()); the simulation's
 * own cost per pte is a short probe of the `none` strategy at the sweep's
 * page count.  The rest is what every simulated process then spends
 * outside every lock, so that rmap's share of the elapsed time is set
 * against a whole process's cost, as in akpm's 2002 timings.
 */
#include <stdio.h>
#include <string.h>
#include "driver.h"
#include "lib/csv.h"
#include "lib/util.h"
#include "plan.h"
#include "runner.h"
#include "sweep.h"
#include "strategy/kernel.h"
#include "strategy/strategy.h"

#define PROBE_PTES 2000000.0 /* about 10 ms of none on a 2020s CPU */
#define PROBE_TRIES 3
/* Forks per process family of the 2002 baseline's probe. */
#define BASELINE_PROBE_FORKS 20

/* The host's fitted fork+exit: fixed ns per process and ns per page. */
static int read_calibration(const char *path, double *fixed, double *per_page,
			    char *msg, size_t len)
{
	const char *a, *b;
	struct csv cal;
	int ret = 0;

	if (csv_read(path, &cal, msg, len))
		return EXIT_USAGE;
	a = csv_meta_get(&cal, "fit_anon_fixed_ns");
	b = csv_meta_get(&cal, "fit_anon_per_page_ns");
	if (!a || !b || csv_parse_number(a, fixed) ||
	    csv_parse_number(b, per_page))
		ret = usage_fail(
			msg, len,
			"%s has no fit_anon_fixed_ns and fit_anon_per_page_ns: make it with 'rmapbench calibrate --out %s'",
			path, path);
	csv_free(&cal);
	return ret;
}

/* The simulated none strategy's fork+exit ns per pte, at cfg's pages. */
static int none_ns_per_pte(const struct config *point, double *ns, char *msg,
			   size_t len)
{
	struct config cfg = *point;
	struct point_result res;

	cfg.strategy = strategy_find("none");
	cfg.threads = cfg.loops = cfg.children = 1;
	cfg.lifecycle = LIFECYCLE_FORK_EXIT;
	cfg.cow_faults = cfg.reclaim = cfg.index_churn = 0;
	memset(&cfg.other_work, 0, sizeof(cfg.other_work));
	cfg.stats = false;
	cfg.cpus = NULL;
	cfg.warmup = 0.01;
	cfg.forks = PROBE_PTES / cfg.pages + 1;
	*ns = 0;
	for (int t = 0; t < PROBE_TRIES; t++) {
		double v;

		if (run_point(&cfg, &res, msg, len))
			return 1;
		v = result_ns_per_pte(&res, res.fork_ns + res.exit_ns);
		if (!*ns || v < *ns)
			*ns = v;
	}
	return 0;
}

/*
 * What the simulation itself charges one process of 2.4.19-pre7 at the
 * point's workload, in the point's mode (modelled: virtual time on its
 * machine): the CPU time of its fork, exec, faults and exit, per fork.
 */
static int baseline_sim_ns(const struct plan *p, const struct config *point,
			   double *ns, char *msg, size_t len)
{
	struct config cfg = *point;
	struct point_result res;
	int k = kernel_find("2.4.19-pre7");

	if (k < 0)
		return usage_fail(msg, len, "no kernel 2.4.19-pre7");
	cfg.kernel = (unsigned int)k;
	sweep_kernel_apply(&cfg);
	memset(&cfg.other_work, 0, sizeof(cfg.other_work));
	cfg.stats = false;
	cfg.cpus = NULL;
	cfg.forks = BASELINE_PROBE_FORKS * cfg.loops;
	if (runner_probe(&cfg, p->placement, p->seed, &res, msg, len))
		return usage_fail(msg, len, "--other-work baseline-2002: %s",
				  msg);
	if (!res.forks)
		return usage_fail(
			msg, len,
			"--other-work baseline-2002: the probe forked nothing");
	*ns = (double)(res.fork_ns + res.exec_ns + res.fault_ns + res.exit_ns) /
	      res.forks;
	return 0;
}

/* --other-work baseline-2002 of one sweep, from its first point. */
static int resolve_baseline(const struct plan *p, struct sweep *sw,
			    double baseline_ns, bool quiet, char *msg,
			    size_t len)
{
	struct other_work *ow = &sw->base.other_work;
	struct config cfg;
	double sim;

	sweep_point(sw, 0, &cfg);
	if (baseline_sim_ns(p, &cfg, &sim, msg, len))
		return EXIT_USAGE;
	ow->proc_ns = baseline_ns > sim ? baseline_ns - sim : 0;
	ow->page_ns = 0;
	ow->baseline = false;
	if (!quiet)
		fprintf(stderr,
			"rmapbench: --other-work baseline-2002: %.0f ns per process "
			"(2.4.19-pre7's published %.0f ns of CPU per daniel.sh process less "
			"its simulated %.0f ns)\n",
			ow->proc_ns, baseline_ns, sim);
	return 0;
}

int plan_resolve_other_work(struct plan *p, const char *calibration,
			    double baseline_ns, bool quiet, char *msg,
			    size_t len)
{
	double fixed, per_page, none;
	struct config cfg;
	int ret;

	for (unsigned int i = 0; i < p->nr_sweeps; i++) {
		struct other_work *ow = &p->sweeps[i].base.other_work;

		if (ow->baseline &&
		    resolve_baseline(p, &p->sweeps[i], baseline_ns, quiet, msg,
				     len))
			return EXIT_USAGE;
		if (!ow->calibrated)
			continue;
		if (!calibration)
			return usage_fail(
				msg, len,
				"--other-work calibrated needs --calibration CAL.csv (made by 'rmapbench calibrate --out CAL.csv')");
		ret = read_calibration(calibration, &fixed, &per_page, msg,
				       len);
		if (!ret) {
			sweep_point(&p->sweeps[i], 0, &cfg);
			ret = none_ns_per_pte(&cfg, &none, msg, len);
		}
		if (ret)
			return EXIT_USAGE;
		ow->proc_ns = fixed > 0 ? fixed : 0;
		ow->page_ns = per_page > none ? per_page - none : 0;
		ow->calibrated = false;
		if (!quiet)
			fprintf(stderr,
				"rmapbench: --other-work calibrated: %.0f ns per process + %.1f ns per page "
				"(the host's %.1f ns per page less none's %.1f ns per pte)\n",
				ow->proc_ns, ow->page_ns, per_page, none);
	}
	return 0;
}
