// SPDX-License-Identifier: GPL-2.0
/*
 * Placement plans on synthetic and XML topologies: the test machine has one
 * NUMA node and two CPUs, so the interesting shapes (several packages and
 * NUMA nodes, SMT, packages of different sizes) are described to hwloc.
 */
#include <sched.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "rmaptest.h"
#include "lib/topo.h"

#define SMT2 "pack:2 core:4 pu:2"
#define NUMA4 "pack:2 numa:2 core:4 pu:2"
#define FLAT8 "numa:1 core:8 pu:1"

static struct topo *load(const char *spec)
{
	struct topo *t;
	char msg[256];

	if (topo_load(&t, spec, msg, sizeof(msg)))
		fail_msg("loading '%s': %s", spec ? spec : "this machine", msg);
	return t;
}

/* The plan as its CSV column, so expectations read like the output. */
static const char *plan(const struct topo *t, unsigned int threads,
			enum placement p)
{
	static char buf[TOPO_CPUS_BUFLEN(CPUS_MAX)];
	static int cpus[CPUS_MAX];
	char msg[256];

	assert_true(threads <= CPUS_MAX);
	if (topo_plan(t, threads, p, false, cpus, msg, sizeof(msg)))
		fail_msg("plan of %u threads: %s", threads, msg);
	assert_string_equal(msg, "");
	topo_format_cpus(cpus, threads, buf, sizeof(buf));
	return buf;
}

static struct topo_cpu where(const struct topo *t, int cpu)
{
	struct topo_cpu w;

	assert_int_equal(topo_cpu_info(t, cpu, &w), 0);
	return w;
}

static void assert_summary(const struct topo *t, const char *expect)
{
	char buf[256];

	topo_summary(t, buf, sizeof(buf));
	assert_string_equal(buf, expect);
}

/* Every CPU of the topology exactly once. */
static void assert_permutation(const struct topo *t, enum placement p)
{
	unsigned int n = topo_nr_cpus(t);
	int cpus[CPUS_MAX];
	bool seen[CPUS_MAX] = { false };
	char msg[256];

	assert_int_equal(topo_plan(t, n, p, false, cpus, msg, sizeof(msg)), 0);
	for (unsigned int i = 0; i < n; i++) {
		assert_in_range(cpus[i], 0, CPUS_MAX - 1);
		assert_false(seen[cpus[i]]);
		seen[cpus[i]] = true;
	}
}

static void test_two_packages_smt(void **state)
{
	struct topo *t = load(SMT2);

	(void)state;
	assert_summary(t, "2 packages, 1 NUMA node, 8 cores, 16 PUs (SMT 2)");
	assert_int_equal(topo_nr_cpus(t), 16);
	/* compact: both PUs of core 0 before core 1. */
	assert_string_equal(plan(t, 2, PLACEMENT_COMPACT), "0;1");
	assert_int_equal(where(t, 0).core, where(t, 1).core);
	assert_int_equal(where(t, 1).smt, 1);
	assert_string_equal(plan(t, 4, PLACEMENT_COMPACT), "0;1;2;3");
	/* scatter: alternate packages, one PU per core, siblings last. */
	assert_string_equal(plan(t, 4, PLACEMENT_SCATTER), "0;8;2;10");
	assert_string_equal(plan(t, 16, PLACEMENT_SCATTER),
			    "0;8;2;10;4;12;6;14;1;9;3;11;5;13;7;15");
	/* cores-then-smt: every core of package 0, then package 1. */
	assert_string_equal(plan(t, 4, PLACEMENT_CORES_THEN_SMT), "0;2;4;6");
	assert_string_equal(plan(t, 10, PLACEMENT_CORES_THEN_SMT),
			    "0;2;4;6;8;10;12;14;1;3");
	assert_string_equal(plan(t, 3, PLACEMENT_NONE), "none");
	topo_destroy(t);
}

