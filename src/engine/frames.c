// SPDX-License-Identifier: GPL-2.0
/*
 * --footprint pages: what the rest of a 2.4 process does to the caches
 * with its pages, from the kernel it runs (2.4.19, mm/memory.c,
 * kernel/fork.c, fs/exec.c, include/asm-i386/pgalloc.h):
 *
 *  - do_wp_page() copies the old page into a new one, outside
 *    page_table_lock, before break_cow() maps it (copy_cow_page(),
 *    copy_user_highpage(): copy_page(), a PAGE_SIZE memcpy() on i386
 *    without 3DNow!): every line of the old frame read, of the new written;
 *  - do_anonymous_page() clears a write fault's new page
 *    (clear_user_highpage(): clear_page(), a PAGE_SIZE memset());
 *  - every new mm, fork's (copy_mm()) and exec's (exec_mmap()), gets a pgd
 *    from pgd_alloc(): get_pgd_fast() finds no page on the quicklist,
 *    because pgd_free() is free_pgd_slow() (the page goes back to the page
 *    allocator), so get_pgd_slow() takes a page, memset()s the 768 user
 *    entries and memcpy()s the 256 kernel ones from swapper_pg_dir.
 *
 * Left out, each for its reason: pte pages come off the per-CPU
 * pte_quicklist already clear (pte_alloc_one_fast() restores the one word
 * the list used), and the simulated page tables are lines already; the
 * task_struct, mm, vmas and signal handlers come from the slab's per-CPU
 * caches, a few KiB a process beside its pages; the image's file pages are
 * the page cache's, shared by every exec, and how much of each a program
 * reads is not known.  The frames are the world's own pages (a family's
 * spares and images, each mm slot's pgd), not pages off the allocator's
 * free lists: which page a fault gets is the simulation's, not the
 * buddy allocator's.
 *
 * The time this takes is the rest of a process's (other_ns): it is part
 * of the CPU time --other-work baseline-2002 takes from akpm's figures,
 * and the baseline's probe subtracts what it charged (otherwork.c).
 */
#include <stdlib.h>
#include <sys/mman.h>
#include "frames.h"
#include "machine/machine.h"
#include "model/page.h"

#define FRAME_SIZE (1UL << PAGE_SHIFT)
/* i386 without PAE: 1024 pgd entries of 4 bytes, 768 of them user space */
#define PGD_USER_BYTES (768 * 4)

/*
 * A CPU's frames: the world's pages, then a pgd for each child slot of
 * each family that forks, then swapper_pg_dir, all CPUs' the same; with
 * --footprint fresh, after them a ring of the CPU's own, twice its cache,
 * where every page written goes, so that each is a frame its LRU cache
 * dropped long ago.
 */
struct frames {
	char *base;
	unsigned long ring, ring_frames; /* fresh: its ring; 0: none */
	unsigned long next;		 /* fresh: the ring's next frame */
};

static unsigned long nr_shared(const struct world *w)
{
	return w->nr_pages + (unsigned long)w->cfg.loops * w->cfg.children + 1;
}

static unsigned long ring_frames(const struct config *cfg)
{
	const struct machine_profile *p = cfg->machine;

	if (cfg->other_work.footprint != FOOTPRINT_FRESH)
		return 0;
	if (!p)
		return 1024;
	return 2 * p->cache_lines * p->line_size / FRAME_SIZE + 1;
}

static size_t frames_size(const struct world *w)
{
	return (nr_shared(w) + w->cfg.threads * ring_frames(&w->cfg)) *
	       FRAME_SIZE;
}

