// SPDX-License-Identifier: GPL-2.0
/*
 * rmapbench summarize: from the raw CSV (one row per point and
 * repetition) to one row per configuration point with medians, their
 * confidence intervals and the overhead against `none`, all computed
 * before anything is written (cmd/summarize.c is the command).
 */
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "summarize.h"
#include "strategy/kernel.h"
#include "lib/compiler.h"
#include "lib/util.h"

const char *const summary_metrics[SUMMARY_NR_METRICS] = {
	"ns_per_pte",
	"fork_ns_per_pte",
	"exit_ns_per_pte",
	"forks_per_s",
};

/* Columns after `rep` that describe the row rather than measure it. */
static const char *const row_info[] = { "cpus", "status" };

/* The columns: parameters before `rep`, the metrics and extras after. */
static int find_columns(struct summary *s, char *msg, size_t len)
{
	const struct csv *in = &s->in;
	int rep = csv_column(in, "rep");

	if (rep < 0)
		return usage_fail(
			msg, len, "%s: missing required column 'rep'%s",
			in->path,
			csv_meta_get(in, "summary_of") ?
				" (this looks like a summary already)" :
				"");
	s->nr_params = rep;
	s->strategy = csv_column(in, "strategy");
	if (s->strategy < 0 || s->strategy >= rep)
		return usage_fail(
			msg, len,
			"%s: missing required column 'strategy' before 'rep'",
			in->path);
	for (int i = 0; i < SUMMARY_NR_METRICS; i++) {
		s->metric[i] = csv_column(in, summary_metrics[i]);
		if (s->metric[i] <= rep)
			return usage_fail(
				msg, len,
				"%s: missing required column '%s' after 'rep'",
				in->path, summary_metrics[i]);
	}
	s->status = csv_column(in, "status");
	s->threads = csv_column(in, "threads");
	if (s->threads >= rep)
		s->threads = -1;
	s->loops = csv_column(in, "loops");
	return 0;
}

/* A row that measured something: no `status` column, or status "ok". */
static bool row_ok(const struct summary *s, size_t r)
{
	return s->status < 0 || !strcmp(s->in.row[r].field[s->status], "ok");
}

static bool is_metric(const struct summary *s, size_t col)
{
	for (int i = 0; i < SUMMARY_NR_METRICS; i++)
		if (s->metric[i] == (int)col)
			return true;
	for (size_t i = 0; i < sizeof(row_info) / sizeof(row_info[0]); i++)
		if (!strcmp(s->in.col[col], row_info[i]))
			return true;
	return false;
}

/*
 * Any other column after `rep` is carried when every value in it is a
 * number or empty: empty is "not measured" (a perf counter the kernel
 * refused, lock statistics turned off), and a column that is empty
 * throughout still gets its (empty) median column, so that the summary's
 * columns do not depend on what one host could measure.  A column with
 * text in it describes rather than measures, and is left out.
 */
static bool is_numeric_column(const struct summary *s, size_t col)
{
	const struct csv *in = &s->in;
	double v;

	for (size_t r = 0; r < in->nr_rows; r++) {
		const char *f = in->row[r].field[col];

		if (row_ok(s, r) && *f && csv_parse_number(f, &v))
			return false;
	}
	return true;
}

static int find_extras(struct summary *s)
{
	s->extra = malloc(s->in.nr_cols * sizeof(*s->extra));
	if (!s->extra)
		return -1;
	for (size_t c = s->nr_params + 1; c < s->in.nr_cols; c++)
		if (!is_metric(s, c) && is_numeric_column(s, c))
			s->extra[s->nr_extra++] = c;
	return 0;
}

/* Point lookup: an open-addressing table of point index + 1, 0 free. */
struct point_table {
	size_t *slot;
	size_t mask;
};

static uint64_t key_hash(const char *const *key, size_t n)
{
	uint64_t h = 0xcbf29ce484222325ull; /* FNV-1a */

	for (size_t i = 0; i < n; i++) {
		for (const char *p = key[i]; *p; p++)
			h = (h ^ (unsigned char)*p) * 0x100000001b3ull;
		h = (h ^ 0x1f) * 0x100000001b3ull; /* field separator */
	}
	return h;
}

