// SPDX-License-Identifier: GPL-2.0
/*
 * `rmapbench run` argument handling: every bad input is a usage error
 * (exit 2) with one line that names what is wrong, found before anything
 * is opened or run; the good inputs build the sweep they say.
 */
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "rmaptest.h"
#include "engine/options.h"
#include "engine/plan.h"
#include "engine/driver.h"
#include "strategy/strategy.h"
#include "lib/topo.h"
#include "lib/util.h"

#define MAX_ARGS 32

struct parsed {
	struct plan opts;
	struct run_control rc;
	char words[512]; /* argv points in here */
	char *argv[MAX_ARGS];
	char msg[1024];
	int ret;
};

/* plan_parse() then, if that passed, plan_validate(): what `run` does. */
static struct parsed *parse(const char *line)
{
	struct parsed *p = calloc(1, sizeof(*p));
	char *save = NULL;
	int argc = 0;

	assert_non_null(p);
	assert_true(strlen(line) < sizeof(p->words));
	strcpy(p->words, line);
	for (char *w = strtok_r(p->words, " ", &save); w;
	     w = strtok_r(NULL, " ", &save)) {
		assert_true(argc < MAX_ARGS);
		p->argv[argc++] = w;
	}
	p->ret = plan_parse(argc, p->argv, &p->opts, &p->rc, p->msg,
			    sizeof(p->msg));
	if (!p->ret)
		p->ret = plan_validate(&p->opts, p->rc.mem_limit, p->msg,
				       sizeof(p->msg));
	return p;
}

/*
 * line must be refused with EXIT_USAGE and a single line holding every
 * one of the NULL-terminated needles.
 */
static void expect_usage(const char *line, ...)
{
	struct parsed *p = parse(line);
	const char *needle;
	va_list ap;

	if (p->ret != EXIT_USAGE)
		fail_msg("'%s': returned %d, expected %d (msg '%s')", line,
			 p->ret, EXIT_USAGE, p->msg);
	if (!p->msg[0] || strchr(p->msg, '\n'))
		fail_msg("'%s': message '%s' is not one line", line, p->msg);
	va_start(ap, line);
	while ((needle = va_arg(ap, const char *)))
		if (!strstr(p->msg, needle))
			fail_msg("'%s': message '%s' does not say '%s'", line,
				 p->msg, needle);
	va_end(ap);
	free(p);
}

static struct parsed *expect_ok(const char *line)
{
	struct parsed *p = parse(line);

	if (p->ret)
		fail_msg("'%s': returned %d: %s", line, p->ret, p->msg);
	/* No --then: one sweep. */
	assert_int_equal(p->opts.nr_sweeps, 1);
	return p;
}

static void test_unknown_strategy(void **state)
{
	(void)state;
	expect_usage("--strategy frob", "unknown strategy 'frob'", "hashed",
		     "objrmap", NULL);
	expect_usage("--strategy hashed,frob", "unknown strategy 'frob'", NULL);
}

static void test_bad_values(void **state)
{
	(void)state;
	expect_usage("--threads 0", "--threads", "0", NULL);
	expect_usage("--threads two", "--threads", "'two'", NULL);
	expect_usage("--locks 300", "--locks", "300", "power of two", NULL);
	expect_usage("--file-frac 1.5", "--file-frac", "1.5", NULL);
	expect_usage("--nrpte 8", "--nrpte", "8", NULL);
	expect_usage("--duration -1", "--duration", "-1", NULL);
	expect_usage("--reps 0", "--reps", "'0'", NULL);
	expect_usage("--alloc slab", "--alloc", "'slab'", "percpu", "global",
		     NULL);
	expect_usage("--threads ,", "empty item", "threads", NULL);
}

static void test_pages_too_big(void **state)
{
	(void)state;
	/* Within --pages' range, so only the memory check can refuse it. */
	expect_usage("--pages 1000000000000", "--pages 1000000000000", "needs",
		     "TiB", "--mem-limit", NULL);
}

