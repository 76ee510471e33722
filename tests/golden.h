/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Golden files, as benchstat keeps them in testdata/: an output whose every
 * byte matters (compare's table, plot data, a report's section) is compared
 * whole with tests/testdata/NAME, and a failure shows `diff -u` of the two,
 * so that a change shows where it is, not only that it is.
 *
 * To regenerate them after an intended change of output:
 *	make golden		(or UPDATE_GOLDEN=1 on one test program)
 * rewrites every golden file from what the tests now produce; read
 * `git diff tests/testdata` before committing it.  Tests run from the
 * repository root, as `make check` runs them.
 */
#ifndef RMAPBENCH_TESTS_GOLDEN_H
#define RMAPBENCH_TESTS_GOLDEN_H

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "rmaptest.h"

#define GOLDEN_DIR "tests/testdata/"

static inline bool golden_update(void)
{
	const char *v = getenv("UPDATE_GOLDEN");

	return v && !strcmp(v, "1");
}

/* A new temporary file holding text; its name in name (of size len). */
static inline void golden_put(char *name, size_t len, const char *what,
			      const char *text)
{
	FILE *f;
	int fd;

	snprintf(name, len, "/tmp/%s.XXXXXX", what);
	fd = mkstemp(name);
	if (fd < 0)
		fail_msg("cannot create %s", name);
	f = fdopen(fd, "w");
	if (!f || fputs(text, f) < 0 || fclose(f))
		fail_msg("cannot write %s", name);
}

/* got must be want; if not, the test fails showing diff -u want got. */
static inline void assert_text_equal(const char *got, const char *want,
				     const char *label)
{
	char g[64], w[64], cmd[200];

	if (!strcmp(got, want))
		return;
	golden_put(w, sizeof(w), "want", want);
	golden_put(g, sizeof(g), "got", got);
	fprintf(stderr, "%s differs (- want, + got):\n", label);
	fflush(stderr);
	snprintf(cmd, sizeof(cmd), "diff -u %s %s >&2", w, g);
	if (system(cmd) == -1)
		fprintf(stderr, "(diff did not run)\n");
	unlink(w);
	unlink(g);
	fail_msg("%s differs: diff above", label);
}

/* The whole of a file, or NULL if it cannot be read. */
static inline char *golden_slurp(const char *path)
{
	FILE *f = fopen(path, "r");
	char *buf = NULL;
	size_t size = 0, n;
	FILE *out;
	char chunk[4096];

	if (!f)
		return NULL;
	out = open_memstream(&buf, &size);
	if (!out) {
		fclose(f);
		return NULL;
	}
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		fwrite(chunk, 1, n, out);
	fclose(f);
	fclose(out);
	return buf;
}

/*
 * got must be the content of tests/testdata/name; with UPDATE_GOLDEN=1 it
 * becomes that content instead.
 */
static inline void assert_golden(const char *got, const char *name)
{
	char path[256], label[300];
	char *want;
	FILE *f;

	snprintf(path, sizeof(path), GOLDEN_DIR "%s", name);
	if (golden_update()) {
		f = fopen(path, "w");
		if (!f || fputs(got, f) < 0 || fclose(f))
			fail_msg(
				"cannot write %s (run from the repository root)",
				path);
		fprintf(stderr, "golden: wrote %s\n", path);
		return;
	}
	want = golden_slurp(path);
	if (!want)
		fail_msg("no golden file %s: `make golden` writes it", path);
	snprintf(label, sizeof(label), "%s (make golden rewrites it)", path);
	assert_text_equal(got, want, label);
	free(want);
}

/* A copy of text with every occurrence of from replaced by to. */
static inline char *text_replace(const char *text, const char *from,
				 const char *to)
{
	char *buf = NULL;
	size_t size = 0, n = strlen(from);
	FILE *out = open_memstream(&buf, &size);
	const char *p;

	assert_non_null(out);
	while ((p = strstr(text, from))) {
		fwrite(text, 1, p - text, out);
		fputs(to, out);
		text = p + n;
	}
	fputs(text, out);
	fclose(out);
	return buf;
}

/*
 * A copy of text from the first start (inclusive) to the first end after it
 * (inclusive): a fragment of a page, for a golden file of its own.
 */
static inline char *text_between(const char *text, const char *start,
				 const char *end)
{
	const char *a = strstr(text, start), *b;

	if (!a)
		fail_msg("no '%s' in the text", start);
	b = strstr(a, end);
	if (!b)
		fail_msg("no '%s' after '%s' in the text", end, start);
	return strndup(a, b + strlen(end) - a);
}

#endif
