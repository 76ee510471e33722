/* SPDX-License-Identifier: GPL-2.0 */
#ifndef RMAPBENCH_MEM_H
#define RMAPBENCH_MEM_H

#include <stddef.h>

/*
 * Placed memory: the page pool, the lock table and per-thread data come from
 * libnuma under the run's memory policy, so where they live is a knob, not
 * an accident of first touch.  Memory is zeroed.  NULL on failure.
 */
void *mem_alloc(size_t size);
void mem_free(void *ptr, size_t size);

#endif
