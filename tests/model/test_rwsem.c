// SPDX-License-Identifier: GPL-2.0
// make: also under ThreadSanitizer (writers and readers on real threads)
/*
 * The kernel's rw_semaphore (model/rwsem.h), compiled as the model build
 * of the strategies compiles it: under real threads it excludes (writers
 * from everyone, readers from writers), spinning or sleeping; on a
 * modelled machine a contended release moves the lock to one waiter, not
 * to every waiter: spinners queue on the OSQ behind one that watches the
 * lock; sleepers are woken one writer at a time, or all readers at once,
 * each paying the profile's wakeup cost.
 */
#define RMAP_VARIANT 2 /* RMAP_MODEL: the machine sees every access */
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "rmaptest.h"
#include "machine_fixture.h"
#include "machine/machine.h"
#include "model/rwsem.h"

#define PROFILE TEST_PROFILE("pack:2 numa:1 l3:2 core:4 pu:2", "256", "")
#define WAKEUP "wakeup 5000 ns # test: a round figure\n"

#define NS 1000ULL	  /* ps */
#define HOLD (20000 * NS) /* longer than 15 CPUs queueing up */
#define NCPUS 16

struct shared {
	struct rw_semaphore sem;
	unsigned long counter; /* plain: only a writer changes it */
	atomic_int writers, readers, max_readers, overlap;
	unsigned int nr_readers; /* CPUs 1..nr_readers read, the rest write */
	unsigned int iters;
};

static struct shared *shared_new(void)
{
	/* aligned_alloc() wants a size that is a multiple of the alignment */
	struct shared *s = aligned_alloc(64, (sizeof(*s) + 63) & ~(size_t)63);

	assert_non_null(s);
	memset(s, 0, sizeof(*s));
	init_rwsem(&s->sem);
	return s;
}

static void enter_write(struct shared *s)
{
	if (atomic_fetch_add(&s->writers, 1) || atomic_load(&s->readers))
		atomic_store(&s->overlap, 1);
	s->counter++;
}

static void leave_write(struct shared *s)
{
	atomic_fetch_sub(&s->writers, 1);
}

static void enter_read(struct shared *s)
{
	int r = atomic_fetch_add(&s->readers, 1) + 1, max;

	if (atomic_load(&s->writers))
		atomic_store(&s->overlap, 1);
	max = atomic_load(&s->max_readers);
	while (r > max &&
	       !atomic_compare_exchange_weak(&s->max_readers, &max, r))
		;
}

static void leave_read(struct shared *s)
{
	atomic_fetch_sub(&s->readers, 1);
}

/* ---- modelled ---- */

static const char *profile_text = PROFILE WAKEUP;

/*
 * CPU 0 takes the lock for write first and holds it long; every other CPU
 * then asks for it (readers: CPUs 1..nr_readers), holds it a while and
 * lets go.
 */
/* A line of each CPU's own: touching it lets the other CPUs catch up. */
static atomic_int own[NCPUS][16];

static void hold(unsigned int cpu)
{
	machine_delay(HOLD);
	(void)mem_load(&own[cpu][0], memory_order_relaxed);
}

static void contend(unsigned int cpu, void *arg)
{
	struct shared *s = arg;

	if (cpu)
		machine_delay(10 * NS + cpu * NS);
	if (cpu && cpu <= s->nr_readers) {
		down_read(&s->sem);
		enter_read(s);
		hold(cpu);
		leave_read(s);
		up_read(&s->sem);
		return;
	}
	down_write(&s->sem);
	enter_write(s);
	hold(cpu);
	leave_write(s);
	up_write(&s->sem);
}

static struct machine_stats run_contend(struct shared *s, uint64_t *end)
{
	struct machine *m = test_machine(profile_text, NCPUS);
	struct machine_stats st;

	test_machine_run(m, contend, s);
	machine_stats_sum(m, &st);
	*end = 0;
	for (unsigned int c = 0; c < NCPUS; c++)
		if (machine_clock(m, c) > *end)
			*end = machine_clock(m, c);
	machine_destroy(m);
	return st;
}

/*
 * Fifteen writers behind a held lock spin optimistically: each parks on
 * its own OSQ node and is handed the head once, and only the head parks on
 * the lock's line.  Were every waiter spinning on the count word, each of
 * the fifteen releases would wake every one still waiting: 15 + 14 + ...
 * = 120 parks at the least.
 */
