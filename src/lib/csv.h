/* SPDX-License-Identifier: GPL-2.0 */
#ifndef RMAPBENCH_CSV_H
#define RMAPBENCH_CSV_H

#include <stddef.h>
#include <stdio.h>

/* The version of every CSV layout rmapbench writes: raw, summary, compare. */
#define CSV_SCHEMA 1

/*
 * A strict reader for the CSV files rmapbench writes (raw and summary):
 *
 *	# key: value		metadata, only before the header
 *	name,name,...		the header: unique, non-empty column names
 *	field,field,...		rows, exactly one field per column
 *
 * Fields are plain text split at commas: rmapbench never writes quotes, so
 * a field with a '"' is rejected rather than half-understood.  Empty lines
 * and '#' lines after the header are rejected too.  Lines may be of any
 * length.  CRLF line ends and a leading UTF-8 byte-order mark are accepted
 * and dropped, since a spreadsheet that re-saves the file adds both.
 * The `# schema:` line must be present and equal CSV_SCHEMA.
 *
 * Errors are one line, "FILE:LINE: what" (or "FILE: what" for the file as
 * a whole), ready for die("%s", msg).
 */
struct csv_meta {
	char *key;
	char *value; /* after ": ", possibly empty */
	unsigned long line;
};

struct csv_row {
	char **field;	    /* nr_cols fields */
	unsigned long line; /* in the file, from 1 */
};

struct csv {
	char *path;
	struct csv_meta *meta;
	size_t nr_meta;
	char **col;
	size_t nr_cols;
	unsigned long header_line;
	struct csv_row *row;
	size_t nr_rows;
};

/* Each returns 0, or -1 with the message in msg and nothing to free. */
int csv_read(const char *path, struct csv *csv, char *msg, size_t len);
/* The same from an open stream; name is what messages call it. */
int csv_parse(FILE *f, const char *name, struct csv *csv, char *msg,
	      size_t len);
void csv_free(struct csv *csv);

/*
 * Whether two of name[0..n) are equal: 1 with the first such pair in
 * *first < *dup (the lowest *dup, then its first match), 0 if all differ,
 * -1 when out of memory.  Linear time on average; compares, when not
 * NULL, counts the string comparisons made (tests hold it to that).
 */
int csv_find_duplicate(char *const *name, size_t n, size_t *first, size_t *dup,
		       unsigned long *compares);

/* The column's index, or -1. */
int csv_column(const struct csv *csv, const char *name);
/* The first value for key, or NULL. */
const char *csv_meta_get(const struct csv *csv, const char *key);

/*
 * Parses a whole field as a finite decimal number: "12", "-0.5", "1e3".
 * Empty fields, text, hex, NaN and inf are refused with a message naming
 * the file, the line and the column.
 */
int csv_number(const struct csv *csv, size_t row, size_t col, double *v,
	       char *msg, size_t len);
/* csv_number by column name; a missing column is an error too. */
int csv_number_by_name(const struct csv *csv, size_t row, const char *name,
		       double *v, char *msg, size_t len);
/* The text test of csv_number: 0 when s is a finite decimal number. */
int csv_parse_number(const char *s, double *v);

/*
 * Splits line in place at sep.  The fields point into line, so the first
 * field is the line itself: csv_split_free() frees them all.  NULL when
 * out of memory.
 */
/*
 * Writes one "# key: value" metadata line.  A control character in value
 * (a newline in a file name) is written as an escape (\n, \x01), so the
 * line stays one line and the file stays a CSV.
 */
void csv_put_meta(FILE *f, const char *key, const char *value);

char **csv_split(char *line, int sep, size_t *nr);
void csv_split_free(char **field);

#endif
