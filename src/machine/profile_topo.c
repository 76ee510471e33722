// SPDX-License-Identifier: GPL-2.0
/*
 * A profile's topology: the hwloc synthetic description it names, read
 * into where each modelled CPU sits (core, last-level cache, package,
 * node), and renumbered by a --placement plan.
 */
#include <hwloc.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "lib/compiler.h"
#include "lib/synthetic.h"
#include "lib/util.h"
#include "profile.h"

static unsigned int pu_node(hwloc_topology_t hw, hwloc_obj_t pu)
{
	int n = hwloc_get_nbobjs_by_type(hw, HWLOC_OBJ_NUMANODE);

	for (int i = 0; i < n; i++) {
		hwloc_obj_t node =
			hwloc_get_obj_by_type(hw, HWLOC_OBJ_NUMANODE, i);

		if (hwloc_bitmap_isset(node->cpuset, pu->os_index))
			return i;
	}
	return 0;
}

static unsigned int ancestor_id(hwloc_topology_t hw, hwloc_obj_t pu,
				const hwloc_obj_type_t *types, unsigned int n)
{
	for (unsigned int i = 0; i < n; i++) {
		hwloc_obj_t a =
			hwloc_get_ancestor_obj_by_type(hw, types[i], pu);

		if (a)
			return a->logical_index;
	}
	return 0;
}

/* Where PU pu sits; smt is its rank among its core's PUs. */
static struct machine_cpu pu_place(hwloc_topology_t hw, hwloc_obj_t pu,
				   unsigned int *smt)
{
	static const hwloc_obj_type_t llc[] = { HWLOC_OBJ_L3CACHE,
						HWLOC_OBJ_DIE,
						HWLOC_OBJ_PACKAGE };
	static const hwloc_obj_type_t pkg[] = { HWLOC_OBJ_PACKAGE };
	hwloc_obj_t core =
		hwloc_get_ancestor_obj_by_type(hw, HWLOC_OBJ_CORE, pu);
	struct machine_cpu c = {
		.core = core ? core->logical_index :
			       pu->logical_index + (1u << 20),
		.llc = ancestor_id(hw, pu, llc, ARRAY_SIZE(llc)),
		.package = ancestor_id(hw, pu, pkg, 1),
		.node = pu_node(hw, pu),
		.pu = pu->os_index,
	};

	*smt = core ? pu->sibling_rank : 0;
	return c;
}

/*
 * Placement names PUs 0 .. nr_cpus - 1 (profile_place()); a description
 * whose indexes= leave a hole or repeat one is refused here, while the
 * profile is read, not once the run has begun.
 */
static int check_pu_numbers(struct machine_profile *p, char *msg, size_t len)
{
	bool seen[MACHINE_MAX_CPUS] = { false };

	for (unsigned int i = 0; i < p->nr_cpus; i++) {
		unsigned int pu = p->cpu[i].pu;

		if (pu >= p->nr_cpus || seen[pu])
			return usage_fail(
				msg, len,
				"topology '%s' numbers its PUs other than 0 to %u: leave out indexes=",
				p->topology, p->nr_cpus - 1);
		seen[pu] = true;
	}
	return 0;
}

/* Numbers the PUs: the first PU of every core, then the second, ... */
static int place_cpus(struct machine_profile *p, hwloc_topology_t hw, char *msg,
		      size_t len)
{
	int n = hwloc_get_nbobjs_by_type(hw, HWLOC_OBJ_PU);
	unsigned int rank, max_rank = 0;

	if (n <= 0)
		return usage_fail(msg, len,
				  "topology '%s' has no PU: end it with pu:N",
				  p->topology);
	if (n > MACHINE_MAX_CPUS)
		return usage_fail(msg, len,
				  "topology '%s' has %d PUs; at most %d",
				  p->topology, n, MACHINE_MAX_CPUS);
	p->nr_cpus = 0;
	for (unsigned int want = 0; want <= max_rank; want++)
		for (int i = 0; i < n; i++) {
			hwloc_obj_t pu =
				hwloc_get_obj_by_type(hw, HWLOC_OBJ_PU, i);
			struct machine_cpu c = pu_place(hw, pu, &rank);

			if (rank > max_rank)
				max_rank = rank;
			if (rank == want)
				p->cpu[p->nr_cpus++] = c;
		}
	p->nr_nodes = hwloc_get_nbobjs_by_type(hw, HWLOC_OBJ_NUMANODE);
	if (!p->nr_nodes)
		p->nr_nodes = 1;
	return check_pu_numbers(p, msg, len);
}

int profile_topology(struct machine_profile *p, char *msg, size_t len)
{
	hwloc_topology_t hw;
	int ret;

	if (synthetic_pus(p->topology, MACHINE_MAX_CPUS) > MACHINE_MAX_CPUS)
		return usage_fail(msg, len,
				  "topology '%s' has more than %d PUs",
				  p->topology, MACHINE_MAX_CPUS);
	if (hwloc_topology_init(&hw))
		return usage_fail(msg, len, "cannot initialise hwloc");
	if (hwloc_topology_set_synthetic(hw, p->topology) ||
	    hwloc_topology_load(hw)) {
		hwloc_topology_destroy(hw);
		if (!strstr(p->topology, "pu:"))
			return usage_fail(
				msg, len,
				"topology '%s' has no PU: end it with pu:N",
				p->topology);
		return usage_fail(
			msg, len,
			"topology '%s' is not an hwloc synthetic description like \"pack:2 l3:4 core:8 pu:2\"",
			p->topology);
	}
	ret = place_cpus(p, hw, msg, len);
	hwloc_topology_destroy(hw);
	return ret;
}

int profile_place(struct machine_profile *p, const int *pus, unsigned int n,
		  char *msg, size_t len)
{
	struct machine_cpu *by_pu = malloc(p->nr_cpus * sizeof(*by_pu));
	bool *seen = calloc(p->nr_cpus, sizeof(*seen));
	int ret = 0;

	if (!by_pu || !seen) {
		snprintf(msg, len, "out of memory placing %u CPUs", n);
		ret = -1;
	}
	/* A synthetic topology numbers its PUs 0 .. nr_cpus - 1. */
	for (unsigned int i = 0; !ret && i < p->nr_cpus; i++) {
		if (p->cpu[i].pu >= p->nr_cpus || seen[p->cpu[i].pu]) {
			snprintf(msg, len,
				 "machine %s: PU numbers are not 0 to %u",
				 p->name, p->nr_cpus - 1);
			ret = -1;
			break;
		}
		seen[p->cpu[i].pu] = true;
		by_pu[p->cpu[i].pu] = p->cpu[i];
	}
	for (unsigned int i = 0; !ret && i < n; i++) {
		if (n > p->nr_cpus || pus[i] < 0 ||
		    (unsigned int)pus[i] >= p->nr_cpus) {
			snprintf(msg, len,
				 "machine %s has no PU %d for virtual CPU %u",
				 p->name, pus[i], i);
			ret = -1;
			break;
		}
		p->cpu[i] = by_pu[pus[i]];
	}
	free(by_pu);
	free(seen);
	return ret;
}
