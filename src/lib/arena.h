/* SPDX-License-Identifier: GPL-2.0 */
#ifndef RMAPBENCH_ARENA_H
#define RMAPBENCH_ARENA_H

#include <stdbool.h>
#include <stddef.h>

/*
 * A thread's arena in huge pages, for the world of a modelled point:
 * between arena_open() and arena_close(), this thread's mem_alloc()s are
 * carved from 2 MiB-aligned regions in transparent huge pages.  The model
 * runs every virtual CPU on one host thread, and a switch between them
 * reads the next CPU's page tables, chain nodes and struct pages: each a
 * mapping of its own, in 4 KiB pages, and the 1024-CPU point spent a host
 * TLB miss on most switches.  (The kernel's own struct pages, page tables
 * and slabs sit in its direct map, in large pages.)  A measured point
 * opens none: its memory stays where --mem puts it.
 */
void arena_open(void);
/* Unmaps everything carved since arena_open(), freed or not. */
void arena_close(void);
/* size zeroed bytes, 4 KiB-aligned; NULL without an open arena or memory. */
void *arena_alloc(size_t size);
/* Whether p is the open arena's: arena_close() gives it back then. */
bool arena_has(const void *p);
/* An x86 huge page: what huge_map() aligns to. */
#define HUGE_PAGE_SIZE ((size_t)2 << 20)

/* len rounded up to whole huge pages. */
static inline size_t huge_len(size_t len)
{
	return (len + HUGE_PAGE_SIZE - 1) & ~(HUGE_PAGE_SIZE - 1);
}

/*
 * len zeroed bytes, 2 MiB-aligned, in transparent huge pages where the
 * kernel gives them (madvise(MADV_HUGEPAGE), which its default "madvise"
 * mode honours); NULL when out of memory.  munmap() gives them back.
 */
void *huge_map(size_t len);

#endif
