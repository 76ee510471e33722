// SPDX-License-Identifier: GPL-2.0
// make: also under ThreadSanitizer (a parser of untrusted files)
/*
 * The strict CSV reader (src/lib/csv.c) and `rmapbench summarize` on small
 * handmade files: every error message is checked word for word, since
 * "FILE:LINE: what" is the whole user interface of a bad file.
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
#include <cmocka.h>
#include "rmaptest.h"
#include "lib/csv.h"
#include "analysis/summarize.h"
#include "lib/util.h"

/* Writes n bytes to a new temporary file and returns its name. */
static char *tmp_file_n(const char *text, size_t n)
{
	char name[] = "/tmp/test_csv.XXXXXX";
	int fd = mkstemp(name);

	assert_true(fd >= 0);
	assert_int_equal(write(fd, text, n), n);
	close(fd);
	return strdup(name);
}

static char *tmp_file(const char *text)
{
	return tmp_file_n(text, strlen(text));
}

static void drop_file(char *name)
{
	unlink(name);
	free(name);
}

/* The message must be exactly "<file><want>". */
static void assert_msg(const char *msg, const char *file, const char *want)
{
	char full[512];

	snprintf(full, sizeof(full), "%s%s", file, want);
	if (strcmp(msg, full))
		fail_msg("message '%s', expected '%s'", msg, full);
}

static void expect_read_error_n(const char *text, size_t n, const char *want)
{
	char *name = tmp_file_n(text, n), msg[512];
	struct csv csv;

	if (!csv_read(name, &csv, msg, sizeof(msg)))
		fail_msg("read '%s' without error; expected '%s'", text, want);
	assert_msg(msg, name, want);
	drop_file(name);
}

static void expect_read_error(const char *text, const char *want)
{
	expect_read_error_n(text, strlen(text), want);
}

static const char good[] = "# rmapbench: 0.1.0\n"
			   "# schema: 1\n"
			   "# cacheline: 64 (model: 64)\n"
			   "# empty:\n"
			   "strategy,rep,ns_per_pte\n"
			   "none,0,1.5\n"
			   "global,1,-2e1\n";

static void check_good(const struct csv *csv)
{
	double v;
	char msg[256];

	assert_int_equal(csv->nr_meta, 4);
	assert_string_equal(csv_meta_get(csv, "rmapbench"), "0.1.0");
	assert_string_equal(csv_meta_get(csv, "cacheline"), "64 (model: 64)");
	assert_string_equal(csv_meta_get(csv, "empty"), "");
	assert_null(csv_meta_get(csv, "host"));
	assert_int_equal(csv->nr_cols, 3);
	assert_int_equal(csv->header_line, 5);
	assert_int_equal(csv_column(csv, "ns_per_pte"), 2);
	assert_int_equal(csv_column(csv, "nope"), -1);
	assert_int_equal(csv->nr_rows, 2);
	assert_int_equal(csv->row[1].line, 7);
	assert_string_equal(csv->row[1].field[0], "global");
	assert_int_equal(
		csv_number_by_name(csv, 1, "ns_per_pte", &v, msg, sizeof(msg)),
		0);
	assert_true(v == -20);
}

static void test_read_good(void **state)
{
	char *name = tmp_file(good), msg[256];
	struct csv csv;

	(void)state;
	assert_int_equal(csv_read(name, &csv, msg, sizeof(msg)), 0);
	assert_string_equal(csv.path, name);
	check_good(&csv);
	csv_free(&csv);
	drop_file(name);
}

/* CRLF and a BOM, as a spreadsheet saves the file: accepted, dropped. */
static void test_read_crlf_bom(void **state)
{
	char text[512] = "\xef\xbb\xbf", msg[256];
	size_t n = 3;
	struct csv csv;
	char *name;

	(void)state;
	for (const char *p = good; *p; p++) {
		if (*p == '\n')
			text[n++] = '\r';
		text[n++] = *p;
	}
	name = tmp_file_n(text, n);
	assert_int_equal(csv_read(name, &csv, msg, sizeof(msg)), 0);
	assert_string_equal(csv.meta[0].key, "rmapbench");
	check_good(&csv);
	csv_free(&csv);
	drop_file(name);
}

