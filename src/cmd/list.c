// SPDX-License-Identifier: GPL-2.0
/* rmapbench list: the strategies in the table's order, the one source of
 * that order for scripts and tests. */
#include <stdio.h>
#include "commands.h"
#include "strategy/strategy.h"
#include "lib/util.h"

int cmd_list(int argc, char **argv)
{
	if (argc > 2)
		die(EXIT_USAGE, "list takes no arguments, got '%s'", argv[2]);
	for (unsigned int i = 0; i < nr_strategies; i++)
		printf("%-8s %s\n", strategies[i]->name, strategies[i]->desc);
	return 0;
}
