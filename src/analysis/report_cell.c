// SPDX-License-Identifier: GPL-2.0
/*
 * rmapbench report, the smallest parts of the page: text from a file,
 * HTML-escaped (everything taken from a file is), a column's name, and a
 * number cell.
 */
#include <stdio.h>
#include <string.h>
#include "lib/csv.h"
#include "report_impl.h"

void report_esc_n(FILE *f, const char *s, size_t n)
{
	for (size_t i = 0; i < n && s[i]; i++) {
		switch (s[i]) {
		case '&':
			fputs("&amp;", f);
			break;
		case '<':
			fputs("&lt;", f);
			break;
		case '>':
			fputs("&gt;", f);
			break;
		case '"':
			fputs("&quot;", f);
			break;
		case '\'':
			fputs("&#39;", f);
			break;
		default:
			fputc(s[i], f);
		}
	}
}

void report_esc(FILE *f, const char *s)
{
	report_esc_n(f, s, strlen(s));
}

void report_name(FILE *f, const char *s)
{
	for (; *s; s++)
		if (*s == '_')
			fputc(' ', f);
		else
			report_esc_n(f, s, 1);
}

void report_num(FILE *f, const struct csv *c, size_t row, const char *col,
		const char *fmt)
{
	int i = csv_column(c, col);
	double v;

	fputs("<td class=\"num\">", f);
	if (i >= 0 && !csv_parse_number(c->row[row].field[i], &v))
		fprintf(f, fmt, v);
	else
		fputs("&ndash;", f);
	fputs("</td>", f);
}
