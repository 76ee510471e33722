// SPDX-License-Identifier: GPL-2.0
/*
 * --access-time baseline-2002: the time a modelled access leaves out,
 * calibrated on the baseline kernel alone.  A modelled access costs its
 * line's movement, and a hit the profile's one hit cost (the PIII's:
 * 1 cycle); the instructions between accesses are free.  akpm's profile
 * of 2.4.19-pre7 under daniel.sh ("Re: [PATCH] Rmap speedup", 3 Aug 2002,
 * <3D4C78F0.5793D6B3@zip.com.au>) says how long its fork, exec and exit
 * took: copy_page_range()'s and zap_page_range()'s share of its system
 * time, handed down as copy_zap_ns (analysis/truth.c).  The hit cost at
 * which the model's 2.4.19-pre7 takes that long per process is then the
 * hit of every point of the sweep, so that the rmap kernels' times are
 * predictions at the baseline's calibrated speed, as the rest of a
 * process (--other-work baseline-2002) is calibrated on it too.
 *
 * The modelled time is linear in the hit cost (every hit adds it), so
 * two probes, at the profile's hit and 40 cycles above it, and a linear
 * solve find it, as scripts/ablation-2002.sh's row F5 does.  A model
 * already at or above the figure keeps the profile's hit: the time left
 * out is never negative.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>
#include "accesstime.h"
#include "profiles.h"
#include "runner.h"
#include "sweep.h"
#include "strategy/kernel.h"
#include "lib/util.h"

/* Forks per process family of the baseline's probe. */
#define BASELINE_PROBE_FORKS 20

int baseline_probe(const struct plan *p, const struct config *point,
		   struct point_result *res, char *msg, size_t len)
{
	struct config cfg = *point;
	int k = kernel_find("2.4.19-pre7");

	if (k < 0)
		return usage_fail(msg, len, "no kernel 2.4.19-pre7");
	cfg.kernel = (unsigned int)k;
	sweep_kernel_apply(&cfg);
	memset(&cfg.other_work, 0, sizeof(cfg.other_work));
	cfg.other_work.footprint = point->other_work.footprint;
	cfg.stats = false;
	cfg.cpus = NULL;
	cfg.forks = BASELINE_PROBE_FORKS * cfg.loops;
	/*
	 * akpm's published times are of his system, whatever count a sweep
	 * tries: the probe runs --daemons' default, so that every point of
	 * a --daemons sweep gets the same calibration and the sweep shows
	 * the count's weight alone.
	 */
	cfg.daemons = TREE_DAEMONS;
	if (runner_probe(&cfg, p->placement, p->seed, res, msg, len))
		return usage_fail(msg, len, "--other-work baseline-2002: %s",
				  msg);
	if (!res->forks)
		return usage_fail(
			msg, len,
			"--other-work baseline-2002: the probe forked nothing");
	return 0;
}

/* The second probe's hit, above the profile's, in cycles of its clock. */
#define PROBE_STEP_CYCLES 40

/*
 * 2.4.19-pre7's modelled fork, exec and exit per process at the hit cost
 * hit_ps, as the CSV gives it: (fork_ns_per_pte + exec_ns_per_pte +
 * exit_ns_per_pte) * ptes / forks, exit's per pte being per pte zapped.
 */
static int copy_zap_at(const struct plan *p, const struct config *point,
		       uint64_t hit_ps, double *ns, char *msg, size_t len)
{
	struct config cfg = *point;
	struct point_result res;
	double exit_ns;

	cfg.access_time.hit_ns = hit_ps / 1000.0;
	if (baseline_probe(p, &cfg, &res, msg, len))
		return EXIT_USAGE;
	exit_ns = res.exit_ns;
	if (res.exit_ptes)
		exit_ns *= (double)res.ptes / res.exit_ptes;
	*ns = (res.fork_ns + res.exec_ns + exit_ns) / res.forks;
	return 0;
}

/* The calibrated hit on stderr, beside --other-work baseline-2002's rest. */
static void say(const struct machine_profile *m, uint64_t hit, uint64_t h0,
		uint64_t h1, double a, double b, double copy_zap_ns)
{
	const double ghz = m->clock_ghz;

	fprintf(stderr,
		"rmapbench: --access-time baseline-2002: a hit costs %.3f ns (%.1f cycles; the profile's %.1f), at which 2.4.19-pre7's modelled fork, exec and exit per process %s %.1f us, copy_page_range()'s and zap_page_range()'s share of its published system time (probed: %.1f us at %.1f cycles, %.1f at %.1f)\n",
		hit / 1000.0, hit * ghz / 1000, h0 * ghz / 1000,
		hit == h0 ? "already exceed" : "take", copy_zap_ns / 1000,
		a / 1000, h0 * ghz / 1000, b / 1000, h1 * ghz / 1000);
}

static bool wanted(const struct sweep *sw)
{
	const struct config *c = &sw->base;

	if (c->mode != MODE_MODEL || c->access_time.hit_ns > 0)
		return false;
	return c->access_time.source == ACCESS_TIME_BASELINE ||
	       (c->access_time.source == ACCESS_TIME_AUTO &&
		c->other_work.baseline);
}

int access_time_resolve(const struct plan *p, struct sweep *sw,
			double copy_zap_ns, bool quiet, char *msg, size_t len)
{
	const struct machine_profile *m;
	struct machine_profile with_hit;
	uint64_t h0, h1, hit;
	struct config cfg;
	double a, b;

	if (!wanted(sw))
		return 0;
	sweep_point(sw, 0, &cfg);
	m = profiles_modelled(cfg.machine, msg, len);
	if (!m)
		return EXIT_USAGE;
	h0 = m->cost[COST_HIT];
	h1 = h0 + (uint64_t)llround(PROBE_STEP_CYCLES * 1000 / m->clock_ghz);
	if (copy_zap_at(p, &cfg, h0, &a, msg, len) ||
	    copy_zap_at(p, &cfg, h1, &b, msg, len))
		return EXIT_USAGE;
	if (!(b > a))
		return usage_fail(
			msg, len,
			"--access-time baseline-2002: 2.4.19-pre7's modelled fork, exec and exit took %.0f ns at a hit of %.3f ns and %.0f ns at %.3f ns; the hit moves nothing to calibrate",
			a, h0 / 1000.0, b, h1 / 1000.0);
	hit = h0;
	if (a < copy_zap_ns)
		hit = h0 + (uint64_t)llround((copy_zap_ns - a) * (h1 - h0) /
					     (b - a));
	sw->base.access_time.hit_ns = hit / 1000.0;
	with_hit = *m;
	if (profiles_set_hit(&with_hit, hit / 1000.0, msg, len))
		return EXIT_USAGE;
	if (!quiet)
		say(m, hit, h0, h1, a, b, copy_zap_ns);
	return 0;
}