static void test_unknown_option(void **state)
{
	(void)state;
	expect_usage("--frobnicate 1", "unknown option --frobnicate", NULL);
	expect_usage("--threads 1 --frobnicate=1",
		     "unknown option --frobnicate", NULL);
	/* Last on the line it is still unknown, not short of a value. */
	expect_usage("--frobnicate", "unknown option --frobnicate", NULL);
	expect_usage("frobnicate", "unexpected argument 'frobnicate'", NULL);
}

static void test_missing_value(void **state)
{
	(void)state;
	expect_usage("--threads", "--threads", "needs a value", NULL);
	expect_usage("--strategy hashed --pages", "--pages", "needs a value",
		     NULL);
}

static void test_too_many_threads(void **state)
{
	int cpus[CPUS_MAX];
	unsigned int n = allowed_cpus(cpus, CPUS_MAX) + 1;
	char line[128], want[64];

	(void)state;
	snprintf(line, sizeof(line), "--threads %u", n);
	snprintf(want, sizeof(want), "--threads %u", n);
	expect_usage(line, want, "--oversubscribe", NULL);
	/* Asked for, it is allowed. */
	snprintf(line, sizeof(line), "--threads %u --oversubscribe", n);
	free(expect_ok(line));
}

static void test_loops_below_threads(void **state)
{
	(void)state;
	expect_usage("--threads 2 --loops 1 --oversubscribe", "--loops 1",
		     "--threads 2", NULL);
	expect_usage("--threads 1,2 --loops 1 --oversubscribe", "--loops 1",
		     NULL);
}

static void test_churn_without_anon(void **state)
{
	(void)state;
	expect_usage("--index-churn 1000 --file-frac 1", "--index-churn", NULL);
}

static void test_strategy_all(void **state)
{
	struct parsed *p = expect_ok("--strategy all");

	(void)state;
	assert_int_equal(p->opts.sweeps[0].nr_strategies, nr_strategies);
	for (unsigned int i = 0; i < nr_strategies; i++)
		assert_ptr_equal(p->opts.sweeps[0].strategy[i], strategies[i]);
	assert_int_equal(sweep_points(&p->opts.sweeps[0]), nr_strategies);
	free(p);
}

/* Lists are dimensions: every strategy times 2 thread counts. */
static void test_sweep_cross_product(void **state)
{
	struct parsed *p =
		expect_ok("--strategy all --threads 1,2 --oversubscribe");
	struct config cfg;

	(void)state;
	assert_int_equal(sweep_points(&p->opts.sweeps[0]), 2 * nr_strategies);
	for (unsigned long k = 0; k < 2 * nr_strategies; k++) {
		sweep_point(&p->opts.sweeps[0], k, &cfg);
		/* Strategies vary fastest; loops default to one per thread. */
		assert_ptr_equal(cfg.strategy, strategies[k % nr_strategies]);
		assert_int_equal(cfg.threads, k / nr_strategies + 1);
		assert_int_equal(cfg.loops, cfg.threads);
	}
	free(p);
}

static void test_option_syntax(void **state)
{
	struct parsed *p =
		expect_ok("--lock-shift=3 --threads=1 --locks 64,128 "
			  "--file-frac=0.25 --no-direct --alloc=global");
	struct config cfg;

	(void)state;
	assert_int_equal(sweep_points(&p->opts.sweeps[0]), 2);
	sweep_point(&p->opts.sweeps[0], 1, &cfg);
	assert_int_equal(cfg.lock_shift, 3);
	assert_int_equal(cfg.threads, 1);
	assert_int_equal(cfg.locks, 128);
	assert_true(cfg.file_frac == 0.25);
	assert_false(cfg.direct);
	assert_int_equal(cfg.alloc, ALLOC_GLOBAL);
	/* Unchanged knobs keep their documented defaults. */
	assert_int_equal(cfg.nrpte, 7);
	assert_int_equal(cfg.lock_stride, 64);
	assert_int_equal(cfg.batch, 16);
	assert_int_equal(cfg.pages, 1024);
	free(p);
}

