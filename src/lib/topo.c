// SPDX-License-Identifier: GPL-2.0
/*
 * Topology-aware thread placement on hwloc.
 *
 * The topology is flattened once at load time into PUs and cores in
 * topology order (hwloc's logical order, a depth-first walk of the tree), plus
 * the order in which scatter visits the cores.  Plans are then simple walks
 * over those arrays, and nothing in a plan depends on the tree being
 * symmetric: packages may have different core counts and cores different
 * numbers of PUs.
 */
#include <ctype.h>
#include <errno.h>
#include <sched.h>
#include <hwloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include "lib/synthetic.h"
#include "topo.h"

struct topo_pu {
	int os; /* OS CPU number, for sched_setaffinity */
	struct topo_cpu where;
};

/* A core's PUs sit next to each other in pus[]. */
struct topo_core {
	unsigned int first;
	unsigned int nr;
};

struct topo {
	hwloc_topology_t hw;
	bool machine; /* this machine, not a synthetic or XML one */
	unsigned int nr_pus;
	unsigned int nr_cores;
	unsigned int smt_min, smt_max;
	struct topo_pu *pus;	 /* topology order */
	struct topo_core *cores; /* topology order */
	unsigned int *scatter;	 /* core indices in scatter order */
};

static const char *const placement_names[] = {
	[PLACEMENT_COMPACT] = "compact",
	[PLACEMENT_SCATTER] = "scatter",
	[PLACEMENT_CORES_THEN_SMT] = "cores-then-smt",
	[PLACEMENT_NONE] = "none",
};

#define NR_PLACEMENTS (sizeof(placement_names) / sizeof(placement_names[0]))

int placement_parse(const char *name, enum placement *p)
{
	for (unsigned int i = 0; i < NR_PLACEMENTS; i++) {
		if (!strcmp(name, placement_names[i])) {
			*p = i;
			return 0;
		}
	}
	return -1;
}

const char *placement_name(enum placement p)
{
	return (unsigned int)p < NR_PLACEMENTS ? placement_names[p] : "unknown";
}

/*
 * hwloc 2 spells the levels "package", "numanode", ...; it also takes
 * prefixes today, but translate the short forms we document in case an
 * older library does not.
 */
static int synthetic_long_form(const char *spec, char *buf, size_t len)
{
	static const char *const map[][2] = {
		{ "pack", "package" },
		{ "numa", "numanode" },
		{ "socket", "package" },
	};
	size_t used = 0;

	while (*spec) {
		size_t ws = strspn(spec, " \t\n");
		size_t tok = strcspn(spec + ws, " \t\n");
		size_t name = strcspn(spec + ws, ":");
		const char *type = NULL;
		int w;

		if (name > tok)
			name = tok;
		for (unsigned int i = 0; i < sizeof(map) / sizeof(map[0]); i++)
			if (strlen(map[i][0]) == name &&
			    !strncmp(spec + ws, map[i][0], name))
				type = map[i][1];
		if (type)
			w = snprintf(buf + used, len - used, "%.*s%s%.*s",
				     (int)ws, spec, type, (int)(tok - name),
				     spec + ws + name);
		else
			w = snprintf(buf + used, len - used, "%.*s",
				     (int)(ws + tok), spec);
		if (w < 0 || (size_t)w >= len - used)
			return -1;
		used += w;
		spec += ws + tok;
	}
	return 0;
}

static int set_synthetic(hwloc_topology_t hw, const char *spec, char *msg,
			 size_t len)
{
	char alt[512];

	if (synthetic_pus(spec, CPUS_MAX) > CPUS_MAX) {
		snprintf(
			msg, len,
			"topology '%s' has more than %u PUs; rmapbench pins only CPUs below %u",
			spec, CPUS_MAX, CPUS_MAX);
		return -1;
	}
	if (!hwloc_topology_set_synthetic(hw, spec))
		return 0;
	if (!synthetic_long_form(spec, alt, sizeof(alt)) && strcmp(alt, spec) &&
	    !hwloc_topology_set_synthetic(hw, alt))
		return 0;
	snprintf(
		msg, len,
		"invalid topology '%s': not an existing XML file nor an hwloc synthetic description like \"pack:2 numa:2 core:4 pu:2\"",
		spec);
	return -1;
}

