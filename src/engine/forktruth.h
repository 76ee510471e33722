/* SPDX-License-Identifier: GPL-2.0 */
#ifndef RMAPBENCH_FORKTRUTH_H
#define RMAPBENCH_FORKTRUTH_H

#include <stddef.h>

/*
 * The host kernel as ground truth for today's fork path: processes that
 * each map the same file as `vmas` vmas (one mapping of vmas pages whose
 * every other page is mprotect()ed to PROT_NONE, so that the kernel keeps
 * each page its own vma; all are file vmas, none has an anon_vma, so fork
 * copies no pte: what it pays per vma is dup_mmap()'s and exit's), each
 * timing `tries` real fork() + _exit() + waitpid(), all `forkers` of them
 * at once.  fd is the file.  ns gets forkers * tries times.  Returns 0,
 * or -1 with msg set (a worker could not map, fork, or the kernel merged
 * the vmas).
 */
int fork_truth_measure(int fd, unsigned long vmas, unsigned int forkers,
		       unsigned int tries, double *ns, char *msg, size_t len);

/* The file the vmas map: vmas pages in TMPDIR (or /tmp), unlinked. */
int fork_truth_file(unsigned long pages, char *msg, size_t len);

#endif