static bool key_equal(const struct summary *s, size_t pt,
		      const char *const *key)
{
	char **f = s->in.row[s->pt[pt].key_row].field;

	for (size_t i = 0; i < s->nr_params; i++)
		if (strcmp(f[i], key[i]))
			return false;
	return true;
}

/* The slot for key: holding its point, or the free one it would take. */
static size_t *table_slot(const struct summary *s, const struct point_table *t,
			  const char *const *key)
{
	size_t i = key_hash(key, s->nr_params) & t->mask;

	while (t->slot[i] && !key_equal(s, t->slot[i] - 1, key))
		i = (i + 1) & t->mask;
	return &t->slot[i];
}

static int add_row(struct summary *s, struct point_table *t, size_t r)
{
	const char *const *key = (const char *const *)s->in.row[r].field;
	size_t *slot = table_slot(s, t, key);
	struct summary_point *p;

	if (!*slot) {
		*slot = ++s->nr_pts;
		memset(&s->pt[*slot - 1], 0, sizeof(s->pt[0]));
		s->pt[*slot - 1].key_row = r;
	}
	p = &s->pt[*slot - 1];
	/* A point whose every rep failed still gets its (empty) row. */
	if (!row_ok(s, r))
		return 0;
	if (p->nr == p->cap) {
		size_t *row = realloc(p->row,
				      (p->cap ? p->cap * 2 : 8) * sizeof(*row));

		if (!row)
			return -1;
		p->row = row;
		p->cap = p->cap ? p->cap * 2 : 8;
	}
	p->row[p->nr++] = r;
	return 0;
}

static int group_rows(struct summary *s, struct point_table *t)
{
	size_t size = 16;

	/* At most one point per row; keep the table at most half full. */
	while (size < 2 * s->in.nr_rows)
		size *= 2;
	t->slot = calloc(size, sizeof(*t->slot));
	t->mask = size - 1;
	s->pt = malloc(s->in.nr_rows * sizeof(*s->pt));
	if (!t->slot || !s->pt)
		return -1;
	for (size_t r = 0; r < s->in.nr_rows; r++)
		if (add_row(s, t, r))
			return -1;
	return 0;
}

/*
 * Every metric field of a measured row must be a number.  Checked in file
 * order, before any grouping, so that the message names the first bad
 * line.  Rows that measured nothing (status "timeout") are left out, and
 * said so once.
 */
static int check_metrics(struct summary *s, char *msg, size_t len)
{
	size_t failed = 0, first = 0;
	double v;

	for (size_t r = 0; r < s->in.nr_rows; r++) {
		if (!row_ok(s, r)) {
			if (!failed++)
				first = r;
			continue;
		}
		for (int m = 0; m < SUMMARY_NR_METRICS; m++)
			if (csv_number(&s->in, r, s->metric[m], &v, msg, len))
				return EXIT_USAGE;
	}
	if (failed)
		fprintf(stderr,
			"rmapbench: note: %s: %zu rows with a status other than 'ok' left out, the first on line %lu ('%.40s')\n",
			s->in.path, failed, s->in.row[first].line,
			s->in.row[first].field[s->status]);
	return 0;
}

static int point_metrics(struct summary *s, struct summary_point *p, double *v)
{
	for (int m = 0; m < SUMMARY_NR_METRICS && p->nr; m++) {
		/* Cannot fail: check_metrics() has seen every field. */
		for (size_t i = 0; i < p->nr; i++)
			csv_parse_number(
				s->in.row[p->row[i]].field[s->metric[m]],
				&v[i]);
		if (stats_summarize(v, p->nr, &p->metric[m]))
			return -1;
	}
	return 0;
}