static int set_source(hwloc_topology_t hw, const char *spec, char *msg,
		      size_t len)
{
	struct stat st;

	if (!spec)
		return 0;
	if (stat(spec, &st))
		return set_synthetic(hw, spec, msg, len);
	if (hwloc_topology_set_xml(hw, spec)) {
		snprintf(msg, len,
			 "cannot use '%s' as an hwloc XML topology: %s", spec,
			 strerror(errno));
		return -1;
	}
	return 0;
}

/* The driver threads may only run where this thread may run. */
static int restrict_to_affinity(hwloc_topology_t hw, char *msg, size_t len)
{
	hwloc_bitmap_t set = hwloc_bitmap_alloc();
	int ret = -1;

	if (!set) {
		snprintf(msg, len, "out of memory reading the CPU affinity");
		return -1;
	}
	if (hwloc_get_cpubind(hw, set, HWLOC_CPUBIND_THREAD)) {
		snprintf(msg, len, "cannot read this thread's CPU affinity: %s",
			 strerror(errno));
		goto out;
	}
	hwloc_bitmap_and(set, set, hwloc_topology_get_topology_cpuset(hw));
	if (hwloc_bitmap_iszero(set)) {
		snprintf(
			msg, len,
			"none of the CPUs this process may use is in the hwloc topology");
		goto out;
	}
	if (hwloc_topology_restrict(hw, set, 0)) {
		snprintf(msg, len,
			 "cannot restrict the topology to the allowed CPUs: %s",
			 strerror(errno));
		goto out;
	}
	ret = 0;
out:
	hwloc_bitmap_free(set);
	return ret;
}

/* The first NUMA node whose CPUs include pu. */
static unsigned int pu_numa(hwloc_topology_t hw, hwloc_obj_t pu)
{
	int n = hwloc_get_nbobjs_by_type(hw, HWLOC_OBJ_NUMANODE);

	for (int i = 0; i < n; i++) {
		hwloc_obj_t node;

		node = hwloc_get_obj_by_type(hw, HWLOC_OBJ_NUMANODE, i);
		if (hwloc_bitmap_isset(node->cpuset, pu->os_index))
			return i;
	}
	return 0;
}

/* Without a core level every PU counts as a core of its own. */
static hwloc_obj_t pu_core(hwloc_topology_t hw, hwloc_obj_t pu)
{
	hwloc_obj_t core;

	core = hwloc_get_ancestor_obj_by_type(hw, HWLOC_OBJ_CORE, pu);
	return core ? core : pu;
}

static void add_pu(struct topo *t, hwloc_obj_t pu, bool new_core)
{
	hwloc_obj_t pkg;
	struct topo_pu *p = &t->pus[t->nr_pus];
	struct topo_core *c;

	if (new_core)
		t->cores[t->nr_cores++].first = t->nr_pus;
	c = &t->cores[t->nr_cores - 1];
	t->nr_pus++;
	pkg = hwloc_get_ancestor_obj_by_type(t->hw, HWLOC_OBJ_PACKAGE, pu);
	p->os = pu->os_index;
	p->where.package = pkg ? pkg->logical_index : 0;
	p->where.numa = pu_numa(t->hw, pu);
	p->where.core = t->nr_cores - 1;
	p->where.smt = c->nr++;
}

static void smt_range(struct topo *t)
{
	t->smt_min = t->smt_max = t->cores[0].nr;
	for (unsigned int c = 1; c < t->nr_cores; c++) {
		if (t->cores[c].nr < t->smt_min)
			t->smt_min = t->cores[c].nr;
		if (t->cores[c].nr > t->smt_max)
			t->smt_max = t->cores[c].nr;
	}
}

/*
 * PUs in logical order are a depth-first walk, so a core's PUs come one
 * after another and a new core starts where the core object changes.
 */
