// SPDX-License-Identifier: GPL-2.0
/*
 * rmapbench compare: did a metric change between two runs, point by
 * point?  Benchmark samples are few, skewed and have outliers, so the
 * answer is distribution-free (see compare.h): medians, their
 * order-statistic intervals and the Mann-Whitney U test of stats.c.
 *
 * This file reads, checks and pairs the two files; compare_stats.c
 * judges each point, compare_text.c and compare_csv.c print the tables,
 * compare_cmd.c is the command.  Both files are read and checked whole
 * before anything is printed, so a bad file gives one line and exit 2,
 * never half a table.
 */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "compare.h"
#include "compare_impl.h"
#include "lib/compiler.h"
#include "lib/util.h"
#include "results.h"
#include "summarize.h"

/* Metadata that, when it differs, may explain a change by itself. */
static const char *const setup_keys[] = {
	"cpu",	     "kernel",	  "compiler", "cflags",	  "sizeof_page",
	"placement", "cacheline", "mem",      "topology",
};

const char *const compare_side_name[2] = { "old", "new" };

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

void *compare_calloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size);

	if (!p)
		die_oom("the comparison");
	return p;
}

/* Splits a copy of s at sep; item 0 owns the copy, csv_split_free() frees. */
static char **split_list(const char *s, int sep, size_t *nr)
{
	char *copy = strdup(s), **item = copy ? csv_split(copy, sep, nr) : NULL;

	if (!item)
		die_oom("the comparison");
	return item;
}
/* --- option lists, checked before any file is read ------------------- */

/* A comma list of unique, non-empty column names. */
static int parse_names(const char *opt, const char *s, char ***list, size_t *nr,
		       char *msg, size_t len)
{
	char **item = split_list(s, ',', nr);

	*list = item;
	for (size_t i = 0; i < *nr; i++) {
		if (!*item[i])
			return usage_fail(
				msg, len,
				"%s '%s': empty column name in the comma list",
				opt, s);
		for (size_t j = 0; j < i; j++)
			if (!strcmp(item[i], item[j]))
				return usage_fail(
					msg, len,
					"%s '%s': '%s' is listed twice", opt, s,
					item[i]);
	}
	return 0;
}

static int parse_metrics(struct compare *c, char *msg, size_t len)
{
	size_t nr;
	int ret = parse_names("--metric", c->opts.metric, &c->metric_list, &nr,
			      msg, len);

	if (ret)
		return ret;
	c->tab = compare_calloc(nr, sizeof(*c->tab));
	c->nr_tabs = nr;
	for (size_t i = 0; i < nr; i++)
		c->tab[i].metric = c->metric_list[i];
	return 0;
}

/* One term, "col=v1|v2" or "col!=v1|v2", split in place. */
static int parse_term(char *s, struct compare_term *t, const char *expr,
		      char *msg, size_t len)
{
	char *eq = strchr(s, '='), *val;

	if (!*s)
		return usage_fail(
			msg, len,
			"--filter '%s': empty term; terms are COL=V or COL!=V joined by commas",
			expr);
	if (!eq)
		return usage_fail(
			msg, len,
			"--filter '%s': term '%s' has no = or !=", expr, s);
	val = eq + 1;
	t->neg = eq > s && eq[-1] == '!';
	if (strchr(val, '=') || strchr(val, '!'))
		return usage_fail(
			msg, len,
			"--filter '%s': term '%s' has more than one operator",
			expr, s);
	*(t->neg ? eq - 1 : eq) = '\0';
	t->col = s;
	if (!*s)
		return usage_fail(
			msg, len,
			"--filter '%s': a term has no column name before its operator",
			expr);
	t->val = split_list(val, '|', &t->nr_val);
	for (size_t i = 0; i < t->nr_val; i++)
		if (!*t->val[i])
			return usage_fail(
				msg, len,
				"--filter '%s': term on '%s' has an empty value",
				expr, s);
	return 0;
}

