// SPDX-License-Identifier: GPL-2.0
/*
 * The sweep a raw CSV records in its `# sweep:` line must parse back into
 * exactly the plan that wrote it: that is what --replay repeats.  And the
 * line is read by the same parser and limits as the command line.
 */
#include <stdlib.h>
#include <string.h>
#include "rmaptest.h"
#include "engine/options.h"
#include "engine/plan.h"
#include "lib/csv.h"
#include "strategy/strategy.h"
#include "lib/util.h"

#ifndef FIXTURES
#define FIXTURES "tests/data"
#endif

static struct plan *parse(const char *line)
{
	struct plan *p = malloc(sizeof(*p));
	struct run_control rc;
	char *copy = strdup(line), **argv, *save = NULL, msg[512];
	int argc = 0;

	assert_non_null(p);
	argv = calloc(strlen(line) + 1, sizeof(*argv));
	for (char *a = strtok_r(copy, " ", &save); a;
	     a = strtok_r(NULL, " ", &save))
		argv[argc++] = a;
	if (plan_parse(argc, argv, p, &rc, msg, sizeof(msg)))
		fail_msg("'%s': %s", line, msg);
	free(argv);
	free(copy);
	return p;
}

/* Same sweeps, seed and placement. */
static void assert_same(const struct plan *a, const struct plan *b)
{
	assert_int_equal(a->nr_sweeps, b->nr_sweeps);
	assert_memory_equal(a->sweeps, b->sweeps,
			    a->nr_sweeps * sizeof(a->sweeps[0]));
	assert_int_equal(a->seed, b->seed);
	assert_int_equal(a->placement, b->placement);
}

static void round_trip(const char *line)
{
	struct plan *a = parse(line), *b;
	char *text = plan_format(a);

	assert_non_null(text);
	b = parse(text);
	assert_same(a, b);
	free(text);
	free(a);
	free(b);
}

static void test_defaults(void **state)
{
	(void)state;
	round_trip("--seed 1");
}

static void test_lists_and_fractions(void **state)
{
	(void)state;
	round_trip("--strategy none,hashed,batched --threads 1,2 --loops 4 "
		   "--pages 100,4096 --file-frac 0.1,0.3333333333333333,0.7 "
		   "--locks 1,4096 --lock-stride 128 --duration 0.123456789 "
		   "--warmup 0 --reps 7 --seed 42 --placement scatter");
	/* Negative zero is zero (make fuzz found -0 replaying as +0). */
	round_trip("--other-work -0 --seed 1");
	round_trip("--other-work 5+-0 --seed 1");
}

static void test_flags_and_scalars(void **state)
{
	(void)state;
	round_trip("--strategy pagebit --no-direct --no-stats --oversubscribe "
		   "--alloc global --anon-index vaddr --mem interleave "
		   "--forks 1000 --timeout 5 --reclaim 1 --unmap-frac 0.25 "
		   "--hot-frac 0.5 --index-churn 1000 --seed 9007199254740991");
}

static void test_then(void **state)
{
	(void)state;
	round_trip(
		"--strategy hashed --locks 1,16 --reps 3 --then --strategy padded "
		"--lock-stride 64,256 --then --strategy batched --batch 4 --seed 5");
}

/* Found by fuzz_cli: a repeated option left the longer list's tail behind. */
static void test_repeated_option(void **state)
{
	(void)state;
	round_trip("--strategy all --threads 1,2 --threads 2 --seed 3");
	/* Found by fuzz_sweep: the same with --strategy. */
	round_trip("--strategy none,hashed,batched --strategy none,hashed "
		   "--seed 3");
}

/*
 * A recorded line has no length limit a reader could cut it at: 16 sweeps
 * of 64 long fractions each make a line of about 40 KiB, which must come
 * back whole.
 */
