// SPDX-License-Identifier: GPL-2.0
// make: also under ThreadSanitizer (a parser of untrusted files)
/*
 * `rmapbench compare` (src/analysis/compare*.c, src/cmd/compare.c) on
 * small handmade files: the verdicts with known p-values, the pairing of
 * points (order, one-sided points, filter, group-by, a parameter only one
 * file has), the geometric mean, both output formats, and every error
 * message word for word.
 *
 * p-values not obvious from the text were counted by enumerating the
 * C(10, 5) = 252 rank subsets (Python, itertools.combinations): for
 * {1,3,5,7,9} against {2,4,6,8,10}, 174 of 252 lie at least as far out.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "rmaptest.h"
#include "golden.h"
#include "analysis/compare.h"
#include "cmd/commands.h"
#include "lib/csv.h"
#include "lib/util.h"

static char *tmp_file(const char *text)
{
	char name[] = "/tmp/test_compare.XXXXXX";
	int fd = mkstemp(name);

	assert_true(fd >= 0);
	assert_int_equal(write(fd, text, strlen(text)), strlen(text));
	close(fd);
	return strdup(name);
}

static void drop_file(char *name)
{
	unlink(name);
	free(name);
}

static struct compare_result judge(const double *a, size_t n1, const double *b,
				   size_t n2, double alpha)
{
	struct compare_result r;

	assert_int_equal(compare_judge(a, n1, b, n2, alpha, &r), 0);
	return r;
}

/* --- verdicts ----------------------------------------------------------- */

static void test_judge_separated(void **state)
{
	double lo[] = { 1, 2, 3, 4, 5 }, hi[] = { 6, 7, 8, 9, 10 };
	struct compare_result r;

	(void)state;
	r = judge(lo, 5, hi, 5, 0.05);
	assert_int_equal(r.verdict, CMP_CHANGED);
	assert_false(r.identical);
	assert_close(r.mw.p, 2.0 / 252, 1e-12);
	assert_close(r.min_p, 2.0 / 252, 1e-12);
	assert_true(r.s[0].median == 3 && r.s[1].median == 8);
	assert_close(r.change_pct, 100 * (8.0 / 3 - 1), 1e-12);
	/* Five samples: each median's interval is min..max. */
	assert_close(r.change_lo_pct, 100 * (6.0 / 5 - 1), 1e-12);
	assert_close(r.change_hi_pct, 100 * (10.0 / 1 - 1), 1e-12);
	/* The other way round: the same p, the change negative. */
	r = judge(hi, 5, lo, 5, 0.05);
	assert_int_equal(r.verdict, CMP_CHANGED);
	assert_close(r.mw.p, 2.0 / 252, 1e-12);
	assert_close(r.change_pct, 100 * (3.0 / 8 - 1), 1e-12);
}

static void test_judge_twenty_percent(void **state)
{
	double a[] = { 10, 10.2, 9.9, 10.1, 10.05 }, b[5];
	struct compare_result r;

	(void)state;
	for (int i = 0; i < 5; i++)
		b[i] = a[i] * 1.2;
	r = judge(a, 5, b, 5, 0.05);
	assert_int_equal(r.verdict, CMP_CHANGED);
	assert_close(r.change_pct, 20, 1e-9);
	assert_close(r.mw.p, 2.0 / 252, 1e-12);
}

static void test_judge_same(void **state)
{
	double odd[] = { 1, 3, 5, 7, 9 }, even[] = { 2, 4, 6, 8, 10 };
	struct compare_result r;

	(void)state;
	r = judge(odd, 5, even, 5, 0.05);
	assert_int_equal(r.verdict, CMP_SAME);
	assert_false(r.identical);
	assert_close(r.mw.p, 174.0 / 252, 1e-12);
	assert_close(r.change_pct, 100 * (6.0 / 5 - 1), 1e-12);
}

/* Identical samples are "no change" at any n, never "too few". */
static void test_judge_identical(void **state)
{
	double a[] = { 3, 1, 2 }, b[] = { 2, 3, 1 }, c[] = { 5, 5, 5 };
	double d[] = { 5, 5, 5, 5 }, e[] = { 4, 8, 6, 5, 7 };
	struct compare_result r;

	(void)state;
	r = judge(a, 3, b, 3, 0.05);
	assert_int_equal(r.verdict, CMP_SAME);
	assert_true(r.identical);
	assert_true(r.mw.p == 1);
	assert_true(r.change_pct == 0);
	r = judge(c, 3, d, 4, 0.05);
	assert_int_equal(r.verdict, CMP_SAME);
	assert_true(r.identical);
	r = judge(e, 5, e, 5, 0.05);
	assert_int_equal(r.verdict, CMP_SAME);
	assert_true(r.identical);
	assert_true(r.mw.p == 1 && r.change_pct == 0);
}

