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

#endif
