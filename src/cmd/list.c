// SPDX-License-Identifier: GPL-2.0
/* rmapbench list: the strategies in the table's order, the one source of
 * that order for scripts and tests. */
#include <stdio.h>
#include <string.h>
#include "commands.h"
#include "strategy/strategy.h"
#include "lib/util.h"

int cmd_list(int argc, char **argv)
{
	int width = 8;

	if (argc > 2)
		die(EXIT_USAGE, "list takes no arguments, got '%s'", argv[2]);
	/* The descriptions in one column, however long a name. */
	for (unsigned int i = 0; i < nr_strategies; i++)
		if ((int)strlen(strategies[i]->name) > width)
			width = strlen(strategies[i]->name);
	for (unsigned int i = 0; i < nr_strategies; i++)
		printf("%-*s %s\n", width, strategies[i]->name,
		       strategies[i]->desc);
	return 0;
}
