// SPDX-License-Identifier: GPL-2.0
/*
 * Every input a command reads goes through infile_open(): one place that
 * refuses what is not a regular file before anything reads from it.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "infile.h"
#include "util.h"

__attribute__((format(printf, 5, 6))) static FILE *
refuse(int fd, int err, char *msg, size_t len, const char *fmt, ...)
{
	va_list ap;

	close(fd);
	va_start(ap, fmt);
	vsnprintf(msg, len, fmt, ap);
	va_end(ap);
	errno = err;
	return NULL;
}

FILE *infile_open(const char *path, size_t limit, const char *hint, char *msg,
		  size_t len)
{
	int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	struct stat st;
	FILE *f;

	msg[0] = '\0';
	if (fd < 0) {
		int err = errno;

		if (err != ENOENT)
			snprintf(msg, len, "%s: cannot open: %s", path,
				 strerror(err));
		errno = err;
		return NULL;
	}
	if (fstat(fd, &st))
		return refuse(fd, errno, msg, len, "%s: cannot stat: %s", path,
			      strerror(errno));
	if (!S_ISREG(st.st_mode))
		return refuse(fd, EINVAL, msg, len,
			      "%s: not a regular file (a %s); %s", path,
			      S_ISDIR(st.st_mode)  ? "folder" :
			      S_ISFIFO(st.st_mode) ? "FIFO" :
			      S_ISSOCK(st.st_mode) ? "socket" :
						     "device",
			      hint);
	if ((unsigned long long)st.st_size > limit)
		return refuse(
			fd, EFBIG, msg, len,
			"%s: larger than %zu bytes; is it really a file rmapbench wrote?",
			path, limit);
	if (fcntl(fd, F_SETFL, 0) || !(f = fdopen(fd, "r")))
		return refuse(fd, errno, msg, len, "%s: cannot read: %s", path,
			      strerror(errno));
	return f;
}

char *infile_read_all(FILE *f, size_t limit, size_t *size)
{
	size_t n = 0, cap = 4096, got;
	char *buf = malloc(cap);

	if (!buf)
		die_oom("a file");
	do {
		if (cap - n < 2) {
			char *b = realloc(buf, cap *= 2);

			if (!b)
				die_oom("a file");
			buf = b;
		}
		got = fread(buf + n, 1, cap - n - 1, f);
		n += got;
	} while (got && n <= limit);
	if (ferror(f) || n > limit) {
		free(buf);
		return NULL;
	}
	buf[n] = '\0';
	if (size)
		*size = n;
	return buf;
}
