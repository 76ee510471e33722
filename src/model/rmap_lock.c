// SPDX-License-Identifier: GPL-2.0
#include "lib/numa.h"
#include "rmap_lock.h"

int rmap_locks_init(struct rmap_locks *locks, unsigned long nr,
		    unsigned int shift, unsigned int stride)
{
	*locks = (struct rmap_locks){ .mask = nr - 1,
				      .shift = shift,
				      .stride = stride };
	locks->base = mem_alloc(nr * stride);
	if (!locks->base)
		return -1;
	for (unsigned long i = 0; i < nr; i++)
		spin_lock_init(rmap_lock_ptr(locks, i));
	return 0;
}

void rmap_locks_destroy(struct rmap_locks *locks)
{
	mem_free(locks->base, (locks->mask + 1) * locks->stride);
	locks->base = NULL;
}

long rmap_locks_first_held(const struct rmap_locks *locks)
{
	for (unsigned long i = 0; i <= locks->mask; i++)
		if (spin_is_locked(rmap_lock_ptr(locks, i)))
			return (long)i;
	return -1;
}
