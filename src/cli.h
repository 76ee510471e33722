/* SPDX-License-Identifier: GPL-2.0 */
#ifndef RMAPBENCH_CLI_H
#define RMAPBENCH_CLI_H

#include <stddef.h>
#include "params.h"

/* What `rmapbench run` was asked to do. */
struct run_opts {
	struct sweep sweep;
	const char *out;	/* NULL: stdout */
	bool help;
};

/*
 * Parses and validates the arguments after "run".  Returns 0, or
 * EXIT_USAGE with a one-line message in msg; nothing is opened or
 * allocated for the run before every point has been checked.
 */
int run_parse(int argc, char **argv, struct run_opts *opts, char *msg,
	      size_t len);
int run_validate(const struct run_opts *opts, char *msg, size_t len);

/* Subcommands get the whole command line; their options start at argv[2]. */
int cmd_run(int argc, char **argv);
int cmd_list(int argc, char **argv);

#endif
