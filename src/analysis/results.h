/* SPDX-License-Identifier: GPL-2.0 */
#ifndef RMAPBENCH_RESULTS_H
#define RMAPBENCH_RESULTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

/*
 * What a results folder holds and the order things are shown in, in one
 * place for plotdata, report and compare: the order of strategies and
 * suites, the suites of a folder, and a reader that takes only regular
 * files of a bounded size (a FIFO would hang a reader, /dev/zero would
 * fill memory).  The graphs a suite wants are graphs.h's.
 */

/* The strategy's place in the strategy table; unknown ones after all. */
unsigned int strategy_rank(const char *name);
/* The suite's place in the order a reader wants them; unknown ones last. */
unsigned int suite_rank(const char *name);

/* Size limits of the files a results folder is read from. */
#define RESULTS_TEXT_MAX (1UL << 20)   /* question, graphs */
#define RESULTS_GRAPH_MAX (32UL << 20) /* one SVG or PNG */
#define RESULTS_CSV_MAX (1UL << 30)    /* raw, summary, calibration */

/*
 * Opens path for reading if it is a regular file of at most limit bytes.
 * Returns the stream, or NULL with errno set (ENOENT: absent) and, for a
 * file that exists but is refused, a one-line message in msg.
 */
FILE *results_open(const char *path, size_t limit, char *msg, size_t len);
/*
 * The whole of dir/name, NUL-terminated, through results_open().  NULL
 * with msg[0] == '\0' when the file is absent; NULL with a message when
 * it is refused or unreadable.
 */
char *results_read(const char *dir, const char *name, size_t limit,
		   size_t *size, char *msg, size_t len);

/* dir/name, malloc'd. */
char *path_join(const char *dir, const char *name);

/*
 * The suites of a results folder: its sub-folders with a summary.csv, in
 * suite_rank() order, then by name.  Returns 0, or EXIT_USAGE with a
 * message (no such folder, no suite in it).  Free with results_free().
 */
int results_suites(const char *dir, char ***names, size_t *nr, char *msg,
		   size_t len);
void results_free(char **names, size_t nr);

/*
 * The names of a suite's names file (graphs, report), one a line: '#'
 * starts a comment and blanks are ignored.  Like strtok_r(): text the
 * first time, NULL after; the next name, cut out of text in place, or
 * NULL at the end.
 */
char *results_name(char *text, char **save);

#endif
