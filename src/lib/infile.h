/* SPDX-License-Identifier: GPL-2.0 */
#ifndef RMAPBENCH_INFILE_H
#define RMAPBENCH_INFILE_H

#include <stddef.h>
#include <stdio.h>

/*
 * Opens an input for reading, if it is a regular file of at most limit
 * bytes: a FIFO named as an input would block the command forever, and a
 * folder or device reads as nothing or as endless bytes.  The file is
 * opened O_NONBLOCK and its type checked on what was opened, not on the
 * name, so a file swapped in between cannot slip past.
 *
 * Returns the stream, or NULL with errno set (ENOENT: absent) and, for a
 * file that exists but is refused or cannot be opened, a one-line message
 * in msg ("PATH: not a regular file; HINT").  msg[0] is '\0' when the
 * file is absent, so that the caller can say what it expected there.
 */
FILE *infile_open(const char *path, size_t limit, const char *hint, char *msg,
		  size_t len);

/*
 * The rest of f, NUL-terminated, its length in *size (if size is not
 * NULL): at most limit bytes even if the file grows while it is read.
 * NULL on a read error (ferror(f)) or past limit.
 */
char *infile_read_all(FILE *f, size_t limit, size_t *size);

#endif
