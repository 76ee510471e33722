// SPDX-License-Identifier: GPL-2.0
/* --shard I/N: which points a shard runs, and its `# shard:` line. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "shard.h"
#include "lib/util.h"

/* A whole number from 1 to SHARDS_MAX, the whole of [s, end). */
static bool shard_number(const char *s, const char *end, unsigned int *v)
{
	unsigned long n = 0;

	if (s == end || end - s > 6)
		return false;
	for (; s < end; s++) {
		if (*s < '0' || *s > '9')
			return false;
		n = n * 10 + (unsigned long)(*s - '0');
	}
	*v = (unsigned int)n;
	return n >= 1 && n <= SHARDS_MAX;
}

int shard_parse(const char *text, unsigned int *i, unsigned int *n, char *msg,
		size_t len)
{
	const char *slash = strchr(text, '/');

	if (!slash || !shard_number(text, slash, i) ||
	    !shard_number(slash + 1, slash + strlen(slash), n) || *i > *n)
		return usage_fail(
			msg, len,
			"invalid --shard '%.40s': I/N, shard I of N, 1 <= I <= N <= %d (SLURM: $SLURM_ARRAY_TASK_ID/$SLURM_ARRAY_TASK_COUNT with --array=1-N)",
			text, SHARDS_MAX);
	return 0;
}

unsigned long shard_plan_points(const struct plan *p)
{
	unsigned long n = 0;

	for (unsigned int i = 0; i < p->nr_sweeps; i++)
		n += sweep_points(&p->sweeps[i]) *
		     sweep_reps_cap(&p->sweeps[i]);
	return n;
}

int shard_check_plan(const struct plan *p, unsigned int n, char *msg,
		     size_t len)
{
	unsigned long points = shard_plan_points(p);

	for (unsigned int i = 0; i < p->nr_sweeps; i++)
		if (p->sweeps[i].base.mode != MODE_MODEL)
			return usage_fail(
				msg, len,
				"--shard spreads modelled points over machines, and sweep %u measures this host: run a measured suite on one machine",
				i + 1);
	if (n > points)
		return usage_fail(
			msg, len,
			"--shard I/%u: the plan has %lu points, so some shards would run none; give N at most %lu",
			n, points, points);
	return 0;
}

void shard_format(char *buf, size_t len, unsigned int i, unsigned int n,
		  unsigned long points)
{
	snprintf(buf, len, "%u/%u of %lu points", i, n, points);
}

int shard_parse_meta(const char *value, unsigned int *i, unsigned int *n,
		     unsigned long *points)
{
	char again[64];
	int end = 0;

	if (sscanf(value, "%u/%u of %lu points%n", i, n, points, &end) != 3 ||
	    value[end])
		return -1;
	/* Exactly as written: no sign, no leading zero, a sane split. */
	shard_format(again, sizeof(again), *i, *n, *points);
	return strcmp(again, value) || !*i || *i > *n || *n > SHARDS_MAX ||
			       *n > *points ?
		       -1 :
		       0;
}
