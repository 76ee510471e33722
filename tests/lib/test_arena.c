// SPDX-License-Identifier: GPL-2.0
/*
 * src/lib/arena.c: a modelled point's world in huge pages.  Pieces are
 * zeroed, page-aligned and apart, a pointer from elsewhere is not the
 * arena's, and mem_alloc() carves from the arena only while one is
 * open.
 */
#include <stdlib.h>
#include <string.h>
#include "rmaptest.h"
#include "lib/arena.h"
#include "lib/numa.h"

static bool zeroed(const char *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (p[i])
			return false;
	return true;
}

static void pieces_zeroed_aligned(void **state)
{
	char *a, *b;

	(void)state;
	assert_null(arena_alloc(64));
	arena_open();
	a = arena_alloc(8192);
	b = arena_alloc(100);
	assert_non_null(a);
	assert_non_null(b);
	assert_int_equal((uintptr_t)a % 4096, 0);
	assert_int_equal((uintptr_t)b % 4096, 0);
	assert_true(b >= a + 8192 || a >= b + 4096);
	assert_true(zeroed(a, 8192) && zeroed(b, 100));
	memset(a, 0x5a, 8192);
	assert_true(arena_has(a));
	/* nothing is reused before arena_close() */
	assert_ptr_not_equal(arena_alloc(8192), a);
	arena_close();
	assert_null(arena_alloc(64));
}

/* Larger than a region: a region of its own, and on after it. */
static void piece_larger_than_a_region(void **state)
{
	size_t big = (size_t)80 << 20;
	char *p, *q;

	(void)state;
	arena_open();
	p = arena_alloc(big);
	assert_non_null(p);
	assert_int_equal((uintptr_t)p % 4096, 0);
	p[0] = p[big - 1] = 1;
	q = arena_alloc(4096);
	assert_non_null(q);
	assert_true(q >= p + big || q + 4096 <= p);
	assert_true(arena_has(p + big - 1));
	arena_close();
}

static void foreign_pointers_not_taken(void **state)
{
	char on_stack[64];
	void *heap = calloc(1, 64);

	(void)state;
	assert_false(arena_has(heap));
	arena_open();
	assert_false(arena_has(on_stack));
	assert_false(arena_has(heap));
	assert_false(arena_has(NULL));
	arena_close();
	free(heap);
}

/* mem_alloc() and mem_free() go through the arena while it is open. */
static void mem_alloc_uses_it(void **state)
{
	char *p;

	(void)state;
	arena_open();
	p = mem_alloc(65536);
	assert_non_null(p);
	assert_true(arena_has(p));
	assert_true(zeroed(p, 65536));
	mem_free(p, 65536);
	arena_close();
	/* closed: libnuma's or the heap's, and given back there */
	p = mem_alloc(65536);
	assert_non_null(p);
	assert_false(arena_has(p));
	mem_free(p, 65536);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(pieces_zeroed_aligned),
		cmocka_unit_test(piece_larger_than_a_region),
		cmocka_unit_test(foreign_pointers_not_taken),
		cmocka_unit_test(mem_alloc_uses_it),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
