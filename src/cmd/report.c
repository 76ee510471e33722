// SPDX-License-Identifier: GPL-2.0
/*
 * rmapbench report, the command: its one argument, the results folder
 * whose report.html analysis/report.h writes.
 */
#include "analysis/report.h"
#include "commands.h"
#include "lib/opt.h"
#include "lib/util.h"

static const char report_usage[] =
	"usage: rmapbench report DIR\n"
	"Writes DIR/report.html: one self-contained page with the run's\n"
	"metadata and, for each DIR/<suite>/summary.csv, the suite's question,\n"
	"a table of its summary and the graphs plot/plot.sh drew (inline SVG).\n";

int cmd_report(int argc, char **argv)
{
	const char *dir = NULL;
	const struct opt_spec spec = {
		.cmd = "report",
		.words = &dir,
		.max_words = 1,
		.too_many =
			"report takes one results folder, got another: '%s'",
	};
	char msg[1024];
	int ret;

	if (!opt_parse_or_exit(&spec, argc, argv, report_usage) || !*dir)
		die(EXIT_USAGE,
		    "report needs a results folder; see 'rmapbench report --help'");
	ret = report_write(dir, msg, sizeof(msg));
	if (ret)
		die(ret, "%s", msg);
	return 0;
}
