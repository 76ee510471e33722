// SPDX-License-Identifier: GPL-2.0
/*
 * The strict CSV reader of csv.h.  Each line is read whole with getline(),
 * so no line is ever cut at a buffer size, and every message names the
 * file and line so that a bad file can be fixed, not guessed at.
 */
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "csv.h"
#include "infile.h"
#include "num.h"

static const char bom[] = "\xef\xbb\xbf";

__attribute__((format(printf, 5, 6))) static int fail(char *msg, size_t len,
						      const char *name,
						      unsigned long line,
						      const char *fmt, ...)
{
	va_list ap;
	int n;

	n = line ? snprintf(msg, len, "%s:%lu: ", name, line) :
		   snprintf(msg, len, "%s: ", name);
	if (n < 0 || (size_t)n >= len)
		return -1;
	va_start(ap, fmt);
	vsnprintf(msg + n, len - n, fmt, ap);
	va_end(ap);
	return -1;
}

/* Grows *arr by one element of size sz, doubling its capacity. */
static void *grow(void *arr, size_t nr, size_t *cap, size_t sz)
{
	void *p;

	if (nr < *cap)
		return arr;
	*cap = *cap ? *cap * 2 : 16;
	p = realloc(arr, *cap * sz);
	return p;
}

char **csv_split(char *line, int sep, size_t *nr)
{
	size_t n = 1;
	char **field;

	for (char *p = line; *p; p++)
		n += *p == sep;
	field = malloc(n * sizeof(*field));
	if (!field)
		return NULL;
	field[0] = line;
	for (size_t i = 1; i < n; i++) {
		char *end = strchr(field[i - 1], sep);

		*end = '\0';
		field[i] = end + 1;
	}
	*nr = n;
	return field;
}

void csv_split_free(char **field)
{
	if (field)
		free(field[0]);
	free(field);
}

/* "# key: value", the key without blanks or colons, the value optional. */
static int parse_meta(struct csv *csv, char *line, unsigned long lineno,
		      char *msg, size_t len, size_t *cap)
{
	char *key = line + 2, *colon = strchr(line, ':');
	struct csv_meta *m;

	if (strncmp(line, "# ", 2) || !colon || colon == key ||
	    strcspn(key, " \t:") != (size_t)(colon - key) ||
	    (colon[1] && colon[1] != ' '))
		return fail(
			msg, len, csv->path, lineno,
			"expected a '# key: value' metadata line, got '%.60s'",
			line);
	m = grow(csv->meta, csv->nr_meta, cap, sizeof(*m));
	if (!m)
		return fail(msg, len, csv->path, lineno, "out of memory");
	csv->meta = m;
	m += csv->nr_meta;
	m->key = strndup(key, colon - key);
	m->value = strdup(colon[1] ? colon + 2 : "");
	m->line = lineno;
	csv->nr_meta++;
	if (!m->key || !m->value)
		return fail(msg, len, csv->path, lineno, "out of memory");
	return 0;
}

static int check_quotes(struct csv *csv, char **field, size_t nr,
			unsigned long lineno, char *msg, size_t len)
{
	for (size_t i = 0; i < nr; i++) {
		if (!strchr(field[i], '"'))
			continue;
		return fail(
			msg, len, csv->path, lineno,
			"column %zu: quoted fields are not supported: '%.60s'",
			i + 1, field[i]);
	}
	return 0;
}

/* FNV-1a: cheap, and good enough to spread column names. */
static size_t name_hash(const char *s)
{
	uint64_t h = 0xcbf29ce484222325ull;

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 0x100000001b3ull;
	return (size_t)h;
}

/*
 * Open addressing with linear probing in a table at most half full: each
 * name costs O(1) string comparisons on average, so a header of 10^6
 * columns is checked in linear time, not the 5 * 10^11 comparisons of
 * comparing every pair.
 */
int csv_find_duplicate(char *const *name, size_t n, size_t *first, size_t *dup,
		       unsigned long *compares)
{
	size_t cap = 16, *slot;
	int ret = 0;

	while (cap < 2 * n)
		cap *= 2;
	slot = malloc(cap * sizeof(*slot));
	if (!slot)
		return -1;
	for (size_t i = 0; i < cap; i++)
		slot[i] = SIZE_MAX;
	for (size_t i = 0; i < n && !ret; i++) {
		size_t h = name_hash(name[i]) & (cap - 1);

		for (; slot[h] != SIZE_MAX; h = (h + 1) & (cap - 1)) {
			if (compares)
				(*compares)++;
			if (!strcmp(name[slot[h]], name[i])) {
				*first = slot[h];
				*dup = i;
				ret = 1;
				break;
			}
		}
		slot[h] = i;
	}
	free(slot);
	return ret;
}

