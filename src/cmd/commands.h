/* SPDX-License-Identifier: GPL-2.0 */
#ifndef RMAPBENCH_COMMANDS_H
#define RMAPBENCH_COMMANDS_H

#include "engine/plan.h"

/*
 * The subcommands in this folder.  Each gets the whole command line (its
 * options start at argv[2]) and returns the exit status.
 */
int cmd_run(int argc, char **argv);
int cmd_list(int argc, char **argv);
int cmd_topo(int argc, char **argv);
int cmd_truth(int argc, char **argv);
/* rmapbench truth --exec (truth_exec.c): the rest of an exec, priced */
int cmd_truth_exec(int argc, char **argv);

/*
 * Runs a validated plan into rc->out (standard output when NULL): how
 * run and suite measure.  argv is the command the CSV records.  Every
 * output is checked (lib/outfile.h) before any is created.
 */
int run_plan(const struct plan *p, const struct run_control *rc, int argc,
	     char **argv);

#endif
