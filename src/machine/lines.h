/* SPDX-License-Identifier: GPL-2.0 */
#ifndef RMAPBENCH_MACHINE_LINES_H
#define RMAPBENCH_MACHINE_LINES_H

/*
 * The line table: the number of the line an address falls in, its state
 * (struct line) and its holders made on the first touch, in the chunk of
 * the host's memory that holds the address (struct chunk).  The map below
 * finds a chunk by its id, and the CPU that took a lock word last.
 */
#include "machine_impl.h"

static size_t map_slot(const struct map *mp, uintptr_t key)
{
	return (size_t)((key * 0x9e3779b97f4a7c15ull) >> 20) & (mp->size - 1);
}

static void map_init(struct map *mp, size_t size)
{
	mp->size = size;
	mp->used = 0;
	mp->ent = huge_zalloc(size * sizeof(*mp->ent));
	if (!mp->ent)
		oom();
	memset(mp->ent, 0xff, size * sizeof(*mp->ent));
}

static void map_free(struct map *mp)
{
	huge_free(mp->ent, mp->size * sizeof(*mp->ent));
}

/* The slot of key, or the empty slot where it would go. */
static size_t map_find(const struct map *mp, uintptr_t key)
{
	size_t i = map_slot(mp, key);

	while (mp->ent[i].val != NIL && mp->ent[i].key != key)
		i = (i + 1) & (mp->size - 1);
	return i;
}

static void map_grow(struct map *mp)
{
	struct map old = *mp;

	map_init(mp, old.size * 2);
	for (size_t i = 0; i < old.size; i++)
		if (old.ent[i].val != NIL) {
			mp->ent[map_find(mp, old.ent[i].key)] = old.ent[i];
			mp->used++;
		}
	map_free(&old);
}

/* The value slot for key, inserted as NIL-valued... set by the caller. */
static uint32_t *map_get(struct map *mp, uintptr_t key, bool *fresh)
{
	size_t i = map_find(mp, key);

	*fresh = mp->ent[i].val == NIL;
	if (*fresh) {
		if (2 * (mp->used + 1) > mp->size) {
			map_grow(mp);
			i = map_find(mp, key);
		}
		mp->ent[i].key = key;
		mp->used++;
	}
	return &mp->ent[i].val;
}

static size_t chunk_lines(const struct machine *m)
{
	return (size_t)1 << m->chunk_bits;
}

static void chunk_free(const struct machine *m, struct chunk *c)
{
	huge_free(c->line, chunk_lines(m) * sizeof(*c->line));
	huge_free(c->holders, chunk_lines(m) * m->nwords * sizeof(*c->holders));
}

static uint32_t new_chunk(struct machine *m, uintptr_t id)
{
	size_t n = chunk_lines(m);
	bool fresh;
	uint32_t *slot = map_get(&m->chunk_map, id, &fresh);
	struct chunk *c;

	if (!fresh)
		return *slot;
	/* a line's number must fit 32 bits, and not be NIL */
	if ((m->nr_chunks + 1) << m->chunk_bits > NIL)
		oom();
	m->chunks = xrealloc(m->chunks, (m->nr_chunks + 1) * sizeof(*c));
	c = &m->chunks[m->nr_chunks];
	c->line = huge_zalloc(n * sizeof(*c->line));
	c->holders = huge_zalloc(n * m->nwords * sizeof(*c->holders));
	if (!c->line || !c->holders)
		oom();
	*slot = m->nr_chunks;
	return m->nr_chunks++;
}

/* The chunk cache's entry for tag's chunk. */
static inline struct chunk_ref *chunk_ref(struct machine *m, uintptr_t tag)
{
	uintptr_t id = tag >> m->chunk_bits;

	return &m->chunk_cache[id & (CHUNK_CACHE_SIZE - 1)];
}

/* The line of tag if the chunk cache has its chunk, else NIL. */
static inline uint32_t cached_line(struct machine *m, uintptr_t tag)
{
	const struct chunk_ref *c = chunk_ref(m, tag);

	if (c->id != tag >> m->chunk_bits)
		return NIL;
	return c->index << m->chunk_bits | chunk_off(m, (uint32_t)tag);
}

/*
 * A modelled object must sit where the command, the seed and the input
 * files alone place it, never on a CPU's stack: a coroutine's, whose
 * depth at a call the compiler picks.  The line the model gave it there,
 * whom it shares that line with and which walk it continues, would move
 * modelled rows when code only moved (docs/model.md, "Determinism").
 * Checked once per line, at its first touch.
 */
static noinline __attribute__((cold)) void check_placed(const struct machine *m,
							uintptr_t tag)
{
	const char *p = (const char *)(tag << m->line_shift);

	if (p < m->stacks || p >= m->stacks + m->ncpus * STACK_STRIDE)
		return;
	fprintf(stderr,
		"rmapbench: a modelled access to %p, on modelled CPU %zu's stack\n",
		(const void *)p, (size_t)(p - m->stacks) / STACK_STRIDE);
	abort();
}

/* The line of tag; the first touch makes it, homed at cpu's node. */
static inline uint32_t line_of(struct machine *m, uintptr_t tag,
			       unsigned int cpu)
{
	uint32_t line = cached_line(m, tag);
	struct line *l;

	if (unlikely(line == NIL)) {
		struct chunk_ref *c = chunk_ref(m, tag);

		c->id = tag >> m->chunk_bits;
		c->index = new_chunk(m, c->id);
		line = cached_line(m, tag);
	}
	l = line_at(m, line);
	/*
	 * whether cpu holds it is asked next, and then who else does: the
	 * misses at once
	 */
	prefetch_holders(m, line);
	if (unlikely(!l->born)) {
		check_placed(m, tag);
		*l = (struct line){
			.waitq = NIL,
			.home = m->prof->cpu[cpu].node,
			.state = LINE_I,
			.born = true,
		};
	}
	return line;
}

#endif
