// SPDX-License-Identifier: GPL-2.0
/*
 * Tables for people: a CSV as aligned text, markdown or JSON.  The CSV
 * stays the one source; these are views of it, so a column added to a
 * summary shows up in JSON with no change here.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "lib/util.h"
#include "table.h"

int table_format_parse(const char *s, enum table_format *f)
{
	static const char *const name[] = { "csv", "text", "markdown", "json" };

	for (int i = 0; i < 4; i++)
		if (!strcmp(s, name[i])) {
			*f = i;
			return 0;
		}
	return -1;
}

enum table_format table_format_default(FILE *f)
{
	return isatty(fileno(f)) ? TABLE_TEXT : TABLE_CSV;
}

/* The shown columns' indexes; every column when cols is NULL. */
static size_t shown(const struct csv *t, const char *const *cols, int *idx)
{
	size_t n = 0;

	if (!cols) {
		for (size_t c = 0; c < t->nr_cols; c++)
			idx[n++] = c;
		return n;
	}
	for (size_t i = 0; cols[i]; i++) {
		int c = csv_column(t, cols[i]);

		if (c >= 0)
			idx[n++] = c;
	}
	return n;
}

static void put_json_string(FILE *f, const char *s)
{
	fputc('"', f);
	for (; *s; s++) {
		unsigned char ch = *s;

		if (ch == '"' || ch == '\\')
			fprintf(f, "\\%c", ch);
		else if (ch < 0x20)
			fprintf(f, "\\u%04x", ch);
		else
			fputc(ch, f);
	}
	fputc('"', f);
}

static void put_json_value(FILE *f, const char *s)
{
	double v;

	if (!*s)
		fputs("null", f);
	else if (!csv_parse_number(s, &v) && isfinite(v))
		fprintf(f, "%.17g", v);
	else
		put_json_string(f, s);
}

static int write_json(const struct csv *t, FILE *f)
{
	fputs("{\n  \"meta\": {", f);
	for (size_t i = 0; i < t->nr_meta; i++) {
		fputs(i ? ",\n    " : "\n    ", f);
		put_json_string(f, t->meta[i].key);
		fputs(": ", f);
		put_json_string(f, t->meta[i].value);
	}
	fputs(t->nr_meta ? "\n  },\n  \"rows\": [" : "},\n  \"rows\": [", f);
	for (size_t r = 0; r < t->nr_rows; r++) {
		fputs(r ? ",\n    {" : "\n    {", f);
		for (size_t c = 0; c < t->nr_cols; c++) {
			fputs(c ? ", " : "", f);
			put_json_string(f, t->col[c]);
			fputs(": ", f);
			put_json_value(f, t->row[r].field[c]);
		}
		fputc('}', f);
	}
	fputs(t->nr_rows ? "\n  ]\n}\n" : "]\n}\n", f);
	return 0;
}

/* A number to four significant figures for reading; text as it is. */
static const char *cell(const char *s, char *buf, size_t len)
{
	double v;

	if (!*s)
		return "-";
	if (csv_parse_number(s, &v) || !isfinite(v) ||
	    strspn(s, "0123456789-") == strlen(s))
		return s;
	snprintf(buf, len, "%.4g", v);
	return buf;
}

static bool numeric_column(const struct csv *t, int c)
{
	double v;

	for (size_t r = 0; r < t->nr_rows; r++)
		if (*t->row[r].field[c] &&
		    csv_parse_number(t->row[r].field[c], &v))
			return false;
	return true;
}

static int write_grid(const struct csv *t, const int *idx, size_t n,
		      bool markdown, FILE *f)
{
	size_t *w = calloc(n + 1, sizeof(*w));
	bool *num = calloc(n + 1, sizeof(*num));
	char buf[64];

	if (!w || !num)
		die_oom("a table");
	for (size_t i = 0; i < n; i++) {
		w[i] = strlen(t->col[idx[i]]);
		num[i] = numeric_column(t, idx[i]);
		for (size_t r = 0; r < t->nr_rows; r++) {
			size_t l = strlen(cell(t->row[r].field[idx[i]], buf,
					       sizeof(buf)));

			w[i] = l > w[i] ? l : w[i];
		}
	}
	for (size_t i = 0; i < n; i++)
		fprintf(f, "%s%-*s%s",
			markdown ? "| " :
			i	 ? "  " :
				   "",
			(int)w[i], t->col[idx[i]], markdown ? " " : "");
	fputs(markdown ? "|\n" : "\n", f);
	for (size_t i = 0; markdown && i < n; i++) {
		fputs("|", f);
		for (size_t k = 0; k < w[i] + 2; k++)
			fputc(k == w[i] + 1 && num[i] ? ':' : '-', f);
	}
	fputs(markdown ? "|\n" : "", f);
	for (size_t r = 0; r < t->nr_rows; r++) {
		for (size_t i = 0; i < n; i++) {
			const char *v =
				cell(t->row[r].field[idx[i]], buf, sizeof(buf));

			if (markdown)
				fprintf(f, num[i] ? "| %*s " : "| %-*s ",
					(int)w[i], v);
			else
				fprintf(f, num[i] ? "%s%*s" : "%s%-*s",
					i ? "  " : "", (int)w[i], v);
		}
		fputs(markdown ? "|\n" : "\n", f);
	}
	free(w);
	free(num);
	return 0;
}

int table_write(const struct csv *t, const char *const *cols,
		enum table_format fmt, FILE *f)
{
	int *idx = calloc(t->nr_cols + 1, sizeof(*idx));
	size_t n;

	if (!idx)
		die_oom("a table");
	n = shown(t, cols, idx);
	if (fmt == TABLE_JSON)
		write_json(t, f);
	else
		write_grid(t, idx, n, fmt == TABLE_MARKDOWN, f);
	free(idx);
	return fflush(f) || ferror(f) ? -1 : 0;
}

int table_capture(int (*write)(const void *arg, FILE *f), const void *arg,
		  const char *name, struct csv *out, char *msg, size_t len)
{
	char *buf = NULL;
	size_t size = 0;
	FILE *m = open_memstream(&buf, &size);
	int ret;

	if (!m)
		die_oom("a table");
	ret = write(arg, m);
	fclose(m);
	if (!ret) {
		m = fmemopen(buf, size, "r");
		if (!m)
			die_oom("a table");
		ret = csv_parse(m, name, out, msg, len);
		fclose(m);
	}
	free(buf);
	return ret;
}