static void test_numa_scatter(void **state)
{
	struct topo *t = load(NUMA4);
	int cpus[4];
	char msg[256];
	unsigned int pkgs = 0, nodes = 0, cores = 0;

	(void)state;
	assert_summary(t, "2 packages, 4 NUMA nodes, 16 cores, 32 PUs (SMT 2)");
	assert_string_equal(plan(t, 4, PLACEMENT_SCATTER), "0;16;8;24");
	/* Four threads: four cores, four NUMA nodes, both packages. */
	assert_int_equal(topo_plan(t, 4, PLACEMENT_SCATTER, false, cpus, msg,
				   sizeof(msg)),
			 0);
	for (int i = 0; i < 4; i++) {
		struct topo_cpu w = where(t, cpus[i]);

		pkgs |= 1u << w.package;
		nodes |= 1u << w.numa;
		cores |= 1u << w.core;
		assert_int_equal(w.smt, 0);
	}
	assert_int_equal(pkgs, 0x3);
	assert_int_equal(nodes, 0xf);
	assert_int_equal(__builtin_popcount(cores), 4);
	assert_string_equal(plan(t, 2, PLACEMENT_COMPACT), "0;1");
	assert_int_equal(where(t, 0).core, where(t, 1).core);
	assert_string_equal(plan(t, 2, PLACEMENT_CORES_THEN_SMT), "0;2");
	assert_permutation(t, PLACEMENT_SCATTER);
	assert_permutation(t, PLACEMENT_CORES_THEN_SMT);
	topo_destroy(t);
}

static void test_flat_node(void **state)
{
	struct topo *t = load(FLAT8);

	(void)state;
	assert_summary(t, "1 package, 1 NUMA node, 8 cores, 8 PUs (SMT 1)");
	/* No packages, nodes or SMT to spread over: all three agree. */
	assert_string_equal(plan(t, 8, PLACEMENT_COMPACT), "0;1;2;3;4;5;6;7");
	assert_string_equal(plan(t, 8, PLACEMENT_SCATTER), "0;1;2;3;4;5;6;7");
	assert_string_equal(plan(t, 3, PLACEMENT_CORES_THEN_SMT), "0;1;2");
	assert_int_equal(where(t, 5).package, 0);
	assert_int_equal(where(t, 5).core, 5);
	topo_destroy(t);
}

/* Short level names and hwloc's own spellings are the same topology. */
static void test_spellings(void **state)
{
	struct topo *a = load(NUMA4);
	struct topo *b = load("package:2 numanode:2 core:4 pu:2");

	(void)state;
	assert_string_equal(plan(a, 8, PLACEMENT_SCATTER),
			    "0;16;8;24;2;18;10;26");
	assert_string_equal(plan(b, 8, PLACEMENT_SCATTER),
			    "0;16;8;24;2;18;10;26");
	topo_destroy(a);
	topo_destroy(b);
}

static void xml_object(FILE *f, const char *type, unsigned int os,
		       unsigned int cpuset, bool leaf)
{
	fprintf(f,
		"<object type=\"%s\" os_index=\"%u\" cpuset=\"0x%x\" complete_cpuset=\"0x%x\" nodeset=\"0x1\" complete_nodeset=\"0x1\"%s>\n",
		type, os, cpuset, cpuset,
		strcmp(type, "NUMANode") ? (leaf ? "/" : "") :
					   " local_memory=\"1073741824\"/");
}

/*
 * Package 0: four cores of two PUs (CPUs 0-7); package 1: two cores of one
 * PU (CPUs 8, 9).  hwloc's synthetic descriptions are always symmetric.
 */
static void write_asymmetric(const char *path)
{
	FILE *f = fopen(path, "w");

	assert_non_null(f);
	fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	      "<!DOCTYPE topology SYSTEM \"hwloc2.dtd\">\n"
	      "<topology version=\"2.0\">\n"
	      "<object type=\"Machine\" os_index=\"0\" cpuset=\"0x3ff\" complete_cpuset=\"0x3ff\" allowed_cpuset=\"0x3ff\" nodeset=\"0x1\" complete_nodeset=\"0x1\" allowed_nodeset=\"0x1\">\n",
	      f);
	xml_object(f, "NUMANode", 0, 0x3ff, true);
	xml_object(f, "Package", 0, 0xff, false);
	for (unsigned int c = 0; c < 4; c++) {
		xml_object(f, "Core", c, 3u << (2 * c), false);
		xml_object(f, "PU", 2 * c, 1u << (2 * c), true);
		xml_object(f, "PU", 2 * c + 1, 2u << (2 * c), true);
		fputs("</object>\n", f);
	}
	fputs("</object>\n", f);
	xml_object(f, "Package", 1, 0x300, false);
	for (unsigned int c = 0; c < 2; c++) {
		xml_object(f, "Core", 4 + c, 0x100u << c, false);
		xml_object(f, "PU", 8 + c, 0x100u << c, true);
		fputs("</object>\n", f);
	}
	fputs("</object>\n</object>\n</topology>\n", f);
	assert_int_equal(fclose(f), 0);
}