static void test_judge_too_few(void **state)
{
	double a[] = { 1, 2, 3, 4 }, b[] = { 5, 6, 7, 8 };
	double lo[] = { 1, 2, 3, 4, 5 }, hi[] = { 6, 7, 8, 9, 10 };
	struct compare_result r;

	(void)state;
	/* 3 + 3: p >= 2/20; 3 + 4: p >= 2/35; both above 0.05. */
	r = judge(a, 3, b, 3, 0.05);
	assert_int_equal(r.verdict, CMP_TOO_FEW);
	assert_close(r.min_p, 0.1, 1e-12);
	assert_close(r.mw.p, 0.1, 1e-12);
	assert_close(r.change_pct, 100 * (6.0 / 2 - 1), 1e-12);
	r = judge(a, 3, b, 4, 0.05);
	assert_int_equal(r.verdict, CMP_TOO_FEW);
	assert_close(r.min_p, 2.0 / 35, 1e-12);
	/* 4 + 4 can: 2/70. */
	r = judge(a, 4, b, 4, 0.05);
	assert_int_equal(r.verdict, CMP_CHANGED);
	assert_close(r.mw.p, 2.0 / 70, 1e-12);
	/* A stricter alpha needs more: 5 + 5 cannot reach 0.005. */
	r = judge(lo, 5, hi, 5, 0.005);
	assert_int_equal(r.verdict, CMP_TOO_FEW);
	/* One sample each. */
	r = judge(a, 1, b, 1, 0.05);
	assert_int_equal(r.verdict, CMP_TOO_FEW);
	assert_true(r.min_p == 1);
}

static void test_judge_one_side(void **state)
{
	double a[] = { 1, 2, 3 };
	struct compare_result r;

	(void)state;
	r = judge(a, 3, a, 0, 0.05);
	assert_int_equal(r.verdict, CMP_OLD_ONLY);
	assert_true(r.n[0] == 3 && r.n[1] == 0);
	assert_true(r.s[0].median == 2);
	assert_true(isnan(r.change_pct) && isnan(r.mw.p));
	r = judge(a, 0, a, 3, 0.05);
	assert_int_equal(r.verdict, CMP_NEW_ONLY);
	r = judge(a, 0, a, 0, 0.05);
	assert_int_equal(r.verdict, CMP_UNMEASURED);
}

/* A base of 0 has no ratio: no change in percent, the verdict stands. */
static void test_judge_zero_base(void **state)
{
	double z[] = { 0, 0, 0, 0, 0 }, hi[] = { 6, 7, 8, 9, 10 };
	struct compare_result r;

	(void)state;
	r = judge(z, 5, hi, 5, 0.05);
	assert_int_equal(r.verdict, CMP_CHANGED);
	assert_true(isnan(r.change_pct) && isnan(r.change_hi_pct));
}

/* --- building from files ----------------------------------------------- */

#define HEADER \
	"strategy,threads,rep,cpus,status,ns_per_pte,fork_ns_per_pte,exit_ns_per_pte,forks_per_s,lock_retries\n"

static char *row(char *buf, const char *strategy, int threads, int rep,
		 const char *status, double ns)
{
	if (strcmp(status, "ok"))
		sprintf(buf, "%s,%d,%d,0,%s,,,,,\n", strategy, threads, rep,
			status);
	else
		sprintf(buf, "%s,%d,%d,0,ok,%g,%g,%g,100,%s\n", strategy,
			threads, rep, ns, ns / 2, ns / 2,
			strcmp(strategy, "none") ? "1" : "");
	return buf;
}

/*
 * Five reps of each point, values base * (1, 1.01, ..., 1.04) shuffled a
 * little; the new file multiplies some points by a factor.
 */
struct point {
	const char *strategy;
	int threads;
	double base;
};

static char *make_file(const char *meta, const struct point *pt, size_t nr,
		       size_t reps)
{
	static const double spread[] = { 1.02, 1.0, 1.04, 1.01, 1.03, 1.005 };
	size_t size = 256 + strlen(meta) + nr * reps * 128;
	char *text = malloc(size), line[128], *name;

	snprintf(text, size, "# rmapbench: 0.1.0\n# schema: 1\n%s" HEADER,
		 meta);
	for (size_t r = 0; r < reps; r++)
		for (size_t i = 0; i < nr; i++)
			strcat(text, row(line, pt[i].strategy, pt[i].threads, r,
					 "ok", pt[i].base * spread[r % 6]));
	name = tmp_file(text);
	free(text);
	return name;
}

