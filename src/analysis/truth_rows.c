// SPDX-License-Identifier: GPL-2.0
/*
 * A seed raw.csv's rows as the 2002 replay's repetitions: each row's
 * kernel and figures per process, the repetitions of the three kernels
 * paired by rep number, measured or modelled, and at which --daemons
 * count.  The bottom of the truth files: truth.c (the 2002 table),
 * truth_check.c (check 4) and truth_daemons.c (the --daemons table) read
 * the rows through it.
 */
#include <math.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include "engine/config.h"
#include "truth.h"
#include "truth_impl.h"

/* Which kernel a raw row measured (lib/replay2002.h), or -1. */
static int row_era(const struct csv *c, size_t r, int kcol, int scol)
{
	return r2002_kernel(kcol >= 0 ? c->row[r].field[kcol] : "",
			    c->row[r].field[scol]);
}

static double col(const struct csv *c, size_t r, const char *name)
{
	char msg[128];
	double v;

	if (csv_number_by_name(c, r, name, &v, msg, sizeof(msg)))
		return NAN;
	return v;
}

/* The row's figures; false when it lacks the ones every row needs. */
static bool row_kv(const struct csv *c, size_t r, struct kv *k)
{
	double forks = col(c, r, "forks"), ptes = col(c, r, "ptes");
	double ns = col(c, r, "ns_per_pte"), wall = col(c, r, "wall_s");
	double other = col(c, r, "other_ns_per_fork");
	double phases, fork, exec, fault, cpu;

	if (!(forks > 0) || !isfinite(ns) || !isfinite(wall))
		return false;
	k->wall = wall / forks;
	k->ns = ns;
	k->pingpong = col(c, r, "pingpong_ns");
	/* The shares need the phases apart and the rest of a process. */
	phases = ns * ptes;
	cpu = phases + (isfinite(other) ? other * forks : 0);
	fork = col(c, r, "fork_ns_per_pte") * ptes;
	exec = col(c, r, "exec_ns_per_pte") * ptes;
	fault = col(c, r, "fault_ns_per_pte") * col(c, r, "faults");
	if (!isfinite(fault))
		fault = 0;
	if (!isfinite(exec))
		exec = 0;
	k->cpu = cpu / forks;
	k->busy_pct = 100 * cpu / (wall * 1e9);
	k->spin_pct = 100 * col(c, r, "spin_ns_per_pte") * ptes / cpu;
	k->copy_pct = 100 * fork / cpu;
	k->fault_pct = 100 * fault / cpu;
	k->zap_pct = 100 * (phases - fork - fault) / cpu;
	k->ptes_per_lock = col(c, r, "fork_ptes_per_rmap_lock");
	k->fault_locks = col(c, r, "fault_rmap_locks_per_fork") *
			 DANIEL_PROCS_PER_ITERATION;
	return true;
}

static void rep_clear(struct rep *r)
{
	for (int e = 0; e < R2002_KERNELS; e++)
		for (size_t i = 0; i < KV_FIELDS; i++)
			((double *)&r->k[e])[i] = NAN;
}

/* raw.csv's columns that tell a row's kernel, run and repetition. */
struct raw_cols {
	int kernel, mode, machine, strategy, rep, status, daemons;
};

static void raw_cols(const struct csv *c, struct raw_cols *k)
{
	k->kernel = csv_column(c, "kernel");
	k->mode = csv_column(c, "mode");
	k->machine = csv_column(c, "machine");
	k->strategy = csv_column(c, "strategy");
	k->rep = csv_column(c, "rep");
	k->status = csv_column(c, "status");
	k->daemons = csv_column(c, "daemons");
}

static bool row_modelled(const struct csv *c, const struct raw_cols *k,
			 size_t r)
{
	return k->mode >= 0 && !strcmp(c->row[r].field[k->mode], "model");
}

/*
 * The row names one of the three kernels by --kernel: a strategy that only
 * stands for one (pagebit for rmap-13b) does not count, as a many-CPU
 * sweep of every strategy is no replay of 2002.
 */
static bool row_names_kernel(const struct csv *c, const struct raw_cols *k,
			     size_t r)
{
	return k->kernel >= 0 && k->strategy >= 0 &&
	       strcmp(c->row[r].field[k->kernel], "custom") &&
	       row_era(c, r, k->kernel, k->strategy) >= 0;
}

/* The row ran at --daemons daemons (NAN: any; no column: any). */
static bool row_daemons(const struct csv *c, const struct raw_cols *k, size_t r,
			double daemons)
{
	return isnan(daemons) || k->daemons < 0 ||
	       strtod(c->row[r].field[k->daemons], NULL) == daemons;
}

size_t truth_read_reps(const struct csv *c, const char *machine, double daemons,
		       struct rep **out)
{
	struct raw_cols k;
	struct rep *reps = NULL;
	size_t n = 0;

