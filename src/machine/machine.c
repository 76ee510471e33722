// SPDX-License-Identifier: GPL-2.0
/*
 * The modelled machine: MESI caches, a private LRU cache per CPU, and a
 * scheduler that runs the virtual CPU with the smallest clock.  Here are
 * what it exports, the hooks the strategy code calls (hook.h) and the
 * machine's life (machine.h); the parts they are made of are included
 * into this one translation unit (machine_impl.h says why).
 */
#include "coherence.h"
#include "cpuset.h"
#include "l1.h"
#include "lines.h"
#include "lru.h"
#include "machine_impl.h"
#include "sched.h"
#include "waitq.h"

/*
 * An access that may have to wait its turn: apart from the few that run
 * ahead, so that those, most of the accesses on a large machine, take a
 * call with no frame to set up (this one saves every register).
 */
static noinline void access_in_turn(const void *p, enum access_kind kind)
{
	struct machine *m = cur_m;
	struct vcpu *v = cur;
	const uint64_t hit = m->prof->cost[COST_HIT];
	/* dearer than this, the line came from memory or another CPU */
	const uint64_t onchip = m->prof->onchip;
	uintptr_t tag = (uintptr_t)p >> m->line_shift;
	uint64_t issued, cost, done, late;
	struct line *l;
	uint32_t line;
	bool waited;

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
			v->last_l->state = LINE_M;
		v->clock += hit;
		goto rmw;
	}
	/* the caller's own access follows: its miss overlaps the model's */
	__builtin_prefetch(p);
	line = line_of(m, tag, v->id);
	waited = kind == ACCESS_RMW && line_wait(m, v, line);
	issued = v->clock;
	late = waited ? rmw_late(m, v, line) : read_late(m, v, line, kind);
	if (late) {
		/* the others run on till the request reaches the owner */
		v->clock += late;
		maybe_yield(m, tag);
		v = cur;
	}
	v->last_tag = tag;
	v->last_l = line_at(m, line);
	cost = kind == ACCESS_READ ?
		       read_access(m, v, line) :
		       write_access(m, v, line, kind == ACCESS_RMW);
	/* the transfer takes no longer: its request's way was part of it */
	if (late)
		cost = cost > late + hit ? cost - late : hit;
	if (cost > onchip && m->overlap_1000 > 1000)
		cost = overlapped(m, v, tag, line, cost, kind);
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
		 * the lock's own cost in it already.  One on a line its own
		 * L2 had fetches it into L1, then locks it.
		 */
		v->clock += cost;
		if (kind == ACCESS_RMW && cost <= onchip)
			v->clock += m->prof->cost[COST_ATOMIC];
		done = v->clock;
	}
	l = v->last_l;
	if (kind == ACCESS_RMW && l->waitq == NIL)
		l->waitq = new_waitq(m);
	if (l->waitq != NIL) {
		m->wq[l->waitq].done = done;
		m->wq[l->waitq].writer = v->id;
	}
	if (nr_parked(m, l))
		release_herd(m, v, l, done);
	if (kind == ACCESS_RMW) {
		l->strict = true;
		v->st.rmws++;
	}
	return;
rmw:
	if (kind == ACCESS_RMW) {
		v->last_l->strict = true;
		v->st.rmws++;
		v->clock += m->prof->cost[COST_ATOMIC];
	}
}

