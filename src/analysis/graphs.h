/* SPDX-License-Identifier: GPL-2.0 */
#ifndef RMAPBENCH_GRAPHS_H
#define RMAPBENCH_GRAPHS_H

#include <stddef.h>

struct plotdata;

/*
 * One graph: its name (plot/<name>.gp draws it), the caption report
 * shows under it, and the function that writes its table.  graphs[]
 * (graphs.c) is the one list of graphs.
 */
struct graph_info {
	const char *name;
	const char *caption;
	int (*table)(struct plotdata *pd, size_t *idx, char *why, size_t len);
};

extern const struct graph_info graphs[];
extern const size_t nr_graphs;

/* The graph's index in graphs[], or -1. */
int graph_find(const char *name);
/* "overhead throughput ...": for messages and usage texts. */
const char *graph_names(void);

/*
 * The graphs a suite wants, as indices into graphs[] (want has room for
 * nr_graphs): its `graphs` file, one name a line ('#' starts a comment,
 * blanks are ignored), or every graph when the file is absent.  Returns
 * 0; 1 with a message for an unknown name (want holds the known ones);
 * EXIT_USAGE with a message when the file is refused or unreadable.
 */
int graphs_wanted(const char *suite_dir, const char *suite, int *want,
		   size_t *nr, char *msg, size_t len);

#endif