static int build(struct compare *c, const char *old, const char *new,
		 const char *metric, const char *group_by, const char *filter,
		 char *msg, size_t len)
{
	struct compare_opts o = {
		.path = { old, new },
		.metric = metric ? metric : "ns_per_pte",
		.alpha = 0.05,
		.group_by = group_by,
		.filter = filter,
	};

	return compare_build(&o, c, msg, len);
}

static void must_build(struct compare *c, const char *old, const char *new,
		       const char *metric, const char *group_by,
		       const char *filter)
{
	char msg[512];

	if (build(c, old, new, metric, group_by, filter, msg, sizeof(msg)))
		fail_msg("compare failed: %s", msg);
}

/* "strategy/threads" of group g, with the first two key columns. */
static const char *point_name(const struct compare *c, size_t g)
{
	static char buf[64];

	snprintf(buf, sizeof(buf), "%s/%s", compare_key(c, g, 0),
		 c->nr_keys > 1 ? compare_key(c, g, 1) : "-");
	return buf;
}

static void expect_points(const struct compare *c, const char *const *want,
			  const enum compare_verdict *verdict, size_t nr)
{
	assert_int_equal(c->nr_grps, nr);
	for (size_t g = 0; g < nr; g++) {
		assert_string_equal(point_name(c, g), want[g]);
		if (c->tab[0].res[g].verdict != verdict[g])
			fail_msg("%s: verdict %d, expected %d", want[g],
				 c->tab[0].res[g].verdict, verdict[g]);
	}
}

/*
 * Points in `rmapbench list` order, threads by value (2 before 10);
 * global/16 only in old, padded/1 and hashed/10 only in new; hashed/2
 * 20% slower, the rest the same.
 */
static void test_pairing(void **state)
{
	static const struct point old[] = {
		{ "hashed", 2, 40 },
		{ "none", 1, 10 },
		{ "hashed", 1, 30 },
		{ "global", 16, 50 },
	};
	static const struct point new[] = {
		{ "padded", 1, 25 }, { "hashed", 10, 60 }, { "none", 1, 10 },
		{ "hashed", 2, 48 }, { "hashed", 1, 30 },
	};
	static const char *const want[] = {
		"none/1",   "global/16", "hashed/1",
		"hashed/2", "hashed/10", "padded/1",
	};
	static const enum compare_verdict verdict[] = {
		CMP_SAME,    CMP_OLD_ONLY, CMP_SAME,
		CMP_CHANGED, CMP_NEW_ONLY, CMP_NEW_ONLY,
	};
	char *a = make_file("", old, ARRAY_SIZE(old), 5);
	char *b = make_file("", new, ARRAY_SIZE(new), 5);
	const struct compare_result *r;
	struct compare c;

	(void)state;
	must_build(&c, a, b, NULL, NULL, NULL);
	assert_int_equal(c.nr_keys, 2);
	assert_string_equal(c.key[0], "strategy");
	assert_string_equal(c.key[1], "threads");
	assert_true(c.key_varies[0] && c.key_varies[1]);
	expect_points(&c, want, verdict, ARRAY_SIZE(want));
	r = &c.tab[0].res[3];
	assert_close(r->change_pct, 20, 1e-9);
	assert_close(r->mw.p, 2.0 / 252, 1e-12);
	assert_true(r->n[0] == 5 && r->n[1] == 5);
	assert_true(c.tab[0].res[1].n[0] == 5 && c.tab[0].res[1].n[1] == 0);
	/* Three paired points, ratios 1, 1, 1.2. */
	assert_int_equal(c.tab[0].nr_geo, 3);
	assert_close(c.tab[0].geo_change_pct, 100 * (cbrt(1.2) - 1), 1e-9);
	assert_int_equal(c.nr_diffs, 0);
	compare_free(&c);
	drop_file(a);
	drop_file(b);
}

/* Rows that timed out are not samples; an empty extra is not measured. */
static void test_status_and_empty(void **state)
{
	char text[2048] = "# schema: 1\n" HEADER, line[128], *a, *b;
	struct compare c;

	(void)state;
	for (int r = 0; r < 5; r++) {
		strcat(text, row(line, "none", 1, r, r == 2 ? "timeout" : "ok",
				 10 + r));
		strcat(text, row(line, "hashed", 1, r, "ok", 20 + r));
	}
	strcat(text, row(line, "hashed", 2, 0, "timeout", 0));
	a = tmp_file(text);
	b = tmp_file(text);
	must_build(&c, a, b, "ns_per_pte,lock_retries", NULL, NULL);
	assert_int_equal(c.skipped[0], 2);
	assert_int_equal(c.nr_grps, 2); /* hashed/2 measured nothing */
	assert_int_equal(c.tab[0].res[0].n[0], 4);
	assert_true(c.tab[0].res[0].s[0].median == 12);
	/* lock_retries is empty for none: that point is unmeasured. */
	assert_string_equal(c.tab[1].metric, "lock_retries");
	assert_int_equal(c.tab[1].res[0].verdict, CMP_UNMEASURED);
	assert_int_equal(c.tab[1].nr_unmeasured, 1);
	assert_int_equal(c.tab[1].res[1].verdict, CMP_SAME);
	compare_free(&c);
	drop_file(a);
	drop_file(b);
}

