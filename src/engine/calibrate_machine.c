// SPDX-License-Identifier: GPL-2.0
/*
 * rmapbench calibrate --machine: measures the machine at hand and writes
 * its profile (machines/host) for --mode model --machine host:
 *
 *	a two-thread cache-line ping-pong	every c2c cost
 *	an uncontended locked RMW		atomic (less a plain store)
 *	a pointer chase over 128 MiB		memory_local
 *	independent loads and stores in L1	hit
 *
 * Only one pair of CPUs is measured, so every c2c distance gets the same
 * figure, and with one NUMA node memory_remote is memory_local; the file
 * says so line by line.
 */
#include <errno.h>
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
#include "driver.h"
#include "topo.h"
#include "lib/compiler.h"
#include "lib/outfile.h"
#include "lib/stats.h"
#include "lib/util.h"
#include "machine/profile.h"

#define TRIES 5
#define PINGPONG_ROUNDS 20000
#define RMW_OPS 5000000
#define HIT_OPS 20000000
#define CHASE_BYTES (128u << 20)
#define CHASE_STEPS 4000000

struct pingpong {
	_Alignas(64) atomic_uint flag;
	int cpu[2];
	unsigned long rounds;
};

static void pin(int cpu)
{
	cpu_set_t set;

	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	sched_setaffinity(0, sizeof(set), &set);
}

/* Thread 1 answers every ping: the flag goes 0 → 1 → 0. */
static void *pong(void *arg)
{
	struct pingpong *pp = arg;

	pin(pp->cpu[1]);
	for (unsigned long i = 0; i < pp->rounds; i++) {
		unsigned int want = 1;

		while (!atomic_compare_exchange_weak_explicit(
			&pp->flag, &want, 0, memory_order_acq_rel,
			memory_order_relaxed))
			want = 1;
	}
	return NULL;
}

/* One way of a compare-exchange ping-pong: round trip / 2, in ns. */
static double pingpong_ns(int a, int b)
{
	struct pingpong pp = { .cpu = { a, b }, .rounds = PINGPONG_ROUNDS };
	pthread_t t;
	uint64_t t0;

	atomic_init(&pp.flag, 0);
	if (pthread_create(&t, NULL, pong, &pp))
		return -1;
	pin(a);
	t0 = now_ns();
	for (unsigned long i = 0; i < pp.rounds; i++) {
		unsigned int want = 0;

		while (!atomic_compare_exchange_weak_explicit(
			&pp.flag, &want, 1, memory_order_acq_rel,
			memory_order_relaxed))
			want = 0;
	}
	t0 = now_ns() - t0;
	pthread_join(t, NULL);
	return (double)t0 / pp.rounds / 2;
}

/*
 * A walk of locked increments over shared lines, as get_page() walks the
 * struct pages at fork: alone, then with a second CPU walking the same
 * lines at the same time, so that nearly every line was last written by
 * the other.  The difference per line is what a line moved in such a
 * walk costs, where the ping-pong is the latency of one the CPU waits
 * for.  Not used by the model (which charges c2c for both); written into
 * the profile as a comment, to read beside c2c.
 */
#define STREAM_LINES 512
#define STREAM_SWEEPS 2000

struct stream {
	_Alignas(64) struct {
		atomic_ulong word;
		char pad[64 - sizeof(atomic_ulong)];
	} line[STREAM_LINES];
	atomic_uint ready;
	int cpu[2];
	double ns[2];
};

static void stream_walk(struct stream *s, unsigned int id, unsigned int n)
{
	uint64_t t0;

	pin(s->cpu[id]);
	atomic_fetch_add_explicit(&s->ready, 1, memory_order_acq_rel);
	while (atomic_load_explicit(&s->ready, memory_order_acquire) < n)
		;
	t0 = now_ns();
	for (unsigned int k = 0; k < STREAM_SWEEPS; k++)
		for (unsigned int i = 0; i < STREAM_LINES; i++)
			atomic_fetch_add_explicit(&s->line[i].word, 1,
						  memory_order_seq_cst);
	s->ns[id] = (double)(now_ns() - t0) / STREAM_SWEEPS / STREAM_LINES;
}

static void *stream_other(void *arg)
{
	stream_walk(arg, 1, 2);
	return NULL;
}

