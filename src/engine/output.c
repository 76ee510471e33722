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
#include "options.h"
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

/* The files' i_mmap locks of the vma strategies (model/vma.h), fork+exit. */
static double file_locks_per_fork(const struct point_result *r,
				  const struct config *c)
{
	if (!c->stats || !r->stats.file_locks || !r->forks)
		return NAN;
	return (double)r->stats.file_locks / r->forks;
}

/* What the untimed RMAP_COUNT round counted (model/access.h), per pte. */
static double tally(const struct point_result *r, const struct config *c,
		    double v)
{
	return c->stats && r->tally.ptes ? v / r->tally.ptes : NAN;
}

static double locks_per_line(const struct config *c)
{
	if (c->strategy->locks == LOCKS_NONE)
		return NAN;
	return (double)L1_CACHE_BYTES / (c->strategy->locks == LOCKS_PACKED ?
						 sizeof(spinlock_t) :
						 c->lock_stride);
}

static bool execs(const struct config *c)
{
	return c->lifecycle == LIFECYCLE_FORK_EXEC_EXIT;
}

static double counter(const struct point_result *r, enum perf_counter c,
		      bool per)
{
	if (r->perf[c] == PERF_NONE)
		return NAN;
	return per ? per_pte(r, r->perf[c]) : r->perf[c];
}

/* What the modelled machine counted, per pte; measured points have none. */
static double model(const struct point_result *r, double v)
{
	return r->modelled ? per_pte(r, v) : NAN;
}

static double scanned(const struct point_result *r, const struct config *c,
		      double v)
{
	return c->reclaim && r->reclaim.scanned ? v : NAN;
}

/*
 * Every measured column once: its name, its format and its value.  The
 * list expands into one getter per column and the table of them.
 */
