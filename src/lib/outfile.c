// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "outfile.h"
#include "util.h"

/*
 * What a file is, whatever its name: a file by device and inode, an absent
 * one by its folder's device and inode and its name in that folder.
 */
struct file_id {
	dev_t dev;
	ino_t ino;
	char *name; /* absent: the name in the folder; else NULL */
	char *path; /* an output's path as claimed; inputs: NULL */
};

#define MAX_IDS 64
static struct file_id ids[MAX_IDS];
static size_t nr_ids;

void outfile_std_fds(void)
{
	/*
	 * Read-only on purpose: a closed stdout then fails its writes (and
	 * the command says so) instead of pouring them into the first file
	 * the command opens.
	 */
	for (int fd = 0; fd < 3; fd++)
		if (fcntl(fd, F_GETFD) < 0 && errno == EBADF &&
		    open("/dev/null", O_RDONLY) != fd)
			_exit(EXIT_USAGE);
}

void outfile_reset(void)
{
	for (size_t i = 0; i < nr_ids; i++) {
		free(ids[i].name);
		free(ids[i].path);
	}
	nr_ids = 0;
}

static void note(const struct stat *st, const char *name, const char *path)
{
	if (nr_ids == MAX_IDS)
		die(EXIT_USAGE, "more than %d files in one command", MAX_IDS);
	ids[nr_ids] = (struct file_id){ st->st_dev, st->st_ino, NULL, NULL };
	if ((name && !(ids[nr_ids].name = strdup(name))) ||
	    (path && !(ids[nr_ids].path = strdup(path))))
		die_oom("a file name");
	nr_ids++;
}

void outfile_input(const char *path)
{
	struct stat st;

	if (path && !stat(path, &st))
		note(&st, NULL, NULL);
}

static const struct file_id *find(const struct stat *st, const char *name)
{
	for (size_t i = 0; i < nr_ids; i++)
		if (ids[i].dev == st->st_dev && ids[i].ino == st->st_ino &&
		    !ids[i].name == !name &&
		    (!name || !strcmp(ids[i].name, name)))
			return &ids[i];
	return NULL;
}

static bool claimed(const char *path)
{
	for (size_t i = 0; i < nr_ids; i++)
		if (ids[i].path && !strcmp(ids[i].path, path))
			return true;
	return false;
}

/* An absent file: its folder must exist and take a new file. */
static int check_absent(const char *path, struct stat *dir, char **name,
			char *msg, size_t len)
{
	char *a = strdup(path), *b = strdup(path), *folder;
	int ret = 0;

	if (!a || !b)
		die_oom("a file name");
	/* dirname() may return a string of its own ("." for "m.csv"). */
	folder = dirname(a);
	if (stat(folder, dir) || access(folder, W_OK | X_OK))
		ret = usage_fail(msg, len, "cannot create %s: %s", path,
				 strerror(errno));
	else if (!(*name = strdup(basename(b))))
		die_oom("a file name");
	free(a);
	free(b);
	return ret;
}

/*
 * Whether path can be written as outfile_open() will write it: a file
 * made beside it and removed, and an existing file opened for writing.
 * access() says yes to root on a folder it cannot create in (/proc, a
 * read-only mount answers only sometimes), and a command that measures
 * first (calibrate) would learn it only at the end.
 */
static int probe(const char *path, bool exists, char *msg, size_t len)
{
	char *a = strdup(path), *b = strdup(path), *tmp;
	size_t n = strlen(path) + sizeof("./..XXXXXX");
	int fd, err = 0;

	tmp = malloc(n);
	if (!a || !b || !tmp)
		die_oom("a file name");
	snprintf(tmp, n, "%s/.%s.XXXXXX", dirname(a), basename(b));
	fd = mkstemp(tmp);
	if (fd < 0)
		err = errno;
	else {
		close(fd);
		unlink(tmp);
	}
	if (!err && exists) {
		fd = open(path, O_WRONLY | O_NOCTTY | O_NONBLOCK | O_NOFOLLOW |
					O_CLOEXEC);
		if (fd < 0)
			err = errno;
		else
			close(fd);
	}
	free(a);
	free(b);
	free(tmp);
	if (!err)
		return 0;
	return usage_fail(msg, len, "cannot create %s: %s", path,
			  strerror(err));
}

int outfile_claim(const char *path, unsigned int flags, char *msg, size_t len)
{
	const struct file_id *id;
	struct stat st;
	char *name = NULL;

	if (!path || !*path)
		return usage_fail(msg, len, "an output needs a file name");
	if (lstat(path, &st)) {
		if (errno != ENOENT)
			return usage_fail(msg, len, "cannot create %s: %m",
					  path);
		if (check_absent(path, &st, &name, msg, len))
			return EXIT_USAGE;
	} else if (!S_ISREG(st.st_mode)) {
		return usage_fail(
			msg, len,
			"%s is not a regular file (a symlink, device, FIFO or folder); name a new file",
			path);
	}
	id = find(&st, name);
	if (id) {
		free(name);
		return usage_fail(
			msg, len,
			id->path ?
				"%s is named twice as an output" :
				"%s is an input of this command; name another file",
			path);
	}
	if (!name && !(flags & OUT_FORCE))
		return usage_fail(
			msg, len,
			"%s exists; name a new file, or pass --force to replace it",
			path);
	if (probe(path, !name, msg, len)) {
		free(name);
		return EXIT_USAGE;
	}
	note(&st, name, path);
	free(name);
	return 0;
}

