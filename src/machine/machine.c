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

/* One CPU's copy of one line: on the line's list and on the CPU's LRU. */
struct copy {
	uint32_t line, cpu;
	uint32_t next_copy;
	uint32_t lru_prev, lru_next; /* toward the head: more recent */
};

struct line {
	uintptr_t tag;	 /* address >> line shift */
	uint32_t copies; /* list of struct copy; one when E or M */
	uint32_t ncopies;
	uint32_t waiters; /* CPUs parked in machine_spin(), by next_waiter */
	uint16_t home;	  /* NUMA node of the first toucher */
	uint8_t state;	  /* enum mesi */
};

struct vcpu {
	uint64_t clock;
	uint64_t parked_at;
	struct coro *co;
	uint32_t lru_head, lru_tail;
	unsigned long nlines;
	uint32_t next_waiter;
	unsigned int id;
	struct machine_stats st;
};

/* An open-addressed map of tags to 32-bit values. */
struct map {
	uintptr_t *keys;
	uint32_t *vals; /* NIL: empty slot */
	size_t size, used;
};

/* A direct-mapped cache of the line map: most accesses repeat a line. */
#define LINE_CACHE_SIZE 4096

struct line_cache {
	uintptr_t tag;
	uint32_t line;
};

struct machine {
	const struct machine_profile *prof;
	struct line_cache line_cache[LINE_CACHE_SIZE];
	unsigned int ncpus, line_shift;
	struct vcpu *cpu;
	struct line *lines;
	size_t nr_lines, lines_cap;
	struct copy *copies;
	size_t nr_copies, copies_cap;
	uint32_t free_copy;
	struct map line_map; /* line tag -> index in lines */
	struct map lock_map; /* lock word address -> CPU that took it last */
	uint64_t *heap;	     /* runnable CPUs' keys, a min-heap */
	unsigned int heap_n;
	unsigned int parked;
	struct coro *main;
	machine_fn fn;
	void *arg;
	bool deadlock;
};

static _Thread_local struct machine *cur_m;
static _Thread_local struct vcpu *cur;

static void *xrealloc(void *p, size_t n)
{
	void *q = realloc(p, n);

	if (!q) {
		fprintf(stderr,
			"rmapbench: out of memory modelling a machine\n");
		exit(1);
	}
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
	mp->keys = xrealloc(NULL, size * sizeof(*mp->keys));
	mp->vals = xrealloc(NULL, size * sizeof(*mp->vals));
	memset(mp->vals, 0xff, size * sizeof(*mp->vals));
}

static void map_free(struct map *mp)
{
	free(mp->keys);
	free(mp->vals);
}

/* The slot of key, or the empty slot where it would go. */
static size_t map_find(const struct map *mp, uintptr_t key)
{
	size_t i = map_slot(mp, key);

	while (mp->vals[i] != NIL && mp->keys[i] != key)
		i = (i + 1) & (mp->size - 1);
	return i;
}

static void map_grow(struct map *mp)
{
	struct map old = *mp;

	map_init(mp, old.size * 2);
	for (size_t i = 0; i < old.size; i++)
		if (old.vals[i] != NIL) {
			size_t j = map_find(mp, old.keys[i]);

			mp->keys[j] = old.keys[i];
			mp->vals[j] = old.vals[i];
			mp->used++;
		}
	map_free(&old);
}

/* The value slot for key, inserted as NIL-valued... set by the caller. */
static uint32_t *map_get(struct map *mp, uintptr_t key, bool *fresh)
{
	size_t i = map_find(mp, key);

	*fresh = mp->vals[i] == NIL;
	if (*fresh) {
		if (2 * (mp->used + 1) > mp->size) {
			map_grow(mp);
			i = map_find(mp, key);
		}
		mp->keys[i] = key;
		mp->used++;
	}
	return &mp->vals[i];
}

/* ---- the scheduler ---- */

/*
 * The heap holds keys clock << KEY_ID_BITS | id: one integer compare orders
 * by clock, then by CPU number, without touching the CPUs.  Clocks stay
 * below 2^54 ps (five hours of virtual time); machine_run() checks.
 */
#define KEY_ID_BITS 10
#define KEY_CLOCK_MAX (UINT64_MAX >> KEY_ID_BITS)
_Static_assert(MACHINE_MAX_CPUS <= 1 << KEY_ID_BITS, "CPU ids fit the key");

