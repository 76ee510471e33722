/* SPDX-License-Identifier: GPL-2.0 */
#ifndef RMAPBENCH_ENGINE_ACCESSTIME_H
#define RMAPBENCH_ENGINE_ACCESSTIME_H

#include <stdbool.h>
#include <stddef.h>
#include "config.h"
#include "plan_types.h"
#include "point.h"

/*
 * A short run of 2.4.19-pre7 at point's workload, in its mode, with none
 * of --other-work's rest but its footprint: what the simulation itself
 * charges the baseline, which --other-work baseline-2002 takes
 * from akpm's CPU time (engine/otherwork.c).  0, or EXIT_USAGE with msg.
 */
int baseline_probe(const struct plan *p, const struct config *point,
		   struct point_result *res, char *msg, size_t len);

/*
 * --access-time baseline-2002 (or auto where --other-work baseline-2002
 * is modelled) of sweep sw: the hit cost at which 2.4.19-pre7's modelled
 * fork, exec and exit per process take copy_zap_ns, set into the sweep's
 * points.  Nothing for a measured sweep or a hit already given.  0, or
 * EXIT_USAGE with a one-line message in msg.
 */
int access_time_resolve(const struct plan *p, struct sweep *sw,
			double copy_zap_ns, bool quiet, char *msg, size_t len);

#endif
