// SPDX-License-Identifier: GPL-2.0
/*
 * The modelled machine: MESI caches, a private LRU cache per CPU, and a
 * scheduler that runs the virtual CPU with the smallest clock.
 *
 * Coherence is MESI with cache-to-cache transfers: a read miss is served by
 * the nearest CPU holding the line (Modified and Exclusive holders drop to
 * Shared; the write-back that MESI implies costs nothing extra), else by
 * memory, where the line's home is the node of the CPU that touched it first
 * (Linux's first-touch policy).  A write needs the only copy: it invalidates
 * every other copy and pays for the farthest one, since the write completes
 * when the last acknowledgement arrives.  A locked RMW is a write plus the
 * profile's atomic cost.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "coro.h"
#include "lib/compiler.h"
#include "machine.h"

#define NIL UINT32_MAX
#define STACK_SIZE (256 * 1024)

enum mesi { LINE_I, LINE_S, LINE_E, LINE_M };

/*
 * A line.  Which CPUs hold a copy is a bitmap (holders()), so that whether
 * a CPU holds it, and which holder is nearest or farthest, cost a few
 * words and not a walk over a thousand sharers: the model is bound by its
 * own cache misses.
 */
struct line {
	uint16_t ncopies; /* one when E or M */
	uint16_t home;	  /* NUMA node of the first toucher */
	uint32_t waitq;	  /* CPUs parked in machine_spin(), or NIL */
	uint8_t state;	  /* enum mesi */
	bool born;	  /* touched: the fields above are set */
	bool strict;	  /* RMW'd or spun on: no CPU runs ahead on it */
	/* the largest keys of reads and writes a CPU ran ahead with */
	uint64_t ahead_r, ahead_w;
} __attribute__((aligned(32))); /* one host cache line, not two */
_Static_assert(MACHINE_MAX_CPUS <= UINT16_MAX, "a line counts its copies");

/*
 * A CPU's copies by line, once it has evicted (untabled(), table_build()):
 * open addressing, linear probing.  stamp is the number of the line's
 * newest touch in the CPU's ring (struct vcpu), as of the touch synced
 * (table_sync()); an entry may be of a line the CPU no longer holds.
 */
struct held {
	uint32_t line; /* NIL: an empty slot */
	uint32_t stamp;
};

/*
 * Streams a CPU's prefetcher follows: a walk over struct pages, one over
 * page tables and one over the child's, with a spare (the L2 stream
 * prefetchers of Zen and of Intel cores since Nehalem track 16 or more).
 */
#define NR_STREAMS 4

struct vcpu {
	/* what an access reads and writes, in the first host line */
	uint64_t clock;
	/*
	 * The line of this CPU's last access while it still holds a copy
	 * (then its newest touch), or last_tag UINTPTR_MAX: kernel code
	 * touches a line several times running (a chain node's slots, a
	 * struct page's fields), and a repeat needs neither map.
	 */
	uintptr_t last_tag;
	/*
	 * The CPU's touches, oldest first: the ring its LRU is read from.
	 * Touch number stamp is of line ring[stamp & ring_mask].  A touch is
	 * current while it is its line's newest and the CPU holds the line,
	 * and the oldest current touch is the least recently used line.
	 * Stale touches are skipped when read and dropped when the ring
	 * fills: exact LRU, with no list to relink on a hit.
	 *
	 * Which lines a CPU holds is its bit in their holders.  Only an
	 * eviction needs to know which touches are current: until its first,
	 * a CPU keeps no table (held is NULL), and then the table of its
	 * lines' newest touches is brought up to date at each eviction
	 * (table_sync()), not at each touch.  Most CPUs of a large machine
	 * evict rarely, and a probe of a thousand tables at every access was
	 * the model's most frequent host miss.
	 */
	uint32_t *ring;
	struct coro *co;
	uint32_t last_line;
	uint32_t ahead; /* repeats it may yet run ahead with (run_ahead()) */
	unsigned int id;
	uint32_t ring_mask;
	uint32_t ring_head, tick; /* the oldest touch kept; the next */
	uint32_t nlines;	  /* copies held */
	uint32_t synced;	  /* the table has every touch before it */
	struct machine_stats st;
	uint64_t parked_at;
	struct held *held;
	uint32_t held_mask; /* slots - 1 */
	uint32_t nentries;  /* the table's entries, stale ones too */
	/* read on a miss only */
	uint64_t c2c[NR_DISTANCES]; /* a transfer from each distance, ps */
	/*
	 * The store buffer (store_commit()): when its youngest store
	 * commits, and its entries' commit times, a ring of the profile's
	 * store_buffer entries.
	 */
	uint64_t sb_done;
	uint64_t *sb;
	uint32_t sb_n;
	uint32_t ticket;  /* parked in FIFO order: its ticket */
	uint8_t stream_rr; /* the stream entry to replace next */
	uintptr_t stream[NR_STREAMS]; /* the next line of each stream */
} __attribute__((aligned(64)));

/*
 * An open-addressed map of tags to 32-bit values, each key beside its
 * value: a probe is one host cache miss, not two.
 */
struct map_ent {
	uintptr_t key;
	uint32_t val; /* NIL: an empty slot */
};

struct map {
	struct map_ent *ent;
	size_t size, used;
};

/*
 * Lines live in the 2 MiB chunk of the host's memory that holds them:
 * each chunk has a dense array of its lines and one of their holders,
 * calloc'd, so untouched pages of them cost no memory.  A line's number is
 * its chunk's index and its place in the chunk, so finding a line is
 * finding its chunk (few chunks: a direct-mapped cache in front of a map),
 * with no hash and no table of line numbers to miss in; and neighbouring
 * lines (a struct page array, a chain node's slots) share host cache lines
 * of their arrays.
 */
#define CHUNK_SHIFT 21
#define CHUNK_CACHE_SIZE 1024

struct chunk {
	struct line *line;
	uint64_t *holders; /* nwords a line */
};

struct chunk_ref {
	uintptr_t id; /* address >> CHUNK_SHIFT; UINTPTR_MAX: empty */
	uint32_t index;
};

/*
 * The CPUs within each distance of a CPU, its own included, when they are
 * numbered in a row, as a machine numbered core by core is (spans_init()):
 * [lo[d], hi[d]).  The farthest distance's span is every CPU.
 */
struct span {
	uint16_t lo[NR_DISTANCES], hi[NR_DISTANCES];
};

/*
 * A line's queue, which a line gets when a CPU spins on it or takes a
 * locked operation on it (a lock word, a counter): the CPUs parked on it
 * are its bitmap in wq_bits.
 */
struct waitq {
	uint32_t n;	 /* CPUs parked */
	uint32_t bits;	 /* its bitmap in wq_bits; NIL until a CPU parks */
	uint32_t writer; /* whose write completes at done, or NIL */
	uint64_t done;	 /* when the line's last write completes */
	bool fifo;	 /* its waiters are served in ticket order */
};

