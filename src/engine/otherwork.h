/* SPDX-License-Identifier: GPL-2.0 */
#ifndef RMAPBENCH_ENGINE_OTHERWORK_H
#define RMAPBENCH_ENGINE_OTHERWORK_H

/*
 * --other-work on the wall clock: a fixed number of stores into the CPU's
 * private scratch memory, so that the work is the same whatever the
 * strategy.  The number is the work's ns times the loop's speed, and the
 * speed is taken once for a whole run (from the calibration file, where
 * `rmapbench calibrate` froze it): timed per point, it moved the "fixed"
 * work of the points of one repetition by up to 20% against each other.
 */
#define OTHER_WORK_WORDS 2048 /* 16 KiB of process-private memory */

static inline void otherwork_stores(unsigned long *m, unsigned long iters)
{
	for (unsigned long i = 0; i < iters; i++)
		m[(i * 8) % OTHER_WORK_WORDS] += i;
	/* The stores are the work: keep the compiler from dropping them. */
	__asm__ volatile("" : : "r"(m) : "memory");
}

/* The calibration file's key for the speed. */
#define OTHERWORK_SPEED_KEY "other_work_iters_per_ns"

/* The loop's speed on this CPU, in iterations per ns: the best of tries. */
double otherwork_speed(void);

#endif
