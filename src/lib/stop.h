/* SPDX-License-Identifier: GPL-2.0 */
#ifndef RMAPBENCH_STOP_H
#define RMAPBENCH_STOP_H

#include <signal.h>

/*
 * SIGINT, SIGTERM and SIGHUP ask a run to stop.  The handler only records
 * the signal; the main thread, which is the watchdog during a point, sees
 * it within a fraction of a second and ends the point.  The other threads
 * keep these signals blocked (stop_block() around their creation), so that
 * the signal interrupts the main thread's sleep rather than a driver's work.
 */
void stop_catch(void);
/* The signal that asked to stop, or 0. */
int stop_requested(void);
/* Blocks the stop signals in this thread; old gets the mask to restore. */
void stop_block(sigset_t *old);
void stop_restore(const sigset_t *old);

#endif
