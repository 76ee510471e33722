// SPDX-License-Identifier: GPL-2.0
/* rmapbench topo: show the topology and where each thread would be pinned. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "commands.h"
#include "lib/topo.h"
#include "lib/compiler.h"
#include "lib/num.h"
#include "lib/opt.h"
#include "lib/util.h"

static const char topo_usage[] =
	"usage: rmapbench topo [--topology SPEC] [--threads N] [--placement P]\n"
	"         [--oversubscribe]\n"
	"SPEC is an hwloc XML file or a synthetic description such as\n"
	"\"pack:2 numa:2 core:4 pu:2\"; without it, this machine's CPUs that this\n"
	"process may use.  N defaults to every CPU.  P is one of\n" PLACEMENT_NAMES
	" (default compact).\n"
	"Each thread's line gives its OS CPU number, then the package, NUMA node\n"
	"and core (in topology order) and the PU's rank within the core.\n";

struct topo_opts {
	const char *spec;     /* NULL: this machine */
	unsigned int threads; /* 0: every CPU */
	enum placement placement;
	bool oversubscribe;
};

static void topo_parse(int argc, char **argv, struct topo_opts *o)
{
	const char *threads = NULL, *placement = NULL;
	const struct opt opts[] = {
		ARG_VALUE("--topology", &o->spec),
		ARG_VALUE("--threads", &threads),
		ARG_VALUE("--placement", &placement),
		ARG_FLAG("--oversubscribe", &o->oversubscribe),
	};
	const struct opt_spec spec = {
		.cmd = "topo",
		.opts = opts,
		.nr_opts = ARRAY_SIZE(opts),
		.too_many =
			"unexpected argument '%s'; see 'rmapbench topo --help'",
	};
	char msg[256];
	double v;

	*o = (struct topo_opts){ .placement = PLACEMENT_DEFAULT };
	opt_parse_or_exit(&spec, argc, argv, topo_usage);
	if (threads && num_parse_option("--threads", threads, 1, 1000000, true,
					&v, msg, sizeof(msg)))
		die(EXIT_USAGE, "%s", msg);
	o->threads = threads ? v : 0;
	if (placement && placement_parse(placement, &o->placement))
		die(EXIT_USAGE, "invalid --placement '%s': choose one of %s",
		    placement, PLACEMENT_NAMES);
}

static void print_thread(const struct topo *t, unsigned int i, int cpu)
{
	struct topo_cpu w;

	if (cpu < 0) {
		printf("thread %u -> unpinned\n", i);
		return;
	}
	if (topo_cpu_info(t, cpu, &w)) {
		printf("thread %u -> cpu %d\n", i, cpu);
		return;
	}
	printf("thread %u -> cpu %d (package %u, numa %u, core %u, pu %u)\n", i,
	       cpu, w.package, w.numa, w.core, w.smt);
}

static void print_plan(const struct topo *t, const struct topo_opts *o,
		       const int *cpus, unsigned int threads, const char *note)
{
	char buf[1024];
	char *list;

	topo_summary(t, buf, sizeof(buf));
	printf("topology: %s\n",
	       o->spec ? o->spec : "this machine (allowed CPUs)");
	printf("%s\n", buf);
	if (!topo_numa_distances(t, buf, sizeof(buf)))
		printf("NUMA distances: %s\n", buf);
	printf("placement: %s, %u thread%s\n", placement_name(o->placement),
	       threads, threads == 1 ? "" : "s");
	if (note[0])
		printf("%s\n", note);
	for (unsigned int i = 0; i < threads; i++)
		print_thread(t, i, cpus[i]);
	list = malloc(TOPO_CPUS_BUFLEN(threads));
	if (!list)
		die_oom("the CPU list");
	topo_format_cpus(cpus, threads, list, TOPO_CPUS_BUFLEN(threads));
	printf("cpus: %s\n", list);
	free(list);
}

int cmd_topo(int argc, char **argv)
{
	struct topo_opts o;
	struct topo *t;
	char msg[512];
	unsigned int threads;
	int *cpus;

	topo_parse(argc, argv, &o);
	if (topo_load(&t, o.spec, msg, sizeof(msg)))
		die(EXIT_USAGE, "%s", msg);
	threads = o.threads ? o.threads : topo_nr_cpus(t);
	cpus = calloc(threads, sizeof(*cpus));
	if (!cpus)
		die_oom("the placement plan");
	if (topo_plan(t, threads, o.placement, o.oversubscribe, cpus, msg,
		      sizeof(msg)))
		die(EXIT_USAGE, "%s", msg);
	print_plan(t, &o, cpus, threads, msg);
	free(cpus);
	topo_destroy(t);
	return 0;
}
