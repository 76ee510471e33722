// SPDX-License-Identifier: GPL-2.0
/*
 * Known answers for the plot data: small summaries whose tables can be
 * worked out by hand, compared line for line with what plotdata writes.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "rmaptest.h"
#include "golden.h"
#include "analysis/plotdata.h"
#include "analysis/graphs.h"
#include "analysis/results.h"
#include "lib/util.h"

#define HEAD                                                                  \
	"# schema: 1\n"                                                       \
	"strategy,threads,loops,pages,n,ns_per_pte_median,ns_per_pte_ci_lo,"  \
	"ns_per_pte_ci_hi,fork_ns_per_pte_median,fork_ns_per_pte_ci_lo,"      \
	"fork_ns_per_pte_ci_hi,exit_ns_per_pte_median,exit_ns_per_pte_ci_lo," \
	"exit_ns_per_pte_ci_hi,forks_per_s_median,forks_per_s_ci_lo,"         \
	"forks_per_s_ci_hi,overhead_pct,fork_p50_ns_median,"                  \
	"fork_p90_ns_median,fork_p99_ns_median,fork_p999_ns_median,"          \
	"exit_p50_ns_median,exit_p90_ns_median,exit_p99_ns_median,"           \
	"exit_p999_ns_median\n"

/* The table for graph, or NULL; *ret gets plotdata_write's verdict. */
static char *table(const char *csv_text, const char *graph, int *ret, char *why,
		   size_t len)
{
	FILE *in = fmemopen((void *)csv_text, strlen(csv_text), "r");
	char *buf = NULL, msg[256];
	size_t size = 0;
	struct csv c;
	FILE *out;

	assert_non_null(in);
	if (csv_parse(in, "summary.csv", &c, msg, sizeof(msg)))
		fail_msg("%s", msg);
	fclose(in);
	out = open_memstream(&buf, &size);
	assert_non_null(out);
	*ret = plotdata_write(&c, "t", graph, out, why, len);
	fclose(out);
	csv_free(&c);
	return buf;
}

static void assert_table(const char *csv_text, const char *graph,
			 const char *want)
{
	char why[256] = "";
	int ret;
	char *got = table(csv_text, graph, &ret, why, sizeof(why));

	if (ret)
		fail_msg("%s: %d: %s", graph, ret, why);
	assert_text_equal(got, want, graph);
	free(got);
}

/*
 * hashed at 1 and 2 threads against none: the bars' heights are the
 * overhead, the whiskers the CI against none's median, which is
 * median / (1 + overhead / 100): 15 / 1.5 = 10, 30 / 3 = 10.
 */
static const char overhead_csv[] =
	HEAD "none,1,1,64,3,10,9,11,6,5,7,4,3,5,100,90,110,0,,,,,,,,\n"
	     "hashed,1,1,64,3,15,12,18,9,8,10,6,5,7,80,70,90,50,,,,,,,,\n"
	     "none,2,2,64,3,10,9,11,6,5,7,4,3,5,180,170,190,0,,,,,,,,\n"
	     "hashed,2,2,64,3,30,25,40,20,18,22,10,9,11,60,50,70,200,,,,,,,,\n";

static void test_overhead(void **state)
{
	(void)state;
	/* loops follows threads: not a dimension of its own. */
	assert_table(
		overhead_csv, "overhead",
		"# keys: hashed\n"
		"# xtics: (\"threads 1\" 1, \"threads 2\" 3)\n"
		"# clusters: 2\n# rotate: 0\n# ticklines: 1\n# xmax: 4\n"
		"# modelled: 0\n"
		"# title: t: rmap overhead against none\n"
		"# xlabel: threads\n"
		"# ylabel: overhead over none (%, ns per pte)\n"
		"# note: a bar: its median ns per pte over none's at the same parameters, less 1\n"
		"# hashed\n"
		"1 50 20.000 80.000 0\n"
		"3 200 150.000 300.000 0\n");
}

/*
 * Measured and modelled bars: the clusters say "measured" or "model:
 * MACHINE" (mode and machine one parameter, first, so that a machine's
 * clusters stand together), the last column marks the modelled bars
 * (hatched by overhead.gp), and the whiskers are against each run's own
 * none: 40 / 2 = 20 at one thread, 100 / 4 = 25 at two.
 */
