// SPDX-License-Identifier: GPL-2.0
/*
 * --tree daniel: the processes of daniel.sh as bash runs it ("[PATCH] Rmap
 * speedup", Daniel Phillips, linux-kernel, 2 Aug 2002,
 * <E17aiJv-0007cr-00@starship>, quotes the script).  Each of its ten
 * background loops runs, per iteration,
 *
 *	( cat $1 | wc -l )		doit foo >/dev/null
 *	count=$(expr $count + 1)
 *
 * bash forks a subshell for ( ... ) (execute_in_subshell(), bash 2.05
 * execute_cmd.c), which runs the pipeline by forking each of its commands
 * (execute_pipeline()) and never execs itself; $( ) forks a child
 * (command_substitute(), subst.c) that execs expr, a simple command.  So
 * an iteration is four forks and three execs: the loop's shell forks the
 * subshell, which forks cat and wc, both exec'd; when the subshell has
 * exited, the loop's shell forks expr, exec'd.  The main shell meanwhile
 * polls, "count=$(cat foocount | wc -l)" in a loop: per poll a child that
 * forks cat and wc, the same shape without expr.  Here the last of
 * --loops is that main shell; its processes are not counted as forks (an
 * iteration is the loops' four, as akpm counted 5,000 iterations), its
 * work is, in every time and lock count.
 *
 * A family's child slots: 0 the subshell, then expr; 1 cat; 2 wc.  Every
 * fork is followed by the forking shell's copy-on-write faults
 * (--cow-faults, the parent's first anonymous pages, as the flat tree),
 * and every child writes before it forks or execs (bash resets its
 * signals and variables in the child): --cow-faults faults on the
 * anonymous pages after the parent's, into new pages of its own.  The
 * subshell's writes after its own forks are not replayed.
 *
 * --daemons: processes of the rest of the system that stay mapped the
 * whole run, so that a shared page's chain is as long as the system's:
 * families that never fork, each mapping the shared file's present pages
 * (the shell's: bash's text as well as ld.so's and libc's, a
 * simplification) and its own anonymous pages.
 */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include "tree.h"

unsigned long tree_families(const struct config *cfg)
{
	return cfg->loops + (cfg->tree == TREE_DANIEL ? cfg->daemons : 0);
}

unsigned int tree_spare_sets(const struct config *cfg)
{
	/* the loop's shell's own faults, then each child slot's new pages */
	return cfg->children + (cfg->tree == TREE_DANIEL);
}
