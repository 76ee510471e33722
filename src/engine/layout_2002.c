// SPDX-License-Identifier: GPL-2.0
/*
 * --layout 2002: the address space of a process of akpm's daniel.sh runs,
 * a shell on glibc 2.2.5 under 2.4 on i386.  The vmas, their virtual
 * addresses and mapped sizes are those of a process on that system as
 * posted: /bin/cat, ld-2.2.5.so and libc-2.2.5.so with their data and
 * bss, and the stack (Ingo Molnar, "[Announcement] \"Exec Shield\", new
 * Linux security feature", linux-kernel, 2 May 2003,
 * <Pine.LNX.4.44.0305021217090.17548-100000@devserv.devel.redhat.com>,
 * "the memory layout without exec-shield"), with bash's text in cat's
 * place (08048000-080bc000, Documentation/filesystems/proc.txt's smaps
 * example).  Between the vmas the address space has holes, so each group
 * sits in its own i386 page table page (1024 ptes, no PAE): the program
 * at 0x08048000, the libraries from 0x40000000, the stack below
 * 0xc0000000.
 *
 * Which ptes are present: the process's --pages (--file-frac of them
 * file pages) are spread over the file vmas in proportion to their mapped
 * sizes, each vma's from its start (a choice, not a measurement: no
 * posting gives a 2002 shell's resident pages per vma); the bss vmas and
 * the stack are present whole, the heap takes the anonymous pages left.
 * A file page's index is its offset in its own file, so the first pages
 * of bash, ld.so and libc hash to the same rmap lock.
 */
#include "layout.h"
#include "world.h"

/* One vma of the layout; addresses and sizes in pages. */
struct era_vma {
	unsigned long addr, pages;
	int file;	      /* 0 bash, 1 ld.so, 2 libc; -1 anonymous */
	unsigned long offset; /* in its file */
};

enum { HEAP = 2, ERA_FILES = 3 };

static const struct era_vma era[] = {
	{ 0x08048, 116, 0, 0 }, /* bash text */
	{ 0x080bc, 1, 0, 116 }, /* bash data (one page, as cat's) */
	{ 0x080bd, 0, -1, 0 },	/* bss and heap: the anonymous rest */
	{ 0x40000, 18, 1, 0 },	/* ld-2.2.5.so text */
	{ 0x40012, 1, 1, 17 },	/* ld-2.2.5.so data */
	{ 0x40013, 1, -1, 0 },	/* ld.so bss */
	{ 0x40018, 273, 2, 0 }, /* libc-2.2.5.so text */
	{ 0x40129, 6, 2, 273 }, /* libc-2.2.5.so data */
	{ 0x4012f, 4, -1, 0 },	/* libc bss */
	{ 0xbffff, 1, -1, 0 },	/* the stack */
};

#define NR_ERA ((unsigned int)(sizeof(era) / sizeof(era[0])))

void layout_2002(struct vma_layout *l)
{
	l->file_vmas = l->anon_vmas = 0;
	for (unsigned int i = 0; i < NR_ERA; i++) {
		if (era[i].file >= 0)
			l->file_vmas++;
		else
			l->anon_vmas++;
	}
	l->files = ERA_FILES;
}

/* Mapped file pages, and anonymous pages of fixed size (not the heap). */
static void era_totals(unsigned long *file, unsigned long *fixed)
{
	*file = *fixed = 0;
	for (unsigned int i = 0; i < NR_ERA; i++)
		*(era[i].file >= 0 ? file : fixed) += era[i].pages;
}

/*
 * The present ptes of era[i]: a file vma's share of nr_file in proportion
 * to its mapped size (the remainder to the last), an anonymous one whole
 * but the heap, which takes what nr_anon leaves.
 */
static unsigned long era_present(unsigned int i, unsigned long nr_file,
				 unsigned long nr_anon, unsigned long *left)
{
	unsigned long file, fixed, n;

	era_totals(&file, &fixed);
	if (era[i].file >= 0) {
		bool last = true;

		for (unsigned int j = i + 1; j < NR_ERA; j++)
			last &= era[j].file < 0;
		n = last ? *left : nr_file * era[i].pages / file;
	} else if (i == HEAP) {
		n = nr_anon > fixed ? nr_anon - fixed : 0;
	} else {
		n = era[i].pages;
	}
	n = n < *left ? n : *left;
	*left -= n;
	return n;
}

/*
 * The k-th vma in page table order (the file vmas first, over the shared
 * file's pages [0, nr_file), then the anonymous ones, as the world maps a
 * process): its ptes, its virtual page and its file (-1: anonymous); and
 * the file pages' indexes, their offsets in their own files.
 */
void layout_2002_vma(struct world *w, unsigned int k, unsigned long *start,
		     unsigned long *end, unsigned long *addr, int *file)
{
	unsigned long fleft = w->nr_file, aleft = w->nr_anon;
	unsigned long fpos = 0, apos = w->nr_file;

	for (int pass = 0; pass < 2; pass++) {
		for (unsigned int i = 0; i < NR_ERA; i++) {
			bool is_file = era[i].file >= 0;
			unsigned long n;

			if (is_file != !pass)
				continue;
			n = era_present(i, w->nr_file, w->nr_anon,
					is_file ? &fleft : &aleft);
			if (!k--) {
				*start = is_file ? fpos : apos;
				*end = *start + n;
				*addr = era[i].addr;
				*file = era[i].file;
				for (unsigned long j = 0; is_file && j < n; j++)
					atomic_store(&w->pool[fpos + j].index,
						     era[i].offset + j);
				return;
			}
			*(is_file ? &fpos : &apos) += n;
		}
	}
}