struct machine {
	const struct machine_profile *prof;
	struct chunk_ref chunk_cache[CHUNK_CACHE_SIZE];
	unsigned int ncpus, line_shift;
	unsigned int chunk_bits; /* a chunk holds 1 << chunk_bits lines */
	struct vcpu *cpu;
	struct map chunk_map; /* chunk id -> index in chunks */
	struct chunk *chunks;
	size_t nr_chunks;
	struct map lock_map;   /* lock word address -> CPU that took it last */
	uint32_t *seen, *kept; /* ring_compact()'s scratch */
	size_t scratch;	       /* ring entries they have room for */
	/*
	 * Bitmaps over CPU numbers, nwords words each: near[cpu][d] holds the
	 * CPUs at distance d or nearer from cpu (not cpu itself); a line's
	 * holders, its copies; a wait queue, the CPUs parked on one line,
	 * wq[q].n of them.
	 */
	unsigned int nwords;
	uint32_t *where; /* where[cpu]: where_of(), for cpu_distance() */
	uint64_t *near;
	struct span *span; /* by CPU, when spans_init() found them; or NULL */
	uint64_t *wq_bits;
	struct waitq *wq;
	size_t nr_wq, wq_cap;
	size_t nr_bits, bits_cap; /* bitmaps in wq_bits */
	uint64_t rng; /* arbitration's jitter: seeded by the CPUs' phases */
	bool seeded;
	uint64_t overlap_1000; /* profile overlap * 1000 */
	uint64_t *tree; /* runnable CPUs' keys, a tournament (the scheduler) */
	uint16_t *slot; /* by CPU: its leaf, while in the tree */
	uint16_t *free_slot; /* leaves no CPU sits at, nr_free of them */
	unsigned int nr_free;
	uintptr_t *pending; /* by CPU: the tag it waits on, or UINTPTR_MAX */
	unsigned int leaves;
	unsigned int parked;
	struct coro *main;
	machine_fn fn;
	void *arg;
	bool deadlock;
	bool strict;   /* machine_set_strict(): no CPU runs ahead */
	bool conflict; /* a CPU ran ahead of an access it conflicts with */
};

static _Thread_local struct machine *cur_m;
static _Thread_local struct vcpu *cur;

static _Noreturn void oom(void)
{
	fprintf(stderr, "rmapbench: out of memory modelling a machine\n");
	exit(1);
}

static void *xrealloc(void *p, size_t n)
{
	void *q = realloc(p, n);

	if (!q)
		oom();
	return q;
}

/* ---- the map ---- */

static size_t map_slot(const struct map *mp, uintptr_t key)
{
	return (size_t)((key * 0x9e3779b97f4a7c15ull) >> 20) & (mp->size - 1);
}

static void map_init(struct map *mp, size_t size)
{
	mp->size = size;
	mp->used = 0;
	mp->ent = xrealloc(NULL, size * sizeof(*mp->ent));
	memset(mp->ent, 0xff, size * sizeof(*mp->ent));
}