/* ns per line: two walkers less one; -1 if a thread cannot start. */
static double stream_ns(int a, int b)
{
	struct stream *s = aligned_alloc(64, sizeof(*s));
	double one, two;
	pthread_t t;

	if (!s)
		return -1;
	memset(s, 0, sizeof(*s));
	s->cpu[0] = a;
	s->cpu[1] = b;
	stream_walk(s, 0, 1);
	one = s->ns[0];
	atomic_store_explicit(&s->ready, 0, memory_order_relaxed);
	if (pthread_create(&t, NULL, stream_other, s)) {
		free(s);
		return -1;
	}
	stream_walk(s, 0, 2);
	pthread_join(t, NULL);
	two = (s->ns[0] + s->ns[1]) / 2;
	free(s);
	return two - one;
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

static volatile size_t chase_end;

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

		rng ^= rng << 13, rng ^= rng >> 7, rng ^= rng << 17;
		j = rng % (i + 1);
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

static double host_ghz(void)
{
	FILE *f = fopen("/proc/cpuinfo", "r");
	char line[256];
	double mhz = 0;

	while (f && fgets(line, sizeof(line), f))
		if (sscanf(line, "cpu MHz : %lf", &mhz) == 1)
			break;
	if (f)
		fclose(f);
	return mhz > 0 ? mhz / 1000 : 1;
}

static long sysconf_or(int name, long dflt)
{
	long v = sysconf(name);

	return v > 0 ? v : dflt;
}

struct host_figures {
	char topology[256], when[64];
	int cpu[2];
	double ghz, hit, rmw, mem, c2c, stream;
	long line, cache_kib;
};

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
	fprintf(f, "hit %.3f ns # %s: plain store+load to L1, per access\n",
		h->hit, src);
	fprintf(f,
		"atomic %.3f ns # %s: uncontended lock add less a plain access\n",
		h->rmw > h->hit ? h->rmw - h->hit : 0, src);
	fprintf(f, "memory_local %.1f ns # %s: pointer chase over 128 MiB\n",
		h->mem, src);
	fprintf(f,
		"memory_remote %.1f ns # not measured: taken as memory_local\n",
		h->mem);
	for (unsigned int i = 0; i < ARRAY_SIZE(c2c); i++)
		fprintf(f,
			"%s %.1f ns # %s: ping-pong between CPUs %d and %d, one way%s\n",
			c2c[i], h->c2c, src, h->cpu[0], h->cpu[1],
			i ? " (the only pair measured)" : "");
	fprintf(f,
		"# not a key: a line moved in a walk of locked increments over shared lines costs %.1f ns more when a second CPU walks them too than when one walks them alone; every c2c above is the latency of a transfer the CPU waits for, and the model charges it for both\n",
		h->stream);
	return ferror(f) ? -1 : 0;
}

static int measure(struct host_figures *h)
{
	int cpus[CPUS_MAX];
	unsigned int n = allowed_cpus(cpus, CPUS_MAX);
	double v[TRIES];
	time_t now = time(NULL);

	if (n < 2) {
		fprintf(stderr,
			"rmapbench: calibrate --machine needs two CPUs for the ping-pong; this process may use %u\n",
			n);
		return -1;
	}
	h->cpu[0] = cpus[0];
	h->cpu[1] = cpus[1];
	strftime(h->when, sizeof(h->when), "%Y-%m-%d", gmtime(&now));
	host_topology(h->topology, sizeof(h->topology), n);
	h->line = sysconf_or(_SC_LEVEL1_DCACHE_LINESIZE, 64);
	h->cache_kib = sysconf_or(_SC_LEVEL2_CACHE_SIZE, 512 * 1024) / 1024;
	h->ghz = host_ghz();
	h->hit = median_of(hit_ns);
	h->rmw = median_of(rmw_ns);
	h->mem = median_of(chase_ns);
	for (int i = 0; i < TRIES; i++)
		v[i] = pingpong_ns(cpus[0], cpus[1]);
	h->c2c = stats_median(v, TRIES);
	for (int i = 0; i < TRIES; i++)
		v[i] = stream_ns(cpus[0], cpus[1]);
	h->stream = stats_median(v, TRIES);
	return h->mem > 0 && h->c2c > 0 ? 0 : -1;
}

/* The profile's text, checked by the parser that will read it. */
static char *profile_text(const struct host_figures *h, char *msg, size_t len)
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

/* calibrate --machine [--out FILE] [--force]: argv[0] is "--machine". */
static int machine_args(int argc, char **argv, const char **path,
			unsigned int *flags)
{
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--force")) {
			*flags |= OUT_FORCE;
		} else if (!strcmp(argv[i], "--out") && i + 1 < argc) {
			*path = argv[++i];
		} else {
			fprintf(stderr,
				"rmapbench: calibrate --machine takes only --out FILE (default machines/host) and --force; got '%s'\n",
				argv[i]);
			return EXIT_USAGE;
		}
	}
	return 0;
}

int cmd_calibrate_machine(int argc, char **argv)
{
	char dir[4096], def[4200], msg[1024];
	const char *path = NULL;
	unsigned int flags = OUT_WHOLE;
	struct host_figures h = { 0 };
	struct outfile out;
	char *text;
	int ret = machine_args(argc, argv, &path, &flags);

	if (ret)
		return ret;
	if (!path) {
		profile_dir(dir, sizeof(dir));
		snprintf(def, sizeof(def), "%s/host", dir);
		path = def;
	}
	/* Refused before the measurement, and nothing created. */
	outfile_reset();
	ret = outfile_claim(path, flags, msg, sizeof(msg));
	if (ret)
		die(ret, "%s", msg);
	if (measure(&h))
		return 1;
	text = profile_text(&h, msg, sizeof(msg));
	if (!text)
		die(1, "the measured profile does not parse: %s", msg);
	ret = outfile_open(&out, path, flags, msg, sizeof(msg));
	if (ret) {
		free(text);
		die(ret, "%s", msg);
	}
	fputs(text, out.f);
	free(text);
	if (outfile_close(&out, msg, sizeof(msg)))
		die(1, "%s", msg);
	printf("%s: hit %.2f ns, locked RMW %.2f ns, memory %.1f ns, ping-pong %.1f ns, a line moved in a walk %.1f ns\n",
	       path, h.hit, h.rmw, h.mem, h.c2c, h.stream);
	return 0;
}
