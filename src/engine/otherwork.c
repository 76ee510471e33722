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
 *
 * The probe is timed, so `rmapbench calibrate` takes it once, for a few
 * shapes, into the calibration file (none_ns_per_pte_<pages>_<file-frac>):
 * a run reads it there, and the same command and files give the same
 * rows.  A calibration without it (an older file) is probed afresh, and
 * the run says its rows will not repeat.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>
#include "accesstime.h"
#include "driver.h"
#include "lib/csv.h"
#include "lib/util.h"
#include "otherwork.h"
#include "plan.h"
#include "sweep.h"
#include "strategy/strategy.h"

/*
 * Ptes the none probe forks and exits: enough that the point's setup is
 * small beside them, few enough to probe in every run that needs it; the
 * least of PROBE_TRIES tries drops one an interrupt landed in.
 */
#define PROBE_PTES 2000000.0
#define PROBE_TRIES 3

/* The calibration's key for the none probe at a shape. */
static void frozen_key(char *buf, size_t len, unsigned long pages,
		       double file_frac)
{
	snprintf(buf, len, "none_ns_per_pte_%lu_%g", pages, file_frac);
}

int otherwork_none_ns_per_pte(const struct config *point, double *ns,
			      char *msg, size_t len)
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

void otherwork_frozen_shapes(struct otherwork_shape *shape, unsigned int *n)
{
	static const unsigned long pages[] = { 256, 1024, 4096 };
	static const double frac[] = { 0, 0.5, 0.8 };

	*n = 0;
	for (unsigned int i = 0; i < ARRAY_SIZE(pages); i++)
		for (unsigned int j = 0; j < ARRAY_SIZE(frac); j++, ++*n) {
			shape[*n].pages = pages[i];
			shape[*n].file_frac = frac[j];
			frozen_key(shape[*n].key, sizeof(shape[*n].key),
				   pages[i], frac[j]);
		}
}

/*
 * The frozen none figure of the calibration for cfg's shape: its own, or
 * else the one of the nearest shape (the fewest doublings of pages away,
 * then the nearest file share).  1 when the calibration has none.
 */
static int frozen_none(const struct csv *cal, const struct config *cfg,
		       double *ns, char *used, size_t len)
{
	struct otherwork_shape shape[OTHERWORK_SHAPES];
	unsigned int n;
	double best = -1;

	otherwork_frozen_shapes(shape, &n);
	for (unsigned int i = 0; i < n; i++) {
		const char *v = csv_meta_get(cal, shape[i].key);
		double x, d;

		if (!v || csv_parse_number(v, &x))
			continue;
		d = fabs(log2((double)(cfg->pages ? cfg->pages : 1) /
			      shape[i].pages)) * 10 +
		    fabs(cfg->file_frac - shape[i].file_frac);
		if (best < 0 || d < best) {
			best = d;
			*ns = x;
			snprintf(used, len, "%s", shape[i].key);
		}
	}
	return best < 0;
}

/*
 * The host's fitted fork+exit (fixed ns per process and ns per page) and
 * the frozen none figure nearest sweep sw's first point (cfg, which
 * comes back set to it); 1 when there is no frozen figure.
 */
static int read_calibration(const char *path, double *fixed, double *per_page,
			    double *none, struct config *cfg,
			    const struct sweep *sw, char *used, size_t used_len,
			    char *msg, size_t len)
{
	const char *a, *b;
	struct csv cal;
	int ret = 0;

	sweep_point(sw, 0, cfg);
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
	if (!ret)
		ret = frozen_none(&cal, cfg, none, used, used_len);
	csv_free(&cal);
	return ret;
}

/*
 * What the simulation itself charges one process of 2.4.19-pre7 at the
 * point's workload, in the point's mode (modelled: virtual time on its
 * machine): the CPU time of its fork, exec, faults and exit, and of the
 * page copies and clears --footprint pages makes it touch, per fork.
 */
static int baseline_sim_ns(const struct plan *p, const struct config *point,
			   double *ns, double *procs, char *msg, size_t len)
{
	struct point_result res;

	if (baseline_probe(p, point, &res, msg, len))
		return EXIT_USAGE;
	*ns = (double)(res.fork_ns + res.exec_ns + res.fault_ns + res.exit_ns +
		       res.other_ns) /
	      res.forks;
	/*
	 * --tree daniel: the main shell's processes too (engine/tree.c).
	 * Every process is a copy of a shell's --pages ptes, forks only the
	 * loops' processes.
	 */
	*procs = (double)res.ptes / (double)point->pages / res.forks;
	return 0;
}

