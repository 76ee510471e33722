// SPDX-License-Identifier: GPL-2.0
/* The usage text of `rmapbench run`, written from the options table. */
#include <stdlib.h>
#include <string.h>
#include "options.h"
#include "lib/util.h"

static const char run_usage_head[] =
	"usage: rmapbench run [--strategy LIST|all] [--OPTION VALUE]...\n"
	"         [--then [--strategy LIST] [--OPTION VALUE]...]...\n"
	"Runs the cross product of every LIST, each point --reps times in an\n"
	"order shuffled with --seed, and writes one CSV row per point and\n"
	"repetition.  --then adds another sweep that starts as a copy of the\n"
	"one before it.  SIGINT, SIGTERM or SIGHUP stops the run within a\n"
	"second; the point it cuts short is a row with status 'stopped',\n"
	"which summarize leaves out.  Options (default in parentheses):\n";

/* "--alloc percpu|global": the option and what it takes. */
static void usage_option(const struct run_option *o, char *buf, size_t len)
{
	int n = snprintf(buf, len, "--%s", o->name);

	if (o->arg) {
		snprintf(buf + n, len - n, " %s", o->arg);
		return;
	}
	for (int w = 0; o->type == OPT_CHOICE && o->names[w]; w++)
		if (n > 0 && (size_t)n < len)
			n += snprintf(buf + n, len - n, "%c%s", w ? '|' : ' ',
				      o->names[w]);
}

/* Words of text after column 29, folded before column 80. */
static void usage_text(FILE *f, int col, const char *text)
{
	while (*text) {
		size_t word = strcspn(text, " ");

		if (col + 1 + (int)word > 79) {
			fprintf(f, "\n%29s", "");
			col = 29;
		} else if (col > 29) {
			fputc(' ', f);
			col++;
		}
		fwrite(text, 1, word, f);
		col += word;
		text += word + strspn(text + word, " ");
	}
}

void run_usage(FILE *f)
{
	fputs(run_usage_head, f);
	for (unsigned int i = 0; i < nr_run_options; i++) {
		const struct run_option *o = &run_options[i];
		char opt[64], *help;
		int col;

		usage_option(o, opt, sizeof(opt));
		col = fprintf(f, "  %-26s", opt);
		if (col > 28)
			fprintf(f, "\n%28s", "");
		fputc(' ', f);
		col = 29;
		if (asprintf(&help, "%s%s%s%s", o->help,
			     o->def[0] && o->type != OPT_ALIAS ? " (" : "",
			     o->type != OPT_ALIAS ? o->def : "",
			     o->def[0] && o->type != OPT_ALIAS ? ")" : "") < 0)
			die_oom("the usage text");
		usage_text(f, col, help);
		fputc('\n', f);
		free(help);
	}
}
