/* SPDX-License-Identifier: GPL-2.0 */
#ifndef RMAPBENCH_MACHINE_IMPL_H
#define RMAPBENCH_MACHINE_IMPL_H

/*
 * The modelled machine's private state, and the small helpers every part
 * of it uses.  machine.c alone includes this and the parts, each of one
 * concern, each building on the ones above it:
 *
 *	lines.h		the line table: a line's state and holders by address
 *	cpuset.h	sets of CPUs, and the distance from one CPU to a set
 *	sched.h		the scheduler: the CPU with the smallest clock runs
 *	l1.h		each CPU's first level, when the profile gives one
 *	lru.h		each CPU's private cache and its exact LRU
 *	waitq.h		CPUs parked on a line, and who goes when it is written
 *	coherence.h	MESI, transfers, the store buffer and overlapped misses
 *
 * They make one translation unit, their functions static, because every
 * modelled access runs through all of them: as objects of their own, the
 * access path would be a call into each, where the compiler now inlines
 * it whole.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include "coro.h"
#include "lib/arena.h"
#include "lib/compiler.h"
#include "lib/util.h"
#include "machine.h"

#define NIL UINT32_MAX
/*
 * Each modelled CPU's stack: STACK_SIZE bytes above a red zone
 * (coro_create()), in one region in huge pages (huge_zalloc()): a switch
 * touches the top of the next CPU's stack, and with a mapping of its own
 * for each the 1024-CPU point spent a host TLB miss on most switches.
 * The stacks' tops are a few lines apart in every page (STACK_STRIDE is
 * no multiple of 4 KiB), so that their hot lines do not share the host's
 * cache sets.  The model's deepest stack is 2.2 KiB (scripts/model-rows.sh's
 * runs); an fprintf() to stderr from a CPU adds glibc's BUFSIZ (8 KiB)
 * buffer for an unbuffered stream.
 */
#define STACK_SIZE ((size_t)32 << 10)
#define STACK_STRIDE (CORO_REDZONE + STACK_SIZE + 9 * 64)
#define STACK_HINT_BELOW 256
#define STACK_HINT_ABOVE 128

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

/*
 * A virtual CPU.  Its fields are grouped by host line, as every access
 * that switches CPUs waits on the lines it touches: the first two
 * (prefetch_next() fetches them) hold what every access reads and
 * writes, the third what a miss does (its prefetcher's streams, its
 * package's transfer costs), the rest what evictions and waits do.  At
 * 1024 CPUs the CPUs' records alone are larger than the host's L2.
 */
struct vcpu {
	/* host line 0: every access */
	uint64_t clock;
	/*
	 * The line of this CPU's last access while it still holds a copy
	 * (then its newest touch), or last_tag UINTPTR_MAX: kernel code
	 * touches a line several times running (a chain node's slots, a
	 * struct page's fields), and a repeat needs neither map, nor the
	 * line's number: last_l is its record.
	 */
	uintptr_t last_tag;
	struct line *last_l;
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
	 * evict rarely, and a probe of a thousand tables at every access would
	 * be the model's most frequent host miss.
	 */
	uint32_t *ring;
	struct coro *co;
	uint32_t ring_mask;
	uint32_t ring_head, tick; /* the oldest touch kept; the next */
	uint32_t nlines;	  /* copies held */
	uint16_t id;
	uint16_t ahead; /* repeats it may yet run ahead with (run_ahead()) */
	/* host lines 1 and 2: its counts, the hot ones first */
	struct machine_stats st;
	/* host line 2, from here: a miss */
	/*
	 * When its youngest store commits (a locked operation waits for
	 * it); the store buffer's entries are the machine's (store_commit()).
	 */
	uint64_t sb_done;
	uint32_t sb_n;	  /* stores it has issued */
	uint8_t pkg;	  /* its row of the machine's c2c costs */
	_Static_assert(MACHINE_MAX_PACKAGES < 256, "a package fits pkg");
	uint8_t stream_rr; /* the stream entry to replace next */
	uint8_t stream_on; /* bit i: stream i has stepped */
	uintptr_t stream[NR_STREAMS]; /* the next line of each stream */
	/* host line 3: a miss on a stream */
	uint64_t stream_at[NR_STREAMS];	  /* when each last stepped */
	uint64_t stream_pace[NR_STREAMS]; /* ps a step, a moving mean */
	/* the rest: evictions, waits, the first level */
	uint64_t robbed_until; /* till then its prefetches are taken back */
	uint64_t parked_at;
	struct held *held;
	uint32_t held_mask; /* slots - 1 */
	uint32_t nentries;  /* the table's entries, stale ones too */
	uint32_t synced;    /* the table has every touch before it */
	uint32_t ticket;    /* parked in FIFO order: its ticket */
	/* its first level (l1.h), or NULL: the profile gives none */
	uint32_t *l1;
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
 * numbered in a row, as a machine numbered core by core is (spans_init()).
 * A set is asked about them by the span's first and last words (w0, w1)
 * and their bits in it, the CPU's own left out (first, last; the words
 * between are whole): a word or two and an AND, not a mask built from
 * shifts at every miss.  The farthest distance's span is every CPU.
 */
