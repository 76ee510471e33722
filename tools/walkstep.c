// SPDX-License-Identifier: GPL-2.0
/*
 * rmapbench-walkstep: two CPUs run none's rounds in miniature, to see how
 * long two forking CPUs stay in step and what a round costs in step.  A
 * round is a fork walk over 1024 ptes, then an exit walk over them: per
 * pte, W stores to lines of the CPU's own (the pte copy and the rest of
 * the loop), then a locked increment (fork: get_page()) or decrement
 * (exit: put_page()) of the page's count, on a line both CPUs walk for
 * the even ptes (a file page's struct page) and on one of the CPU's own
 * for the odd (an anonymous page), as --file-frac 0.5 lays them out.
 * Both CPUs walk the same struct pages in the same order, as two forking
 * CPUs do.  It prints the forks' p10, p50 and p90 in us, the share of
 * forks that took over twice the p10 (in step: the other CPU walked the
 * same lines within a prefetcher's reach) and how many such forks came
 * in a row, on average; the first tenth of the rounds is left out.
 *
 * Built twice from this file: rmapbench-walkstep runs two threads on
 * CPUs 0 and 1 of this host; rmapbench-walkstep-model (TWIN_MODEL, twin.h)
 * runs two modelled CPUs on a machine profile, started at phases drawn
 * from SEED and drawing the profile's round jitter before each round as
 * a modelled point does (model_run.c).  The two side by side show the
 * phase dynamics the model gives against the host's (docs/model.md,
 * "Two walkers in and out of step"):
 *
 *	rmapbench-walkstep ROUNDS W [OFFSETS]
 *	rmapbench-walkstep-model ROUNDS W PROFILE SEED [OFFSETS]
 *
 * With OFFSETS (ns, comma-separated) the walkers do not run free: each
 * round starts on a clock both read, every OFFSET_PERIOD_NS, CPU 1 an
 * offset after CPU 0, the offset drawn for the round from the list (the
 * same draw on both CPUs).  It measures what starting that near does: for
 * each offset, how many rounds glued (both forks over twice the p10) after
 * a round apart and after a round glued.  Where the walkers catch each
 * other and how surely, without the phase drift that decides it when they
 * run free.  Give one wide offset among them (3000), so that the p10 is
 * a fork apart.
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "twin.h"
#include "lib/stats.h"
#include "model/access.h"

#define NR_PTES 1024
#define OWN_LINES 64
/* Start phases spread over this much virtual time, in ps: a few rounds. */
#define PHASE_SPAN_PS 100000000ull
/* Rounds started on a clock: longer than a round in step with W 8. */
#define OFFSET_PERIOD_NS 250000ull
#define MAX_OFFSETS 16

struct count_line {
	atomic_ulong count;
	char pad[64 - sizeof(atomic_ulong)];
};

static _Alignas(64) struct count_line file_page[NR_PTES / 2];
static _Alignas(64) struct count_line anon_page[2][NR_PTES / 2];
static _Alignas(64) atomic_ulong own[2][OWN_LINES * 8];
static unsigned long rounds, nr_stores;
static double *fork_ns[2];
static uint64_t offset_ns[MAX_OFFSETS], start_ns;
static unsigned int nr_offsets;

static void walk(unsigned int cpu, bool fork, unsigned long *w)
{
	for (unsigned int i = 0; i < NR_PTES; i++) {
		atomic_ulong *count = i & 1 ? &anon_page[cpu][i / 2].count :
					      &file_page[i / 2].count;

		for (unsigned long s = 0; s < nr_stores; s++) {
			mem_store(&own[cpu][*w], i, memory_order_relaxed);
			*w = (*w + 8) % (OWN_LINES * 8);
		}
		if (fork)
			mem_fetch_add(count, 1, memory_order_seq_cst);
		else
			mem_fetch_sub(count, 1, memory_order_seq_cst);
	}
}

#ifdef TWIN_MODEL
static const struct machine_profile *prof;
static uint64_t seed, jitter_rng[2];

/* The wait model_run.c's round_jitter() draws before a round. */
static void round_jitter(unsigned int cpu, uint64_t round_ns)
{
	uint64_t ps;

	if (profile_round_jitter(prof, &jitter_rng[cpu], round_ns * 1000, &ps))
		machine_delay(ps);
}

/* Each CPU starts at a phase drawn from the seed, as model_run.c's do. */
static void step_setup(struct machine *m, const struct machine_profile *p)
{
	prof = p;
	for (unsigned int cpu = 0; cpu < 2; cpu++) {
		uint64_t draw = splitmix64(&seed) % PHASE_SPAN_PS;

		/* with offsets, the round's start sets the phase */
		machine_set_clock(m, cpu, nr_offsets ? 0 : draw);
		jitter_rng[cpu] = profile_jitter_seed(draw, cpu);
	}
}

#else
#define step_setup NULL

static void round_jitter(unsigned int cpu, uint64_t round_ns)
{
	(void)cpu;
	(void)round_ns;
}

#endif

/* Round r's offset, as an index into offset_ns[]: both CPUs draw alike. */
static unsigned int offset_of(unsigned long r)
{
	uint64_t x = r;

	return (unsigned int)(splitmix64(&x) % nr_offsets);
}

