// SPDX-License-Identifier: GPL-2.0
/*
 * Every point of a plan checked before anything is opened or allocated
 * for the run: a refusal names the option to change, where a point that
 * went ahead would fail in the middle of the run or record a request
 * that is not what ran.
 */
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include "plan.h"
#include "profiles.h"
#include "repsmax.h"
#include "options.h"
#include "lib/sysinfo.h"
#include "lib/util.h"
#include "machine/profile.h"
#include "world.h"

static void human_bytes(double bytes, char *buf, size_t len)
{
	const char *unit[] = { "B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB" };
	unsigned int u = 0;

	while (bytes >= 1024 && u + 1 < ARRAY_SIZE(unit)) {
		bytes /= 1024;
		u++;
	}
	snprintf(buf, len, "%.1f %s", bytes, unit[u]);
}

static const char *const model_refused[] = { "reclaim", "index-churn" };
#define NR_MODEL_REFUSED ARRAY_SIZE(model_refused)

/*
 * What the model keeps beside the world it models (src/machine/machine.c),
 * over-estimated: per line of every 2 MiB chunk the world touches, its
 * 32-byte struct line and a bit per CPU of who holds it; per CPU, a
 * table of the lines it holds (8-byte slots, at most half full, of a
 * power of two), its ring of 4-byte keys, its stack and the red zone
 * below it (machine_impl.h's STACK_STRIDE, in huge pages: all resident),
 * and its neighbourhood bitmaps.  tests/engine/test_model.c checks it
 * against a modelled run's peak.
 */
/*
 * machine.c keys a CPU by its clock below 2^54 ps and stops the run with
 * exit(1) past it, after the CSV was begun; what --other-work alone puts
 * on one CPU's clock is known now.  Each CPU runs two untimed rounds and
 * its share of the forks, each child with its process's other work.
 */
#define MODEL_CLOCK_MAX_PS ((double)(1ull << 54))

static double other_ns(const struct config *cfg)
{
	return cfg->other_work.proc_ns + cfg->other_work.page_ns * cfg->pages;
}

static bool model_clock_overflows(const struct config *cfg)
{
	double forks = cfg->forks ? cfg->forks : cfg->threads;
	double per_cpu = ceil(forks / cfg->threads);

	if (cfg->mode != MODE_MODEL)
		return false;
	/* Half: the rmap work, exec and faults come on top. */
	return (2.0 * cfg->children + per_cpu) * other_ns(cfg) * 1000 >=
	       MODEL_CLOCK_MAX_PS / 2;
}

static double model_bytes(const struct config *cfg)
{
	const struct machine_profile *m = cfg->machine;
	double nwords = (cfg->threads + 63) / 64, chunk = 2 << 20;
	double chunks = ceil(world_bytes(cfg) / chunk) + 8;
	double slots = 1024;

	if (cfg->mode != MODE_MODEL || !m)
		return 0;
	while (slots < 2 * (m->cache_lines + 1))
		slots *= 2;
	return chunks * (chunk / m->line_size) * (32 + 8 * nwords) +
	       cfg->threads *
		       (slots * 8 + 4096 * 4 + 64 * 1024 + 4 * nwords * 8);
}

double plan_point_bytes(const struct config *cfg)
{
	return world_bytes(cfg) + model_bytes(cfg);
}

/*
 * What most of a point's memory is for, to name in a refusal: what the
 * biggest single knob adds, or the model's bookkeeping.
 */
static void biggest_term(const struct config *cfg, char *buf, size_t len)
{
	struct config less = *cfg;
	double all = world_bytes(cfg), model = model_bytes(cfg), image, cow;

	less.image_pages = 1;
	image = all - world_bytes(&less);
	less = *cfg;
	less.cow_faults = 0;
	cow = all - world_bytes(&less);
	if (model > all && model > image && model > cow)
		snprintf(
			buf, len,
			"the model's bookkeeping for --threads %u CPUs; lower --threads or --pages",
			cfg->threads);
	else if (image > all / 2)
		snprintf(
			buf, len,
			"--image-pages %lu, the exec'd image of every child; lower --image-pages",
			cfg->image_pages);
	else if (cow > all / 2)
		snprintf(
			buf, len,
			"--cow-faults %lu, the pages every child copies; lower --cow-faults",
			cfg->cow_faults);
	else
		snprintf(
			buf, len,
			"--pages %lu with --loops %u and --children %u; lower --pages, --loops or --children",
			cfg->pages, cfg->loops, cfg->children);
}