static int parse_filter(struct compare *c, char *msg, size_t len)
{
	const char *expr = c->opts.filter;
	size_t nr;
	int ret = 0;

	if (!expr)
		return 0;
	c->term_list = split_list(expr, ',', &nr);
	c->term = compare_calloc(nr, sizeof(*c->term));
	c->nr_terms = nr;
	for (size_t i = 0; i < nr && !ret; i++)
		ret = parse_term(c->term_list[i], &c->term[i], expr, msg, len);
	return ret;
}

static int parse_lists(struct compare *c, char *msg, size_t len)
{
	int ret = parse_metrics(c, msg, len);

	if (!ret && c->opts.group_by)
		ret = parse_names("--group-by", c->opts.group_by, &c->key_list,
				  &c->nr_keys, msg, len);
	if (!ret)
		ret = parse_filter(c, msg, len);
	return ret;
}

/* --- reading and checking one file ------------------------------------ */

static bool is_core_metric(const char *name)
{
	for (int i = 0; i < SUMMARY_NR_METRICS; i++)
		if (!strcmp(summary_metrics[i], name))
			return true;
	return false;
}

/* A row that measured something: no `status` column, or status "ok". */
static bool row_measured(const struct compare *c, int s, size_t r)
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
		if (!row_measured(c, s, r))
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

static int read_side(struct compare *c, int s, char *msg, size_t len)
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

/* --- pairing ----------------------------------------------------------- */

static bool term_holds(const struct compare_term *t, const char *v)
{
	for (size_t i = 0; i < t->nr_val; i++)
		if (!strcmp(v, t->val[i]))
			return !t->neg;
	return t->neg;
}

static bool row_selected(const struct compare *c, int s, size_t r)
{
	char **f = c->in[s].row[r].field;

	for (size_t i = 0; i < c->nr_terms; i++)
		if (!term_holds(&c->term[i], f[c->term[i].idx[s]]))
			return false;
	return true;
}

/* A file without measured rows is an error; a filter that leaves one file
 * empty is not, since its points are listed as one-sided. */
static int no_rows(const struct compare *c, int s, char *msg, size_t len)
{
	const struct csv *in = &c->in[s];

	if (!in->nr_rows)
		return usage_fail(msg, len, "%s: no data rows after the header",
				  in->path);
	return usage_fail(msg, len,
			  "%s: no row has status 'ok': nothing to compare",
			  in->path);
}

static int collect_rows(struct compare *c, char *msg, size_t len)
{
	c->ref = compare_calloc(c->in[0].nr_rows + c->in[1].nr_rows,
				sizeof(*c->ref));
	for (int s = 0; s < 2; s++) {
		for (size_t r = 0; r < c->in[s].nr_rows; r++) {
			if (!row_measured(c, s, r)) {
				c->skipped[s]++;
				continue;
			}
			if (row_selected(c, s, r))
				c->ref[c->nr_refs++] =
					(struct compare_ref){ s, r };
		}
		if (c->skipped[s] == c->in[s].nr_rows)
			return no_rows(c, s, msg, len);
	}
	if (!c->nr_refs)
		return usage_fail(
			msg, len,
			"--filter '%s' matches no row with status 'ok' in either file",
			c->opts.filter);
	return 0;
}

/*
 * --group-by names the columns rows are paired and pooled on; a measured
 * row pooled with a modelled one, or one machine's with another's, makes
 * a figure of neither.  Unless mode and machine are keys, every row
 * compared must share them.
 */
