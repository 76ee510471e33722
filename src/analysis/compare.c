// SPDX-License-Identifier: GPL-2.0
/*
 * rmapbench compare: did a metric change between two runs, point by
 * point?  Benchmark samples are few, skewed and have outliers, so the
 * answer is distribution-free (see compare.h): medians, their
 * order-statistic intervals and the Mann-Whitney U test of stats.c.
 *
 * This file checks the option lists and pairs the points; compare_read.c
 * reads and checks the two files, compare_stats.c judges each point,
 * compare_text.c, compare_csv.c and compare_plot.c print the tables, and
 * cmd/compare.c is the command.  Both files are read and checked whole
 * before anything is printed, so a bad file gives one line and exit 2,
 * never half a table.
 */
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
			if (!compare_row_measured(c, s, r)) {
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
		ret = compare_read_side(c, s, msg, len);
	if (!ret)
		ret = compare_find_keys(c, msg, len);
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
