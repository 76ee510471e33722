/* SPDX-License-Identifier: GPL-2.0 */
#ifndef RMAPBENCH_ABORT_H
#define RMAPBENCH_ABORT_H

#include <stdatomic.h>

/*
 * How a point that cannot go on ends.  The model raises rmap_abort when a
 * thread finds no memory for a chain node, and the engine's watchdog raises
 * it when a point stops making progress; a thread spinning on a lock sees it
 * in spin_wait() and leaves.  The engine lowers it before the next point.
 */
extern atomic_bool rmap_abort;

#endif
