// SPDX-License-Identifier: GPL-2.0
#include "machine.h"
#include "wakeup.h"

void machine_wakeup(void)
{
	const struct machine_profile *p = machine_running_profile();

	if (p)
		machine_delay(p->wakeup_ps);
}