#define LATENCY(X, phase)                                  \
	X(phase##_p50_ns, "%.0f",                          \
	  stat(c, hist_percentile(&r->phase##_lat, 50)))   \
	X(phase##_p90_ns, "%.0f",                          \
	  stat(c, hist_percentile(&r->phase##_lat, 90)))   \
	X(phase##_p99_ns, "%.0f",                          \
	  stat(c, hist_percentile(&r->phase##_lat, 99)))   \
	X(phase##_p999_ns, "%.0f",                         \
	  stat(c, hist_percentile(&r->phase##_lat, 99.9))) \
	X(phase##_max_ns, "%.0f", stat(c, r->phase##_lat.max))

#define RS(field) ((double)r->reclaim.field)

#define COLUMNS(X)                                                             \
	X(forks, "%.0f", r->forks)                                             \
	X(ptes, "%.0f", r->ptes)                                               \
	X(fork_ns_per_pte, "%.3f", per_pte(r, r->fork_ns))                     \
	X(exec_ns_per_pte, "%.3f", execs(c) ? per_pte(r, r->exec_ns) : NAN)    \
	X(fault_ns_per_pte, "%.3f",                                            \
	  r->faults ? (double)r->fault_ns / r->faults : NAN)                   \
	X(exit_ns_per_pte, "%.3f",                                             \
	  r->exit_ptes ? (double)r->exit_ns / r->exit_ptes :                   \
			 per_pte(r, r->exit_ns))                               \
	X(ns_per_pte, "%.3f",                                                  \
	  per_pte(r, r->fork_ns + r->exec_ns + r->fault_ns + r->exit_ns))      \
	X(faults, "%.0f", r->faults)                                           \
	X(other_ns_per_fork, "%.0f",                                           \
	  r->forks ? (double)r->other_ns / r->forks : NAN)                     \
	X(forks_per_s, "%.1f", r->wall_s > 0 ? r->forks / r->wall_s : NAN)     \
	X(wall_s, "%.4f", r->wall_s)                                           \
	X(lock_acq_per_pte, "%.4f",                                            \
	  stat(c, per_pte(r, r->stats.acquisitions)))                          \
	X(lock_contended_pct, "%.3f",                                          \
	  stat(c, r->stats.acquisitions ?                                      \
			  100.0 * r->stats.contended / r->stats.acquisitions : \
			  NAN))                                                \
	X(lock_collision_pct, "%.3f",                                          \
	  hashed_locks(c) && r->stats.acquisitions ?                           \
		  100.0 * r->stats.collisions / r->stats.acquisitions :        \
		  NAN)                                                         \
	X(locks_per_line, "%g", locks_per_line(c))                             \
	X(lock_retries, "%.0f", stat(c, r->stats.retries))                     \
	X(pool_locks_per_pte, "%.4f",                                          \
	  stat(c, per_pte(r, r->stats.pool_locks)))                            \
	X(fork_ptes_per_rmap_lock, "%.3f",                                     \
	  stat(c, r->stats.fork_locks ?                                        \
			  (double)r->ptes / r->stats.fork_locks :              \
			  NAN))                                                \
	X(fault_rmap_locks_per_fork, "%.2f",                                   \
	  stat(c, r->forks ? (double)r->stats.fault_locks / r->forks : NAN))   \
	X(file_locks_per_fork, "%.2f", file_locks_per_fork(r, c))              \
	X(file_lock_contended_pct, "%.3f",                                     \
	  stat(c, r->stats.file_locks ? 100.0 * r->stats.file_contended /      \
						r->stats.file_locks :          \
					NAN))                                  \
	X(chain_walk_avg, "%.3f",                                              \
	  stat(c, r->stats.removes ?                                           \
			  (double)r->stats.walked / r->stats.removes :         \
			  NAN))                                                \
	X(chain_walk_max, "%.0f",                                              \
	  stat(c, r->stats.removes ? r->stats.max_walk : NAN))                 \
	X(fork_atomics_per_pte, "%.4f", tally(r, c, r->tally.atomics[0]))      \
	X(exit_atomics_per_pte, "%.4f", tally(r, c, r->tally.atomics[1]))      \
	X(fork_lines_per_pte, "%.4f", tally(r, c, r->tally.lines[0]))          \
	X(exit_lines_per_pte, "%.4f", tally(r, c, r->tally.lines[1]))          \
	LATENCY(X, fork)                                                       \
	LATENCY(X, exit)                                                       \
	X(line_transfers_per_pte, "%.4f", model(r, r->machine.transfers))      \
	X(invalidations_per_pte, "%.4f", model(r, r->machine.invalidations))   \
	X(lock_handoffs_per_pte, "%.4f", model(r, r->machine.handoffs))        \
	X(spin_ns_per_pte, "%.3f", model(r, r->machine.spin_ps / 1000.0))      \
	X(forks_thread_min, "%.0f", r->forks_min)                              \
	X(forks_thread_max, "%.0f", r->forks_max)                              \
	X(forks_thread_cv, "%.4f", r->forks_cv)                                \
	X(all_running_pct, "%.2f", 100 * r->all_running)                       \
	X(pingpong_ns, "%.1f", r->pingpong_ns)                                 \
	X(cycles_per_pte, "%.2f", counter(r, PERF_CYCLES, true))               \
	X(instructions_per_pte, "%.2f", counter(r, PERF_INSTRUCTIONS, true))   \
	X(cache_misses_per_pte, "%.4f", counter(r, PERF_CACHE_MISSES, true))   \
	X(ctx_switches, "%.0f", counter(r, PERF_CTX_SWITCHES, false))          \
	X(migrations, "%.0f", counter(r, PERF_MIGRATIONS, false))              \
	X(index_changes, "%.0f", r->churned)                                   \
	X(reclaim_pages_per_s, "%.0f", scanned(r, c, RS(scanned) / r->scan_s)) \
	X(reclaim_p50_ns, "%.0f",                                              \
	  scanned(r, c, hist_percentile(&r->reclaim_lat, 50)))                 \
	X(reclaim_p99_ns, "%.0f",                                              \
	  scanned(r, c, hist_percentile(&r->reclaim_lat, 99)))                 \
	X(reclaim_max_ns, "%.0f", scanned(r, c, r->reclaim_lat.max))           \
	X(reclaim_young_per_page, "%.4f",                                      \
	  scanned(r, c, RS(referenced) / RS(scanned)))                         \
	X(reclaim_collapsed, "%.0f", scanned(r, c, RS(collapsed)))             \
	X(reclaim_backoff_pct, "%.3f",                                         \
	  scanned(r, c,                                                        \
		  RS(trylocks) ? 100 * RS(backoffs) / RS(trylocks) : NAN))

#define GETTER(name, fmt, expr)                                \
	static double col_##name(const struct point_result *r, \
				 const struct config *c)       \
	{                                                      \
		(void)r;                                       \
		(void)c;                                       \
		return (expr);                                 \
	}
COLUMNS(GETTER)

#define ENTRY(name, fmt, expr) { #name, fmt, col_##name },
static const struct column columns[] = { COLUMNS(ENTRY) };

double csv_row_value(const char *name, const struct config *cfg,
		     const struct point_result *res)
{
	char text[64];

	for (size_t i = 0; i < ARRAY_SIZE(columns); i++) {
		double v;

		if (strcmp(columns[i].name, name))
			continue;
		v = columns[i].get(res, cfg);
		if (isnan(v))
			return NAN;
		snprintf(text, sizeof(text), columns[i].fmt, v);
		return strtod(text, NULL);
	}
	return NAN;
}

/* True if the shell would read a, as one word, differently from its text. */
static bool needs_quotes(const char *a)
{
	return !*a || strpbrk(a, " \t'\"\\$`;&|<>()*?[]{}~#!") != NULL;
}

static bool has_control(const char *a)
{
	for (; *a; a++)
		if ((unsigned char)*a < 0x20 || *a == 0x7f)
			return true;
	return false;
}

/*
 * One argument as the shell reads it back: plain, in single quotes (' as
 * '\''), or, holding a newline or another control character, as bash's
 * $'...' with escapes, so that `# command:` stays one line of the CSV.
 */
static void put_arg(FILE *f, const char *a)
{
	if (has_control(a)) {
		fputs("$'", f);
		for (; *a; a++) {
			unsigned char c = *a;

			if (c == '\n')
				fputs("\\n", f);
			else if (c == '\t')
				fputs("\\t", f);
			else if (c == '\r')
				fputs("\\r", f);
			else if (c < 0x20 || c == 0x7f)
				fprintf(f, "\\x%02x", c);
			else if (c == '\'' || c == '\\')
				fprintf(f, "\\%c", c);
			else
				fputc(c, f);
		}
		fputc('\'', f);
		return;
	}
	if (!needs_quotes(a)) {
		fputs(a, f);
		return;
	}
	fputc('\'', f);
	for (; *a; a++) {
		if (*a == '\'')
			fputs("'\\''", f);
		else
			fputc(*a, f);
	}
	fputc('\'', f);
}

int csv_write_meta(FILE *f, int argc, char **argv, const struct meta *run,
		   unsigned int nr_run)
{
	char cpu[256], kernel[256], host[256], date[64];

	sys_cpu_model(cpu, sizeof(cpu));
	sys_kernel(kernel, sizeof(kernel));
	sys_host(host, sizeof(host));
	sys_date(date, sizeof(date));
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
	fputs("# command:", f);
	for (int i = 0; i < argc; i++) {
		fputc(' ', f);
		put_arg(f, argv[i]);
	}
	fputc('\n', f);
	for (unsigned int i = 0; i < nr_run; i++)
		csv_put_meta(f, run[i].key, run[i].value);
	return ferror(f) ? -1 : 0;
}

int csv_write_header(FILE *f, int argc, char **argv, const struct meta *run,
		     unsigned int nr_run)
{
	char name[64];

	if (csv_write_meta(f, argc, argv, run, nr_run))
		return -1;
	fputs("strategy", f);
	for (unsigned int i = 0; i < nr_run_options; i++) {
		if (!run_options[i].column)
			continue;
		option_column(&run_options[i], name, sizeof(name));
		fprintf(f, ",%s", name);
	}
	fputs(",rep,cpus,status", f);
	for (size_t i = 0; i < ARRAY_SIZE(columns); i++)
		fprintf(f, ",%s", columns[i].name);
	fputc('\n', f);
	return fflush(f) || ferror(f) ? -1 : 0;
}

int csv_write_row(FILE *f, const struct config *cfg, unsigned int rep,
		  const char *cpus, const char *status,
		  const struct point_result *res)
{
	char *row = NULL;
	size_t size = 0;
	FILE *m = open_memstream(&row, &size);
	int ret;

	if (!m)
		return -1;
	fputs(cfg->strategy->name, m);
	for (unsigned int i = 0; i < nr_run_options; i++) {
		const struct run_option *o = &run_options[i];

		if (!o->column)
			continue;
		fputc(',', m);
		if (o->type == OPT_CUSTOM)
			o->format((const char *)cfg + o->offset, m);
		else
			option_format_value(
				o,
				option_load(o, (const char *)cfg + o->offset),
				m);
	}
	fprintf(m, ",%u,%s,%s", rep, cpus, status);
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
