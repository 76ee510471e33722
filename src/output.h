/* SPDX-License-Identifier: GPL-2.0 */
#ifndef RMAPBENCH_OUTPUT_H
#define RMAPBENCH_OUTPUT_H

#include <stdio.h>
#include "config.h"
#include "driver.h"

#define CSV_SCHEMA 1

/* `# key: value` metadata lines, then the column header. */
int csv_write_header(FILE *f, int argc, char **argv);
/* One complete row, written in one piece and flushed. */
int csv_write_row(FILE *f, const struct config *cfg, unsigned int rep,
		  const struct point_result *res);

#endif