static int check_pooling(const struct compare *c, char *msg, size_t len)
{
	static const char *const kind[] = { "mode", "machine" };

	for (size_t k = 0; k < ARRAY_SIZE(kind); k++) {
		const char *first = NULL;
		bool keyed = false;

		for (size_t i = 0; i < c->nr_keys; i++)
			keyed |= !strcmp(c->key[i], kind[k]);
		for (size_t i = 0; !keyed && i < c->nr_refs; i++) {
			const struct compare_ref *r = &c->ref[i];
			int col = csv_column(&c->in[r->side], kind[k]);
			const char *v;

			if (col < 0)
				continue;
			v = c->in[r->side].row[r->row].field[col];
			if (!first)
				first = v;
			else if (strcmp(first, v))
				return usage_fail(
					msg, len,
					"--group-by %s would pool rows of %s '%s' with rows of %s '%s'; add %s to --group-by, or keep one with --filter %s=%s",
					c->opts.group_by, kind[k], first,
					kind[k], v, kind[k], kind[k], first);
		}
	}
	return 0;
}

static const char *ref_key(const struct compare *c, const struct compare_ref *r,
			   size_t k)
{
	return c->in[r->side].row[r->row].field[c->key_col[r->side][k]];
}

const char *compare_key(const struct compare *c, size_t grp, size_t key)
{
	return ref_key(c, &c->ref[c->grp[grp].first], key);
}

/*
 * The order of the table: strategies as `rmapbench list` has them (none,
 * the baseline, first), numbers by value (threads 2 before 16), other
 * text by bytes.  Values that compare equal are the same text, so that
 * sorting also groups.
 */
static int cmp_value(const char *col, const char *a, const char *b)
{
	double x, y;

	if (!strcmp(col, "strategy")) {
		unsigned int i = strategy_rank(a), j = strategy_rank(b);

		if (i != j)
			return i < j ? -1 : 1;
	} else {
		bool na = !csv_parse_number(a, &x),
		     nb = !csv_parse_number(b, &y);

		if (na != nb)
			return na ? -1 : 1;
		if (na && x != y)
			return x < y ? -1 : 1;
	}
	return strcmp(a, b);
}

static int cmp_keys(const struct compare *c, const struct compare_ref *a,
		    const struct compare_ref *b)
{
	for (size_t k = 0; k < c->nr_keys; k++) {
		int d = cmp_value(c->key[k], ref_key(c, a, k),
				  ref_key(c, b, k));

		if (d)
			return d;
	}
	return 0;
}

/* By key, then old before new, then in file order. */
static int cmp_ref(const void *pa, const void *pb, void *arg)
{
	const struct compare_ref *a = pa, *b = pb;
	int d = cmp_keys(arg, a, b);

	if (d)
		return d;
	if (a->side != b->side)
		return a->side - b->side;
	return (a->row > b->row) - (a->row < b->row);
}

static void make_groups(struct compare *c)
{
	qsort_r(c->ref, c->nr_refs, sizeof(*c->ref), cmp_ref, c);
	c->grp = compare_calloc(c->nr_refs, sizeof(*c->grp));
	for (size_t i = 0; i < c->nr_refs; i++) {
		if (!i || cmp_keys(c, &c->ref[i - 1], &c->ref[i]))
			c->grp[c->nr_grps++].first = i;
		c->grp[c->nr_grps - 1].n[c->ref[i].side]++;
	}
	c->key_varies = compare_calloc(c->nr_keys, sizeof(bool));
	for (size_t k = 0; k < c->nr_keys; k++)
		for (size_t g = 1; g < c->nr_grps; g++)
			if (strcmp(compare_key(c, g, k), compare_key(c, 0, k)))
				c->key_varies[k] = true;
}

static void find_diffs(struct compare *c)
{
	for (size_t i = 0; i < ARRAY_SIZE(setup_keys); i++) {
		const char *v0 = csv_meta_get(&c->in[0], setup_keys[i]);
		const char *v1 = csv_meta_get(&c->in[1], setup_keys[i]);

		if ((!v0 && !v1) || (v0 && v1 && !strcmp(v0, v1)))
			continue;
		c->diff[c->nr_diffs++] =
			(struct compare_diff){ setup_keys[i], { v0, v1 } };
	}
}