static int parse_header(struct csv *csv, char *line, unsigned long lineno,
			char *msg, size_t len)
{
	size_t first, dup;
	int ret;

	csv->header_line = lineno;
	csv->col = csv_split(line, ',', &csv->nr_cols);
	if (!csv->col) {
		free(line);
		return fail(msg, len, csv->path, lineno, "out of memory");
	}
	if (check_quotes(csv, csv->col, csv->nr_cols, lineno, msg, len))
		return -1;
	ret = csv_find_duplicate(csv->col, csv->nr_cols, &first, &dup, NULL);
	if (ret < 0)
		return fail(msg, len, csv->path, lineno, "out of memory");
	/* The leftmost fault is named: a nameless column or a repeat. */
	for (size_t i = 0; i < csv->nr_cols && (!ret || i < dup); i++)
		if (!*csv->col[i])
			return fail(msg, len, csv->path, lineno,
				    "header: column %zu has no name", i + 1);
	if (ret)
		return fail(
			msg, len, csv->path, lineno,
			"header: column '%s' appears twice (columns %zu and %zu)",
			csv->col[dup], first + 1, dup + 1);
	return 0;
}

static int parse_row(struct csv *csv, char *line, unsigned long lineno,
		     char *msg, size_t len, size_t *cap)
{
	struct csv_row *r = grow(csv->row, csv->nr_rows, cap, sizeof(*r));
	char **field;
	size_t nr;

	if (!r) {
		free(line);
		return fail(msg, len, csv->path, lineno, "out of memory");
	}
	csv->row = r;
	field = csv_split(line, ',', &nr);
	if (!field) {
		free(line);
		return fail(msg, len, csv->path, lineno, "out of memory");
	}
	csv->row[csv->nr_rows++] = (struct csv_row){ field, lineno };
	if (nr != csv->nr_cols)
		return fail(
			msg, len, csv->path, lineno,
			"%zu fields, but the header (line %lu) has %zu columns",
			nr, csv->header_line, csv->nr_cols);
	return check_quotes(csv, field, nr, lineno, msg, len);
}

/*
 * A row is modelled if its mode is exactly "model" and measured if it is
 * "measured"; anything else ("Model", "hybrid") would be read as measured
 * by whoever tests for "model", and is refused where the file is read.
 */
static int check_mode(const struct csv *csv, char *msg, size_t len)
{
	int col = csv_column(csv, "mode");

	for (size_t r = 0; col >= 0 && r < csv->nr_rows; r++) {
		const char *v = csv->row[r].field[col];

		if (*v && strcmp(v, "measured") && strcmp(v, "model"))
			return fail(msg, len, csv->path, csv->row[r].line,
				    "mode '%.20s' is neither 'measured' nor 'model'",
				    v);
	}
	return 0;
}

static int check_schema(const struct csv *csv, char *msg, size_t len)
{
	char want[16];

	snprintf(want, sizeof(want), "%d", CSV_SCHEMA);
	for (size_t i = 0; i < csv->nr_meta; i++) {
		const struct csv_meta *m = &csv->meta[i];

		if (strcmp(m->key, "schema"))
			continue;
		if (!strcmp(m->value, want))
			return check_mode(csv, msg, len);
		return fail(
			msg, len, csv->path, m->line,
			"schema '%.20s' is not supported: this rmapbench reads schema %d",
			m->value, CSV_SCHEMA);
	}
	return fail(msg, len, csv->path, 0,
		    "no '# schema:' line: not an rmapbench CSV file");
}

/* Drops the line end (LF or CRLF) and, on line 1, a byte-order mark. */
static char *clean_line(char *buf, ssize_t n, unsigned long lineno)
{
	if (n && buf[n - 1] == '\n')
		buf[--n] = '\0';
	if (n && buf[n - 1] == '\r')
		buf[--n] = '\0';
	if (lineno == 1 && !strncmp(buf, bom, 3))
		memmove(buf, buf + 3, n - 2);
	return buf;
}

/* One line, already cleaned; takes ownership of line. */
static int parse_line(struct csv *csv, char *line, unsigned long lineno,
		      char *msg, size_t len, size_t cap[2])
{
	int ret;

	if (!*line) {
		free(line);
		return fail(msg, len, csv->path, lineno, "empty line");
	}
	if (!csv->col && *line == '#') {
		ret = parse_meta(csv, line, lineno, msg, len, &cap[0]);
		free(line);
		return ret;
	}
	if (*line == '#') {
		free(line);
		return fail(msg, len, csv->path, lineno,
			    "'#' line after the header (line %lu)",
			    csv->header_line);
	}
	if (!csv->col)
		return parse_header(csv, line, lineno, msg, len);
	return parse_row(csv, line, lineno, msg, len, &cap[1]);
}