/* --other-work baseline-2002 of one sweep, from its first point. */
static int resolve_baseline(const struct plan *p, struct sweep *sw,
			    double baseline_ns, bool quiet, char *msg,
			    size_t len)
{
	struct other_work *ow = &sw->base.other_work;
	struct config cfg;
	double sim, procs;

	/*
	 * The rest of a 2002 process copies and clears pages, which a
	 * modelled 2002 PIII's caches see (frames.c); the probe below
	 * charges the baseline's share of it.
	 */
	if (ow->footprint == FOOTPRINT_AUTO)
		ow->footprint = FOOTPRINT_PAGES;
	sweep_point(sw, 0, &cfg);
	if (baseline_sim_ns(p, &cfg, &sim, &procs, msg, len))
		return EXIT_USAGE;
	/*
	 * akpm's CPU time per loop process covers the main shell's polling
	 * too: where the replay runs it, its processes share the rest.
	 */
	ow->proc_ns = baseline_ns > sim ? baseline_ns - sim : 0;
	if (procs > 1)
		ow->proc_ns /= procs;
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

/*
 * The loop speed of the calibration, or 0 when there is none: a run
 * without it times the loop once, so that its points' work is still the
 * same, though another run's may not be.
 */
static double frozen_speed(const char *calibration)
{
	const char *v;
	struct csv cal;
	char msg[256];
	double x = 0;

	if (!calibration || csv_read(calibration, &cal, msg, sizeof(msg)))
		return 0;
	v = csv_meta_get(&cal, OTHERWORK_SPEED_KEY);
	if (!v || csv_parse_number(v, &x) || !(x > 0))
		x = 0;
	csv_free(&cal);
	return x;
}

int plan_resolve_other_work(struct plan *p, const char *calibration,
			    const struct baseline_2002 *baseline, bool quiet,
			    char *msg, size_t len)
{
	double fixed, per_page, none, speed = frozen_speed(calibration);
	struct config cfg;
	char used[64];
	int ret;

	for (unsigned int i = 0; i < p->nr_sweeps; i++) {
		struct other_work *ow = &p->sweeps[i].base.other_work;

		/* the hit first: the rest of a process is probed at it */
		if (access_time_resolve(p, &p->sweeps[i], baseline->copy_zap_ns,
					quiet, msg, len))
			return EXIT_USAGE;
		if (ow->baseline &&
		    resolve_baseline(p, &p->sweeps[i], baseline->cpu_ns, quiet,
				     msg, len))
			return EXIT_USAGE;
		if (!ow->calibrated)
			continue;
		if (!calibration)
			return usage_fail(
				msg, len,
				"--other-work calibrated needs --calibration CAL.csv (made by 'rmapbench calibrate --out CAL.csv')");
		ret = read_calibration(calibration, &fixed, &per_page, &none,
				       &cfg, &p->sweeps[i], used, sizeof(used),
				       msg, len);
		if (ret == 1) {
			snprintf(used, sizeof(used), "probed now");
			ret = otherwork_none_ns_per_pte(&cfg, &none, msg, len);
			fprintf(stderr,
				"rmapbench: %s has no frozen none figure, so the none probe ran now and these rows will not repeat byte for byte: make it again with 'rmapbench calibrate'\n",
				calibration);
		}
		if (ret)
			return EXIT_USAGE;
		ow->proc_ns = fixed > 0 ? fixed : 0;
		ow->page_ns = per_page > none ? per_page - none : 0;
		ow->calibrated = false;
		if (!quiet)
			fprintf(stderr,
				"rmapbench: --other-work calibrated: %.0f ns per process + %.1f ns per page "
				"(the host's %.1f ns per page less none's %.1f ns per pte, %s)\n",
				ow->proc_ns, ow->page_ns, per_page, none, used);
	}
	/* the wall clock's loop; the virtual clock charges the time itself */
	for (unsigned int i = 0; i < p->nr_sweeps; i++) {
		struct other_work *ow = &p->sweeps[i].base.other_work;

		if (p->sweeps[i].base.mode == MODE_MODEL ||
		    (ow->proc_ns <= 0 && ow->page_ns <= 0))
			continue;
		if (!speed)
			speed = otherwork_speed();
		ow->iters_per_ns = speed;
	}
	return 0;
}
