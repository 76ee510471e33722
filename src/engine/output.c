// SPDX-License-Identifier: GPL-2.0
/*
 * The raw CSV: long format, one row per point and repetition, metadata in
 * leading `# key: value` lines that gnuplot skips.  Every row goes out in
 * one write and is flushed, so an interrupted run leaves whole rows.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "output.h"
#include "model/page.h"
#include "params.h"
#include "model/pte_chain.h"
#include "strategy/strategy.h"
#include "lib/sysinfo.h"

#ifndef RMAPBENCH_CFLAGS
#define RMAPBENCH_CFLAGS "unknown"
#endif
#ifndef RMAPBENCH_GIT
#define RMAPBENCH_GIT "unknown"
#endif

/*
 * The measured columns, after the parameters.  A getter returns NAN for
 * "not measured here" (a lock figure of a strategy without that lock, any
 * accounting under --no-stats, a refused perf counter): the field is left
 * empty, never written as a zero.
 */
struct column {
	const char *name;
	const char *fmt;
	double (*get)(const struct point_result *r, const struct config *c);
};

static double per_pte(const struct point_result *r, double v)
{
	return r->ptes ? v / r->ptes : NAN;
}

static bool hashed_locks(const struct config *c)
{
	return c->stats && c->strategy->locks != LOCKS_NONE;
}

static double stat(const struct config *c, double v)
{
	return c->stats ? v : NAN;
}

#define COL(name, expr)                                        \
	static double col_##name(const struct point_result *r, \
				 const struct config *c)       \
	{                                                      \
		(void)r;                                       \
		(void)c;                                       \
		return (expr);                                 \
	}

COL(forks, r->forks)
COL(ptes, r->ptes)
COL(fork_ns_per_pte, per_pte(r, r->fork_ns))
COL(exit_ns_per_pte, per_pte(r, r->exit_ns))
COL(ns_per_pte, per_pte(r, r->fork_ns + r->exit_ns))
COL(forks_per_s, r->wall_s > 0 ? r->forks / r->wall_s : NAN)
COL(wall_s, r->wall_s)
COL(lock_acq_per_pte, stat(c, per_pte(r, r->stats.acquisitions)))
COL(lock_contended_pct,
    stat(c, r->stats.acquisitions ?
		    100.0 * r->stats.contended / r->stats.acquisitions :
		    NAN))
COL(lock_collision_pct,
    hashed_locks(c) && r->stats.acquisitions ?
	    100.0 * r->stats.collisions / r->stats.acquisitions :
	    NAN)
COL(locks_per_line,
    c->strategy->locks == LOCKS_NONE ?
	    NAN :
	    (double)L1_CACHE_BYTES / (c->strategy->locks == LOCKS_PACKED ?
					      sizeof(spinlock_t) :
					      c->lock_stride))
COL(lock_retries, stat(c, r->stats.retries))
COL(chain_walk_avg,
    stat(c,
	 r->stats.removes ? (double)r->stats.walked / r->stats.removes : NAN))
COL(chain_walk_max, stat(c, r->stats.removes ? r->stats.max_walk : NAN))

