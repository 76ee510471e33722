// SPDX-License-Identifier: GPL-2.0
/*
 * rmapbench compare: did a metric change between two runs, point by
 * point?  Benchmark samples are few, skewed and have outliers, so the
 * answer is distribution-free (see compare.h): medians, their
 * order-statistic intervals and the Mann-Whitney U test of stats.c.
 *
 * Both files are read and checked whole before anything is printed, so a
 * bad file gives one line and exit 2, never half a table.
 */
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include "compare.h"
#include "lib/compiler.h"
#include "engine/output.h"
#include "results.h"
#include "summarize.h"
#include "lib/sysinfo.h"
#include "lib/util.h"

static const char compare_usage[] =
	"usage: rmapbench compare [OPTIONS] [--] OLD.csv NEW.csv\n"
	"Pairs the configuration points of two raw CSV files and prints, per\n"
	"point, the old and new median with its spread, the change of the\n"
	"median and a two-sided Mann-Whitney U p-value (exact up to 50 samples\n"
	"per side).  A change with p >= alpha prints as ~.\n"
	"  --metric COLS      measured column(s) to compare, comma list\n"
	"                     (default ns_per_pte); one table each\n"
	"  --alpha A          significance level, 0 < A < 1 (default 0.05)\n"
	"  --format text|csv  aligned tables (default), or one CSV row per point\n"
	"                     for scripts and plot/compare.sh\n"
	"  --group-by COLS    pair points on these columns, comma list, pooling\n"
	"                     rows that differ in others (default: every\n"
	"                     parameter column, i.e. those before rep)\n"
	"  --filter EXPR      only rows where every term holds; terms are\n"
	"                     COL=V (equal) or COL!=V (not equal) joined by\n"
	"                     commas, and V may list alternatives as a|b:\n"
	"                     --filter 'strategy=hashed|padded,threads!=1'\n"
	"Spread: half the 95% confidence interval of the median (min..max below\n"
	"6 samples) as a percentage of the median.  Only rows with status ok\n"
	"are samples.  Where no samples of the sizes at hand can reach\n"
	"p < alpha (fewer than 4 per side at 0.05) the row warns instead of\n"
	"judging.  Points in one file only are listed as such.  A geometric\n"
	"mean of the ratios of the medians closes each table.\n"
	"Metadata that changes the numbers (cpu, kernel, compiler, cflags,\n"
	"sizeof_page, placement, cacheline, mem, topology) is compared too.\n"
	"--format csv adds change_lo_pct..change_hi_pct: new ci_lo / old ci_hi\n"
	"- 1 to new ci_hi / old ci_lo - 1, the ratios the two medians' 95%\n"
	"intervals allow (both hold together with at least 90% from 6 samples\n"
	"per side on, 88% at 5).\n";

/* Metadata that, when it differs, may explain a change by itself. */
static const char *const setup_keys[] = {
	"cpu",	     "kernel",	  "compiler", "cflags",	  "sizeof_page",
	"placement", "cacheline", "mem",      "topology",
};

static const char *const side_name[2] = { "old", "new" };

static const char *const options[] = {
	"--metric", "--alpha", "--format", "--group-by", "--filter",
};

enum { OPT_METRIC, OPT_ALPHA, OPT_FORMAT, OPT_GROUP_BY, OPT_FILTER };

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

static void *xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size);

	if (!p)
		die_oom("the comparison");
	return p;
}

__attribute__((format(printf, 1, 2))) static char *xasprintf(const char *fmt,
							     ...)
{
	va_list ap;
	char *s;
	int n;

	va_start(ap, fmt);
	n = vasprintf(&s, fmt, ap);
	va_end(ap);
	if (n < 0)
		die_oom("the comparison");
	return s;
}

/* Splits a copy of s at sep; item 0 owns the copy, csv_split_free() frees. */
static char **split_list(const char *s, int sep, size_t *nr)
{
	char *copy = strdup(s), **item = copy ? csv_split(copy, sep, nr) : NULL;

	if (!item)
		die_oom("the comparison");
	return item;
}

/* --- the command line ------------------------------------------------ */

/* The option a names, with its "=value" if it has one; -1 if unknown. */
static int match_option(const char *a, const char **val)
{
	for (size_t i = 0; i < ARRAY_SIZE(options); i++) {
		size_t n = strlen(options[i]);

		if (strncmp(a, options[i], n) || (a[n] && a[n] != '='))
			continue;
		*val = a[n] ? a + n + 1 : NULL;
		return (int)i;
	}
	return -1;
}

