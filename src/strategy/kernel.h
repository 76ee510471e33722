/* SPDX-License-Identifier: GPL-2.0 */
#ifndef RMAPBENCH_KERNEL_H
#define RMAPBENCH_KERNEL_H

/*
 * Named kernel configurations (--kernel NAME): a lock design stays a
 * strategy; an era is a strategy plus the knobs of that kernel, written as
 * the options of `rmapbench run` that set them, with its source.  The
 * engine applies the options to every point that names the era, after the
 * sweep's own, so an era is exactly what its options say.
 */
struct kernel_config {
	const char *name;
	const char *options; /* "--strategy pagebit --nrpte 1 ..." */
	const char *what;    /* one line */
	const char *source;  /* list, subject and date; or version and file */
	const char *baseline; /* the era's kernel without rmap, or NULL */
};

/* kernels[0] is "custom": the strategy and knobs as given. */
extern const struct kernel_config kernels[];
extern const unsigned int nr_kernels;
/* Their names, NULL-terminated, for the option table's choice. */
extern const char *const kernel_names[];

/* The index of the configuration named name in kernels[], or -1. */
int kernel_find(const char *name);

#endif
