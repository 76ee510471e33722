// SPDX-License-Identifier: GPL-2.0
/*
 * The report's suite order (analysis/results.c) against the suites that
 * exist (the .suite files of bench/): a suite added without its place in the order
 * would go to the end of every report unnoticed.  Run from the
 * repository root, as make check runs every test.
 */
#include <dirent.h>
#include <stdio.h>
#include <string.h>
#include "rmaptest.h"
#include "analysis/results.h"

static void every_suite_has_a_place(void **state)
{
	unsigned int unknown = suite_rank("no such suite"), seen[64] = { 0 };
	DIR *d = opendir("bench");
	struct dirent *e;
	unsigned int n = 0;

	(void)state;
	assert_non_null(d);
	while ((e = readdir(d))) {
		size_t len = strlen(e->d_name);
		char name[256];
		unsigned int rank;

		if (len <= 6 || strcmp(e->d_name + len - 6, ".suite"))
			continue;
		snprintf(name, sizeof(name), "%.*s", (int)(len - 6), e->d_name);
		rank = suite_rank(name);
		if (rank >= unknown)
			fail_msg(
				"bench/%s has no place in results.c's suite order",
				e->d_name);
		assert_true(rank < 64);
		assert_int_equal(seen[rank]++, 0);
		n++;
	}
	closedir(d);
	assert_true(n > 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(every_suite_has_a_place),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