static ssize_t cookie_write(void *cookie, const char *data, size_t n)
{
	struct outfile *o = cookie;

	if (o->len + n > o->cap) {
		size_t cap = 2 * (o->len + n);
		char *buf = realloc(o->buf, cap);

		if (!buf) {
			o->nomem = true;
			errno = ENOMEM;
			return -1;
		}
		o->buf = buf;
		o->cap = cap;
	}
	memcpy(o->buf + o->len, data, n);
	o->len += n;
	return n;
}

static void open_stream(struct outfile *o)
{
	o->f = fopencookie(o, "w",
			   (cookie_io_functions_t){ .write = cookie_write });
	if (!o->f)
		die_oom("an output stream");
}

/* A temporary file beside the target, renamed over it at the end. */
static int open_whole(struct outfile *o)
{
	char *a = strdup(o->path), *b = strdup(o->path);
	/* dirname("m.csv") is ".": one byte more than the name gave. */
	size_t n = strlen(o->path) + sizeof("./..XXXXXX");

	o->tmp = malloc(n);
	if (!a || !b || !o->tmp)
		die_oom("a file name");
	snprintf(o->tmp, n, "%s/.%s.XXXXXX", dirname(a), basename(b));
	free(a);
	free(b);
	return mkstemp_public(o->tmp);
}

/*
 * An absent target is created exclusively, and an existing one opened
 * without following a symlink: a name swapped since the claim is refused.
 */
static int open_target(struct outfile *o)
{
	struct stat st;
	int fd = open(o->path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);

	o->created = fd >= 0;
	if (fd >= 0 || errno != EEXIST || !(o->flags & OUT_FORCE))
		return fd;
	fd = open(o->path, O_WRONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
	if (fd >= 0 && (fstat(fd, &st) || !S_ISREG(st.st_mode))) {
		close(fd);
		errno = EINVAL;
		return -1;
	}
	if (fd >= 0 && ftruncate(fd, 0)) {
		close(fd);
		return -1;
	}
	return fd;
}

int outfile_open(struct outfile *o, const char *path, unsigned int flags,
		 char *msg, size_t len)
{
	int ret;

	*o = (struct outfile){ .path = path, .fd = -1, .flags = flags };
	if (!claimed(path) && (ret = outfile_claim(path, flags, msg, len)))
		return ret;
	o->fd = flags & OUT_WHOLE ? open_whole(o) : open_target(o);
	if (o->fd < 0) {
		ret = usage_fail(msg, len, "cannot create %s: %m", path);
		free(o->tmp);
		o->tmp = NULL;
		return ret;
	}
	open_stream(o);
	return 0;
}

void outfile_stdout(struct outfile *o)
{
	off_t at = lseek(STDOUT_FILENO, 0, SEEK_CUR);

	fflush(stdout);
	*o = (struct outfile){ .path = "standard output",
			       .fd = STDOUT_FILENO,
			       .done = at < 0 ? 0 : at };
	open_stream(o);
}

static int write_all(int fd, const char *buf, size_t n)
{
	while (n) {
		ssize_t w = write(fd, buf, n);

		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0)
			return -1;
		buf += w;
		n -= w;
	}
	return 0;
}

static unsigned long count_lines(const char *buf, size_t n)
{
	unsigned long lines = 0;

	for (const char *p = buf; (p = memchr(p, '\n', buf + n - p)); p++)
		lines++;
	return lines;
}

int outfile_commit(struct outfile *o, char *msg, size_t len)
{
	int err;

	if (fflush(o->f) || o->nomem) {
		snprintf(msg, len, "out of memory writing %s", o->path);
		return 1;
	}
	if (!write_all(o->fd, o->buf, o->len)) {
		o->done += o->len;
		o->lines += count_lines(o->buf, o->len);
		o->len = 0;
		return 0;
	}
	err = errno;
	o->len = 0;
	if (o->tmp || ftruncate(o->fd, o->done))
		snprintf(msg, len, "write error on %s: %s", o->path,
			 strerror(err));
	else
		snprintf(
			msg, len,
			"write error on %s: %s; it was cut back to its %lu complete lines",
			o->path, strerror(err), o->lines);
	return 1;
}

/* The target must still be absent or a regular file to be replaced. */
static int rename_into_place(struct outfile *o, char *msg, size_t len)
{
	struct stat st;

	if (!lstat(o->path, &st) && !S_ISREG(st.st_mode)) {
		unlink(o->tmp);
		return usage_fail(
			msg, len,
			"%s became something other than a regular file; not replaced",
			o->path);
	}
	if (rename(o->tmp, o->path)) {
		snprintf(msg, len, "cannot write %s: %m", o->path);
		unlink(o->tmp);
		return 1;
	}
	return 0;
}

int outfile_close(struct outfile *o, char *msg, size_t len)
{
	int ret = outfile_commit(o, msg, len);

	fclose(o->f);
	free(o->buf);
	if (!ret && o->tmp && fsync(o->fd)) {
		snprintf(msg, len, "cannot write %s: %m", o->path);
		ret = 1;
	}
	if (o->fd != STDOUT_FILENO && close(o->fd) && !ret) {
		snprintf(msg, len, "write error on %s: %m", o->path);
		ret = 1;
	}
	if (o->tmp) {
		if (ret)
			unlink(o->tmp);
		else
			ret = rename_into_place(o, msg, len);
		free(o->tmp);
	}
	*o = (struct outfile){ .fd = -1 };
	return ret;
}

void outfile_discard(struct outfile *o)
{
	if (!o->f)
		return;
	fclose(o->f);
	free(o->buf);
	if (o->fd != STDOUT_FILENO)
		close(o->fd);
	if (o->tmp)
		unlink(o->tmp);
	else if (o->created)
		unlink(o->path);
	free(o->tmp);
	*o = (struct outfile){ .fd = -1 };
}