static int set_option(struct compare_opts *o, int opt, const char *val,
		      char *msg, size_t len)
{
	if (!*val)
		return usage_fail(
			msg, len,
			"option %s needs a value; see 'rmapbench compare --help'",
			options[opt]);
	switch (opt) {
	case OPT_METRIC:
		o->metric = val;
		return 0;
	case OPT_ALPHA:
		if (csv_parse_number(val, &o->alpha) || !(o->alpha > 0) ||
		    !(o->alpha < 1))
			return usage_fail(
				msg, len,
				"--alpha '%s': expected a number between 0 and 1, such as 0.05",
				val);
		return 0;
	case OPT_FORMAT:
		if (strcmp(val, "text") && strcmp(val, "csv"))
			return usage_fail(msg, len,
					  "--format '%s': expected text or csv",
					  val);
		o->format = strcmp(val, "csv") ? COMPARE_TEXT : COMPARE_CSV;
		return 0;
	case OPT_GROUP_BY:
		o->group_by = val;
		return 0;
	default:
		o->filter = val;
		return 0;
	}
}

int compare_parse_args(int argc, char **argv, struct compare_opts *o, char *msg,
		       size_t len)
{
	size_t nr_files = 0;
	bool files_only = false;

	*o = (struct compare_opts){ .metric = "ns_per_pte", .alpha = 0.05 };
	for (int i = 2; i < argc; i++) {
		const char *a = argv[i], *val;
		int opt, ret;

		if (!files_only && !strcmp(a, "--")) {
			files_only = true;
			continue;
		}
		if (!files_only && (!strcmp(a, "--help") || !strcmp(a, "-h")))
			return 1;
		if (files_only || a[0] != '-' || !a[1]) {
			if (nr_files == 2)
				return usage_fail(
					msg, len,
					"compare takes two raw CSV files, got a third: '%s'",
					a);
			o->path[nr_files++] = a;
			continue;
		}
		opt = match_option(a, &val);
		if (opt < 0)
			return usage_fail(
				msg, len,
				"unknown option %s; see 'rmapbench compare --help'",
				a);
		if (!val && i + 1 == argc)
			return usage_fail(
				msg, len,
				"option %s needs a value; see 'rmapbench compare --help'",
				a);
		ret = set_option(o, opt, val ? val : argv[++i], msg, len);
		if (ret)
			return ret;
	}
	if (nr_files < 2)
		return usage_fail(
			msg, len,
			"compare needs two raw CSV files, OLD and NEW; see 'rmapbench compare --help'");
	return 0;
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
	c->tab = xcalloc(nr, sizeof(*c->tab));
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
	c->term = xcalloc(nr, sizeof(*c->term));
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
		c->key_col[s] = xcalloc(c->nr_keys, sizeof(int));
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

/* The parameters of both files, in the old file's order. */
static int find_params(struct compare *c, char *msg, size_t len)
{
	int ret = 0;

	c->extra = xcalloc(c->rep[0] + c->rep[1], sizeof(*c->extra));
	for (int s = 0; s < 2 && !ret; s++)
		ret = extra_params(c, s, msg, len);
	if (ret)
		return ret;
	c->key = xcalloc(c->rep[0], sizeof(*c->key));
	for (int i = 0; i < c->rep[0]; i++)
		if (is_param(c, 1, c->in[0].col[i]))
			c->key[c->nr_keys++] = c->in[0].col[i];
	if (!c->nr_keys)
		return usage_fail(
			msg, len,
			"%s and %s have no parameter column in common",
			c->in[0].path, c->in[1].path);
	for (int s = 0; s < 2; s++) {
		c->key_col[s] = xcalloc(c->nr_keys, sizeof(int));
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
	c->ref = xcalloc(c->in[0].nr_rows + c->in[1].nr_rows, sizeof(*c->ref));
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
	c->grp = xcalloc(c->nr_refs, sizeof(*c->grp));
	for (size_t i = 0; i < c->nr_refs; i++) {
		if (!i || cmp_keys(c, &c->ref[i - 1], &c->ref[i]))
			c->grp[c->nr_grps++].first = i;
		c->grp[c->nr_grps - 1].n[c->ref[i].side]++;
	}
	c->key_varies = xcalloc(c->nr_keys, sizeof(bool));
	for (size_t k = 0; k < c->nr_keys; k++)
		for (size_t g = 1; g < c->nr_grps; g++)
			if (strcmp(compare_key(c, g, k), compare_key(c, 0, k)))
				c->key_varies[k] = true;
}

/* --- judging ----------------------------------------------------------- */

static int cmp_double(const void *pa, const void *pb)
{
	double a = *(const double *)pa, b = *(const double *)pb;

	return (a > b) - (a < b);
}

/* The same values on both sides: the same multiset, or one constant. */
static bool identical(const double *a, size_t n1, const double *b, size_t n2)
{
	double *x, *y;
	bool same;

	if (stats_min(a, n1) == stats_max(a, n1) &&
	    stats_min(b, n2) == stats_max(b, n2) && a[0] == b[0])
		return true;
	if (n1 != n2)
		return false;
	x = xcalloc(2 * n1, sizeof(*x));
	y = x + n1;
	memcpy(x, a, n1 * sizeof(*x));
	memcpy(y, b, n2 * sizeof(*y));
	qsort(x, n1, sizeof(*x), cmp_double);
	qsort(y, n2, sizeof(*y), cmp_double);
	same = !memcmp(x, y, n1 * sizeof(*x));
	free(x);
	return same;
}

/* A ratio needs a positive base; rmapbench's metrics are >= 0. */
static void change(struct compare_result *r)
{
	const struct stats_summary *o = &r->s[0], *n = &r->s[1];

	if (!(o->median > 0))
		return;
	r->change_pct = 100 * (n->median / o->median - 1);
	r->change_lo_pct = 100 * (n->ci.lo / o->ci.hi - 1);
	if (o->ci.lo > 0)
		r->change_hi_pct = 100 * (n->ci.hi / o->ci.lo - 1);
}

int compare_judge(const double *a, size_t n1, const double *b, size_t n2,
		  double alpha, struct compare_result *r)
{
	memset(r, 0, sizeof(*r));
	r->n[0] = n1;
	r->n[1] = n2;
	r->min_p = r->mw.p = NAN;
	r->change_pct = r->change_lo_pct = r->change_hi_pct = NAN;
	if ((n1 && stats_summarize(a, n1, &r->s[0])) ||
	    (n2 && stats_summarize(b, n2, &r->s[1])))
		return -1;
	if (!n1 || !n2) {
		r->verdict = n1 ? CMP_OLD_ONLY :
			     n2 ? CMP_NEW_ONLY :
				  CMP_UNMEASURED;
		return 0;
	}
	change(r);
	if (stats_mann_whitney(a, n1, b, n2, &r->mw))
		return -1;
	r->min_p = stats_mw_min_p(n1, n2);
	r->identical = identical(a, n1, b, n2);
	if (r->identical)
		r->verdict = CMP_SAME;
	else if (r->min_p >= alpha)
		r->verdict = CMP_TOO_FEW;
	else
		r->verdict = r->mw.p < alpha ? CMP_CHANGED : CMP_SAME;
	return 0;
}

/* The samples of group g on side s; empty fields are not measured. */
static size_t gather(const struct compare *c, const struct compare_table *t,
		     size_t g, int s, double *v)
{
	const struct compare_group *grp = &c->grp[g];
	size_t first = grp->first + (s ? grp->n[0] : 0), n = 0;

	for (size_t i = 0; i < grp->n[s]; i++) {
		const struct compare_ref *r = &c->ref[first + i];
		const char *f = c->in[s].row[r->row].field[t->col[s]];

		/* Checked by check_values(). */
		if (*f && !csv_parse_number(f, &v[n]))
			n++;
	}
	return n;
}

/* Over the paired points whose medians both have a logarithm. */
static void geomean(const struct compare *c, struct compare_table *t)
{
	double sum[2] = { 0, 0 };

	for (size_t g = 0; g < c->nr_grps; g++) {
		const struct compare_result *r = &t->res[g];

		if (!r->n[0] || !r->n[1])
			continue;
		t->nr_paired++;
		if (!(r->s[0].median > 0) || !(r->s[1].median > 0))
			continue;
		for (int s = 0; s < 2; s++)
			sum[s] += log(r->s[s].median);
		t->nr_geo++;
	}
	t->geo[0] = t->geo[1] = t->geo_change_pct = NAN;
	if (!t->nr_geo)
		return;
	for (int s = 0; s < 2; s++)
		t->geo[s] = exp(sum[s] / t->nr_geo);
	t->geo_change_pct = 100 * expm1((sum[1] - sum[0]) / t->nr_geo);
}

static int compute_table(struct compare *c, struct compare_table *t, double *v)
{
	t->res = xcalloc(c->nr_grps, sizeof(*t->res));
	for (size_t g = 0; g < c->nr_grps; g++) {
		size_t n1 = gather(c, t, g, 0, v);
		size_t n2 = gather(c, t, g, 1, v + n1);

		if (compare_judge(v, n1, v + n1, n2, c->opts.alpha, &t->res[g]))
			return -1;
		t->nr_unmeasured += t->res[g].verdict == CMP_UNMEASURED;
	}
	geomean(c, t);
	return 0;
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
	if (ret) {
		compare_free(c);
		return ret;
	}
	make_groups(c);
	v = xcalloc(c->nr_refs, sizeof(*v));
	for (size_t m = 0; m < c->nr_tabs; m++)
		if (compute_table(c, &c->tab[m], v))
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

/* --- text output ------------------------------------------------------- */

/* A table of strings printed in aligned columns, two blanks apart. */
enum align { LEFT, RIGHT, CENTER };

struct grid {
	char **cell; /* rows * cols; NULL is empty */
	size_t rows, cols;
};

static void grid_init(struct grid *g, size_t rows, size_t cols)
{
	g->cell = xcalloc(rows * cols, sizeof(*g->cell));
	g->rows = rows;
	g->cols = cols;
}

static void grid_free(struct grid *g)
{
	for (size_t i = 0; i < g->rows * g->cols; i++)
		free(g->cell[i]);
	free(g->cell);
}

/* Columns on a terminal: UTF-8 continuation bytes take none (the ±). */
static size_t width(const char *s)
{
	size_t n = 0;

	for (; *s; s++)
		n += ((unsigned char)*s & 0xc0) != 0x80;
	return n;
}

static const char *grid_at(const struct grid *g, size_t r, size_t c)
{
	const char *s = g->cell[r * g->cols + c];

	return s ? s : "";
}

static void grid_print(const struct grid *g, const enum align *al, FILE *f)
{
	size_t *w = xcalloc(g->cols, sizeof(*w));

	for (size_t r = 0; r < g->rows; r++)
		for (size_t c = 0; c < g->cols; c++)
			if (width(grid_at(g, r, c)) > w[c])
				w[c] = width(grid_at(g, r, c));
	for (size_t r = 0; r < g->rows; r++) {
		size_t last = 0;

		/* No blanks after a row's last text. */
		for (size_t c = 0; c < g->cols; c++)
			if (*grid_at(g, r, c))
				last = c;
		for (size_t c = 0; c <= last; c++) {
			const char *s = grid_at(g, r, c);
			size_t pad = w[c] - width(s);
			size_t left = al[c] == RIGHT  ? pad :
				      al[c] == CENTER ? pad / 2 :
							0;

			fprintf(f, "%s%*s%s", c ? "  " : "", (int)left, "", s);
			if (c < last)
				fprintf(f, "%*s", (int)(pad - left), "");
		}
		fputc('\n', f);
	}
	free(w);
}

/* Four significant digits and no exponent: 28.38, 0.01234, 73529. */
static char *fmt_value(double v)
{
	int digits;

	if (!isfinite(v))
		return xasprintf("-");
	digits = v == 0 ? 3 : 3 - (int)floor(log10(fabs(v)));

	if (digits < 0)
		digits = 0;
	if (digits > 9)
		digits = 9;
	return xasprintf("%.*f", digits, v);
}

static char *fmt_spread(const struct stats_summary *s)
{
	double pct;

	if (!(s->median > 0))
		return xasprintf("?");
	pct = 100 * (s->ci.hi - s->ci.lo) / 2 / s->median;
	return xasprintf(pct < 9.95 ? "%.1f%%" : "%.0f%%", pct);
}

/* A change in percent, never "-0.00%". */
static char *fmt_pct(double pct)
{
	if (isnan(pct))
		return xasprintf("?");
	if (fabs(pct) < 0.005)
		pct = 0;
	return xasprintf("%+.2f%%", pct);
}

static char *fmt_p(double p)
{
	return xasprintf(p >= 0.001 ? "%.3f" : "%.1e", p);
}

/* The key columns a table shows: --group-by's, or those that vary. */
static bool key_shown(const struct compare *c, size_t k)
{
	size_t first_varying = 0;

	if (c->opts.group_by || c->key_varies[k])
		return true;
	while (first_varying < c->nr_keys && !c->key_varies[first_varying])
		first_varying++;
	/* All alike (one point): still name it by its first column. */
	return first_varying == c->nr_keys && k == 0;
}

static size_t nr_shown(const struct compare *c)
{
	size_t n = 0;

	for (size_t k = 0; k < c->nr_keys; k++)
		n += key_shown(c, k);
	return n;
}

/* "median ± spread", the parts aligned across the column. */
struct side_fmt {
	int wm, ws;
};

static void side_widths(const struct compare *c, const struct compare_table *t,
			struct side_fmt *sf)
{
	for (int s = 0; s < 2; s++) {
		char *m = fmt_value(t->geo[s]);

		sf[s].wm = strlen(m);
		sf[s].ws = 0;
		free(m);
		for (size_t g = 0; g < c->nr_grps; g++) {
			const struct compare_result *r = &t->res[g];
			char *sp;

			if (!r->n[s])
				continue;
			m = fmt_value(r->s[s].median);
			sp = fmt_spread(&r->s[s]);
			if ((int)strlen(m) > sf[s].wm)
				sf[s].wm = strlen(m);
			if ((int)strlen(sp) > sf[s].ws)
				sf[s].ws = strlen(sp);
			free(m);
			free(sp);
		}
	}
}

static char *side_cell(const struct compare_result *r, int s,
		       const struct side_fmt *sf)
{
	char *m, *sp, *cell;

	if (!r->n[s])
		return xasprintf("-");
	m = fmt_value(r->s[s].median);
	sp = fmt_spread(&r->s[s]);
	cell = xasprintf("%*s ± %*s", sf->wm, m, sf->ws, sp);
	free(m);
	free(sp);
	return cell;
}

static char *delta_cell(const struct compare_result *r)
{
	switch (r->verdict) {
	case CMP_CHANGED:
		return fmt_pct(r->change_pct);
	case CMP_SAME:
		return xasprintf("~");
	case CMP_TOO_FEW:
		return xasprintf("?");
	default:
		return NULL;
	}
}

static char *note_cell(const struct compare *c, const struct compare_result *r)
{
	char *p, *min_p, *note;

	if (r->verdict == CMP_OLD_ONLY || r->verdict == CMP_NEW_ONLY)
		return xasprintf("(only in %s, n=%zu)",
				 side_name[r->verdict == CMP_NEW_ONLY],
				 r->n[r->verdict == CMP_NEW_ONLY]);
	p = fmt_p(r->mw.p);
	min_p = fmt_p(r->min_p);
	if (r->identical)
		note = xasprintf("(p=%s n=%zu+%zu, identical)", p, r->n[0],
				 r->n[1]);
	else if (r->verdict == CMP_TOO_FEW)
		note = xasprintf(
			"(p=%s n=%zu+%zu) too few samples: p >= %s at these n, alpha %g",
			p, r->n[0], r->n[1], min_p, c->opts.alpha);
	else
		note = xasprintf("(p=%s n=%zu+%zu)", p, r->n[0], r->n[1]);
	free(p);
	free(min_p);
	return note;
}

static void fill_row(const struct compare *c, const struct compare_table *t,
		     size_t g, const struct side_fmt *sf, char **row)
{
	const struct compare_result *r = &t->res[g];
	size_t col = 0;

	for (size_t k = 0; k < c->nr_keys; k++)
		if (key_shown(c, k))
			row[col++] = xasprintf("%s", compare_key(c, g, k));
	row[col++] = side_cell(r, 0, &sf[0]);
	row[col++] = side_cell(r, 1, &sf[1]);
	row[col++] = delta_cell(r);
	row[col] = note_cell(c, r);
}

static void fill_geomean(const struct compare_table *t, size_t keys,
			 const struct side_fmt *sf, char **row)
{
	row[0] = xasprintf("geomean");
	for (int s = 0; s < 2; s++) {
		char *m = fmt_value(t->geo[s]);

		/* Under the medians, where the spreads would be blank. */
		row[keys + s] = t->nr_geo ? xasprintf("%*s%*s", sf[s].wm, m,
						      sf[s].ws + 3, "") :
					    xasprintf("-");
		free(m);
	}
	row[keys + 2] = fmt_pct(t->geo_change_pct);
	if (!t->nr_geo)
		row[keys + 3] =
			xasprintf("(no paired points%s)",
				  t->nr_paired ? " with medians > 0" : "");
	else if (t->nr_geo < t->nr_paired)
		row[keys + 3] = xasprintf(
			"(%zu of %zu paired points: a median of 0 has no ratio)",
			t->nr_geo, t->nr_paired);
	else
		row[keys + 3] = xasprintf("(%zu paired point%s)", t->nr_geo,
					  t->nr_geo == 1 ? "" : "s");
}

static void write_table(const struct compare *c, const struct compare_table *t,
			FILE *f)
{
	size_t keys = nr_shown(c), cols = keys + 4, row = 1, col = 0;
	enum align *al = xcalloc(cols, sizeof(*al));
	struct side_fmt sf[2];
	struct grid g;

	side_widths(c, t, sf);
	grid_init(&g, c->nr_grps - t->nr_unmeasured + 2, cols);
	for (size_t k = 0; k < c->nr_keys; k++)
		if (key_shown(c, k))
			g.cell[col++] = xasprintf("%s", c->key[k]);
	g.cell[col++] = xasprintf("old %s", t->metric);
	g.cell[col++] = xasprintf("new %s", t->metric);
	g.cell[col] = xasprintf("delta");
	for (size_t i = 0; i < c->nr_grps; i++)
		if (t->res[i].verdict != CMP_UNMEASURED)
			fill_row(c, t, i, sf, &g.cell[row++ * cols]);
	fill_geomean(t, keys, sf, &g.cell[row * cols]);
	al[keys] = al[keys + 1] = RIGHT;
	al[keys + 2] = CENTER;
	grid_print(&g, al, f);
	grid_free(&g);
	free(al);
	if (t->nr_unmeasured)
		fprintf(f,
			"(%zu point%s without %s values in either file left out)\n",
			t->nr_unmeasured, t->nr_unmeasured == 1 ? "" : "s",
			t->metric);
}

static void write_diffs(const struct compare *c, FILE *f)
{
	int w = 0;

	if (!c->nr_diffs)
		return;
	for (size_t i = 0; i < c->nr_diffs; i++)
		if ((int)strlen(c->diff[i].key) > w)
			w = strlen(c->diff[i].key);
	fputs("warning: the two runs differ in setup; a change may come from it, not from the code:\n",
	      f);
	for (size_t i = 0; i < c->nr_diffs; i++) {
		const struct compare_diff *d = &c->diff[i];

		fprintf(f, "  %-*s  old: %s\n", w, d->key,
			d->val[0] ? d->val[0] : "(not recorded)");
		fprintf(f, "  %-*s  new: %s\n", w, "",
			d->val[1] ? d->val[1] : "(not recorded)");
	}
	fputc('\n', f);
}

/* "name=value" for each key column that is the same in every point. */
static void write_constants(const struct compare *c, FILE *f)
{
	const char *lead = "same in every point:";
	size_t col = 0;

	if (c->opts.group_by) {
		fprintf(f,
			"grouped by: %s (rows that differ only in other columns are pooled)\n",
			c->opts.group_by);
		return;
	}
	for (size_t k = 0; k < c->nr_keys; k++) {
		char *item;

		if (key_shown(c, k))
			continue;
		item = xasprintf("%s=%s", c->key[k], compare_key(c, 0, k));
		if (!col) {
			fputs(lead, f);
			col = strlen(lead);
		} else if (col + 1 + strlen(item) > 78) {
			fputs("\n ", f);
			col = 1;
		}
		col += fprintf(f, " %s", item);
		free(item);
	}
	if (col)
		fputc('\n', f);
}

static void write_preamble(const struct compare *c, FILE *f)
{
	write_diffs(c, f);
	fprintf(f, "old: %s\nnew: %s\n", c->in[0].path, c->in[1].path);
	for (size_t i = 0; i < c->nr_extras; i++)
		fprintf(f,
			"only %s has parameter %s (%s=%s in every row); points pair on the others\n",
			side_name[c->extra[i].side], c->extra[i].col,
			c->extra[i].col, c->extra[i].value);
	if (c->opts.filter)
		fprintf(f, "filter: %s\n", c->opts.filter);
	write_constants(c, f);
	fputc('\n', f);
}

/* The fewest samples per side with which p can get below alpha. */
static size_t min_reps(double alpha)
{
	size_t n = 1;

	while (n < 1000 && stats_mw_min_p(n, n) >= alpha)
		n++;
	return n;
}

static void write_legend(const struct compare *c, FILE *f)
{
	bool too_few = false;

	for (size_t m = 0; m < c->nr_tabs; m++)
		for (size_t g = 0; g < c->nr_grps; g++)
			too_few |= c->tab[m].res[g].verdict == CMP_TOO_FEW;
	fprintf(f,
		"\nmedian ± half its 95%% confidence interval, as %% of the median (min..max below 6 samples)\n"
		"delta: change of the median where the two-sided Mann-Whitney U test gives p < %g; ~: no significant change\n",
		c->opts.alpha);
	if (too_few)
		fprintf(f,
			"?: too few samples for a verdict; at alpha %g the test needs %zu per side (raise --reps)\n",
			c->opts.alpha, min_reps(c->opts.alpha));
}

int compare_write_text(const struct compare *c, FILE *f)
{
	write_preamble(c, f);
	for (size_t m = 0; m < c->nr_tabs; m++) {
		if (m)
			fputc('\n', f);
		write_table(c, &c->tab[m], f);
	}
	write_legend(c, f);
	return fflush(f) || ferror(f) ? -1 : 0;
}

/* --- CSV output -------------------------------------------------------- */

static const char *const verdict_name[] = {
	[CMP_CHANGED] = "changed",   [CMP_SAME] = "no_change",
	[CMP_TOO_FEW] = "too_few",   [CMP_OLD_ONLY] = "old_only",
	[CMP_NEW_ONLY] = "new_only", [CMP_UNMEASURED] = "unmeasured",
};

/* A number, or an empty field for NAN. */
static void put_num(FILE *f, const char *fmt, double v)
{
	fputc(',', f);
	if (!isnan(v))
		fprintf(f, fmt, v);
}

/* The shown key columns: strategy by its name, the rest as name=value. */
static void put_label(const struct compare *c, size_t g, FILE *f)
{
	bool first = true;

	for (size_t k = 0; k < c->nr_keys; k++) {
		if (!key_shown(c, k))
			continue;
		if (!strcmp(c->key[k], "strategy"))
			fprintf(f, "%s%s", first ? "" : " ",
				compare_key(c, g, k));
		else
			fprintf(f, "%s%s=%s", first ? "" : " ", c->key[k],
				compare_key(c, g, k));
		first = false;
	}
}

static void put_side(FILE *f, const struct compare_result *r, int s)
{
	const struct stats_summary *st = &r->s[s];

	if (!r->n[s]) {
		fprintf(f, ",%zu,,,,", r->n[s]);
		return;
	}
	fprintf(f, ",%zu,%.10g,%.10g,%.10g", r->n[s], st->median, st->ci.lo,
		st->ci.hi);
	put_num(f, "%.3f",
		st->median > 0 ?
			100 * (st->ci.hi - st->ci.lo) / 2 / st->median :
			NAN);
}

static void put_row(const struct compare *c, const struct compare_table *t,
		    size_t g, FILE *f)
{
	const struct compare_result *r = &t->res[g];

	put_label(c, g, f);
	fprintf(f, ",%s,%s", t->metric, verdict_name[r->verdict]);
	put_num(f, "%.4f", r->change_pct);
	put_num(f, "%.4f", r->change_lo_pct);
	put_num(f, "%.4f", r->change_hi_pct);
	put_num(f, "%.6g", r->mw.p);
	put_num(f, "%.6g", r->min_p);
	put_side(f, r, 0);
	put_side(f, r, 1);
	for (size_t k = 0; k < c->nr_keys; k++)
		fprintf(f, ",%s", compare_key(c, g, k));
	fputc('\n', f);
}

static void put_geomean(const struct compare *c, const struct compare_table *t,
			FILE *f)
{
	fprintf(f, "geomean,%s,geomean", t->metric);
	put_num(f, "%.4f", t->geo_change_pct);
	fputs(",,,,,", f); /* the change's CI, p, min_p, old_n */
	put_num(f, "%.10g", t->geo[0]);
	fputs(",,,,", f);
	put_num(f, "%.10g", t->geo[1]);
	fputs(",,,", f);
	for (size_t k = 0; k < c->nr_keys; k++)
		fputc(',', f);
	fputc('\n', f);
}

static void put_header(const struct compare *c, FILE *f)
{
	static const char *const side_cols[] = {
		"n", "median", "ci_lo", "ci_hi", "spread_pct",
	};

	fprintf(f, "# rmapbench: %s\n# schema: %d\n", RMAPBENCH_VERSION,
		CSV_SCHEMA);
	fprintf(f, "# compare_old: %s\n# compare_new: %s\n", c->in[0].path,
		c->in[1].path);
	fprintf(f, "# alpha: %g\n", c->opts.alpha);
	if (c->opts.group_by)
		fprintf(f, "# group_by: %s\n", c->opts.group_by);
	if (c->opts.filter)
		fprintf(f, "# filter: %s\n", c->opts.filter);
	fputs("# spread: half the 95% CI of the median (min..max below 6 samples) as % of the median\n"
	      "# change_ci: new ci_lo / old ci_hi - 1 .. new ci_hi / old ci_lo - 1 (both medians' 95% CIs hold together with >= 90% from n = 6 on)\n"
	      "# p: two-sided Mann-Whitney U, exact up to 50 per side; min_p: the smallest p these n allow\n",
	      f);
	for (size_t i = 0; i < c->nr_extras; i++)
		fprintf(f, "# param_only_in_%s: %s=%s\n",
			side_name[c->extra[i].side], c->extra[i].col,
			c->extra[i].value);
	for (size_t i = 0; i < c->nr_diffs; i++)
		fprintf(f, "# setup_differs: %s: old '%s', new '%s'\n",
			c->diff[i].key,
			c->diff[i].val[0] ? c->diff[i].val[0] :
					    "(not recorded)",
			c->diff[i].val[1] ? c->diff[i].val[1] :
					    "(not recorded)");
	fputs("label,metric,verdict,change_pct,change_lo_pct,change_hi_pct,p,min_p",
	      f);
	for (int s = 0; s < 2; s++)
		for (size_t i = 0; i < ARRAY_SIZE(side_cols); i++)
			fprintf(f, ",%s_%s", side_name[s], side_cols[i]);
	for (size_t k = 0; k < c->nr_keys; k++)
		fprintf(f, ",%s", c->key[k]);
	fputc('\n', f);
}

int compare_write_csv(const struct compare *c, FILE *f)
{
	put_header(c, f);
	for (size_t m = 0; m < c->nr_tabs; m++) {
		const struct compare_table *t = &c->tab[m];

		for (size_t g = 0; g < c->nr_grps; g++)
			if (t->res[g].verdict != CMP_UNMEASURED)
				put_row(c, t, g, f);
		put_geomean(c, t, f);
	}
	return fflush(f) || ferror(f) ? -1 : 0;
}

/* --- the command ------------------------------------------------------- */

static void notes(const struct compare *c)
{
	for (int s = 0; s < 2; s++)
		if (c->skipped[s])
			fprintf(stderr,
				"rmapbench: note: %s: %zu rows with a status other than 'ok' left out\n",
				c->in[s].path, c->skipped[s]);
	/* In CSV the warning block is '#' lines, which a plot never shows. */
	if (c->opts.format == COMPARE_CSV && c->nr_diffs) {
		fputs("rmapbench: warning: the two runs differ in", stderr);
		for (size_t i = 0; i < c->nr_diffs; i++)
			fprintf(stderr, "%s %s", i ? "," : "", c->diff[i].key);
		fputs(": a change may come from the setup\n", stderr);
	}
}

int cmd_compare(int argc, char **argv)
{
	struct compare_opts o;
	struct compare c;
	char msg[1024];
	int ret;

	ret = compare_parse_args(argc, argv, &o, msg, sizeof(msg));
	if (ret == 1) {
		fputs(compare_usage, stdout);
		return 0;
	}
	if (ret)
		die(ret, "%s", msg);
	if (compare_build(&o, &c, msg, sizeof(msg)))
		die(EXIT_USAGE, "%s", msg);
	notes(&c);
	ret = o.format == COMPARE_CSV ? compare_write_csv(&c, stdout) :
					compare_write_text(&c, stdout);
	compare_free(&c);
	if (ret)
		die(1, "cannot write the comparison to stdout: %s",
		    strerror(errno));
	return 0;
}