	*out = NULL;
	raw_cols(c, &k);
	for (size_t r = 0; k.strategy >= 0 && k.rep >= 0 && r < c->nr_rows;
	     r++) {
		int era = row_era(c, r, k.kernel, k.strategy);
		bool model = row_modelled(c, &k, r);
		double rep;
		struct kv kv;

		/* Measured against measured, modelled against modelled. */
		if (era < 0 || model != !!machine ||
		    (machine &&
		     (k.machine < 0 ||
		      strcmp(c->row[r].field[k.machine], machine))) ||
		    (k.status >= 0 &&
		     strcmp(c->row[r].field[k.status], "ok")) ||
		    !row_daemons(c, &k, r, daemons) ||
		    csv_parse_number(c->row[r].field[k.rep], &rep) || rep < 0 ||
		    rep > 100000 || !row_kv(c, r, &kv))
			continue;
		if ((size_t)rep >= n) {
			struct rep *grown = realloc(
				reps, ((size_t)rep + 1) * sizeof(*reps));

			if (!grown)
				break;
			for (size_t i = n; i <= (size_t)rep; i++)
				rep_clear(&grown[i]);
			reps = grown;
			n = (size_t)rep + 1;
		}
		reps[(size_t)rep].k[era] = kv;
	}
	*out = reps;
	return n;
}

/*
 * The machine the suite modelled the three kernels on: that of its first
 * modelled row that names one of them (--kernel), or NULL.
 */
const char *truth_modelled_machine(const struct csv *c)
{
	struct raw_cols k;

	raw_cols(c, &k);
	for (size_t r = 0; k.machine >= 0 && r < c->nr_rows; r++)
		if (row_modelled(c, &k, r) && row_names_kernel(c, &k, r))
			return c->row[r].field[k.machine];
	return NULL;
}

/*
 * One field of every repetition's three kernels as a row each (NAN where
 * a kernel has no row); NULL out of memory.
 */
double (*truth_by_kernel(const struct rep *reps, size_t n,
			 size_t field))[R2002_KERNELS]
{
	double(*v)[R2002_KERNELS] = calloc(n ? n : 1, sizeof(*v));

	for (size_t i = 0; v && i < n; i++)
		for (int e = 0; e < R2002_KERNELS; e++)
			v[i][e] =
				*(const double *)((const char *)&reps[i].k[e] +
						  field);
	return v;
}

int truth_2002_split(const struct csv *c, struct r2002_split *out, size_t *reps)
{
	struct rep *measured = NULL;
	size_t n = truth_measured_kernels(c) ?
			   truth_read_reps(c, NULL, NAN, &measured) :
			   0;
	double(*wall)[R2002_KERNELS] =
		truth_by_kernel(measured, n, offsetof(struct kv, wall));
	double(*pp)[R2002_KERNELS] =
		truth_by_kernel(measured, n, offsetof(struct kv, pingpong));
	int ret = -1;

	*reps = n;
	if (n && wall && pp)
		ret = r2002_split(wall, pp, n, out);
	/* not one repetition with the three kernels: no figure to state */
	if (!ret && !out->r[out->biggest].overhead.n)
		ret = -1;
	free(measured);
	free(wall);
	free(pp);
	return ret;
}

bool truth_measured_kernels(const struct csv *c)
{
	struct raw_cols k;

	raw_cols(c, &k);
	for (size_t r = 0; r < c->nr_rows; r++)
		if (!row_modelled(c, &k, r) && row_names_kernel(c, &k, r))
			return true;
	return false;
}

void truth_daemons_counts(const struct csv *c, const char *machine,
			  struct truth_counts *out)
{
	struct raw_cols k;

	raw_cols(c, &k);
	memset(out, 0, sizeof(*out));
	for (size_t r = 0; k.daemons >= 0 && k.machine >= 0 && r < c->nr_rows;
	     r++) {
		double v = strtod(c->row[r].field[k.daemons], NULL);
		size_t i = 0;

		if (!row_modelled(c, &k, r) ||
		    strcmp(c->row[r].field[k.machine], machine) ||
		    !row_names_kernel(c, &k, r))
			continue;
		while (i < out->n && out->daemons[i] != v)
			i++;
		if (i == out->n && out->n == 64)
			continue;
		out->daemons[i] = v;
		out->rows[i]++;
		out->n += i == out->n;
	}
}

double truth_main_daemons(const struct csv *c, const char *machine)
{
	struct truth_counts n;
	size_t best = 0;

	truth_daemons_counts(c, machine, &n);
	if (!n.n)
		return NAN;
	for (size_t i = 1; i < n.n; i++)
		if (n.rows[i] > n.rows[best] ||
		    (n.rows[i] == n.rows[best] && n.daemons[i] == TREE_DAEMONS))
			best = i;
	return n.daemons[best];
}