static void test_asymmetric(void **state)
{
	char dir[] = "/tmp/test_topo.XXXXXX", path[64];
	struct topo *t;

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/asym.xml", dir);
	write_asymmetric(path);
	t = load(path);
	unlink(path);
	rmdir(dir);
	assert_summary(t, "2 packages, 1 NUMA node, 6 cores, 10 PUs (SMT 1-2)");
	assert_string_equal(plan(t, 10, PLACEMENT_COMPACT),
			    "0;1;2;3;4;5;6;7;8;9");
	/* The small package drops out of the rotation when it runs out. */
	assert_string_equal(plan(t, 4, PLACEMENT_SCATTER), "0;8;2;9");
	assert_string_equal(plan(t, 10, PLACEMENT_SCATTER),
			    "0;8;2;9;4;6;1;3;5;7");
	assert_string_equal(plan(t, 10, PLACEMENT_CORES_THEN_SMT),
			    "0;2;4;6;8;9;1;3;5;7");
	assert_int_equal(where(t, 9).package, 1);
	assert_int_equal(where(t, 9).core, 5);
	topo_destroy(t);
}

static void test_oversubscribe(void **state)
{
	struct topo *t = load(SMT2);
	int cpus[17];
	char msg[256], buf[64];

	(void)state;
	assert_int_equal(topo_plan(t, 17, PLACEMENT_COMPACT, false, cpus, msg,
				   sizeof(msg)),
			 -1);
	assert_non_null(strstr(msg, "--oversubscribe"));
	assert_int_equal(topo_plan(t, 0, PLACEMENT_COMPACT, true, cpus, msg,
				   sizeof(msg)),
			 -1);
	/* Explicitly unpinned, never wrapped onto CPUs 0 and 1 again. */
	assert_int_equal(topo_plan(t, 17, PLACEMENT_SCATTER, true, cpus, msg,
				   sizeof(msg)),
			 0);
	assert_non_null(strstr(msg, "unpinned"));
	for (int i = 0; i < 17; i++)
		assert_int_equal(cpus[i], -1);
	topo_format_cpus(cpus, 17, buf, sizeof(buf));
	assert_string_equal(buf, "none");
	/* Exactly full is not oversubscribed. */
	assert_int_equal(topo_plan(t, 16, PLACEMENT_SCATTER, true, cpus, msg,
				   sizeof(msg)),
			 0);
	assert_string_equal(msg, "");
	topo_destroy(t);
}

static void test_bad_specs(void **state)
{
	struct topo *t = (struct topo *)1;
	char msg[256];

	(void)state;
	assert_int_equal(topo_load(&t, "pack:2 gizmo:3 pu:2", msg, sizeof(msg)),
			 -1);
	assert_null(t);
	assert_non_null(strstr(msg, "gizmo"));
	assert_int_equal(topo_load(&t, "/", msg, sizeof(msg)), -1);
	/* 1040 CPUs: more than cpu_set_t can pin. */
	assert_int_equal(
		topo_load(&t, "pack:2 core:520 pu:1", msg, sizeof(msg)), -1);
	assert_non_null(strstr(msg, "1024"));
}

static void test_1024_cpus(void **state)
{
	struct topo *t = load("pack:4 numa:2 core:64 pu:2");

	(void)state;
	assert_int_equal(topo_nr_cpus(t), 1024);
	assert_permutation(t, PLACEMENT_SCATTER);
	assert_permutation(t, PLACEMENT_CORES_THEN_SMT);
	assert_permutation(t, PLACEMENT_COMPACT);
	assert_string_equal(plan(t, 8, PLACEMENT_SCATTER),
			    "0;256;512;768;128;384;640;896");
	topo_destroy(t);
}

