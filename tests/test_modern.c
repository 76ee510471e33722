// SPDX-License-Identifier: GPL-2.0
/*
 * Today's strategies (avc, folio, folio-batched) on a process made of
 * vmas: their invariants under real driver threads, the lock accounting
 * of the file side (once per vma, or once per run of a file's vmas), and
 * one atomic per folio batch, counted by the RMAP_COUNT variant.
 */
#include <stdio.h>
#include <string.h>
#include "rmaptest.h"
#include "engine/driver.h"
#include "engine/layout.h"
#include "engine/sweep.h"
#include "engine/world.h"
#include "strategy/strategy.h"

static const char *const modern[] = { "avc", "folio", "folio-batched" };

static struct config modern_config(const char *name, unsigned int vmas,
				   unsigned int per_file, unsigned int folio)
{
	struct sweep sw;
	struct config cfg;

	sweep_init(&sw);
	sweep_point(&sw, 0, &cfg);
	cfg.strategy = strategy_find(name);
	assert_non_null(cfg.strategy);
	cfg.pages = 256;
	cfg.file_frac = 0.5;
	cfg.vmas = vmas;
	cfg.vmas_per_file = per_file;
	cfg.folio_pages = folio;
	cfg.threads = 1;
	cfg.loops = 1;
	cfg.duration = 0.03;
	cfg.warmup = 0;
	cfg.oversubscribe = true;
	cfg.timeout = 60;
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

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_layout_check),
		cmocka_unit_test(test_file_lock_accounting),
		cmocka_unit_test(test_one_atomic_per_folio),
		cmocka_unit_test(test_invariants),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
