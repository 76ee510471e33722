/* SPDX-License-Identifier: GPL-2.0 */
#ifndef RMAPBENCH_ACCESS_KIND_H
#define RMAPBENCH_ACCESS_KIND_H

/* What an access to shared simulated state does to its cache line. */
enum access_kind {
	ACCESS_READ,
	ACCESS_WRITE,
	ACCESS_RMW, /* a locked read-modify-write: xchg, cmpxchg, lock add */
};

#endif