/* No line buffer to outgrow: a 300000-byte field and header come whole. */
static void test_read_long_lines(void **state)
{
	size_t big = 300000, n = 0;
	char *text = malloc(2 * big + 100), *name, msg[256];
	struct csv csv;

	(void)state;
	n += sprintf(text, "# schema: 1\nx,");
	memset(text + n, 'c', big);
	n += big;
	n += sprintf(text + n, "\n1,");
	memset(text + n, 'v', big);
	n += big;
	text[n++] = '\n';
	name = tmp_file_n(text, n);
	assert_int_equal(csv_read(name, &csv, msg, sizeof(msg)), 0);
	assert_int_equal(strlen(csv.col[1]), big);
	assert_int_equal(strlen(csv.row[0].field[1]), big);
	csv_free(&csv);
	drop_file(name);
	free(text);
}

/*
 * The duplicate check is linear: comparing every pair is quadratic in the
 * columns, which a hostile header has many of.  Counted in string
 * comparisons, not in seconds: 10^6 distinct names, then one repeat at
 * the very end.
 */
static void test_duplicate_linear(void **state)
{
	/* Sanitized builds check a tenth: the count says the same. */
	size_t n = TEST_SANITIZED ? 100000 : 1000000, first = 0, dup = 0;
	char **name = malloc((n + 1) * sizeof(*name));
	char *buf = malloc((n + 1) * 12);
	unsigned long compares = 0;

	(void)state;
	assert_non_null(name);
	assert_non_null(buf);
	for (size_t i = 0; i < n; i++) {
		name[i] = buf + 12 * i;
		snprintf(name[i], 12, "c%zu", i);
	}
	assert_int_equal(csv_find_duplicate(name, n, &first, &dup, &compares),
			 0);
	assert_true(compares < 4 * n);
	name[n] = name[n / 2];
	compares = 0;
	assert_int_equal(
		csv_find_duplicate(name, n + 1, &first, &dup, &compares), 1);
	assert_int_equal(first, n / 2);
	assert_int_equal(dup, n);
	assert_true(compares < 4 * n);
	free(buf);
	free(name);
}

/* The reader on a header of 10^5 columns, one repeated: the same verdict. */
static void test_wide_header(void **state)
{
	size_t n = 100000, len = 0;
	char *text = malloc(n * 10 + 64);

	(void)state;
	assert_non_null(text);
	len += sprintf(text, "# schema: 1\n");
	for (size_t i = 0; i < n; i++)
		len += sprintf(text + len, "c%zu,", i);
	sprintf(text + len, "c7\n");
	expect_read_error(
		text,
		":2: header: column 'c7' appears twice (columns 8 and 100001)");
	free(text);
}

static void test_read_errors(void **state)
{
	(void)state;
	expect_read_error("", ": empty file");
	expect_read_error("# schema: 1\n",
			  ": no header row after the 1 metadata lines");
	expect_read_error(
		"# schema: 1\na,b\n1,2\n1,2,3\n",
		":4: 3 fields, but the header (line 2) has 2 columns");
	expect_read_error(
		"# schema: 1\na,b\n1\n",
		":3: 1 fields, but the header (line 2) has 2 columns");
	expect_read_error(
		"# schema: 1\na,b,a\n",
		":2: header: column 'a' appears twice (columns 1 and 3)");
	expect_read_error("# schema: 1\na,,b\n",
			  ":2: header: column 2 has no name");
	expect_read_error(
		"# schema: 1\na,a,,b\n",
		":2: header: column 'a' appears twice (columns 1 and 2)");
	expect_read_error("# schema: 1\na,,a\n",
			  ":2: header: column 2 has no name");
	expect_read_error("# schema: 1\na\n\n1\n", ":3: empty line");
	expect_read_error("# schema: 1\na\n1\n# late: x\n",
			  ":4: '#' line after the header (line 2)");
	expect_read_error(
		"#schema: 1\na\n",
		":1: expected a '# key: value' metadata line, got '#schema: 1'");
	expect_read_error(
		"# schema:1\na\n",
		":1: expected a '# key: value' metadata line, got '# schema:1'");
	expect_read_error(
		"# a comment\na\n",
		":1: expected a '# key: value' metadata line, got '# a comment'");
	expect_read_error(
		"# schema: 1\na,b\n\"x\",2\n",
		":3: column 1: quoted fields are not supported: '\"x\"'");
	expect_read_error_n("# schema: 1\na\n1\0\n", 17,
			    ":3: contains a NUL byte: not a text file");
}

