/* SPDX-License-Identifier: GPL-2.0 */
#ifndef RMAPBENCH_ACCESS_H
#define RMAPBENCH_ACCESS_H

/*
 * Every touch of shared simulated state (struct page, pte words, chain
 * nodes, lock words, mm, vma and anon_vma fields) in model/ and strategy/
 * goes through these accessors (and every lock taken says so with
 * LOCK_HOOK()), so that one source can be compiled into
 * several variants that differ only in what watches the accesses:
 *
 *	RMAP_FAST	nothing: --no-stats, not one accounting instruction
 *	RMAP_STATS	the lock and chain accounting of a timed window
 *	RMAP_MODEL	the simulated machine of --mode model (machine/hook.h)
 *	RMAP_COUNT	RMAP_STATS plus a count of the locked read-modify-writes
 *			and of the distinct cache lines written per pte, run
 *			once per point, untimed (counting lines costs too much
 *			to sit in a timed loop)
 *
 * The C11 atomic is performed, with the same explicit order, in every
 * variant: the variants compute the same thing.  Strategy files are
 * compiled once per variant (see the Makefile); every other file sees
 * RMAP_FAST.
 */
#include <stdatomic.h>
#include <stdint.h>
#include "lib/access_kind.h"
#include "lib/compiler.h"

#define RMAP_FAST 0
#define RMAP_STATS 1
#define RMAP_MODEL 2
#define RMAP_COUNT 3
#define NR_RMAP_VARIANTS 4

#ifndef RMAP_VARIANT
#define RMAP_VARIANT RMAP_FAST
#endif

/* Whether this variant keeps the lock and chain accounting. */
#define RMAP_ACCOUNTING (RMAP_VARIANT != RMAP_FAST)

/*
 * RMAP_COUNT: per thread, the locked operations and written lines of the
 * current phase.  A pte's lines are collected in set[] until
 * access_pte_done() adds how many distinct ones it wrote.
 */
#define ACCESS_LINES_MAX 32
struct access_counts {
	unsigned long atomics; /* locked read-modify-writes */
	unsigned long lines;   /* distinct lines written, summed over ptes */
	unsigned int nr;
	uintptr_t set[ACCESS_LINES_MAX];
};

extern _Thread_local struct access_counts access_counts;

/* Named directly, never through a pointer: UBSan takes &access_counts
 * of a TLS variable at offset 0 for a null pointer. */
static inline void access_count(const volatile void *p, enum access_kind kind)
{
	uintptr_t line = (uintptr_t)p / L1_CACHE_BYTES;

	if (kind == ACCESS_READ)
		return;
	if (kind == ACCESS_RMW)
		access_counts.atomics++;
	for (unsigned int i = 0; i < access_counts.nr; i++)
		if (access_counts.set[i] == line)
			return;
	if (access_counts.nr < ACCESS_LINES_MAX)
		access_counts.set[access_counts.nr++] = line;
}

/* The end of one pte's work (or of a phase): its lines are counted. */
static inline void access_count_flush(void)
{
	access_counts.lines += access_counts.nr;
	access_counts.nr = 0;
}

/* What the RMAP_COUNT rounds counted: [0] fork, [1] exit, over ptes. */
struct access_tally {
	unsigned long atomics[2], lines[2];
	unsigned long ptes;
};

/* Starts a phase's count; access_count_take() ends it. */
void access_count_reset(void);
void access_count_take(unsigned long *atomics, unsigned long *lines);

#if RMAP_VARIANT == RMAP_COUNT
#define ACCESS_HOOK(p, kind) access_count((p), (kind))
#define SPIN_HOOK(p) ((void)(p))
#define LOCK_HOOK(p) ((void)(p))
#define access_pte_done() access_count_flush()
#elif RMAP_VARIANT == RMAP_MODEL
#include "machine/hook.h"
#define ACCESS_HOOK(p, kind) machine_access((p), (kind))
#define SPIN_HOOK(p) machine_spin(p)
#define LOCK_HOOK(p) machine_lock_acquired(p)
#define access_pte_done() ((void)0)
#else
#define ACCESS_HOOK(p, kind) ((void)(p))
#define SPIN_HOOK(p) ((void)(p))
#define LOCK_HOOK(p) ((void)(p))
#define access_pte_done() ((void)0)
#endif

/* C11 atomics: the operation, with its order, after the hook. */
#define mem_load(p, mo)                          \
	__extension__({                          \
		ACCESS_HOOK((p), ACCESS_READ);   \
		atomic_load_explicit((p), (mo)); \
	})
#define mem_store(p, v, mo)                            \
	do {                                           \
		ACCESS_HOOK((p), ACCESS_WRITE);        \
		atomic_store_explicit((p), (v), (mo)); \
	} while (0)
/* A locked read-modify-write: xchg, or an op with the lock prefix. */
#define mem_rmw(fn, p, v, mo)                 \
	__extension__({                       \
		ACCESS_HOOK((p), ACCESS_RMW); \
		fn((p), (v), (mo));           \
	})
#define mem_xchg(p, v, mo) mem_rmw(atomic_exchange_explicit, p, v, mo)
#define mem_fetch_or(p, v, mo) mem_rmw(atomic_fetch_or_explicit, p, v, mo)
#define mem_fetch_and(p, v, mo) mem_rmw(atomic_fetch_and_explicit, p, v, mo)
#define mem_fetch_add(p, v, mo) mem_rmw(atomic_fetch_add_explicit, p, v, mo)
#define mem_fetch_sub(p, v, mo) mem_rmw(atomic_fetch_sub_explicit, p, v, mo)
/* A locked cmpxchg writes its line whether it succeeds or not. */
#define mem_cmpxchg(p, expected, v, mo_ok, mo_fail)                           \
	__extension__({                                                       \
		ACCESS_HOOK((p), ACCESS_RMW);                                 \
		atomic_compare_exchange_strong_explicit((p), (expected), (v), \
							(mo_ok), (mo_fail));  \
	})

/* Plain fields, protected by a lock the caller holds. */
#define mem_read(lv)                             \
	__extension__({                          \
		ACCESS_HOOK(&(lv), ACCESS_READ); \
		(lv);                            \
	})
#define mem_write(lv, v)                          \
	do {                                      \
		ACCESS_HOOK(&(lv), ACCESS_WRITE); \
		(lv) = (v);                       \
	} while (0)

#endif
