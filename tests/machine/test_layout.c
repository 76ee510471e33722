// SPDX-License-Identifier: GPL-2.0
/*
 * Where modelled objects may sit: a modelled access to a CPU's own stack
 * (a coroutine's, at a depth the compiler picks) stops the program, as
 * does a CPU's overflow of its stack, and
 * machine_cpu_local() gives each CPU lines of its own at a place set by
 * its number alone (tests/cmd/layout.sh checks the rows end to end).
 */
#include <signal.h>
#include <stdio.h>
#include <stdint.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include "rmaptest.h"
#include "machine_fixture.h"
#include "machine/machine.h"

#define PROFILE TEST_PROFILE("pack:1 numa:1 l3:1 core:2 pu:1", "32", "")
#define NCPUS 2

static void touch_own_stack(unsigned int cpu, void *arg)
{
	volatile unsigned long on_stack = cpu;

	(void)arg;
	machine_access((const void *)&on_stack, ACCESS_WRITE);
	on_stack++;
}

/* fn run by a machine in a child process, its line of complaint
 * dropped: the child's wait status. */
static int run_in_child(machine_fn fn)
{
	int status;
	pid_t pid = fork();

	assert_true(pid >= 0);
	if (!pid) {
		struct machine *m = test_machine(PROFILE, NCPUS);
		char msg[256];

		if (!freopen("/dev/null", "w", stderr))
			_exit(1);
		machine_run(m, fn, NULL, msg, sizeof(msg));
		machine_destroy(m);
		_exit(0);
	}
	assert_int_equal(waitpid(pid, &status, 0), pid);
	return status;
}

static void stack_access_stops(void **state)
{
	int status = run_in_child(touch_own_stack);

	(void)state;
	assert_true(WIFSIGNALED(status));
	assert_int_equal(WTERMSIG(status), SIGABRT);
}

/*
 * A frame larger than the stack: its lowest bytes land in the red zone
 * below it (coro_create()), which AddressSanitizer has poisoned and the
 * plain build checks when the run ends.
 */
static void overflow_own_stack(unsigned int cpu, void *arg)
{
	volatile char frame[40 << 10];

	(void)arg;
	frame[0] = (char)(cpu + 1);
	frame[sizeof(frame) - 1] = frame[0];
}

static void stack_overflow_stops(void **state)
{
	int status = run_in_child(overflow_own_stack);

	(void)state;
#ifdef TEST_SANITIZED
	/* the sanitizer reports the write and exits, or aborts */
	assert_true(WIFSIGNALED(status) ||
		    (WIFEXITED(status) && WEXITSTATUS(status)));
#else
	assert_true(WIFSIGNALED(status));
	assert_int_equal(WTERMSIG(status), SIGABRT);
#endif
}

static char *local_of[2][NCPUS];

static void note_local(unsigned int cpu, void *arg)
{
	char **seen = arg;
	char *p = machine_cpu_local();

	seen[cpu] = p;
	machine_access(p, ACCESS_WRITE);
	machine_access(p + MACHINE_CPU_LOCAL - 1, ACCESS_WRITE);
	*p = 1;
}

static void cpu_local_lines(void **state)
{
	struct machine *m = test_machine(PROFILE, NCPUS);
	struct machine_stats s;

	(void)state;
	for (unsigned int run = 0; run < 2; run++)
		test_machine_run(m, note_local, local_of[run]);
	machine_stats_sum(m, &s);
	for (unsigned int cpu = 0; cpu < NCPUS; cpu++) {
		assert_int_equal((uintptr_t)local_of[0][cpu] % 64, 0);
		/* the same bytes on every run of the machine */
		assert_ptr_equal(local_of[0][cpu], local_of[1][cpu]);
	}
	assert_int_equal(local_of[0][1] - local_of[0][0], MACHINE_CPU_LOCAL);
	/* each CPU's lines its own: no transfer; its two lines missed once */
	assert_int_equal(s.transfers, 0);
	assert_int_equal(s.mem_misses, 2 * NCPUS);
	/* outside a run, the calling thread's own */
	assert_non_null(machine_cpu_local());
	assert_ptr_not_equal(machine_cpu_local(), local_of[0][0]);
	machine_destroy(m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(stack_access_stops),
		cmocka_unit_test(stack_overflow_stops),
		cmocka_unit_test(cpu_local_lines),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