static void test_read_schema(void **state)
{
	(void)state;
	expect_read_error("a\n1\n",
			  ": no '# schema:' line: not an rmapbench CSV file");
	expect_read_error(
		"# rmapbench: 9.0\n# schema: 2\na\n1\n",
		":2: schema '2' is not supported: this rmapbench reads schema 1");
	expect_read_error(
		"# schema: 1.0\na\n1\n",
		":1: schema '1.0' is not supported: this rmapbench reads schema 1");
}

static void test_read_missing_file(void **state)
{
	char msg[256];
	struct csv csv;

	(void)state;
	assert_int_equal(
		csv_read("/nonexistent/raw.csv", &csv, msg, sizeof(msg)), -1);
	assert_string_equal(
		msg,
		"/nonexistent/raw.csv: cannot open: No such file or directory");
}

static void test_numbers(void **state)
{
	static const char *const ok[] = { "1", "-0.5", "1e3", "+2", "0", ".5" };
	static const double want[] = { 1, -0.5, 1000, 2, 0, 0.5 };
	static const char *const bad[] = { "",	    " 1",  "1 ",    "nan",
					   "NaN",   "inf", "-inf",  "0x10",
					   "1e400", "abc", "1.2.3", "-",
					   "1,5" };
	double v;

	(void)state;
	for (size_t i = 0; i < sizeof(ok) / sizeof(ok[0]); i++) {
		assert_int_equal(csv_parse_number(ok[i], &v), 0);
		assert_true(v == want[i]);
	}
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		if (!csv_parse_number(bad[i], &v))
			fail_msg("'%s' parsed as %g", bad[i], v);
}

/* The error for a bad number names line 7, where it is. */
static const char bad_line7[] =
	"# rmapbench: 0.1.0\n"
	"# schema: 1\n"
	"strategy,rep,ns_per_pte,fork_ns_per_pte,exit_ns_per_pte,forks_per_s\n"
	"none,0,1.5,1,1,10\n"
	"none,1,2,1,1,10\n"
	"none,2,2.5,1,1,10\n"
	"none,3,abc,1,1,10\n";

static void test_number_messages(void **state)
{
	char *name = tmp_file(bad_line7), msg[256];
	struct csv csv;
	double v;

	(void)state;
	assert_int_equal(csv_read(name, &csv, msg, sizeof(msg)), 0);
	assert_int_equal(
		csv_number_by_name(&csv, 3, "ns_per_pte", &v, msg, sizeof(msg)),
		-1);
	assert_msg(msg, name, ":7: column ns_per_pte: 'abc' is not a number");
	assert_int_equal(csv_number(&csv, 2, 2, &v, msg, sizeof(msg)), 0);
	assert_true(v == 2.5);
	assert_int_equal(
		csv_number_by_name(&csv, 0, "wall_s", &v, msg, sizeof(msg)),
		-1);
	assert_msg(msg, name, ":3: no column 'wall_s' in the header");
	csv_free(&csv);
	drop_file(name);
}

/*
 * Three points, interleaved, `none` after the point that needs it:
 *	global/1: ns 22 20 30 25 -> median 23.5, overhead 100 (23.5/11 - 1)
 *	none/1:   ns 10 12 11    -> median 11, overhead 0
 *	global/2: ns 40 44       -> median 42, no none/2: no overhead
 * cpus describes the row (left out); lock_waits is unmeasured for none.
 */
static const char raw[] =
	"# rmapbench: 0.1.0\n"
	"# schema: 1\n"
	"# command: rmapbench run --strategy global,none --threads 1,2\n"
	"strategy,threads,alloc,rep,forks,ns_per_pte,fork_ns_per_pte,exit_ns_per_pte,forks_per_s,cpus,lock_waits\n"
	"global,1,percpu,0,100,22,11,11,1000,0-1,5\n"
	"none,1,percpu,0,200,10,5,5,2000,0-1,\n"
	"global,2,percpu,0,50,40,20,20,500,0-1,7\n"
	"global,1,percpu,1,100,20,10,10,1100,0-1,3\n"
	"none,1,percpu,1,200,12,6,6,1900,0-1,\n"
	"global,1,percpu,2,100,30,15,15,900,0-1,9\n"
	"none,1,percpu,2,200,11,5.5,5.5,2100,0-1,\n"
	"global,1,percpu,3,100,25,12.5,12.5,950,0-1,4\n"
	"global,2,percpu,1,50,44,22,22,480,0-1,8\n";

