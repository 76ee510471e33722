// SPDX-License-Identifier: GPL-2.0
/*
 * rmapbench summarize, the command: its options, and the summary as CSV
 * or for people (analysis/summarize.h computes it).  Everything is read,
 * checked and computed before the output is opened, so bad input leaves
 * no file behind; the file itself is written whole (lib/outfile.h).
 */
#include <stdbool.h>
#include <stdio.h>
#include "analysis/summarize.h"
#include "analysis/table.h"
#include "commands.h"
#include "lib/compiler.h"
#include "lib/opt.h"
#include "lib/outfile.h"
#include "lib/util.h"

static const char summarize_usage[] =
	"usage: rmapbench summarize RAW.csv [--out SUMMARY.csv [--force]] [--calibration CAL.csv]\n"
	"One row per configuration point: n, then for ns_per_pte,\n"
	"fork_ns_per_pte, exit_ns_per_pte and forks_per_s the median, a\n"
	"distribution-free 95% confidence interval for it (min..max below\n"
	"6 repetitions), min and max; overhead_pct against the `none` point\n"
	"with the same parameters, and rmap_ns_per_pte, the median ns per pte\n"
	"above none's; with --calibration (from rmapbench calibrate),\n"
	"rmap_pct_of_real: that cost as a share of the host's real fork+exit\n"
	"cost per page; the Universal Scalability Law fitted to forks_per_s\n"
	"over each thread sweep (usl_sigma contention, usl_kappa coherency,\n"
	"usl_nstar the CPU count of peak throughput, usl_r2, usl_shape:\n"
	"sigma, kappa and N* only where the sweep is USL-shaped: 4 thread\n"
	"counts or more, R2 >= 0.9, no parameter at its bound).  Then the\n"
	"medians of any further columns.\n"
	"Writes to stdout without --out; --force replaces an existing --out file.\n"
	"--format csv|text|markdown|json: the CSV (the default in a file or a\n"
	"pipe), aligned columns in strategy order (the default on a terminal),\n"
	"a markdown table (for a mail or a linux-kernel post), or JSON with\n"
	"every column.\n";

static void parse_args(int argc, char **argv, const char **in, const char **out,
		       const char **cal, bool *force, const char **format)
{
	const struct opt opts[] = {
		ARG_VALUE("--out", out),
		ARG_VALUE("--format", format),
		ARG_VALUE("--calibration", cal),
		ARG_FLAG("--force", force),
	};
	const struct opt_spec spec = {
		.cmd = "summarize",
		.opts = opts,
		.nr_opts = ARRAY_SIZE(opts),
		.words = in,
		.max_words = 1,
		.too_many =
			"summarize takes one raw CSV file, got another: '%s'",
	};

	*in = *out = *cal = *format = NULL;
	*force = false;
	if (!opt_parse_or_exit(&spec, argc, argv, summarize_usage))
		die(EXIT_USAGE,
		    "summarize needs a raw CSV file; see 'rmapbench summarize --help'");
}

int cmd_summarize(int argc, char **argv)
{
	const char *in, *out, *cal, *format;
	enum table_format fmt;
	unsigned int flags;
	struct outfile o;
	struct summary s;
	char msg[1024];
	bool force;
	int ret;

	parse_args(argc, argv, &in, &out, &cal, &force, &format);
	fmt = out ? TABLE_CSV : table_format_default(stdout);
	if (format && table_format_parse(format, &fmt))
		die(EXIT_USAGE,
		    "--format '%s': expected csv, text, markdown or json",
		    format);
	flags = OUT_WHOLE | (force ? OUT_FORCE : 0);
	outfile_reset();
	outfile_input(in);
	outfile_input(cal);
	if (out && (ret = outfile_claim(out, flags, msg, sizeof(msg))))
		die(ret, "%s", msg);
	if (summary_build(in, &s, msg, sizeof(msg)) ||
	    (cal && summary_calibrate(&s, cal, msg, sizeof(msg))))
		die(EXIT_USAGE, "%s", msg);
	if (!out)
		outfile_stdout(&o);
	else if ((ret = outfile_open(&o, out, flags, msg, sizeof(msg))))
		die(ret, "%s", msg);
	if (fmt == TABLE_CSV)
		summary_write(&s, o.f);
	else
		summary_show(&s, fmt, o.f);
	if (outfile_close(&o, msg, sizeof(msg)))
		die(1, "%s", msg);
	summary_free(&s);
	return 0;
}