static int flatten(struct topo *t, char *msg, size_t len)
{
	int n = hwloc_get_nbobjs_by_type(t->hw, HWLOC_OBJ_PU);
	hwloc_obj_t prev = NULL;

	if (n <= 0) {
		snprintf(msg, len, "the topology has no PUs");
		return -1;
	}
	t->pus = calloc(n, sizeof(*t->pus));
	t->cores = calloc(n, sizeof(*t->cores));
	if (!t->pus || !t->cores) {
		snprintf(msg, len, "out of memory flattening the topology");
		return -1;
	}
	for (int i = 0; i < n; i++) {
		hwloc_obj_t pu = hwloc_get_obj_by_type(t->hw, HWLOC_OBJ_PU, i);
		hwloc_obj_t core = pu_core(t->hw, pu);

		if (pu->os_index >= CPUS_MAX) {
			snprintf(
				msg, len,
				"the topology has CPU %u; rmapbench pins only CPUs below %u",
				pu->os_index, CPUS_MAX);
			return -1;
		}
		add_pu(t, pu, core != prev);
		prev = core;
	}
	smt_range(t);
	return 0;
}

static bool is_core_level(hwloc_obj_t obj)
{
	return obj->type == HWLOC_OBJ_CORE || obj->type == HWLOC_OBJ_PU;
}

static unsigned int core_of(const struct topo *t, hwloc_obj_t obj)
{
	while (obj->type != HWLOC_OBJ_PU)
		obj = obj->first_child;
	return t->pus[obj->logical_index].where.core;
}

/*
 * Writes the cores below obj to out in scatter order: the children's own
 * scatter orders, interleaved round-robin.  Applied from the root, that is
 * one core per package in turn, within a package one per NUMA node (or
 * cache, or group) in turn, and so on down; a smaller child simply drops
 * out of the rotation when it runs out of cores.
 */
static int scatter_walk(const struct topo *t, hwloc_obj_t obj,
			unsigned int *out, unsigned int *n)
{
	unsigned int *tmp, *cnt, total = 0, k = obj->arity;
	int ret = 0;

	*n = 0;
	if (is_core_level(obj)) {
		out[(*n)++] = core_of(t, obj);
		return 0;
	}
	if (k == 1)
		return scatter_walk(t, obj->children[0], out, n);
	tmp = malloc(t->nr_cores * sizeof(*tmp));
	cnt = calloc(k ? k : 1, sizeof(*cnt));
	if (!tmp || !cnt) {
		ret = -1;
		goto out;
	}
	for (unsigned int i = 0; i < k && !ret; i++) {
		ret = scatter_walk(t, obj->children[i], tmp + total, &cnt[i]);
		total += cnt[i];
	}
	for (unsigned int round = 0; !ret && *n < total; round++)
		for (unsigned int i = 0, off = 0; i < k; off += cnt[i++])
			if (round < cnt[i])
				out[(*n)++] = tmp[off + round];
out:
	free(cnt);
	free(tmp);
	return ret;
}

static int scatter_order(struct topo *t, char *msg, size_t len)
{
	unsigned int n;

	t->scatter = malloc(t->nr_cores * sizeof(*t->scatter));
	if (!t->scatter ||
	    scatter_walk(t, hwloc_get_root_obj(t->hw), t->scatter, &n)) {
		snprintf(msg, len, "out of memory ordering the cores");
		return -1;
	}
	if (n != t->nr_cores) {
		snprintf(
			msg, len,
			"the topology tree has %u cores but %u were found by type",
			n, t->nr_cores);
		return -1;
	}
	return 0;
}

static int load(struct topo *t, const char *spec, char *msg, size_t len)
{
	if (hwloc_topology_init(&t->hw)) {
		t->hw = NULL;
		snprintf(msg, len, "cannot initialise hwloc: %s",
			 strerror(errno));
		return -1;
	}
	if (set_source(t->hw, spec, msg, len))
		return -1;
	if (hwloc_topology_load(t->hw)) {
		snprintf(msg, len, "cannot load the %s topology%s%s: %s",
			 spec ? "given" : "machine's", spec ? " " : "",
			 spec ? spec : "", strerror(errno));
		return -1;
	}
	if (!spec && restrict_to_affinity(t->hw, msg, len))
		return -1;
	if (flatten(t, msg, len))
		return -1;
	return scatter_order(t, msg, len);
}