static void test_filter(void **state)
{
	static const struct point pt[] = {
		{ "none", 1, 10 },   { "none", 2, 12 },	  { "hashed", 1, 30 },
		{ "hashed", 2, 40 }, { "padded", 2, 35 },
	};
	char *a = make_file("", pt, ARRAY_SIZE(pt), 5);
	struct compare c;

	(void)state;
	must_build(&c, a, a, NULL, NULL, "strategy=hashed");
	assert_int_equal(c.nr_grps, 2);
	assert_string_equal(point_name(&c, 0), "hashed/1");
	assert_false(c.key_varies[0]);
	assert_true(c.key_varies[1]);
	compare_free(&c);
	must_build(&c, a, a, NULL, NULL, "strategy!=hashed,threads=2");
	assert_int_equal(c.nr_grps, 2);
	assert_string_equal(point_name(&c, 0), "none/2");
	assert_string_equal(point_name(&c, 1), "padded/2");
	compare_free(&c);
	must_build(&c, a, a, NULL, NULL, "strategy=none|padded");
	assert_int_equal(c.nr_grps, 3);
	compare_free(&c);
	must_build(&c, a, a, NULL, NULL, "strategy!=none|padded");
	assert_int_equal(c.nr_grps, 2);
	compare_free(&c);
	drop_file(a);
}

/* --group-by strategy pools the threads: n = 2 * 5 per strategy. */
static void test_group_by(void **state)
{
	static const struct point pt[] = {
		{ "none", 1, 10 },
		{ "none", 2, 12 },
		{ "hashed", 1, 30 },
		{ "hashed", 2, 40 },
	};
	char *a = make_file("", pt, ARRAY_SIZE(pt), 5);
	struct compare c;

	(void)state;
	must_build(&c, a, a, NULL, "strategy", NULL);
	assert_int_equal(c.nr_keys, 1);
	assert_int_equal(c.nr_grps, 2);
	assert_string_equal(compare_key(&c, 0, 0), "none");
	assert_int_equal(c.tab[0].res[0].n[0], 10);
	assert_int_equal(c.tab[0].res[0].n[1], 10);
	compare_free(&c);
	/* Any column, even one after rep. */
	must_build(&c, a, a, NULL, "threads,cpus", NULL);
	assert_int_equal(c.nr_grps, 2);
	assert_string_equal(point_name(&c, 1), "2/0");
	compare_free(&c);
	drop_file(a);
}

/*
 * A newer file with a parameter the older lacks: one value throughout
 * pairs on the rest; several values is an error.
 */
static void test_extra_param(void **state)
{
	static const char old[] =
		"# schema: 1\nstrategy,threads,rep,ns_per_pte,fork_ns_per_pte,exit_ns_per_pte,forks_per_s\n"
		"none,1,0,10,5,5,1\nnone,1,1,11,5,6,1\n";
	static const char new[] =
		"# schema: 1\nstrategy,reclaim,threads,rep,ns_per_pte,fork_ns_per_pte,exit_ns_per_pte,forks_per_s\n"
		"none,0,1,0,10,5,5,1\nnone,0,1,1,11,5,6,1\n";
	static const char varies[] =
		"# schema: 1\nstrategy,reclaim,threads,rep,ns_per_pte,fork_ns_per_pte,exit_ns_per_pte,forks_per_s\n"
		"none,0,1,0,10,5,5,1\nnone,1,1,1,11,5,6,1\n";
	char *a = tmp_file(old), *b = tmp_file(new), *v = tmp_file(varies);
	char msg[512], want[512];
	struct compare c;

	(void)state;
	must_build(&c, a, b, NULL, NULL, NULL);
	assert_int_equal(c.nr_keys, 2);
	assert_int_equal(c.nr_extras, 1);
	assert_int_equal(c.extra[0].side, 1);
	assert_string_equal(c.extra[0].col, "reclaim");
	assert_string_equal(c.extra[0].value, "0");
	assert_int_equal(c.nr_grps, 1);
	assert_int_equal(c.tab[0].res[0].verdict, CMP_SAME);
	compare_free(&c);
	assert_int_equal(build(&c, a, v, NULL, NULL, NULL, msg, sizeof(msg)),
			 EXIT_USAGE);
	snprintf(
		want, sizeof(want),
		"%s:2: parameter column 'reclaim' is missing from %s and varies here; pair on the common columns with --group-by",
		v, a);
	assert_string_equal(msg, want);
	/* --group-by sidesteps it. */
	must_build(&c, a, v, NULL, "strategy,threads", NULL);
	assert_int_equal(c.nr_grps, 1);
	compare_free(&c);
	drop_file(a);
	drop_file(b);
	drop_file(v);
}