static void test_long_line(void **state)
{
	char *line = calloc(1, 1 << 17), *text;
	struct plan *a;

	(void)state;
	strcpy(line, "--seed 11 --placement none");
	for (int s = 0; s < 16; s++) {
		strcat(line, s ? " --then --file-frac " : " --file-frac ");
		for (int i = 0; i < 64; i++)
			sprintf(line + strlen(line), "%s0.%016d", i ? "," : "",
				1000000 + s * 64 + i);
	}
	a = parse(line);
	text = plan_format(a);
	assert_true(strlen(text) > 8192);
	free(a);
	free(text);
	round_trip(line);
	free(line);
}

/* Fractions that differ in the 7th digit stay apart: two points. */
static void test_close_fractions(void **state)
{
	struct plan *p = parse("--file-frac 0.1234567,0.1234568 --seed 1");
	char *text = plan_format(p);

	(void)state;
	assert_non_null(strstr(text, "--file-frac 0.1234567,0.1234568 "));
	free(text);
	free(p);
}

static void expect_refused(const char *line, const char *needle)
{
	struct plan p;
	char msg[512];

	assert_int_equal(plan_parse_sweep_line(line, &p, msg, sizeof(msg)),
			 EXIT_USAGE);
	if (!strstr(msg, needle))
		fail_msg("'%s': message '%s' lacks '%s'", line, msg, needle);
}

/*
 * A recorded line is a plan and nothing else (anybody may have edited the
 * file it is in).  Limits of this
 * machine, files and help come from the command line only.
 */
static void test_recorded_line_is_checked(void **state)
{
	(void)state;
	expect_refused("", "empty");
	expect_refused("   ", "empty");
	expect_refused("--help", "--help is not part of a sweep");
	expect_refused("-h", "--help is not part of a sweep");
	expect_refused("--mem-limit 1e18", "--mem-limit is not part of");
	expect_refused("--out x.csv", "--out is not part of");
	expect_refused("--replay x.csv", "--replay is not part of");
	expect_refused("--threads 0", "invalid --threads '0'");
	expect_refused("--then --then --then --then --then --then --then "
		       "--then --then --then --then --then --then --then "
		       "--then --then",
		       "at most 16 sweeps");
}

/*
 * A raw CSV written by rmapbench 0.1.0 (before the options table)
 * replays to the plan it recorded: old results stay repeatable.
 */
static void test_replay_old_csv(void **state)
{
	static const char *const argv[] = { "--replay",
					    FIXTURES "/replay-0.1.0.csv" };
	static struct plan q;
	struct plan *p = malloc(sizeof(*p));
	struct run_control rc;
	struct config cfg;
	struct csv raw;
	char msg[512], *text;

	(void)state;
	assert_int_equal(plan_parse(2, (char **)argv, p, &rc, msg, sizeof(msg)),
			 0);
	assert_int_equal(p->nr_sweeps, 2);
	assert_int_equal(p->seed, 77);
	assert_int_equal(p->placement, PLACEMENT_SCATTER);
	assert_int_equal(sweep_points(&p->sweeps[0]), 3 * 2 * 2);
	assert_int_equal(sweep_points(&p->sweeps[1]), 1 * 2 * 2);
	assert_int_equal(p->sweeps[0].reps, 2);
	sweep_point(&p->sweeps[0], 3 * 2, &cfg);
	assert_string_equal(cfg.strategy->name, "none");
	assert_true(cfg.file_frac == 0.25);
	assert_int_equal(cfg.lock_stride, 128);
	assert_true(cfg.stats && cfg.direct && cfg.alloc == ALLOC_PERCPU);
	sweep_point(&p->sweeps[1], 0, &cfg);
	assert_string_equal(cfg.strategy->name, "padded");
	assert_true(cfg.file_frac == 0.1234567);
	assert_true(!cfg.stats && !cfg.direct && cfg.alloc == ALLOC_GLOBAL);
	assert_int_equal(cfg.forks, 3);
	assert_int_equal(cfg.mem.kind, MEM_INTERLEAVE);
	/*
	 * And what the table writes now replays to the same plan: read as
	 * a `# sweep:` line, as --replay reads it (an old line's era
	 * options are not marked given, see plan.c mark_given()).
	 */
	assert_int_equal(csv_read(argv[1], &raw, msg, sizeof(msg)), 0);
	text = plan_format(p);
	assert_int_equal(plan_parse_sweep_line(text, p, msg, sizeof(msg)), 0);
	assert_int_equal(plan_parse_sweep_line(csv_meta_get(&raw, "sweep"), &q,
					       msg, sizeof(msg)),
			 0);
	assert_same(p, &q);
	free(text);
	csv_free(&raw);
	free(p);
}

