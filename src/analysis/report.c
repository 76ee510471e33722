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
