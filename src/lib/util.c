// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <time.h>
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
