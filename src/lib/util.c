// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "util.h"

void die(int status, const char *fmt, ...)
{
	va_list ap;

	fputs("rmapbench: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(status);
}

int usage_fail(char *msg, size_t len, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, len, fmt, ap);
	va_end(ap);
	return EXIT_USAGE;
}

void die_oom(const char *what)
{
	die(1,
	    "out of memory allocating %s; lower --pages, --loops or --children",
	    what);
}

void *calloc_pages(size_t n, size_t size)
{
	const size_t page = 4096;
	size_t bytes;
	void *p;

	if (size && n > SIZE_MAX / size - page)
		return NULL;
	bytes = (n * size + page - 1) & ~(page - 1);
	p = aligned_alloc(page, bytes ? bytes : page);
	if (p)
		memset(p, 0, bytes ? bytes : page);
	return p;
}

int mkstemp_public(char *tmpl)
{
	mode_t mask = umask(0);
	int fd;

	umask(mask);
	fd = mkstemp(tmpl);
	if (fd >= 0)
		fchmod(fd, 0666 & ~mask);
	return fd;
}

uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + ts.tv_nsec;
}

void sleep_ns(uint64_t ns)
{
	struct timespec ts = { .tv_sec = ns / 1000000000u,
			       .tv_nsec = ns % 1000000000u };

	while (nanosleep(&ts, &ts) && errno == EINTR)
		;
}

double fork_exit_ns(void)
{
	uint64_t t0 = now_ns();
	pid_t pid = fork();
	int status;

	if (pid == 0)
		_exit(0);
	if (pid < 0)
		return -1;
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	return (double)(now_ns() - t0);
}

void data_dir(const char *env, const char *name, char *buf, size_t len)
{
	const char *val = getenv(env);
	char exe[4096], *slash;
	ssize_t n;

	if (val && *val) {
		snprintf(buf, len, "%s", val);
		return;
	}
	n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	if (n > 0) {
		exe[n] = '\0';
		slash = strrchr(exe, '/');
		if (slash) {
			*slash = '\0';
			snprintf(buf, len, "%s/../%s", exe, name);
			if (!access(buf, R_OK))
				return;
		}
	}
	snprintf(buf, len, "%s", name);
}

size_t layout_skew(void)
{
	const char *s = getenv("RMAPBENCH_LAYOUT_SKEW");
	char *end;
	unsigned long n;

	if (!s || !*s)
		return 0;
	n = strtoul(s, &end, 10);
	if (*end || n >= 65536 || n % 16)
		die(EXIT_USAGE,
		    "RMAPBENCH_LAYOUT_SKEW=%s: a multiple of 16 bytes below 65536",
		    s);
	return n;
}