/* Summarizes text and reads the summary back with the same reader. */
static void summarize_text(const char *text, struct csv *out, char **name)
{
	struct summary s;
	char msg[512];
	FILE *f = tmpfile();

	*name = tmp_file(text);
	assert_int_equal(summary_build(*name, &s, msg, sizeof(msg)), 0);
	assert_int_equal(summary_write(&s, f), 0);
	summary_free(&s);
	rewind(f);
	if (csv_parse(f, "summary", out, msg, sizeof(msg)))
		fail_msg("summary does not read back: %s", msg);
	fclose(f);
}

static double num(const struct csv *csv, size_t row, const char *col)
{
	char msg[256];
	double v;

	if (csv_number_by_name(csv, row, col, &v, msg, sizeof(msg)))
		fail_msg("%s", msg);
	return v;
}

static const char *text_of(const struct csv *csv, size_t row, const char *col)
{
	int c = csv_column(csv, col);

	assert_true(c >= 0);
	return csv->row[row].field[c];
}

static void test_summarize(void **state)
{
	static const char header[] =
		"strategy,threads,alloc,n,"
		"ns_per_pte_median,ns_per_pte_ci_lo,ns_per_pte_ci_hi,ns_per_pte_min,ns_per_pte_max,"
		"fork_ns_per_pte_median,fork_ns_per_pte_ci_lo,fork_ns_per_pte_ci_hi,fork_ns_per_pte_min,fork_ns_per_pte_max,"
		"exit_ns_per_pte_median,exit_ns_per_pte_ci_lo,exit_ns_per_pte_ci_hi,exit_ns_per_pte_min,exit_ns_per_pte_max,"
		"forks_per_s_median,forks_per_s_ci_lo,forks_per_s_ci_hi,forks_per_s_min,forks_per_s_max,"
		"overhead_pct,rmap_ns_per_pte,rmap_pct_of_real,"
		"usl_sigma,usl_kappa,usl_nstar,usl_r2,usl_shape,forks_median,lock_waits_median";
	char cols[1024] = "", *name;
	struct csv sum;

	(void)state;
	summarize_text(raw, &sum, &name);
	for (size_t i = 0; i < sum.nr_cols; i++)
		snprintf(cols + strlen(cols), sizeof(cols) - strlen(cols),
			 "%s%s", i ? "," : "", sum.col[i]);
	assert_string_equal(cols, header);
	assert_string_equal(csv_meta_get(&sum, "summary_of"), name);
	assert_string_equal(
		csv_meta_get(&sum, "command"),
		"rmapbench run --strategy global,none --threads 1,2");
	assert_string_equal(sum.meta[0].key, "rmapbench");

	/* First-appearance order. */
	assert_int_equal(sum.nr_rows, 3);
	assert_string_equal(text_of(&sum, 0, "strategy"), "global");
	assert_string_equal(text_of(&sum, 1, "strategy"), "none");
	assert_string_equal(text_of(&sum, 2, "threads"), "2");
	assert_string_equal(text_of(&sum, 0, "alloc"), "percpu");

	/* global/1: four reps, so the interval is min..max. */
	assert_true(num(&sum, 0, "n") == 4);
	assert_true(num(&sum, 0, "ns_per_pte_median") == 23.5);
	assert_true(num(&sum, 0, "ns_per_pte_ci_lo") == 20);
	assert_true(num(&sum, 0, "ns_per_pte_ci_hi") == 30);
	assert_true(num(&sum, 0, "ns_per_pte_min") == 20);
	assert_true(num(&sum, 0, "ns_per_pte_max") == 30);
	assert_true(num(&sum, 0, "fork_ns_per_pte_median") == 11.75);
	assert_true(num(&sum, 0, "forks_per_s_median") == 975);
	assert_true(num(&sum, 0, "lock_waits_median") == 4.5);
	assert_true(num(&sum, 0, "forks_median") == 100);
	/* 100 * (23.5 / 11 - 1) = 113.6363... */
	assert_string_equal(text_of(&sum, 0, "overhead_pct"), "113.636");
	/* 23.5 - 11; no --calibration, so no share of the real cost */
	assert_string_equal(text_of(&sum, 0, "rmap_ns_per_pte"), "12.500");
	assert_string_equal(text_of(&sum, 0, "rmap_pct_of_real"), "");

	assert_true(num(&sum, 1, "n") == 3);
	assert_true(num(&sum, 1, "ns_per_pte_median") == 11);
	assert_true(num(&sum, 1, "exit_ns_per_pte_median") == 5.5);
	assert_string_equal(text_of(&sum, 1, "overhead_pct"), "0.000");
	assert_string_equal(text_of(&sum, 1, "lock_waits_median"), "");

	assert_true(num(&sum, 2, "ns_per_pte_median") == 42);
	assert_string_equal(text_of(&sum, 2, "overhead_pct"), "");
	assert_true(num(&sum, 2, "lock_waits_median") == 7.5);
	csv_free(&sum);
	drop_file(name);
}