#define LATENCY(phase)                                                        \
	COL(phase##_p50_ns, stat(c, hist_percentile(&r->phase##_lat, 50)))    \
	COL(phase##_p90_ns, stat(c, hist_percentile(&r->phase##_lat, 90)))    \
	COL(phase##_p99_ns, stat(c, hist_percentile(&r->phase##_lat, 99)))    \
	COL(phase##_p999_ns, stat(c, hist_percentile(&r->phase##_lat, 99.9))) \
	COL(phase##_max_ns, stat(c, r->phase##_lat.max))
LATENCY(fork)
LATENCY(exit)

COL(forks_thread_min, r->forks_min)
COL(forks_thread_max, r->forks_max)
COL(forks_thread_cv, r->forks_cv)
COL(all_running_pct, 100 * r->all_running)

static double counter(const struct point_result *r, enum perf_counter c,
		      bool per)
{
	if (r->perf[c] == PERF_NONE)
		return NAN;
	return per ? per_pte(r, r->perf[c]) : r->perf[c];
}

COL(cycles_per_pte, counter(r, PERF_CYCLES, true))
COL(instructions_per_pte, counter(r, PERF_INSTRUCTIONS, true))
COL(cache_misses_per_pte, counter(r, PERF_CACHE_MISSES, true))
COL(ctx_switches, counter(r, PERF_CTX_SWITCHES, false))
COL(migrations, counter(r, PERF_MIGRATIONS, false))
COL(index_changes, r->churned)

static double scanned(const struct point_result *r, const struct config *c,
		      double v)
{
	return c->reclaim && r->reclaim.scanned ? v : NAN;
}

#define RS(field) ((double)r->reclaim.field)
COL(reclaim_pages_per_s, scanned(r, c, RS(scanned) / r->scan_s))
COL(reclaim_p50_ns, scanned(r, c, hist_percentile(&r->reclaim_lat, 50)))
COL(reclaim_p99_ns, scanned(r, c, hist_percentile(&r->reclaim_lat, 99)))
COL(reclaim_max_ns, scanned(r, c, r->reclaim_lat.max))
COL(reclaim_young_per_page, scanned(r, c, RS(referenced) / RS(scanned)))
COL(reclaim_collapsed, scanned(r, c, RS(collapsed)))
COL(reclaim_backoff_pct,
    scanned(r, c, RS(trylocks) ? 100 * RS(backoffs) / RS(trylocks) : NAN))

#define C(name, fmt)                   \
	{                              \
#name, fmt, col_##name \
	}
static const struct column columns[] = {
	C(forks, "%.0f"),
	C(ptes, "%.0f"),
	C(fork_ns_per_pte, "%.3f"),
	C(exit_ns_per_pte, "%.3f"),
	C(ns_per_pte, "%.3f"),
	C(forks_per_s, "%.1f"),
	C(wall_s, "%.4f"),
	C(lock_acq_per_pte, "%.4f"),
	C(lock_contended_pct, "%.3f"),
	C(lock_collision_pct, "%.3f"),
	C(locks_per_line, "%g"),
	C(lock_retries, "%.0f"),
	C(chain_walk_avg, "%.3f"),
	C(chain_walk_max, "%.0f"),
	C(fork_p50_ns, "%.0f"),
	C(fork_p90_ns, "%.0f"),
	C(fork_p99_ns, "%.0f"),
	C(fork_p999_ns, "%.0f"),
	C(fork_max_ns, "%.0f"),
	C(exit_p50_ns, "%.0f"),
	C(exit_p90_ns, "%.0f"),
	C(exit_p99_ns, "%.0f"),
	C(exit_p999_ns, "%.0f"),
	C(exit_max_ns, "%.0f"),
	C(forks_thread_min, "%.0f"),
	C(forks_thread_max, "%.0f"),
	C(forks_thread_cv, "%.4f"),
	C(all_running_pct, "%.2f"),
	C(cycles_per_pte, "%.2f"),
	C(instructions_per_pte, "%.2f"),
	C(cache_misses_per_pte, "%.4f"),
	C(ctx_switches, "%.0f"),
	C(migrations, "%.0f"),
	C(index_changes, "%.0f"),
	C(reclaim_pages_per_s, "%.0f"),
	C(reclaim_p50_ns, "%.0f"),
	C(reclaim_p99_ns, "%.0f"),
	C(reclaim_max_ns, "%.0f"),
	C(reclaim_young_per_page, "%.4f"),
	C(reclaim_collapsed, "%.0f"),
	C(reclaim_backoff_pct, "%.3f"),
};

static void command_line(char *buf, size_t len, int argc, char **argv)
{
	size_t n = 0;

	buf[0] = '\0';
	for (int i = 0; i < argc && n < len; i++) {
		const char *a = argv[i];
		bool quote = !*a || strpbrk(a, " \t'\"\\$`;&|<>()*?") != NULL;

		n += snprintf(buf + n, len - n, i ? " " : "");
		if (!quote) {
			n += snprintf(buf + n, len - n, "%s", a);
			continue;
		}
		/* Single quotes, with ' written as '\'' */
		n += snprintf(buf + n, len - n, "'");
		for (; *a && n < len; a++)
			n += snprintf(buf + n, len - n,
				      *a == '\'' ? "'\\''" : "%c", *a);
		n += snprintf(buf + n, len - n, "'");
	}
}

int csv_write_meta(FILE *f, int argc, char **argv, const struct meta *run,
		   unsigned int nr_run)
{
	char cpu[256], kernel[256], host[256], date[64], cmd[4096];

	sys_cpu_model(cpu, sizeof(cpu));
	sys_kernel(kernel, sizeof(kernel));
	sys_host(host, sizeof(host));
	sys_date(date, sizeof(date));
	command_line(cmd, sizeof(cmd), argc, argv);
	fprintf(f, "# rmapbench: %s\n", RMAPBENCH_VERSION);
	fprintf(f, "# schema: %d\n", CSV_SCHEMA);
	fprintf(f, "# git: %s\n", RMAPBENCH_GIT);
	fprintf(f, "# date: %s\n", date);
	fprintf(f, "# host: %s\n", host);
	fprintf(f, "# cpu: %s\n", cpu);
	fprintf(f, "# kernel: %s\n", kernel);
	fprintf(f, "# compiler: %s\n", __VERSION__);
	fprintf(f, "# cflags: %s\n", RMAPBENCH_CFLAGS);
	fprintf(f, "# cacheline: %ld (model: %d)\n", sys_cacheline(),
		L1_CACHE_BYTES);
	fprintf(f, "# sizeof_page: %zu\n", sizeof(struct page));
	fprintf(f, "# sizeof_pte_chain: %zu (NRPTE %zu)\n",
		sizeof(struct pte_chain), NRPTE_MAX);
	fprintf(f, "# command: %s\n", cmd);
	for (unsigned int i = 0; i < nr_run; i++)
		fprintf(f, "# %s: %s\n", run[i].key, run[i].value);
	return ferror(f) ? -1 : 0;
}

int csv_write_header(FILE *f, int argc, char **argv, const struct meta *run,
		     unsigned int nr_run)
{
	if (csv_write_meta(f, argc, argv, run, nr_run))
		return -1;
	fputs("strategy", f);
	for (unsigned int i = 0; i < nr_params; i++)
		fprintf(f, ",%s", params[i].name);
	fputs(",alloc,anon_index,rep,cpus,status", f);
	for (size_t i = 0; i < ARRAY_SIZE(columns); i++)
		fprintf(f, ",%s", columns[i].name);
	fputc('\n', f);
	return fflush(f) || ferror(f) ? -1 : 0;
}

int csv_write_row(FILE *f, const struct config *cfg, unsigned int rep,
		  const char *cpus, const char *status,
		  const struct point_result *res)
{
	char param[64], *row = NULL;
	size_t size = 0;
	FILE *m = open_memstream(&row, &size);
	int ret;

	if (!m)
		return -1;
	fputs(cfg->strategy->name, m);
	for (unsigned int i = 0; i < nr_params; i++) {
		param_format(&params[i], cfg, param, sizeof(param));
		fprintf(m, ",%s", param);
	}
	fprintf(m, ",%s,%s,%u,%s,%s",
		cfg->alloc == ALLOC_GLOBAL ? "global" : "percpu",
		cfg->anon_index == ANON_INDEX_VADDR ? "vaddr" : "sequence", rep,
		cpus, status);
	for (size_t i = 0; i < ARRAY_SIZE(columns); i++) {
		double v = res ? columns[i].get(res, cfg) : NAN;

		fputc(',', m);
		if (!isnan(v))
			fprintf(m, columns[i].fmt, v);
	}
	fputc('\n', m);
	ret = fclose(m);
	if (!ret && fwrite(row, 1, size, f) != size)
		ret = -1;
	free(row);
	return ret || fflush(f) || ferror(f) ? -1 : 0;
}
