/* SPDX-License-Identifier: GPL-2.0 */
#ifndef RMAPBENCH_PROFILE_H
#define RMAPBENCH_PROFILE_H

#include <stddef.h>
#include <stdbool.h>
#include <stdint.h>

/*
 * A machine profile: a plain text file, one "key value # source" per line,
 * that says what the modelled machine is made of and what each kind of
 * cache-line movement costs on it.  machines/README.md lists the keys.
 */

/* How far apart two CPUs are, which prices a transfer between them. */
enum distance {
	DIST_SMT,    /* hyperthreads of one core: share L1/L2 */
	DIST_L3,     /* cores sharing a last-level cache (die, CCX) */
	DIST_SOCKET, /* same package, different last-level cache */
	DIST_REMOTE, /* another package (or, on a bus, any other CPU) */
	NR_DISTANCES,
};

/* Costs, in picoseconds of virtual time. */
enum machine_cost {
	COST_HIT,	 /* a private-cache hit (its throughput cost) */
	COST_ATOMIC,	 /* what a locked RMW adds on an owned line */
	COST_MEM_LOCAL,	 /* a miss served by this node's memory */
	COST_MEM_REMOTE, /* ... by another node's memory */
	COST_C2C,	 /* + enum distance: cache-to-cache transfers */
	NR_COSTS = COST_C2C + NR_DISTANCES,
};

#define MACHINE_MAX_CPUS 1024
#define MACHINE_NAME_MAX 64
#define MACHINE_MAX_PACKAGES 16
#define STORE_BUFFER_MAX 128
#define L1_WAYS_MAX 16

/* The architecture's memory order, which says what drains a store buffer. */
enum mem_order {
	ORDER_TSO, /* x86: every locked instruction drains it (Intel SDM 3A 9.2) */
	ORDER_ARM, /* Armv8: only barriers do; a store-release waits its turn */
};

/*
 * Where a CPU sits: ids of its core, last-level cache, package, node, and
 * the PU it is in the profile's topology (hwloc's os_index, the number a
 * --placement plan of that topology names).
 */
struct machine_cpu {
	unsigned int core, llc, package, node;
	unsigned int pu;
};

struct machine_profile {
	char name[MACHINE_NAME_MAX];
	char source[256]; /* as named on the command line, for replays */
	char topology[256];
	unsigned int line_size;	   /* bytes, a power of two */
	double clock_ghz;	   /* converts costs given in cycles */
	unsigned long cache_lines; /* private cache capacity, in lines */
	uint64_t cost[NR_COSTS];   /* ps */
	/*
	 * c2c_socket for a CPU of package i when it was given for that
	 * package alone ("c2c_socket:i"), else 0: one socket's fabric can be
	 * slower than the other's.
	 */
	uint64_t socket_cost[MACHINE_MAX_PACKAGES];
	/*
	 * Transfers in flight in an address-ordered walk (a stream
	 * prefetcher's reach): such a miss costs its latency / overlap.  1:
	 * every miss waits in full.
	 */
	double overlap;
	/*
	 * The overlap's rules, each on unless the profile turns it off
	 * (the ablation does, one at a time; coherence.h has their sources):
	 * a stream overlaps once it has stepped to a next line
	 * (stream_train); a locked operation's own cost is not overlapped,
	 * only its line's transfer (locked_overlap line); a line another CPU
	 * wrote after the prefetch for it went out waits in full
	 * (prefetch_steal).
	 */
	bool stream_train, lock_serial, steal;
	/*
	 * A read the core waits on, served by another CPU's cache that
	 * wrote the line (a dependent chase), in ps for the calibration's
	 * pair (key c2c_read; 0: as c2c, the ping-pong); other distances
	 * take the same share of their c2c.
	 */
	uint64_t c2c_read;
	/*
	 * What a line taken back from a near walker's prefetch costs a walk
	 * of locked increments beyond a walk of owned lines, in ps for the
	 * calibration's pair (key near_walk; 0: the whole transfer).  A
	 * stolen miss costs that share of its transfer (coherence.h).
	 */
	uint64_t near_walk;
	/*
	 * How much one transfer's latency varies, in ps (key c2c_jitter:
	 * the p90 less the p10 of single round trips of the ping-pong,
	 * halved; 0: none).  A read of a lock word or counter another CPU
	 * owns reaches it a draw of up to this much late (coherence.h).
	 */
	uint64_t c2c_jitter;
	/*
	 * Where in a read transfer the owner answers, in percent of it (key
	 * probe_at; 0: at issue).  A read of a lock word or counter another
	 * CPU owns returns the line as it is that far into the transfer,
	 * the owner running on meanwhile (coherence.h).
	 */
	unsigned int probe_at;
	/*
	 * A read served by the one CPU holding the line modified takes the
	 * only copy, so a write after it is a hit (key read_owns on; off,
	 * the default: both keep a shared copy, MESI).
	 */
	bool read_owns;
	/*
	 * How much longer than its median a round of one thread's fork and
	 * exit runs at its 90th, 99th and 99.9th percentile, in parts per
	 * million (key round_jitter; all 0: no jitter): the host's own timing
	 * noise, drawn before each modelled round (model_run.c;
	 * profile_round_jitter()).
	 */
	uint32_t jitter_ppm[3];
	unsigned int store_buffer; /* entries; 0: every store waits */
	/*
	 * A first-level cache in front of the private cache (keys l1,
	 * l1_ways, l2_hit; l1.h): l1_sets sets of l1_ways lines, LRU in a
	 * set, and what a hit in the private cache costs when L1 misses
	 * (l2_hit, ps), and when a locked operation's (l2_rmw, ps: hit plus
	 * the key's figure, or l2_hit without it).  l1_sets 0: no first
	 * level, every hit costs hit.  onchip: the dearest access the CPU's
	 * own caches serve (l2_hit or l2_rmw, or hit without L1); anything
	 * dearer came from memory or another CPU.
	 */
	unsigned int l1_sets, l1_ways;
	uint64_t l2_hit, l2_rmw, onchip;
	enum mem_order order;
	/*
	 * Whether a handoff costs the waiters' re-reads (true, the default):
	 * false is the ablation where a release wakes one waiter for free.
	 */
	bool herd_cost;
	/*
	 * A sleeping task's wakeup, beyond its lines' transfers (optional
	 * key "wakeup"; 0 when the profile gives none).
	 */
	uint64_t wakeup_ps;
	unsigned int nr_cpus;
	unsigned int nr_nodes;
	/*
	 * By virtual CPU number: one PU of every core first, then siblings,
	 * until profile_place() renumbers them by a placement plan.
	 */
	struct machine_cpu cpu[MACHINE_MAX_CPUS];
};

