/* SPDX-License-Identifier: GPL-2.0 */
#ifndef RMAPBENCH_FRAMES_H
#define RMAPBENCH_FRAMES_H

/*
 * --footprint pages: the page frames behind the world's pages, so that the
 * page copying and clearing of a process's rest touch lines of the
 * modelled caches and evict what rmap touches next, as on a 2002 PIII.
 * The frames are an address range no one reads or writes: the modelled
 * caches key lines by address, and that is all a frame needs.
 */
#include <stdbool.h>
#include <stdint.h>
#include "round.h"

/* A CPU's view of the frames (frames.c). */
struct frames;

/*
 * Whether the round's processes touch their frames (--footprint pages);
 * on the wall clock the union holds the scratch memory instead.
 */
static inline bool frames_on(const struct round_cpu *d)
{
	return d->round->clock == ROUND_VIRTUAL && d->frames;
}

/*
 * Reserves the frames of a virtual round with --footprint pages and hands
 * them to its CPUs; 0, or -1 when the address space runs out.
 */
int frames_init(struct round *r);
void frames_destroy(struct round *r);

/*
 * Each returns the virtual time it took, which it charges to the rest of
 * the process (other_ns) when measured: the caller's phases leave it out.
 *
 * frames_cow(): before an mm's nr write faults on its first anonymous
 * ptes, do_wp_page()'s copy of each old page into spare[i], its new one.
 */
uint64_t frames_cow(struct round_cpu *d, struct mm_struct *mm, unsigned long nr,
		    const unsigned long *spare, bool measured);

/* A new mm of child c of family f (fork's): its pgd. */
uint64_t frames_new_mm(struct round_cpu *d, unsigned long f, unsigned int c,
		       bool measured);

/* exec's new image: a new mm's pgd, and do_anonymous_page()'s clears. */
uint64_t frames_exec(struct round_cpu *d, unsigned long f, unsigned int c,
		     bool measured);

#endif
