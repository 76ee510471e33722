// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target: the strict CSV reader that summarize, compare and
 * --replay trust.  Any input must be either accepted, with every cell
 * readable, or refused with a message; never a crash or a leak.
 */
#include <stdint.h>
#include <stdio.h>
#include "lib/csv.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	FILE *f = fmemopen((void *)data, size, "r");
	struct csv csv;
	char msg[512];
	double v;

	if (!f)
		return 0;
	if (!csv_parse(f, "fuzz.csv", &csv, msg, sizeof(msg))) {
		for (size_t r = 0; r < csv.nr_rows; r++)
			for (size_t c = 0; c < csv.nr_cols; c++)
				csv_number(&csv, r, c, &v, msg, sizeof(msg));
		csv_meta_get(&csv, "schema");
		csv_free(&csv);
	}
	fclose(f);
	return 0;
}
