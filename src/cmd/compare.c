// SPDX-License-Identifier: GPL-2.0
/*
 * rmapbench compare, the command: its options and what it prints where;
 * analysis/compare.h does the comparing.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include "analysis/compare.h"
#include "commands.h"
#include "lib/compiler.h"
#include "lib/opt.h"
#include "lib/util.h"

static const char compare_usage[] =
	"usage: rmapbench compare [OPTIONS] [--] OLD.csv NEW.csv\n"
	"Pairs the configuration points of two raw CSV files and prints, per\n"
	"point, the old and new median with its spread, the change of the\n"
	"median and a two-sided Mann-Whitney U p-value (exact up to 50 samples\n"
	"per side).  A change with p >= alpha prints as ~.\n"
	"  --metric COLS      measured column(s) to compare, comma list\n"
	"                     (default ns_per_pte); one table each\n"
	"  --alpha A          significance level, 0 < A < 1 (default 0.05)\n"
	"  --format F         text: aligned tables (default); csv: one row per\n"
	"                     point for scripts; markdown: a table for a mail\n"
	"                     or a linux-kernel post; json: the CSV as JSON;\n"
	"                     plot: the table plot/compare.gp draws (the\n"
	"                     first metric only)\n"
	"  --group-by COLS    pair points on these columns, comma list, pooling\n"
	"                     rows that differ in others (default: every\n"
	"                     parameter column, i.e. those before rep)\n"
	"  --filter EXPR      only rows where every term holds; terms are\n"
	"                     COL=V (equal) or COL!=V (not equal) joined by\n"
	"                     commas, and V may list alternatives as a|b:\n"
	"                     --filter 'strategy=hashed|padded,threads!=1'\n"
	"Spread: half the 95% confidence interval of the median (min..max below\n"
	"6 samples) as a percentage of the median.  Only rows with status ok\n"
	"are samples.  Where no samples of the sizes at hand can reach\n"
	"p < alpha (fewer than 4 per side at 0.05) the row warns instead of\n"
	"judging.  Points in one file only are listed as such.  A geometric\n"
	"mean of the ratios of the medians closes each table.\n"
	"Metadata that changes the numbers (cpu, kernel, compiler, cflags,\n"
	"sizeof_page, placement, cacheline, mem, topology) is compared too.\n"
	"--format csv adds change_lo_pct..change_hi_pct: new ci_lo / old ci_hi\n"
	"- 1 to new ci_hi / old ci_lo - 1, the ratios the two medians' 95%\n"
	"intervals allow (both hold together with at least 90% from 6 samples\n"
	"per side on, 88% at 5).\n";

/* The values that are not text: --alpha and --format. */
static int check_values(struct compare_opts *o, const char *alpha,
			const char *format, char *msg, size_t len)
{
	if (alpha && (csv_parse_number(alpha, &o->alpha) || !(o->alpha > 0) ||
		      !(o->alpha < 1)))
		return usage_fail(
			msg, len,
			"--alpha '%s': expected a number between 0 and 1, such as 0.05",
			alpha);
	if (!format || !strcmp(format, "text"))
		o->format = COMPARE_TEXT;
	else if (!strcmp(format, "csv"))
		o->format = COMPARE_CSV;
	else if (!strcmp(format, "plot"))
		o->format = COMPARE_PLOT;
	else if (!strcmp(format, "markdown"))
		o->format = COMPARE_MARKDOWN;
	else if (!strcmp(format, "json"))
		o->format = COMPARE_JSON;
	else
		return usage_fail(
			msg, len,
			"--format '%s': expected text, csv, markdown, json or plot",
			format);
	return 0;
}

int compare_parse_args(int argc, char **argv, struct compare_opts *o, char *msg,
		       size_t len)
{
	const char *alpha = NULL, *format = NULL;
	const struct opt opts[] = {
		ARG_VALUE("--metric", &o->metric),
		ARG_VALUE("--alpha", &alpha),
		ARG_VALUE("--format", &format),
		ARG_VALUE("--group-by", &o->group_by),
		ARG_VALUE("--filter", &o->filter),
	};
	const struct opt_spec spec = {
		.cmd = "compare",
		.opts = opts,
		.nr_opts = ARRAY_SIZE(opts),
		.words = o->path,
		.max_words = 2,
		.too_many =
			"compare takes two raw CSV files, got a third: '%s'",
	};
	size_t nr_files;
	int ret;

	*o = (struct compare_opts){ .metric = "ns_per_pte", .alpha = 0.05 };
	ret = opt_parse(&spec, argc, argv, &nr_files, msg, len);
	if (ret)
		return ret;
	if (nr_files < 2)
		return usage_fail(
			msg, len,
			"compare needs two raw CSV files, OLD and NEW; see 'rmapbench compare --help'");
	return check_values(o, alpha, format, msg, len);
}

/* Nothing paired: say why, and what to do. */
static void nothing_paired(const struct compare *c)
{
	char why[1024];

	for (size_t m = 0; m < c->nr_tabs; m++)
		if (c->tab[m].nr_paired)
			return;
	compare_unpaired_hint(c, why, sizeof(why));
	fprintf(stderr,
		"rmapbench: no point is in both files%s%s; pair on the other parameters with --group-by (e.g. --group-by strategy,threads) or pick rows with --filter\n",
		*why ? ": they differ in " : "", why);
}

static void notes(const struct compare *c)
{
	nothing_paired(c);
	for (int s = 0; s < 2; s++)
		if (c->skipped[s])
			fprintf(stderr,
				"rmapbench: note: %s: %zu rows with a status other than 'ok' left out\n",
				c->in[s].path, c->skipped[s]);
	/* In CSV the warning block is '#' lines, which a plot never shows. */
	if (c->opts.format != COMPARE_TEXT && c->nr_diffs) {
		fputs("rmapbench: warning: the two runs differ in", stderr);
		for (size_t i = 0; i < c->nr_diffs; i++)
			fprintf(stderr, "%s %s", i ? "," : "", c->diff[i].key);
		fputs(": a change may come from the setup\n", stderr);
	}
}

int cmd_compare(int argc, char **argv)
{
	struct compare_opts o;
	struct compare c;
	char msg[1024];
	int ret;

	ret = compare_parse_args(argc, argv, &o, msg, sizeof(msg));
	if (ret == 1) {
		fputs(compare_usage, stdout);
		return 0;
	}
	if (ret)
		die(ret, "%s", msg);
	if (compare_build(&o, &c, msg, sizeof(msg)))
		die(EXIT_USAGE, "%s", msg);
	notes(&c);
	ret = o.format == COMPARE_CSV  ? compare_write_csv(&c, stdout) :
	      o.format == COMPARE_PLOT ? compare_write_plot(&c, stdout) :
	      o.format == COMPARE_TEXT ? compare_write_text(&c, stdout) :
					 compare_write_table(&c, stdout);
	compare_free(&c);
	if (ret)
		die(1, "cannot write the comparison to stdout: %s",
		    strerror(errno));
	return 0;
}