int topo_load(struct topo **tp, const char *spec, char *msg, size_t len)
{
	struct topo *t = calloc(1, sizeof(*t));

	*tp = NULL;
	if (!t) {
		snprintf(msg, len, "out of memory loading the topology");
		return -1;
	}
	t->machine = !spec;
	if (load(t, spec, msg, len)) {
		topo_destroy(t);
		return -1;
	}
	*tp = t;
	return 0;
}

void topo_destroy(struct topo *t)
{
	if (!t)
		return;
	if (t->hw)
		hwloc_topology_destroy(t->hw);
	free(t->scatter);
	free(t->cores);
	free(t->pus);
	free(t);
}

unsigned int topo_nr_cpus(const struct topo *t)
{
	return t->nr_pus;
}

/* One PU per core in the given core order, then the second PUs, ... */
static void plan_by_smt_rank(const struct topo *t, const unsigned int *order,
			     unsigned int threads, int *cpus)
{
	unsigned int n = 0;

	for (unsigned int rank = 0; rank < t->smt_max; rank++) {
		for (unsigned int i = 0; i < t->nr_cores && n < threads; i++) {
			unsigned int core = order ? order[i] : i;
			const struct topo_core *c = &t->cores[core];

			if (rank < c->nr)
				cpus[n++] = t->pus[c->first + rank].os;
		}
	}
}

static void unpinned(unsigned int threads, int *cpus)
{
	for (unsigned int i = 0; i < threads; i++)
		cpus[i] = -1;
}

int topo_plan(const struct topo *t, unsigned int threads, enum placement p,
	      bool oversubscribe, int *cpus, char *msg, size_t len)
{
	const char *where =
		t->machine ? "this process may use" : "in the topology";

	if (len)
		msg[0] = '\0';
	if (!threads) {
		snprintf(msg, len, "--threads must be at least 1");
		return -1;
	}
	if (threads > t->nr_pus && !oversubscribe) {
		snprintf(
			msg, len,
			"--threads %u is more than the %u CPUs %s; lower it or pass --oversubscribe",
			threads, t->nr_pus, where);
		return -1;
	}
	/* Wrapping would silently double up some CPUs and not others. */
	if (threads > t->nr_pus) {
		unpinned(threads, cpus);
		snprintf(
			msg, len,
			"oversubscribed: %u threads on %u CPUs, all left unpinned",
			threads, t->nr_pus);
		return 0;
	}
	switch (p) {
	case PLACEMENT_COMPACT:
		for (unsigned int i = 0; i < threads; i++)
			cpus[i] = t->pus[i].os;
		return 0;
	case PLACEMENT_SCATTER:
		plan_by_smt_rank(t, t->scatter, threads, cpus);
		return 0;
	case PLACEMENT_CORES_THEN_SMT:
		plan_by_smt_rank(t, NULL, threads, cpus);
		return 0;
	case PLACEMENT_NONE:
		unpinned(threads, cpus);
		return 0;
	}
	snprintf(msg, len, "unknown placement %d", (int)p);
	return -1;
}

int topo_cpu_info(const struct topo *t, int cpu, struct topo_cpu *info)
{
	for (unsigned int i = 0; i < t->nr_pus; i++) {
		if (t->pus[i].os == cpu) {
			*info = t->pus[i].where;
			return 0;
		}
	}
	return -1;
}

static unsigned int count_type(const struct topo *t, hwloc_obj_type_t type)
{
	int n = hwloc_get_nbobjs_by_type(t->hw, type);

	/* A missing level is the whole machine. */
	return n > 0 ? n : 1;
}

static const char *plural(unsigned int n)
{
	return n == 1 ? "" : "s";
}

void topo_summary(const struct topo *t, char *buf, size_t len)
{
	unsigned int pkgs = count_type(t, HWLOC_OBJ_PACKAGE);
	unsigned int nodes = count_type(t, HWLOC_OBJ_NUMANODE);
	char smt[32];

	if (t->smt_min == t->smt_max)
		snprintf(smt, sizeof(smt), "SMT %u", t->smt_max);
	else
		snprintf(smt, sizeof(smt), "SMT %u-%u", t->smt_min, t->smt_max);
	snprintf(buf, len,
		 "%u package%s, %u NUMA node%s, %u core%s, %u PU%s (%s)", pkgs,
		 plural(pkgs), nodes, plural(nodes), t->nr_cores,
		 plural(t->nr_cores), t->nr_pus, plural(t->nr_pus), smt);
}

