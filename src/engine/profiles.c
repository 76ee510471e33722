// SPDX-License-Identifier: GPL-2.0
/* Which machine a point runs on (profiles.h). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "lib/util.h"
#include "profiles.h"

#define MAX_PROFILES 16

static struct machine_profile *loaded[MAX_PROFILES];
static unsigned int nr_loaded;

/* The cached profile called name, loaded if need be. */
static struct machine_profile *load(const char *name, char *msg, size_t len)
{
	struct machine_profile *p;

	for (unsigned int i = 0; i < nr_loaded; i++)
		if (!strcmp(loaded[i]->source, name))
			return loaded[i];
	if (nr_loaded == MAX_PROFILES) {
		snprintf(msg, len, "more than %d machine profiles in one run",
			 MAX_PROFILES);
		return NULL;
	}
	p = malloc(sizeof(*p));
	if (!p)
		die_oom("a machine profile");
	if (profile_load(p, name, msg, len)) {
		free(p);
		return NULL;
	}
	snprintf(p->source, sizeof(p->source), "%s", name);
	return loaded[nr_loaded++] = p;
}

int profiles_find(const char *name, const struct machine_profile **out,
		  char *msg, size_t len)
{
	*out = load(name, msg, len);
	if (*out || !strcmp(name, "host"))
		return 0;
	return -1;
}

const struct machine_profile *profiles_modelled(const struct machine_profile *m,
						char *msg, size_t len)
{
	return m ? m : load("host", msg, len);
}

/*
 * --access-time's hit (hit_ns > 0; else p is left as it is).  What it adds
 * to a hit (the work between accesses) it adds to an L1 miss its L2 serves
 * too, so that the second level stays the dearer and onchip still tells
 * the accesses the CPU's own caches serve; both must stay below memory.
 */
int profiles_set_hit(struct machine_profile *p, double hit_ns, char *msg,
		     size_t len)
{
	uint64_t hit = (uint64_t)llround(hit_ns * 1000);
	int64_t delta = (int64_t)hit - (int64_t)p->cost[COST_HIT];

	if (!(hit_ns > 0))
		return 0;
	p->cost[COST_HIT] = hit;
	p->onchip = (uint64_t)((int64_t)p->onchip + delta);
	if (p->l2_hit)
		p->l2_hit = p->onchip;
	if (p->onchip < p->cost[COST_MEM_LOCAL])
		return 0;
	snprintf(
		msg, len,
		"--access-time: a hit of %.3f ns leaves %s no dearer than memory (%.1f ns): give a smaller one",
		hit_ns, p->l2_hit ? "an L2 hit" : "it",
		p->cost[COST_MEM_LOCAL] / 1000.0);
	return -1;
}

int profiles_place(struct config *cfg, enum placement placement, char *msg,
		   size_t len)
{
	static struct machine_profile placed;
	int pus[CPUS_MAX];
	struct topo *t;
	int ret;

	if (topo_load(&t, cfg->machine->topology, msg, len))
		return -1;
	ret = topo_plan(t, cfg->threads, placement, false, pus, msg, len);
	topo_destroy(t);
	if (ret)
		return -1;
	placed = *cfg->machine;
	/*
	 * --access-time: the point's own copy carries the hit, so that the
	 * profile every point shares stays as loaded.
	 */
	if (profiles_set_hit(&placed, cfg->access_time.hit_ns, msg, len))
		return -1;
	if (profile_place(&placed, pus, cfg->threads, msg, len))
		return -1;
	cfg->machine = &placed;
	return 0;
}
