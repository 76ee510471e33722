// SPDX-License-Identifier: GPL-2.0
// make: also under ThreadSanitizer (threads)
/*
 * lock_rmap(): which lock a page gets, and that the lock really excludes
 * while page->index moves under it.  The second half is the model's
 * central claim (a non-atomic counter incremented only under lock_rmap()
 * loses no update under any --index-churn) and runs under TSan too.
 */
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "rmaptest.h"
#include "model/rmap_lock.h"
#include "lib/util.h"

#define LOCKS 256
#define SHIFT 4
#define GROUP (1UL << SHIFT) /* pages per lock, by index */

static void locks_init(struct rmap_locks *locks, unsigned int stride)
{
	assert_int_equal(rmap_locks_init(locks, LOCKS, SHIFT, stride), 0);
	assert_non_null(locks->base);
}

static spinlock_t *lock_of(const struct rmap_locks *locks, unsigned long index)
{
	return rmap_lock_ptr(locks, rmap_lockno(locks, index));
}

/* Each lock exactly stride bytes from the last, all free, none shared. */
static void check_layout(const struct rmap_locks *locks, unsigned int stride)
{
	for (unsigned long n = 0; n < LOCKS; n++) {
		char *lock = (char *)rmap_lock_ptr(locks, n);

		assert_false(spin_is_locked((spinlock_t *)lock));
		/* Padded locks must each start their own line (or more). */
		assert_int_equal((uintptr_t)lock % stride, 0);
		if (n + 1 < LOCKS)
			assert_int_equal((char *)rmap_lock_ptr(locks, n + 1) -
						 lock,
					 stride);
	}
	assert_int_equal(rmap_locks_first_held(locks), -1);
}

/* index >> shift picks the lock, and the lock number wraps at --locks. */
static void check_hash(const struct rmap_locks *locks)
{
	const unsigned long span = LOCKS * GROUP;

	for (unsigned long index = 0; index < 3 * span; index++) {
		unsigned long lockno = rmap_lockno(locks, index);

		assert_int_equal(lockno, (index >> SHIFT) % LOCKS);
		/* The sixteen pages of a group share one lock... */
		assert_ptr_equal(lock_of(locks, index),
				 lock_of(locks, index & ~(GROUP - 1)));
		/* ...the next group has another... */
		assert_ptr_not_equal(lock_of(locks, index),
				     lock_of(locks, index + GROUP));
		/* ...and --locks groups on, the same one again. */
		assert_ptr_equal(lock_of(locks, index),
				 lock_of(locks, index + span));
	}
	assert_int_equal(rmap_lockno(locks, 300 << SHIFT), 300 - LOCKS);
	assert_int_equal(rmap_lockno(locks, ~0UL), LOCKS - 1);
}

static void check_mapping(unsigned int stride)
{
	struct rmap_locks locks;

	locks_init(&locks, stride);
	assert_int_equal(locks.stride, stride);
	check_layout(&locks, stride);
	check_hash(&locks);
	rmap_locks_destroy(&locks);
}

static void test_lock_mapping(void **state)
{
	/* Packed as hashed uses it, then padded at the strides it sweeps. */
	static const unsigned int strides[] = { sizeof(spinlock_t), 64, 128,
						256 };

	(void)state;
	assert_int_equal(sizeof(spinlock_t), 4);
	for (size_t i = 0; i < ARRAY_SIZE(strides); i++)
		check_mapping(strides[i]);
}

/*
 * lock_rmap() on real pages: a page's lock is held against its group
 * neighbours and no one else, and set_page_index_locked() moves the page
 * to another lock and leaves every lock free.
 */
