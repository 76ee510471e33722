// SPDX-License-Identifier: GPL-2.0
/*
 * The vmas of every simulated process.  File vmas come first, file by
 * file (a library's text, rodata, relro and data sit next to each other),
 * over the shared file pages; then the anonymous vmas over the family's
 * private pages.  Page tables and pages stay as the world made them: the
 * vmas only say which object each range of ptes belongs to.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include "layout.h"
#include "lib/numa.h"
#include "world.h"

static unsigned int clamp_vmas(double want, unsigned long pages,
			       unsigned int max)
{
	unsigned int n;

	if (!pages)
		return 0;
	n = want < 1 ? 1 : (unsigned int)want;
	if (n > max)
		n = max;
	return n > pages ? pages : n;
}

void vma_layout(const struct config *cfg, struct vma_layout *l)
{
	unsigned long file = config_file_pages(cfg),
		      anon = config_anon_pages(cfg);
	unsigned int vmas = cfg->vmas ? cfg->vmas : 2;
	/* Room for one anonymous vma when there are anonymous pages. */
	unsigned int room = vmas > 1 && anon ? vmas - 1 : vmas;

	if (cfg->layout == LAYOUT_2002) {
		layout_2002(l);
		return;
	}

	l->file_vmas =
		clamp_vmas(floor(vmas * cfg->file_frac + 0.5), file, room);
	l->anon_vmas = clamp_vmas(vmas - l->file_vmas, anon, vmas);
	l->files = (l->file_vmas + cfg->vmas_per_file - 1) /
		   (cfg->vmas_per_file ? cfg->vmas_per_file : 1);
}

double layout_bytes(const struct config *cfg)
{
	struct vma_layout l;

	vma_layout(cfg, &l);
	return (double)cfg->loops * (1 + cfg->children) *
		       (l.file_vmas + l.anon_vmas) *
		       sizeof(struct vm_area_struct) +
	       (double)l.files * sizeof(struct address_space);
}

/* Range [*start, *end) of the k-th of n vmas over pages pages. */
static void vma_range(unsigned long pages, unsigned int k, unsigned int n,
		      unsigned long *start, unsigned long *end)
{
	*start = pages * k / n;
	*end = pages * (k + 1) / n;
}

static void vma_init(struct vm_area_struct *vma, struct mm_struct *mm)
{
	vma->vm_mm = mm;
	INIT_LIST_HEAD(&vma->shared);
	INIT_LIST_HEAD(&vma->anon_vma_chain);
	INIT_LIST_HEAD(&vma->anon_vma_node);
}

/*
 * --process doexec: which of a file's vmas the program writes.  A shared
 * library or a program is mapped as text, rodata and so on, then relro
 * and data, the last two written (relocations, variables): the last vma
 * of a file's run is its data, the one before its relro, when the run has
 * a third vma (text) to leave unwritten.
 */
static unsigned char written(const struct world *w, unsigned int i,
			     const struct vma_layout *l)
{
	unsigned int per = w->cfg.vmas_per_file ? w->cfg.vmas_per_file : 1,
		     first = i - i % per, last = first + per - 1;

	if (w->cfg.process != PROCESS_DOEXEC)
		return 0;
	if (last >= l->file_vmas)
		last = l->file_vmas - 1;
	if (last - first < 2)
		return 0;
	return i == last ? VMA_DATA : i + 1 == last ? VMA_RELRO : 0;
}

/*
 * 2.6.7's anon_vma (objrmap) is shared by every process descended from
 * the one that first faulted the vma's pages: dup_mmap()'s "*tmp =
 * *mpnt" gives a child its parent's, and no fork makes a new one (2.6.7
 * kernel/fork.c, mm/rmap.c anon_vma_link()).  daniel.sh's shells all
 * descend from the script's, so under --tree daniel the loops' families
 * share one, family 0's standing for the script's, and its lock; the
 * daemons (tree.c) are no descendants.  --anon-root family (an
 * idealization) gives each family its own, as for today's roots.
 */
static bool anon_vma_267_shared(const struct world *w, unsigned long f)
{
	return w->cfg.strategy->kind == RMAP_OBJECT &&
	       w->cfg.anon_root == ANON_ROOT_TREE &&
	       w->cfg.tree == TREE_DANIEL && f &&
	       f < w->cfg.loops - w->cfg.daemons;
}

/*
 * A parent vma's anon_vma: its own, whose root is the process tree's
 * (anon_vma_fork() makes every descendant's root its ancestor's: the
 * families are siblings forked from one process, whose anon_vma of this
 * vma family 0's stands for), or, with --anon-root family, itself; under
 * 2.6.7's sharing, family 0's own.
 */
static void parent_anon_vma(struct world *w, unsigned long f,
			    struct vm_area_struct *vma, unsigned int i)
{
	struct anon_vma *first = &w->family[0].parent.mmap[i].own;

