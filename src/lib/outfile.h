/* SPDX-License-Identifier: GPL-2.0 */
#ifndef RMAPBENCH_OUTFILE_H
#define RMAPBENCH_OUTFILE_H

#include <stdbool.h>
#include <stdio.h>
#include <sys/types.h>

/*
 * Every file rmapbench writes goes through here, so that every command
 * keeps the same promises:
 *
 *  - the target is a regular file or absent: a symlink, device node, FIFO
 *    or folder is refused, never replaced or written through;
 *  - an input of the same command is never overwritten, however its name
 *    is spelled (files are compared by device and inode, absent ones by
 *    their folder's device and inode and their name), nor is one output
 *    named twice;
 *  - an existing file is replaced only with OUT_FORCE (the --force option);
 *  - rows are written whole: what the caller prints into o->f is held
 *    until outfile_commit(), which writes it at once, and after a failed
 *    write (ENOSPC, EFBIG) truncates the file back to its last complete
 *    row and says so.
 *
 * A refusal returns EXIT_USAGE with one line in msg and creates nothing; a
 * failed write returns 1.  A command first names the files it reads with
 * outfile_input(), then checks every output with outfile_claim() before
 * it creates any of them.
 */
enum {
	OUT_FORCE = 1, /* may replace an existing regular file */
	OUT_WHOLE = 2, /* temporary file renamed into place: all or nothing */
};

struct outfile {
	const char *path; /* as the user wrote it, for messages */
	FILE *f;	  /* print here; outfile_commit() writes it */
	int fd;
	unsigned int flags;
	char *tmp;	     /* OUT_WHOLE: the temporary file */
	bool created;	     /* the target did not exist before */
	off_t done;	     /* where the last complete row ends */
	unsigned long lines; /* complete lines written */
	char *buf;	     /* printed since the last commit */
	size_t len, cap;
	bool nomem;
};

/* Opens /dev/null on each of descriptors 0-2 that is closed. */
void outfile_std_fds(void);
/* A new command: forgets the inputs and outputs noted so far. */
void outfile_reset(void);
/* Notes a file the command reads, which no output may replace. */
void outfile_input(const char *path);
/* Checks that path may be written with flags, and notes it as an output. */
int outfile_claim(const char *path, unsigned int flags, char *msg, size_t len);

/* Claims path (unless claimed) and creates it or its temporary file. */
int outfile_open(struct outfile *o, const char *path, unsigned int flags,
		 char *msg, size_t len);
/* Standard output, written row by row like a file. */
void outfile_stdout(struct outfile *o);
/* Writes what was printed since the last commit; 0 or 1. */
int outfile_commit(struct outfile *o, char *msg, size_t len);
/* Commits, closes and (OUT_WHOLE) renames into place; 0 or 1. */
int outfile_close(struct outfile *o, char *msg, size_t len);
/* Abandons the file: removes the temporary, or the target it created. */
void outfile_discard(struct outfile *o);

#endif
