/* SPDX-License-Identifier: GPL-2.0 */
#ifndef RMAPBENCH_MODEL_RUN_H
#define RMAPBENCH_MODEL_RUN_H

#include <stddef.h>
#include "config.h"
#include "point.h"

/*
 * Runs one configuration point on the modelled machine cfg->machine with
 * cfg->threads virtual CPUs (--mode model), checks the invariants, and
 * fills res from virtual time.  Returns a point_status; msg says what went
 * wrong.
 */
int model_point(const struct config *cfg, struct point_result *res, char *msg,
		size_t len);

/*
 * Points this process has run twice: a virtual CPU that ran ahead met
 * an access issued before it, and the point was run again in strict order
 * (machine_set_strict()).
 */
unsigned long model_reruns(void);

#endif