static void test_overhead_models(void **state)
{
	(void)state;
	assert_table(
		"# schema: 1\n"
		"strategy,threads,mode,machine,n,ns_per_pte_median,"
		"ns_per_pte_ci_lo,ns_per_pte_ci_hi,overhead_pct\n"
		"hashed,1,model,epyc,2,40,36,44,100\n"
		"none,1,measured,host,3,10,9,11,0\n"
		"hashed,1,measured,host,3,15,12,18,50\n"
		"none,1,model,epyc,2,20,20,20,0\n"
		"none,2,model,epyc,2,25,25,25,0\n"
		"hashed,2,model,epyc,2,100,90,110,300\n",
		"overhead",
		"# keys: hashed\n"
		"# xtics: (\"measured\\nthreads 1\" 1, \"model: epyc\\nthreads 1\" 3, "
		"\"model: epyc\\nthreads 2\" 5)\n"
		"# clusters: 3\n# rotate: 0\n# ticklines: 2\n# xmax: 6\n"
		"# modelled: 1\n"
		"# title: t: rmap overhead against none\n"
		"# xlabel: measured or model, threads\n"
		"# ylabel: overhead over none (%, ns per pte)\n"
		"# note: a bar: its median ns per pte over none's at the same parameters, less 1; "
		"modelled (--mode model) on epyc: virtual time, not a measurement\n"
		"# hashed\n"
		"1 50 20.000 80.000 0\n"
		"3 100 80.000 120.000 1\n"
		"5 300 260.000 340.000 1\n");
}

/*
 * Two machines' clusters: labels too wide side by side (21 characters
 * times 5 clusters) are compacted and turned; loops, which follows
 * threads among the bars drawn (piii's loops 10 has no overhead), is no
 * part of a label.
 */
static void test_overhead_wide(void **state)
{
	(void)state;
	assert_table(
		"# schema: 1\n"
		"strategy,threads,loops,mode,machine,n,ns_per_pte_median,"
		"ns_per_pte_ci_lo,ns_per_pte_ci_hi,overhead_pct\n"
		"none,1,1,model,synthetic-1024,1,10,10,10,0\n"
		"hashed,1,1,model,synthetic-1024,1,20,20,20,100\n"
		"none,2,2,model,synthetic-1024,1,10,10,10,0\n"
		"hashed,2,2,model,synthetic-1024,1,30,30,30,200\n"
		"none,1,1,model,epyc-7r13-2s,1,10,10,10,0\n"
		"hashed,1,1,model,epyc-7r13-2s,1,15,15,15,50\n"
		"none,2,2,model,epyc-7r13-2s,1,10,10,10,0\n"
		"hashed,2,2,model,epyc-7r13-2s,1,25,25,25,150\n"
		"none,4,4,model,epyc-7r13-2s,1,10,10,10,0\n"
		"hashed,4,4,model,epyc-7r13-2s,1,35,35,35,250\n"
		"pagebit,4,10,model,piii-quad-2002,1,30,30,30,\n",
		"overhead",
		"# keys: hashed\n"
		"# xtics: (\"model: epyc-7r13-2s / 1\" 1, \"model: epyc-7r13-2s / 2\" 3, "
		"\"model: epyc-7r13-2s / 4\" 5, \"model: synthetic-1024 / 1\" 7, "
		"\"model: synthetic-1024 / 2\" 9)\n"
		"# clusters: 5\n# rotate: 1\n# ticklines: 1\n# xmax: 10\n"
		"# modelled: 1\n"
		"# title: t: rmap overhead against none\n"
		"# xlabel: measured or model / threads\n"
		"# ylabel: overhead over none (%, ns per pte)\n"
		"# note: a bar: its median ns per pte over none's at the same parameters, less 1; "
		"modelled (--mode model) on epyc-7r13-2s, synthetic-1024: "
		"virtual time, not a measurement\n"
		"# hashed\n"
		"1 50 50.000 50.000 1\n3 150 150.000 150.000 1\n"
		"5 250 250.000 250.000 1\n7 100 100.000 100.000 1\n"
		"9 200 200.000 200.000 1\n");
}