/*
 * An era option given with --kernel ablates the era, and the
 * recorded line replays the ablation; an old line, which recorded every
 * option and ran the era's, still runs the era's.
 */
static void test_kernel_ablation(void **state)
{
	struct plan *p = parse("--kernel 2.6.0 --nrpte 1 --pte-ops plain "
			       "--direct 0,1"), *q;
	struct plan *e = parse("--kernel 2.4.19-pre7,2.6.7 --wrprotect cow "
			       "--mapcount atomic");
	static struct plan old;
	struct config cfg;
	char msg[512], *text;

	(void)state;
	assert_int_equal(sweep_points(&p->sweeps[0]), 2);
	for (unsigned long k = 0; k < 2; k++) {
		sweep_point(&p->sweeps[0], k, &cfg);
		assert_string_equal(cfg.strategy->name, "pagebit");
		assert_int_equal(cfg.nrpte, 1);
		assert_int_equal(cfg.pte_ops, X86_PLAIN);
		assert_int_equal(cfg.direct, k == 1);
		assert_int_equal(cfg.node_size, 64); /* the era's, not given */
	}
	text = plan_format(p);
	q = malloc(sizeof(*q));
	assert_int_equal(plan_parse_sweep_line(text, q, msg, sizeof(msg)), 0);
	assert_same(p, q);
	free(text);
	for (unsigned long k = 0; k < 2; k++) {
		sweep_point(&e->sweeps[0], k, &cfg);
		assert_int_equal(cfg.wrprotect, WRPROTECT_COW);
		assert_int_equal(cfg.mapcount, MAPCOUNT_ATOMIC);
	}
	assert_int_equal(plan_parse_sweep_line("--kernel 2.6.0 --nrpte 1 "
					       "--pte-ops plain",
					       &old, msg, sizeof(msg)),
			 0);
	sweep_point(&old.sweeps[0], 0, &cfg);
	assert_int_equal(cfg.nrpte, 7);
	assert_int_equal(cfg.pte_ops, X86_LOCKED);
	free(p);
	free(q);
	free(e);
}

/* --threads max and auto count the modelled machine's CPUs, not this one's. */
static void test_threads_of_machine(void **state)
{
	static const char *const lines[] = {
		"--threads max --mode model --machine piii-quad-2002",
		"--mode model --machine piii-quad-2002 --threads 1,max",
		"--threads auto --mode model --machine synthetic-1024",
		"--mode model --machine piii-quad-2002 --threads auto --then "
		"--machine synthetic-1024",
	};
	static const unsigned int last[] = { 4, 4, 1024, 1024 };
	const struct value_list *l;

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(lines); i++) {
		struct plan *p = parse(lines[i]);

		l = &p->sweeps[p->nr_sweeps - 1]
			     .list[option_dim(option_find("threads"))];
		if (l->v[l->n - 1] != last[i])
			fail_msg("'%s': %g threads, expected %u", lines[i],
				 l->v[l->n - 1], last[i]);
		free(p);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_defaults),
		cmocka_unit_test(test_lists_and_fractions),
		cmocka_unit_test(test_flags_and_scalars),
		cmocka_unit_test(test_then),
		cmocka_unit_test(test_repeated_option),
		cmocka_unit_test(test_long_line),
		cmocka_unit_test(test_close_fractions),
		cmocka_unit_test(test_recorded_line_is_checked),
		cmocka_unit_test(test_replay_old_csv),
		cmocka_unit_test(test_kernel_ablation),
		cmocka_unit_test(test_threads_of_machine),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
