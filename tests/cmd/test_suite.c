// SPDX-License-Identifier: GPL-2.0
// make: also under ThreadSanitizer (a parser of untrusted files)
/* The suite-file parser: what it takes, what it refuses, and where. */
#include <string.h>
#include "rmaptest.h"
#include "cmd/suite.h"

static struct suite_spec parse_ok(const char *text)
{
	struct suite_spec s;
	char msg[256];

	if (suite_parse(text, strlen(text), &s, msg, sizeof(msg)))
		fail_msg("'%s' refused: %s", text, msg);
	return s;
}

static void parse_bad(const char *text, size_t len, const char *needle)
{
	struct suite_spec s;
	char msg[256];

	assert_int_equal(suite_parse(text, len, &s, msg, sizeof(msg)), -1);
	if (!strstr(msg, needle))
		fail_msg("message '%s' lacks '%s'", msg, needle);
	suite_free(&s);
}

static void test_full(void **state)
{
	struct suite_spec s =
		parse_ok("# a comment\n"
			 "question: Does it\n"
			 "question: scale?  It's a fair question.\r\n"
			 "graphs: overhead throughput\n"
			 "report: elapsed\n"
			 "report: 2002\n"
			 "default: yes\n"
			 "sweep: --strategy all  --threads 1,2\n"
			 "sweep: --reps 3\n"
			 "then: --strategy padded\n"
			 "\n"
			 "quick: --reps 2\n");

	(void)state;
	assert_string_equal(s.question,
			    "Does it scale?  It's a fair question.");
	assert_string_equal(s.graphs, "overhead throughput");
	assert_string_equal(s.report, "elapsed 2002");
	assert_true(s.is_default);
	assert_int_equal(s.nr_words, 9);
	assert_string_equal(s.words[0], "--strategy");
	assert_string_equal(s.words[3], "1,2");
	assert_string_equal(s.words[6], "--then");
	assert_string_equal(s.words[8], "padded");
	assert_int_equal(s.nr_quick, 2);
	suite_free(&s);
}

static void test_refusals(void **state)
{
	static const char nul[] = "sweep: --reps 1\0x";

	(void)state;
	parse_bad("question: q\n", 12, "no 'sweep:' line");
	parse_bad("sweep: --reps 1\nswep: x\n", 24,
		  "line 2: unknown key 'swep'");
	parse_bad("then: --reps 1\n", 15,
		  "line 1: 'then:' before any 'sweep:'");
	parse_bad("sweep: --reps 1\nreport: 2002 2003\n", 34,
		  "line 2: 'report:' names no section '2003'; sections are elapsed 2002 2026");
	parse_bad("sweep: --reps 1\ndefault: maybe\n", 31,
		  "line 2: 'default:' must be yes or no");
	parse_bad("sweep: --out '$HOME'\n", 21, "quotes, backslashes and '$'");
	parse_bad("sweep --reps 1\n", 15, "line 1: expected 'key: value'");
	parse_bad(": x\n", 4, "expected 'key: value'");
	parse_bad(nul, sizeof(nul) - 1, "binary data");
}

static void test_empty(void **state)
{
	struct suite_spec s;
	char msg[256];

	(void)state;
	assert_int_equal(suite_parse("", 0, &s, msg, sizeof(msg)), -1);
	suite_free(&s);
	assert_int_equal(suite_parse("\n\n# only\n", 9, &s, msg, sizeof(msg)),
			 -1);
	suite_free(&s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_full),
		cmocka_unit_test(test_refusals),
		cmocka_unit_test(test_empty),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
