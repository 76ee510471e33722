/* SPDX-License-Identifier: GPL-2.0 */
#ifndef RMAPBENCH_ACCESS_KIND_H
#define RMAPBENCH_ACCESS_KIND_H

/*
 * What a touch of shared simulated memory does to its cache line: a load,
 * a plain store, or a locked read-modify-write (x86's lock prefix, xchg).
 * The model's accessors (model/access.h) pass it to whatever is watching:
 * nothing, the per-pte counts, or the simulated machine.
 */
enum access_kind {
	ACCESS_READ,
	ACCESS_WRITE,
	ACCESS_RMW,
};

#endif