int frames_init(struct round *r)
{
	const struct config *cfg = &r->world->cfg;
	unsigned long ring = ring_frames(cfg);
	struct frames *f;
	char *base;

	if (r->clock != ROUND_VIRTUAL ||
	    (cfg->other_work.footprint != FOOTPRINT_PAGES && !ring))
		return 0;
	f = calloc(cfg->threads, sizeof(*f));
	if (!f)
		return -1;
	base = mmap(NULL, frames_size(r->world), PROT_NONE,
		    MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (base == MAP_FAILED) {
		free(f);
		return -1;
	}
	for (unsigned int t = 0; t < cfg->threads; t++) {
		f[t] = (struct frames){ base, nr_shared(r->world) + t * ring,
					ring, 0 };
		round_cpu(r, t)->frames = &f[t];
	}
	return 0;
}

/* CPU 0's struct frames is the start of every CPU's. */
void frames_destroy(struct round *r)
{
	struct frames *f;

	if (r->clock != ROUND_VIRTUAL || !r->cpus || !round_cpu(r, 0)->frames)
		return;
	f = round_cpu(r, 0)->frames;
	munmap(f->base, frames_size(r->world));
	for (unsigned int t = 0; t < r->world->cfg.threads; t++)
		round_cpu(r, t)->frames = NULL;
	free(f);
}

static const char *frame(const struct round_cpu *d, unsigned long n)
{
	return d->frames->base + n * FRAME_SIZE;
}

/* Where a page written to frame n goes: there, or (fresh) the ring's. */
static const char *written(struct round_cpu *d, unsigned long n)
{
	struct frames *f = d->frames;

	if (!f->ring_frames)
		return frame(d, n);
	n = f->ring + f->next;
	f->next = (f->next + 1) % f->ring_frames;
	return frame(d, n);
}

static unsigned long pgd_frame(const struct world *w, unsigned long f,
			       unsigned int c)
{
	return w->nr_pages + f * w->cfg.children + c;
}

/*
 * bytes from each of from (read; NULL: none) and to (written), a line at
 * a time, as rep movsl and rep stosl go: each line read, then written.
 */
static void touch(const char *from, const char *to, unsigned long bytes)
{
	unsigned int step = machine_running_profile()->line_size;

	for (unsigned long off = 0; off < bytes; off += step) {
		if (from)
			machine_access(from + off, ACCESS_READ);
		machine_access(to + off, ACCESS_WRITE);
	}
}

/* Charges the time since t0 to the rest of a measured process. */
static uint64_t charge(struct round_cpu *d, uint64_t t0, bool measured)
{
	uint64_t spent = machine_now() - t0;

	if (measured)
		d->other_t += spent;
	return spent;
}

uint64_t frames_cow(struct round_cpu *d, struct mm_struct *mm, unsigned long nr,
		    const unsigned long *spare, bool measured)
{
	pte_t *ptep = mm->pgd + mm->anon_start;
	uint64_t t0 = machine_now();

	for (unsigned long i = 0; i < nr; i++)
		touch(frame(d, pte_pfn(ptep_get(ptep + i))),
		      written(d, spare[i]), FRAME_SIZE);
	return charge(d, t0, measured);
}

static void new_pgd(struct round_cpu *d, unsigned long f, unsigned int c)
{
	const struct world *w = d->round->world;
	const char *pgd = written(d, pgd_frame(w, f, c));

	touch(NULL, pgd, PGD_USER_BYTES);
	touch(frame(d, nr_shared(w) - 1) + PGD_USER_BYTES, pgd + PGD_USER_BYTES,
	      FRAME_SIZE - PGD_USER_BYTES);
}

uint64_t frames_new_mm(struct round_cpu *d, unsigned long f, unsigned int c,
		       bool measured)
{
	uint64_t t0 = machine_now();

	new_pgd(d, f, c);
	return charge(d, t0, measured);
}

uint64_t frames_exec(struct round_cpu *d, unsigned long f, unsigned int c,
		     bool measured)
{
	const struct world *w = d->round->world;
	unsigned long pfn = world_image_pfn(w, f, c);
	uint64_t t0 = machine_now();

	new_pgd(d, f, c);
	for (unsigned long i = 0; i < w->image_anon; i++)
		touch(NULL, written(d, pfn + i), FRAME_SIZE);
	return charge(d, t0, measured);
}
