// SPDX-License-Identifier: GPL-2.0
/*
 * The sweep a raw CSV records in its `# sweep:` line must parse back into
 * exactly the sweep that wrote it: that is what --replay repeats.
 */
#include <stdlib.h>
#include <string.h>
#include "rmaptest.h"
#include "engine/run.h"

static struct run_opts *parse(const char *line)
{
	struct run_opts *o = malloc(sizeof(*o));
	char *copy = strdup(line), *argv[256], *save = NULL, msg[512];
	int argc = 0;

	assert_non_null(o);
	for (char *a = strtok_r(copy, " ", &save); a;
	     a = strtok_r(NULL, " ", &save))
		argv[argc++] = a;
	if (run_parse(argc, argv, o, msg, sizeof(msg)))
		fail_msg("'%s': %s", line, msg);
	free(copy);
	return o;
}

/* Same sweeps, seed and placement; run_opts holds no pointers into argv
 * that matter here (out, replay and histogram are not part of a sweep). */
static void assert_same(const struct run_opts *a, const struct run_opts *b)
{
	assert_int_equal(a->nr_sweeps, b->nr_sweeps);
	assert_memory_equal(a->sweeps, b->sweeps,
			    a->nr_sweeps * sizeof(a->sweeps[0]));
	assert_int_equal(a->seed, b->seed);
	assert_int_equal(a->placement, b->placement);
}

static void round_trip(const char *line)
{
	struct run_opts *a = parse(line), *b;
	char text[8192];

	run_format_sweep(a, text, sizeof(text));
	b = parse(text);
	assert_same(a, b);
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
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_defaults),
		cmocka_unit_test(test_lists_and_fractions),
		cmocka_unit_test(test_flags_and_scalars),
		cmocka_unit_test(test_then),
		cmocka_unit_test(test_repeated_option),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
