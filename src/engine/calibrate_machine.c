// SPDX-License-Identifier: GPL-2.0
/*
 * What rmapbench calibrate --machine measures of the machine at hand, for
 * the profile (machines/host) that --mode model --machine host runs on:
 *
 *	a two-thread cache-line ping-pong	every c2c cost
 *	a walk of locked increments over lines	overlap
 *	  another CPU wrote
 *	a pointer chase over lines another CPU	c2c_read, read_owns
 *	  wrote, with and without a write after
 *	two CPUs walking the same lines near	near_walk
 *	  each other (calibrate_steal.c)
 *	one thread's fork and exit rounds	round_jitter
 *	(not measured: the protocol's legs)	probe_at
 *	an uncontended locked RMW		atomic (less a plain store)
 *	a pointer chase over 128 MiB		memory_local
 *	independent loads and stores in L1	hit
 *	walks in and beyond L1 (calibrate_l2.c)	l1, l1_ways, l2_hit, l2_rmw
 *
 * Only one pair of CPUs is measured, so every c2c distance gets the same
 * figure, and with one NUMA node memory_remote is memory_local; the file
 * says so line by line.
 *
 * The ping-pong is measured as nviennot/core-to-core-latency does: the
 * two threads meet at a barrier, then many short samples (300 of 1,000
 * round trips), their median with p10 and p90.  A shared VM's vCPUs move
 * between cores sharing a cache and cores that do not, within minutes: a
 * spread (p90 over 1.5 x p10) means the samples straddle two regimes or
 * the scheduler, and the profile is refused unless --keep-unstable asks
 * for it; the regime measured is written into the profile.
 */
#include <hwloc.h>
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include "calibrate_machine.h"
#include "pingpong.h"
#include "lib/topo.h"
#include "lib/compiler.h"
#include "lib/regime.h"
#include "lib/stats.h"
#include "lib/util.h"
#include "machine/profile.h"

#define TRIES 5
#define WALK_TRIES 9
#define READ_PINGPONG 30 /* samples of a ping-pong bracketing a chase */
#define RMW_OPS 5000000
#define HIT_OPS 2000000
#define HIT_TRIES 100
#define HIT_GAP_US 10000
#define CHASE_BYTES (128u << 20)
#define CHASE_STEPS 4000000

/*
 * A walk of locked increments over lines another CPU wrote and left, as
 * get_page() walks the struct pages at fork that another CPU's forks and
 * exits incremented some time before: CPU b walks the lines, then CPU a
 * walks them (timed) and at once again, now its own (timed).  The
 * difference per line is what a line moved costs such a walk; the
 * ping-pong less a locked add is what the CPU waits for when it depends
 * on one: their ratio is how many transfers the walk keeps in flight,
 * the profile's overlap.  Two CPUs walking the same lines at once (the
 * walk this replaces) measure how near they walked instead: the model
 * prices that apart (prefetch_steal).
 */
static volatile size_t chase_end; /* keeps a chase from being dropped */

#define STREAM_LINES 512
#define STREAM_SAMPLES 101

struct stream {
	_Alignas(64) struct {
		atomic_ulong word;
		char pad[64 - sizeof(atomic_ulong)];
	} line[STREAM_LINES];
	_Alignas(64) atomic_uint turn; /* 0: b walks next; 1: a */
	int cpu[2];
};

static void stream_walk(struct stream *s)
{
	for (unsigned int i = 0; i < STREAM_LINES; i++)
		atomic_fetch_add_explicit(&s->line[i].word, 1,
					  memory_order_seq_cst);
}

static void *stream_other(void *arg)
{
	struct stream *s = arg;

	pin(s->cpu[1]);
	for (unsigned int k = 0; k < STREAM_SAMPLES; k++) {
		while (atomic_load_explicit(&s->turn, memory_order_acquire))
			;
		stream_walk(s);
		atomic_store_explicit(&s->turn, 1, memory_order_release);
	}
	return NULL;
}

/*
 * ns per line moved: medians of a's walks, moved less own; with no second
 * thread, 1e9: no walk measured, no overlap claimed.
 */
