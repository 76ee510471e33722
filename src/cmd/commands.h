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
int cmd_calibrate(int argc, char **argv); /* and calibrate --machine */
int cmd_topo(int argc, char **argv);
int cmd_truth(int argc, char **argv);

/*
 * The commands over suites and results: each parses its options and
 * calls analysis/ (cmd/suite.c, merge.c, summarize.c, verdict.c,
 * compare.c, plotdata.c, report.c).
 */
int cmd_suite(int argc, char **argv);
int cmd_merge(int argc, char **argv); /* the shards of a suite */
int cmd_summarize(int argc, char **argv);
int cmd_verdict(int argc, char **argv);
int cmd_compare(int argc, char **argv);
int cmd_plotdata(int argc, char **argv);
int cmd_report(int argc, char **argv);

struct compare_opts;
/*
 * compare's options, from the whole command line.  Returns 0, 1 for
 * --help, or EXIT_USAGE with a one-line message in msg.
 */
int compare_parse_args(int argc, char **argv, struct compare_opts *o, char *msg,
		       size_t len);

/*
 * Runs a validated plan into rc->out (standard output when NULL): how
 * run and suite measure.  argv is the command the CSV records.  Every
 * output is checked (lib/outfile.h) before any is created.
 */
int run_plan(const struct plan *p, const struct run_control *rc, int argc,
	     char **argv);

#endif
