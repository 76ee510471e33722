/* SPDX-License-Identifier: GPL-2.0 */
#ifndef RMAPBENCH_UTIL_H
#define RMAPBENCH_UTIL_H

#include <stddef.h>
#include <stdint.h>

/* Exit statuses: 2 is a usage error, 3 a broken invariant. */
enum {
	EXIT_USAGE = 2,
	EXIT_INVARIANT = 3,
};

__attribute__((noreturn, format(printf, 2, 3))) void die(int status,
							 const char *fmt, ...);
__attribute__((noreturn)) void die_oom(const char *what);

/* Writes a one-line usage message into msg; returns EXIT_USAGE. */
__attribute__((format(printf, 3, 4))) int usage_fail(char *msg, size_t len,
						     const char *fmt, ...);

/*
 * mkstemp(), but the file gets the mode a plain fopen() would give it: the
 * temporary file of an atomic write is renamed over the real one.
 */
int mkstemp_public(char *tmpl);

/*
 * n zeroed objects of size bytes on whole 4 KiB pages, or NULL: where the
 * model's lines sit in their pages must not follow the heap (a modelled
 * first-level cache, machine/l1.h, sets a line by its offset in its page;
 * which lines a fork writes must not depend on the allocator either).
 */
void *calloc_pages(size_t n, size_t size);

/* splitmix64: seeds well from any value, including 0. */
static inline uint64_t splitmix64(uint64_t *state)
{
	uint64_t z = (*state += 0x9e3779b97f4a7c15ull);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

/*
 * RMAPBENCH_LAYOUT_SKEW=N, a test's knob: bytes (a multiple of 16, below
 * 64 KiB) by which a modelled point moves its CPUs' stacks and its small
 * heap objects (tests/cmd/layout.sh): modelled rows must not move with
 * them.  0 when unset; another value exits 2.
 */
size_t layout_skew(void);

uint64_t now_ns(void);
void sleep_ns(uint64_t ns);

/* One fork() and the child's _exit(), the parent's view; < 0 if fork failed. */
double fork_exit_ns(void);

/*
 * The folder name of the installation (bench, machines): env's value when
 * that variable is set, else name beside the binary's own folder
 * (bin/rmapbench → name/ beside bin/), else name in the working folder.
 */
void data_dir(const char *env, const char *name, char *buf, size_t len);

/* xorshift64 (Marsaglia 2003): cheap, seedable, good enough to pick pages and shuffle. */
static inline uint64_t xorshift64(uint64_t *state)
{
	uint64_t x = *state;

	x ^= x << 13;
	x ^= x >> 7;
	x ^= x << 17;
	return *state = x;
}

#endif