static double stream_ns(int a, int b)
{
	struct stream *s = aligned_alloc(64, sizeof(*s));
	double moved[STREAM_SAMPLES], own[STREAM_SAMPLES];
	pthread_t t;

	if (!s)
		return 1e9;
	memset(s, 0, sizeof(*s));
	s->cpu[0] = a;
	s->cpu[1] = b;
	pin(a);
	if (pthread_create(&t, NULL, stream_other, s)) {
		free(s);
		return 1e9;
	}
	for (unsigned int k = 0; k < STREAM_SAMPLES; k++) {
		uint64_t t0, t1;

		while (!atomic_load_explicit(&s->turn, memory_order_acquire))
			;
		t0 = now_ns();
		stream_walk(s);
		t1 = now_ns();
		stream_walk(s);
		moved[k] = (double)(t1 - t0) / STREAM_LINES;
		own[k] = (double)(now_ns() - t1) / STREAM_LINES;
		atomic_store_explicit(&s->turn, 0, memory_order_release);
	}
	pthread_join(t, NULL);
	free(s);
	return stats_median(moved, STREAM_SAMPLES) -
	       stats_median(own, STREAM_SAMPLES);
}

/*
 * A dependent chase through lines another CPU wrote last, as a walk of
 * pte chains reads nodes another CPU's fork or exit wrote: CPU b writes
 * every line, then CPU a follows the lines' links in a random order
 * (timed), and at once again, now its own lines (timed).  The first is
 * what a read the core waits on costs when another cache serves it
 * (c2c_read); with write set, a also stores into each line after reading
 * it and takes a locked add of a line of its own, which waits for that
 * store: what that adds beyond the read says whether the read brought
 * the line writable (read_owns).  The model charges a hit for the
 * access of one's own line: a read transfer is the difference and a hit.
 */
#define CHASE_LINES 512

struct chase {
	_Alignas(64) struct {
		unsigned long next, val;
		char pad[64 - 2 * sizeof(unsigned long)];
	} line[CHASE_LINES];
	_Alignas(64) atomic_ulong own;
	_Alignas(64) atomic_uint turn; /* 0: b writes next; 1: a chases */
	int cpu[2];
	bool write;
};

static unsigned long chase_walk(struct chase *c, unsigned long p)
{
	for (unsigned int i = 0; i < CHASE_LINES; i++) {
		unsigned long q =
			((volatile unsigned long *)&c->line[p].next)[0];

		if (c->write) {
			((volatile unsigned long *)&c->line[p].val)[0] = q;
			atomic_fetch_add_explicit(&c->own, 1,
						  memory_order_seq_cst);
		}
		p = q;
	}
	return p;
}

static void *chase_other(void *arg)
{
	struct chase *c = arg;

	pin(c->cpu[1]);
	for (unsigned int k = 0; k < STREAM_SAMPLES; k++) {
		while (atomic_load_explicit(&c->turn, memory_order_acquire))
			;
		for (unsigned int i = 0; i < CHASE_LINES; i++)
			((volatile unsigned long *)&c->line[i].val)[0] += 1;
		atomic_store_explicit(&c->turn, 1, memory_order_release);
	}
	return NULL;
}

/* The links: one random cycle through every line (xorshift, fixed seed). */
static void chase_links(struct chase *c)
{
	unsigned int order[CHASE_LINES];
	uint64_t rng = 0x9e3779b97f4a7c15ull;

	for (unsigned int i = 0; i < CHASE_LINES; i++)
		order[i] = i;
	for (unsigned int i = CHASE_LINES - 1; i > 0; i--) {
		unsigned int j, tmp;

		j = (unsigned int)(xorshift64(&rng) % (i + 1));
		tmp = order[i], order[i] = order[j], order[j] = tmp;
	}
	for (unsigned int i = 0; i < CHASE_LINES; i++)
		c->line[order[i]].next = order[(i + 1) % CHASE_LINES];
}