static void test_meta_diffs(void **state)
{
	static const struct point pt[] = { { "none", 1, 10 } };
	char *a = make_file("# cpu: A\n# kernel: K\n# mem: local\n# host: x\n",
			    pt, 1, 5);
	char *b = make_file("# cpu: B\n# kernel: K\n# host: y\n# topology: T\n",
			    pt, 1, 5);
	struct compare c;

	(void)state;
	must_build(&c, a, b, NULL, NULL, NULL);
	/* host and git differ between any two runs: not a warning. */
	assert_int_equal(c.nr_diffs, 3);
	assert_string_equal(c.diff[0].key, "cpu");
	assert_string_equal(c.diff[0].val[0], "A");
	assert_string_equal(c.diff[0].val[1], "B");
	assert_string_equal(c.diff[1].key, "mem");
	assert_null(c.diff[1].val[1]);
	assert_string_equal(c.diff[2].key, "topology");
	assert_null(c.diff[2].val[0]);
	compare_free(&c);
	drop_file(a);
	drop_file(b);
}

/* --- output ---------------------------------------------------------------- */

static char *capture_as(const struct compare *c, enum compare_format fmt)
{
	FILE *f = tmpfile();
	char *text;
	long n;

	assert_non_null(f);
	assert_int_equal(fmt == COMPARE_CSV  ? compare_write_csv(c, f) :
			 fmt == COMPARE_PLOT ? compare_write_plot(c, f) :
					       compare_write_text(c, f),
			 0);
	n = ftell(f);
	rewind(f);
	text = calloc(n + 1, 1);
	assert_int_equal(fread(text, 1, n, f), n);
	fclose(f);
	return text;
}

/*
 * c's output in fmt as the golden file name, the temporary files' names
 * (in its "old:" and "new:" lines and titles) made old.csv and new.csv.
 */
static void assert_golden_as(const struct compare *c, enum compare_format fmt,
			     const char *a, const char *b, const char *name)
{
	char *text = capture_as(c, fmt);
	char *t1 = text_replace(text, a, "old.csv");
	char *t2 = text_replace(t1, b, "new.csv");

	assert_golden(t2, name);
	free(t2);
	free(t1);
	free(text);
}

static void test_text_same_file(void **state)
{
	static const struct point pt[] = {
		{ "none", 1, 10 },
		{ "hashed", 1, 30 },
		{ "hashed", 2, 40 },
	};
	char *a = make_file("", pt, ARRAY_SIZE(pt), 5);
	struct compare c;

	(void)state;
	must_build(&c, a, a, NULL, NULL, NULL);
	/* every row ~, the geomean +0.00%, no warning */
	assert_golden_as(&c, COMPARE_TEXT, a, a, "compare-same-file.txt");
	compare_free(&c);
	drop_file(a);
}

/* The 20% slower point through the whole path, and read back as CSV. */
static void test_csv_output(void **state)
{
	static const struct point old[] = { { "none", 1, 10 },
					    { "hashed", 1, 30 } };
	static const struct point new[] = { { "none", 1, 10 },
					    { "hashed", 1, 36 } };
	char *a = make_file("# cpu: A\n", old, 2, 5);
	char *b = make_file("# cpu: B\n", new, 2, 5), *text, msg[512];
	struct compare c;
	struct csv out;
	FILE *f;

	(void)state;
	must_build(&c, a, b, NULL, NULL, NULL);
	text = capture_as(&c, COMPARE_CSV);
	f = fmemopen(text, strlen(text), "r");
	if (csv_parse(f, "out", &out, msg, sizeof(msg)))
		fail_msg("compare's CSV does not read back: %s", msg);
	fclose(f);
	assert_string_equal(csv_meta_get(&out, "setup_differs"),
			    "cpu: old 'A', new 'B'");
	assert_int_equal(out.nr_rows, 3);
	assert_string_equal(out.col[0], "label");
	assert_string_equal(out.col[out.nr_cols - 2], "strategy");
	assert_int_equal(csv_column(&out, "change_lo_pct"), 4);
	assert_string_equal(out.row[0].field[0], "none");
	assert_string_equal(out.row[0].field[2], "no_change");
	assert_string_equal(out.row[1].field[0], "hashed");
	assert_string_equal(out.row[1].field[2], "changed");
	assert_string_equal(out.row[1].field[3], "20.0000");
	assert_string_equal(out.row[1].field[csv_column(&out, "p")],
			    "0.00793651");
	assert_string_equal(out.row[1].field[csv_column(&out, "old_n")], "5");
	assert_string_equal(out.row[2].field[0], "geomean");
	assert_string_equal(out.row[2].field[2], "geomean");
	/* sqrt(1.2) */
	assert_string_equal(out.row[2].field[3], "9.5445");
	for (size_t i = 0; i < out.nr_rows; i++)
		assert_int_equal(csv_column(&out, "label"), 0);
	csv_free(&out);
	free(text);
	/* the setup warning; hashed +20.00% (p=0.008 n=5+5) */
	assert_golden_as(&c, COMPARE_TEXT, a, b, "compare-slower.txt");
	compare_free(&c);
	drop_file(a);
	drop_file(b);
}