static int validate_point(const struct config *cfg, double limit, char *msg,
			  size_t len)
{
	double need = plan_point_bytes(cfg);
	char need_s[32], limit_s[32], why[160];

	if (cfg->loops < cfg->threads)
		return usage_fail(
			msg, len,
			"--loops %u is fewer than --threads %u: every driver thread needs a process family",
			cfg->loops, cfg->threads);
	if (cfg->index_churn && !config_anon_pages(cfg))
		return usage_fail(
			msg, len,
			"--index-churn needs anonymous pages: lower --file-frac below 1 or raise --pages");
	if (cfg->node_size && cfg->node_size < PTE_CHAIN_MIN_BYTES)
		return usage_fail(
			msg, len,
			"invalid --node-size %u: give 0 (the node's own size), 16, 32 or 64",
			cfg->node_size);
	if (cfg->node_size && cfg->node_size < pte_chain_bytes(cfg->nrpte))
		return usage_fail(
			msg, len,
			"--node-size %u cannot hold --nrpte %u: that node needs %u bytes; raise --node-size or give 0",
			cfg->node_size, cfg->nrpte,
			pte_chain_bytes(cfg->nrpte));
	/*
	 * What the workload cannot do is refused, not clamped: the row's
	 * columns would record the request, not what ran.
	 */
	if (cfg->cow_faults > config_anon_pages(cfg))
		return usage_fail(
			msg, len,
			"--cow-faults %lu: a process has %lu anonymous pages to fault (--pages %lu, --file-frac %g); lower --cow-faults, or raise --pages or lower --file-frac",
			cfg->cow_faults, config_anon_pages(cfg), cfg->pages,
			cfg->file_frac);
	if (cfg->vmas > cfg->pages)
		return usage_fail(
			msg, len,
			"--vmas %u with --pages %lu: a vma maps at least one page; lower --vmas or raise --pages",
			cfg->vmas, cfg->pages);
	if (model_clock_overflows(cfg))
		return usage_fail(
			msg, len,
			"--other-work of %.3g s per process: a modelled CPU would run past the model's %.1f hours of virtual time in its first rounds; lower --other-work",
			other_ns(cfg) / 1e9, MODEL_CLOCK_MAX_PS / 3.6e15);
	/* The vma strategies have no exec or fault path (yet). */
	if ((cfg->lifecycle == LIFECYCLE_FORK_EXEC_EXIT || cfg->cow_faults) &&
	    !cfg->strategy->ops[RMAP_FAST]->fault_in)
		return usage_fail(
			msg, len,
			"strategy %s has no exec or fault path: use it with --lifecycle fork-exit and --cow-faults 0",
			cfg->strategy->name);
	/* engine/tree.c: slots subshell or expr, cat, wc; a CPU of the loops */
	if (cfg->tree == TREE_DANIEL &&
	    (cfg->lifecycle != LIFECYCLE_FORK_EXEC_EXIT || cfg->children != 3 ||
	     cfg->loops <= cfg->threads))
		return usage_fail(
			msg, len,
			"--tree daniel needs --lifecycle fork-exec-exit, --children 3 and more --loops than --threads (the last loop is the main shell's)");
	if (need <= limit)
		return 0;
	human_bytes(need, need_s, sizeof(need_s));
	human_bytes(limit, limit_s, sizeof(limit_s));
	biggest_term(cfg, why, sizeof(why));
	return usage_fail(
		msg, len,
		"a point needs %s, over the --mem-limit of %s; most of it is %s, or raise --mem-limit",
		need_s, limit_s, why);
}

/*
 * --mode model runs on a profile's CPUs, not this machine's: one that can
 * be loaded, as many CPUs as the threads, and nothing the model does not
 * model (scanner and churn threads are real threads).
 */
static int validate_model(const struct sweep *sw,
			  const struct value_list *threads,
			  enum placement placement, char *msg, size_t len)
{
	const struct config *c = &sw->base;
	const struct machine_profile *m;