static int parse_lines(FILE *f, struct csv *csv, char *msg, size_t len)
{
	size_t cap[2] = { 0, 0 }, bufsz = 0;
	unsigned long lineno = 0;
	char *buf = NULL;
	ssize_t n;

	for (;;) {
		errno = 0;
		n = getline(&buf, &bufsz, f);
		if (n < 0)
			break;
		lineno++;
		if (strlen(buf) != (size_t)n) {
			free(buf);
			return fail(msg, len, csv->path, lineno,
				    "contains a NUL byte: not a text file");
		}
		/* The line moves into csv; getline allocates the next. */
		if (parse_line(csv, clean_line(buf, n, lineno), lineno, msg,
			       len, cap))
			return -1;
		buf = NULL;
		bufsz = 0;
	}
	free(buf);
	if (ferror(f) || errno == ENOMEM)
		return fail(msg, len, csv->path, 0, "read error: %s",
			    strerror(errno ? errno : EIO));
	if (!lineno)
		return fail(msg, len, csv->path, 0, "empty file");
	if (!csv->col)
		return fail(msg, len, csv->path, 0,
			    "no header row after the %zu metadata lines",
			    csv->nr_meta);
	return 0;
}

int csv_parse(FILE *f, const char *name, struct csv *csv, char *msg, size_t len)
{
	memset(csv, 0, sizeof(*csv));
	csv->path = strdup(name);
	if (!csv->path)
		return fail(msg, len, name, 0, "out of memory");
	if (!parse_lines(f, csv, msg, len) && !check_schema(csv, msg, len))
		return 0;
	csv_free(csv);
	return -1;
}

int csv_read(const char *path, struct csv *csv, char *msg, size_t len)
{
	FILE *f = infile_open(path, SIZE_MAX, "name a CSV file rmapbench wrote",
			      msg, len);
	int ret;

	if (!f) {
		memset(csv, 0, sizeof(*csv));
		if (msg[0])
			return -1;
		return fail(msg, len, path, 0, "cannot open: %s",
			    strerror(errno));
	}
	ret = csv_parse(f, path, csv, msg, len);
	fclose(f);
	return ret;
}

void csv_free(struct csv *csv)
{
	for (size_t i = 0; i < csv->nr_meta; i++) {
		free(csv->meta[i].key);
		free(csv->meta[i].value);
	}
	for (size_t i = 0; i < csv->nr_rows; i++)
		csv_split_free(csv->row[i].field);
	csv_split_free(csv->col);
	free(csv->meta);
	free(csv->row);
	free(csv->path);
	memset(csv, 0, sizeof(*csv));
}

int csv_column(const struct csv *csv, const char *name)
{
	for (size_t i = 0; i < csv->nr_cols; i++)
		if (!strcmp(csv->col[i], name))
			return (int)i;
	return -1;
}

const char *csv_meta_get(const struct csv *csv, const char *key)
{
	for (size_t i = 0; i < csv->nr_meta; i++)
		if (!strcmp(csv->meta[i].key, key))
			return csv->meta[i].value;
	return NULL;
}

int csv_parse_number(const char *s, double *v)
{
	return num_parse(s, v);
}

int csv_number(const struct csv *csv, size_t row, size_t col, double *v,
	       char *msg, size_t len)
{
	const struct csv_row *r = &csv->row[row];
	const char *s = r->field[col];

	if (!csv_parse_number(s, v))
		return 0;
	if (!*s)
		return fail(msg, len, csv->path, r->line,
			    "column %s: empty, expected a number",
			    csv->col[col]);
	return fail(msg, len, csv->path, r->line,
		    "column %s: '%.60s' is not a number", csv->col[col], s);
}

int csv_number_by_name(const struct csv *csv, size_t row, const char *name,
		       double *v, char *msg, size_t len)
{
	int col = csv_column(csv, name);

	if (col < 0)
		return fail(msg, len, csv->path, csv->header_line,
			    "no column '%s' in the header", name);
	return csv_number(csv, row, col, v, msg, len);
}

void csv_put_meta(FILE *f, const char *key, const char *value)
{
	fprintf(f, "# %s:%s", key, *value ? " " : "");
	for (const char *v = value; *v; v++) {
		unsigned char c = *v;

		if (c == '\n')
			fputs("\\n", f);
		else if (c == '\r')
			fputs("\\r", f);
		else if (c < 0x20 && c != '\t')
			fprintf(f, "\\x%02x", c);
		else
			fputc(c, f);
	}
	fputc('\n', f);
}
