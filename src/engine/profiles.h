/* SPDX-License-Identifier: GPL-2.0 */
#ifndef RMAPBENCH_PROFILES_H
#define RMAPBENCH_PROFILES_H

#include <stdbool.h>
#include <stddef.h>
#include <string.h>
#include "config.h"
#include "lib/topo.h"
#include "machine/profile.h"

/*
 * Which machine a point runs on, in one place: the profiles --machine
 * names, the "host" rule and where a modelled point's CPUs sit.
 *
 * The host rule: a measured point runs on this host, as machine "host",
 * whether or not machines/host exists; a modelled point without --machine
 * runs on machines/host, which 'rmapbench calibrate --machine' writes.
 */

/*
 * The profile called name (a file of machines/ or a path), loaded once and
 * kept for the life of the process: configs point at it.  "host" without
 * machines/host is NULL, which is what a measured point wants.  0, or -1
 * with one line in msg.
 */
int profiles_find(const char *name, const struct machine_profile **out,
		  char *msg, size_t len);

/* Whether a point on m runs on this host when measured. */
static inline bool profiles_is_host(const struct machine_profile *m)
{
	return !m || !strcmp(m->source, "host");
}

/*
 * The machine a modelled point on m runs on: m, or machines/host when m is
 * NULL; NULL with msg when machines/host cannot be loaded.
 */
const struct machine_profile *profiles_modelled(const struct machine_profile *m,
						char *msg, size_t len);

/*
 * p with --access-time's hit of hit_ns (none when not above 0), an L2
 * hit moved with it: 0, or -1 with msg when either would be no dearer
 * than memory.
 */
int profiles_set_hit(struct machine_profile *p, double hit_ns, char *msg,
		     size_t len);

/*
 * --placement in a modelled point: which PU of the profile's topology each
 * virtual CPU is, planned on that topology exactly as a measured run plans
 * its pinning on this machine's.  cfg->machine becomes the placed copy,
 * which lives until the next call (the row names its machine), its hit
 * the point's --access-time when it gives one.
 */
int profiles_place(struct config *cfg, enum placement placement, char *msg,
		   size_t len);

#endif