	if (c->mode != MODE_MODEL)
		return profiles_is_host(c->machine) ?
			       0 :
			       usage_fail(msg, len,
					  "--machine %s needs --mode model",
					  c->machine->source);
	m = profiles_modelled(c->machine, msg, len);
	if (!m)
		return EXIT_USAGE;
	if (c->access_time.hit_ns > 0) {
		struct machine_profile with_hit = *m;

		if (profiles_set_hit(&with_hit, c->access_time.hit_ns, msg,
				     len))
			return EXIT_USAGE;
	}
	/* The model has no OS scheduler to leave a thread to. */
	if (placement == PLACEMENT_NONE)
		return usage_fail(
			msg, len,
			"--placement none leaves threads to the OS scheduler, which --mode model does not have; choose compact, scatter or cores-then-smt");
	for (unsigned int i = 0; i < threads->n; i++)
		if (threads->v[i] > m->nr_cpus)
			return usage_fail(
				msg, len,
				"--threads %g: machine %s has %u CPUs; --mode model runs one thread per modelled CPU",
				threads->v[i], c->machine ? m->name : "host",
				m->nr_cpus);
	for (unsigned int d = 0; d < NR_MODEL_REFUSED; d++) {
		const struct value_list *l =
			&sw->list[option_dim(option_find(model_refused[d]))];

		for (unsigned int i = 0; i < l->n; i++)
			if (l->v[i])
				return usage_fail(
					msg, len,
					"--%s is not modelled (its threads are real threads); drop it or use --mode measured",
					model_refused[d]);
	}
	return 0;
}

/* Every thread count of the sweep must have a placement plan. */
static int validate_threads(const struct plan *p, const struct sweep *sw,
			    const struct topo *topo, char *msg, size_t len)
{
	const struct value_list *threads =
		&sw->list[option_dim(option_find("threads"))];
	int cpus[THREADS_MAX];

	if (sw->base.mode != MODE_MODEL &&
	    (sw->base.access_time.hit_ns > 0 ||
	     sw->base.access_time.source != ACCESS_TIME_AUTO))
		return usage_fail(
			msg, len,
			"--access-time prices a modelled machine's cache hit: it needs --mode model");
	/* A measured run naming machine host is still planned on this one. */
	if (sw->base.mode == MODE_MODEL || sw->base.machine) {
		int ret = validate_model(sw, threads, p->placement, msg, len);

		if (ret || sw->base.mode == MODE_MODEL)
			return ret;
	}
	for (unsigned int i = 0; i < threads->n; i++)
		if (topo_plan(topo, threads->v[i], p->placement,
			      sw->base.oversubscribe, cpus, msg, len))
			return EXIT_USAGE;
	return 0;
}

/* A named kernel configuration brings its own strategy. */
static int validate_kernel(const struct plan *p, const struct sweep *sw,
			   char *msg, size_t len)
{
	const struct value_list *k =
		&sw->list[option_dim(option_find("kernel"))];
	unsigned int nr = sw - p->sweeps;
	char which[32] = "the sweep";
	bool named = false;

	for (unsigned int i = 0; i < k->n; i++)
		named |= k->v[i] != 0;
	if (!named ||
	    (sw->nr_strategies == 1 && !strcmp(sw->strategy[0]->name, "none")))
		return 0;
	/* Say which strategy: a sweep after --then has the one before's. */
	if (nr)
		snprintf(which, sizeof(which), "sweep %u", nr + 1);
	return usage_fail(
		msg, len,
		"--kernel sets each point's strategy, but %s runs --strategy %s%s%s; give --strategy none with --kernel",
		which, sw->strategy[0]->name,
		sw->nr_strategies > 1 ? ",..." : "",
		nr ? " (a sweep after --then keeps the strategy before it)" :
		     "");
}

static int validate_sweep(const struct plan *p, const struct sweep *sw,
			  double limit, const struct topo *topo, char *msg,
			  size_t len)
{
	unsigned long n = sweep_points(sw);
	struct config cfg;
	int ret;

	if (n == ULONG_MAX || (double)n * sweep_reps_cap(sw) > 1e7)
		return usage_fail(
			msg, len,
			"the sweep has %s%lu points times %u reps: more than 10000000; shorten the lists",
			n == ULONG_MAX ? "over " : "", n, sweep_reps_cap(sw));
	ret = validate_kernel(p, sw, msg, len);
	if (!ret)
		ret = reps_max_validate(p, sw, msg, len);
	if (!ret)
		ret = validate_threads(p, sw, topo, msg, len);
	for (unsigned long k = 0; !ret && k < n; k++) {
		sweep_point(sw, k, &cfg);
		ret = validate_point(&cfg, limit, msg, len);
	}
	return ret;
}

int plan_validate(const struct plan *p, double mem_limit, char *msg, size_t len)
{
	/* Default: three quarters of what is available now. */
	double limit = mem_limit ? mem_limit : 0.75 * sys_mem_available();
	struct topo *topo;
	int ret = 0;

	if (topo_load(&topo, NULL, msg, len))
		return 1;
	for (unsigned int i = 0; !ret && i < p->nr_sweeps; i++)
		ret = validate_sweep(p, &p->sweeps[i], limit, topo, msg, len);
	topo_destroy(topo);
	return ret;
}