static void test_lock_pages(void **state)
{
	struct rmap_locks locks;
	struct page a = { 0 }, b = { 0 }, c = { 0 };
	unsigned int holder = ~0u;
	stat_t retries = 0;
	spinlock_t *lock;

	(void)state;
	locks_init(&locks, 64);
	atomic_init(&a.index, 5 * GROUP);
	atomic_init(&b.index, 5 * GROUP + GROUP - 1);
	atomic_init(&c.index, 6 * GROUP);
	lock = lock_rmap(&locks, &a, &holder, &retries);
	assert_ptr_equal(lock, rmap_lock_ptr(&locks, 5));
	assert_int_equal(holder, 0);
	assert_int_equal(retries, 0);
	/* The word names the page it is held for, so waiters can tell. */
	assert_int_equal(atomic_load(lock), page_tag(&a));
	assert_int_not_equal(page_tag(&a), page_tag(&b));
	assert_int_equal(rmap_locks_first_held(&locks), 5);
	/* b shares a's lock: it is taken; c's is not. */
	assert_false(spin_trylock(lock_of(&locks, page_index(&b))));
	assert_true(spin_trylock(lock_of(&locks, page_index(&c))));
	spin_unlock(lock_of(&locks, page_index(&c)));
	unlock_rmap(lock);
	assert_int_equal(rmap_locks_first_held(&locks), -1);

	set_page_index_locked(&locks, &a, 300 * GROUP + 3);
	assert_int_equal(page_index(&a), 300 * GROUP + 3);
	assert_int_equal(rmap_locks_first_held(&locks), -1);
	lock = lock_rmap(&locks, &a, &holder, &retries);
	assert_ptr_equal(lock, rmap_lock_ptr(&locks, 300 - LOCKS));
	unlock_rmap(lock);
	rmap_locks_destroy(&locks);
}

/*
 * Mutual exclusion under churn.  Workers increment a plain counter per
 * page under lock_rmap() while a churn thread moves pages to fresh indices
 * (and so to other locks) as fast as it can.  The plain build does at
 * least a million increments; the sanitized builds a third of that.
 */
#define NR_PAGES 64
#define WORKERS 3 /* with the churn thread: two CPUs oversubscribed */
#define INCREMENTS (TEST_SANITIZED ? 400000UL : 1200000UL)
/*
 * Past the quota the workers go on until one has seen a retry, or until
 * the churn thread has moved this many indexes: a bound in work, not in
 * time, so that a loaded machine, which slows both sides, cannot miss it.
 */
#define RETRY_CHURN_LIMIT 100000000UL

struct churn_test {
	struct rmap_locks locks;
	struct page pages[NR_PAGES];
	unsigned long counter[NR_PAGES]; /* plain: only the lock guards it */
	atomic_bool retried;		 /* some worker has seen a retry */
	atomic_bool stop;		 /* tells the churn thread to finish */
	atomic_ulong churned; /* index changes so far, by the churn thread */
};

struct worker {
	struct churn_test *t;
	pthread_t thread;
	uint64_t rng;
	unsigned long done[NR_PAGES]; /* this worker's increments */
	unsigned long increments, contended;
	stat_t retries;
	unsigned long wrong_lock; /* held a lock not the page's */
};

/* One increment, under the lock, checking it is the page's lock. */
static void locked_increment(struct worker *wk, unsigned int p)
{
	struct churn_test *t = wk->t;
	struct page *page = &t->pages[p];
	unsigned int holder;
	stat_t retries = wk->retries;
	spinlock_t *lock = lock_rmap(&t->locks, page, &holder, &wk->retries);

	/* Under the lock the index cannot move: it must still hash here. */
	if (lock !=
	    lock_of(&t->locks,
		    atomic_load_explicit(&page->index, memory_order_relaxed)))
		wk->wrong_lock++;
	t->counter[p]++;
	unlock_rmap(lock);
	wk->done[p]++;
	wk->increments++;
	wk->contended += holder != 0;
	if (wk->retries != retries)
		atomic_store_explicit(&t->retried, true, memory_order_relaxed);
}

/*
 * The quota, then on until some worker has seen lock_rmap() retry (it
 * practically always has by then), so the retry path is known exercised.
 */
static void *worker_thread(void *arg)
{
	struct worker *wk = arg;
	struct churn_test *t = wk->t;

	while (wk->increments < INCREMENTS / WORKERS ||
	       (!atomic_load_explicit(&t->retried, memory_order_relaxed) &&
		atomic_load_explicit(&t->churned, memory_order_relaxed) <
			RETRY_CHURN_LIMIT))
		locked_increment(wk, xorshift64(&wk->rng) % NR_PAGES);
	return NULL;
}