/*
 * Reads the profile NAME: a path when it holds a '/', else NAME in the
 * machines folder (RMAPBENCH_MACHINES, or ../machines beside the binary,
 * or ./machines).  Returns 0, or -1 with a one-line message in msg that
 * says what is wrong and how to fix it.
 */
int profile_load(struct machine_profile *p, const char *name, char *msg,
		 size_t len);

/* Parses a profile's text; file names it in messages. */
int profile_parse(struct machine_profile *p, const char *text, const char *file,
		  char *msg, size_t len);

/*
 * Reads the hwloc synthetic description p->topology into p->cpu, nr_cpus
 * and nr_nodes (profile_parse() does, once the keys are read).  Returns 0,
 * or EXIT_USAGE with a one-line message in msg.
 */
int profile_topology(struct machine_profile *p, char *msg, size_t len);

/*
 * Renumbers p's CPUs as a --placement plan of its topology pinned n
 * threads: virtual CPU i becomes the PU pus[i] (an os_index).  Returns 0,
 * or -1 with msg set when a PU is not one of p's.
 */
int profile_place(struct machine_profile *p, const int *pus, unsigned int n,
		  char *msg, size_t len);

/*
 * Sets p's first level (l1.h) of kib KiB in p->l1_ways ways, before an
 * L2 hit of l2_ns, and a locked operation's L1 miss rmw_ns beyond its
 * hit (< 0: l2_ns whole), once p's costs, line and cache are read.
 * Returns 0, or -1 with a one-line message in msg.
 */
int profile_l1(struct machine_profile *p, double kib, double l2_ns,
	       double rmw_ns, char *msg, size_t len);

/* The folder profile_load() looks in for a bare name. */
void profile_dir(char *buf, size_t len);

static inline enum distance profile_distance(const struct machine_profile *p,
					     unsigned int a, unsigned int b)
{
	const struct machine_cpu *x = &p->cpu[a], *y = &p->cpu[b];

	if (x->core == y->core)
		return DIST_SMT;
	if (x->llc == y->llc && x->package == y->package)
		return DIST_L3;
	if (x->package == y->package)
		return DIST_SOCKET;
	return DIST_REMOTE;
}

const char *cost_key(enum machine_cost c);

/*
 * The wait (*wait_ps) the host's timing noise would have added to a
 * round that took round_ps: a draw of round_jitter for its fork and one
 * for its exit, half the round each.  False, and no draw, without
 * round_jitter or a round before.  rng is the caller's splitmix64 state.
 */
bool profile_round_jitter(const struct machine_profile *p, uint64_t *rng,
			  uint64_t round_ps, uint64_t *wait_ps);

/*
 * The seed of CPU cpu's round-jitter stream, from its start phase: a
 * stream of its own, so that the phases' draws stay as they were.
 */
static inline uint64_t profile_jitter_seed(uint64_t phase, unsigned int cpu)
{
	return phase * 0x9e3779b97f4a7c15ull + cpu + 1;
}

#endif