/*
 * Found by fuzz_cli: a --threads list mixing "max" with many commas wrote
 * past the buffer that expanded "max".  Now it is one clear refusal.
 */
static void test_threads_max_long_list(void **state)
{
	static struct plan opts;
	struct run_control rc;
	char val[4096] = "max", msg[512];
	char *argv[] = { "--threads", val };

	(void)state;
	for (int i = 0; i < 700; i++)
		strcat(val, ",,max");
	assert_int_equal(plan_parse(2, argv, &opts, &rc, msg, sizeof(msg)),
			 EXIT_USAGE);
	assert_non_null(strstr(msg, "--threads"));
	expect_usage("--threads max,maxx", "invalid --threads 'maxx'", NULL);
}

/*
 * Found by fuzz_cli: --reps took values up to 1e12 into an unsigned int
 * (undefined), and a refused value was still stored.
 */
static void test_reps_range(void **state)
{
	(void)state;
	expect_usage("--reps 34926800000000", "invalid --reps", "100000", NULL);
	expect_usage("--reps 100001", "invalid --reps", NULL);
	expect_usage("--forks 0", "invalid --forks", NULL);
	expect_usage("--seed -1", "invalid --seed", NULL);
}

/*
 * 64 values in each of 11 lists is 2^66 points, which a plain product
 * would wrap to 0 and accept: the count saturates and the sweep is
 * refused.
 */
static void test_points_overflow(void **state)
{
	struct plan *p = calloc(1, sizeof(*p));
	char msg[512];
	unsigned int dims = 0;

	(void)state;
	plan_init(p);
	for (unsigned int i = 0; i < MAX_DIMS && dims < 11; i++, dims++)
		p->sweeps[0].list[i].n = MAX_LIST;
	assert_int_equal(dims, 11);
	assert_true(sweep_points(&p->sweeps[0]) == ULONG_MAX);
	assert_int_equal(plan_validate(p, 0, msg, sizeof(msg)), EXIT_USAGE);
	assert_non_null(strstr(msg, "more than 10000000"));
	free(p);
}

/*
 * What a new option needs besides its table line: a list of words (a
 * --mode measured,model) parses, refuses a typo and prints back.
 */
static void test_choice_list(void **state)
{
	const struct run_option mode = {
		.name = "mode",
		.type = OPT_CHOICE,
		.list = true,
		.names = (const char *const[]){ "measured", "model", NULL },
		.def = "measured",
	};
	struct value_list l;
	char msg[256], *text = NULL;
	size_t n = 0;
	FILE *f;

	(void)state;
	assert_int_equal(option_parse_list(&mode, "model,measured", &l, msg,
					   sizeof(msg)),
			 0);
	assert_int_equal(l.n, 2);
	assert_true(l.v[0] == 1 && l.v[1] == 0);
	assert_int_equal(
		option_parse_list(&mode, "modle", &l, msg, sizeof(msg)), -1);
	assert_string_equal(msg,
			    "invalid --mode 'modle': choose measured or model");
	option_default_list(&mode, &l);
	assert_true(l.n == 1 && l.v[0] == 0);
	f = open_memstream(&text, &n);
	option_format_value(&mode, 1, f);
	fclose(f);
	assert_string_equal(text, "model");
	free(text);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_unknown_strategy),
		cmocka_unit_test(test_bad_values),
		cmocka_unit_test(test_pages_too_big),
		cmocka_unit_test(test_unknown_option),
		cmocka_unit_test(test_missing_value),
		cmocka_unit_test(test_too_many_threads),
		cmocka_unit_test(test_loops_below_threads),
		cmocka_unit_test(test_churn_without_anon),
		cmocka_unit_test(test_strategy_all),
		cmocka_unit_test(test_sweep_cross_product),
		cmocka_unit_test(test_option_syntax),
		cmocka_unit_test(test_threads_max_long_list),
		cmocka_unit_test(test_reps_range),
		cmocka_unit_test(test_points_overflow),
		cmocka_unit_test(test_choice_list),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
