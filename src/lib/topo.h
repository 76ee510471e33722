/* SPDX-License-Identifier: GPL-2.0 */
#ifndef RMAPBENCH_TOPO_H
#define RMAPBENCH_TOPO_H

#include <stdbool.h>
#include <stddef.h>

/*
 * Thread placement: which CPU each driver thread is pinned to.  The plan is
 * computed on an hwloc topology, either this machine's (restricted to the
 * CPUs this process may run on) or a synthetic/XML one, so that plans for
 * machines we do not have can be printed and tested.
 */
enum placement {
	PLACEMENT_COMPACT,	  /* PUs in topology order, siblings first */
	PLACEMENT_SCATTER,	  /* packages, nodes, ..., cores; SMT last */
	PLACEMENT_CORES_THEN_SMT, /* first PU of every core, then the second */
	PLACEMENT_NONE,		  /* leave every thread unpinned */
};

#define PLACEMENT_DEFAULT PLACEMENT_COMPACT
/* The placement names, for usage texts. */
#define PLACEMENT_NAMES "compact, scatter, cores-then-smt, none"

/*
 * The one CPU limit: pinning uses cpu_set_t, so OS CPU numbers stay below
 * CPU_SETSIZE, and every CPU list is at most this long.
 */
#define CPUS_MAX 1024
/* --threads' ceiling: with --oversubscribe, four threads per CPU. */
#define THREADS_MAX (4 * CPUS_MAX)

/* Enough room for topo_format_cpus() of n CPUs below CPUS_MAX. */
#define TOPO_CPUS_BUFLEN(n) ((size_t)(n)*5 + 8)

/* At most this many points for --threads auto. */
#define TOPO_AUTO_MAX 12

struct topo;

/* Where one PU sits; indices count from 0 in topology order. */
struct topo_cpu {
	unsigned int package; /* 0 when there is no package level */
	unsigned int numa;    /* first NUMA node local to the PU */
	unsigned int core;    /* the PU itself when there are no cores */
	unsigned int smt;     /* rank of the PU within its core */
};

/*
 * spec NULL: this machine, restricted to this thread's affinity mask.
 * Otherwise an hwloc XML file if spec names an existing file, else an hwloc
 * synthetic description ("pack:2 numa:2 core:4 pu:2").  Returns 0, or -1
 * with a one-line message in msg.
 */
int topo_load(struct topo **t, const char *spec, char *msg, size_t len);
void topo_destroy(struct topo *t);

/* PUs threads may be pinned to. */
unsigned int topo_nr_cpus(const struct topo *t);

/*
 * Fills cpus_out[0..threads) with the OS CPU number (PU os_index) for each
 * thread, or -1 for unpinned.  threads above topo_nr_cpus() is refused with
 * a message unless oversubscribe, in which case every thread is left
 * unpinned (never wrapped) and msg says so.  Returns 0 (msg empty unless
 * oversubscribed), or -1 with the reason in msg.
 */
int topo_plan(const struct topo *t, unsigned int threads, enum placement p,
	      bool oversubscribe, int *cpus_out, char *msg, size_t len);

/* Where OS CPU cpu sits; -1 if it is not in the topology. */
int topo_cpu_info(const struct topo *t, int cpu, struct topo_cpu *info);

/* "2 packages, 4 NUMA nodes, 16 cores, 32 PUs (SMT 2)" */
void topo_summary(const struct topo *t, char *buf, size_t len);

/*
 * The NUMA distance matrix, rows by node in logical order, "10,21;21,10".
 * Returns -1 (buf "unknown") when the topology has none.
 */
int topo_numa_distances(const struct topo *t, char *buf, size_t len);

/* "0;2;4;6", or "none" when unpinned: the CSV cpus column. */
void topo_format_cpus(const int *cpus, unsigned int n, char *buf, size_t len);

int placement_parse(const char *name, enum placement *p);
const char *placement_name(enum placement p);

/*
 * Thread counts for --threads auto: 1, 2, 4, ... up to ncpus, and ncpus
 * itself, thinned to at most max points (always keeping 1 and ncpus).
 * Returns the number written to out.
 */
unsigned int topo_auto_threads(unsigned int ncpus, unsigned int *out,
			       unsigned int max);

/* CPUs this process may run on, in order; returns how many (<= max). */
unsigned int allowed_cpus(int *cpus, unsigned int max);

#endif