static inline uint64_t key_of(const struct machine *m, uint32_t id)
{
	if (unlikely(m->cpu[id].clock > KEY_CLOCK_MAX)) {
		fprintf(stderr,
			"rmapbench: a modelled CPU ran past %llu ps of virtual time; model fewer forks\n",
			(unsigned long long)KEY_CLOCK_MAX);
		exit(1);
	}
	return m->cpu[id].clock << KEY_ID_BITS | id;
}

static inline uint32_t key_id(uint64_t key)
{
	return key & ((1u << KEY_ID_BITS) - 1);
}

static void heap_push(struct machine *m, uint32_t id)
{
	uint64_t key = key_of(m, id);
	unsigned int i = m->heap_n++;

	while (i) {
		unsigned int parent = (i - 1) / 2;

		if (key >= m->heap[parent])
			break;
		m->heap[i] = m->heap[parent];
		i = parent;
	}
	m->heap[i] = key;
}

/* Puts key at the root and sifts it down; returns the id it replaced. */
static uint32_t heap_sift_root(struct machine *m, uint64_t last)
{
	uint64_t top = m->heap[0];
	unsigned int i = 0, n = m->heap_n;

	for (;;) {
		unsigned int c = 2 * i + 1;

		if (c >= n)
			break;
		if (c + 1 < n && m->heap[c + 1] < m->heap[c])
			c++;
		if (m->heap[c] >= last)
			break;
		m->heap[i] = m->heap[c];
		i = c;
	}
	m->heap[i] = last;
	return key_id(top);
}

static uint32_t heap_pop(struct machine *m)
{
	m->heap_n--;
	return heap_sift_root(m, m->heap[m->heap_n]);
}

/* The running CPU goes back, the smallest comes out: one sift. */
static uint32_t heap_replace_top(struct machine *m, uint32_t id)
{
	return heap_sift_root(m, key_of(m, id));
}

static void switch_to(struct machine *m, struct coro *from, struct vcpu *to)
{
	struct vcpu *self = cur;

	cur = to;
	coro_switch(from, to->co);
	cur = self;
	(void)m;
}

/* Leaves the running CPU (not on the heap) for the next one, or main. */
static void run_next(struct machine *m)
{
	struct vcpu *self = cur;

	if (m->heap_n) {
		switch_to(m, self->co, &m->cpu[heap_pop(m)]);
		return;
	}
	if (m->parked)
		m->deadlock = true;
	cur = NULL;
	coro_switch(self->co, m->main);
}

/* Runs on: the running CPU keeps going while its clock is the smallest. */
static inline void maybe_yield(struct machine *m)
{
	if (likely(!m->heap_n || m->heap[0] > key_of(m, cur->id)))
		return;
	switch_to(m, cur->co, &m->cpu[heap_replace_top(m, cur->id)]);
}

/* ---- the caches ---- */

static uint32_t new_line(struct machine *m, uintptr_t tag, unsigned int cpu)
{
	bool fresh;
	uint32_t *slot = map_get(&m->line_map, tag, &fresh);

	if (!fresh)
		return *slot;
	if (m->nr_lines == m->lines_cap) {
		m->lines_cap = m->lines_cap ? 2 * m->lines_cap : 4096;
		m->lines = xrealloc(m->lines, m->lines_cap * sizeof(*m->lines));
	}
	*slot = m->nr_lines;
	m->lines[m->nr_lines] = (struct line){
		.tag = tag,
		.copies = NIL,
		.waiters = NIL,
		.home = m->prof->cpu[cpu].node,
		.state = LINE_I,
	};
	return m->nr_lines++;
}

static inline uint32_t line_of(struct machine *m, const void *p,
			       unsigned int cpu)
{
	uintptr_t tag = (uintptr_t)p >> m->line_shift;
	struct line_cache *lc = &m->line_cache[tag & (LINE_CACHE_SIZE - 1)];

	if (likely(lc->tag == tag))
		return lc->line;
	lc->tag = tag;
	lc->line = new_line(m, tag, cpu);
	return lc->line;
}

static void lru_unlink(struct machine *m, struct vcpu *v, uint32_t c)
{
	struct copy *cp = &m->copies[c];

	if (cp->lru_prev != NIL)
		m->copies[cp->lru_prev].lru_next = cp->lru_next;
	else
		v->lru_head = cp->lru_next;
	if (cp->lru_next != NIL)
		m->copies[cp->lru_next].lru_prev = cp->lru_prev;
	else
		v->lru_tail = cp->lru_prev;
}

static void lru_push(struct machine *m, struct vcpu *v, uint32_t c)
{
	struct copy *cp = &m->copies[c];

	cp->lru_prev = NIL;
	cp->lru_next = v->lru_head;
	if (v->lru_head != NIL)
		m->copies[v->lru_head].lru_prev = c;
	else
		v->lru_tail = c;
	v->lru_head = c;
}

