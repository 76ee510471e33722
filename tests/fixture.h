/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The configuration the tests start from, written once: a point of the
 * default sweep (what `rmapbench run` does with no option), the same for a
 * named kernel configuration, and a measured point kept short.  A test
 * changes only the knobs it is about, so that a new default reaches every
 * test through sweep_init().  The modelled test machine is machine_fixture.h.
 */
#ifndef RMAPBENCH_TESTS_FIXTURE_H
#define RMAPBENCH_TESTS_FIXTURE_H

#include <stdbool.h>
#include <string.h>
#include "rmaptest.h"
#include "engine/config.h"
#include "engine/options.h"
#include "engine/sweep.h"
#include "strategy/kernel.h"
#include "strategy/strategy.h"

/* The default sweep's first point, run by strategy s (NULL: the default's). */
static inline struct config test_config(const struct strategy *s)
{
	struct sweep sw;
	struct config cfg;

	sweep_init(&sw);
	sweep_point(&sw, 0, &cfg);
	if (s)
		cfg.strategy = s;
	return cfg;
}

/* A named kernel configuration, as --kernel NAME builds it. */
static inline struct config test_kernel_config(const char *name)
{
	struct sweep sw;
	struct config cfg;
	unsigned int i;

	for (i = 0; i < nr_kernels && strcmp(kernels[i].name, name); i++)
		;
	if (i == nr_kernels)
		fail_msg("no kernel configuration '%s'", name);
	sweep_init(&sw);
	sw.list[option_dim(option_find("kernel"))].v[0] = i;
	sweep_point(&sw, 0, &cfg);
	assert_int_equal(cfg.kernel, i);
	return cfg;
}

/*
 * A measured point made short: duration seconds, no warm-up, more threads
 * than the test machine's CPUs allowed, and run_parse()'s 60 s watchdog
 * (sweep_init() leaves it off), so that a hung point fails, not hangs.
 */
static inline void test_short(struct config *cfg, double duration)
{
	cfg->duration = duration;
	cfg->warmup = 0;
	cfg->oversubscribe = true;
	cfg->timeout = 60;
}

#endif
