// SPDX-License-Identifier: GPL-2.0
/*
 * The watchdog: the main thread while a measured point runs.  It opens
 * and closes the timed window, ends a point whose threads stop making
 * progress, and ends it at once on a stop signal.
 */
#include <time.h>
#include "driver_impl.h"
#include "lib/stop.h"
#include "lib/util.h"

#define WATCH_TICK_NS 50000000ull    /* 50 ms: rarely enough not to disturb */
#define ABORT_GRACE_NS 2000000000ull /* 2 s */
#define STOP_TICK_NS 250000000ull    /* a signal is seen within 1/4 s */
/*
 * After a stop signal, threads still inside one long fork round (a driver
 * looks for the abort only between rounds and while it spins) are left to
 * the process's exit, so that the run ends within a second.
 */
#define STOP_GRACE_NS 300000000ull /* 0.3 s */

static unsigned long total_progress(struct run *run)
{
	unsigned long sum = 0;

	for (unsigned int t = 0; t < run->started; t++)
		sum += atomic_load_explicit(&run->drivers[t].rc.progress,
					    memory_order_relaxed);
	return sum;
}

static bool all_exited(struct run *run)
{
	return atomic_load_explicit(&run->exited, memory_order_acquire) ==
	       run->started + run->rstarted;
}

static bool watch_done(struct run *run, enum until until, uint64_t now,
		       uint64_t deadline)
{
	switch (until) {
	case UNTIL_DEADLINE:
		return now >= deadline;
	case UNTIL_DRIVERS:
		return atomic_load_explicit(&run->drivers_exited,
					    memory_order_acquire) ==
		       run->started;
	case UNTIL_ALL:
		break;
	}
	return all_exited(run);
}

/* One nap; a stop signal cuts it short (only this thread takes them). */
static void nap(uint64_t ns)
{
	struct timespec ts = { .tv_sec = ns / 1000000000u,
			       .tv_nsec = ns % 1000000000u };

	nanosleep(&ts, NULL);
}

/*
 * The watchdog: waits for `until`, and fails when no fork round finishes
 * for --timeout seconds.  While the window is open it wakes as seldom as
 * it can (a quarter of --timeout but at least every STOP_TICK_NS, and at
 * the deadline; every WATCH_TICK_NS in a --forks window): on a machine
 * with no spare CPU each wake-up preempts a driver thread, perhaps one
 * holding a lock the others spin on.  A stop signal ends the nap early.
 */
enum watched watch(struct run *run, enum until until, uint64_t deadline)
{
	uint64_t last = now_ns(), limit = run->world.cfg.timeout * 1e9;
	uint64_t tick = until == UNTIL_ALL ? WATCH_TICK_NS / 25 : WATCH_TICK_NS;

	/* A timed phase wakes no more often than the watchdog needs. */
	if (until == UNTIL_DEADLINE && limit / 4 > tick)
		tick = limit / 4 < STOP_TICK_NS ? limit / 4 : STOP_TICK_NS;
	unsigned long seen = total_progress(run);

	for (;;) {
		uint64_t now = now_ns();
		unsigned long progress = total_progress(run);

		if (stop_requested())
			return WATCH_STOPPED;
		if (atomic_load_explicit(&rmap_oom, memory_order_relaxed))
			return WATCH_FAILED; /* a thread left: cannot finish */
		if (watch_done(run, until, now, deadline))
			return WATCH_DONE;
		if (progress != seen) {
			seen = progress;
			last = now;
		} else if (now - last > limit) {
			return WATCH_FAILED;
		}
		nap(until == UNTIL_DEADLINE && deadline - now < tick ?
			    deadline - now :
			    tick);
	}
}

/* Asks stalled threads to leave; true when all of them did. */
bool abort_threads(struct run *run, enum phase phase)
{
	uint64_t until = now_ns() +
			 (phase == PHASE_QUIT ? STOP_GRACE_NS : ABORT_GRACE_NS);

	atomic_store(&rmap_abort, true);
	atomic_store(&run->phase, phase);
	while (!all_exited(run) && now_ns() < until)
		sleep_ns(WATCH_TICK_NS / 25);
	return all_exited(run);
}

/* Warm-up, then the timed window (or the --forks quota), then stop. */
enum watched measure(struct run *run, uint64_t *t_start)
{
	const struct config *cfg = &run->world.cfg;
	enum watched w =
		watch(run, UNTIL_DEADLINE, now_ns() + cfg->warmup * 1e9);

	if (w)
		return w;
	*t_start = now_ns();
	atomic_store_explicit(&run->phase, PHASE_MEASURE, memory_order_release);
	w = cfg->forks ?
		    watch(run, UNTIL_DRIVERS, 0) :
		    watch(run, UNTIL_DEADLINE, now_ns() + cfg->duration * 1e9);
	if (w)
		return w;
	run->t_stop = now_ns();
	atomic_store_explicit(&run->phase, PHASE_STOP, memory_order_release);
	return watch(run, UNTIL_ALL, 0);
}