static int point_extras(struct summary *s, struct summary_point *p, double *v)
{
	p->extra = calloc(s->nr_extra + 1, sizeof(*p->extra));
	p->has_extra = calloc(s->nr_extra + 1, sizeof(*p->has_extra));
	if (!p->extra || !p->has_extra)
		return -1;
	for (size_t e = 0; e < s->nr_extra; e++) {
		size_t n = 0;

		for (size_t i = 0; i < p->nr; i++) {
			const char *f = s->in.row[p->row[i]].field[s->extra[e]];

			/* Checked by is_numeric_column(); empty: not measured. */
			if (*f && !csv_parse_number(f, &v[n]))
				n++;
		}
		p->has_extra[e] = n > 0;
		p->extra[e] = n ? stats_median(v, n) : 0;
	}
	return 0;
}

bool summary_kernel_knob(const char *kernel, const char *col)
{
	char opt[128];
	size_t n;

	if (!kernel || !*kernel || !strcmp(kernel, "custom") ||
	    strlen(col) + 3 > sizeof(opt))
		return false;
	snprintf(opt, sizeof(opt), "--%s", col);
	for (char *c = opt; *c; c++)
		if (*c == '_')
			*c = '-';
	n = strlen(opt);
	for (unsigned int i = 1; i < nr_kernels; i++) {
		const char *o = kernels[i].options;

		if (strcmp(kernels[i].name, kernel))
			continue;
		for (const char *p = o; (p = strstr(p, opt)); p += n)
			if ((p == o || p[-1] == ' ') && (!p[n] || p[n] == ' '))
				return true;
	}
	return false;
}

/*
 * A named kernel's baseline: the point of its era's kernel without rmap
 * (its .baseline) whose parameters are the same but for the knobs either
 * kernel sets.  NULL when it has none.
 */
static const struct summary_point *era_baseline(const struct summary *s,
						const struct summary_point *p)
{
	int kcol = csv_column(&s->in, "kernel"), k, b;
	char *const *f = s->in.row[p->key_row].field;

	if (kcol < 0 || (size_t)kcol >= s->nr_params)
		return NULL;
	k = kernel_find(f[kcol]);
	if (k <= 0 || !kernels[k].baseline)
		return NULL;
	b = kernel_find(kernels[k].baseline);
	for (size_t i = 0; b > 0 && i < s->nr_pts; i++) {
		char *const *g = s->in.row[s->pt[i].key_row].field;
		bool same = !strcmp(g[kcol], kernels[b].name);

		for (size_t c = 0; same && c < s->nr_params; c++)
			same = (int)c == kcol || (int)c == s->strategy ||
			       !strcmp(f[c], g[c]) ||
			       summary_kernel_knob(f[kcol], s->in.col[c]) ||
			       summary_kernel_knob(g[kcol], s->in.col[c]);
		if (same)
			return &s->pt[i];
	}
	return NULL;
}

/*
 * Against the baseline kernel of the point's era where it names one (the
 * 2.4.19 kernels: 2.4.19-pre7), else the `none` point whose other
 * parameters are the same.
 */
static void point_overhead(struct summary *s, const struct point_table *t,
			   struct summary_point *p, const char **key)
{
	const struct summary_point *none = era_baseline(s, p);
	double base;
	size_t *slot;

	if (!p->nr)
		return;
	if (!none) {
		memcpy(key, s->in.row[p->key_row].field,
		       s->nr_params * sizeof(*key));
		key[s->strategy] = "none";
		slot = table_slot(s, t, key);
		if (!*slot)
			return;
		none = &s->pt[*slot - 1];
	}
	base = none->metric[0].median;
	if (!none->nr || base <= 0)
		return; /* no meaningful ratio */
	p->has_overhead = true;
	p->overhead_pct = 100 * (p->metric[0].median / base - 1);
	p->rmap_ns = p->metric[0].median - base;
}