/* The table compare.gp draws: counts, then a row per paired point. */
static void test_plot_output(void **state)
{
	static const struct point old[] = { { "none", 1, 10 },
					    { "hashed", 1, 30 },
					    { "padded", 1, 30 } };
	static const struct point new[] = { { "none", 1, 10 },
					    { "hashed", 1, 36 } };
	char *a = make_file("", old, 3, 5);
	char *b = make_file("", new, 2, 5);
	struct compare c;

	(void)state;
	must_build(&c, a, b, NULL, NULL, NULL);
	/*
	 * padded's point only in old is counted, not drawn; the geomean is
	 * sqrt(1.2); none same, hashed up 20% at p = 0.00793651.
	 */
	assert_golden_as(&c, COMPARE_PLOT, a, b, "compare-plot.dat");
	compare_free(&c);
	drop_file(a);
	drop_file(b);
}

static void test_text_too_few(void **state)
{
	static const struct point old[] = { { "none", 1, 10 } };
	static const struct point new[] = { { "none", 1, 20 } };
	char *a = make_file("", old, 1, 3), *b = make_file("", new, 1, 3);
	struct compare c;

	(void)state;
	must_build(&c, a, b, NULL, NULL, NULL);
	assert_int_equal(c.tab[0].res[0].verdict, CMP_TOO_FEW);
	/* "too few samples: p >= 0.100", and a note that it needs 4 per side */
	assert_golden_as(&c, COMPARE_TEXT, a, b, "compare-too-few.txt");
	compare_free(&c);
	drop_file(a);
	drop_file(b);
}

/* --- errors ------------------------------------------------------------- */

static int parse(const char *const *args, size_t nr, struct compare_opts *o,
		 char *msg, size_t len)
{
	char *argv[16] = { "rmapbench", "compare" };

	for (size_t i = 0; i < nr; i++)
		argv[2 + i] = (char *)args[i];
	return compare_parse_args(2 + (int)nr, argv, o, msg, len);
}

#define PARSE(o, msg, ...)                                                \
	parse((const char *const[]){ __VA_ARGS__ },                       \
	      ARRAY_SIZE(((const char *const[]){ __VA_ARGS__ })), o, msg, \
	      sizeof(msg))

static void expect_parse_error(int ret, const char *msg, const char *want)
{
	assert_int_equal(ret, EXIT_USAGE);
	assert_string_equal(msg, want);
}

static void test_args(void **state)
{
	struct compare_opts o;
	char msg[512];

	(void)state;
	assert_int_equal(PARSE(&o, msg, "a", "b"), 0);
	assert_string_equal(o.path[0], "a");
	assert_string_equal(o.path[1], "b");
	assert_string_equal(o.metric, "ns_per_pte");
	assert_true(o.alpha == 0.05 && o.format == COMPARE_TEXT);
	assert_null(o.group_by);
	assert_null(o.filter);
	assert_int_equal(PARSE(&o, msg, "--format", "csv", "a", "--alpha=0.01",
			       "b", "--metric", "forks_per_s",
			       "--group-by=strategy", "--filter", "threads=2"),
			 0);
	assert_true(o.format == COMPARE_CSV && o.alpha == 0.01);
	assert_string_equal(o.metric, "forks_per_s");
	assert_string_equal(o.group_by, "strategy");
	assert_string_equal(o.filter, "threads=2");
	assert_int_equal(PARSE(&o, msg, "a", "--help"), 1);
	expect_parse_error(
		PARSE(&o, msg, "a", "b", "--metrics", "x"), msg,
		"unknown option --metrics; see 'rmapbench compare --help'; did you mean '--metric'?");
	expect_parse_error(PARSE(&o, msg, "a", "b", "-x"), msg,
			   "unknown option -x; see 'rmapbench compare --help'");
	expect_parse_error(
		PARSE(&o, msg, "a"), msg,
		"compare needs two raw CSV files, OLD and NEW; see 'rmapbench compare --help'");
	expect_parse_error(PARSE(&o, msg, "a", "b", "c"), msg,
			   "compare takes two raw CSV files, got a third: 'c'");
	expect_parse_error(
		PARSE(&o, msg, "a", "b", "--alpha"), msg,
		"option --alpha needs a value; see 'rmapbench compare --help'");
	expect_parse_error(
		PARSE(&o, msg, "a", "b", "--filter="), msg,
		"option --filter needs a value; see 'rmapbench compare --help'");
	expect_parse_error(
		PARSE(&o, msg, "a", "b", "--alpha", "1"), msg,
		"--alpha '1': expected a number between 0 and 1, such as 0.05");
	expect_parse_error(
		PARSE(&o, msg, "a", "b", "--alpha", "nan"), msg,
		"--alpha 'nan': expected a number between 0 and 1, such as 0.05");
	expect_parse_error(
		PARSE(&o, msg, "a", "b", "--format", "yaml"), msg,
		"--format 'yaml': expected text, csv, markdown, json or plot");
	assert_int_equal(PARSE(&o, msg, "a", "b", "--format", "json"), 0);
	assert_int_equal(o.format, COMPARE_JSON);
}

