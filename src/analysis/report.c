// SPDX-License-Identifier: GPL-2.0
/*
 * rmapbench report DIR: one HTML page for a results folder, readable
 * offline and on its own: inline CSS, every graph's SVG inline (a PNG
 * as a data: URI when there is no SVG), no script, no network.
 *
 * report_data.c reads and checks every file the page shows,
 * report_html.c renders the page, and this file writes it whole through
 * lib/outfile.h (a temporary file in DIR renamed into place).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "lib/opt.h"
#include "lib/outfile.h"
#include "lib/util.h"
#include "report.h"
#include "report_impl.h"
#include "results.h"

/*
 * The page is written whole or not at all (lib/outfile.h).  It is always
 * rebuilt: it holds nothing that is not in the folder's files, which it
 * never changes.
 */
static int write_page(struct report *r, char *msg, size_t len)
{
	char *out = path_join(r->dir, "report.html");
	struct outfile o;
	int err;

	outfile_reset();
	err = outfile_open(&o, out, OUT_WHOLE | OUT_FORCE, msg, len);
	if (!err) {
		r->f = o.f;
		report_put_page(r);
		err = outfile_close(&o, msg, len);
		r->f = NULL;
	}
	free(out);
	return err;
}

int report_write(const char *dir, char *msg, size_t len)
{
	struct report r;
	int ret;

	/* Everything is read and checked before the page is begun. */
	ret = report_gather(&r, dir, msg, len);
	if (!ret)
		ret = write_page(&r, msg, len);
	report_free(&r);
	return ret;
}

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