bool summary_same_sweep(char *const *fa, char *const *fb, size_t nr_params,
			int threads, int loops)
{
	if (threads < 0)
		return false;
	for (size_t c = 0; c < nr_params; c++) {
		if ((int)c == threads || !strcmp(fa[c], fb[c]))
			continue;
		if ((int)c == loops && !strcmp(fa[c], fa[threads]) &&
		    !strcmp(fb[c], fb[threads]))
			continue;
		return false;
	}
	return true;
}

static bool same_sweep(const struct summary *s, size_t a, size_t b)
{
	return summary_same_sweep(s->in.row[s->pt[a].key_row].field,
				  s->in.row[s->pt[b].key_row].field,
				  s->nr_params, s->threads, s->loops);
}

/* The USL over forks_per_s of point i's thread sweep. */
static void point_usl(struct summary *s, size_t i, double *n, double *x)
{
	size_t k = 0;

	if (s->threads < 0 || !s->pt[i].nr)
		return;
	for (size_t j = 0; j < s->nr_pts; j++) {
		const struct summary_point *q = &s->pt[j];

		if (!q->nr || !same_sweep(s, i, j) ||
		    csv_parse_number(s->in.row[q->key_row].field[s->threads],
				     &n[k]))
			continue;
		x[k++] = q->metric[SUMMARY_FORKS_PER_S].median;
	}
	s->pt[i].has_usl = !usl_fit(n, x, k, &s->pt[i].usl);
}

static int compute(struct summary *s, const struct point_table *t)
{
	/* Room for a point's rows, or for two values of every point. */
	double *v = malloc((s->in.nr_rows + 1) * 2 * sizeof(*v));
	const char **key = malloc((s->nr_params + 1) * sizeof(*key));
	int ret = 0;

	if (!v || !key)
		ret = -1;
	for (size_t i = 0; i < s->nr_pts && !ret; i++) {
		ret = point_metrics(s, &s->pt[i], v);
		if (!ret)
			ret = point_extras(s, &s->pt[i], v);
	}
	/* Second pass: the `none` point may come after the others. */
	for (size_t i = 0; i < s->nr_pts && !ret; i++)
		point_overhead(s, t, &s->pt[i], key);
	for (size_t i = 0; i < s->nr_pts && !ret; i++)
		point_usl(s, i, v, v + s->nr_pts);
	free(v);
	free(key);
	return ret;
}

int summary_build(const char *path, struct summary *s, char *msg, size_t len)
{
	struct point_table t = { 0 };
	int ret;

	memset(s, 0, sizeof(*s));
	if (csv_read(path, &s->in, msg, len))
		return EXIT_USAGE;
	ret = find_columns(s, msg, len);
	if (!ret && !s->in.nr_rows)
		ret = usage_fail(msg, len, "%s: no data rows after the header",
				 path);
	if (!ret)
		ret = check_metrics(s, msg, len);
	if (!ret && (find_extras(s) || group_rows(s, &t) || compute(s, &t)))
		ret = -1;
	free(t.slot);
	if (ret < 0)
		die_oom("the summary");
	if (ret)
		summary_free(s);
	return ret;
}

int summary_calibrate(struct summary *s, const char *path, char *msg,
		      size_t len)
{
	struct csv cal;
	const char *v;
	double per_page;

	if (csv_read(path, &cal, msg, len))
		return EXIT_USAGE;
	v = csv_meta_get(&cal, "fit_anon_per_page_ns");
	if (!v || csv_parse_number(v, &per_page) || per_page <= 0) {
		csv_free(&cal);
		return usage_fail(
			msg, len,
			"%s: no positive '# fit_anon_per_page_ns:' line; write it with rmapbench calibrate",
			path);
	}
	csv_free(&cal);
	s->real_ns_per_page = per_page;
	return 0;
}

void summary_free(struct summary *s)
{
	for (size_t i = 0; i < s->nr_pts; i++) {
		free(s->pt[i].row);
		free(s->pt[i].extra);
		free(s->pt[i].has_extra);
	}
	free(s->pt);
	free(s->extra);
	csv_free(&s->in);
	memset(s, 0, sizeof(*s));
}

