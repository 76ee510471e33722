/* SPDX-License-Identifier: GPL-2.0 */
#ifndef RMAPBENCH_DRIVER_H
#define RMAPBENCH_DRIVER_H

#include <stddef.h>
#include "config.h"
#include "point.h"

/*
 * Runs one configuration point: builds its world, runs the driver threads
 * (and the churn thread) over warm-up and timed window under the watchdog,
 * checks the invariants and tears it down.  Returns a point_status; msg
 * says what went wrong.
 */
int run_point(const struct config *cfg, struct point_result *res, char *msg,
	      size_t len);

#endif