	anon_vma_init_root(&vma->own);
	if (w->cfg.anon_root == ANON_ROOT_TREE && f)
		vma->own.root = first;
	vma->anon_vma = &vma->own;
	anon_vma_chain_link(vma, &vma->avc[0], &vma->own);
	if (anon_vma_267_shared(w, f))
		vma->anon_vma = first;
	list_add(&vma->anon_vma_node, &vma->anon_vma->head);
}

/*
 * VM_DENYWRITE: the ELF loader maps the program and its interpreter with
 * "MAP_PRIVATE | MAP_DENYWRITE | MAP_EXECUTABLE" (2.4.19
 * fs/binfmt_elf.c elf_map()), while ld.so's mmap() of a library loses it
 * ("flags &= ~(MAP_EXECUTABLE | MAP_DENYWRITE)", 2.4.19
 * arch/i386/kernel/sys_i386.c do_mmap2()).  --layout 2002: bash and
 * ld.so, not libc; flat: the first file stands for the program.
 */
static bool denywrite(const struct world *w, int file)
{
	return file <= (w->cfg.layout == LAYOUT_2002 ? 1 : 0);
}

/* The parent's vmas, linked on their objects as if it had mapped them. */
static void parent_vmas(struct world *w, unsigned long f,
			const struct vma_layout *l)
{
	struct mm_struct *mm = &w->family[f].parent;

	for (unsigned int i = 0; i < mm->map_count; i++) {
		struct vm_area_struct *vma = &mm->mmap[i];
		unsigned long addr;
		int file = -1;

		vma_init(vma, mm);
		if (w->cfg.layout == LAYOUT_2002) {
			layout_2002_vma(w, i, &vma->vm_start, &vma->vm_end,
					&addr, &file);
			vma->vm_addr = addr;
		}
		vma->vm_file_ref = &vma->f_count;
		atomic_init(&vma->f_count, 1);
		if (i < l->file_vmas) {
			if (file < 0) {
				vma_range(w->nr_file, i, l->file_vmas,
					  &vma->vm_start, &vma->vm_end);
				vma->vm_addr = vma->vm_start;
				file = i / w->cfg.vmas_per_file;
			}
			vma->vm_pgoff = vma->vm_start;
			vma->vm_file = &w->files[file];
			vma->vm_denywrite = denywrite(w, file);
			list_add(&vma->shared, &vma->vm_file->i_mmap);
			vma->vm_file->nr_mappers++;
			vma->vm_written = written(w, i, l);
			if (vma->vm_written)
				parent_anon_vma(w, f, vma, i);
			continue;
		}
		if (w->cfg.layout != LAYOUT_2002) {
			vma_range(w->nr_anon, i - l->file_vmas, l->anon_vmas,
				  &vma->vm_start, &vma->vm_end);
			vma->vm_start += w->nr_file;
			vma->vm_end += w->nr_file;
			vma->vm_addr = vma->vm_start;
		}
		vma->vm_pgoff = w->nr_file + f * w->nr_anon + vma->vm_start -
				w->nr_file;
		parent_anon_vma(w, f, vma, i);
	}
}

/* A child's vmas start as dup_mmap()'s "*tmp = *mpnt", linked nowhere. */
static void child_vmas(struct mm_struct *child, struct mm_struct *parent)
{
	for (unsigned int i = 0; i < parent->map_count; i++) {
		struct vm_area_struct *vma = &child->mmap[i],
				      *pvma = &parent->mmap[i];

		vma_init(vma, child);
		vma->vm_start = pvma->vm_start;
		vma->vm_end = pvma->vm_end;
		vma->vm_addr = pvma->vm_addr;
		vma->vm_pgoff = pvma->vm_pgoff;
		vma->vm_file = pvma->vm_file;
		vma->vm_written = pvma->vm_written;
		vma->vm_denywrite = pvma->vm_denywrite;
		vma->vm_file_ref = &pvma->f_count;
	}
}

/* Simulated memory, placed as the pool is (--mem), cache-line aligned. */
static int mm_vmas(struct mm_struct *mm, unsigned int n)
{
	mm->map_count = n;
	mm->mmap = mem_alloc(n * sizeof(*mm->mmap));
	return mm->mmap ? 0 : -1;
}

static void mm_vmas_free(struct mm_struct *mm)
{
	mem_free(mm->mmap, mm->map_count * sizeof(*mm->mmap));
	mm->mmap = NULL;
}

