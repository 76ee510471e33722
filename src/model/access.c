// SPDX-License-Identifier: GPL-2.0
#include <string.h>
#include "access.h"

_Thread_local struct access_counts access_counts;

void access_count_reset(void)
{
	memset(&access_counts, 0, sizeof(access_counts));
}

void access_count_take(unsigned long *atomics, unsigned long *lines)
{
	access_count_flush();
	*atomics = access_counts.atomics;
	*lines = access_counts.lines;
	access_count_reset();
}
