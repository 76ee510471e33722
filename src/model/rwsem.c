// SPDX-License-Identifier: GPL-2.0
#include "rwsem.h"

/* CONFIG_RWSEM_SPIN_ON_OWNER=y, the x86 SMP default. */
bool rwsem_spin_on_owner = true;

/* The kernel's queue of spinners (kernel/locking/osq_lock.c, 3.15 on). */
bool rwsem_osq = true;
