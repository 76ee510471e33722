/* SPDX-License-Identifier: GPL-2.0 */
#ifndef RMAPBENCH_REPORT_H
#define RMAPBENCH_REPORT_H

#include <stddef.h>

/*
 * `rmapbench report DIR`: DIR/report.html, one self-contained page for a
 * results folder (DIR/<suite>/summary.csv, raw.csv, question, graphs,
 * report and the <graph>.svg files plot/plot.sh drew): the run's
 * metadata, then per suite its question, a table of its summary, the
 * sections its report file names, and its graphs inline.
 */

/*
 * Writes DIR/report.html atomically.  Returns 0, or an exit status
 * (EXIT_USAGE: no such folder, no suite in it; 1: a write error) with a
 * one-line message in msg.
 */
int report_write(const char *dir, char *msg, size_t len);

/*
 * The sections a suite may ask the report for beside its summary (its
 * `report:` line, a `report` file in its folder, one name a line): the
 * section's index, or -1; and "elapsed 2002 ..." for messages.
 */
int report_section_find(const char *name);
const char *report_section_names(void);

#endif