/* Appends to buf at *used; false once it no longer fits. */
static bool append(char *buf, size_t len, size_t *used, const char *fmt,
		   unsigned long long v)
{
	int w = snprintf(buf + *used, len - *used, fmt, v);

	if (w < 0 || (size_t)w >= len - *used)
		return false;
	*used += w;
	return true;
}

/* Row or column of NUMA node i (logical) in the matrix, -1 if absent. */
static int numa_slot(const struct topo *t, struct hwloc_distances_s *d,
		     unsigned int i)
{
	hwloc_obj_t node = hwloc_get_obj_by_type(t->hw, HWLOC_OBJ_NUMANODE, i);

	return node ? hwloc_distances_obj_index(d, node) : -1;
}

static void format_distances(const struct topo *t, struct hwloc_distances_s *d,
			     char *buf, size_t len)
{
	int nodes = hwloc_get_nbobjs_by_type(t->hw, HWLOC_OBJ_NUMANODE);
	const char *sep = "%llu";
	size_t used = 0;

	buf[0] = '\0';
	for (int i = 0; i < nodes; i++) {
		int r = numa_slot(t, d, i);

		for (int j = 0; r >= 0 && j < nodes; j++) {
			int c = numa_slot(t, d, j);

			if (c < 0)
				continue;
			if (!append(buf, len, &used, sep,
				    d->values[r * d->nbobjs + c]))
				return;
			sep = ",%llu";
		}
		sep = ";%llu";
	}
}

int topo_numa_distances(const struct topo *t, char *buf, size_t len)
{
	struct hwloc_distances_s *d;
	unsigned int nr = 1;
	unsigned long kind = HWLOC_DISTANCES_KIND_MEANS_LATENCY;

	if (hwloc_distances_get_by_type(t->hw, HWLOC_OBJ_NUMANODE, &nr, &d,
					kind, 0) ||
	    !nr) {
		snprintf(buf, len, "unknown");
		return -1;
	}
	format_distances(t, d, buf, len);
	hwloc_distances_release(t->hw, d);
	return 0;
}

void topo_format_cpus(const int *cpus, unsigned int n, char *buf, size_t len)
{
	size_t used = 0;

	if (!len)
		return;
	for (unsigned int i = 0; i < n; i++) {
		if (cpus[i] < 0) {
			snprintf(buf, len, "none");
			return;
		}
	}
	if (!n) {
		snprintf(buf, len, "none");
		return;
	}
	/* A CPU that does not fit is left out whole rather than cut. */
	buf[0] = '\0';
	for (unsigned int i = 0; i < n; i++)
		if (!append(buf, len, &used, i ? ";%llu" : "%llu", cpus[i]))
			break;
}

unsigned int topo_auto_threads(unsigned int ncpus, unsigned int *out,
			       unsigned int max)
{
	unsigned int all[40], n = 0;

	if (!ncpus || !max)
		return 0;
	for (unsigned long long p = 1; p < ncpus; p *= 2)
		all[n++] = p;
	all[n++] = ncpus;
	if (max == 1) {
		out[0] = ncpus;
		return 1;
	}
	/* Keep the ends, spread the rest evenly over the powers of two. */
	if (n > max) {
		for (unsigned int i = 0; i < max; i++)
			out[i] = all[(unsigned long)i * (n - 1) / (max - 1)];
		return max;
	}
	memcpy(out, all, n * sizeof(*out));
	return n;
}

unsigned int allowed_cpus(int *cpus, unsigned int max)
{
	cpu_set_t set;
	unsigned int n = 0;

	if (sched_getaffinity(0, sizeof(set), &set))
		return 0;
	for (int cpu = 0; cpu < CPU_SETSIZE && n < max; cpu++)
		if (CPU_ISSET(cpu, &set))
			cpus[n++] = cpu;
	return n;
}
