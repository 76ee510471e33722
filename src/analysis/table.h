/* SPDX-License-Identifier: GPL-2.0 */
#ifndef RMAPBENCH_TABLE_H
#define RMAPBENCH_TABLE_H

#include <stdbool.h>
#include <stdio.h>
#include "lib/csv.h"

/*
 * A CSV table (a summary, a comparison) for people as well as programs:
 * --format csv (as written), text (aligned columns, for a terminal),
 * markdown (a table to paste into a mail or a linux-kernel post) or json
 * ({"meta": {...}, "rows": [{column: value}]}, numbers as numbers, empty
 * fields as null).
 */
enum table_format { TABLE_CSV, TABLE_TEXT, TABLE_MARKDOWN, TABLE_JSON };

/* "csv", "text", "markdown" or "json"; -1 for anything else. */
int table_format_parse(const char *s, enum table_format *f);
/* The default: text on a terminal, csv into a file or a pipe. */
enum table_format table_format_default(FILE *f);

/*
 * Writes t in text, markdown or json.  cols: the columns text and
 * markdown show (NULL-terminated; NULL: every one), json always writes
 * every column.  Returns 0, or -1 on a write error.
 */
int table_write(const struct csv *t, const char *const *cols,
		enum table_format fmt, FILE *f);

/*
 * Writes what write() writes to a stream into memory and parses it back
 * as a CSV: the one path from a writer of CSV to the other formats.
 * Returns 0, or -1 with a message.
 */
int table_capture(int (*write)(const void *arg, FILE *f), const void *arg,
		  const char *name, struct csv *out, char *msg, size_t len);

#endif