/* This machine: as many CPUs as the affinity mask allows. */
static void test_machine(void **state)
{
	struct topo *t = load(NULL);
	cpu_set_t set;
	int cpus[CPUS_MAX];
	char msg[256];
	unsigned int n = topo_nr_cpus(t);

	(void)state;
	assert_int_equal(sched_getaffinity(0, sizeof(set), &set), 0);
	assert_int_equal(n, CPU_COUNT(&set));
	assert_int_equal(topo_plan(t, n, PLACEMENT_SCATTER, false, cpus, msg,
				   sizeof(msg)),
			 0);
	for (unsigned int i = 0; i < n; i++)
		assert_true(CPU_ISSET(cpus[i], &set));
	assert_int_equal(topo_plan(t, n + 1, PLACEMENT_COMPACT, false, cpus,
				   msg, sizeof(msg)),
			 -1);
	topo_destroy(t);
}

static void assert_auto(unsigned int ncpus, const unsigned int *expect,
			unsigned int n)
{
	unsigned int out[TOPO_AUTO_MAX];

	assert_int_equal(topo_auto_threads(ncpus, out, TOPO_AUTO_MAX), n);
	for (unsigned int i = 0; i < n; i++)
		assert_int_equal(out[i], expect[i]);
}

static void test_auto_threads(void **state)
{
	static const unsigned int c64[] = { 1, 2, 4, 8, 16, 32, 64 };
	static const unsigned int c1024[] = { 1,  2,   4,   8,	 16,  32,
					      64, 128, 256, 512, 1024 };
	static const unsigned int c1000[] = { 1,  2,   4,   8,	 16,  32,
					      64, 128, 256, 512, 1000 };
	unsigned int out[4];

	(void)state;
	assert_auto(1, (unsigned int[]){ 1 }, 1);
	assert_auto(2, (unsigned int[]){ 1, 2 }, 2);
	assert_auto(3, (unsigned int[]){ 1, 2, 3 }, 3);
	assert_auto(64, c64, 7);
	assert_auto(1024, c1024, 11);
	assert_auto(1000, c1000, 11);
	assert_int_equal(topo_auto_threads(0, out, 4), 0);
	/* Thinned: the ends stay, the middle spreads out. */
	assert_int_equal(topo_auto_threads(1024, out, 4), 4);
	assert_int_equal(out[0], 1);
	assert_int_equal(out[1], 8);
	assert_int_equal(out[2], 64);
	assert_int_equal(out[3], 1024);
}

static void test_format_cpus(void **state)
{
	const int cpus[] = { 0, 2, 4, 6, 1000 };
	const int mixed[] = { 0, -1 };
	char buf[16], small[8];

	(void)state;
	topo_format_cpus(cpus, 4, buf, sizeof(buf));
	assert_string_equal(buf, "0;2;4;6");
	topo_format_cpus(cpus, 0, buf, sizeof(buf));
	assert_string_equal(buf, "none");
	topo_format_cpus(mixed, 2, buf, sizeof(buf));
	assert_string_equal(buf, "none");
	/* A CPU that does not fit is left out, not cut to "10". */
	topo_format_cpus(cpus, 5, small, sizeof(small));
	assert_string_equal(small, "0;2;4;6");
}

static void test_placement_names(void **state)
{
	enum placement p;

	(void)state;
	for (p = PLACEMENT_COMPACT; p <= PLACEMENT_NONE; p++) {
		enum placement q;

		assert_int_equal(placement_parse(placement_name(p), &q), 0);
		assert_int_equal(q, p);
	}
	assert_int_equal(placement_parse("cores-then-smt", &p), 0);
	assert_int_equal(p, PLACEMENT_CORES_THEN_SMT);
	assert_int_equal(placement_parse("Compact", &p), -1);
	assert_int_equal(placement_parse("", &p), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_two_packages_smt),
		cmocka_unit_test(test_numa_scatter),
		cmocka_unit_test(test_flat_node),
		cmocka_unit_test(test_spellings),
		cmocka_unit_test(test_asymmetric),
		cmocka_unit_test(test_oversubscribe),
		cmocka_unit_test(test_bad_specs),
		cmocka_unit_test(test_1024_cpus),
		cmocka_unit_test(test_machine),
		cmocka_unit_test(test_auto_threads),
		cmocka_unit_test(test_format_cpus),
		cmocka_unit_test(test_placement_names),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