static void lru_touch(struct machine *m, struct vcpu *v, uint32_t c)
{
	if (v->lru_head == c)
		return;
	lru_unlink(m, v, c);
	lru_push(m, v, c);
}

static uint32_t find_copy(const struct machine *m, const struct line *l,
			  unsigned int cpu)
{
	uint32_t c = l->copies;

	while (c != NIL && m->copies[c].cpu != cpu)
		c = m->copies[c].next_copy;
	return c;
}

/* Takes copy c off its line's list, its CPU's LRU, and frees it. */
static void drop_copy(struct machine *m, uint32_t c)
{
	struct copy *cp = &m->copies[c];
	struct line *l = &m->lines[cp->line];
	uint32_t *pp = &l->copies;

	while (*pp != c)
		pp = &m->copies[*pp].next_copy;
	*pp = cp->next_copy;
	if (!--l->ncopies)
		l->state = LINE_I;
	lru_unlink(m, &m->cpu[cp->cpu], c);
	m->cpu[cp->cpu].nlines--;
	cp->next_copy = m->free_copy;
	m->free_copy = c;
}

/* Gives cpu a copy of line, evicting its least recently used line. */
static void add_copy(struct machine *m, struct vcpu *v, uint32_t line)
{
	struct line *l = &m->lines[line];
	uint32_t c = m->free_copy;

	if (c != NIL) {
		m->free_copy = m->copies[c].next_copy;
	} else {
		if (m->nr_copies == m->copies_cap) {
			m->copies_cap =
				m->copies_cap ? 2 * m->copies_cap : 4096;
			m->copies = xrealloc(
				m->copies, m->copies_cap * sizeof(*m->copies));
		}
		c = m->nr_copies++;
	}
	m->copies[c] = (struct copy){ .line = line,
				      .cpu = v->id,
				      .next_copy = l->copies };
	l->copies = c;
	l->ncopies++;
	lru_push(m, v, c);
	if (++v->nlines > m->prof->cache_lines) {
		v->st.evictions++;
		drop_copy(m, v->lru_tail);
	}
}

/* The nearest (want_far false) or farthest other holder's distance. */
static enum distance holder_distance(const struct machine *m,
				     const struct line *l, unsigned int cpu,
				     bool want_far)
{
	enum distance best = want_far ? DIST_SMT : DIST_REMOTE;

	for (uint32_t c = l->copies; c != NIL; c = m->copies[c].next_copy) {
		enum distance d;

		if (m->copies[c].cpu == cpu)
			continue;
		d = profile_distance(m->prof, cpu, m->copies[c].cpu);
		if (want_far ? d > best : d < best)
			best = d;
	}
	return best;
}

static uint64_t memory_cost(const struct machine *m, const struct line *l,
			    unsigned int cpu)
{
	return m->prof
		->cost[l->home == m->prof->cpu[cpu].node ? COST_MEM_LOCAL :
							   COST_MEM_REMOTE];
}

/* Wakes the CPUs parked on line at the writer's time. */
static void wake_waiters(struct machine *m, struct line *l, uint64_t now)
{
	while (l->waiters != NIL) {
		struct vcpu *w = &m->cpu[l->waiters];

		l->waiters = w->next_waiter;
		if (w->clock < now)
			w->clock = now;
		w->st.spin_ps += w->clock - w->parked_at;
		m->parked--;
		heap_push(m, w->id);
	}
}

/* Every other copy goes; returns the price of the farthest. */
static uint64_t invalidate_others(struct machine *m, struct vcpu *v,
				  uint32_t line)
{
	struct line *l = &m->lines[line];
	enum distance far = holder_distance(m, l, v->id, true);
	uint32_t c = l->copies;

	while (c != NIL) {
		uint32_t next = m->copies[c].next_copy;

		if (m->copies[c].cpu != v->id) {
			drop_copy(m, c);
			v->st.invalidations++;
		}
		c = next;
	}
	return m->prof->cost[COST_C2C + far];
}

static uint64_t read_access(struct machine *m, struct vcpu *v, uint32_t line)
{
	struct line *l = &m->lines[line];
	uint32_t c = find_copy(m, l, v->id);
	uint64_t cost;

	if (c != NIL) {
		v->st.hits++;
		lru_touch(m, v, c);
		return m->prof->cost[COST_HIT];
	}
	if (!l->ncopies) {
		v->st.mem_misses++;
		cost = memory_cost(m, l, v->id);
		add_copy(m, v, line);
		m->lines[line].state = LINE_E;
		return cost;
	}
	v->st.transfers++;
	cost = m->prof->cost[COST_C2C + holder_distance(m, l, v->id, false)];
	l->state = LINE_S;
	add_copy(m, v, line);
	return cost;
}