/* ns a line of a's chase through b's lines beyond one through its own. */
static double moved_chase_ns(int a, int b, bool write)
{
	struct chase *c = aligned_alloc(64, sizeof(*c));
	double moved[STREAM_SAMPLES], own[STREAM_SAMPLES];
	unsigned long p = 0;
	pthread_t t;

	if (!c)
		return -1;
	memset(c, 0, sizeof(*c));
	chase_links(c);
	c->cpu[0] = a;
	c->cpu[1] = b;
	c->write = write;
	pin(a);
	if (pthread_create(&t, NULL, chase_other, c)) {
		free(c);
		return -1;
	}
	for (unsigned int k = 0; k < STREAM_SAMPLES; k++) {
		uint64_t t0, t1;

		while (!atomic_load_explicit(&c->turn, memory_order_acquire))
			;
		t0 = now_ns();
		p = chase_walk(c, p);
		t1 = now_ns();
		p = chase_walk(c, p);
		moved[k] = (double)(t1 - t0) / CHASE_LINES;
		own[k] = (double)(now_ns() - t1) / CHASE_LINES;
		atomic_store_explicit(&c->turn, 0, memory_order_release);
	}
	pthread_join(t, NULL);
	chase_end = p;
	free(c);
	return stats_median(moved, STREAM_SAMPLES) -
	       stats_median(own, STREAM_SAMPLES);
}

/* Plain stores and loads to an L1-resident array, ns per access. */
static double hit_ns(void)
{
	static volatile unsigned long a[64];
	uint64_t t0 = now_ns();

	for (unsigned long i = 0; i < HIT_OPS; i++)
		a[i & 63] += 1;
	return (double)(now_ns() - t0) / HIT_OPS / 2;
}

/* Locked increments of one owned line, ns each. */
static double rmw_ns(void)
{
	static _Alignas(64) atomic_ulong word;
	uint64_t t0 = now_ns();

	for (unsigned long i = 0; i < RMW_OPS; i++)
		atomic_fetch_add_explicit(&word, 1, memory_order_seq_cst);
	return (double)(now_ns() - t0) / RMW_OPS;
}

/* A dependent load per line of a random cycle over CHASE_BYTES. */
static double chase_ns(void)
{
	size_t n = CHASE_BYTES / 64, *next = malloc(n * 64);
	uint64_t rng = 0x9e3779b97f4a7c15ull, t0;
	size_t *order = malloc(n * sizeof(*order)), p = 0;

	if (!next || !order) {
		free(next);
		free(order);
		return -1;
	}
	for (size_t i = 0; i < n; i++)
		order[i] = i;
	for (size_t i = n - 1; i > 0; i--) {
		size_t j, tmp;

		j = xorshift64(&rng) % (i + 1);
		tmp = order[i], order[i] = order[j], order[j] = tmp;
	}
	for (size_t i = 0; i < n; i++)
		next[order[i] * 8] = order[(i + 1) % n] * 8;
	free(order);
	t0 = now_ns();
	for (unsigned long i = 0; i < CHASE_STEPS; i++)
		p = next[p];
	t0 = now_ns() - t0;
	chase_end = p; /* so that the chase is not optimised away */
	free(next);
	return (double)t0 / CHASE_STEPS;
}

/*
 * The least of HIT_TRIES tries, HIT_GAP_US apart (one second): a loop
 * bound by the core's throughput runs at one speed or at 1.5-3x it on
 * the development VM, switching within a second and from calibration to
 * calibration (0.18 or 0.27-0.35 ns, while the one-thread points measured
 * alike in both: docs/model.md, "Calibration"), and noise of that kind only
 * adds time: the minimum is its robust estimator (Chen and Revels,
 * "Robust benchmarking in noisy environments", arXiv:1608.04295, 2016).
 */
static double least_of(double (*fn)(void))
{
	double least = fn();

	for (int i = 1; i < HIT_TRIES; i++) {
		double v;

		usleep(HIT_GAP_US);
		v = fn();
		if (v < least)
			least = v;
	}
	return least;
}

static double median_of(double (*fn)(void))
{
	double v[TRIES];

	for (int i = 0; i < TRIES; i++)
		v[i] = fn();
	return stats_median(v, TRIES);
}

/* This host as an hwloc synthetic string; a flat one if hwloc cannot. */
static void host_topology(char *buf, size_t len, unsigned int ncpus)
{
	hwloc_topology_t hw;

	snprintf(buf, len, "pack:1 core:%u pu:1", ncpus);
	if (hwloc_topology_init(&hw))
		return;
	if (!hwloc_topology_load(hw) &&
	    hwloc_topology_export_synthetic(
		    hw, buf, len,
		    HWLOC_TOPOLOGY_EXPORT_SYNTHETIC_FLAG_NO_ATTRS) < 0)
		snprintf(buf, len, "pack:1 core:%u pu:1", ncpus);
	hwloc_topology_destroy(hw);
}

