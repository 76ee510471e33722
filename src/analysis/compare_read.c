// SPDX-License-Identifier: GPL-2.0
/*
 * rmapbench compare, reading: each file is read and checked whole (its
 * header, the metric columns, every measured value), then the key
 * columns the points pair on and the columns --filter names are found in
 * both, so that a bad file stops the comparison with one line before any
 * point is paired.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include "compare.h"
#include "compare_impl.h"
#include "lib/compiler.h"
#include "lib/util.h"
#include "summarize.h"

/* What is wrong with a file's header: "FILE:LINE: ..." */
__attribute__((format(printf, 4, 5))) static int
header_fail(char *msg, size_t len, const struct csv *in, const char *fmt, ...)
{
	va_list ap;
	int n;

	n = snprintf(msg, len, "%s:%lu: ", in->path, in->header_line);
	if (n < 0 || (size_t)n >= len)
		return EXIT_USAGE;
	va_start(ap, fmt);
	vsnprintf(msg + n, len - n, fmt, ap);
	va_end(ap);
	return EXIT_USAGE;
}

static bool is_core_metric(const char *name)
{
	for (int i = 0; i < SUMMARY_NR_METRICS; i++)
		if (!strcmp(summary_metrics[i], name))
			return true;
	return false;
}

bool compare_row_measured(const struct compare *c, int s, size_t r)
{
	return c->status[s] < 0 ||
	       !strcmp(c->in[s].row[r].field[c->status[s]], "ok");
}

static int find_metric(struct compare *c, int s, struct compare_table *t,
		       char *msg, size_t len)
{
	const struct csv *in = &c->in[s];
	int col = csv_column(in, t->metric);

	if (col < 0)
		return header_fail(msg, len, in,
				   "no column '%s' (--metric) in the header",
				   t->metric);
	if (col <= c->rep[s])
		return header_fail(
			msg, len, in,
			"--metric: '%s' is a parameter column (at or before 'rep'), not a measurement",
			t->metric);
	if (col == c->status[s] || !strcmp(t->metric, "cpus"))
		return header_fail(
			msg, len, in,
			"--metric: '%s' describes the row, it is not a measurement",
			t->metric);
	t->col[s] = col;
	return 0;
}

/*
 * Every metric field of a measured row must be a number, checked in file
 * order so that the message names the first bad line.  Only the four
 * metrics every measured row has must be there; an empty field elsewhere
 * is "not measured here" (a lock figure of a lock-free strategy).
 */
static int check_values(const struct compare *c, int s, char *msg, size_t len)
{
	const struct csv *in = &c->in[s];
	double v;

	for (size_t r = 0; r < in->nr_rows; r++) {
		if (!compare_row_measured(c, s, r))
			continue;
		for (size_t m = 0; m < c->nr_tabs; m++) {
			const struct compare_table *t = &c->tab[m];

			if (!*in->row[r].field[t->col[s]] &&
			    !is_core_metric(t->metric))
				continue;
			if (csv_number(in, r, t->col[s], &v, msg, len))
				return EXIT_USAGE;
		}
	}
	return 0;
}

int compare_read_side(struct compare *c, int s, char *msg, size_t len)
{
	struct csv *in = &c->in[s];
	int ret;

	if (csv_read(c->opts.path[s], in, msg, len))
		return EXIT_USAGE;
	c->rep[s] = csv_column(in, "rep");
	if (c->rep[s] < 0)
		return header_fail(
			msg, len, in,
			"no column 'rep' in the header: not a raw rmapbench CSV%s",
			csv_meta_get(in, "summary_of") ?
				" (this is a summary; compare reads raw files)" :
				"");
	if (!c->rep[s])
		return header_fail(msg, len, in,
				   "no parameter columns before 'rep'");
	c->status[s] = csv_column(in, "status");
	for (size_t m = 0; m < c->nr_tabs; m++) {
		ret = find_metric(c, s, &c->tab[m], msg, len);
		if (ret)
			return ret;
	}
	return check_values(c, s, msg, len);
}

/* --- the key columns and the filter's columns ------------------------- */

static int find_group_by(struct compare *c, char *msg, size_t len)
{
	c->key = c->key_list;
	for (int s = 0; s < 2; s++) {
		c->key_col[s] = compare_calloc(c->nr_keys, sizeof(int));
		for (size_t k = 0; k < c->nr_keys; k++) {
			c->key_col[s][k] = csv_column(&c->in[s], c->key[k]);
			if (c->key_col[s][k] < 0)
				return header_fail(
					msg, len, &c->in[s],
					"--group-by: no column '%s' in the header",
					c->key[k]);
		}
	}
	return 0;
}

static bool is_param(const struct compare *c, int s, const char *name)
{
	int col = csv_column(&c->in[s], name);

	return col >= 0 && col < c->rep[s];
}

static bool constant_column(const struct csv *in, int col)
{
	for (size_t r = 1; r < in->nr_rows; r++)
		if (strcmp(in->row[r].field[col], in->row[0].field[col]))
			return false;
	return true;
}

/*
 * A parameter of file s that the other file lacks: a newer rmapbench
 * added it.  With one value throughout, it is taken for what the older
 * version did without saying, the points pair on the common parameters,
 * and the table says so above itself.
 */
static int extra_params(struct compare *c, int s, char *msg, size_t len)
{
	const struct csv *in = &c->in[s];

	for (int i = 0; i < c->rep[s]; i++) {
		if (is_param(c, !s, in->col[i]))
			continue;
		if (!constant_column(in, i))
			return header_fail(
				msg, len, in,
				"parameter column '%s' is missing from %s and varies here; pair on the common columns with --group-by",
				in->col[i], c->in[!s].path);
		c->extra[c->nr_extras++] = (struct compare_extra){
			s, in->col[i], in->nr_rows ? in->row[0].field[i] : ""
		};
	}
	return 0;
}