static uint64_t write_access(struct machine *m, struct vcpu *v, uint32_t line)
{
	struct line *l = &m->lines[line];
	uint32_t c = find_copy(m, l, v->id);
	uint64_t cost;

	if (c != NIL && l->state != LINE_S) {
		v->st.hits++;
		lru_touch(m, v, c);
		l->state = LINE_M;
		return m->prof->cost[COST_HIT];
	}
	if (c != NIL) {
		/* An upgrade: the data is here, the other copies must go. */
		v->st.hits++;
		lru_touch(m, v, c);
		cost = l->ncopies > 1 ? invalidate_others(m, v, line) :
					m->prof->cost[COST_HIT];
	} else if (!l->ncopies) {
		v->st.mem_misses++;
		cost = memory_cost(m, l, v->id);
		add_copy(m, v, line);
	} else {
		v->st.transfers++;
		cost = invalidate_others(m, v, line);
		add_copy(m, v, line);
	}
	m->lines[line].state = LINE_M;
	return cost;
}

void machine_access(const void *p, enum access_kind kind)
{
	struct machine *m = cur_m;
	struct vcpu *v = cur;
	uint32_t line;

	if (!v)
		return;
	maybe_yield(m);
	v = cur;
	v->st.accesses++;
	line = line_of(m, p, v->id);
	if (kind == ACCESS_READ) {
		v->clock += read_access(m, v, line);
		return;
	}
	v->clock += write_access(m, v, line);
	if (kind == ACCESS_RMW) {
		v->st.rmws++;
		v->clock += m->prof->cost[COST_ATOMIC];
	}
	if (m->lines[line].waiters != NIL)
		wake_waiters(m, &m->lines[line], v->clock);
}

void machine_spin(const void *p)
{
	struct machine *m = cur_m;
	struct vcpu *v = cur;
	struct line *l;
	uint32_t line;

	if (!v)
		return;
	line = line_of(m, p, v->id);
	l = &m->lines[line];
	/* Our copy is gone already: the caller's re-read will miss. */
	if (find_copy(m, l, v->id) == NIL)
		return;
	v->st.spins++;
	v->parked_at = v->clock;
	v->next_waiter = l->waiters;
	l->waiters = v->id;
	m->parked++;
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
	if (cur)
		cur->clock += ps;
}

unsigned int machine_cpu(void)
{
	return cur ? cur->id : 0;
}

uint64_t machine_now(void)
{
	return cur ? cur->clock : 0;
}

/* ---- the machine ---- */

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
	m->cpu = calloc(ncpus, sizeof(*m->cpu));
	m->heap = calloc(ncpus, sizeof(*m->heap));
	if (!m->cpu || !m->heap)
		goto oom;
	for (unsigned int i = 0; i < ncpus; i++) {
		m->cpu[i].id = i;
		m->cpu[i].lru_head = m->cpu[i].lru_tail = NIL;
		m->cpu[i].next_waiter = NIL;
	}
	m->free_copy = NIL;
	for (unsigned int i = 0; i < LINE_CACHE_SIZE; i++)
		m->line_cache[i].tag = UINTPTR_MAX;
	map_init(&m->line_map, 1 << 16);
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
	map_free(&m->line_map);
	map_free(&m->lock_map);
	free(m->lines);
	free(m->copies);
	free(m->cpu);
	free(m->heap);
	free(m);
}

void machine_set_clock(struct machine *m, unsigned int cpu, uint64_t ps)
{
	m->cpu[cpu].clock = ps;
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
	m->deadlock = false;
	m->heap_n = m->parked = 0;
	for (i = 0; i < m->ncpus; i++) {
		m->cpu[i].co = coro_create(vcpu_main, &m->cpu[i], STACK_SIZE);
		if (!m->cpu[i].co) {
			snprintf(msg, len, "out of memory for %u CPU stacks",
				 m->ncpus);
			ret = -1;
			goto out;
		}
		heap_push(m, i);
	}
	cur_m = m;
	m->main = coro_self();
	cur = &m->cpu[heap_pop(m)];
	coro_switch(m->main, cur->co);
	cur = NULL;
	cur_m = NULL;
	if (m->deadlock) {
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