static void map_free(struct map *mp)
{
	free(mp->ent);
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

/* ---- the scheduler ---- */

/*
 * Keys are clock << KEY_ID_BITS | id: one integer compare orders by clock,
 * then by CPU number, without touching the CPUs.  Clocks stay below 2^54
 * ps (five hours of virtual time); key_of() checks.
 */
#define KEY_ID_BITS 10
#define KEY_CLOCK_MAX (UINT64_MAX >> KEY_ID_BITS)
#define KEY_NONE UINT64_MAX /* not runnable: running, parked or done */
_Static_assert(MACHINE_MAX_CPUS <= 1 << KEY_ID_BITS, "CPU ids fit the key");

static inline uint64_t key_of(const struct vcpu *v)
{
	if (unlikely(v->clock >= KEY_CLOCK_MAX)) {
		fprintf(stderr,
			"rmapbench: a modelled CPU ran past %llu ps of virtual time; model fewer forks\n",
			(unsigned long long)KEY_CLOCK_MAX);
		exit(1);
	}
	return v->clock << KEY_ID_BITS | v->id;
}

static inline uint32_t key_id(uint64_t key)
{
	return key & ((1u << KEY_ID_BITS) - 1);
}

/*
 * The runnable CPUs form a tournament tree: each sits at a leaf (slot[id]:
 * tree[leaves + slot] holds its key), every inner node the smaller of its
 * two children, so the root, tree[1], is the CPU to run next.  A change
 * replays one path from leaf to root, a load and a conditional move per
 * level, where a heap's sift compares both ways at every level and
 * mispredicts half of them.  CPUs switch at nearly every access of a
 * large machine, and a CPU that yields takes the leaf of the CPU it
 * yields to (tree_swap()): one path, not two.  Which leaf a CPU sits at
 * does not change the root, as keys order by clock and CPU alone.
 */
static void tree_set(struct machine *m, uint32_t slot, uint64_t key)
{
	size_t i = m->leaves + slot;

	m->tree[i] = key;
	for (; i > 1; i /= 2) {
		uint64_t sib = m->tree[i ^ 1];

		key = sib < key ? sib : key;
		m->tree[i / 2] = key;
	}
}

static inline bool runnable(const struct machine *m)
{
	return m->tree[1] != KEY_NONE;
}

/* CPU id, not running, joins the tree at a free leaf. */
static void tree_push(struct machine *m, uint32_t id)
{
	uint32_t slot = m->free_slot[--m->nr_free];

	m->slot[id] = slot;
	tree_set(m, slot, key_of(&m->cpu[id]));
}

/* The CPU to run next leaves the tree. */
static uint32_t tree_pop(struct machine *m)
{
	uint32_t id = key_id(m->tree[1]);

	tree_set(m, m->slot[id], KEY_NONE);
	m->free_slot[m->nr_free++] = m->slot[id];
	return id;
}

/* The CPU to run next leaves the tree, and CPU id takes its leaf with key. */
static uint32_t tree_swap(struct machine *m, uint32_t id, uint64_t key)
{
	uint32_t next = key_id(m->tree[1]);

	m->slot[id] = m->slot[next];
	tree_set(m, m->slot[id], key);
	return next;
}

static void switch_to(struct machine *m, struct coro *from, struct vcpu *to)
{
	struct vcpu *self = cur;

	cur = to;
	coro_switch(from, to->co);
	cur = self;
	(void)m;
}

/* Ends the run: back to machine_run(), leaving every CPU where it is. */
static void run_end(struct machine *m)
{
	struct vcpu *self = cur;

	cur = NULL;
	coro_switch(self->co, m->main);
}

/* Leaves the running CPU (not in the tree) for the next one, or main. */
static void run_next(struct machine *m)
{
	if (runnable(m)) {
		switch_to(m, cur->co, &m->cpu[tree_pop(m)]);
		return;
	}
	if (m->parked)
		m->deadlock = true;
	run_end(m);
}

/* ---- CPU sets ---- */

static inline bool cpu_in(const uint64_t *set, unsigned int cpu)
{
	return set[cpu / 64] >> (cpu % 64) & 1;
}

static inline void cpu_set(uint64_t *set, unsigned int cpu)
{
	set[cpu / 64] |= 1ull << (cpu % 64);
}

static inline void cpu_clear(uint64_t *set, unsigned int cpu)
{
	set[cpu / 64] &= ~(1ull << (cpu % 64));
}

static const uint64_t *near_bits(const struct machine *m, unsigned int cpu,
				 enum distance d)
{
	return &m->near[((size_t)cpu * NR_DISTANCES + d) * m->nwords];
}

/*
 * profile_distance() between CPUs at a and b (where_of()): a few ALU
 * operations on words of a 4 KiB array, where a table of every pair was
 * a host miss per holder asked about.
 */
static inline enum distance cpu_distance(uint32_t a, uint32_t b)
{
	uint32_t x = a ^ b;

	if (!(x & 0x3ff))
		return DIST_SMT;
	if (!(x & 0xffc00))
		return DIST_L3;
	if (!(x >> 20))
		return DIST_SOCKET;
	return DIST_REMOTE;
}

/*
 * set_distance() for a set of few CPUs: each member's distance, in the
 * order of their numbers (so a tie keeps the lowest).
 */
static enum distance members_distance(const struct machine *m,
				      const uint64_t *a, const uint64_t *b,
				      unsigned int n, unsigned int cpu,
				      bool want_far, uint32_t *who)
{
	uint32_t here = m->where[cpu];
	enum distance best = NR_DISTANCES;

	/* n, counting a CPU in both sets twice, bounds the members */
	for (unsigned int w = 0; w < m->nwords && n; w++) {
		uint64_t x = a[w] | (b ? b[w] : 0);

		for (; x && n; n--) {
			unsigned int o = w * 64 + __builtin_ctzll(x);
			enum distance d = cpu_distance(here, m->where[o]);

			x &= x - 1;
			if (o == cpu)
				continue;
			if (best == NR_DISTANCES ||
			    (want_far ? d > best : d < best)) {
				best = d;
				*who = o;
			}
		}
	}
	return best;
}

/* The bits of word w within [lo, hi), which it overlaps. */
static inline uint64_t span_mask(unsigned int w, unsigned int lo,
				 unsigned int hi)
{
	uint64_t x = ~0ull;

	if (lo > w * 64)
		x <<= lo - w * 64;
	if (hi < w * 64 + 64)
		x &= (1ull << (hi - w * 64)) - 1;
	return x;
}

/* Word w of the set a | b, cpu left out. */
static inline uint64_t set_word(const uint64_t *a, const uint64_t *b,
				unsigned int w, unsigned int cpu)
{
	uint64_t x = a[w] | (b ? b[w] : 0);

	if (w == cpu / 64)
		x &= ~(1ull << (cpu % 64));
	return x;
}

/* Whether span d of sp holds a member of a | b but cpu; *who the lowest. */
static bool span_member(const struct span *sp, enum distance d,
			const uint64_t *a, const uint64_t *b, unsigned int cpu,
			uint32_t *who)
{
	unsigned int lo = sp->lo[d], hi = sp->hi[d];

	for (unsigned int w = lo / 64; w <= (hi - 1) / 64; w++) {
		uint64_t x = set_word(a, b, w, cpu) & span_mask(w, lo, hi);

		if (x) {
			*who = w * 64 + __builtin_ctzll(x);
			return true;
		}
	}
	return false;
}

/* Whether a | b has a member outside span d of sp (cpu is inside). */
static bool span_outside(const struct span *sp, enum distance d,
			 const uint64_t *a, const uint64_t *b,
			 unsigned int nwords, unsigned int cpu)
{
	unsigned int lo = sp->lo[d], hi = sp->hi[d];

	for (unsigned int w = 0; w < nwords; w++) {
		uint64_t x = set_word(a, b, w, cpu);

		if (x && w >= lo / 64 && w <= (hi - 1) / 64)
			x &= ~span_mask(w, lo, hi);
		if (x)
			return true;
	}
	return false;
}

/*
 * set_distance() on a machine with spans: the nearest member is the
 * lowest of the narrowest span holding one, the farthest lies just
 * outside the widest span that does not hold them all.
 */
static enum distance span_nearest(const struct span *sp, const uint64_t *a,
				  const uint64_t *b, unsigned int cpu,
				  uint32_t *who)
{
	for (enum distance d = DIST_SMT; d < NR_DISTANCES; d++)
		if (span_member(sp, d, a, b, cpu, who))
			return d;
	return NR_DISTANCES;
}

static enum distance span_farthest(const struct span *sp, const uint64_t *a,
				   const uint64_t *b, unsigned int nwords,
				   unsigned int cpu)
{
	uint32_t who;

	for (enum distance d = DIST_REMOTE; d-- > DIST_SMT;)
		if (span_outside(sp, d, a, b, nwords, cpu))
			return d + 1;
	return span_member(sp, DIST_SMT, a, b, cpu, &who) ? DIST_SMT :
							    NR_DISTANCES;
}

/*
 * The distance from cpu to the nearest (want_far false) or the farthest
 * other CPU of the set a | b (b may be NULL), of about n members, and in
 * *who the lowest-numbered CPU at the nearest distance; NR_DISTANCES when
 * the set holds no other CPU.  Where CPUs are numbered core by core, the
 * set is asked through cpu's spans; else a large set through its
 * neighbourhoods, a few words per distance, not member by member.  The
 * spans' answer is the neighbourhoods' (rows byte-identical): they are the
 * same sets, told by two bounds instead of a row of words that was a host
 * miss (17% of the 1024-CPU pagebit point's host time went to finding
 * holders' distances).
 */
static enum distance set_distance(const struct machine *m, const uint64_t *a,
				  const uint64_t *b, unsigned int n,
				  unsigned int cpu, bool want_far,
				  uint32_t *who)
{
	bool any = false;

	if (m->span && !want_far)
		return span_nearest(&m->span[cpu], a, b, cpu, who);
	if (m->span)
		return span_farthest(&m->span[cpu], a, b, m->nwords, cpu);
	if (n <= 16)
		return members_distance(m, a, b, n, cpu, want_far, who);
	for (enum distance d = DIST_SMT; d < NR_DISTANCES; d++) {
		const uint64_t *near = near_bits(m, cpu, d);
		bool outside = false;

		for (unsigned int w = 0; w < m->nwords && !outside; w++) {
			uint64_t x = set_word(a, b, w, cpu);

			if (!x)
				continue;
			any = true;
			if (want_far) {
				outside = x & ~near[w];
			} else if (x & near[w]) {
				*who = w * 64 + __builtin_ctzll(x & near[w]);
				return d;
			}
		}
		if (!any)
			return NR_DISTANCES;
		if (want_far && !outside)
			return d;
	}
	return NR_DISTANCES;
}

/* ---- the caches ---- */

static inline uint32_t chunk_off(const struct machine *m, uint32_t line)
{
	return line & ((1u << m->chunk_bits) - 1);
}

static inline struct line *line_at(const struct machine *m, uint32_t line)
{
	return &m->chunks[line >> m->chunk_bits].line[chunk_off(m, line)];
}

static inline uint64_t *holders(const struct machine *m, uint32_t line)
{
	return &m->chunks[line >> m->chunk_bits]
			.holders[(size_t)chunk_off(m, line) * m->nwords];
}

static inline void prefetch_holders(const struct machine *m, uint32_t line)
{
	const char *h = (const char *)holders(m, line);

	for (unsigned int b = 0; b < m->nwords * 8; b += 64)
		__builtin_prefetch(h + b);
}

static uint32_t new_chunk(struct machine *m, uintptr_t id)
{
	size_t n = (size_t)1 << m->chunk_bits;
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
	c->line = calloc(n, sizeof(*c->line));
	c->holders = calloc(n * m->nwords, sizeof(*c->holders));
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
	if (unlikely(!l->born))
		*l = (struct line){
			.waitq = NIL,
			.home = m->prof->cpu[cpu].node,
			.state = LINE_I,
			.born = true,
		};
	return line;
}

static inline uint32_t line_hash(uint32_t line, uint32_t mask)
{
	return (uint32_t)((line * 0x9e3779b97f4a7c15ull) >> 32) & mask;
}

static inline uint32_t held_slot(const struct vcpu *v, uint32_t line)
{
	return line_hash(line, v->held_mask);
}

/* The slot of line in v's table, or the empty slot where it would go. */
static uint32_t held_find(const struct vcpu *v, uint32_t line)
{
	uint32_t i = held_slot(v, line);

	while (v->held[i].line != NIL && v->held[i].line != line)
		i = (i + 1) & v->held_mask;
	return i;
}

/* A new, empty table for v, with room for n entries. */
static void held_alloc(struct vcpu *v, uint32_t n)
{
	uint32_t size = 1024;

	while (size < 2 * (n + 1))
		size *= 2;
	v->held_mask = size - 1;
	v->held = xrealloc(NULL, size * sizeof(*v->held));
	memset(v->held, 0xff, size * sizeof(*v->held));
	v->nentries = 0;
}

/* Sets line's entry in v's table (room for it was made) to stamp. */
static void held_set(struct vcpu *v, uint32_t line, uint32_t stamp)
{
	uint32_t i = held_find(v, line);

	v->nentries += v->held[i].line == NIL;
	v->held[i] = (struct held){ .line = line, .stamp = stamp };
}

static void held_grow(struct vcpu *v)
{
	struct held *old = v->held;
	uint32_t n = v->held_mask + 1;

	held_alloc(v, v->nentries + 1);
	for (uint32_t i = 0; i < n; i++)
		if (old[i].line != NIL)
			held_set(v, old[i].line, old[i].stamp);
	free(old);
}

/* Empties slot i, shifting back the entries that probed past it. */
static void held_del(struct vcpu *v, uint32_t i)
{
	uint32_t j = i;

	v->nentries--;
	for (;;) {
		uint32_t k;

		j = (j + 1) & v->held_mask;
		if (v->held[j].line == NIL)
			break;
		k = held_slot(v, v->held[j].line);
		if (((j - k) & v->held_mask) >= ((j - i) & v->held_mask)) {
			v->held[i] = v->held[j];
			i = j;
		}
	}
	v->held[i].line = NIL;
}

static inline bool untabled(const struct vcpu *v)
{
	return !v->held;
}

/* Whether v holds a copy of line: its bit in the line's holders. */
static inline bool holds(const struct machine *m, const struct vcpu *v,
			 uint32_t line)
{
	return cpu_in(holders(m, line), v->id);
}

/*
 * A full ring keeps only its current touches, the newest touch of each
 * line the CPU still holds, renumbered from 0 in their order, in a ring
 * twice as large when the CPU's copies alone would fill half of this one.
 * They are found by one pass from the newest touch down, then one over
 * their holders bits (prefetched, as they are each a host miss).
 */
static void ring_compact(struct machine *m, struct vcpu *v)
{
	uint32_t n = v->ring_mask + 1, mask = 2 * n - 1;
	uint32_t distinct = 0, kept = 0;

	if (m->scratch < n) {
		m->scratch = n;
		m->seen = xrealloc(m->seen, 2 * n * sizeof(*m->seen));
		m->kept = xrealloc(m->kept, n * sizeof(*m->kept));
	}
	memset(m->seen, 0xff, 2 * n * sizeof(*m->seen));
	for (uint32_t t = v->tick; t-- != v->ring_head;) {
		uint32_t line = v->ring[t & v->ring_mask];
		uint32_t i = line_hash(line, mask);

		while (m->seen[i] != NIL && m->seen[i] != line)
			i = (i + 1) & mask;
		if (m->seen[i] == NIL) {
			m->seen[i] = line;
			m->kept[distinct++] = line;
		}
	}
	for (uint32_t d = 0; d < distinct; d++) {
		if (d + 16 < distinct)
			__builtin_prefetch(holders(m, m->kept[d + 16]) +
					   v->id / 64);
		if (holds(m, v, m->kept[d]))
			m->kept[kept++] = m->kept[d];
	}
	if (2 * v->nlines >= v->ring_mask + 1) {
		v->ring = xrealloc(v->ring,
				   2 * (v->ring_mask + 1) * sizeof(*v->ring));
		v->ring_mask = 2 * v->ring_mask + 1;
	}
	for (uint32_t t = 0; t < kept; t++)
		v->ring[t] = m->kept[kept - 1 - t];
	v->ring_head = 0;
	v->tick = kept;
}

/*
 * v's table, from its compacted ring: each copy stamped with the number
 * of its newest touch.
 */
static void table_build(struct machine *m, struct vcpu *v)
{
	ring_compact(m, v);
	free(v->held);
	held_alloc(v, v->nlines);
	for (uint32_t t = 0; t < v->tick; t++)
		held_set(v, v->ring[t], t);
	v->synced = v->tick;
}

/*
 * The table catches up with the touches pushed since it was last read:
 * each one stamps its line's entry.  Touches are pushed and copies
 * dropped without a look at the table, each of which was a host miss at
 * every access; here they come in a batch whose misses overlap.  Entries
 * of lines the CPU no longer holds are left to lru_copy() and
 * table_build().
 */
#define SYNC_AHEAD 8

static void table_sync(struct vcpu *v)
{
	for (uint32_t t = v->synced; t != v->tick; t++) {
		if (v->tick - t > SYNC_AHEAD)
			__builtin_prefetch(&v->held[held_slot(
				v, v->ring[(t + SYNC_AHEAD) & v->ring_mask])]);
		if (2 * (v->nentries + 1) > v->held_mask + 1)
			held_grow(v);
		held_set(v, v->ring[t & v->ring_mask], t);
	}
	v->synced = v->tick;
}

/* Room in the ring for one more touch. */
static void ring_reserve(struct machine *m, struct vcpu *v)
{
	if (v->tick - v->ring_head <= v->ring_mask)
		return;
	if (untabled(v))
		ring_compact(m, v);
	else
		table_build(m, v);
}

/* line becomes v's newest touch. */
static void ring_push(struct machine *m, struct vcpu *v, uint32_t line)
{
	ring_reserve(m, v);
	v->ring[v->tick & v->ring_mask] = line;
	v->tick++;
}

/* v touches its copy of line. */
static void touch(struct machine *m, struct vcpu *v, uint32_t line)
{
	if (v->tick != v->ring_head &&
	    v->ring[(v->tick - 1) & v->ring_mask] == line)
		return;
	ring_push(m, v, line);
}

/* Takes v's copy of line off the line (its table entry goes stale). */
static void drop_copy(struct machine *m, struct vcpu *v, uint32_t line)
{
	struct line *l = line_at(m, line);

	cpu_clear(holders(m, line), v->id);
	if (v->last_line == line)
		v->last_tag = UINTPTR_MAX;
	if (!--l->ncopies)
		l->state = LINE_I;
	v->nlines--;
}

/*
 * v's least recently used copy, off its synced table: the line of its
 * oldest touch that is current (its line's newest) and of a line it still
 * holds.  A stale entry met on the way goes.
 */
static uint32_t lru_copy(struct machine *m, struct vcpu *v)
{
	for (;;) {
		uint32_t stamp = v->ring_head++;
		uint32_t line = v->ring[stamp & v->ring_mask];
		uint32_t i = held_find(v, line);

		if (v->held[i].line == NIL || v->held[i].stamp != stamp)
			continue;
		held_del(v, i);
		if (holds(m, v, line))
			return line;
	}
}

/* v's cache is over capacity: its least recently used line goes. */
static void evict(struct machine *m, struct vcpu *v)
{
	v->st.evictions++;
	if (untabled(v))
		table_build(m, v);
	else
		table_sync(v);
	drop_copy(m, v, lru_copy(m, v));
}

/* Gives v a copy of line, evicting its least recently used line. */
static void add_copy(struct machine *m, struct vcpu *v, uint32_t line)
{
	cpu_set(holders(m, line), v->id);
	line_at(m, line)->ncopies++;
	ring_push(m, v, line);
	if (++v->nlines > m->prof->cache_lines)
		evict(m, v);
}

/* ---- the wait queues ---- */

/*
 * A CPU parked on a line (machine_spin()) gives up its copy and joins the
 * line's wait queue, a set of CPUs.  To the coherence model a parked CPU
 * still holds the line Shared, as a spinner that re-reads after every
 * invalidation does.
 */
/* The CPUs parked on queue q (which has had one: its bitmap is made). */
static uint64_t *wq_bits(const struct machine *m, uint32_t q)
{
	return &m->wq_bits[(size_t)m->wq[q].bits * m->nwords];
}

static unsigned int nr_parked(const struct machine *m, const struct line *l)
{
	return l->waitq == NIL ? 0 : m->wq[l->waitq].n;
}

static uint32_t new_waitq(struct machine *m)
{
	if (m->nr_wq == m->wq_cap) {
		m->wq_cap = m->wq_cap ? 2 * m->wq_cap : 64;
		m->wq = xrealloc(m->wq, m->wq_cap * sizeof(*m->wq));
	}
	m->wq[m->nr_wq] = (struct waitq){ .bits = NIL, .writer = NIL };
	return m->nr_wq++;
}

/*
 * Queue q's bitmap, made when a CPU first parks on it: most queues are
 * of lines only locked, never spun on (a page's count), and a bitmap is
 * 128 bytes at 1024 CPUs.
 */
static void wq_make_bits(struct machine *m, uint32_t q)
{
	if (m->wq[q].bits != NIL)
		return;
	if (m->nr_bits == m->bits_cap) {
		m->bits_cap = m->bits_cap ? 2 * m->bits_cap : 64;
		m->wq_bits = xrealloc(m->wq_bits, m->bits_cap * m->nwords *
							  sizeof(*m->wq_bits));
	}
	m->wq[q].bits = m->nr_bits++;
	memset(wq_bits(m, q), 0, m->nwords * sizeof(*m->wq_bits));
}

static void park(struct machine *m, struct line *l, unsigned int cpu)
{
	if (l->waitq == NIL)
		l->waitq = new_waitq(m);
	wq_make_bits(m, l->waitq);
	cpu_set(wq_bits(m, l->waitq), cpu);
	m->wq[l->waitq].n++;
	m->parked++;
}

static uint64_t rng_next(struct machine *m)
{
	uint64_t x = m->rng;

	x ^= x << 13;
	x ^= x >> 7;
	x ^= x << 17;
	m->rng = x;
	return x;
}

/* Member number k (from 0) of word set x. */
static unsigned int nth_bit(uint64_t x, unsigned int k)
{
	while (k--)
		x &= x - 1;
	return __builtin_ctzll(x);
}

/*
 * Of the parked CPUs at distance d from cpu (the nearest that has any),
 * one drawn by the arbitration's jitter: their re-reads land at the same
 * time, and which retry wins among equals is not the lowest number every
 * time on real hardware.
 */
static uint32_t draw_nearest(struct machine *m, const uint64_t *set,
			     unsigned int cpu, enum distance d)
{
	const uint64_t *in = near_bits(m, cpu, d);
	const uint64_t *nearer = d ? near_bits(m, cpu, d - 1) : NULL;
	unsigned int n = 0, k;

	for (unsigned int w = 0; w < m->nwords; w++)
		n += __builtin_popcountll(set[w] & in[w] &
					  ~(nearer ? nearer[w] : 0));
	k = n > 1 ? (unsigned int)(rng_next(m) % n) : 0;
	for (unsigned int w = 0;; w++) {
		uint64_t x = set[w] & in[w] & ~(nearer ? nearer[w] : 0);
		unsigned int c = __builtin_popcountll(x);

		if (k < c)
			return w * 64 + nth_bit(x, k);
		k -= c;
	}
}

/* Of a FIFO wait queue, the CPU with the oldest ticket (16-bit serials). */
static uint32_t oldest_ticket(const struct machine *m, const uint64_t *set)
{
	uint32_t who = NIL;

	for (unsigned int w = 0; w < m->nwords; w++)
		for (uint64_t x = set[w]; x; x &= x - 1) {
			uint32_t o = w * 64 + __builtin_ctzll(x);

			if (who == NIL ||
			    (int16_t)(uint16_t)(m->cpu[o].ticket -
						m->cpu[who].ticket) < 0)
				who = o;
		}
	return who;
}

/*
 * A write to a line with parked CPUs, complete at done (when its
 * invalidations reach the spinners: writes become visible when they
 * complete, not when they issue).  Every spinner re-reads the line, and
 * the line serves those re-reads one after another (Boyd-Wickizer,
 * Kaashoek, Morris, Zeldovich, "Non-scalable locks are dangerous", Linux
 * Symposium 2012), each a transfer, counted on the writer.  So a handoff
 * costs O(waiters) for locks whose waiters share one line
 * (test-and-test-and-set, ticket), and O(1) for a queued lock whose
 * waiters each spin on their own.
 *
 * One parked CPU is let go, and the herd's traffic is charged to it, the
 * next holder, as the time before its turn: under test-and-test-and-set,
 * one of the nearest (its invalidation and re-read land first; the
 * jitter draws among equals), whose locked retry then waits behind the
 * others' re-reads (their failed retries, after a release, are left
 * out: the model cannot tell a release from any other write).  Under a FIFO
 * (ticket) lock, the oldest ticket, whose re-read is served at a place
 * among the herd's that the jitter draws.  The others stay parked, as
 * the losers go back to spinning; they are not run (the model's own cost
 * stays O(1) per handoff).  What the herd's traffic would cost third
 * CPUs that touch the line meanwhile is left out.
 */
static void release_herd(struct machine *m, struct vcpu *v, struct line *l,
			 uint64_t done)
{
	uint32_t q = l->waitq, who = NIL, others;
	enum distance d;
	struct vcpu *w;
	uint64_t svc, at = done;

	d = set_distance(m, wq_bits(m, q), NULL, m->wq[q].n, v->id, false,
			 &who);
	if (m->wq[q].fifo)
		who = oldest_ticket(m, wq_bits(m, q));
	else if (d < NR_DISTANCES)
		who = draw_nearest(m, wq_bits(m, q), v->id, d);
	cpu_clear(wq_bits(m, q), who);
	m->wq[q].n--;
	m->parked--;
	others = m->wq[q].n;
	svc = v->c2c[d < NR_DISTANCES ? d : DIST_REMOTE];
	if (m->prof->herd_cost && m->wq[q].fifo) {
		at += rng_next(m) % (others + 1) * svc;
		v->st.transfers += others;
	} else if (m->prof->herd_cost) {
		at += others * svc;
		v->st.transfers += others;
	} else {
		v->st.transfers += others;
	}
	/*
	 * +1 ps: the woken CPU's own accesses follow the writer's at done,
	 * not before them when their numbers tie
	 */
	w = &m->cpu[who];
	if (w->clock < at + 1)
		w->clock = at + 1;
	w->st.spin_ps += w->clock - w->parked_at;
	tree_push(m, w->id);
}

/* ---- coherence ---- */

/*
 * The distance of the nearest (want_far false) or farthest holder of the
 * line other than cpu, copies and parked CPUs alike; NR_DISTANCES when no
 * other CPU holds it.
 */
static enum distance holder_distance(const struct machine *m, uint32_t line,
				     unsigned int cpu, bool want_far)
{
	const struct line *l = line_at(m, line);
	uint32_t who;

	return set_distance(m, holders(m, line),
			    nr_parked(m, l) ? wq_bits(m, l->waitq) : NULL,
			    l->ncopies + nr_parked(m, l), cpu, want_far, &who);
}

static uint64_t memory_cost(const struct machine *m, const struct line *l,
			    unsigned int cpu)
{
	return m->prof
		->cost[l->home == m->prof->cpu[cpu].node ? COST_MEM_LOCAL :
							   COST_MEM_REMOTE];
}

/* Every other copy goes, parked CPUs' included; returns the farthest's price. */
static uint64_t invalidate_others(struct machine *m, struct vcpu *v,
				  uint32_t line)
{
	enum distance far = holder_distance(m, line, v->id, true);
	const uint64_t *h = holders(m, line);

	for (unsigned int w = 0; w < m->nwords; w++) {
		uint64_t x = h[w];

		while (x) {
			unsigned int cpu = w * 64 + __builtin_ctzll(x);
			struct vcpu *o = &m->cpu[cpu];

			x &= x - 1;
			if (cpu == v->id)
				continue;
			drop_copy(m, o, line);
			v->st.invalidations++;
		}
	}
	v->st.invalidations += nr_parked(m, line_at(m, line));
	return v->c2c[far];
}

/*
 * An access by v meets a line some CPU ran ahead on (run_ahead()).  A
 * write issued before a read or write run ahead, or a read issued before a
 * write run ahead, would have changed what that access found: the run has
 * left the scheduler's order, and ends here.  A read hit needs no check:
 * a CPU that ran ahead with a write held the only copy then, so v got its
 * copy since, through an access that was checked.
 */
static void check_order(struct machine *m, const struct vcpu *v,
			const struct line *l, bool write)
{
	uint64_t key = key_of(v);

	if (likely(l->ahead_w <= key && (!write || l->ahead_r <= key)))
		return;
	m->conflict = true;
	run_end(m);
}

static uint64_t read_access(struct machine *m, struct vcpu *v, uint32_t line)
{
	enum distance near;

	if (holds(m, v, line)) {
		v->st.hits++;
		touch(m, v, line);
		return m->prof->cost[COST_HIT];
	}
	check_order(m, v, line_at(m, line), false);
	near = holder_distance(m, line, v->id, false);
	add_copy(m, v, line);
	if (near == NR_DISTANCES) {
		v->st.mem_misses++;
		line_at(m, line)->state = LINE_E;
		return memory_cost(m, line_at(m, line), v->id);
	}
	v->st.transfers++;
	line_at(m, line)->state = LINE_S;
	return v->c2c[near];
}

static uint64_t write_access(struct machine *m, struct vcpu *v, uint32_t line)
{
	struct line *l = line_at(m, line);
	bool held = holds(m, v, line);
	bool others = l->ncopies > held || nr_parked(m, l);
	uint64_t cost;

	check_order(m, v, l, true);
	if (held) {
		/* A hit, or an upgrade: the data is here. */
		v->st.hits++;
		touch(m, v, line);
		cost = m->prof->cost[COST_HIT];
	} else if (others) {
		v->st.transfers++;
	} else {
		v->st.mem_misses++;
		cost = memory_cost(m, l, v->id);
	}
	if (others)
		cost = invalidate_others(m, v, line);
	if (!held)
		add_copy(m, v, line);
	l->state = LINE_M;
	return cost;
}

/*
 * A repeat of the CPU's last line is a hit unless it writes a line others
 * share or wait on: the answer read_access() and write_access() would
 * give, without a lookup.
 */
static inline bool repeat_hit(const struct machine *m, const struct vcpu *v,
			      uintptr_t tag, enum access_kind kind)
{
	const struct line *l;

	if (tag != v->last_tag)
		return false;
	if (kind == ACCESS_READ)
		return true;
	l = line_at(m, v->last_line);
	return l->state >= LINE_E && !nr_parked(m, l);
}

/*
 * The CPU due after the one about to run gets the host lines its access
 * will touch on the way: its own state, the line's state and holders, and
 * what it accesses.  On a large machine nearly every access switches
 * CPUs, and waits on those misses were half of machine_access()'s host
 * time at 1024 CPUs (perf); the running CPU's access takes long enough
 * for them to arrive, and the CPU due then is still the one due next at
 * 84% of switches (pagebit, 1024 CPUs).  The tag it waits with is in a
 * small array, so asking costs no miss.
 */
static void prefetch_next(struct machine *m)
{
	uint32_t id = key_id(m->tree[1]);
	uintptr_t tag = m->pending[id];
	uint32_t line;

	if (!runnable(m) || tag == UINTPTR_MAX)
		return;
	__builtin_prefetch(&m->cpu[id]);
	__builtin_prefetch((const char *)&m->cpu[id] + 64);
	__builtin_prefetch((const void *)(tag << m->line_shift));
	line = cached_line(m, tag);
	if (line == NIL)
		return;
	__builtin_prefetch(line_at(m, line));
	prefetch_holders(m, line);
}

/*
 * Runs on: the running CPU, about to access tag, keeps going while its
 * clock is the smallest.
 */
static inline void maybe_yield(struct machine *m, uintptr_t tag)
{
	uint64_t key = key_of(cur);
	uint32_t next;

	if (likely(m->tree[1] > key))
		return;
	m->pending[cur->id] = tag;
	next = tree_swap(m, cur->id, key);
	prefetch_next(m);
	switch_to(m, cur->co, &m->cpu[next]);
}

/*
 * Running ahead.  On a large machine nearly every access finds another CPU
 * due first, and most accesses repeat the CPU's last line (the slots of a
 * chain node, the fields of a struct page): switching CPUs at each of them
 * was most of the model's host time.  A repeat hit changes nothing another
 * CPU can see, and nothing another CPU does can change its outcome but an
 * access to that same line issued before it.  So a CPU may make a repeat
 * hit (not an RMW) at once, out of the scheduler's order, on a line no CPU
 * has RMW'd or spun on (lock words, where spinners do write and re-read
 * it within a few cycles); the line keeps the largest key run ahead with,
 * and check_order() ends the run if an access issued before it turns up.
 * The caller then runs the point again on a strict machine
 * (machine_set_strict()), so what every access found is always what the
 * scheduler's order gives.  Runs ahead are bounded (AHEAD_MAX repeats in a
 * row, none after machine_delay()), so that a CPU polling a line always
 * lets the others run.
 */
#define AHEAD_MAX 64

static inline bool run_ahead(struct machine *m, struct vcpu *v, uintptr_t tag,
			     enum access_kind kind)
{
	struct line *l;
	uint64_t key;

	if (kind == ACCESS_RMW || !v->ahead || !repeat_hit(m, v, tag, kind))
		return false;
	l = line_at(m, v->last_line);
	if (l->strict)
		return false;
	key = key_of(v);
	if (kind == ACCESS_READ) {
		l->ahead_r = key > l->ahead_r ? key : l->ahead_r;
	} else {
		l->ahead_w = key > l->ahead_w ? key : l->ahead_w;
		l->state = LINE_M;
	}
	v->ahead--;
	v->st.accesses++;
	v->st.hits++;
	v->clock += m->prof->cost[COST_HIT];
	return true;
}

/*
 * A miss in an address-ordered walk: the next line of a stream the CPU's
 * prefetcher follows (or the line it is on: a read of a struct page and
 * then its write).  The prefetcher has the line on its way while the core
 * works on the ones before, so up to the profile's overlap transfers are
 * in flight and each costs its share: cost / overlap.  A miss off every
 * stream starts one, replacing the oldest, and waits in full: chains,
 * lock words and hashed tables are reached through pointers, and the
 * core depends on the load that finds them.
 */
static uint64_t overlapped(struct machine *m, struct vcpu *v, uintptr_t tag,
			   uint64_t cost)
{
	for (unsigned int i = 0; i < NR_STREAMS; i++) {
		if (v->stream[i] == tag + 1)
			return cost * 1000 / m->overlap_1000;
		if (v->stream[i] == tag) {
			v->stream[i] = tag + 1;
			return cost * 1000 / m->overlap_1000;
		}
	}
	v->stream[v->stream_rr] = tag + 1;
	v->stream_rr = (v->stream_rr + 1) % NR_STREAMS;
	return cost;
}

/*
 * A plain store that misses, issued at issued, enters the store buffer
 * and the CPU goes on (x86-TSO: Sewell, Sarkar, Owens, Zappa Nardelli,
 * Myreen, "x86-TSO", CACM 53(7), 2010; Arm's order keeps a buffer too).
 * It commits when its line is owned, cost after it was issued, and not
 * before the stores ahead of it: stores commit in program order.  A full
 * buffer stalls the CPU until its oldest entry commits.  Returns when the store commits
 * (becomes visible).
 */
static uint64_t store_commit(struct machine *m, struct vcpu *v,
			     uint64_t issued, uint64_t cost)
{
	uint64_t done = issued + cost, *slot;

	if (done < v->sb_done)
		done = v->sb_done;
	slot = &v->sb[v->sb_n++ % m->prof->store_buffer];
	v->clock = issued + m->prof->cost[COST_HIT];
	if (v->clock < *slot)
		v->clock = *slot;
	*slot = done;
	v->sb_done = done;
	return done;
}

/*
 * A locked operation of v on a line is served when the line's last write
 * by another CPU completes: a write is visible when it completes, and a
 * locked operation holds its line until it is done (so two CPUs'
 * compare-exchanges on one flag alternate one transfer apart, as the
 * ping-pong the profile's c2c comes from does).  The line serves its
 * requests in the order they arrive, and v's arrived first of any still
 * to come (the running CPU's clock is the smallest), so v's access takes
 * effect now, with no switch: whatever another CPU asks of the line
 * later queues behind it.  Plain reads and stores take effect when
 * issued, as they did before there was a clock per line: made to wait
 * too, at 64 CPUs on one test-and-test-and-set lock every spinner's
 * re-read landed after the next release, and the spinners stopped
 * parking: a storm of failed retries, 274.6 M modelled accesses where
 * this takes 68.8 M (global, epyc-7r13-2s, 64 CPUs, 1024 pages, half
 * file, --reps 1 --seed 1).
 */
static void line_wait(struct machine *m, struct vcpu *v, uint32_t line)
{
	const struct line *l = line_at(m, line);

	if (likely(l->waitq == NIL) || m->wq[l->waitq].writer == v->id)
		return;
	if (m->wq[l->waitq].done > v->clock)
		v->clock = m->wq[l->waitq].done;
}

void machine_access(const void *p, enum access_kind kind)
{
	struct machine *m = cur_m;
	struct vcpu *v = cur;
	const uint64_t hit = m ? m->prof->cost[COST_HIT] : 0;
	uintptr_t tag;
	uint64_t issued, cost, done;
	uint32_t line;

	if (!v)
		return;
	tag = (uintptr_t)p >> m->line_shift;
	if (run_ahead(m, v, tag, kind))
		return;
	/* x86: a locked instruction waits for the store buffer to drain */
	if (kind == ACCESS_RMW && v->sb_done > v->clock &&
	    m->prof->order == ORDER_TSO)
		v->clock = v->sb_done;
	maybe_yield(m, tag);
	v = cur;
	v->st.accesses++;
	v->ahead = m->strict ? 0 : AHEAD_MAX;
	if (repeat_hit(m, v, tag, kind)) {
		v->st.hits++;
		if (kind != ACCESS_READ)
			line_at(m, v->last_line)->state = LINE_M;
		v->clock += hit;
		goto rmw;
	}
	/* the caller's own access follows: its miss overlaps the model's */
	__builtin_prefetch(p);
	line = line_of(m, tag, v->id);
	if (kind == ACCESS_RMW)
		line_wait(m, v, line);
	v->last_tag = tag;
	v->last_line = line;
	issued = v->clock;
	cost = kind == ACCESS_READ ? read_access(m, v, line) :
				     write_access(m, v, line);
	if (cost > hit && m->overlap_1000 > 1000)
		cost = overlapped(m, v, tag, cost);
	if (kind == ACCESS_READ) {
		v->clock += cost;
		return;
	}
	if (kind == ACCESS_WRITE && cost > hit && m->prof->store_buffer) {
		done = store_commit(m, v, issued, cost);
	} else {
		/*
		 * A locked operation that had to fetch its line: the
		 * profile's c2c, a compare-exchange ping-pong one way, has
		 * the lock's own cost in it already.
		 */
		v->clock += cost;
		if (kind == ACCESS_RMW && cost <= hit)
			v->clock += m->prof->cost[COST_ATOMIC];
		done = v->clock;
	}
	if (kind == ACCESS_RMW && line_at(m, line)->waitq == NIL)
		line_at(m, line)->waitq = new_waitq(m);
	if (line_at(m, line)->waitq != NIL) {
		uint32_t q = line_at(m, line)->waitq;

		m->wq[q].done = done;
		m->wq[q].writer = v->id;
	}
	if (nr_parked(m, line_at(m, line)))
		release_herd(m, v, line_at(m, line), done);
	if (kind == ACCESS_RMW) {
		line_at(m, line)->strict = true;
		v->st.rmws++;
	}
	return;
rmw:
	if (kind == ACCESS_RMW) {
		line_at(m, v->last_line)->strict = true;
		v->st.rmws++;
		v->clock += m->prof->cost[COST_ATOMIC];
	}
}

/*
 * machine_spin() for a FIFO lock: the caller waits for its ticket to be
 * served, and a write lets the oldest ticket's CPU go, not the nearest.
 */
void machine_spin_ticket(const void *p, unsigned int ticket)
{
	struct machine *m = cur_m;
	uint32_t line;

	if (!cur)
		return;
	line = line_of(m, (uintptr_t)p >> m->line_shift, cur->id);
	cur->ticket = ticket;
	if (line_at(m, line)->waitq == NIL)
		line_at(m, line)->waitq = new_waitq(m);
	m->wq[line_at(m, line)->waitq].fifo = true;
	machine_spin(p);
}

void machine_spin(const void *p)
{
	struct machine *m = cur_m;
	struct vcpu *v = cur;
	uintptr_t tag;
	uint32_t line;

	if (!v)
		return;
	tag = (uintptr_t)p >> m->line_shift;
	line = line_of(m, tag, v->id);
	/* Our copy is gone already: the caller's re-read will miss. */
	if (!holds(m, v, line))
		return;
	drop_copy(m, v, line);
	line_at(m, line)->strict = true;
	park(m, line_at(m, line), v->id);
	v->st.spins++;
	v->parked_at = v->clock;
	/* woken, it re-reads the line */
	m->pending[v->id] = tag;
	run_next(m);
}

void machine_lock_acquired(const void *p)
{
	struct machine *m = cur_m;
	struct vcpu *v = cur;
	bool fresh;
	uint32_t *last;

	if (!v)
		return;
	last = map_get(&m->lock_map, (uintptr_t)p, &fresh);
	if (!fresh && *last != v->id)
		v->st.handoffs++;
	*last = v->id;
}

void machine_delay(uint64_t ps)
{
	if (!cur)
		return;
	cur->clock += ps;
	cur->ahead = 0;
}

unsigned int machine_cpu(void)
{
	return cur ? cur->id : 0;
}

uint64_t machine_now(void)
{
	return cur ? cur->clock : 0;
}

const struct machine_profile *machine_running_profile(void)
{
	return cur_m ? machine_profile(cur_m) : NULL;
}

/* ---- the machine ---- */

/*
 * Where CPU a sits, for cpu_distance(): the lowest-numbered CPU of its
 * package, of its last-level cache in that package and of its core, ten
 * bits each, so that the fields compare as profile_distance() compares
 * the profile's.
 */
static uint32_t where_of(const struct machine_profile *p, unsigned int a)
{
	const struct machine_cpu *x = &p->cpu[a];
	uint32_t core = a, llc = a, pkg = a;

	_Static_assert(MACHINE_MAX_CPUS <= 1 << 10, "CPU numbers fit 10 bits");
	for (unsigned int b = a; b--;) {
		const struct machine_cpu *y = &p->cpu[b];

		if (y->core == x->core)
			core = b;
		if (y->llc == x->llc && y->package == x->package)
			llc = b;
		if (y->package == x->package)
			pkg = b;
	}
	return pkg << 20 | llc << 10 | core;
}

/*
 * Each CPU's spans, if every distance holds CPUs numbered in a row (the
 * farthest, every CPU, always does); else m->span stays NULL.
 */
static int spans_init(struct machine *m)
{
	struct span *sp = calloc(m->ncpus, sizeof(*sp));

	if (!sp)
		return -1;
	for (unsigned int a = 0; a < m->ncpus; a++)
		for (enum distance d = DIST_SMT; d < NR_DISTANCES; d++) {
			const uint64_t *near = near_bits(m, a, d);
			unsigned int lo = a, hi = a + 1, n = 1;

			for (unsigned int b = 0; b < m->ncpus; b++) {
				if (!cpu_in(near, b))
					continue;
				n++;
				lo = b < lo ? b : lo;
				hi = b + 1 > hi ? b + 1 : hi;
			}
			if (hi - lo != n) {
				free(sp);
				return 0;
			}
			sp[a].lo[d] = lo;
			sp[a].hi[d] = hi;
		}
	m->span = sp;
	return 0;
}

/* Each CPU's neighbourhoods, for large sets, and where it sits. */
static int near_init(struct machine *m)
{
	unsigned int n = m->ncpus;

	m->nwords = (n + 63) / 64;
	m->near =
		calloc((size_t)n * NR_DISTANCES * m->nwords, sizeof(*m->near));
	m->where = malloc(n * sizeof(*m->where));
	if (!m->near || !m->where)
		return -1;
	for (unsigned int a = 0; a < n; a++)
		m->where[a] = where_of(m->prof, a);
	for (unsigned int a = 0; a < n; a++)
		for (unsigned int b = 0; b < n; b++) {
			enum distance d = profile_distance(m->prof, a, b);

			if (a == b)
				continue;
			for (; d < NR_DISTANCES; d++)
				m->near[((size_t)a * NR_DISTANCES + d) *
						m->nwords +
					b / 64] |= 1ull << (b % 64);
		}
	return 0;
}

struct machine *machine_create(const struct machine_profile *prof,
			       unsigned int ncpus, char *msg, size_t len)
{
	struct machine *m;

	if (!ncpus || ncpus > prof->nr_cpus) {
		snprintf(
			msg, len,
			"machine %s has %u CPUs; --threads %u cannot be modelled on it",
			prof->name, prof->nr_cpus, ncpus);
		return NULL;
	}
	m = calloc(1, sizeof(*m));
	if (!m)
		goto oom;
	m->prof = prof;
	m->ncpus = ncpus;
	m->line_shift = __builtin_ctz(prof->line_size);
	m->cpu = aligned_alloc(_Alignof(struct vcpu), ncpus * sizeof(*m->cpu));
	if (m->cpu)
		memset(m->cpu, 0, ncpus * sizeof(*m->cpu));
	for (m->leaves = 1; m->leaves < ncpus; m->leaves *= 2)
		;
	m->tree = calloc(2 * m->leaves, sizeof(*m->tree));
	m->slot = calloc(ncpus, sizeof(*m->slot));
	m->free_slot = calloc(m->leaves, sizeof(*m->free_slot));
	m->pending = malloc(ncpus * sizeof(*m->pending));
	if (!m->cpu || !m->tree || !m->slot || !m->free_slot || !m->pending)
		goto oom;
	memset(m->pending, 0xff, ncpus * sizeof(*m->pending));
	for (unsigned int i = 0; i < ncpus; i++) {
		struct vcpu *v = &m->cpu[i];
		unsigned int pkg = prof->cpu[i].package;

		v->id = i;
		v->ring_mask = 1023;
		v->ring = xrealloc(NULL, 1024 * sizeof(*v->ring));
		v->last_tag = UINTPTR_MAX;
		for (enum distance d = DIST_SMT; d < NR_DISTANCES; d++)
			v->c2c[d] = prof->cost[COST_C2C + d];
		if (pkg < MACHINE_MAX_PACKAGES && prof->socket_cost[pkg])
			v->c2c[DIST_SOCKET] = prof->socket_cost[pkg];
		if (prof->store_buffer)
			v->sb = xrealloc(NULL, prof->store_buffer *
						       sizeof(*v->sb));
		if (v->sb)
			memset(v->sb, 0, prof->store_buffer * sizeof(*v->sb));
		memset(v->stream, 0xff, sizeof(v->stream));
	}
	m->overlap_1000 = (uint64_t)(prof->overlap * 1000 + 0.5);
	if (near_init(m) || spans_init(m))
		goto oom;
	m->chunk_bits = CHUNK_SHIFT - m->line_shift;
	for (unsigned int i = 0; i < CHUNK_CACHE_SIZE; i++)
		m->chunk_cache[i].id = UINTPTR_MAX;
	map_init(&m->chunk_map, 1 << 10);
	map_init(&m->lock_map, 1 << 10);
	return m;
oom:
	machine_destroy(m);
	snprintf(msg, len, "out of memory for a machine of %u CPUs", ncpus);
	return NULL;
}

void machine_destroy(struct machine *m)
{
	if (!m)
		return;
	map_free(&m->chunk_map);
	for (size_t i = 0; i < m->nr_chunks; i++) {
		free(m->chunks[i].line);
		free(m->chunks[i].holders);
	}
	free(m->chunks);
	map_free(&m->lock_map);
	free(m->seen);
	free(m->kept);
	for (unsigned int i = 0; m->cpu && i < m->ncpus; i++) {
		free(m->cpu[i].held);
		free(m->cpu[i].ring);
		free(m->cpu[i].sb);
	}
	free(m->cpu);
	free(m->tree);
	free(m->slot);
	free(m->free_slot);
	free(m->pending);
	free(m->near);
	free(m->span);
	free(m->where);
	free(m->wq_bits);
	free(m->wq);
	free(m);
}

void machine_set_clock(struct machine *m, unsigned int cpu, uint64_t ps)
{
	m->cpu[cpu].clock = ps;
}

void machine_set_strict(struct machine *m)
{
	m->strict = true;
}

static void vcpu_main(void *arg)
{
	struct vcpu *v = arg;
	struct machine *m = cur_m;

	m->fn(v->id, m->arg);
	run_next(m);
}

int machine_run(struct machine *m, machine_fn fn, void *arg, char *msg,
		size_t len)
{
	unsigned int i;
	int ret = 0;

	m->fn = fn;
	m->arg = arg;
	/* the jitter's seed: the start phases, which --seed and the rep draw */
	for (i = 0; !m->seeded && i < m->ncpus; i++)
		m->rng = (m->rng ^ m->cpu[i].clock) * 0x9e3779b97f4a7c15ull +
			 0x632be59bd9b4e019ull;
	m->seeded = true;
	m->deadlock = false;
	m->conflict = false;
	memset(m->tree, 0xff, 2 * m->leaves * sizeof(*m->tree));
	for (m->nr_free = 0; m->nr_free < m->leaves; m->nr_free++)
		m->free_slot[m->nr_free] = m->leaves - 1 - m->nr_free;
	m->parked = 0;
	if (m->nr_wq) {
		if (m->nr_bits)
			memset(m->wq_bits, 0,
			       m->nr_bits * m->nwords * sizeof(*m->wq_bits));
		for (size_t q = 0; q < m->nr_wq; q++)
			m->wq[q].n = 0;
	}
	for (i = 0; i < m->ncpus; i++) {
		m->cpu[i].co = coro_create(vcpu_main, &m->cpu[i], STACK_SIZE);
		if (!m->cpu[i].co) {
			snprintf(msg, len, "out of memory for %u CPU stacks",
				 m->ncpus);
			ret = -1;
			goto out;
		}
		tree_push(m, i);
	}
	cur_m = m;
	m->main = coro_self();
	cur = &m->cpu[tree_pop(m)];
	coro_switch(m->main, cur->co);
	cur = NULL;
	cur_m = NULL;
	if (m->conflict)
		ret = MACHINE_CONFLICT;
	else if (m->deadlock) {
		snprintf(
			msg, len,
			"every modelled CPU left waits on a line nobody will write (%u parked)",
			m->parked);
		ret = -1;
	}
out:
	for (unsigned int j = 0; j < i; j++) {
		coro_destroy(m->cpu[j].co);
		m->cpu[j].co = NULL;
	}
	return ret;
}

uint64_t machine_clock(const struct machine *m, unsigned int cpu)
{
	return m->cpu[cpu].clock;
}

const struct machine_stats *machine_stats(const struct machine *m,
					  unsigned int cpu)
{
	return &m->cpu[cpu].st;
}

void machine_stats_sum(const struct machine *m, struct machine_stats *sum)
{
	memset(sum, 0, sizeof(*sum));
	for (unsigned int i = 0; i < m->ncpus; i++) {
		const struct machine_stats *s = &m->cpu[i].st;

		sum->accesses += s->accesses;
		sum->hits += s->hits;
		sum->mem_misses += s->mem_misses;
		sum->transfers += s->transfers;
		sum->invalidations += s->invalidations;
		sum->rmws += s->rmws;
		sum->handoffs += s->handoffs;
		sum->spins += s->spins;
		sum->spin_ps += s->spin_ps;
		sum->evictions += s->evictions;
	}
}

void machine_stats_reset(struct machine *m)
{
	for (unsigned int i = 0; i < m->ncpus; i++)
		memset(&m->cpu[i].st, 0, sizeof(m->cpu[i].st));
}

unsigned int machine_nr_cpus(const struct machine *m)
{
	return m->ncpus;
}

const struct machine_profile *machine_profile(const struct machine *m)
{
	return m->prof;
}
