// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target: `rmapbench run`'s option parser and the canonical
 * sweep it records.  The input is the argument vector, NUL- or newline-
 * separated.  Whatever parses must format and parse back to the same
 * sweep, as --replay relies on.  --replay itself is left out: it opens
 * files named by the input.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "engine/plan.h"

#define MAX_ARGS 64

static int split(char *buf, size_t size, char **argv)
{
	int argc = 0;

	for (size_t i = 0; i < size && argc < MAX_ARGS;) {
		size_t n = strcspn(buf + i, "\n");

		buf[i + n] = '\0';
		argv[argc++] = buf + i;
		i += n + 1;
	}
	return argc;
}

static void round_trip(const struct plan *o)
{
	static struct plan back;
	char *text = plan_format(o), msg[512];

	if (!text || plan_parse_sweep_line(text, &back, msg, sizeof(msg)) ||
	    back.nr_sweeps != o->nr_sweeps ||
	    memcmp(back.sweeps, o->sweeps, o->nr_sweeps * sizeof(o->sweeps[0])))
		abort();
	free(text);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct plan o;
	struct run_control rc;
	char *buf = malloc(size + 1), *argv[MAX_ARGS], msg[512];
	int argc;

	if (!buf)
		return 0;
	memcpy(buf, data, size);
	buf[size] = '\0';
	argc = split(buf, size, argv);
	for (int i = 0; i < argc; i++)
		if (strstr(argv[i], "--replay"))
			goto out;
	if (!plan_parse(argc, argv, &o, &rc, msg, sizeof(msg)))
		round_trip(&o);
out:
	free(buf);
	return 0;
}
