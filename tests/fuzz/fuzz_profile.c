// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target: machine profiles (src/machine/profile.c), as a file
 * through profile_load() (the NUL, size and name checks) and as text
 * through profile_parse().  Whatever the bytes, the parser answers within
 * the fuzzer's timeout (a topology is sized before hwloc builds it), and
 * a profile it accepts is one the model can run: 1 to MACHINE_MAX_CPUS
 * CPUs numbered 0 .. n-1, a power-of-two line, a cache of lines, every
 * cost at most 1 ms and a hit of at least 1 ps.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "machine/profile.h"

static char path[96];

static void check(const struct machine_profile *p)
{
	bool seen[MACHINE_MAX_CPUS] = { false };

	if (!p->nr_cpus || p->nr_cpus > MACHINE_MAX_CPUS || !p->nr_nodes)
		abort();
	for (unsigned int i = 0; i < p->nr_cpus; i++) {
		if (p->cpu[i].pu >= p->nr_cpus || seen[p->cpu[i].pu])
			abort();
		seen[p->cpu[i].pu] = true;
	}
	if (p->line_size < 16 || p->line_size > 1024 ||
	    (p->line_size & (p->line_size - 1)) || !p->cache_lines)
		abort();
	if (p->cost[COST_HIT] < 1)
		abort();
	for (int c = 0; c < NR_COSTS; c++)
		if (p->cost[c] > 1000000000ull)
			abort();
}

static void remove_file(void)
{
	unlink(path);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct machine_profile p;
	char msg[1024], *text = malloc(size + 1);
	FILE *f;

	if (!path[0]) {
		snprintf(path, sizeof(path), "%s/fuzz_profile.%d",
			 getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp",
			 (int)getpid());
		atexit(remove_file);
	}
	if (!text)
		abort();
	memcpy(text, data, size);
	text[size] = '\0';
	if (!profile_parse(&p, text, "fuzz", msg, sizeof(msg)))
		check(&p);
	free(text);
	f = fopen(path, "w");
	if (!f)
		abort();
	fwrite(data, 1, size, f);
	fclose(f);
	if (!profile_load(&p, path, msg, sizeof(msg)))
		check(&p);
	return 0;
}
