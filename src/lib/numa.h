/* SPDX-License-Identifier: GPL-2.0 */
#ifndef RMAPBENCH_MEM_H
#define RMAPBENCH_MEM_H

#include <stddef.h>

/*
 * Placed memory: the page pool, the lock table and per-thread data come from
 * libnuma under the run's memory policy (--mem), so where they live is a
 * knob, not an accident of first touch.  Memory is zeroed; NULL on failure.
 * Chain nodes are carved by each driver thread after it is pinned, so under
 * "local" they are local to the thread that uses them.
 */
enum mem_kind {
	MEM_LOCAL,
	MEM_INTERLEAVE,
	MEM_NODE,
};

struct mem_policy {
	enum mem_kind kind;
	int node; /* MEM_NODE */
};

/* Parses local, interleave or node:N; 0, or -1 with a message. */
int mem_policy_parse(const char *text, struct mem_policy *policy, char *msg,
		     size_t len);
void mem_policy_format(const struct mem_policy *policy, char *buf, size_t len);
/* Sets the policy for every following mem_alloc() (one point at a time). */
void mem_set_policy(const struct mem_policy *policy);

void *mem_alloc(size_t size);
void mem_free(void *ptr, size_t size);

/* NUMA nodes of this machine (1 without NUMA support). */
int mem_nodes(void);

#endif
