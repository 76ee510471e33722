/* SPDX-License-Identifier: GPL-2.0 */
#ifndef RMAPBENCH_WAKEUP_H
#define RMAPBENCH_WAKEUP_H

/*
 * What the RMAP_MODEL build calls when a sleeping task has been woken
 * (model/rwsem.h): the woken CPU's clock moves on by the profile's
 * wakeup cost (try_to_wake_up(), the IPI, the switch back to the task),
 * beside the coherence traffic of the wakeup itself, which the machine
 * already charges.  Outside a modelled run it does nothing.
 */
void machine_wakeup(void);

#endif
