/* SPDX-License-Identifier: GPL-2.0 */
#ifndef RMAPBENCH_HOOK_H
#define RMAPBENCH_HOOK_H

/*
 * What the RMAP_MODEL build of the strategy code calls (model/access.h):
 * every access to shared simulated state, every spin-wait, every lock
 * taken.  machine.h says what each does; outside a modelled run they do
 * nothing.
 */
#include "lib/access_kind.h"

void machine_access(const void *p, enum access_kind kind);
void machine_spin(const void *p);
void machine_spin_ticket(const void *p, unsigned int ticket);
void machine_lock_acquired(const void *p);

/*
 * The running CPU's own MACHINE_CPU_LOCAL bytes of modelled memory
 * (line-aligned, zeroed at the machine's start), at a place set by the
 * CPU's number alone: what the kernel keeps per CPU, or on the stack of
 * the task that waits.  A modelled CPU's stack is a coroutine's, at a
 * depth the compiler picks, and the lines the model gave an object there
 * would move with code that only moved.  Outside a modelled run: the
 * calling thread's own bytes.
 */
#define MACHINE_CPU_LOCAL 256
void *machine_cpu_local(void);

#endif
