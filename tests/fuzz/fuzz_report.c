// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target: what `rmapbench report` reads from a results folder.
 * The input is split at lines "--8<--" into a suite's summary.csv,
 * question, graphs and overhead.svg, written to a scratch folder, and the
 * report is written from it.  Whatever the files hold, the page must come
 * out or be refused with a message, and hold no <script> or event
 * attribute: text is escaped, an SVG is inlined only if svg_check()
 * passes it.  The SVG part also goes through svg_check() directly: what
 * it passes must pass again after svg_put() has prefixed its ids.
 */
#include <ctype.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>
#include "analysis/report.h"
#include "analysis/svg.h"

static const char *const part_name[] = { "summary.csv", "question", "graphs",
					 "overhead.svg" };
static char dir[64], suite[96];

static void put(const char *name, const uint8_t *data, size_t n)
{
	char path[160];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", suite, name);
	f = fopen(path, "w");
	if (!f)
		abort();
	fwrite(data, 1, n, f);
	fclose(f);
}

/*
 * Inside a tag (file text is escaped, so every '<' of the page is
 * markup): no event attribute, "on" and letters before an '='.
 */
static bool event_attr(const char *tag, const char *end)
{
	for (const char *p = tag; p + 3 < end; p++) {
		const char *q = p + 3;

		if (!isspace((unsigned char)p[0]) ||
		    strncasecmp(p + 1, "on", 2))
			continue;
		while (q < end && isalpha((unsigned char)*q))
			q++;
		if (q > p + 3 && q < end && *q == '=')
			return true;
	}
	return false;
}

/* No script or foreignObject element, no event attribute, any case. */
static void check_page(void)
{
	char path[128], *buf;
	FILE *f;
	long n;

	snprintf(path, sizeof(path), "%s/report.html", dir);
	f = fopen(path, "r");
	if (!f)
		abort();
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	rewind(f);
	buf = malloc(n + 1);
	if (!buf || fread(buf, 1, n, f) != (size_t)n)
		abort();
	buf[n] = '\0';
	fclose(f);
	for (char *p = strchr(buf, '<'); p; p = strchr(p + 1, '<')) {
		char *end = strchr(p, '>');

		if (!strncasecmp(p, "<script", 7) ||
		    !strncasecmp(p, "<foreignobject", 14) ||
		    event_attr(p, end ? end : buf + n))
			abort();
	}
	free(buf);
	unlink(path);
}

/* What svg_check() passes still passes with its ids prefixed. */
static void check_svg(const uint8_t *data, size_t n)
{
	char why[256], *out = NULL;
	size_t start, end, len = 0, s2, e2;
	FILE *f;

	if (svg_check((const char *)data, n, &start, &end, why, sizeof(why)))
		return;
	f = open_memstream(&out, &len);
	if (!f)
		abort();
	svg_put(f, (const char *)data + start, end - start, "g1-");
	fclose(f);
	if (svg_check(out, len, &s2, &e2, why, sizeof(why)))
		abort();
	free(out);
}

/* The scratch folder goes when the fuzzer ends. */
static void remove_dir(void)
{
	char path[160];

	for (size_t i = 0; i < 4; i++) {
		snprintf(path, sizeof(path), "%s/%s", suite, part_name[i]);
		unlink(path);
	}
	snprintf(path, sizeof(path), "%s/report.html", dir);
	unlink(path);
	rmdir(suite);
	rmdir(dir);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char sep[] = "\n--8<--\n";
	const uint8_t *p = data, *end = data + size;
	char msg[1024];

	if (!dir[0]) {
		snprintf(dir, sizeof(dir), "%s/fuzz_report.XXXXXX",
			 getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
		if (!mkdtemp(dir))
			abort();
		snprintf(suite, sizeof(suite), "%s/seed", dir);
		mkdir(suite, 0777);
		atexit(remove_dir);
	}
	for (size_t i = 0; i < 4; i++) {
		const uint8_t *q = memmem(p, end - p, sep, sizeof(sep) - 1);
		size_t n = q ? (size_t)(q - p) : (size_t)(end - p);

		put(part_name[i], p, n);
		if (i == 3)
			check_svg(p, n);
		p = q ? q + sizeof(sep) - 1 : end;
	}
	if (!report_write(dir, msg, sizeof(msg)))
		check_page();
	return 0;
}
