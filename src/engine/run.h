/* SPDX-License-Identifier: GPL-2.0 */
#ifndef RMAPBENCH_CLI_H
#define RMAPBENCH_CLI_H

#include <stddef.h>
#include <stdio.h>
#include <stdint.h>
#include "params.h"
#include "topo.h"

#define MAX_SWEEPS 16

/*
 * What `rmapbench run` was asked to do: one sweep, or several joined by
 * --then (a union of cross products, e.g. hashed over --locks and padded
 * over --locks and --lock-stride, without crossing hashed with strides).
 */
struct run_opts {
	struct sweep sweeps[MAX_SWEEPS];
	unsigned int nr_sweeps;
	enum placement placement;
	uint64_t seed;
	double mem_limit;      /* bytes a point may need; 0: 3/4 of available */
	const char *out;       /* NULL: stdout */
	const char *replay;    /* the sweep comes from this file's header */
	const char *histogram; /* latency buckets of every point go here */
	bool sweep_given;      /* an option that changes the sweep */
	bool quiet;
	bool help;
};

/*
 * Parses the arguments after "run" (and, with --replay, the recorded sweep
 * of that file).  Returns 0, or EXIT_USAGE with a one-line message in msg.
 */
int run_parse(int argc, char **argv, struct run_opts *opts, char *msg,
	      size_t len);
/* Checks every point before anything is opened or allocated for the run. */
int run_validate(const struct run_opts *opts, char *msg, size_t len);
/* The sweep as options that run_parse() turns back into the same sweep. */
void run_format_sweep(const struct run_opts *opts, char *buf, size_t len);

/* Runs the sweep, writing rows to out; returns the exit status. */
int run_sweep(const struct run_opts *opts, FILE *out, const char *path,
	      int argc, char **argv);

/* Subcommands get the whole command line; their options start at argv[2]. */
int cmd_run(int argc, char **argv);
int cmd_list(int argc, char **argv);

#endif