/*
 * With a calibration, rmap cost per pte as a share of the real per-page
 * fork+exit cost: global/1 is 12.5 ns above none, against 50 ns a page.
 */
static void test_summarize_calibration(void **state)
{
	static const char cal[] =
		"# schema: 1\n# fit_anon_per_page_ns: 50.000\n"
		"kind,pages,tries,median_ns\nanon,0,5,1000\n";
	static const char nofit[] = "# schema: 1\nkind,pages\nanon,0\n";
	char *raw_name = tmp_file(raw), *cal_name = tmp_file(cal);
	char *bad_name = tmp_file(nofit), msg[512];
	struct summary s;
	FILE *f = tmpfile();
	struct csv sum;

	(void)state;
	assert_int_equal(summary_build(raw_name, &s, msg, sizeof(msg)), 0);
	assert_int_equal(summary_calibrate(&s, bad_name, msg, sizeof(msg)),
			 EXIT_USAGE);
	assert_non_null(strstr(msg, "fit_anon_per_page_ns"));
	assert_int_equal(summary_calibrate(&s, cal_name, msg, sizeof(msg)), 0);
	assert_int_equal(summary_write(&s, f), 0);
	summary_free(&s);
	rewind(f);
	assert_int_equal(csv_parse(f, "summary", &sum, msg, sizeof(msg)), 0);
	assert_string_equal(csv_meta_get(&sum, "real_fork_exit_ns_per_page"),
			    "50.000");
	assert_string_equal(text_of(&sum, 0, "rmap_pct_of_real"), "25.00");
	assert_string_equal(text_of(&sum, 1, "rmap_pct_of_real"), "0.00");
	assert_string_equal(text_of(&sum, 2, "rmap_pct_of_real"), "");
	csv_free(&sum);
	fclose(f);
	drop_file(raw_name);
	drop_file(cal_name);
	drop_file(bad_name);
}

static void test_summarize_no_none(void **state)
{
	static const char text[] =
		"# schema: 1\n"
		"strategy,threads,rep,ns_per_pte,fork_ns_per_pte,exit_ns_per_pte,forks_per_s\n"
		"hashed,1,0,3,1,2,10\n"
		"padded,1,0,4,2,2,10\n"
		"hashed,1,1,5,2,3,10\n";
	struct csv sum;
	char *name;

	(void)state;
	summarize_text(text, &sum, &name);
	assert_int_equal(sum.nr_rows, 2);
	assert_true(num(&sum, 0, "ns_per_pte_median") == 4);
	assert_string_equal(text_of(&sum, 0, "overhead_pct"), "");
	assert_string_equal(text_of(&sum, 1, "overhead_pct"), "");
	/* Nothing after the four metrics but the overhead and USL columns. */
	assert_string_equal(sum.col[sum.nr_cols - 8], "overhead_pct");
	assert_string_equal(sum.col[sum.nr_cols - 6], "rmap_pct_of_real");
	assert_string_equal(sum.col[sum.nr_cols - 1], "usl_shape");
	/* One thread count: no sweep to fit. */
	assert_string_equal(text_of(&sum, 0, "usl_sigma"), "");
	csv_free(&sum);
	drop_file(name);
}

