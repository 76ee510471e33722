/* SPDX-License-Identifier: GPL-2.0 */
#ifndef RMAPBENCH_NUM_H
#define RMAPBENCH_NUM_H

#include <stdbool.h>
#include <stddef.h>

/*
 * Numbers as the user types them and as rmapbench writes them back: every
 * option, recorded sweep and CSV parameter goes through these two, so a
 * value read back is the value written.
 */

/* Longest text num_format() writes, with its NUL. */
#define NUM_BUFLEN 32

/*
 * Reads all of text as a finite number in decimal notation (no hex, inf
 * or nan), for options and CSV fields alike.  A value too small for a normal
 * double (4e-320) is still a number, read as the nearest one.  Returns 0,
 * or -1 when text is not a finite number (empty, trailing text, inf, nan,
 * 1e400).
 */
int num_parse(const char *text, double *v);

/*
 * The shortest text that reads back as exactly v: a whole number below
 * 2^53 in plain digits (1099511627776, never 1.09951e+12), anything else
 * in the fewest %g digits that survive the round trip.  Returns buf.
 */
const char *num_format(double v, char *buf, size_t len);

/*
 * Parses text for option opt (as typed, "--reps") as a number between min
 * and max, whole if asked.  Returns 0, or -1 with one line in msg:
 * "invalid --reps '0': must be between 1 and 100000".
 */
int num_parse_option(const char *opt, const char *text, double min, double max,
		     bool whole, double *v, char *msg, size_t len);

#endif
