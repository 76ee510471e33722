// SPDX-License-Identifier: GPL-2.0
// make: also under ThreadSanitizer (threads)
/*
 * Today's strategies (avc, folio, folio-batched) on a process made of
 * vmas: their invariants under real driver threads, the lock accounting
 * of the file side (once per vma, or once per run of a file's vmas), and
 * one atomic per folio batch, counted by the RMAP_COUNT variant.  Also
 * 2.6.7's and 2.6.9's objrmap, which link every vma on its object, and
 * the doexec shape (--lifecycle fork-exec-exit) of all four.
 */
#include <stdio.h>
#include <string.h>
#include "rmaptest.h"
#include "fixture.h"
#include "engine/driver.h"
#include "engine/layout.h"
#include "engine/sweep.h"
#include "engine/options.h"
#include "engine/world.h"
#include "strategy/kernel.h"
#include "strategy/strategy.h"

static const char *const modern[] = { "avc", "folio", "folio-batched" };

static struct config modern_config(const char *name, unsigned int vmas,
				   unsigned int per_file, unsigned int folio)
{
	const struct strategy *s = strategy_find(name);
	struct config cfg;

	assert_non_null(s);
	cfg = test_config(s);
	cfg.pages = 256;
	cfg.file_frac = 0.5;
	cfg.vmas = vmas;
	cfg.vmas_per_file = per_file;
	cfg.folio_pages = folio;
	cfg.threads = 1;
	cfg.loops = 1;
	test_short(&cfg, 0.03);
	return cfg;
}

/*
 * Every new strategy at 1, 2 and 4 threads (4 oversubscribes two CPUs),
 * over layouts with runs of one file longer and shorter than the batch of
 * eight, folios that do and do not divide a vma, and several children per
 * round.  run_point() ends each point in world_check() and layout_check().
 */
static void test_invariants(void **state)
{
	static const struct {
		unsigned int threads, vmas, per_file, folio, children;
	} shapes[] = {
		{ 1, 40, 4, 16, 1 }, { 1, 24, 10, 4, 2 }, { 2, 40, 4, 16, 1 },
		{ 2, 7, 1, 1, 3 },   { 4, 40, 4, 8, 1 },  { 4, 33, 5, 32, 2 },
	};
	unsigned int failed = 0;

	(void)state;
	for (size_t s = 0; s < ARRAY_SIZE(modern); s++) {
		for (size_t i = 0; i < ARRAY_SIZE(shapes); i++) {
			struct config cfg = modern_config(
				modern[s], shapes[i].vmas, shapes[i].per_file,
				shapes[i].folio);
			struct point_result res;
			char msg[512] = "";
			int ret;

			cfg.threads = shapes[i].threads;
			cfg.loops = 2 * cfg.threads;
			cfg.children = shapes[i].children;
			ret = run_point(&cfg, &res, msg, sizeof(msg));
			if (ret || !res.forks ||
			    res.ptes != res.forks * cfg.pages) {
				print_error(
					"%s threads %u vmas %u per file %u folio %u: status %d, %lu forks, %lu ptes: %s\n",
					modern[s], cfg.threads, cfg.vmas,
					cfg.vmas_per_file, cfg.folio_pages, ret,
					res.forks, res.ptes, msg);
				failed++;
			}
		}
	}
	if (failed)
		fail_msg("%u points failed", failed);
}

/* One fork and one exit of family 0's first child through ops. */
static void fork_exit(struct world *w, struct rmap_ctx *ctx,
		      const struct strategy_ops *ops)
{
	struct family *fam = &w->family[0];

	ops->copy_page_range(ctx, &fam->child[0], &fam->parent);
	ops->zap_page_range(ctx, &fam->child[0]);
}

/*
 * The file lock at one thread, through the lock accounting: folio takes a
 * file's i_mmap_rwsem once per file vma at fork and once at exit;
 * folio-batched once per run of up to 8 consecutive vmas of one file.
 * Every anonymous vma costs three acquisitions of its anon_vma root's
 * rwsem (anon_vma_clone(), anon_vma_fork(), unlink_anon_vmas()).
 */
