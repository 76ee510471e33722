// SPDX-License-Identifier: GPL-2.0
/*
 * The raw CSV: long format, one row per point and repetition, metadata in
 * leading `# key: value` lines that gnuplot skips.  Every row goes out in
 * one write and is flushed, so an interrupted run leaves whole rows.
 */
#include <stdlib.h>
#include <string.h>
#include "output.h"
#include "page.h"
#include "params.h"
#include "pte_chain.h"
#include "strategy.h"
#include "sysinfo.h"

#ifndef RMAPBENCH_CFLAGS
#define RMAPBENCH_CFLAGS "unknown"
#endif
#ifndef RMAPBENCH_GIT
#define RMAPBENCH_GIT "unknown"
#endif

struct column {
	const char *name;
	const char *fmt;
	double (*get)(const struct point_result *r);
};

static double forks(const struct point_result *r)
{
	return r->forks;
}

static double ptes(const struct point_result *r)
{
	return r->ptes;
}

static double fork_ns_per_pte(const struct point_result *r)
{
	return result_ns_per_pte(r, r->fork_ns);
}

static double exit_ns_per_pte(const struct point_result *r)
{
	return result_ns_per_pte(r, r->exit_ns);
}

static double ns_per_pte(const struct point_result *r)
{
	return result_ns_per_pte(r, r->fork_ns + r->exit_ns);
}

static double forks_per_s(const struct point_result *r)
{
	return r->wall_s > 0 ? r->forks / r->wall_s : 0;
}

static double wall_s(const struct point_result *r)
{
	return r->wall_s;
}

static const struct column columns[] = {
	{ "forks", "%.0f", forks },
	{ "ptes", "%.0f", ptes },
	{ "fork_ns_per_pte", "%.3f", fork_ns_per_pte },
	{ "exit_ns_per_pte", "%.3f", exit_ns_per_pte },
	{ "ns_per_pte", "%.3f", ns_per_pte },
	{ "forks_per_s", "%.1f", forks_per_s },
	{ "wall_s", "%.4f", wall_s },
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
			n += snprintf(buf + n, len - n, *a == '\'' ? "'\\''" : "%c", *a);
		n += snprintf(buf + n, len - n, "'");
	}
}

int csv_write_header(FILE *f, int argc, char **argv, const struct meta *run,
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
	fprintf(f, "# cacheline: %ld (model: %d)\n", sys_cacheline(), L1_CACHE_BYTES);
	fprintf(f, "# sizeof_page: %zu\n", sizeof(struct page));
	fprintf(f, "# sizeof_pte_chain: %zu (NRPTE %zu)\n",
		sizeof(struct pte_chain), NRPTE_MAX);
	fprintf(f, "# command: %s\n", cmd);
	for (unsigned int i = 0; i < nr_run; i++)
		fprintf(f, "# %s: %s\n", run[i].key, run[i].value);
	fputs("strategy", f);
	for (unsigned int i = 0; i < nr_params; i++)
		fprintf(f, ",%s", params[i].name);
	fputs(",alloc,anon_index,direct,rep,cpus,status", f);
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
	fprintf(m, ",%s,%s,%d,%u,%s,%s",
		cfg->alloc == ALLOC_GLOBAL ? "global" : "percpu",
		cfg->anon_index == ANON_INDEX_VADDR ? "vaddr" : "sequence",
		cfg->direct, rep, cpus, status);
	for (size_t i = 0; i < ARRAY_SIZE(columns); i++) {
		fputc(',', m);
		if (res)
			fprintf(m, columns[i].fmt, columns[i].get(res));
	}
	fputc('\n', m);
	ret = fclose(m);
	if (!ret && fwrite(row, 1, size, f) != size)
		ret = -1;
	free(row);
	return ret || fflush(f) || ferror(f) ? -1 : 0;
}
