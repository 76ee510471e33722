/* SPDX-License-Identifier: GPL-2.0 */
#ifndef RMAPBENCH_TREE_H
#define RMAPBENCH_TREE_H

#include <stdatomic.h>
#include <stdbool.h>
#include "config.h"

struct world;
struct round;
struct round_cpu;
struct round_child;

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

/* After the layout: a tree's children write past the parent's pages. */
void tree_init(struct world *w);

/*
 * The round's state of a tree, ending in the families' busy counts,
 * which it returns (NULL on ENOMEM) for r->busy; freed with the rest.
 */
atomic_uint *tree_round_init(struct round *r);
void tree_round_destroy(struct round *r);


/* Family f's next fork of daniel.sh's iteration (round_fork()). */
void tree_fork(struct round_cpu *d, unsigned long f, bool measured);

/* One task of this CPU's queue (round_serve()). */
void tree_serve(struct round_cpu *d, const struct round_child *cw);

#endif