static void test_file_lock_accounting(void **state)
{
	static const struct {
		unsigned int vmas, per_file;
	} shapes[] = { { 40, 4 }, { 40, 1 }, { 41, 10 }, { 30, 15 } };

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(shapes); i++) {
		for (int batched = 0; batched < 2; batched++) {
			struct config cfg = modern_config(
				batched ? "folio-batched" : "folio",
				shapes[i].vmas, shapes[i].per_file, 4);
			struct vma_layout l;
			unsigned long runs = 0, want;
			struct rmap_ctx ctx;
			struct world w;
			char msg[512] = "";

			vma_layout(&cfg, &l);
			/* Runs of a file: its vmas, 8 to a batch. */
			for (unsigned int f = 0; f < l.files; f++) {
				unsigned int n =
					l.file_vmas - f * shapes[i].per_file;

				if (n > shapes[i].per_file)
					n = shapes[i].per_file;
				runs += (n + FILE_VMA_BATCH - 1) /
					FILE_VMA_BATCH;
			}
			assert_int_equal(world_init(&w, &cfg), 0);
			rmap_ctx_init(&ctx, &w);
			ctx.stats_on = true;
			fork_exit(&w, &ctx, cfg.strategy->ops[RMAP_STATS]);
			want = 2 * (batched ? runs : l.file_vmas);
			if (ctx.stats.file_locks != want)
				fail_msg(
					"%s, %u vmas (%u files of %u, %u anonymous): %lu file locks per fork and exit, expected %lu",
					cfg.strategy->name, cfg.vmas, l.files,
					cfg.vmas_per_file, l.anon_vmas,
					ctx.stats.file_locks, want);
			assert_int_equal(ctx.stats.acquisitions -
						 ctx.stats.file_locks,
					 3 * l.anon_vmas);
			assert_int_equal(ctx.stats.file_contended, 0);
			assert_int_equal(
				world_check(&w, (struct rmap_ctx *[]){ &ctx },
					    1, msg, sizeof(msg)),
				0);
			world_destroy(&w);
		}
	}
}

/*
 * The locked operations of one fork, counted by the RMAP_COUNT variant,
 * and the folio batches its anonymous vmas make: folios are --folio-pages
 * long and aligned in the page pool, so a vma over pages [s, e) meets
 * (e - 1) / F - s / F + 1 of them.
 */
static unsigned long fork_atomics(const char *name, unsigned int folio,
				  unsigned long *anon_ptes,
				  unsigned long *batches)
{
	struct config cfg = modern_config(name, 6, 2, folio);
	const struct strategy_ops *count = cfg.strategy->ops[RMAP_COUNT];
	struct family *fam;
	struct rmap_ctx ctx;
	struct world w;
	unsigned long atomics, lines;

	assert_non_null(count);
	assert_int_equal(world_init(&w, &cfg), 0);
	rmap_ctx_init(&ctx, &w);
	fam = &w.family[0];
	*batches = 0;
	for (unsigned int i = 0; i < fam->parent.map_count; i++) {
		struct vm_area_struct *v = &fam->parent.mmap[i];
		unsigned long s = v->vm_pgoff, e = s + v->vm_end - v->vm_start;

		if (!v->vm_file)
			*batches += (e - 1) / folio - s / folio + 1;
	}
	/* A first round write-protects the parent's anonymous ptes. */
	fork_exit(&w, &ctx, cfg.strategy->ops[RMAP_FAST]);
	access_count_reset();
	count->copy_page_range(&ctx, &fam->child[0], &fam->parent);
	access_count_take(&atomics, &lines);
	count->zap_page_range(&ctx, &fam->child[0]);
	access_count_reset();
	*anon_ptes = w.nr_anon;
	world_destroy(&w);
	return atomics;
}

/*
 * folio does one atomic per folio batch: at --folio-pages F a fork makes
 * two locked operations (folio_ref_add(), the mapcount add) per batch
 * instead of two per pte, and everything else it does (the vma locks) is
 * the same.  avc ignores --folio-pages.  folio-batched takes one file
 * lock less here (6 vmas: 3 file vmas in runs of 2 and 1, 3 anonymous
 * over 128 pages).
 */
static void test_one_atomic_per_folio(void **state)
{
	static const unsigned int folios[] = { 2, 4, 16, 64 };
	unsigned long anon, batches,
		per_pte = fork_atomics("folio", 1, &anon, &batches);

	(void)state;
	assert_int_equal(anon, 128);
	assert_int_equal(batches, anon);
	assert_int_equal(fork_atomics("avc", 1, &anon, &batches), per_pte);
	assert_int_equal(fork_atomics("avc", 16, &anon, &batches), per_pte);
	for (size_t i = 0; i < ARRAY_SIZE(folios); i++) {
		unsigned long f =
			fork_atomics("folio", folios[i], &anon, &batches);

		assert_true(batches < anon);
		assert_int_equal(per_pte - f, 2 * (anon - batches));
		assert_int_equal(fork_atomics("folio-batched", folios[i], &anon,
					      &batches),
				 f - 2);
	}
}

/* A fresh world of every new strategy passes its check; a vma left
 * linked, a lock left held or a count not put back is caught. */
