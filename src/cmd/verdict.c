// SPDX-License-Identifier: GPL-2.0
/*
 * rmapbench verdict, the command: its options, the folders and raw CSVs
 * it loads, and which text of analysis/verdict.h it prints.
 */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include "analysis/verdict.h"
#include "commands.h"
#include "lib/compiler.h"
#include "lib/opt.h"
#include "lib/util.h"

static const char verdict_usage[] =
	"usage: rmapbench verdict DIR|RAW.csv... [--full] [--format text|markdown]\n"
	"What a run says: per suite (each DIR/<suite>/raw.csv of a results\n"
	"folder, or one raw CSV) and machine, the strategies ranked by median\n"
	"ns per pte, each one's change over its baseline (none, or the era's\n"
	"kernel without rmap) with the interval compare uses, and the pairs\n"
	"the 2002 debate was about with Mann-Whitney U p-values.  An interval\n"
	"that spans zero is inconclusive here.  --full: every cell, not one\n"
	"per suite and machine.  --format markdown: the headline cells as one\n"
	"table, a row per strategy and a column per suite and machine.\n";

int cmd_verdict(int argc, char **argv)
{
	const char *path[16] = { NULL }, *format = NULL;
	bool full = false;
	const struct opt opts[] = { ARG_FLAG("--full", &full),
				    ARG_VALUE("--format", &format) };
	const struct opt_spec spec = {
		.cmd = "verdict",
		.opts = opts,
		.nr_opts = ARRAY_SIZE(opts),
		.words = path,
		.max_words = ARRAY_SIZE(path),
		.too_many =
			"verdict takes at most 16 folders or raw CSVs, got another: '%s'",
	};
	struct verdict_suite *v = NULL;
	char msg[1024], host[512];
	size_t nr = 0, n = opt_parse_or_exit(&spec, argc, argv, verdict_usage);

	if (!n)
		die(EXIT_USAGE,
		    "verdict needs a results folder or a raw CSV; see 'rmapbench verdict --help'");
	if (format && strcmp(format, "text") && strcmp(format, "markdown"))
		die(EXIT_USAGE, "--format '%s': expected text or markdown",
		    format);
	for (size_t i = 0; i < n; i++) {
		struct verdict_suite *one, *grown;
		size_t k;

		if (verdict_load(path[i], &one, &k, msg, sizeof(msg)))
			die(EXIT_USAGE, "%s", msg);
		grown = realloc(v, (nr + k) * sizeof(*v));
		if (!grown)
			die_oom("the verdict");
		v = grown;
		memcpy(v + nr, one, k * sizeof(*v));
		free(one);
		nr += k;
	}
	if (format && !strcmp(format, "markdown")) {
		verdict_markdown(v, nr, stdout);
	} else {
		verdict_host_note(path[0], host, sizeof(host));
		verdict_print(v, nr, !full, n == 1 ? host : NULL, stdout);
	}
	verdict_unload(v, nr);
	return 0;
}