/* Option lists are checked before any file is read. */
static void expect_list_error(const char *metric, const char *group_by,
			      const char *filter, const char *want)
{
	struct compare c;
	char msg[512];

	assert_int_equal(build(&c, "/nonexistent/a", "/nonexistent/b", metric,
			       group_by, filter, msg, sizeof(msg)),
			 EXIT_USAGE);
	assert_string_equal(msg, want);
}

static void test_list_errors(void **state)
{
	(void)state;
	expect_list_error(
		"ns_per_pte,", NULL, NULL,
		"--metric 'ns_per_pte,': empty column name in the comma list");
	expect_list_error(
		NULL, "threads,threads", NULL,
		"--group-by 'threads,threads': 'threads' is listed twice");
	expect_list_error(
		NULL, NULL, "strategy",
		"--filter 'strategy': term 'strategy' has no = or !=");
	expect_list_error(
		NULL, NULL, "threads=1,",
		"--filter 'threads=1,': empty term; terms are COL=V or COL!=V joined by commas");
	expect_list_error(
		NULL, NULL, "!=1",
		"--filter '!=1': a term has no column name before its operator");
	expect_list_error(
		NULL, NULL, "threads=1|",
		"--filter 'threads=1|': term on 'threads' has an empty value");
	expect_list_error(
		NULL, NULL, "threads==1",
		"--filter 'threads==1': term 'threads==1' has more than one operator");
	expect_list_error(
		NULL, NULL, NULL,
		"/nonexistent/a: cannot open: No such file or directory");
}

/*
 * The message must be exactly "<file><want>", whether the bad file is
 * old or new; with alone, it is both (for what is wrong with the good
 * file's header too).
 */
static void expect_error(const char *text, bool alone, const char *metric,
			 const char *group_by, const char *filter,
			 const char *want)
{
	static const struct point pt[] = { { "none", 1, 10 } };
	char *good = make_file("", pt, 1, 5), *bad = tmp_file(text);
	char msg[512], full[512];
	struct compare c;

	if (alone) {
		drop_file(good);
		good = strdup(bad);
	}
	snprintf(full, sizeof(full), "%s%s", bad, want);
	for (int side = 0; side < 2; side++) {
		assert_int_equal(build(&c, side ? good : bad, side ? bad : good,
				       metric, group_by, filter, msg,
				       sizeof(msg)),
				 EXIT_USAGE);
		if (strcmp(msg, full))
			fail_msg("message '%s', expected '%s'", msg, full);
	}
	if (!alone)
		unlink(good);
	free(good);
	drop_file(bad);
}

static void expect_file_error(const char *text, const char *metric,
			      const char *group_by, const char *filter,
			      const char *want)
{
	expect_error(text, false, metric, group_by, filter, want);
}

#define NO_THREADS \
	"strategy,rep,cpus,status,ns_per_pte,fork_ns_per_pte,exit_ns_per_pte,forks_per_s,lock_retries\n"