int compare_build(const struct compare_opts *o, struct compare *c, char *msg,
		  size_t len)
{
	double *v;
	int ret;

	memset(c, 0, sizeof(*c));
	c->opts = *o;
	ret = parse_lists(c, msg, len);
	for (int s = 0; s < 2 && !ret; s++)
		ret = read_side(c, s, msg, len);
	if (!ret)
		ret = o->group_by ? find_group_by(c, msg, len) :
				    find_params(c, msg, len);
	if (!ret)
		ret = find_filter_columns(c, msg, len);
	if (!ret)
		ret = collect_rows(c, msg, len);
	if (!ret && o->group_by)
		ret = check_pooling(c, msg, len);
	if (ret) {
		compare_free(c);
		return ret;
	}
	make_groups(c);
	v = compare_calloc(c->nr_refs, sizeof(*v));
	for (size_t m = 0; m < c->nr_tabs; m++)
		if (compare_compute_table(c, &c->tab[m], v))
			die_oom("the comparison");
	free(v);
	find_diffs(c);
	return 0;
}

void compare_free(struct compare *c)
{
	for (size_t m = 0; m < c->nr_tabs; m++)
		free(c->tab[m].res);
	for (size_t i = 0; i < c->nr_terms; i++)
		csv_split_free(c->term[i].val);
	for (int s = 0; s < 2; s++) {
		free(c->key_col[s]);
		csv_free(&c->in[s]);
	}
	free(c->tab);
	free(c->term);
	free(c->ref);
	free(c->grp);
	free(c->key_varies);
	free(c->extra);
	if (c->key != c->key_list)
		free(c->key);
	csv_split_free(c->metric_list);
	csv_split_free(c->key_list);
	csv_split_free(c->term_list);
	memset(c, 0, sizeof(*c));
}

/* The key columns a table shows: --group-by's, or those that vary. */
bool compare_key_shown(const struct compare *c, size_t k)
{
	size_t first_varying = 0;

	if (c->opts.group_by || c->key_varies[k])
		return true;
	while (first_varying < c->nr_keys && !c->key_varies[first_varying])
		first_varying++;
	/* All alike (one point): still name it by its first column. */
	return first_varying == c->nr_keys && k == 0;
}

size_t compare_nr_shown(const struct compare *c)
{
	size_t n = 0;

	for (size_t k = 0; k < c->nr_keys; k++)
		n += compare_key_shown(c, k);
	return n;
}

/*
 * Key k of group g follows from its named kernel: the strategy, or a
 * knob the kernel sets.  A label names the kernel instead.
 */
static bool kernel_says(const struct compare *c, size_t g, size_t k)
{
	const char *kn = NULL;
	size_t kc = 0;

	for (size_t i = 0; i < c->nr_keys; i++)
		if (!strcmp(c->key[i], "kernel"))
			kn = compare_key(c, g, kc = i);
	if (!kn || !*kn || !strcmp(kn, "custom"))
		return false;
	if (!strcmp(c->key[k], "strategy"))
		return true;
	/* A knob of any kernel compared: it tells kernels, not points, apart. */
	for (size_t h = 0; h < c->nr_grps; h++)
		if (summary_kernel_knob(compare_key(c, h, kc), c->key[k]))
			return true;
	return false;
}

/* The shown key columns: strategy by its name, the rest as name=value. */
char *compare_label(const struct compare *c, size_t g)
{
	char *label = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&label, &len);
	bool first = true;

	if (!f)
		die_oom("the comparison");
	for (size_t k = 0; k < c->nr_keys; k++) {
		if (!compare_key_shown(c, k) || kernel_says(c, g, k))
			continue;
		if (!strcmp(c->key[k], "kernel"))
			fprintf(f, "%s%s", first ? "" : " ",
				compare_key(c, g, k));
		else if (!strcmp(c->key[k], "strategy"))
			fprintf(f, "%s%s", first ? "" : " ",
				compare_key(c, g, k));
		else
			fprintf(f, "%s%s=%s", first ? "" : " ", c->key[k],
				compare_key(c, g, k));
		first = false;
	}
	if (fclose(f))
		die_oom("the comparison");
	return label;
}
