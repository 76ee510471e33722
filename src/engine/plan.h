/* SPDX-License-Identifier: GPL-2.0 */
#ifndef RMAPBENCH_PLAN_H
#define RMAPBENCH_PLAN_H

#include <stddef.h>
#include <stdint.h>
#include "plan_types.h"
#include "sweep.h"

/* Where option words come from: the command line may say anything; a
 * recorded `# sweep:` line or a suite's sweep only what a plan holds. */
enum plan_source {
	FROM_COMMAND_LINE,
	FROM_SWEEP_LINE,
	FROM_SUITE,
};

/* One default sweep, a random seed, the default placement. */
void plan_init(struct plan *p);

/*
 * Reads option words into p and rc (rc may be NULL when src is not the
 * command line).  Returns 0, or EXIT_USAGE with a one-line message in msg.
 */
int plan_parse_words(int argc, char **argv, enum plan_source src,
		     struct plan *p, struct run_control *rc, char *msg,
		     size_t len);

/*
 * The arguments after "run": plan_init(), the words, and with --replay
 * the plan recorded in that file.  0, or EXIT_USAGE with msg.
 */
int plan_parse(int argc, char **argv, struct plan *p, struct run_control *rc,
	       char *msg, size_t len);

/* A `# sweep:` line's text into p, by the same parser and limits. */
int plan_parse_sweep_line(const char *line, struct plan *p, char *msg,
			  size_t len);

/*
 * The plan as the `# sweep:` line: the options that plan_parse_sweep_line()
 * turns back into the same plan, numbers written to read back exactly.
 * malloc'd; NULL when out of memory.
 */
char *plan_format(const struct plan *p);

/*
 * Checks every point before anything is opened or allocated for the run
 * (plan_validate.c): families for the threads, memory under mem_limit
 * (0: 3/4 of what is available), a placement for every thread count.
 */
int plan_validate(const struct plan *p, double mem_limit, char *msg,
		  size_t len);
/* The memory a point takes: its world, and the model's bookkeeping. */
double plan_point_bytes(const struct config *cfg);

/* akpm's published 2.4.19-pre7 figures the 2002 replay calibrates on, ns. */
struct baseline_2002 {
	double cpu_ns;	    /* CPU time per daniel.sh process */
	double copy_zap_ns; /* its copy_page_range() and zap_page_range() */
};

/*
 * Turns --other-work calibrated into figures (engine/otherwork.c): the
 * host's real fork+exit from calibration (a `rmapbench calibrate` CSV)
 * less what the simulation itself spends per pte with no rmap, frozen in
 * the calibration (probed now when it has none).  --other-work
 * baseline-2002 likewise from baseline->cpu_ns, the CPU time of one
 * daniel.sh process under 2.4.19-pre7 as published (analysis/truth.h,
 * handed down by the command), less the simulation's own for 2.4.19-pre7
 * at the sweep's first point, probed in its mode; modelled, at the hit
 * cost --access-time gives or calibrates first (engine/accesstime.c).
 * 0, or EXIT_USAGE with a one-line message in msg.
 */
int plan_resolve_other_work(struct plan *p, const char *calibration,
			    const struct baseline_2002 *baseline, bool quiet,
			    char *msg, size_t len);

/*
 * The shapes whose none probe `rmapbench calibrate` freezes into its
 * file, each with its metadata key, so that --other-work calibrated
 * gives the same rows every run; and the probe itself: the simulated
 * none strategy's fork+exit ns per pte at point's pages and file share.
 */
#define OTHERWORK_SHAPES 9
struct otherwork_shape {
	unsigned long pages;
	double file_frac;
	char key[48];
};
struct config;
void otherwork_frozen_shapes(struct otherwork_shape *shape, unsigned int *n);
int otherwork_none_ns_per_pte(const struct config *point, double *ns,
			      char *msg, size_t len);

#endif