/*
 * The first CPU of /proc/cpuinfo: its clock (1 GHz when none is given),
 * vendor, family and model.
 */
static void host_cpu(struct host_figures *h)
{
	FILE *f = fopen("/proc/cpuinfo", "r");
	char line[256];
	double mhz = 0;
	unsigned int v;

	while (f && fgets(line, sizeof(line), f) && line[0] != '\n') {
		sscanf(line, "vendor_id : %63s", h->vendor);
		sscanf(line, "cpu MHz : %lf", &mhz);
		if (sscanf(line, "cpu family : %u", &v) == 1)
			h->family = v;
		else if (sscanf(line, "model : %u", &v) == 1)
			h->model = v;
	}
	if (f)
		fclose(f);
	h->ghz = mhz > 0 ? mhz / 1000 : 1;
}

static long sysconf_or(int name, long dflt)
{
	long v = sysconf(name);

	return v > 0 ? v : dflt;
}

/*
 * Lines in flight in a walk: what a miss the CPU waits for costs beyond a
 * locked add (the ping-pong less rmw) over what a line moved costs the
 * walk; a line moved at no cost the walk can measure keeps the most.
 */
static double walk_overlap(double c2c, double rmw, double walk)
{
	double o = walk > 0 ? (c2c - rmw) / walk : 64;

	return o < 1 ? 1 : o > 64 ? 64 : o;
}

/*
 * The read transfer, and whether it brings the line writable: a write
 * the core waited to upgrade would add about a ping-pong less a locked
 * add; under half that, it did not wait.
 */
static void write_read(FILE *f, const struct host_figures *h, const char *src)
{
	double upgrade = h->pp.median - h->rmw;

	fprintf(f,
		"c2c_read %.1f ns # %s: a dependent chase through %d lines another CPU wrote last, beyond one through its own, and a hit; median of up to %d tries of %d samples, %s\n",
		(h->read > 0 ? h->read : 0) + h->hit, src, CHASE_LINES,
		WALK_TRIES, STREAM_SAMPLES,
		h->read_unbracketed ?
			"some not of this regime's ping-pong, kept with --keep-unstable" :
			"each bracketed by a ping-pong of this regime");
	fprintf(f,
		"read_owns %s # %s: a store and a locked add after each read of that chase add %.1f ns a line, %s half the ping-pong less a locked add (%.1f ns)\n",
		h->read_write < upgrade / 2 ? "on" : "off", src, h->read_write,
		h->read_write < upgrade / 2 ? "under" : "not under",
		upgrade / 2);
}

/* What a line taken back by a near walker costs (calibrate_steal.c). */
static void write_near(FILE *f, const struct host_figures *h, const char *src)
{
	if (h->near < 0) {
		fprintf(f,
			"# near_walk not measured: the two near walks seldom ran at once (another task had a CPU); a line taken back costs its whole transfer\n");
		return;
	}
	fprintf(f,
		"near_walk %.1f ns # %s: a walk of locked increments over %d lines, the stretches of it with the other CPU walking them within %d lines ahead or behind, beyond a walk of its own lines, their mean (those over 4 ping-pongs a line left out: another task ran); median of the same tries\n",
		h->near > 0 ? h->near : 0, src, NEAR_LINES, NEAR_MAX);
}

/*
 * The store buffer's size is not measured: it is the core's store queue
 * where a source gives it for this CPU (vendor, family, models), else
 * Zen 3's.  The fork and exit loops keep few stores in flight, so the
 * size changes little.
 */
#define ZEN3_SQ \
	"Zen 3 (family 19h, models 00h-0Fh, 20h-5Fh): a 64-entry store queue (AnandTech 16214 p.4)"
#define ZEN4_SQ \
	"Zen 4 (family 19h, models 10h-1Fh, 60h-AFh): a 64-entry store queue (Chips and Cheese, \"AMD's Zen 4, Part 2: Memory Subsystem and Conclusion\", 2022-11-08)"