static void test_layout_check(void **state)
{
	struct config cfg = modern_config("folio", 10, 4, 1);
	struct vm_area_struct *extra;
	struct world w;
	char msg[512] = "";

	(void)state;
	cfg.loops = 2;
	assert_int_equal(world_init(&w, &cfg), 0);
	assert_int_equal(world_check(&w, NULL, 0, msg, sizeof(msg)), 0);
	extra = &w.family[1].child[0].mmap[0];
	list_add(&extra->shared, &w.files[0].i_mmap);
	assert_int_equal(world_check(&w, NULL, 0, msg, sizeof(msg)), -1);
	assert_non_null(strstr(msg, "file 0: i_mmap links 9 vmas"));
	list_del(&extra->shared);
	assert_true(down_write_trylock(&w.files[1].i_mmap_rwsem));
	assert_int_equal(world_check(&w, NULL, 0, msg, sizeof(msg)), -1);
	assert_non_null(strstr(msg, "file 1: i_mmap lock still held"));
	up_write(&w.files[1].i_mmap_rwsem);
	atomic_fetch_add(&w.family[0].parent.mmap[9].own.refcount, 1);
	assert_int_equal(world_check(&w, NULL, 0, msg, sizeof(msg)), -1);
	assert_non_null(strstr(msg, "refcount 2"));
	world_destroy(&w);
}

/*
 * One fork and one exit of a doexec-shaped process (--process doexec): a
 * program, ld.so and libc, five vmas each (header, text, rodata, relro,
 * data), and four anonymous vmas.  i_mmap_rwsem holds: mainline, the
 * RFC's baseline, takes it per file vma at fork (15) and per file at exit
 * (3); the RFC per file at both (3 + 3); folio, before either, 15 + 15.
 * The relro and data of each file were written, so each has an anon_vma:
 * three holds of the root's rwsem for each of them as for an anonymous
 * vma, and one get_file() per file vma.
 */
static void test_doexec_holds(void **state)
{
	static const struct {
		const char *name;
		unsigned long holds;
	} want[] = { { "folio", 30 }, { "mainline", 18 }, { "folio-batched", 6 } };

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(want); i++) {
		struct config cfg = modern_config(want[i].name, 19, 5, 1);
		struct vma_layout l;
		struct rmap_ctx ctx;
		struct world w;
		char msg[512] = "";

		cfg.file_frac = 15.0 / 19;
		cfg.process = PROCESS_DOEXEC;
		vma_layout(&cfg, &l);
		assert_int_equal(l.file_vmas, 15);
		assert_int_equal(l.files, 3);
		assert_int_equal(world_init(&w, &cfg), 0);
		rmap_ctx_init(&ctx, &w);
		ctx.stats_on = true;
		fork_exit(&w, &ctx, cfg.strategy->ops[RMAP_STATS]);
		if (ctx.stats.file_locks != want[i].holds)
			fail_msg("%s: %lu i_mmap_rwsem holds per fork and exit of doexec's process, expected %lu",
				 want[i].name, ctx.stats.file_locks,
				 want[i].holds);
		/* four anonymous vmas and six written file vmas */
		assert_int_equal(ctx.stats.acquisitions - ctx.stats.file_locks,
				 3 * (4 + 6));
		assert_int_equal(world_check(&w, (struct rmap_ctx *[]){ &ctx },
					     1, msg, sizeof(msg)),
				 0);
		world_destroy(&w);
	}
}

/* A named kernel's point (strategy and knobs), on the modern shape. */
static struct config kernel_modern(const char *name, unsigned int vmas,
				   unsigned int per_file)
{
	struct config cfg = test_kernel_config(name);

	assert_string_equal(cfg.strategy->name, "objrmap");
	cfg.pages = 256;
	cfg.file_frac = 0.5;
	cfg.vmas = vmas;
	cfg.vmas_per_file = per_file;
	cfg.threads = cfg.loops = 1;
	test_short(&cfg, 0.03);
	return cfg;
}

static unsigned long list_count(const struct list_head *head)
{
	unsigned long n = 0;

	for (const struct list_head *p = head->next; p != head; p = p->next)
		n++;
	return n;
}

/*
 * 2.6.7 kernel/fork.c dup_mmap() links every vma of the child on its
 * object, one lock each: a file vma on the file's i_mmap (i_mmap_lock),
 * an anonymous vma on the family's anon_vma (its lock); exit_mmap()
 * unlinks each.  After a fork every file lists the parent's and the
 * child's vmas of it, every parent anonymous vma's anon_vma lists both;
 * after the exit only the parent's (world_check()'s layout check).
 */