static void test_spinners_queue(void **state)
{
	struct shared *s = shared_new();
	struct machine_stats st;
	uint64_t end;

	(void)state;
	rwsem_spin_on_owner = true;
	st = run_contend(s, &end);
	assert_int_equal(s->counter, NCPUS);
	assert_int_equal(atomic_load(&s->overlap), 0);
	assert_int_equal(s->sem.wakeups, 0);
	if (st.spins > 6 * (NCPUS - 1))
		fail_msg(
			"%lu parks for %u waiting writers: waiters re-read the lock at every release",
			(unsigned long)st.spins, NCPUS - 1);
	assert_false(rwsem_is_locked(&s->sem));
	free(s);
}

/*
 * Writers that may not spin sleep on the wait list: each release wakes the
 * first writer only (fifteen releases with waiters, fifteen wakeups), and
 * each wakeup costs the profile's 5 us.
 */
static void test_release_wakes_one_writer(void **state)
{
	uint64_t end[2];

	(void)state;
	rwsem_spin_on_owner = false;
	for (int wake = 0; wake < 2; wake++) {
		struct shared *s = shared_new();

		profile_text = wake ? PROFILE WAKEUP : PROFILE;
		run_contend(s, &end[wake]);
		assert_int_equal(s->counter, NCPUS);
		assert_int_equal(atomic_load(&s->overlap), 0);
		assert_int_equal(s->sem.wakeups, NCPUS - 1);
		assert_false(rwsem_is_locked(&s->sem));
		free(s);
	}
	rwsem_spin_on_owner = true;
	profile_text = PROFILE WAKEUP;
	/* the holds follow one another, a wakeup between each two */
	assert_true(end[0] >= NCPUS * HOLD);
	assert_true(end[1] >= NCPUS * HOLD + (NCPUS - 1) * 5000 * NS);
}

/*
 * Readers behind a writer sleep; its release wakes all of them at once,
 * so they hold the lock together; the writers queued behind them wait for
 * the last reader out.
 */
static void test_release_wakes_all_readers(void **state)
{
	struct shared *s = shared_new();
	uint64_t end;

	(void)state;
	s->nr_readers = 8;
	run_contend(s, &end);
	assert_int_equal(s->counter, NCPUS - 8);
	assert_int_equal(atomic_load(&s->overlap), 0);
	assert_int_equal(atomic_load(&s->max_readers), 8);
	/* the readers, at once, then nothing: the writers spin */
	assert_int_equal(s->sem.wakeups, 8);
	assert_false(rwsem_is_locked(&s->sem));
	free(s);
}

/* ---- real threads ---- */

static void *thread_fn(void *arg)
{
	struct shared *s = arg;
	unsigned int me = (unsigned int)atomic_fetch_add(&s->overlap, 2) / 2;

	for (unsigned int i = 0; i < s->iters; i++) {
		if ((me + i) % 3 == 0) {
			down_read(&s->sem);
			atomic_fetch_add(&s->readers, 1);
			if (atomic_load(&s->writers))
				atomic_fetch_or(&s->overlap, 1);
			atomic_fetch_sub(&s->readers, 1);
			up_read(&s->sem);
			continue;
		}
		down_write(&s->sem);
		if (atomic_fetch_add(&s->writers, 1) ||
		    atomic_load(&s->readers))
			atomic_fetch_or(&s->overlap, 1);
		s->counter++;
		atomic_fetch_sub(&s->writers, 1);
		up_write(&s->sem);
	}
	return NULL;
}

/* Four threads (two CPUs) mixing reads and writes, spinning or sleeping. */
static void test_threads_exclude(void **state)
{
	(void)state;
	for (int spin = 0; spin < 2; spin++) {
		struct shared *s = shared_new();
		pthread_t t[4];
		unsigned long writes = 0;

		rwsem_spin_on_owner = spin;
		s->iters = 3000;
		for (int i = 0; i < 4; i++)
			assert_int_equal(
				pthread_create(&t[i], NULL, thread_fn, s), 0);
		for (int i = 0; i < 4; i++)
			pthread_join(t[i], NULL);
		for (unsigned int me = 0; me < 4; me++)
			for (unsigned int i = 0; i < s->iters; i++)
				writes += (me + i) % 3 != 0;
		assert_int_equal(atomic_load(&s->overlap) & 1, 0);
		assert_int_equal(s->counter, writes);
		assert_false(rwsem_is_locked(&s->sem));
		free(s);
	}
	rwsem_spin_on_owner = true;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_spinners_queue),
		cmocka_unit_test(test_release_wakes_one_writer),
		cmocka_unit_test(test_release_wakes_all_readers),
		cmocka_unit_test(test_threads_exclude),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