static const struct {
	const char *vendor;
	unsigned int family, model_lo, model_hi, entries;
	const char *source;
} store_queues[] = {
	{ "AuthenticAMD", 0x17, 0x00, 0x2f, 44,
	  "Zen and Zen+ (family 17h, models 00h-2Fh): a 44-entry store queue (M. Clark, \"A New x86 Core Architecture for the Next Generation of Computing\", Hot Chips 28, 2016)" },
	/* family 19h's models: Linux's arch/x86/kernel/cpu/amd.c (ZEN3, ZEN4) */
	{ "AuthenticAMD", 0x19, 0x00, 0x0f, 64, ZEN3_SQ },
	{ "AuthenticAMD", 0x19, 0x20, 0x5f, 64, ZEN3_SQ },
	{ "AuthenticAMD", 0x19, 0x10, 0x1f, 64, ZEN4_SQ },
	{ "AuthenticAMD", 0x19, 0x60, 0xaf, 64, ZEN4_SQ },
};

static void write_store_queue(FILE *f, const struct host_figures *h)
{
	for (size_t i = 0; i < ARRAY_SIZE(store_queues); i++)
		if (!strcmp(h->vendor, store_queues[i].vendor) &&
		    h->family == store_queues[i].family &&
		    h->model >= store_queues[i].model_lo &&
		    h->model <= store_queues[i].model_hi) {
			fprintf(f,
				"store_buffer %u entries # not measured: %s\n",
				store_queues[i].entries,
				store_queues[i].source);
			return;
		}
	fprintf(f,
		"store_buffer 64 entries # not measured, and no source at hand for this CPU (%s family %u model %u): Zen 3's 64-entry store queue (AnandTech 16214 p.4)\n",
		*h->vendor ? h->vendor : "unknown", h->family, h->model);
}

/*
 * The first level: l2_hit a hit and what a load and a store pay a line
 * beyond L1 (a read that misses L1, then a hit, as the model charges a
 * line's load and store); l2_rmw what a locked increment pays beyond it.
 * A walk that finds nothing to pay is priced at a picosecond, the least
 * the model tells from a hit.
 */
static void write_l1(FILE *f, const struct host_figures *h, const char *src)
{
	const double least = 0.001;

	if (!h->l1_kib) {
		fprintf(f,
			"# l1, l1_ways, l2_hit: not measured (sysconf gives no L1, or L2 has no room for a walk beyond it); every private hit costs hit\n");
		return;
	}
	fprintf(f, "l1 %ld KiB # sysconf(_SC_LEVEL1_DCACHE_SIZE)\n", h->l1_kib);
	fprintf(f, "l1_ways %ld ways # sysconf(_SC_LEVEL1_DCACHE_ASSOC)\n",
		h->l1_ways);
	fprintf(f,
		"l2_hit %.3f ns # %s: a hit, and what a load and a store a line pay a walk in address order over %zu lines (in L2) beyond one over %zu (in L1), %.3f ns a line\n",
		h->hit + (h->l2_plain > least ? h->l2_plain : least), src,
		h->l1_lines[1], h->l1_lines[0], h->l2_plain);
	fprintf(f,
		"l2_rmw %.3f ns # %s: what a locked increment a line pays the same walks beyond L1\n",
		h->l2_locked > least ? h->l2_locked : least, src);
}