int layout_init(struct world *w)
{
	struct vma_layout l;
	unsigned int n;

	vma_layout(&w->cfg, &l);
	n = l.file_vmas + l.anon_vmas;
	w->nr_files = l.files;
	w->files = mem_alloc((l.files ? l.files : 1) * sizeof(*w->files));
	if (!w->files)
		return -1;
	for (unsigned int i = 0; i < l.files; i++) {
		spin_lock_init(&w->files[i].i_mmap_lock);
		sema_init(&w->files[i].i_shared_sem);
		atomic_init(&w->files[i].i_writecount, 0);
		INIT_LIST_HEAD(&w->files[i].i_mmap);
		init_rwsem(&w->files[i].i_mmap_rwsem);
	}
	for (unsigned long f = 0; f < w->cfg.loops; f++) {
		struct family *fam = &w->family[f];

		if (mm_vmas(&fam->parent, n))
			return -1;
		parent_vmas(w, f, &l);
		for (unsigned int c = 0; c < w->cfg.children; c++) {
			if (mm_vmas(&fam->child[c], n))
				return -1;
			child_vmas(&fam->child[c], &fam->parent);
		}
	}
	return 0;
}

void layout_destroy(struct world *w)
{
	for (unsigned long f = 0; w->family && f < w->cfg.loops; f++) {
		struct family *fam = &w->family[f];

		mm_vmas_free(&fam->parent);
		for (unsigned int c = 0; fam->child && c < w->cfg.children; c++)
			mm_vmas_free(&fam->child[c]);
	}
	mem_free(w->files, (w->nr_files ? w->nr_files : 1) * sizeof(*w->files));
	w->files = NULL;
}

static unsigned long list_count(const struct list_head *head)
{
	unsigned long n = 0;

	for (const struct list_head *p = head->next; p != head; p = p->next)
		n++;
	return n;
}

static int check_file(struct world *w, unsigned int i, char *msg, size_t len)
{
	struct address_space *mapping = &w->files[i];
	unsigned long want = 0, got = list_count(&mapping->i_mmap);
	struct mm_struct *mm = &w->family[0].parent;

	for (unsigned int v = 0; v < mm->map_count; v++)
		want += mm->mmap[v].vm_file == mapping;
	want *= w->cfg.loops;
	if (spin_is_locked(&mapping->i_mmap_lock) ||
	    sema_is_locked(&mapping->i_shared_sem) ||
	    rwsem_is_locked(&mapping->i_mmap_rwsem))
		return snprintf(msg, len, "file %u: i_mmap lock still held", i),
		       -1;
	if (got != want || mapping->nr_mappers != want)
		return snprintf(
			       msg, len,
			       "file %u: i_mmap links %lu vmas (counted %lu), expected the parents' %lu",
			       i, got, mapping->nr_mappers, want),
		       -1;
	if (atomic_load(&mapping->i_writecount))
		return snprintf(msg, len,
				"file %u: i_writecount %d, expected 0 (each "
				"VM_DENYWRITE link undone)",
				i, atomic_load(&mapping->i_writecount)),
		       -1;
	return 0;
}

/* The parents' vmas on family f's own 2.6.7 anon_vma list at rest. */
static unsigned long anon_vma_267_parents(const struct world *w,
					  unsigned long f)
{
	if (anon_vma_267_shared(w, f))
		return 0;
	if (!f && anon_vma_267_shared(w, 1))
		return w->cfg.loops - w->cfg.daemons;
	return 1;
}

static int check_anon_vma(const struct world *w, struct vm_area_struct *vma,
			  unsigned long f, char *msg, size_t len)
{
	struct anon_vma *av = &vma->own;

	if (spin_is_locked(&av->lock) || rwsem_is_locked(&av->rwsem))
		return snprintf(msg, len,
				"family %lu: an anon_vma lock is still held",
				f),
		       -1;
	if (av->nr_avcs != 1 || list_count(&av->rb_root) != 1 ||
	    list_count(&av->head) != anon_vma_267_parents(w, f) ||
	    av->num_children || atomic_load(&av->refcount) != 1)
		return snprintf(
			       msg, len,
			       "family %lu: anon_vma holds %lu avcs, %lu 2.6.7 vmas, %lu children, refcount %d; expected only the parents' (%lu 2.6.7 vmas)",
			       f, list_count(&av->rb_root),
			       list_count(&av->head), av->num_children,
			       atomic_load(&av->refcount),
			       anon_vma_267_parents(w, f)),
		       -1;
	return 0;
}

int layout_check(struct world *w, char *msg, size_t len)
{
	for (unsigned int i = 0; i < w->nr_files; i++)
		if (check_file(w, i, msg, len))
			return -1;
	for (unsigned long f = 0; f < w->cfg.loops; f++) {
		struct mm_struct *mm = &w->family[f].parent;

		for (unsigned int v = 0; v < mm->map_count; v++)
			if (!mm->mmap[v].vm_file &&
			    check_anon_vma(w, &mm->mmap[v], f, msg, len))
				return -1;
	}
	return 0;
}