/* set_page_index() as the swap cache did it, never reusing an index. */
static void *churn_thread(void *arg)
{
	struct churn_test *t = arg;
	unsigned long fresh = NR_PAGES * GROUP;
	uint64_t rng = 0x9e3779b97f4a7c15ull;
	unsigned long churned = 0;

	while (!atomic_load_explicit(&t->stop, memory_order_relaxed)) {
		struct page *page = &t->pages[xorshift64(&rng) % NR_PAGES];

		/* Half a group on: pages pair up on locks, and move apart. */
		fresh += GROUP / 2;
		set_page_index_locked(&t->locks, page, fresh);
		/* Only this thread writes it: a store, not a locked add. */
		atomic_store_explicit(&t->churned, ++churned,
				      memory_order_relaxed);
	}
	return NULL;
}

static void churn_setup(struct churn_test *t, struct worker *wk)
{
	memset(t, 0, sizeof(*t));
	/* Packed: neighbouring locks share lines, the worst case. */
	locks_init(&t->locks, sizeof(spinlock_t));
	/* Two pages to a lock to begin with, spread over the table. */
	for (unsigned long p = 0; p < NR_PAGES; p++)
		atomic_init(&t->pages[p].index, p * GROUP / 2);
	for (unsigned int i = 0; i < WORKERS; i++)
		wk[i] = (struct worker){ .t = t,
					 .rng = 0x853c49e6748fea9bull + i };
}

static void churn_check(struct churn_test *t, struct worker *wk)
{
	unsigned long total = 0, sum = 0, retries = 0, contended = 0, churned;

	for (unsigned int p = 0; p < NR_PAGES; p++) {
		unsigned long done = 0;

		for (unsigned int i = 0; i < WORKERS; i++)
			done += wk[i].done[p];
		if (t->counter[p] != done)
			fail_msg(
				"page %u: counter %lu after %lu increments: lost updates",
				p, t->counter[p], done);
		sum += t->counter[p];
	}
	for (unsigned int i = 0; i < WORKERS; i++) {
		if (wk[i].wrong_lock)
			fail_msg(
				"worker %u: %lu times the lock held was not the page's",
				i, wk[i].wrong_lock);
		total += wk[i].increments;
		retries += wk[i].retries;
		contended += wk[i].contended;
	}
	/* The threads are joined: relaxed is enough. */
	churned = atomic_load_explicit(&t->churned, memory_order_relaxed);
	printf("lock_rmap churn: %lu increments, %lu index changes, %lu retries, %lu contended\n",
	       total, churned, retries, contended);
	assert_int_equal(sum, total);
	assert_true(total >= INCREMENTS / WORKERS * WORKERS);
	assert_true(churned > 0);
	if (!retries)
		fail_msg("lock_rmap() never retried in %lu index changes",
			 churned);
	assert_int_equal(rmap_locks_first_held(&t->locks), -1);
}

static void test_lock_under_churn(void **state)
{
	struct churn_test *t = malloc(sizeof(*t));
	struct worker *wk = calloc(WORKERS, sizeof(*wk));
	pthread_t churn;

	(void)state;
	assert_non_null(t);
	assert_non_null(wk);
	churn_setup(t, wk);
	assert_int_equal(pthread_create(&churn, NULL, churn_thread, t), 0);
	for (unsigned int i = 0; i < WORKERS; i++)
		assert_int_equal(pthread_create(&wk[i].thread, NULL,
						worker_thread, &wk[i]),
				 0);
	for (unsigned int i = 0; i < WORKERS; i++)
		pthread_join(wk[i].thread, NULL);
	atomic_store(&t->stop, true);
	pthread_join(churn, NULL);
	churn_check(t, wk);
	rmap_locks_destroy(&t->locks);
	free(wk);
	free(t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_lock_mapping),
		cmocka_unit_test(test_lock_pages),
		cmocka_unit_test(test_lock_under_churn),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
