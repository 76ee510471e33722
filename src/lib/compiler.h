/* SPDX-License-Identifier: GPL-2.0 */
#ifndef RMAPBENCH_COMPILER_H
#define RMAPBENCH_COMPILER_H

#include <stdatomic.h>

/*
 * The cache line the model is laid out for.  struct pte_chain is exactly one
 * of these, as in the kernel; the line size of the host is measured at run
 * time and recorded beside it, so a mismatch is visible in the metadata.
 */
#define L1_CACHE_BYTES 64
#define ____cacheline_aligned __attribute__((aligned(L1_CACHE_BYTES)))

/* Counters of different threads live this far apart: two lines, because the
 * adjacent-line prefetcher pulls lines in pairs. */
#define COUNTER_SPACING 256

#define likely(x) __builtin_expect(!!(x), 1)
#define unlikely(x) __builtin_expect(!!(x), 0)

/* For the lock fast paths the hot loops are built from. */
#define rmap_inline inline __attribute__((always_inline))
#define noinline __attribute__((noinline))

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

#define __CONCAT2(a, b) a##b
#define CONCAT(a, b) __CONCAT2(a, b)

static inline void cpu_relax(void)
{
#if defined(__x86_64__) || defined(__i386__)
	__builtin_ia32_pause();
#elif defined(__aarch64__)
	__asm__ __volatile__("yield" ::: "memory");
#endif
}

#endif
