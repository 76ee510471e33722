// SPDX-License-Identifier: GPL-2.0
/*
 * A named kernel's overhead is taken against its era's kernel without
 * rmap (strategy/kernel.h's baseline): rmap-13b and Daniel's patch against
 * 2.4.19-pre7, whose knobs (strategy, node size, allocator...) differ,
 * but never against a point that differs in the workload; a kernel with
 * no baseline falls back to `none` at the same knobs.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "rmaptest.h"
#include "fixture.h"
#include "analysis/summarize.h"
#include "engine/driver.h"
#include "engine/layout.h"
#include "engine/sweep.h"
#include "engine/world.h"
#include "strategy/strategy.h"

static const char raw[] =
	"# schema: 1\n"
	"strategy,pages,nrpte,alloc,kernel,rep,status,ns_per_pte,fork_ns_per_pte,exit_ns_per_pte,forks_per_s\n"
	"none,256,7,percpu,2.4.19-pre7,0,ok,100,50,50,10\n"
	"none,512,7,percpu,2.4.19-pre7,0,ok,400,200,200,10\n"
	"pagebit,256,1,global,2.4.19-pre7-rmap13b,0,ok,150,75,75,10\n"
	"daniel,512,1,global,2.4.19-pre7-rmap13b-daniel,0,ok,500,250,250,10\n"
	"none,256,7,percpu,custom,0,ok,50,25,25,10\n"
	"hashed,256,7,percpu,custom,0,ok,60,30,30,10\n"
	"batched,256,7,percpu,2.5.31-akpm,0,ok,70,35,35,10\n";

static const struct summary_point *point(const struct summary *s,
					 const char *kernel, const char *pages,
					 const char *strategy)
{
	for (size_t i = 0; i < s->nr_pts; i++) {
		char *const *f = s->in.row[s->pt[i].key_row].field;

		if (!strcmp(f[0], strategy) && !strcmp(f[1], pages) &&
		    !strcmp(f[4], kernel))
			return &s->pt[i];
	}
	fail_msg("no point %s %s %s", kernel, pages, strategy);
	return NULL;
}

static void test_era_baseline(void **state)
{
	char path[] = "/tmp/rmaperaXXXXXX", msg[512];
	int fd = mkstemp(path);
	struct summary s;
	FILE *f;

	(void)state;
	assert_true(fd >= 0);
	f = fdopen(fd, "w");
	assert_non_null(f);
	fputs(raw, f);
	assert_int_equal(fclose(f), 0);
	assert_int_equal(summary_build(path, &s, msg, sizeof(msg)), 0);
	unlink(path);
	/* 150 against the 256-page 2.4.19-pre7's 100, not 512's 400 */
	assert_true(point(&s, "2.4.19-pre7-rmap13b", "256", "pagebit")
			    ->has_overhead);
	assert_close(point(&s, "2.4.19-pre7-rmap13b", "256", "pagebit")
			     ->overhead_pct,
		     50, 1e-9);
	assert_close(point(&s, "2.4.19-pre7-rmap13b-daniel", "512", "daniel")
			     ->overhead_pct,
		     25, 1e-9);
	/* custom and a kernel without a baseline: none at the same knobs */
	assert_close(point(&s, "custom", "256", "hashed")->overhead_pct, 20,
		     1e-9);
	assert_false(point(&s, "2.5.31-akpm", "256", "batched")->has_overhead);
	summary_free(&s);
}

/*
 * --layout 2002: the shell's ten vmas tile the page table in table order,
 * each at its era address; the file pages' indexes restart in each file;
 * and every strategy runs on it, its world checked after the point.
 */
static void test_layout_2002(void **state)
{
	struct config cfg = test_config(strategy_find("daniel"));
	static struct world w;
	struct mm_struct *mm;
	unsigned long next = 0;
	unsigned int failed = 0;

	(void)state;
	cfg.pages = 256;
	cfg.file_frac = 0.8;
	cfg.layout = LAYOUT_2002;
	cfg.loops = cfg.threads = 1;
	assert_int_equal(world_init(&w, &cfg), 0);
	mm = &w.family[0].parent;
	assert_int_equal(mm->map_count, 10);
	for (unsigned int i = 0; i < mm->map_count; i++) {
		assert_int_equal(mm->mmap[i].vm_start, next);
		next = mm->mmap[i].vm_end;
	}
	assert_int_equal(next, cfg.pages);
	/* bash's text at 0x08048000, its first page offset 0 in bash */
	assert_int_equal(mm->mmap[0].vm_addr, 0x08048);
	assert_int_equal(atomic_load(&w.pool[0].index), 0);
	/* libc's text starts at offset 0 of libc, too */
	assert_int_equal(atomic_load(&w.pool[mm->mmap[4].vm_start].index), 0);
	world_destroy(&w);

	cfg.duration = 0.02;
	cfg.warmup = 0;
	cfg.timeout = 60;
	cfg.oversubscribe = true;
	cfg.threads = cfg.loops = 2;
	cfg.lifecycle = LIFECYCLE_FORK_EXEC_EXIT;
	cfg.image_pages = 96;
	cfg.cow_faults = 8;
	for (unsigned int i = 0; i < nr_strategies; i++) {
		static struct point_result res;
		char msg[512] = "";

		cfg.strategy = strategies[i];
		if (!cfg.strategy->ops[0]->fault_in)
			cfg.lifecycle = LIFECYCLE_FORK_EXIT;
		if (run_point(&cfg, &res, msg, sizeof(msg))) {
			print_error("%s: %s\n", cfg.strategy->name, msg);
			failed++;
		}
		cfg.lifecycle = LIFECYCLE_FORK_EXEC_EXIT;
	}
	if (failed)
		fail_msg("%u strategies failed on --layout 2002", failed);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_era_baseline),
		cmocka_unit_test(test_layout_2002),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