static void test_267_links_every_vma(void **state)
{
	static const char *const names[] = { "2.6.7", "2.6.9" };
	static const struct {
		unsigned int vmas, per_file;
	} shapes[] = { { 40, 4 }, { 41, 10 }, { 2, 4 } };

	(void)state;
	for (size_t k = 0; k < ARRAY_SIZE(names); k++) {
		for (size_t i = 0; i < ARRAY_SIZE(shapes); i++) {
			struct config cfg = kernel_modern(
				names[k], shapes[i].vmas, shapes[i].per_file);
			const struct strategy_ops *ops =
				cfg.strategy->ops[RMAP_STATS];
			struct family *fam;
			struct vma_layout l;
			struct rmap_ctx ctx;
			struct world w;
			char msg[512] = "";
			/* 2.6.7's PG_maplock: a lock per pte, each way */
			unsigned long pte_locks =
				cfg.mapcount == MAPCOUNT_BITLOCK ? cfg.pages :
								   0;

			vma_layout(&cfg, &l);
			assert_true(l.file_vmas > 0 && l.anon_vmas > 0);
			assert_int_equal(world_init(&w, &cfg), 0);
			rmap_ctx_init(&ctx, &w);
			ctx.stats_on = true;
			fam = &w.family[0];
			ops->copy_page_range(&ctx, &fam->child[0],
					     &fam->parent);
			assert_int_equal(ctx.stats.file_locks, l.file_vmas);
			assert_int_equal(ctx.stats.acquisitions,
					 l.file_vmas + l.anon_vmas + pte_locks);
			for (unsigned int v = 0; v < fam->parent.map_count;
			     v++) {
				struct vm_area_struct *pv =
					&fam->parent.mmap[v];

				if (pv->vm_file)
					assert_ptr_equal(fam->child[0]
								 .mmap[v]
								 .shared.prev,
							 &pv->shared);
				else
					assert_int_equal(
						list_count(&pv->own.head), 2);
			}
			for (unsigned int f = 0; f < w.nr_files; f++)
				assert_int_equal(list_count(&w.files[f].i_mmap),
						 w.files[f].nr_mappers);
			assert_int_equal(
				world_check(&w, (struct rmap_ctx *[]){ &ctx },
					    1, msg, sizeof(msg)),
				-1);
			ops->zap_page_range(&ctx, &fam->child[0]);
			assert_int_equal(ctx.stats.file_locks, 2 * l.file_vmas);
			assert_int_equal(
				ctx.stats.acquisitions,
				2 * (l.file_vmas + l.anon_vmas + pte_locks));
			if (world_check(&w, (struct rmap_ctx *[]){ &ctx }, 1,
					msg, sizeof(msg)))
				fail_msg("%s, %u vmas: %s", names[k], cfg.vmas,
					 msg);
			world_destroy(&w);
		}
	}
}

/*
 * The doexec shape: every child forks, execs a new image on the next
 * thread (at one thread, in place), faults it in and exits.  Per child,
 * the file locks are those of the fork's links, the exec's unlinks of the
 * forked vmas, the new image's mmaps (one per vma, batched by neither
 * patch) and the exit's unlinks: four per file vma unbatched, and with
 * folio-batched's batches one per run at fork, exec and exit.  Then
 * every strategy's invariants at 2 and 4 threads.
 */
static void test_fork_exec_exit(void **state)
{
	static const char *const names[] = { "objrmap", "avc", "folio",
					     "folio-batched" };
	unsigned int failed = 0;

	(void)state;
	for (size_t s = 0; s < ARRAY_SIZE(names); s++) {
		for (unsigned int threads = 1; threads <= 4; threads *= 2) {
			struct config cfg = modern_config(names[s], 40, 4, 16);
			struct point_result res;
			struct vma_layout l;
			char msg[512] = "";
			double per_fork, want;
			int ret;

			cfg.lifecycle = LIFECYCLE_FORK_EXEC_EXIT;
			cfg.image_pages = 200;
			cfg.threads = threads;
			cfg.loops = 2 * threads;
			vma_layout(&cfg, &l);
			ret = run_point(&cfg, &res, msg, sizeof(msg));
			if (ret || !res.forks || !res.faults) {
				print_error(
					"%s fork-exec-exit at %u threads: status %d, %lu forks, %lu faults: %s\n",
					names[s], threads, ret, res.forks,
					res.faults, msg);
				failed++;
				continue;
			}
			if (threads > 1)
				continue;
			/* 20 file vmas, 5 files of 4: a run each */
			want = s == 3 ? 3 * l.files + l.file_vmas :
					4 * l.file_vmas;
			per_fork = (double)res.stats.file_locks / res.forks;
			if (per_fork != want) {
				print_error(
					"%s fork-exec-exit: %.2f file locks per fork, expected %.0f\n",
					names[s], per_fork, want);
				failed++;
			}
		}
	}
	if (failed)
		fail_msg("%u fork-exec-exit points failed", failed);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_layout_check),
		cmocka_unit_test(test_file_lock_accounting),
		cmocka_unit_test(test_doexec_holds),
		cmocka_unit_test(test_one_atomic_per_folio),
		cmocka_unit_test(test_invariants),
		cmocka_unit_test(test_267_links_every_vma),
		cmocka_unit_test(test_fork_exec_exit),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
