// SPDX-License-Identifier: GPL-2.0
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "commands.h"
#include "lib/sysinfo.h"
#include "lib/compiler.h"
#include "lib/opt.h"
#include "lib/outfile.h"
#include "lib/util.h"

static int cmd_version(int argc, char **argv);
static int cmd_help(int argc, char **argv);

/* One line per subcommand; each gets the whole argv, options from argv[2]. */
static const struct command {
	const char *name;
	int (*fn)(int argc, char **argv);
	const char *help;
} commands[] = {
	{ "list", cmd_list,
	  "the rmap strategies, the named kernel configurations, the machines, the suites" },
	{ "run", cmd_run,
	  "measure fork/exit rmap cost over a sweep and write CSV" },
	{ "summarize", cmd_summarize,
	  "medians, confidence intervals and overhead of a raw CSV" },
	{ "verdict", cmd_verdict,
	  "what a run says: strategies ranked, overheads with intervals, p-values" },
	{ "compare", cmd_compare,
	  "pair the points of two raw CSVs: change of the median, U test" },
	{ "plotdata", cmd_plotdata,
	  "write the tables plot/plot.sh draws for a results folder" },
	{ "report", cmd_report,
	  "write DIR/report.html: metadata, summary tables, graphs inline" },
	{ "suite", cmd_suite, "run a bench/ suite into a results folder" },
	{ "merge", cmd_merge,
	  "join the folders of a suite's shards (suite --shard I/N) into one" },
	{ "calibrate", cmd_calibrate,
	  "time the host's real fork+exit per page; --machine: write machines/host" },
	{ "truth", cmd_truth,
	  "time the host's real fork+exit per file vma, beside the simulation" },
	{ "topo", cmd_topo, "the topology and a thread placement plan" },
	{ "version", cmd_version, "print the version" },
	{ "help", cmd_help, "this text" },
};

static int cmd_version(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	printf("rmapbench %s\n", RMAPBENCH_VERSION);
	return 0;
}

static int cmd_help(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	puts("usage: rmapbench COMMAND [OPTIONS]\ncommands:");
	for (size_t i = 0; i < ARRAY_SIZE(commands); i++)
		printf("  %-10s %s\n", commands[i].name, commands[i].help);
	puts("'rmapbench COMMAND --help' tells each command's options; --version the version.");
	return 0;
}

/*
 * Whatever a command printed must have reached stdout: a full disk or a
 * closed stdout is an error, not a silent success.  Runs at exit(), so
 * it covers the commands that exit early (--help) too.
 */
static void check_stdout(void)
{
	if (fflush(stdout) || ferror(stdout)) {
		fprintf(stderr,
			"rmapbench: write error on standard output: %m\n");
		_Exit(1);
	}
}

int main(int argc, char **argv)
{
	const char *cmd = argc > 1 ? argv[1] : NULL;
	char names[256] = "";

	outfile_std_fds();
	atexit(check_stdout);
	if (!cmd)
		die(EXIT_USAGE, "no command given; try 'rmapbench help'");
	if (!strcmp(cmd, "--help") || !strcmp(cmd, "-h"))
		return cmd_help(argc, argv);
	if (!strcmp(cmd, "--version") || !strcmp(cmd, "-V"))
		return cmd_version(argc, argv);
	for (size_t i = 0; i < ARRAY_SIZE(commands); i++) {
		if (!strcmp(cmd, commands[i].name))
			return commands[i].fn(argc, argv);
		strcat(strcat(names, i ? ", " : ""), commands[i].name);
	}
	{
		char msg[512];

		snprintf(msg, sizeof(msg),
			 "unknown command '%s'; commands are %s", cmd, names);
		opt_did_you_mean(msg, sizeof(msg), cmd, names);
		die(EXIT_USAGE, "%s", msg);
	}
}
