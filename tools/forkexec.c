// SPDX-License-Identifier: GPL-2.0
/*
 * rmapbench-forkexec: this host's own fork() + execve() + exit of a small
 * dynamically linked program, the loop each of doexec's workers runs
 * (http://apollo.backplane.com/DFlyMisc/doexec.c, linked by commit
 * 3577dbb19241's posting and by the June 2026 RFC), for `rmapbench truth
 * --exec`.  It is built `cc -O2` with no library but libc, as doexec is
 * for "shared-doexec" (3577dbb19241's posting), so the process that forks
 * and the image it execs are each a program, ld.so and libc: the process
 * the model's --process doexec stands for.  No rmapbench code is linked
 * in: a library more would be more vmas to fork, map and tear down.
 *
 *	rmapbench-forkexec		exits at once: the exec'd image
 *	rmapbench-forkexec exec TRIES	forks TRIES children, each execing
 *					this program, and waits for each
 *	rmapbench-forkexec fork TRIES	the same with _exit() for exec
 *
 * Prints each try's fork to waitpid() in ns, one a line, after three
 * untimed tries that warm the page cache and the allocators.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define WARMUP 3

static long long now_ns(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec * 1000000000LL + t.tv_nsec;
}

/* One fork, exec (or not) and exit, waited for: its ns, or -1. */
static long long one(char *self, int exec)
{
	char *argv[] = { self, NULL };
	long long t0 = now_ns();
	pid_t pid = fork();
	int status;

	if (pid == 0) {
		if (exec)
			execv(self, argv);
		_exit(exec ? 127 : 0);
	}
	if (pid < 0)
		return -1;
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return -1;
	if (!WIFEXITED(status) || WEXITSTATUS(status))
		return -1;
	return now_ns() - t0;
}

int main(int argc, char **argv)
{
	char self[4096];
	ssize_t n;
	long tries;
	int exec;

	if (argc < 2)
		return 0;
	exec = !strcmp(argv[1], "exec");
	tries = argc == 3 ? strtol(argv[2], NULL, 10) : 0;
	if ((!exec && strcmp(argv[1], "fork")) || tries < 1) {
		fputs("usage: rmapbench-forkexec [exec|fork TRIES]\n", stderr);
		return 2;
	}
	n = readlink("/proc/self/exe", self, sizeof(self) - 1);
	if (n <= 0) {
		perror("rmapbench-forkexec: /proc/self/exe");
		return 1;
	}
	self[n] = '\0';
	for (long i = -WARMUP; i < tries; i++) {
		long long t;

		/* nothing buffered for a child to inherit */
		fflush(stdout);
		t = one(self, exec);
		if (t < 0) {
			fprintf(stderr, "rmapbench-forkexec: %s failed: %s\n",
				exec ? "fork+exec" : "fork", strerror(errno));
			return 1;
		}
		if (i >= 0)
			printf("%lld\n", t);
	}
	return fflush(stdout) ? 1 : 0;
}