/*
 * Each strategy's thread sweep gets its own USL fit, on every row of it:
 * hashed follows sigma 0.1, kappa 0.01 exactly (N* = sqrt(0.9 / 0.01) = 9.487);
 * padded scales linearly over three thread counts, too few to call it
 * USL-shaped, so its parameters are left out; global has no point at 1
 * thread.
 */
static void test_summarize_usl(void **state)
{
	static const char text[] =
		"# schema: 1\n"
		"strategy,threads,rep,ns_per_pte,fork_ns_per_pte,exit_ns_per_pte,forks_per_s\n"
		"hashed,1,0,3,1,2,1000\n"
		"hashed,2,0,3,1,2,1785.714286\n"
		"hashed,4,0,3,1,2,2816.901408\n"
		"hashed,8,0,3,1,2,3539.823009\n"
		"padded,1,0,3,1,2,10\n"
		"padded,2,0,3,1,2,20\n"
		"padded,4,0,3,1,2,40\n"
		"global,2,0,3,1,2,10\n"
		"global,4,0,3,1,2,10\n"
		"global,8,0,3,1,2,10\n";
	struct csv sum;
	char *name;

	(void)state;
	summarize_text(text, &sum, &name);
	for (size_t r = 0; r < 4; r++) {
		assert_true(fabs(num(&sum, r, "usl_sigma") - 0.1) < 1e-5);
		assert_true(fabs(num(&sum, r, "usl_kappa") - 0.01) < 1e-6);
		assert_string_equal(text_of(&sum, r, "usl_nstar"), "9.487");
		assert_string_equal(text_of(&sum, r, "usl_r2"), "1.0000");
		assert_string_equal(text_of(&sum, r, "usl_shape"),
				    "USL-shaped");
	}
	assert_string_equal(text_of(&sum, 4, "usl_sigma"), "");
	assert_string_equal(text_of(&sum, 4, "usl_nstar"), "");
	assert_string_equal(text_of(&sum, 4, "usl_shape"),
			    "not USL-shaped: 3 thread counts (4 needed)");
	assert_string_equal(text_of(&sum, 7, "usl_shape"), "");
	assert_string_equal(text_of(&sum, 7, "usl_sigma"), "");
	assert_string_equal(text_of(&sum, 7, "usl_r2"), "");
	csv_free(&sum);
	drop_file(name);
}

/*
 * Rows that timed out (status "timeout", metrics empty) are not samples:
 *	none/1:   ns 10 12 (one timeout) -> n 2, median 11
 *	hashed/1: ns 30 34               -> median 32, overhead 190.909
 *	hashed/2: ns 50 (one timeout)    -> n 1, none/2 measured nothing
 *	none/2:   only a timeout         -> n 0, every statistic empty
 * cycles_per_pte is empty throughout (perf refused) and still a column.
 */