void machine_access(const void *p, enum access_kind kind)
{
	struct machine *m = cur_m;
	struct vcpu *v = cur;

	if (!v || run_ahead(m, v, (uintptr_t)p >> m->line_shift, kind))
		return;
	access_in_turn(p, kind);
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
	set_pending(m, v, tag, (const char *)&tag);
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

void *machine_cpu_local(void)
{
	static _Thread_local _Alignas(64) char own[MACHINE_CPU_LOCAL];

	if (!cur)
		return own;
	return cur_m->local + (size_t)cur->id * MACHINE_CPU_LOCAL;
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

/*
 * What a read transfer costs from each distance: the profile's c2c_read
 * was measured between the calibration's pair, whose ping-pong is
 * c2c_socket (the one figure a host profile gives every distance); other
 * distances take the same share of their c2c.  Without it, c2c.
 */
static void read_costs(const struct machine_profile *prof,
		       const uint64_t *c2c, uint64_t *c2c_rd)
{
	uint64_t pair = prof->cost[COST_C2C + DIST_SOCKET];

	for (enum distance d = DIST_SMT; d < NR_DISTANCES; d++)
		c2c_rd[d] = prof->c2c_read && pair ?
				    c2c[d] * prof->c2c_read / pair :
				    c2c[d];
}

/* Each package's row of transfer costs, and the row of the others. */
static void c2c_costs(struct machine *m)
{
	const struct machine_profile *prof = m->prof;

	for (unsigned int pkg = 0; pkg <= MACHINE_MAX_PACKAGES; pkg++) {
		uint64_t *c2c = m->c2c[pkg];

		for (enum distance d = DIST_SMT; d < NR_DISTANCES; d++)
			c2c[d] = prof->cost[COST_C2C + d];
		if (pkg < MACHINE_MAX_PACKAGES && prof->socket_cost[pkg])
			c2c[DIST_SOCKET] = prof->socket_cost[pkg];
		read_costs(prof, c2c, m->c2c_rd[pkg]);
	}
}

/*
 * A stolen miss's share of its transfer, per mille: the profile's
 * near_walk over what the calibration's pair waits for in a locked
 * increment of a line the other CPU holds, beyond one of its own (the
 * ping-pong less a locked add).  Without near_walk, the whole transfer.
 */
static uint64_t steal_share(const struct machine_profile *prof)
{
	uint64_t pair = prof->cost[COST_C2C + DIST_SOCKET];
	uint64_t own = prof->cost[COST_HIT] + prof->cost[COST_ATOMIC];

	if (!prof->near_walk || pair <= own || prof->near_walk >= pair - own)
		return 1000;
	return prof->near_walk * 1000 / (pair - own);
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
	m->cpu = huge_zalloc(ncpus * sizeof(*m->cpu));
	m->stacks = huge_zalloc(ncpus * STACK_STRIDE);
	for (m->leaves = 1; m->leaves < ncpus; m->leaves *= 2)
		;
	m->tree = calloc(2 * m->leaves, sizeof(*m->tree));
	m->slot = calloc(ncpus, sizeof(*m->slot));
	m->free_slot = calloc(m->leaves, sizeof(*m->free_slot));
	m->pending = malloc(ncpus * sizeof(*m->pending));
	/* whole pages: its lines are the same from one run to the next */
	m->local = aligned_alloc(4096, (ncpus * MACHINE_CPU_LOCAL + 4095) &
					       ~(size_t)4095);
	if (prof->store_buffer)
		m->sb = huge_zalloc((size_t)ncpus * prof->store_buffer *
				    sizeof(*m->sb));
	if (!m->cpu || !m->stacks || !m->tree || !m->slot || !m->free_slot ||
	    !m->pending || !m->local || (prof->store_buffer && !m->sb))
		goto oom;
	memset(m->local, 0, ncpus * MACHINE_CPU_LOCAL);
	for (unsigned int i = 0; i < ncpus; i++)
		m->pending[i] = (struct pending){ .tag = UINTPTR_MAX };
	c2c_costs(m);
	for (unsigned int i = 0; i < ncpus; i++) {
		struct vcpu *v = &m->cpu[i];
		unsigned int pkg = prof->cpu[i].package;

		v->id = i;
		v->pkg = pkg < MACHINE_MAX_PACKAGES ? pkg : MACHINE_MAX_PACKAGES;
		v->ring_mask = 1023;
		v->ring = pool_alloc(m, 1024 * sizeof(*v->ring));
		v->last_tag = UINTPTR_MAX;
		memset(v->stream, 0xff, sizeof(v->stream));
		l1_alloc(m, v);
		m->l1 = v->l1 != NULL;
	}
	m->overlap_1000 = (uint64_t)(prof->overlap * 1000 + 0.5);
	m->steal_1000 = steal_share(prof);
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
	for (size_t i = 0; i < m->nr_chunks; i++)
		chunk_free(m, &m->chunks[i]);
	free(m->chunks);
	map_free(&m->lock_map);
	free(m->seen);
	free(m->kept);
	for (unsigned int i = 0; m->cpu && i < m->ncpus; i++)
		free(m->cpu[i].l1);
	pool_destroy(&m->pool);
	huge_free(m->cpu, m->ncpus * sizeof(*m->cpu));
	huge_free(m->stacks, m->ncpus * STACK_STRIDE);
	free(m->tree);
	free(m->slot);
	free(m->free_slot);
	free(m->pending);
	huge_free(m->sb,
		  (size_t)m->ncpus * m->prof->store_buffer * sizeof(*m->sb));
	free(m->local);
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
		m->cpu[i].co = coro_create(vcpu_main, &m->cpu[i],
					   m->stacks + i * STACK_STRIDE,
					   CORO_REDZONE + STACK_SIZE);
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
		sum->l1_misses += s->l1_misses;
	}
}

const struct machine_profile *machine_profile(const struct machine *m)
{
	return m->prof;
}
