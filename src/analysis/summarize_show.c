// SPDX-License-Identifier: GPL-2.0
/*
 * A summary for people: the columns a reader compares (the strategy, the
 * parameters that vary, n, the medians, the interval, the overhead),
 * rows in strategy order, as text, markdown or JSON (table.h).  JSON
 * keeps every column.
 */
#include <stdlib.h>
#include <string.h>
#include "lib/util.h"
#include "results.h"
#include "summarize.h"
#include "table.h"

static const char *const figures[] = {
	"n",
	"ns_per_pte_median",
	"ns_per_pte_ci_lo",
	"ns_per_pte_ci_hi",
	"fork_ns_per_pte_median",
	"exit_ns_per_pte_median",
	"forks_per_s_median",
	"overhead_pct",
	"rmap_ns_per_pte",
};

static int write_summary(const void *s, FILE *f)
{
	return summary_write(s, f);
}

struct order {
	const struct csv *t;
	int strategy;
	size_t nr_params;
};

static int row_cmp(const void *pa, const void *pb, void *arg)
{
	const struct order *o = arg;
	const struct csv_row *a = pa, *b = pb;
	unsigned int ra = strategy_rank(a->field[o->strategy]);
	unsigned int rb = strategy_rank(b->field[o->strategy]);
	double x, y;

	if (ra != rb)
		return ra < rb ? -1 : 1;
	for (size_t c = 0; c < o->nr_params; c++) {
		const char *u = a->field[c], *v = b->field[c];
		int d;

		if (!csv_parse_number(u, &x) && !csv_parse_number(v, &y))
			d = (x > y) - (x < y);
		else
			d = strcmp(u, v);
		if (d)
			return d;
	}
	return 0;
}

bool summary_column_varies(const struct csv *t, size_t col)
{
	for (size_t r = 1; r < t->nr_rows; r++)
		if (strcmp(t->row[r].field[col], t->row[0].field[col]))
			return true;
	return false;
}

/* A knob a named kernel of some row sets (summary_kernel_knob()). */
static bool kernel_knob(const struct csv *t, size_t col)
{
	int k = csv_column(t, "kernel");

	for (size_t r = 0; k >= 0 && r < t->nr_rows; r++)
		if (summary_kernel_knob(t->row[r].field[k], t->col[col]))
			return true;
	return false;
}

bool summary_column_shown(const struct csv *t, size_t col)
{
	return summary_column_varies(t, col) && !kernel_knob(t, col);
}

int summary_show(const struct summary *s, enum table_format fmt, FILE *f)
{
	const char **cols;
	struct csv t;
	struct order o;
	char msg[512];
	size_t n = 0;
	bool any_overhead = false;
	int ov, ret;

	if (table_capture(write_summary, s, "the summary", &t, msg,
			  sizeof(msg)))
		die(1, "%s", msg);
	o = (struct order){ &t, csv_column(&t, "strategy"), s->nr_params };
	qsort_r(t.row, t.nr_rows, sizeof(*t.row), row_cmp, &o);
	cols = calloc(t.nr_cols + 1, sizeof(*cols));
	if (!cols)
		die_oom("the summary");
	cols[n++] = "strategy";
	for (size_t c = 0; c < s->nr_params; c++)
		if ((int)c != o.strategy && summary_column_shown(&t, c))
			cols[n++] = t.col[c];
	for (size_t i = 0; i < sizeof(figures) / sizeof(*figures); i++)
		cols[n++] = figures[i];
	ov = csv_column(&t, "overhead_pct");
	for (size_t r = 0; ov >= 0 && r < t.nr_rows; r++)
		any_overhead |= !!*t.row[r].field[ov];
	ret = table_write(&t, fmt == TABLE_JSON ? NULL : cols, fmt, f);
	if (fmt != TABLE_JSON && !any_overhead)
		fprintf(f,
			"%soverhead_pct is empty: no `none` point (nor the era's kernel without rmap) at the same parameters; add none to --strategy\n",
			fmt == TABLE_MARKDOWN ? "\n" : "");
	free(cols);
	csv_free(&t);
	return ret;
}