static void write_header(const struct summary *s, FILE *f)
{
	static const char *const part[] = { "median", "ci_lo", "ci_hi", "min",
					    "max" };
	const struct csv *in = &s->in;

	for (size_t i = 0; i < in->nr_meta; i++)
		csv_put_meta(f, in->meta[i].key, in->meta[i].value);
	csv_put_meta(f, "summary_of", in->path);
	if (s->real_ns_per_page)
		fprintf(f, "# real_fork_exit_ns_per_page: %.3f\n",
			s->real_ns_per_page);
	fprintf(f,
		"# summary_ci: %g%% for the median from order statistics (binomial, p = 1/2); min..max where n < 6\n",
		100 * STATS_CI_LEVEL);
	for (size_t c = 0; c < s->nr_params; c++)
		fprintf(f, "%s,", in->col[c]);
	fputs("n", f);
	for (int m = 0; m < SUMMARY_NR_METRICS; m++)
		for (size_t k = 0; k < sizeof(part) / sizeof(part[0]); k++)
			fprintf(f, ",%s_%s", summary_metrics[m], part[k]);
	fputs(",overhead_pct,rmap_ns_per_pte,rmap_pct_of_real", f);
	fputs(",usl_sigma,usl_kappa,usl_nstar,usl_r2,usl_shape", f);
	for (size_t e = 0; e < s->nr_extra; e++)
		fprintf(f, ",%s_median", in->col[s->extra[e]]);
	fputc('\n', f);
}

static bool modelled(const struct summary *s, const struct summary_point *p)
{
	int mode = csv_column(&s->in, "mode");

	return mode >= 0 && !strcmp(s->in.row[p->key_row].field[mode], "model");
}

static void write_point(const struct summary *s, const struct summary_point *p,
			FILE *f)
{
	char **field = s->in.row[p->key_row].field;
	bool shaped = p->has_usl && p->usl.shape == USL_SHAPED;

	for (size_t c = 0; c < s->nr_params; c++)
		fprintf(f, "%s,", field[c]);
	fprintf(f, "%zu", p->nr);
	for (int m = 0; m < SUMMARY_NR_METRICS; m++) {
		const struct stats_summary *st = &p->metric[m];

		if (!p->nr) {
			fputs(",,,,,", f);
			continue;
		}
		/* %.10g: every digit the raw CSV had, and no binary noise. */
		fprintf(f, ",%.10g,%.10g,%.10g,%.10g,%.10g", st->median,
			st->ci.lo, st->ci.hi, st->min, st->max);
	}
	if (p->has_overhead)
		fprintf(f, ",%.3f,%.3f", p->overhead_pct, p->rmap_ns);
	else
		fputs(",,", f);
	/* The host's real fork+exit is no yardstick for a modelled CPU. */
	if (p->has_overhead && s->real_ns_per_page && !modelled(s, p))
		fprintf(f, ",%.2f", 100 * p->rmap_ns / s->real_ns_per_page);
	else
		fputc(',', f);
	/* a fit that does not describe the sweep gives no parameters */
	if (shaped)
		fprintf(f, ",%.6g,%.6g", p->usl.sigma, p->usl.kappa);
	else
		fputs(",,", f);
	if (shaped && isfinite(p->usl.nstar))
		fprintf(f, ",%.4g", p->usl.nstar);
	else
		fputc(',', f);
	if (p->has_usl) {
		char why[96];

		usl_shape_text(&p->usl, why, sizeof(why));
		fprintf(f, ",%.4f,%s", p->usl.r2, why);
	} else {
		fputs(",,", f);
	}
	for (size_t e = 0; e < s->nr_extra; e++)
		if (p->has_extra[e])
			fprintf(f, ",%.10g", p->extra[e]);
		else
			fputc(',', f);
	fputc('\n', f);
}

int summary_write(const struct summary *s, FILE *f)
{
	write_header(s, f);
	for (size_t i = 0; i < s->nr_pts; i++)
		write_point(s, &s->pt[i], f);
	return fflush(f) || ferror(f) ? -1 : 0;
}
