// SPDX-License-Identifier: GPL-2.0
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include "arena.h"
#include "util.h"

#define ARENA_HUGE ((size_t)2 << 20)
#define ARENA_REGION ((size_t)64 << 20)
#define ARENA_ALIGN ((size_t)4096)
#define ARENA_SIZES 16

/*
 * Regions are carved from the bottom up and never given back before
 * arena_close(); a freed piece waits on the list of its size (a fork's
 * page table, an exit's, are the same size again and again) and is
 * zeroed when taken.
 */
struct arena {
	char **regions;
	size_t *lens, nr_regions;
	char *next, *end;
	struct {
		size_t size;
		void *head; /* each free piece's first word links the next */
	} free[ARENA_SIZES];
};

static _Thread_local struct arena *arena;

static size_t round_up(size_t n, size_t to)
{
	return (n + to - 1) & ~(to - 1);
}

/* A 2 MiB-aligned region of len bytes in huge pages, or NULL. */
static char *region_map(size_t len)
{
	char *p = mmap(NULL, len + ARENA_HUGE, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	char *a;

	if (p == MAP_FAILED)
		return NULL;
	a = (char *)round_up((uintptr_t)p, ARENA_HUGE);
	if (a > p)
		munmap(p, a - p);
	munmap(a + len, p + ARENA_HUGE - a);
	madvise(a, len, MADV_HUGEPAGE);
	return a;
}

static bool region_add(struct arena *a, size_t size)
{
	size_t len =
		size > ARENA_REGION ? round_up(size, ARENA_HUGE) : ARENA_REGION;
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
	r = region_map(len);
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

static void *take_free(struct arena *a, size_t size)
{
	for (unsigned int i = 0; i < ARENA_SIZES && a->free[i].size; i++) {
		void *p = a->free[i].head;

		if (a->free[i].size != size || !p)
			continue;
		memcpy(&a->free[i].head, p, sizeof(void *));
		return memset(p, 0, size);
	}
	return NULL;
}

void *arena_alloc(size_t size)
{
	void *p;

	if (!arena || !arena->nr_regions)
		return NULL;
	size = round_up(size ? size : 1, ARENA_ALIGN);
	p = take_free(arena, size);
	if (p)
		return p;
	arena->next = (char *)round_up((uintptr_t)arena->next, ARENA_ALIGN);
	if ((size_t)(arena->end - arena->next) < size &&
	    !region_add(arena, size))
		return NULL;
	p = arena->next;
	arena->next += size;
	return p;
}

bool arena_free(void *p, size_t size)
{
	size_t i;

	if (!arena || !p)
		return false;
	for (i = 0; i < arena->nr_regions; i++)
		if ((char *)p >= arena->regions[i] &&
		    (char *)p < arena->regions[i] + arena->lens[i])
			break;
	if (i == arena->nr_regions)
		return false;
	size = round_up(size ? size : 1, ARENA_ALIGN);
	/* a size the lists have no room for waits for arena_close() */
	for (i = 0; i < ARENA_SIZES; i++) {
		if (arena->free[i].size && arena->free[i].size != size)
			continue;
		arena->free[i].size = size;
		memcpy(p, &arena->free[i].head, sizeof(void *));
		arena->free[i].head = p;
		break;
	}
	return true;
}
