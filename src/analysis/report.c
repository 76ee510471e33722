// SPDX-License-Identifier: GPL-2.0
/*
 * rmapbench report DIR: one HTML page for a results folder, readable
 * offline and on its own: inline CSS, every graph's SVG inline (a PNG
 * as a data: URI when there is no SVG), no script, no network.
 *
 * report_data.c reads and checks every file the page shows,
 * report_html.c renders the page, and this file writes it to a temporary
 * file in DIR and renames it into place.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "lib/opt.h"
#include "lib/util.h"
#include "report.h"
#include "report_impl.h"
#include "results.h"

/* The page goes to a temporary file in DIR, then replaces report.html. */
static int write_atomic(struct report *r, char *msg, size_t len)
{
	char *out = path_join(r->dir, "report.html");
	char *tmp = path_join(r->dir, ".report.html.XXXXXX");
	int fd, err;

	fd = mkstemp_public(tmp);
	if (fd >= 0)
		r->f = fdopen(fd, "w");
	if (!r->f) {
		snprintf(msg, len, "cannot create a file in %s: %s", r->dir,
			 strerror(errno));
		if (fd >= 0) {
			close(fd);
			unlink(tmp);
		}
		err = 1;
		goto out;
	}
	report_put_page(r);
	err = fflush(r->f) || ferror(r->f) || fsync(fd);
	err |= fclose(r->f) != 0;
	if (err || rename(tmp, out)) {
		snprintf(msg, len, "cannot write %s: %s", out, strerror(errno));
		unlink(tmp);
		err = 1;
	}
out:
	free(out);
	free(tmp);
	return err;
}

int report_write(const char *dir, char *msg, size_t len)
{
	struct report r;
	int ret;

	/* Everything is read and checked before the page is begun. */
	ret = report_gather(&r, dir, msg, len);
	if (!ret)
		ret = write_atomic(&r, msg, len);
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
