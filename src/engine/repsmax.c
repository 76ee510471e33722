// SPDX-License-Identifier: GPL-2.0
/* --reps-max: the measured 2002 replay's sequential stop (repsmax.h). */
#include <math.h>
#include <stdlib.h>
#include "repsmax.h"
#include "output.h"
#include "lib/replay2002.h"
#include "lib/util.h"
#include "strategy/kernel.h"
#include "strategy/strategy.h"

/* One sweep's repetitions so far. */
struct rm_sweep {
	double (*wall)[R2002_KERNELS];	   /* per process, by repetition */
	double (*pingpong)[R2002_KERNELS]; /* NAN: none */
	unsigned int *done;		   /* points in, by repetition */
	unsigned int last;		   /* the stop: no repetition after */
	bool stopped;
};

struct reps_max {
	const struct plan *p;
	struct rm_sweep s[MAX_SWEEPS];
};

static int cfg_kernel(const struct config *cfg)
{
	return r2002_kernel(kernels[cfg->kernel].name, cfg->strategy->name);
}

struct reps_max *reps_max_new(const struct plan *p)
{
	struct reps_max *rm = NULL;

	for (unsigned int i = 0; i < p->nr_sweeps; i++) {
		unsigned int n = sweep_reps_cap(&p->sweeps[i]);
		struct rm_sweep *s;

		if (!p->sweeps[i].reps_max)
			continue;
		if (!rm && !(rm = calloc(1, sizeof(*rm))))
			die_oom("--reps-max");
		rm->p = p;
		s = &rm->s[i];
		s->wall = malloc(n * sizeof(*s->wall));
		s->pingpong = malloc(n * sizeof(*s->pingpong));
		s->done = calloc(n, sizeof(*s->done));
		if (!s->wall || !s->pingpong || !s->done)
			die_oom("--reps-max");
		for (unsigned int r = 0; r < n; r++)
			for (int e = 0; e < R2002_KERNELS; e++)
				s->wall[r][e] = s->pingpong[r][e] = NAN;
	}
	return rm;
}

void reps_max_free(struct reps_max *rm)
{
	for (unsigned int i = 0; rm && i < MAX_SWEEPS; i++) {
		free(rm->s[i].wall);
		free(rm->s[i].pingpong);
		free(rm->s[i].done);
	}
	free(rm);
}

bool reps_max_skip(const struct reps_max *rm, const struct job *job)
{
	const struct rm_sweep *s = rm ? &rm->s[job->sweep] : NULL;

	return s && s->stopped && job->rep > s->last;
}

/* "112 ns (n 34): overhead +32.6% [31.2, 33.6], share -7.7% [...]" */
static void say_regime(const struct r2002_regime *r, FILE *f)
{
	if (isnan(r->centre))
		fprintf(f, "no regime recorded (n %zu)", r->n);
	else
		fprintf(f, "ping-pong %.0f ns (n %zu)", r->centre, r->n);
	fprintf(f,
		": overhead %+.1f%% [%.1f, %.1f], share removed %+.1f%% [%.1f, %.1f]",
		r->overhead.median, r->overhead.lo, r->overhead.hi,
		r->removed.median, r->removed.lo, r->removed.hi);
}

/* Repetition r of sweep i is complete: go on, or stop here. */
static void decide(struct reps_max *rm, unsigned int i, unsigned int r, FILE *f)
{
	const struct sweep *sw = &rm->p->sweeps[i];
	struct rm_sweep *s = &rm->s[i];
	struct r2002_split split;
	const struct r2002_regime *big;
	bool narrow;

	if (r + 1 < sw->reps || s->stopped)
		return;
	if (r2002_split(s->wall, s->pingpong, r + 1, &split))
		die_oom("--reps-max");
	big = &split.r[split.biggest];
	narrow = r2002_narrow(big);
	if (!narrow && r + 1 < sw->reps_max)
		return;
	s->stopped = true;
	s->last = r;
	if (!f)
		return;
	fprintf(f, "\nrmapbench: the 2002 replay after %u repetitions, %s: ",
		r + 1,
		narrow ? "check 4 holds" :
			 "--reps-max reached and check 4 does NOT hold");
	say_regime(big, f);
	fprintf(f, " (check 4: within +-%.0f and +-%.0f points)\n",
		R2002_OVERHEAD_HALF, R2002_SHARE_HALF);
}

void reps_max_record(struct reps_max *rm, const struct job *job,
		     const struct config *cfg, const struct point_result *res,
		     FILE *f)
{
	struct rm_sweep *s = rm ? &rm->s[job->sweep] : NULL;
	int e = cfg_kernel(cfg);

	if (!s || !s->done)
		return;
	if (res && e >= 0) {
		double forks = csv_row_value("forks", cfg, res);

		s->wall[job->rep][e] =
			csv_row_value("wall_s", cfg, res) / forks;
		s->pingpong[job->rep][e] =
			csv_row_value("pingpong_ns", cfg, res);
	}
	if (++s->done[job->rep] == sweep_points(&rm->p->sweeps[job->sweep]))
		decide(rm, job->sweep, job->rep, f);
}

int reps_max_validate(const struct plan *p, const struct sweep *sw, char *msg,
		      size_t len)
{
	unsigned int seen = 0, nr = sw - p->sweeps + 1;
	struct config cfg;

	if (!sw->reps_max)
		return 0;
	if (sw->reps_max < sw->reps)
		return usage_fail(
			msg, len,
			"--reps-max %u is below --reps %u in sweep %u: give at least --reps, or 0 for none",
			sw->reps_max, sw->reps, nr);
	/* The repetitions a stop leaves out must be the plan's last jobs. */
	for (unsigned int i = 0; i < p->nr_sweeps; i++)
		if (&p->sweeps[i] != sw &&
		    sweep_reps_cap(&p->sweeps[i]) > sw->reps)
			return usage_fail(
				msg, len,
				"--reps-max in sweep %u: sweep %u runs %u repetitions, more than this sweep's --reps %u; the repetitions a stop leaves out must come last",
				nr, i + 1, sweep_reps_cap(&p->sweeps[i]),
				sw->reps);
	if (sweep_points(sw) != R2002_KERNELS)
		return usage_fail(
			msg, len,
			"--reps-max in sweep %u: the sequential stop is for the 2002 replay's three kernels at one setting (--kernel 2.4.19-pre7,2.4.19-pre7-rmap13b,2.4.19-pre7-rmap13b-daniel), not %lu points",
			nr, sweep_points(sw));
	for (unsigned long k = 0; k < R2002_KERNELS; k++) {
		int e;

		sweep_point(sw, k, &cfg);
		if (cfg.mode != MODE_MEASURED)
			return usage_fail(
				msg, len,
				"--reps-max in sweep %u: a modelled sweep has no host regimes to wait out; give --reps-max 0 after --then",
				nr);
		e = cfg_kernel(&cfg);
		if (e >= 0)
			seen |= 1u << e;
	}
	if (seen != (1u << R2002_KERNELS) - 1)
		return usage_fail(
			msg, len,
			"--reps-max in sweep %u: the sequential stop needs the 2002 replay's three kernels (--kernel 2.4.19-pre7,2.4.19-pre7-rmap13b,2.4.19-pre7-rmap13b-daniel)",
			nr);
	return 0;
}
