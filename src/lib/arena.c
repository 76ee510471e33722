// SPDX-License-Identifier: GPL-2.0
#include <stdint.h>
#include <stdlib.h>
#include <sys/mman.h>
#include "arena.h"
#include "util.h"

#define ARENA_REGION ((size_t)64 << 20)
#define ARENA_ALIGN ((size_t)4096)

/*
 * Regions are carved from the bottom up, and nothing is given back
 * before arena_close(): a point frees its world only when it ends.
 */
struct arena {
	char **regions;
	size_t *lens, nr_regions;
	char *next, *end;
};

static _Thread_local struct arena *arena;

static size_t round_up(size_t n, size_t to)
{
	return (n + to - 1) & ~(to - 1);
}

void *huge_map(size_t len)
{
	char *p = mmap(NULL, len + HUGE_PAGE_SIZE, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	char *a;

	if (p == MAP_FAILED)
		return NULL;
	a = (char *)round_up((uintptr_t)p, HUGE_PAGE_SIZE);
	if (a > p)
		munmap(p, a - p);
	munmap(a + len, p + HUGE_PAGE_SIZE - a);
	madvise(a, len, MADV_HUGEPAGE);
	return a;
}

static bool region_add(struct arena *a, size_t size)
{
	size_t len =
		size > ARENA_REGION ? huge_len(size) : ARENA_REGION;
	char **regions =
		realloc(a->regions, (a->nr_regions + 1) * sizeof(*regions));
	size_t *lens;
	char *r;

	if (!regions)
		return false;
	a->regions = regions;
	lens = realloc(a->lens, (a->nr_regions + 1) * sizeof(*lens));
	if (!lens)
		return false;
	a->lens = lens;
	r = huge_map(len);
	if (!r)
		return false;
	a->regions[a->nr_regions] = r;
	a->lens[a->nr_regions++] = len;
	a->next = r;
	a->end = r + len;
	return true;
}

void arena_open(void)
{
	arena = calloc(1, sizeof(*arena));
	/* a test's move of the world (layout_skew()): it starts higher */
	if (arena && region_add(arena, 0))
		arena->next += layout_skew();
}

void arena_close(void)
{
	if (!arena)
		return;
	for (size_t i = 0; i < arena->nr_regions; i++)
		munmap(arena->regions[i], arena->lens[i]);
	free(arena->regions);
	free(arena->lens);
	free(arena);
	arena = NULL;
}

void *arena_alloc(size_t size)
{
	void *p;

	if (!arena || !arena->nr_regions)
		return NULL;
	size = round_up(size ? size : 1, ARENA_ALIGN);
	arena->next = (char *)round_up((uintptr_t)arena->next, ARENA_ALIGN);
	if ((size_t)(arena->end - arena->next) < size &&
	    !region_add(arena, size))
		return NULL;
	p = arena->next;
	arena->next += size;
	return p;
}

bool arena_has(const void *p)
{
	if (!arena || !p)
		return false;
	for (size_t i = 0; i < arena->nr_regions; i++)
		if ((const char *)p >= arena->regions[i] &&
		    (const char *)p < arena->regions[i] + arena->lens[i])
			return true;
	return false;
}
