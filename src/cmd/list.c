// SPDX-License-Identifier: GPL-2.0
/*
 * rmapbench list [strategies|kernels]: the strategies in the table's order
 * (the one source of that order for scripts and tests: `list strategies`
 * prints only those lines), then the named kernel configurations with the
 * options they stand for and their sources.
 */
#include <stdio.h>
#include <string.h>
#include "commands.h"
#include "strategy/kernel.h"
#include "strategy/strategy.h"
#include "lib/util.h"

static void list_strategies(void)
{
	int width = 8;

	/* The descriptions in one column, however long a name. */
	for (unsigned int i = 0; i < nr_strategies; i++)
		if ((int)strlen(strategies[i]->name) > width)
			width = strlen(strategies[i]->name);
	for (unsigned int i = 0; i < nr_strategies; i++)
		printf("%-*s %s\n", width, strategies[i]->name,
		       strategies[i]->desc);
}

static void list_kernels(void)
{
	for (unsigned int i = 1; i < nr_kernels; i++)
		printf("%s\n  %s\n  options: %s\n  source: %s\n",
		       kernels[i].name, kernels[i].what, kernels[i].options,
		       kernels[i].source);
}

int cmd_list(int argc, char **argv)
{
	const char *what = argc > 2 ? argv[2] : "";

	if (argc > 3 ||
	    (*what && strcmp(what, "strategies") && strcmp(what, "kernels")))
		die(EXIT_USAGE,
		    "list takes nothing, 'strategies' or 'kernels', got '%s'",
		    argv[argc > 3 ? 3 : 2]);
	if (strcmp(what, "kernels"))
		list_strategies();
	if (!*what)
		printf("\nkernel configurations (run --kernel NAME):\n");
	if (strcmp(what, "strategies"))
		list_kernels();
	return 0;
}