/*
 * --other-work calibrated is the host's own fork+exit, measured afresh by
 * each calibration: a fact of the run, like its date, not a point's
 * parameter.  When it is one value per mode and machine in each file
 * (calibrated for the host, fixed for a modelled machine) and the files
 * differ in it, the points pair without it, and the setup warning names
 * the first pair of values that differ.
 */
/* Rows r and q of in ran on the same machine, in the same mode. */
static bool same_run(const struct csv *in, size_t r, size_t q, int mode,
		     int mach)
{
	return (mode < 0 ||
		!strcmp(in->row[r].field[mode], in->row[q].field[mode])) &&
	       (mach < 0 ||
		!strcmp(in->row[r].field[mach], in->row[q].field[mach]));
}

/* Column col holds one value per mode and machine (of at most 64 runs). */
static bool one_per_run(const struct csv *in, int col, int mode, int mach)
{
	size_t first[64], n = 0, k;

	for (size_t r = 0; r < in->nr_rows; r++) {
		for (k = 0; k < n; k++)
			if (same_run(in, r, first[k], mode, mach))
				break;
		if (k == n) {
			if (n == ARRAY_SIZE(first))
				return false;
			first[n++] = r;
		} else if (strcmp(in->row[r].field[col],
				  in->row[first[k]].field[col])) {
			return false;
		}
	}
	return true;
}

static bool calibrated(struct compare *c, const char *name)
{
	int col[2], mode[2], mach[2];

	if (strcmp(name, "other_work"))
		return false;
	for (int s = 0; s < 2; s++) {
		col[s] = csv_column(&c->in[s], name);
		mode[s] = csv_column(&c->in[s], "mode");
		mach[s] = csv_column(&c->in[s], "machine");
		if (col[s] < 0 || !c->in[s].nr_rows ||
		    !one_per_run(&c->in[s], col[s], mode[s], mach[s]))
			return false;
	}
	/* The first row of the old file whose run the new one has too. */
	for (size_t r = 0; r < c->in[0].nr_rows; r++)
		for (size_t q = 0; q < c->in[1].nr_rows; q++) {
			const char *a = c->in[0].row[r].field[col[0]];
			const char *b = c->in[1].row[q].field[col[1]];

			if ((mode[0] >= 0 && mode[1] >= 0 &&
			     strcmp(c->in[0].row[r].field[mode[0]],
				    c->in[1].row[q].field[mode[1]])) ||
			    (mach[0] >= 0 && mach[1] >= 0 &&
			     strcmp(c->in[0].row[r].field[mach[0]],
				    c->in[1].row[q].field[mach[1]])) ||
			    !strcmp(a, b))
				continue;
			if (c->nr_diffs == ARRAY_SIZE(c->diff))
				return false;
			c->diff[c->nr_diffs++] = (struct compare_diff){
				"other_work (calibrated on each run: not paired on)",
				{ a, b }
			};
			return true;
		}
	return false;
}

void compare_unpaired_hint(const struct compare *c, char *buf, size_t len)
{
	size_t n = 0;

	buf[0] = '\0';
	for (size_t k = 0; k < c->nr_keys && n < len; k++) {
		int a = c->key_col[0][k], b = c->key_col[1][k];

		if (!constant_column(&c->in[0], a) ||
		    !constant_column(&c->in[1], b) || !c->in[0].nr_rows ||
		    !c->in[1].nr_rows ||
		    !strcmp(c->in[0].row[0].field[a], c->in[1].row[0].field[b]))
			continue;
		n += snprintf(buf + n, len - n, "%s%s (old %s, new %s)",
			      n ? ", " : "", c->key[k],
			      c->in[0].row[0].field[a],
			      c->in[1].row[0].field[b]);
	}
}

/* The parameters of both files, in the old file's order. */
static int find_params(struct compare *c, char *msg, size_t len)
{
	int ret = 0;

	c->extra = compare_calloc(c->rep[0] + c->rep[1], sizeof(*c->extra));
	for (int s = 0; s < 2 && !ret; s++)
		ret = extra_params(c, s, msg, len);
	if (ret)
		return ret;
	c->key = compare_calloc(c->rep[0], sizeof(*c->key));
	for (int i = 0; i < c->rep[0]; i++)
		if (is_param(c, 1, c->in[0].col[i]) &&
		    !calibrated(c, c->in[0].col[i]))
			c->key[c->nr_keys++] = c->in[0].col[i];
	if (!c->nr_keys)
		return usage_fail(
			msg, len,
			"%s and %s have no parameter column in common",
			c->in[0].path, c->in[1].path);
	for (int s = 0; s < 2; s++) {
		c->key_col[s] = compare_calloc(c->nr_keys, sizeof(int));
		for (size_t k = 0; k < c->nr_keys; k++)
			c->key_col[s][k] = csv_column(&c->in[s], c->key[k]);
	}
	return 0;
}

static int find_filter_columns(struct compare *c, char *msg, size_t len)
{
	for (size_t i = 0; i < c->nr_terms; i++) {
		struct compare_term *t = &c->term[i];

		for (int s = 0; s < 2; s++) {
			t->idx[s] = csv_column(&c->in[s], t->col);
			if (t->idx[s] < 0)
				return header_fail(
					msg, len, &c->in[s],
					"--filter: no column '%s' in the header",
					t->col);
		}
	}
	return 0;
}

int compare_find_keys(struct compare *c, char *msg, size_t len)
{
	int ret = c->opts.group_by ? find_group_by(c, msg, len) :
				     find_params(c, msg, len);

	return ret ? ret : find_filter_columns(c, msg, len);
}