/* The exit bar sits on the fork bar: 9 + 6 = 15, 9 + 5, 9 + 7. */
static void test_phases(void **state)
{
	(void)state;
	assert_table(
		overhead_csv, "phases",
		"# keys: none hashed\n"
		"# xtics: (\"threads 1\" 1.5, \"threads 2\" 4.5)\n"
		"# clusters: 2\n# rotate: 0\n# ticklines: 1\n# xmax: 6\n"
		"# modelled: 0\n"
		"# title: t: setup (fork) and teardown (exit) cost per pte\n"
		"# xlabel: threads\n"
		"# ylabel: ns per pte (summed over threads)\n"
		"# none\n"
		"1 6 5 7 4 10 9 11 0\n"
		"4 6 5 7 4 10 9 11 0\n\n\n"
		"# hashed\n"
		"2 9 8 10 6 15 14 16 0\n"
		"5 20 18 22 10 30 29 31 0\n");
}

/*
 * Throughput against 1, 2, 4 threads at two page counts: pages is held at
 * 1024 and said so; the reference line is the one-thread figure times
 * the threads: 100, 200, 400.
 */
static const char throughput_csv[] =
	HEAD "none,1,8,1024,3,1,1,1,1,1,1,1,1,1,100,90,110,0,,,,,,,,\n"
	     "none,2,8,1024,3,1,1,1,1,1,1,1,1,1,150,140,160,0,,,,,,,,\n"
	     "none,4,8,1024,3,1,1,1,1,1,1,1,1,1,300,280,320,0,,,,,,,,\n"
	     "none,4,8,2048,3,1,1,1,1,1,1,1,1,1,999,999,999,0,,,,,,,,\n"
	     "none,8,8,1024,0,,,,,,,,,,,,,,,,,,,,,\n";

static void test_throughput(void **state)
{
	(void)state;
	assert_table(
		throughput_csv, "throughput",
		"# title: t: fork throughput against threads\n"
		"# xlabel: driver threads\n"
		"# ylabel: forks per second (wall clock)\n"
		"# note: other swept parameters fixed at: pages 1024\n"
		"# xtics: (\"1\" 1, \"2\" 2, \"4\" 4)\n"
		"# xratio: 4\n# xspan: 3\n"
		"# none\n"
		"1 100 90 110 100\n"
		"2 150 140 160 200\n"
		"4 300 280 320 400\n"
		"# keys: none\n# titles: \"none\"\n# dts: 1\n# pts: 0\n"
		"# models: 0\n# strats: none\n# walkblocks: \n# machines: \n");
}

/*
 * Measured and modelled rows of one strategy in one file: a line per
 * mode and machine (never one line through two machines), measured
 * first and solid, each modelled machine dashed its own way (dash types
 * 2 and 4, models 1 and 2 by name), each line's linear reference from
 * its own one-thread figure.  loops follows threads but for piii's one
 * point, so it is not fixed (that would leave one point a line), and the
 * note says it changes along a line and that the model is not measured.
 */
#define HEADM                                                      \
	"# schema: 1\n"                                            \
	"strategy,threads,loops,mode,machine,n,ns_per_pte_median," \
	"ns_per_pte_ci_lo,ns_per_pte_ci_hi,forks_per_s_median,"    \
	"forks_per_s_ci_lo,forks_per_s_ci_hi\n"

static const char mixed_csv[] =
	HEADM "hashed,4,4,model,synth,2,1,1,1,2000,1900,2100\n"
	      "hashed,1,1,measured,host,3,1,1,1,100,90,110\n"
	      "hashed,1,1,model,synth,2,1,1,1,1000,1000,1000\n"
	      "hashed,2,2,measured,host,3,1,1,1,150,140,160\n"
	      "hashed,1,1,model,epyc,2,1,1,1,500,500,500\n"
	      "hashed,4,10,model,piii,2,1,1,1,70,60,80\n"
	      "hashed,4,4,model,epyc,2,1,1,1,1200,1100,1300\n"
	      "hashed,2,2,model,epyc,2,1,1,1,900,880,920\n";

