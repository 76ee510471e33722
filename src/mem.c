// SPDX-License-Identifier: GPL-2.0
#include <numa.h>
#include <stdlib.h>
#include <string.h>
#include "mem.h"

void *mem_alloc(size_t size)
{
	void *ptr;

	if (!size)
		size = 1;
	if (numa_available() < 0) {
		ptr = aligned_alloc(4096, (size + 4095) & ~(size_t)4095);
		if (ptr)
			memset(ptr, 0, size);
		return ptr;
	}
	return numa_alloc_local(size);
}

void mem_free(void *ptr, size_t size)
{
	if (!ptr)
		return;
	if (!size)
		size = 1;
	if (numa_available() < 0)
		free(ptr);
	else
		numa_free(ptr, size);
}