/* In offset mode a round starts on the shared clock, CPU 1 an offset on. */
static void round_start(unsigned int cpu, unsigned long r)
{
	if (!nr_offsets)
		return;
	twin_wait_until(start_ns + r * OFFSET_PERIOD_NS +
			cpu * offset_ns[offset_of(r)]);
}

static void step_loop(unsigned int cpu)
{
	unsigned long w = 0;
	uint64_t t0, t1, round_ns = 0;

	for (unsigned long r = 0; r < rounds; r++) {
		round_start(cpu, r);
		round_jitter(cpu, round_ns);
		t0 = twin_clock_ns();
		walk(cpu, true, &w);
		t1 = twin_clock_ns();
		walk(cpu, false, &w);
		round_ns = twin_clock_ns() - t0;
		fork_ns[cpu][r] = (double)(t1 - t0);
	}
}

/*
 * Per offset: the rounds glued (both forks over twice the p10) of those
 * after a round apart, and of those after a round glued.
 */
static void report_offsets(unsigned long first, double p10)
{
	unsigned long glued[MAX_OFFSETS][2] = { 0 }, of[MAX_OFFSETS][2] = { 0 };
	bool before = false;

	for (unsigned long r = first; r < rounds; r++) {
		unsigned int k = offset_of(r);
		bool g = fork_ns[0][r] > 2 * p10 && fork_ns[1][r] > 2 * p10;

		of[k][before]++;
		glued[k][before] += g;
		before = g;
	}
	for (unsigned int k = 0; k < nr_offsets; k++)
		printf("W %lu offset us %.2f glued %lu of %lu after apart, %lu of %lu after glued\n",
		       nr_stores, offset_ns[k] / 1e3, glued[k][0], of[k][0],
		       glued[k][1], of[k][1]);
}

/* The forks after the first tenth: percentiles, share in step, runs. */
static void report(void)
{
	unsigned long first = rounds / 10, n = rounds - first, slow = 0;
	unsigned long runs = 0;
	double *all = calloc(2 * n, sizeof(*all)), p10;

	if (!all) {
		perror("rmapbench-walkstep");
		exit(1);
	}
	for (unsigned int c = 0; c < 2; c++)
		memcpy(all + c * n, fork_ns[c] + first, n * sizeof(*all));
	stats_sort(all, 2 * n);
	p10 = all[2 * n / 10];
	if (nr_offsets) {
		report_offsets(first, p10);
		free(all);
		return;
	}
	for (unsigned int c = 0; c < 2; c++) {
		bool in = false;

		for (unsigned long r = first; r < rounds; r++) {
			bool s = fork_ns[c][r] > 2 * p10;

			slow += s;
			runs += s && !in;
			in = s;
		}
	}
	printf("W %lu fork us p10 %.1f p50 %.1f p90 %.1f in step %.0f%% run %.1f\n",
	       nr_stores, p10 / 1e3, all[n] / 1e3, all[2 * n * 9 / 10] / 1e3,
	       100.0 * slow / (2 * n), runs ? (double)slow / runs : 0.0);
	free(all);
}

/* OFFSETS: up to MAX_OFFSETS ns, each under a quarter of the period. */
static bool parse_offsets(const char *arg)
{
	const char *p = arg;
	char *end;

	do {
		unsigned long long ns = strtoull(p, &end, 10);

		if (end == p || *p == '-' || nr_offsets == MAX_OFFSETS ||
		    ns > OFFSET_PERIOD_NS / 4 || (*end && *end != ','))
			return false;
		offset_ns[nr_offsets++] = ns;
		p = end + 1;
	} while (*end);
	return true;
}

int main(int argc, char **argv)
{
#ifdef TWIN_MODEL
	const int want = 5;
	const char *usage =
		"usage: rmapbench-walkstep-model ROUNDS W PROFILE SEED [OFFSETS]";
#else
	const int want = 3;
	const char *usage = "usage: rmapbench-walkstep ROUNDS W [OFFSETS]";
#endif

	if ((argc != want && argc != want + 1) ||
	    (rounds = strtoul(argv[1], NULL, 10)) < 10 ||
	    (argc > want && !parse_offsets(argv[want]))) {
		fprintf(stderr,
			"%s (ROUNDS >= 10 a CPU, W stores a pte, OFFSETS up to %d in ns, comma-separated, each at most %llu)\n",
			usage, MAX_OFFSETS, OFFSET_PERIOD_NS / 4);
		return 2;
	}
	nr_stores = strtoul(argv[2], NULL, 10);
	for (unsigned int c = 0; c < 2; c++) {
		fork_ns[c] = calloc(rounds, sizeof(*fork_ns[c]));
		if (!fork_ns[c]) {
			perror("rmapbench-walkstep");
			return 1;
		}
	}
#ifdef TWIN_MODEL
	seed = strtoull(argv[4], NULL, 10);
#endif
	start_ns = twin_clock_ns() + OFFSET_PERIOD_NS;
	if (twin_run(argv[0], want > 3 ? argv[3] : NULL, step_loop, step_setup))
		return 1;
	report();
	return 0;
}