static void test_throughput_models(void **state)
{
	(void)state;
	assert_table(
		mixed_csv, "throughput",
		"# title: t: fork throughput against threads\n"
		"# xlabel: driver threads\n"
		"# ylabel: forks per second (wall clock)\n"
		"# note: along a line, loops changes too; modelled (--mode model) "
		"on epyc, piii, synth: virtual time, not a measurement\n"
		"# xtics: (\"1\" 1, \"2\" 2, \"4\" 4)\n"
		"# xratio: 4\n# xspan: 3\n"
		"# hashed (measured)\n"
		"1 100 90 110 100\n"
		"2 150 140 160 200\n\n\n"
		"# hashed (model: epyc)\n"
		"1 500 500 500 500\n"
		"2 900 880 920 1000\n"
		"4 1200 1100 1300 2000\n\n\n"
		"# hashed (model: piii)\n"
		"4 70 60 80 70\n\n\n"
		"# hashed (model: synth)\n"
		"1 1000 1000 1000 1000\n"
		"4 2000 1900 2100 4000\n"
		"# keys: hashed hashed hashed hashed\n"
		"# titles: \"hashed (measured)\" \"hashed (model: epyc)\" "
		"\"hashed (model: piii)\" \"hashed (model: synth)\"\n"
		"# dts: 1 2 4 5\n# pts: 0 0 0 0\n# models: 0 1 2 3\n"
		"# strats: hashed\n# walkblocks: \n# machines: epyc piii synth\n");
}

/*
 * 1 to 256 CPUs: a log axis whose 192 keeps its tic but not its label,
 * which would run into 256's; 96 (1.5x 64, half 192) keeps both.
 */
static void test_throughput_log_tics(void **state)
{
	char why[256] = "";
	int ret;
	char *got = table(HEADM "none,1,1,model,epyc,1,1,1,1,10,10,10\n"
				"none,64,64,model,epyc,1,1,1,1,15,15,15\n"
				"none,96,96,model,epyc,1,1,1,1,15,15,15\n"
				"none,192,192,model,epyc,1,1,1,1,15,15,15\n"
				"none,256,256,model,epyc,1,1,1,1,15,15,15\n",
			  "throughput", &ret, why, sizeof(why));

	(void)state;
	assert_int_equal(ret, 0);
	/* # xtics: ("1" 1, "64" 64, "96" 96, "" 192, "256" 256) */
	assert_golden(got, "plotdata-throughput-log-tics.dat");
	free(got);
}

/* Only modelled rows: every title names the machine, none is bare. */
static void test_throughput_model_only(void **state)
{
	char why[256] = "";
	int ret;
	char *got = table(HEADM "none,1,1,model,epyc,1,1,1,1,10,10,10\n"
				"none,2,2,model,epyc,1,1,1,1,15,15,15\n",
			  "throughput", &ret, why, sizeof(why));

	(void)state;
	assert_int_equal(ret, 0);
	/* # titles: "none (model: epyc)", # models: 1, # dts: 2 */
	assert_golden(got, "plotdata-throughput-model-only.dat");
	free(got);
}

/*
 * locktable's lines split by machine too: hashed measured and modelled
 * are two lines, each titled by its run, the modelled one marked for
 * open points; padded, measured only, keeps its stride's dashes.
 */
static void test_locktable_models(void **state)
{
	char why[256] = "";
	int ret;
	char *got = table(
		"# schema: 1\n"
		"strategy,locks,lock_stride,mode,machine,n,ns_per_pte_median,"
		"ns_per_pte_ci_lo,ns_per_pte_ci_hi\n"
		"hashed,1,4,measured,host,2,10,9,11\n"
		"hashed,16,4,measured,host,2,8,7,9\n"
		"hashed,1,4,model,piii,2,30,30,30\n"
		"hashed,16,4,model,piii,2,20,20,20\n"
		"padded,1,64,measured,host,2,9,8,10\n"
		"padded,16,64,measured,host,2,7,6,8\n",
		"locktable", &ret, why, sizeof(why));

	(void)state;
	assert_int_equal(ret, 0);
	/*
	 * # titles: "hashed (packed) (measured)" "hashed (packed) (model:
	 * piii)" "padded, 64 B stride (measured)"; # dts: 1 1 2; # pts: 0 0 5;
	 * # models: 0 1 0; # machines: piii
	 */
	assert_golden(got, "plotdata-locktable-models.dat");
	free(got);
}

