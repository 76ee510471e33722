// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "num.h"

int num_parse(const char *text, double *v)
{
	char *end;

	/* Only decimal notation: strtod alone would take hex, nan, inf. */
	if (!*text || text[strspn(text, "0123456789+-.eE")])
		return -1;
	errno = 0;
	*v = strtod(text, &end);
	if (end == text || *end || !isfinite(*v))
		return -1;
	/* ERANGE with a finite result is underflow: still a number. */
	return errno && errno != ERANGE ? -1 : 0;
}

const char *num_format(double v, char *buf, size_t len)
{
	if (v == floor(v) && fabs(v) < 9007199254740992.0) {
		snprintf(buf, len, "%.0f", v);
		return buf;
	}
	for (int prec = 1; prec <= 17; prec++) {
		snprintf(buf, len, "%.*g", prec, v);
		if (strtod(buf, NULL) == v)
			break;
	}
	return buf;
}

int num_parse_option(const char *opt, const char *text, double min, double max,
		     bool whole, double *v, char *msg, size_t len)
{
	char lo[NUM_BUFLEN], hi[NUM_BUFLEN];
	double x;

	num_format(min, lo, sizeof(lo));
	num_format(max, hi, sizeof(hi));
	if (num_parse(text, &x) || (whole && x != floor(x))) {
		snprintf(msg, len,
			 "invalid %s '%s': expected %s between %s and %s", opt,
			 text, whole ? "a whole number" : "a number", lo, hi);
		return -1;
	}
	if (x < min || x > max) {
		snprintf(msg, len, "invalid %s '%s': must be between %s and %s",
			 opt, text, lo, hi);
		return -1;
	}
	*v = x;
	return 0;
}