static int write_profile(FILE *f, const struct host_figures *h)
{
	static const char *const c2c[] = { "c2c_smt", "c2c_l3", "c2c_socket",
					   "c2c_remote" };
	const char *src = "measured by rmapbench calibrate --machine";

	fprintf(f,
		"# This host, %s.  Regenerate with: rmapbench calibrate --machine\n",
		h->when);
	/* No name: a profile is named by its file, wherever --out puts it. */
	fprintf(f, "topology %s # hwloc's view of this host\n", h->topology);
	fprintf(f, "line %ld bytes # sysconf(_SC_LEVEL1_DCACHE_LINESIZE)\n",
		h->line);
	fprintf(f, "clock %.3f GHz # /proc/cpuinfo cpu MHz\n", h->ghz);
	fprintf(f, "cache %ld KiB # sysconf(_SC_LEVEL2_CACHE_SIZE)\n",
		h->cache_kib);
	fprintf(f,
		"hit %.3f ns # %s: plain store+load to L1, per access, the least of %d tries over %d ms\n",
		h->hit, src, HIT_TRIES, HIT_TRIES * HIT_GAP_US / 1000);
	fprintf(f,
		"atomic %.3f ns # %s: uncontended lock add less a plain access\n",
		h->rmw > h->hit ? h->rmw - h->hit : 0, src);
	write_l1(f, h, src);
	fprintf(f, "memory_local %.1f ns # %s: pointer chase over 128 MiB\n",
		h->mem, src);
	fprintf(f,
		"memory_remote %.1f ns # not measured: taken as memory_local\n",
		h->mem);
	for (unsigned int i = 0; i < ARRAY_SIZE(c2c); i++)
		fprintf(f,
			"%s %.1f ns # %s: ping-pong between CPUs %d and %d, one way, median of %u samples of %d round trips (p10 %.1f, p90 %.1f)%s\n",
			c2c[i], h->pp.median, src, h->cpu[0], h->cpu[1],
			h->pp.samples, PINGPONG_ROUNDS, h->pp.p10, h->pp.p90,
			i ? " (the only pair measured)" : "");
	fprintf(f,
		"overlap %.2f lines # %s: the ping-pong less a locked add over what a line another CPU wrote and left costs a walk of locked increments in address order (%.1f ns beyond a walk of owned lines), clamped to 1..64\n",
		h->overlap, src, h->stream);
	write_read(f, h, src);
	write_near(f, h, src);
	fprintf(f,
		"round_jitter %.1f %.1f %.1f %% # %s: %d one-thread rounds of the none strategy (1024 pages, half file), fork and exit each timed: their p90, p99 and p99.9 over their median (%lu phases another task took the CPU in left out)\n",
		h->jitter[0], h->jitter[1], h->jitter[2], src, JITTER_ROUNDS,
		h->preempted);
	write_store_queue(f, h);
	fprintf(f,
		"probe_at 67 %% # not measured: a line another cache owns comes in three legs, the request to its home, the home's probe to the owner, the owner's data, and the owner answers two legs in (the AMD Hammer protocol as gem5 models it, src/mem/ruby/protocol/MOESI_hammer-dir.sm; the home's probe filter: Conway et al., \"Cache Hierarchy and Memory Subsystem of the AMD Opteron Processor\", IEEE Micro 30(2), 2010)\n");
#if defined(__aarch64__) || defined(__arm__)
	fprintf(f, "order arm # this host's architecture (Arm)\n");
#else
	fprintf(f, "order tso # this host's architecture (x86: TSO)\n");
#endif
	fprintf(f,
		"# regime: %s ping-pong, %.1f ns one way (p10 %.1f, p90 %.1f)%s; a shared VM's vCPUs can move between a shared cache and none within minutes: measure again (rmapbench calibrate --machine --pingpong) before and after a validation\n",
		pingpong_stable(&h->pp) ? "a stable" :
		h->pp.bimodal		? "a BIMODAL" :
					  "an UNSTABLE",
		h->pp.median, h->pp.p10, h->pp.p90,
		pingpong_stable(&h->pp) ? "" : ", kept with --keep-unstable");
	return ferror(f) ? -1 : 0;
}

static void refuse_unstable(const int cpu[2], const struct pingpong_stats *st)
{
	fprintf(stderr,
		"rmapbench: calibrate --machine: the ping-pong between CPUs %d and %d is %s (p10 %.1f ns, median %.1f, p90 %.1f over %u samples; stable means p90 <= %.1f x p10), so it measured the scheduler, not the cache; nothing was written: run it again when the machine is quiet, or pass --keep-unstable to write it marked so\n",
		cpu[0], cpu[1], st->bimodal ? "bimodal" : "unstable", st->p10,
		st->median, st->p90, st->samples, SPREAD_MAX);
}

/* Whether a ping-pong now is of the regime h->pp measured. */
static bool same_regime(const struct host_figures *h)
{
	struct pingpong_stats st;

	if (pingpong_ns(h->cpu[0], h->cpu[1], READ_PINGPONG, 0, &st))
		return false;
	return regime_same(st.median, h->pp.median);
}