/* Latency: a figure that is not positive cannot go on a log axis. */
static const char latency_csv[] = HEAD
	"objrmap,1,1,64,3,1,1,1,1,1,1,1,1,1,1,1,1,5,100,200,0,400,110,,310,410\n"
	"none,1,1,64,3,1,1,1,1,1,1,1,1,1,1,1,1,0,90,190,290,390,100,200,300,400\n";

static void test_latency(void **state)
{
	(void)state;
	assert_table(latency_csv, "latency",
		     "# title: t: fork and exit latency percentiles\n"
		     "# xlabel: percentile\n"
		     "# ylabel: latency of one fork or exit (ns, log scale)\n"
		     "# none\n1 90 100\n2 190 200\n3 290 300\n4 390 400\n\n\n"
		     "# objrmap\n1 100 110\n2 200 ?\n3 ? 310\n4 400 410\n"
		     "# keys: none objrmap\n");
}

static void assert_skip(const char *csv_text, const char *graph,
			const char *want)
{
	char why[256] = "";
	int ret;
	char *got = table(csv_text, graph, &ret, why, sizeof(why));

	assert_int_equal(ret, PLOTDATA_SKIP);
	assert_string_equal(why, want);
	assert_string_equal(got ? got : "", "");
	free(got);
}

static void test_skips(void **state)
{
	(void)state;
	assert_skip(
		latency_csv, "throughput",
		"one thread count in summary.csv (needs a --threads sweep)");
	assert_skip(latency_csv, "locktable",
		    "no --locks sweep in summary.csv");
	assert_skip(
		overhead_csv, "reclaim",
		"no scanner figures in summary.csv (run with --reclaim 1 or more)");
	assert_skip(HEAD "none,1,1,64,0,,,,,,,,,,,,,,,,,,,,,\n", "overhead",
		    "no measured points in summary.csv");
}

static void test_not_a_summary(void **state)
{
	char why[256] = "";
	int ret;
	char *got = table("# schema: 1\nstrategy,threads\nnone,1\n", "overhead",
			  &ret, why, sizeof(why));

	(void)state;
	assert_int_equal(ret, EXIT_USAGE);
	assert_non_null(strstr(why, "not a summary CSV"));
	assert_string_equal(got ? got : "", "");
	free(got);
	got = table(overhead_csv, "nosuch", &ret, why, sizeof(why));
	assert_int_equal(ret, EXIT_USAGE);
	assert_non_null(strstr(why, "unknown graph 'nosuch'"));
	free(got);
}

/* The shared facts: graph names, strategy order. */
static void test_results(void **state)
{
	(void)state;
	assert_int_equal(graph_find("overhead"), 0);
	assert_int_equal(graph_find("nosuch"), -1);
	assert_string_equal(graph_names(),
			    "overhead throughput phases locktable batch "
			    "chainlength latency reclaim modern");
	assert_true(strategy_rank("none") < strategy_rank("objrmap"));
	assert_true(strategy_rank("objrmap") < strategy_rank("zzz"));
	assert_true(suite_rank("seed") < suite_rank("scaling"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_overhead),
		cmocka_unit_test(test_overhead_models),
		cmocka_unit_test(test_overhead_wide),
		cmocka_unit_test(test_phases),
		cmocka_unit_test(test_throughput),
		cmocka_unit_test(test_throughput_models),
		cmocka_unit_test(test_throughput_model_only),
		cmocka_unit_test(test_throughput_log_tics),
		cmocka_unit_test(test_locktable_models),
		cmocka_unit_test(test_latency),
		cmocka_unit_test(test_skips),
		cmocka_unit_test(test_not_a_summary),
		cmocka_unit_test(test_results),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
