// SPDX-License-Identifier: GPL-2.0
#include "rwsem.h"

/* CONFIG_RWSEM_SPIN_ON_OWNER=y, the x86 SMP default. */
bool rwsem_spin_on_owner = true;