static void test_summarize_status(void **state)
{
	static const char text[] =
		"# schema: 1\n"
		"strategy,threads,rep,cpus,status,ns_per_pte,fork_ns_per_pte,exit_ns_per_pte,forks_per_s,cycles_per_pte,lock_acq_per_pte\n"
		"none,1,0,0,ok,10,5,5,100,,0\n"
		"hashed,1,0,0,ok,30,15,15,50,,2\n"
		"none,1,1,0,timeout,,,,,,\n"
		"hashed,1,1,0,ok,34,17,17,45,,2\n"
		"none,1,2,0,ok,12,6,6,90,,0\n"
		"hashed,2,0,0;1,timeout,,,,,,\n"
		"hashed,2,1,0;1,ok,50,25,25,20,,3\n"
		"none,2,0,0;1,timeout,,,,,,\n";
	struct csv sum;
	char *name;

	(void)state;
	summarize_text(text, &sum, &name);
	assert_int_equal(sum.nr_cols, 3 + 20 + 3 + 5 + 2);
	assert_int_equal(csv_column(&sum, "cpus_median"), -1);
	assert_int_equal(csv_column(&sum, "status_median"), -1);
	assert_string_equal(sum.col[sum.nr_cols - 2], "cycles_per_pte_median");
	assert_string_equal(sum.col[sum.nr_cols - 1],
			    "lock_acq_per_pte_median");
	assert_int_equal(sum.nr_rows, 4);

	assert_true(num(&sum, 0, "n") == 2);
	assert_true(num(&sum, 0, "ns_per_pte_median") == 11);
	assert_true(num(&sum, 0, "forks_per_s_median") == 95);
	assert_string_equal(text_of(&sum, 0, "cycles_per_pte_median"), "");
	assert_true(num(&sum, 0, "lock_acq_per_pte_median") == 0);

	assert_true(num(&sum, 1, "ns_per_pte_median") == 32);
	assert_string_equal(text_of(&sum, 1, "overhead_pct"), "190.909");

	assert_true(num(&sum, 2, "n") == 1);
	assert_true(num(&sum, 2, "ns_per_pte_ci_lo") == 50);
	assert_string_equal(text_of(&sum, 2, "overhead_pct"), "");

	assert_string_equal(text_of(&sum, 3, "strategy"), "none");
	assert_true(num(&sum, 3, "n") == 0);
	for (size_t c = 4; c < sum.nr_cols; c++)
		if (*sum.row[3].field[c])
			fail_msg("column %s: '%s' for a point with n = 0",
				 sum.col[c], sum.row[3].field[c]);
	csv_free(&sum);
	drop_file(name);
}

static void expect_summary_error(const char *text, const char *want)
{
	char *name = tmp_file(text), msg[512];
	struct summary s;

	assert_int_equal(summary_build(name, &s, msg, sizeof(msg)), EXIT_USAGE);
	assert_msg(msg, name, want);
	drop_file(name);
}

static void test_summarize_errors(void **state)
{
	(void)state;
	expect_summary_error(bad_line7,
			     ":7: column ns_per_pte: 'abc' is not a number");
	expect_summary_error("# schema: 1\nstrategy,ns_per_pte\nnone,1\n",
			     ": missing required column 'rep'");
	expect_summary_error(
		"# schema: 1\nstrategy,rep,ns_per_pte,fork_ns_per_pte,exit_ns_per_pte\nnone,0,1,1,1\n",
		": missing required column 'forks_per_s' after 'rep'");
	expect_summary_error(
		"# schema: 1\nthreads,rep,ns_per_pte,fork_ns_per_pte,exit_ns_per_pte,forks_per_s\n1,0,1,1,1,1\n",
		": missing required column 'strategy' before 'rep'");
	expect_summary_error(
		"# schema: 1\nstrategy,rep,ns_per_pte,fork_ns_per_pte,exit_ns_per_pte,forks_per_s\n",
		": no data rows after the header");
	expect_summary_error(
		"# schema: 1\nstrategy,rep,ns_per_pte,fork_ns_per_pte,exit_ns_per_pte,forks_per_s\nnone,0,1,1,inf,1\n",
		":3: column exit_ns_per_pte: 'inf' is not a number");
	/* The first bad field in file order, whichever column it is in. */
	expect_summary_error(
		"# schema: 1\nstrategy,rep,ns_per_pte,fork_ns_per_pte,exit_ns_per_pte,forks_per_s\n"
		"none,0,1,1,1,1\nnone,1,1,,1,1\nnone,2,x,1,1,1\n",
		":4: column fork_ns_per_pte: empty, expected a number");
	expect_summary_error("", ": empty file");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_read_good),
		cmocka_unit_test(test_read_crlf_bom),
		cmocka_unit_test(test_read_long_lines),
		cmocka_unit_test(test_read_errors),
		cmocka_unit_test(test_duplicate_linear),
		cmocka_unit_test(test_wide_header),
		cmocka_unit_test(test_read_schema),
		cmocka_unit_test(test_read_missing_file),
		cmocka_unit_test(test_numbers),
		cmocka_unit_test(test_number_messages),
		cmocka_unit_test(test_summarize),
		cmocka_unit_test(test_summarize_calibration),
		cmocka_unit_test(test_summarize_no_none),
		cmocka_unit_test(test_summarize_usl),
		cmocka_unit_test(test_summarize_status),
		cmocka_unit_test(test_summarize_errors),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
