/* SPDX-License-Identifier: GPL-2.0 */
#ifndef RMAPBENCH_TREE_H
#define RMAPBENCH_TREE_H

#include <stdatomic.h>
#include <stdbool.h>
#include "config.h"

/* What a CPU's queue hands on under --tree daniel. */
enum tree_task {
	TASK_EXEC,	    /* a child to exec: cat, wc or expr */
	TASK_SUBSHELL,	    /* ( cat | wc ): writes, forks cat and wc */
	TASK_SUBSHELL_EXIT, /* its children gone, the subshell exits */
};

/* Families the world holds: --loops, and --tree daniel's --daemons. */
unsigned long tree_families(const struct config *cfg);

/* Sets of --cow-faults spare pages per family. */
unsigned int tree_spare_sets(const struct config *cfg);

#endif
