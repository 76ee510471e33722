// SPDX-License-Identifier: GPL-2.0
/*
 * Real fork() + _exit() of processes mapping many vmas of one file, one
 * forker or many at once (forktruth.h).  Each forker is a process of its
 * own, forked from this one before any thread exists, so each has its own
 * mm and its vmas of the file sit in the file's one i_mmap tree: the
 * forkers meet at its i_mmap_rwsem as doexec's processes do.
 */
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>
#include "forktruth.h"
#include "lib/util.h"

#define PAGE 4096UL
#define WARMUP 3

/* What the forkers share with their parent. */
struct truth_shared {
	atomic_int ready, go, bad;
	double ns[];
};

static long count_vmas(void)
{
	FILE *f = fopen("/proc/self/maps", "r");
	long n = 0;
	int c;

	if (!f)
		return -1;
	while ((c = getc(f)) != EOF)
		n += c == '\n';
	fclose(f);
	return n;
}

/* vmas vmas of fd: PROT_READ and PROT_NONE pages in turn. */
static int map_vmas(int fd, unsigned long vmas)
{
	long before = count_vmas(), after;
	char *p;

	if (!vmas)
		return 0;
	p = mmap(NULL, vmas * PAGE, PROT_READ, MAP_PRIVATE, fd, 0);
	if (p == MAP_FAILED)
		return -1;
	for (unsigned long i = 1; i < vmas; i += 2)
		if (mprotect(p + i * PAGE, PAGE, PROT_NONE))
			return -1;
	after = count_vmas();
	/* the mapping may extend a neighbour on either side, no more */
	return after - before < (long)vmas - 2 ? -1 : 0;
}

static _Noreturn void forker(struct truth_shared *sh, unsigned int me, int fd,
			     unsigned long vmas, unsigned int tries)
{
	unsigned int spins = 0;

	if (map_vmas(fd, vmas)) {
		atomic_store(&sh->bad, 1);
		atomic_fetch_add(&sh->ready, 1);
		_exit(1);
	}
	atomic_fetch_add(&sh->ready, 1);
	while (!atomic_load(&sh->go))
		if (++spins % 64 == 0)
			sched_yield();
	for (unsigned int i = 0; i < WARMUP; i++)
		fork_exit_ns();
	for (unsigned int i = 0; i < tries; i++) {
		double t = fork_exit_ns();

		if (t < 0) {
			atomic_store(&sh->bad, 2);
			_exit(1);
		}
		sh->ns[(size_t)me * tries + i] = t;
	}
	_exit(0);
}

int fork_truth_file(unsigned long pages, char *msg, size_t len)
{
	const char *dir = getenv("TMPDIR");
	char path[4096];
	int fd;

	snprintf(path, sizeof(path), "%s/rmapbench-truth-XXXXXX",
		 dir && *dir ? dir : "/tmp");
	fd = mkstemp(path);
	if (fd < 0) {
		snprintf(msg, len, "truth: cannot make a file in %s: %s",
			 dir && *dir ? dir : "/tmp", strerror(errno));
		return -1;
	}
	unlink(path);
	if (ftruncate(fd, (off_t)((pages ? pages : 1) * PAGE))) {
		snprintf(msg, len, "truth: cannot size the file: %s",
			 strerror(errno));
		close(fd);
		return -1;
	}
	return fd;
}

int fork_truth_measure(int fd, unsigned long vmas, unsigned int forkers,
		       unsigned int tries, double *ns, char *msg, size_t len)
{
	size_t size = sizeof(struct truth_shared) +
		      (size_t)forkers * tries * sizeof(double);
	struct truth_shared *sh = mmap(NULL, size, PROT_READ | PROT_WRITE,
				       MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	unsigned int started = 0, failed = 0;
	pid_t *pid = calloc(forkers, sizeof(*pid));
	int ret = -1;

	if (sh == MAP_FAILED || !pid)
		die_oom("the truth forkers");
	fflush(NULL);
	for (; started < forkers; started++) {
		pid[started] = fork();
		if (pid[started] == 0)
			forker(sh, started, fd, vmas, tries);
		if (pid[started] < 0)
			break;
	}
	while (started == forkers && atomic_load(&sh->ready) < (int)forkers &&
	       !atomic_load(&sh->bad))
		usleep(1000);
	atomic_store(&sh->go, 1);
	for (unsigned int i = 0; i < started; i++) {
		int status;

		if (started < forkers || atomic_load(&sh->bad))
			kill(pid[i], SIGKILL);
		while (waitpid(pid[i], &status, 0) < 0 && errno == EINTR)
			;
		failed += !WIFEXITED(status) || WEXITSTATUS(status);
	}
	if (started < forkers)
		snprintf(msg, len, "truth: cannot fork %u forkers: %s", forkers,
			 strerror(errno));
	else if (atomic_load(&sh->bad) == 1)
		snprintf(
			msg, len,
			"truth: a forker could not map %lu vmas of one file (vm.max_map_count?)",
			vmas);
	else if (failed)
		snprintf(msg, len, "truth: %u of %u forkers failed to fork",
			 failed, forkers);
	else {
		memcpy(ns, sh->ns, (size_t)forkers * tries * sizeof(double));
		ret = 0;
	}
	munmap(sh, size);
	free(pid);
	return ret;
}
