/* SPDX-License-Identifier: GPL-2.0 */
#ifndef RMAPBENCH_MACHINE_CPUSET_H
#define RMAPBENCH_MACHINE_CPUSET_H

/*
 * Sets of CPUs and the distances between CPUs: which holder of a line is
 * nearest to a CPU, or farthest, prices a transfer or an invalidation.
 * A set is a bitmap of nwords words (machine_impl.h); each CPU knows
 * where it sits (where_of()), its neighbourhoods (near_bits()) and, where
 * CPUs are numbered core by core, the spans those are (struct span).
 */
#include "machine_impl.h"

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

/* Word w of the set a | b. */
static inline uint64_t either_word(const uint64_t *a, const uint64_t *b,
				   unsigned int w)
{
	return a[w] | (b ? b[w] : 0);
}

/*
 * set_distance() for a set of few CPUs: each member's distance, in the
 * order of their numbers (so a tie keeps the lowest).
 */
static enum distance members_distance(const struct machine *m,
				      const uint64_t *a, const uint64_t *b,
				      unsigned int n, unsigned int cpu,
				      bool want_far)
{
	uint32_t here = m->where[cpu];
	enum distance best = NR_DISTANCES;

	/* n, counting a CPU in both sets twice, bounds the members */
	for (unsigned int w = 0; w < m->nwords && n; w++) {
		uint64_t x = either_word(a, b, w);

		for (; x && n; n--) {
			unsigned int o = w * 64 + __builtin_ctzll(x);
			enum distance d = cpu_distance(here, m->where[o]);

			x &= x - 1;
			if (o == cpu)
				continue;
			if (best == NR_DISTANCES ||
			    (want_far ? d > best : d < best))
				best = d;
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
	uint64_t x = either_word(a, b, w);

	if (w == cpu / 64)
		x &= ~(1ull << (cpu % 64));
	return x;
}

/*
 * Whether span d of sp holds a member of a | b but cpu.  Inlined: it is
 * asked two or three times per miss.
 */
static rmap_inline bool span_member(const struct span *sp, enum distance d,
				    const uint64_t *a, const uint64_t *b,
				    unsigned int cpu)
{
	unsigned int w0 = sp->w0[d], w1 = sp->w1[d];

	if (either_word(a, b, w0) & sp->first[d])
		return true;
	if (w0 == w1)
		return false;
	for (unsigned int w = w0 + 1; w < w1; w++)
		if (set_word(a, b, w, cpu))
			return true;
	return either_word(a, b, w1) & sp->last[d];
}

/* The members of a | b but cpu in span d of sp. */
static unsigned int span_count(const struct span *sp, enum distance d,
			       const uint64_t *a, const uint64_t *b,
			       unsigned int cpu)
{
	unsigned int w0 = sp->w0[d], w1 = sp->w1[d];
	unsigned int n = popcount64(either_word(a, b, w0) & sp->first[d]);

	if (w0 == w1)
		return n;
	for (unsigned int w = w0 + 1; w < w1; w++)
		n += popcount64(set_word(a, b, w, cpu));
	return n + popcount64(either_word(a, b, w1) & sp->last[d]);
}

/*
 * set_distance() on a machine with spans, a | b holding others CPUs but
 * cpu.  The nearest member is in the narrowest span holding one; the
 * farthest lies outside the widest span that holds fewer than all.  The
 * widest span of all is every CPU, so it is never read: a member there
 * is one of others, and counting the members of the narrower spans
 * reads a word or two each, where the whole set is 16 words at 1024
 * CPUs (this was much of the model's host time on large machines).
 */
static enum distance span_nearest(const struct span *sp, const uint64_t *a,
				  const uint64_t *b, unsigned int others,
				  unsigned int cpu)
{
	for (enum distance d = DIST_SMT; d < DIST_REMOTE; d++)
		if (span_member(sp, d, a, b, cpu))
			return d;
	return others ? DIST_REMOTE : NR_DISTANCES;
}

static enum distance span_farthest(const struct span *sp, const uint64_t *a,
				   const uint64_t *b, unsigned int others,
				   unsigned int cpu)
{
	if (!others)
		return NR_DISTANCES;
	for (enum distance d = DIST_REMOTE; d-- > DIST_SMT;)
		if (span_count(sp, d, a, b, cpu) < others)
			return d + 1;
	return DIST_SMT;
}

/*
 * The distance from cpu to the nearest (want_far false) or the farthest
 * other CPU of the set a | b (b may be NULL), of n members (a and b are
 * disjoint: a CPU parks without its copy); NR_DISTANCES when the set
 * holds no other CPU.  Where CPUs are numbered core by core, the
 * set is asked through cpu's spans; else a large set through its
 * neighbourhoods, a few words per distance, not member by member.  The
 * spans' answer is the neighbourhoods': they are the same sets, told by
 * two bounds instead of a row of words, each row a host miss on a large
 * machine, where finding holders' distances is much of the model's work.
 */
static enum distance set_distance(const struct machine *m, const uint64_t *a,
				  const uint64_t *b, unsigned int n,
				  unsigned int cpu, bool want_far)
{
	bool any = false;

	if (m->span) {
		unsigned int others = n - (cpu_in(a, cpu) || (b && cpu_in(b, cpu)));

		return want_far ? span_farthest(&m->span[cpu], a, b, others, cpu) :
				  span_nearest(&m->span[cpu], a, b, others, cpu);
	}
	if (n <= 16)
		return members_distance(m, a, b, n, cpu, want_far);
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

/* cpu's span d is [lo, hi). */
static void span_set(struct span *sp, enum distance d, unsigned int lo,
		     unsigned int hi, unsigned int cpu)
{
	unsigned int w0 = lo / 64, w1 = (hi - 1) / 64;
	uint64_t own = ~(1ull << (cpu % 64));

	sp->w0[d] = w0;
	sp->w1[d] = w1;
	sp->first[d] = span_mask(w0, lo, hi) & (w0 == cpu / 64 ? own : ~0ull);
	sp->last[d] = span_mask(w1, lo, hi) & (w1 == cpu / 64 ? own : ~0ull);
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
			span_set(&sp[a], d, lo, hi, a);
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

#endif