/*
 * c2c_read, read_owns and near_walk, each try bracketed by a short
 * ping-pong: the chase moves with the regime as the ping-pong does (20 ns
 * at a 37-ns ping-pong, 70 at 117 on the development VM), so a try whose
 * brackets left the profile's regime is dropped.  -1 when too few were
 * kept.
 */
static int read_figures(struct host_figures *h, bool keep)
{
	double r[WALK_TRIES], w[WALK_TRIES], s[WALK_TRIES];
	unsigned int n = 0, nears = 0;

	for (int i = 0; i < 3 * WALK_TRIES && n < WALK_TRIES; i++) {
		bool bracketed;
		double a, b, near;

		/* --keep-unstable: the last tries go unbracketed */
		if (keep && i == 2 * WALK_TRIES && n < 3)
			h->read_unbracketed = true;
		bracketed = !h->read_unbracketed;
		if (bracketed && !same_regime(h))
			continue;
		a = moved_chase_ns(h->cpu[0], h->cpu[1], false);
		b = moved_chase_ns(h->cpu[0], h->cpu[1], true);
		near = calibrate_near_walk_ns(h->cpu[0], h->cpu[1],
					      h->pp.median);
		if (bracketed && !same_regime(h))
			continue;
		if (near >= 0)
			s[nears++] = near;
		r[n] = a;
		w[n++] = b - a;
	}
	if (n < 3) {
		fprintf(stderr,
			"rmapbench: calibrate --machine: the ping-pong left its regime (%.1f ns) around the chase of lines another CPU wrote too often; nothing was written: run it again when the machine is quiet\n",
			h->pp.median);
		return -1;
	}
	h->read = stats_median(r, n);
	h->read_write = stats_median(w, n);
	h->near = nears ? stats_median(s, nears) : -1;
	return 0;
}

int calibrate_machine_measure(struct host_figures *h, unsigned int samples,
			      bool keep)
{
	int cpus[2];
	int n = pingpong_cpus(cpus);
	double v[WALK_TRIES];
	time_t now = time(NULL);
	char msg[512];

	if (n < 0)
		return -1;
	if (pingpong_ns(cpus[0], cpus[1], samples, 0, &h->pp))
		return -1;
	if (!pingpong_stable(&h->pp) && !keep) {
		refuse_unstable(cpus, &h->pp);
		return -1;
	}
	h->cpu[0] = cpus[0];
	h->cpu[1] = cpus[1];
	strftime(h->when, sizeof(h->when), "%Y-%m-%d", gmtime(&now));
	host_topology(h->topology, sizeof(h->topology), (unsigned int)n);
	h->line = sysconf_or(_SC_LEVEL1_DCACHE_LINESIZE, 64);
	h->cache_kib = sysconf_or(_SC_LEVEL2_CACHE_SIZE, 512 * 1024) / 1024;
	host_cpu(h);
	h->hit = least_of(hit_ns);
	h->rmw = median_of(rmw_ns);
	calibrate_l2(h);
	h->mem = median_of(chase_ns);
	for (int i = 0; i < WALK_TRIES; i++)
		v[i] = stream_ns(cpus[0], cpus[1]);
	h->stream = stats_median(v, WALK_TRIES);
	h->overlap = walk_overlap(h->pp.median, h->rmw, h->stream);
	if (read_figures(h, keep))
		return -1;
	if (calibrate_round_jitter(h->jitter, &h->preempted, msg,
				   sizeof(msg))) {
		fprintf(stderr,
			"rmapbench: calibrate --machine: the one-thread rounds for round_jitter: %s\n",
			msg);
		return -1;
	}
	return h->mem > 0 && h->pp.median > 0 ? 0 : -1;
}

char *calibrate_machine_profile(const struct host_figures *h, char *msg,
				size_t len)
{
	struct machine_profile check;
	char *text = NULL;
	size_t size;
	FILE *f = open_memstream(&text, &size);

	if (!f || write_profile(f, h) || fclose(f)) {
		free(text);
		die_oom("the machine profile");
	}
	if (profile_parse(&check, text, "host", msg, len)) {
		free(text);
		return NULL;
	}
	return text;
}