static void test_file_errors(void **state)
{
	(void)state;
	/* Line 7: the fifth data row. */
	expect_file_error("# schema: 1\n" HEADER "none,1,0,0,ok,10,5,5,100,\n"
			  "none,1,1,0,ok,10,5,5,100,\n"
			  "none,1,2,0,timeout,,,,,\n"
			  "none,1,3,0,ok,10,5,5,100,\n"
			  "none,1,4,0,ok,1O,5,5,100,\n",
			  NULL, NULL, NULL,
			  ":7: column ns_per_pte: '1O' is not a number");
	/* Also outside the filter: the file is bad, not the point. */
	expect_file_error("# schema: 1\n" HEADER "hashed,1,0,0,ok,,5,5,100,\n",
			  NULL, NULL, "strategy=none",
			  ":3: column ns_per_pte: empty, expected a number");
	expect_file_error("# schema: 1\n" HEADER
			  "none,1,0,0,ok,10,5,5,1e999,\n",
			  "forks_per_s", NULL, NULL,
			  ":3: column forks_per_s: '1e999' is not a number");
	expect_file_error(
		"# schema: 2\n" HEADER, NULL, NULL, NULL,
		":1: schema '2' is not supported: this rmapbench reads schema 1");
	expect_file_error("strategy,rep\n", NULL, NULL, NULL,
			  ": no '# schema:' line: not an rmapbench CSV file");
	expect_file_error(
		"# schema: 1\n" HEADER "none,1,0\n", NULL, NULL, NULL,
		":3: 3 fields, but the header (line 2) has 10 columns");
	expect_file_error(
		"# schema: 1\n# summary_of: x\nstrategy,threads,n\n", NULL,
		NULL, NULL,
		":3: no column 'rep' in the header: not a raw rmapbench CSV (this is a summary; compare reads raw files)");
	expect_file_error(
		"# schema: 1\nstrategy,threads,rep,status,fork_ns_per_pte\n",
		NULL, NULL, NULL,
		":2: no column 'ns_per_pte' (--metric) in the header");
	expect_file_error(
		"# schema: 1\nstrategy,threads,rep,status,ns_per_pte,fork_ns_per_pte,exit_ns_per_pte,forks_per_s\n",
		"ns_per_pte,lock_retries", NULL, NULL,
		":2: no column 'lock_retries' (--metric) in the header");
	expect_error(
		"# schema: 1\n" HEADER, true, "threads", NULL, NULL,
		":2: --metric: 'threads' is a parameter column (at or before 'rep'), not a measurement");
	expect_error(
		"# schema: 1\n" HEADER, true, "status", NULL, NULL,
		":2: --metric: 'status' describes the row, it is not a measurement");
	expect_error("# schema: 1\n" HEADER, true, NULL, "strategy,loops", NULL,
		     ":2: --group-by: no column 'loops' in the header");
	expect_file_error("# schema: 1\n" NO_THREADS, NULL, "strategy,threads",
			  NULL,
			  ":2: --group-by: no column 'threads' in the header");
	/* threads is one value in the good file: pairing is on strategy. */
	expect_file_error("# schema: 1\n" NO_THREADS "none,0,0,ok,1,1,1,1,\n",
			  NULL, NULL, "threads=1",
			  ":2: --filter: no column 'threads' in the header");
	expect_file_error("# schema: 1\n" HEADER, NULL, NULL, NULL,
			  ": no data rows after the header");
	expect_file_error("# schema: 1\n" HEADER "none,1,0,0,timeout,,,,,\n",
			  NULL, NULL, NULL,
			  ": no row has status 'ok': nothing to compare");
}

static void test_filter_matches_nothing(void **state)
{
	static const struct point pt[] = { { "none", 1, 10 } };
	char *a = make_file("", pt, 1, 5), msg[512];
	struct compare c;

	(void)state;
	assert_int_equal(
		build(&c, a, a, NULL, NULL, "strategy=nnoe", msg, sizeof(msg)),
		EXIT_USAGE);
	assert_string_equal(
		msg,
		"--filter 'strategy=nnoe' matches no row with status 'ok' in either file");
	drop_file(a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_judge_separated),
		cmocka_unit_test(test_judge_twenty_percent),
		cmocka_unit_test(test_judge_same),
		cmocka_unit_test(test_judge_identical),
		cmocka_unit_test(test_judge_too_few),
		cmocka_unit_test(test_judge_one_side),
		cmocka_unit_test(test_judge_zero_base),
		cmocka_unit_test(test_pairing),
		cmocka_unit_test(test_status_and_empty),
		cmocka_unit_test(test_filter),
		cmocka_unit_test(test_group_by),
		cmocka_unit_test(test_extra_param),
		cmocka_unit_test(test_meta_diffs),
		cmocka_unit_test(test_text_same_file),
		cmocka_unit_test(test_csv_output),
		cmocka_unit_test(test_plot_output),
		cmocka_unit_test(test_text_too_few),
		cmocka_unit_test(test_args),
		cmocka_unit_test(test_list_errors),
		cmocka_unit_test(test_file_errors),
		cmocka_unit_test(test_filter_matches_nothing),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
