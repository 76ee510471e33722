// SPDX-License-Identifier: GPL-2.0
#include <numa.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "arena.h"
#include "numa.h"

static struct mem_policy policy;

static bool have_numa(void)
{
	return numa_available() >= 0;
}

int mem_nodes(void)
{
	return have_numa() ? numa_max_node() + 1 : 1;
}

int mem_policy_parse(const char *text, struct mem_policy *p, char *msg,
		     size_t len)
{
	char *end;
	long node;

	if (!strcmp(text, "local") || !strcmp(text, "interleave")) {
		*p = (struct mem_policy){ .kind = text[0] == 'l' ?
							  MEM_LOCAL :
							  MEM_INTERLEAVE };
		return 0;
	}
	if (strncmp(text, "node:", 5))
		goto bad;
	node = strtol(text + 5, &end, 10);
	if (end == text + 5 || *end || node < 0)
		goto bad;
	if (node >= mem_nodes()) {
		snprintf(
			msg, len,
			"invalid --mem %s: this machine has NUMA nodes 0 to %d",
			text, mem_nodes() - 1);
		return -1;
	}
	*p = (struct mem_policy){ .kind = MEM_NODE, .node = (int)node };
	return 0;
bad:
	snprintf(msg, len,
		 "invalid --mem '%s': choose local, interleave or node:N",
		 text);
	return -1;
}

void mem_policy_format(const struct mem_policy *p, char *buf, size_t len)
{
	if (p->kind == MEM_NODE)
		snprintf(buf, len, "node:%d", p->node);
	else
		snprintf(buf, len, "%s",
			 p->kind == MEM_LOCAL ? "local" : "interleave");
}

void mem_set_policy(const struct mem_policy *p)
{
	policy = *p;
}

void *mem_alloc(size_t size)
{
	void *ptr;

	ptr = arena_alloc(size);
	if (ptr)
		return ptr;
	if (!size)
		size = 1;
	if (!have_numa()) {
		ptr = aligned_alloc(4096, (size + 4095) & ~(size_t)4095);
		if (ptr)
			memset(ptr, 0, size);
		return ptr;
	}
	switch (policy.kind) {
	case MEM_INTERLEAVE:
		return numa_alloc_interleaved(size);
	case MEM_NODE:
		return numa_alloc_onnode(size, policy.node);
	case MEM_LOCAL:
		break;
	}
	return numa_alloc_local(size);
}

void mem_free(void *ptr, size_t size)
{
	if (!ptr || arena_has(ptr))
		return;
	if (!size)
		size = 1;
	if (!have_numa())
		free(ptr);
	else
		numa_free(ptr, size);
}
