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
#include "engine/run.h"

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

static void round_trip(const struct run_opts *o)
{
	static struct run_opts back;
	static char text[65536];
	char *argv[4096], msg[512];
	int argc = 0;

	run_format_sweep(o, text, sizeof(text));
	for (char *save, *a = strtok_r(text, " ", &save); a && argc < 4096;
	     a = strtok_r(NULL, " ", &save))
		argv[argc++] = a;
	if (run_parse(argc, argv, &back, msg, sizeof(msg)) ||
	    back.nr_sweeps != o->nr_sweeps ||
	    memcmp(back.sweeps, o->sweeps, o->nr_sweeps * sizeof(o->sweeps[0])))
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct run_opts o;
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
	if (!run_parse(argc, argv, &o, msg, sizeof(msg)))
		round_trip(&o);
out:
	free(buf);
	return 0;
}