struct span {
	uint8_t w0[NR_DISTANCES], w1[NR_DISTANCES];
	uint64_t first[NR_DISTANCES], last[NR_DISTANCES];
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

/*
 * What a CPU not running will touch first when it runs again: the line it
 * waits to access (tag, or UINTPTR_MAX), the top of its stack, the
 * coroutine the switch reads its stack pointer from and the slot of its
 * ring its next touch goes to, as of when it stopped (a
 * stale hint costs a wasted prefetch, nothing else).  One small array,
 * so that asking costs no host miss; each of these is a host miss of its
 * own otherwise, since every CPU's stack and ring lie on pages of their
 * own.
 */
struct pending {
	uintptr_t tag;
	const char *sp;
	const struct coro *co;
	const uint32_t *ring;
};

/*
 * Where the CPUs' rings and tables come from (pool_alloc()): blocks of
 * huge pages, carved in powers of two, a freed piece kept for the next of
 * its size.
 */
struct pool_block {
	void *p;
	size_t len;
};

struct pool {
	char *next, *end; /* the rest of the newest block */
	void *free[64];	  /* freed pieces by log2 of their size, linked */
	struct pool_block *block;
	size_t nr_blocks;
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
	struct pool pool;      /* the CPUs' rings and tables */
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
	uint64_t steal_1000;   /* a stolen miss's share of its transfer */
	/*
	 * A transfer from each distance, ps, by package (struct vcpu pkg):
	 * the profile's c2c, but a package's own socket cost where it gives
	 * one; the last row is every package's it does not.  c2c_rd is a
	 * read transfer's (read_costs()).  Here, not in each CPU's record,
	 * so that a miss reads a row the host has cached.
	 */
	uint64_t c2c[MACHINE_MAX_PACKAGES + 1][NR_DISTANCES];
	uint64_t c2c_rd[MACHINE_MAX_PACKAGES + 1][NR_DISTANCES];
	/* the CPUs' store buffers, the profile's store_buffer entries each */
	uint64_t *sb;
	bool l1; /* the CPUs have a first level (l1.h) */
	uint64_t *tree; /* runnable CPUs' keys, a tournament (the scheduler) */
	uint16_t *slot; /* by CPU: its leaf, while in the tree */
	uint16_t *free_slot; /* leaves no CPU sits at, nr_free of them */
	unsigned int nr_free;
	struct pending *pending; /* by CPU: what it will touch when run */
	unsigned int leaves;
	unsigned int parked;
	struct coro *main;
	char *local; /* machine_cpu_local(): MACHINE_CPU_LOCAL bytes a CPU */
	char *stacks; /* every CPU's, STACK_STRIDE apart */
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

/*
 * The model's large arrays (the line table's chunks, the CPUs' records,
 * store buffers and first rings) are read at random, a few host lines of
 * them at each modelled access, over hundreds of megabytes at 1024 CPUs:
 * in 4 KiB pages nearly every such read is a TLB miss too (a nested walk,
 * on a virtual machine).  So they are asked for in transparent huge
 * pages (madvise(MADV_HUGEPAGE), which the kernel's default "madvise"
 * mode honours: Documentation/admin-guide/mm/transhuge.rst), 2
 * MiB-aligned; where the kernel gives none they are plain zeroed pages,
 * as calloc()'s were.
 */
#define HUGE_MIN ((size_t)256 << 10) /* smaller: malloc()'s, 64-aligned */

/*
 * n zeroed bytes, 64-aligned; from HUGE_MIN up, 2 MiB-aligned and in huge
 * pages if the kernel has them.  huge_free() is told the same n.
 */
static void *huge_zalloc(size_t n)
{
	char *p;

	if (n < HUGE_MIN) {
		p = aligned_alloc(64, (n + 63) & ~(size_t)63);
		return p ? memset(p, 0, n) : NULL;
	}
	return huge_map(huge_len(n));
}

static void huge_free(void *p, size_t n)
{
	if (n < HUGE_MIN)
		free(p);
	else if (p)
		munmap(p, huge_len(n));
}

#define POOL_BLOCK ((size_t)8 << 20)

/* A piece's place in the pool's free lists: log2 of its size. */
static unsigned int pool_class(size_t n)
{
	return 63 - __builtin_clzll(n);
}

/* n bytes, a power of two of at least 64, from m's pool; not zeroed. */
static void *pool_alloc(struct machine *m, size_t n)
{
	struct pool *p = &m->pool;
	unsigned int c = pool_class(n);
	void *x = p->free[c];
	struct pool_block *b;

	if (x) {
		p->free[c] = *(void **)x;
		return x;
	}
	if ((size_t)(p->end - p->next) < n) {
		p->block = xrealloc(p->block,
				    (p->nr_blocks + 1) * sizeof(*p->block));
		b = &p->block[p->nr_blocks];
		b->len = n > POOL_BLOCK ? n : POOL_BLOCK;
		b->p = huge_zalloc(b->len);
		if (!b->p)
			oom();
		p->nr_blocks++;
		p->next = b->p;
		p->end = p->next + b->len;
	}
	x = p->next;
	p->next += n;
	return x;
}

static void pool_free(struct machine *m, void *x, size_t n)
{
	unsigned int c = pool_class(n);

	*(void **)x = m->pool.free[c];
	m->pool.free[c] = x;
}

static void pool_destroy(struct pool *p)
{
	for (size_t i = 0; i < p->nr_blocks; i++)
		huge_free(p->block[i].p, p->block[i].len);
	free(p->block);
}

/* ---- CPU sets: a bit per CPU, nwords words ---- */

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

/*
 * The members of a word: the instruction where the build targets it,
 * else a few shifts and a multiply, not libgcc's out-of-line call.
 */
static inline unsigned int popcount64(uint64_t x)
{
#ifdef __POPCNT__
	return (unsigned int)__builtin_popcountll(x);
#else
	x -= x >> 1 & 0x5555555555555555ull;
	x = (x & 0x3333333333333333ull) + (x >> 2 & 0x3333333333333333ull);
	x = (x + (x >> 4)) & 0x0f0f0f0f0f0f0f0full;
	return (unsigned int)((x * 0x0101010101010101ull) >> 56);
#endif
}

/* ---- a line's state and holders, by its number (lines.h) ---- */

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

/* Whether v holds a copy of line: its bit in the line's holders. */
static inline bool holds(const struct machine *m, const struct vcpu *v,
			 uint32_t line)
{
	return cpu_in(holders(m, line), v->id);
}

#endif
