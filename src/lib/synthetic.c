// SPDX-License-Identifier: GPL-2.0
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include "synthetic.h"

unsigned long synthetic_pus(const char *spec, unsigned long max)
{
	unsigned long n = 1;

	while (*spec) {
		size_t ws = strspn(spec, " \t\n");
		size_t tok = strcspn(spec + ws, " \t\n");
		const char *colon = memchr(spec + ws, ':', tok);
		const char *num = colon ? colon + 1 : spec + ws;

		if (num < spec + ws + tok && isdigit((unsigned char)*num)) {
			unsigned long a = strtoul(num, NULL, 10);

			n = a > max ? max + 1 : n * a;
			if (n > max)
				return max + 1;
		}
		spec += ws + tok;
	}
	return n;
}
