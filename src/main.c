// SPDX-License-Identifier: GPL-2.0
#include <stdio.h>
#include <string.h>
#include "cli.h"
#include "strategy.h"
#include "summarize.h"
#include "sysinfo.h"
#include "topo.h"
#include "util.h"

static const char usage[] =
	"usage: rmapbench COMMAND [OPTIONS]\n"
	"commands:\n"
	"  list    the rmap strategies, one line each\n"
	"  run     measure fork/exit rmap cost over a sweep and write CSV\n"
	"  version print the version\n"
	"'rmapbench run --help' lists run's options.\n";

int cmd_list(int argc, char **argv)
{
	if (argc > 2)
		die(EXIT_USAGE, "list takes no arguments, got '%s'", argv[2]);
	for (unsigned int i = 0; i < nr_strategies; i++)
		printf("%-8s %s\n", strategies[i]->name, strategies[i]->desc);
	return 0;
}

int main(int argc, char **argv)
{
	const char *cmd = argc > 1 ? argv[1] : NULL;

	if (!cmd)
		die(EXIT_USAGE, "no command given; try 'rmapbench list' or 'rmapbench run --help'");
	if (!strcmp(cmd, "run"))
		return cmd_run(argc, argv);
	if (!strcmp(cmd, "topo"))
		return cmd_topo(argc, argv);
	if (!strcmp(cmd, "list"))
		return cmd_list(argc, argv);
	if (!strcmp(cmd, "summarize")) return cmd_summarize(argc, argv);
	if (!strcmp(cmd, "version")) {
		printf("rmapbench %s\n", RMAPBENCH_VERSION);
		return 0;
	}
	if (!strcmp(cmd, "help") || !strcmp(cmd, "--help") || !strcmp(cmd, "-h")) {
		fputs(usage, stdout);
		return 0;
	}
	die(EXIT_USAGE, "unknown command '%s'; commands are list, run, version", cmd);
}
