/* SPDX-License-Identifier: GPL-2.0 */
#ifndef RMAPBENCH_OUTPUT_H
#define RMAPBENCH_OUTPUT_H

#include <stdio.h>
#include "config.h"
#include "driver.h"
#include "lib/csv.h"

struct meta {
	const char *key;
	const char *value;
};

/* `# key: value` metadata lines: the host's, then the caller's own. */
int csv_write_meta(FILE *f, int argc, char **argv, const struct meta *run,
		   unsigned int nr_run);
/* The metadata, then the raw CSV's column header.  0, or -1 on error. */
int csv_write_header(FILE *f, int argc, char **argv, const struct meta *run,
		     unsigned int nr_run);
/*
 * One complete row, written in one piece and flushed.  res is NULL for a
 * point that failed (status says how): its figures are left empty.
 */
int csv_write_row(FILE *f, const struct config *cfg, unsigned int rep,
		  const char *cpus, const char *status,
		  const struct point_result *res);

/*
 * A measured column's value as csv_write_row() writes it (printed in the
 * column's format and read back), so that a figure the run computes from
 * its own rows is the one a reader of the CSV computes; NAN when the
 * column is left empty or there is none of that name.
 */
double csv_row_value(const char *name, const struct config *cfg,
		     const struct point_result *res);

#endif
