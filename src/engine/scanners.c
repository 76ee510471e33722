// SPDX-License-Identifier: GPL-2.0
/*
 * The pageout side of a measured point: page scanner threads (--reclaim)
 * walk random pages' rmap as page_referenced() and try_to_unmap() did,
 * and a churn thread (--index-churn) moves anonymous pages to new indices.
 */
#include "driver_impl.h"
#include "lib/util.h"

/*
 * A page of the hot set: hot_frac of the parents' pages, spread over all
 * of them (the lifecycle's spare and image pages come and go).
 */
static struct page *pick_page(struct world *w, uint64_t *rng)
{
	unsigned long hot = w->nr_parent_pages * w->cfg.hot_frac;
	unsigned long stride;

	if (!hot)
		hot = 1;
	stride = w->nr_parent_pages / hot;
	return w->pool + (xorshift64(rng) % hot) * stride;
}

static void scan_page(struct reclaimer *r, int phase)
{
	struct world *w = &r->run->world;
	const struct strategy_ops *s = w->cfg.strategy->ops[RMAP_FAST];
	struct page *page = pick_page(w, &r->rng);
	bool unmap = (xorshift64(&r->rng) >> 11) * 0x1p-53 < w->cfg.unmap_frac;
	struct reclaim_stats discard = { 0 },
			     *rs = phase == PHASE_MEASURE ? &r->rs : &discard;
	uint64_t t0 = now_ns();

	s->page_referenced(&r->ctx, page, rs);
	if (unmap) {
		rs->unmaps++;
		s->try_to_unmap(&r->ctx, page, rs);
	}
	if (phase != PHASE_MEASURE)
		return;
	rs->scanned++;
	hist_add(&r->lat, now_ns() - t0);
}

/* Scans until the timed window closes: the pageout side of rmap. */
void *reclaim_thread(void *arg)
{
	struct reclaimer *r = arg;
	struct run *run = r->run;
	int phase;

	pthread_cleanup_push(thread_exited, run);
	gate_wait(run);
	while ((phase = atomic_load_explicit(
			&run->phase, memory_order_acquire)) < PHASE_STOP)
		scan_page(r, phase);
	pthread_cleanup_pop(1);
	return NULL;
}

/*
 * Moves random anonymous pages to new indices, as adding a page to the
 * swap cache did, at --index-churn calls per second, paced in 1 ms ticks.
 */
void *churn_thread(void *arg)
{
	struct run *run = arg;
	struct world *w = &run->world;
	unsigned long nr_anon = w->nr_pages - w->nr_file;
	uint64_t rng = 0x9e3779b97f4a7c15ull, start = now_ns();

	while (!atomic_load_explicit(&run->churn_stop, memory_order_relaxed)) {
		double due = (now_ns() - start) * 1e-9 * w->cfg.index_churn;

		while (run->churned < due) {
			struct page *page = w->pool + w->nr_file +
					    xorshift64(&rng) % nr_anon;

			set_page_index(w, page,
				       atomic_fetch_add_explicit(
					       &w->rmap_lock_sequence, 1,
					       memory_order_relaxed));
			run->churned++;
		}
		sleep_ns(1000000);
	}
	return NULL;
}

static void sum_reclaim(struct reclaim_stats *sum,
			const struct reclaim_stats *s)
{
	sum->scanned += s->scanned;
	sum->referenced += s->referenced;
	sum->collapsed += s->collapsed;
	sum->unmaps += s->unmaps;
	sum->trylocks += s->trylocks;
	sum->backoffs += s->backoffs;
}

void reclaim_results(const struct run *run, struct point_result *res)
{
	for (unsigned int t = 0; t < run->world.cfg.reclaim; t++) {
		const struct reclaimer *r = &run->reclaimers[t];

		sum_reclaim(&res->reclaim, &r->rs);
		hist_merge(&res->reclaim_lat, &r->lat);
	}
}
