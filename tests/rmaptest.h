/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the cmocka tests share: the includes cmocka wants before its own
 * header, how to tell a sanitized build, and a cheap seeded random source.
 */
#ifndef RMAPBENCH_TESTS_RMAPTEST_H
#define RMAPBENCH_TESTS_RMAPTEST_H

#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include "lib/util.h" /* xorshift64(): the tests' reproducible sequences */

/*
 * Sanitized builds run the same code several times slower, and the whole of
 * `make check` has a time budget: tests that count work scale it down by
 * this, never below what still makes them meaningful.  GCC says so with
 * __SANITIZE_*__, clang with __has_feature().
 */
#if defined(__SANITIZE_THREAD__) || defined(__SANITIZE_ADDRESS__)
#define TEST_SANITIZED 1
#elif defined(__has_feature)
#if __has_feature(thread_sanitizer) || __has_feature(address_sanitizer)
#define TEST_SANITIZED 1
#endif
#endif
#ifndef TEST_SANITIZED
#define TEST_SANITIZED 0
#endif

/* got within rel (a fraction) of want, or the test fails saying both. */
static inline void assert_close(double got, double want, double rel)
{
	if (fabs(got - want) <= rel * fabs(want))
		return;
	fail_msg("got %.17g, want %.17g (relative tolerance %g)", got, want,
		 rel);
}

#ifndef ARRAY_SIZE
#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#endif

#endif
