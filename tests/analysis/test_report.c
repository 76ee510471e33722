// SPDX-License-Identifier: GPL-2.0
/*
 * rmapbench report on a handmade results folder: the page has a section
 * per suite in the reader's order, escapes what it takes from files,
 * inlines the SVG graphs with ids of their own, has the seed's elapsed
 * time table, and refuses a missing or empty folder with one message.
 */
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "rmaptest.h"
#include "golden.h"
#include "engine/output.h"
#include "analysis/report.h"
#include "analysis/svg.h"
#include "lib/compiler.h"
#include "lib/util.h"

#define META                                                         \
	"# rmapbench: 0.1.0\n# schema: 1\n# host: box<1> & \"co\"\n" \
	"# cpu: Test CPU\n# kernel: Linux 9.9\n# command: bin/rmapbench run --strategy all\n"

/* The summary columns report.c reads, in the order summarize writes. */
#define SUMMARY_HEAD                                                                                                  \
	"strategy,threads,pages,n,"                                                                                   \
	"ns_per_pte_median,ns_per_pte_ci_lo,ns_per_pte_ci_hi,ns_per_pte_min,ns_per_pte_max,"                          \
	"fork_ns_per_pte_median,fork_ns_per_pte_ci_lo,fork_ns_per_pte_ci_hi,fork_ns_per_pte_min,fork_ns_per_pte_max," \
	"exit_ns_per_pte_median,exit_ns_per_pte_ci_lo,exit_ns_per_pte_ci_hi,exit_ns_per_pte_min,exit_ns_per_pte_max," \
	"forks_per_s_median,forks_per_s_ci_lo,forks_per_s_ci_hi,forks_per_s_min,forks_per_s_max,"                     \
	"overhead_pct,wall_s_median\n"

#define ROW(s, t, ns, ov, wall)                                                \
	s "," t ",1024,5," ns                                                  \
	  ",1,30,1,30,4,3,5,3,5,4,3,5,3,5,1000,900,1100,900,1100," ov "," wall \
	  "\n"

static const char seed_summary[] =
	META SUMMARY_HEAD ROW("hashed", "1", "14.5", "126.400", "2.5")
		ROW("none", "1", "6.4", "0.000", "1.25");

static const char scaling_summary[] =
	META SUMMARY_HEAD ROW("padded", "2", "20", "100.000", "1")
		ROW("none", "2", "10", "0.000", "1")
			ROW("padded", "1", "12", "50.000", "1")
				ROW("none", "1", "8", "0.000", "1");

static const char raw[] = META "# date: 2026-01-02T03:04:05Z\n# git: abc123\n"
			       "strategy,threads,rep,ns_per_pte\n";

static const char svg[] =
	"<?xml version=\"1.0\" encoding=\"utf-8\"  standalone=\"no\"?>\n"
	"<svg viewBox=\"0 0 10 10\" xmlns=\"http://www.w3.org/2000/svg\">\n"
	"<title>Gnuplot</title>\n<defs>\n\t<circle id='gpDot' r='0.5'/>\n</defs>\n"
	"<use xlink:href='#gpDot' x='1' y='1'/>\n</svg>\n";

static char dir[64];

static void put(const char *name, const char *text)
{
	char path[256];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "w");
	assert_non_null(f);
	assert_int_equal(fputs(text, f) >= 0, 1);
	assert_int_equal(fclose(f), 0);
}

static void sub(const char *name)
{
	char path[256];

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	assert_int_equal(mkdir(path, 0777), 0);
}

/* The whole of DIR/report.html. */
static char *slurp(void)
{
	char path[256], *buf;
	FILE *f;
	long n;

	snprintf(path, sizeof(path), "%s/report.html", dir);
	f = fopen(path, "r");
	assert_non_null(f);
	assert_int_equal(fseek(f, 0, SEEK_END), 0);
	n = ftell(f);
	rewind(f);
	buf = malloc(n + 1);
	assert_non_null(buf);
	assert_int_equal(fread(buf, 1, n, f), n);
	buf[n] = '\0';
	fclose(f);
	return buf;
}

static int rm_one(const char *path, const struct stat *st, int flag,
		  struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path);
}

static int setup(void **state)
{
	(void)state;
	strcpy(dir, "/tmp/test_report.XXXXXX");
	assert_non_null(mkdtemp(dir));
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	return nftw(dir, rm_one, 16, FTW_DEPTH | FTW_PHYS);
}

/*
 * A folder with scaling, seed (graphs: overhead, latency; the elapsed
 * and 2002 sections, and a name that is none) and a bad one.
 */
static void make_folder(void)
{
	sub("scaling");
	sub("seed");
	sub("broken");
	sub("notasuite");
	put("scaling/summary.csv", scaling_summary);
	put("scaling/question", "Does it scale?\n");
	put("seed/summary.csv", seed_summary);
	put("seed/raw.csv", raw);
	put("seed/question", "Is <rmap> worth it & at what cost?\n");
	put("seed/graphs", "overhead\nlatency\n# a comment\n../escape\n");
	put("seed/report", "elapsed\n2002 # the replay\nnosuch\n");
	put("seed/overhead.svg", svg);
	put("seed/throughput.svg", svg); /* not in graphs: left out */
	put("broken/summary.csv", "strategy,n\nnone,1\n");
	put("notasuite/raw.csv", raw);
}

static void assert_has(const char *html, const char *want)
{
	if (!strstr(html, want))
		fail_msg("report.html lacks '%s'", want);
}

static void assert_lacks(const char *html, const char *what)
{
	if (strstr(html, what))
		fail_msg("report.html has '%s'", what);
}

static void test_sections(void **state)
{
	char msg[512], *html;

	(void)state;
	make_folder();
	assert_int_equal(report_write(dir, msg, sizeof(msg)), 0);
	html = slurp();
	assert_has(html, "<!DOCTYPE html>");
	/* seed first, then scaling, then the others by name */
	assert_non_null(strstr(html, "<section id=\"suite-seed\">"));
	assert_true(strstr(html, "<section id=\"suite-seed\">") <
		    strstr(html, "<section id=\"suite-scaling\">"));
	assert_true(strstr(html, "<section id=\"suite-scaling\">") <
		    strstr(html, "<section id=\"suite-broken\">"));
	assert_lacks(html, "suite-notasuite");
	assert_has(html, "<p class=\"question\">Does it scale?</p>");
	/* the parameter that varies is a column; the others are listed */
	assert_has(html, "<th>threads</th>");
	assert_lacks(html, "<th>pages</th>");
	assert_has(html, "Every point: pages 1024.");
	/* the run's metadata from the first suite's raw.csv */
	assert_has(html, "<td>2026-01-02T03:04:05Z</td>");
	assert_has(html, "<td>abc123</td>");
	/* a summary the report cannot read says so and goes on */
	assert_has(html, "No table: ");
	free(html);
}

static void test_escaping(void **state)
{
	char msg[512], *html;

	(void)state;
	make_folder();
	assert_int_equal(report_write(dir, msg, sizeof(msg)), 0);
	html = slurp();
	assert_has(html, "Is &lt;rmap&gt; worth it &amp; at what cost?");
	assert_has(html, "box&lt;1&gt; &amp; &quot;co&quot;");
	assert_lacks(html, "<rmap>");
	assert_lacks(html, "box<1>");
	free(html);
}

static void test_svg_inline(void **state)
{
	char msg[512], *html;

	(void)state;
	make_folder();
	assert_int_equal(report_write(dir, msg, sizeof(msg)), 0);
	html = slurp();
	assert_has(html, "<svg viewBox=\"0 0 10 10\"");
	assert_has(html, "<b>overhead</b>");
	/* ids and references get a prefix; the XML prolog and title go */
	assert_has(html, "<circle id='g1-gpDot'");
	assert_has(html, "xlink:href='#g1-gpDot'");
	assert_lacks(html, "<?xml");
	assert_lacks(html, "<title>Gnuplot</title>");
	/* a graph the suite does not list, or that was not drawn: none */
	assert_lacks(html, "<b>throughput</b>");
	assert_lacks(html, "<b>latency</b>");
	free(html);
}

static void test_seed_table(void **state)
{
	char msg[512], *html, *seed, *table;

	(void)state;
	make_folder();
	assert_int_equal(report_write(dir, msg, sizeof(msg)), 0);
	html = slurp();
	seed = strstr(html, "<h3>Elapsed time</h3>");
	assert_non_null(seed);
	assert_true(seed > strstr(html, "<section id=\"suite-seed\">"));
	assert_true(seed < strstr(html, "<section id=\"suite-scaling\">"));
	/*
	 * strategy order: none first; elapsed, ns per pte, overhead: none
	 * 1.25, 6.40, +0.0%; hashed 2.5, 14.50, +126.4%
	 */
	table = text_between(seed, "<h3>Elapsed time</h3>", "</table>");
	assert_golden(table, "report-seed-elapsed.html");
	free(table);
	/* only the seed has one, and its report file's 2002 section next */
	assert_null(strstr(seed + 1, "<h3>Elapsed time</h3>"));
	assert_non_null(strstr(seed, "<h3>Beside the 2002 figures</h3>"));
	assert_true(strstr(seed, "<h3>Beside the 2002 figures</h3>") <
		    strstr(seed, "<h3>Summary</h3>"));
	assert_null(strstr(strstr(html, "<section id=\"suite-scaling\">"),
			   "<h3>Beside the 2002 figures</h3>"));
	free(html);
}

/* Rows sorted by strategy, then by the parameters. */
static void test_summary_order(void **state)
{
	char msg[512], *html, *s;

	(void)state;
	make_folder();
	assert_int_equal(report_write(dir, msg, sizeof(msg)), 0);
	html = slurp();
	/* none at 1 then 2 threads, then padded at 1 then 2 (+100.0%) */
	s = text_between(html, "<section id=\"suite-scaling\">", "</section>");
	assert_golden(s, "report-scaling-section.html");
	free(s);
	free(html);
}

/*
 * The USL beside the scaling graph: one row per fitted thread sweep (the
 * two measured ones and epyc's, not piii's single point), each saying measured
 * or model:MACHINE, as every other table row of the section does; N*
 * empty is "no peak".  Without a throughput graph it follows the summary.
 */
#define USL_HEAD                                                             \
	"strategy,threads,loops,locks,mode,machine,n,ns_per_pte_median,"     \
	"ns_per_pte_ci_lo,ns_per_pte_ci_hi,forks_per_s_median,overhead_pct," \
	"usl_sigma,usl_kappa,usl_nstar,usl_r2\n"
/*
 * Two measured sweeps apart in locks (so locks is a column), epyc's, and
 * piii's one point at other loops and locks; epyc at 8 has no data.
 */
static const char usl_summary[] = META USL_HEAD
	"hashed,4,4,64,model,epyc,2,10,9,11,100,,0.2,0,,0.95\n"
	"hashed,1,1,64,measured,host,2,10,9,11,100,,0.1,0.001,30,0.99\n"
	"hashed,2,2,64,measured,host,2,10,9,11,100,,0.1,0.001,30,0.99\n"
	"hashed,4,4,64,measured,host,2,10,9,11,100,,0.1,0.001,30,0.99\n"
	"hashed,1,1,64,model,epyc,2,10,9,11,100,,0.2,0,,0.95\n"
	"hashed,2,2,64,model,epyc,2,10,9,11,100,,0.2,0,,0.95\n"
	"hashed,4,10,256,model,piii,2,10,9,11,100,,,,,\n"
	"hashed,1,1,256,measured,host,2,10,9,11,100,,0.3,0.002,15,0.9\n"
	"hashed,2,2,256,measured,host,2,10,9,11,100,,0.3,0.002,15,0.9\n"
	"hashed,8,8,64,model,epyc,0,,,,,,,,,\n";

/* How many times what occurs in s before end. */
static int count(const char *s, const char *end, const char *what)
{
	int n = 0;

	for (const char *p = s; (p = strstr(p, what)) && p < end; p++)
		n++;
	return n;
}

/* Every row of every table in s up to end starts strategy, then who. */
static void assert_rows_say_who(const char *s, const char *end)
{
	for (const char *p = s; (p = strstr(p, "<tr><td>")) && p < end; p++) {
		const char *cell = strstr(p + 8, "</td><td>");

		if (!cell || (strncmp(cell + 9, "measured</td>", 13) &&
			      strncmp(cell + 9, "model:", 6)))
			fail_msg(
				"a row that does not say measured or model: %.80s",
				p);
	}
}

static void test_usl_table(void **state)
{
	char msg[512], *html, *s, *usl, *end, *table;

	(void)state;
	sub("model");
	put("model/summary.csv", usl_summary);
	put("model/graphs", "throughput\n");
	put("model/throughput.svg", svg);
	assert_int_equal(report_write(dir, msg, sizeof(msg)), 0);
	html = slurp();
	s = strstr(html, "<section id=\"suite-model\">");
	assert_non_null(s);
	end = strstr(s, "</section>");
	usl = strstr(s, "<h3>Universal Scalability Law</h3>");
	assert_non_null(usl);
	assert_true(usl > strstr(s, "<b>throughput</b>"));
	assert_true(usl < end);
	/*
	 * one row per sweep: three (measured at locks 64: threads 1-4, sigma
	 * 0.1, kappa 0.001, N* 30, R2 0.990; model:epyc at 64, N* "no peak";
	 * measured at 256: 1-2), none for piii's one point
	 */
	table = text_between(usl, "<h3>Universal Scalability Law</h3>",
			     "</table>");
	assert_golden(table, "report-usl-table.html");
	assert_int_equal(count(usl, strstr(usl, "</table>"), "<tr><td>hashed"),
			 3);
	free(table);
	/* the summary table says who too, and no row passes for measured */
	assert_has(s, "<tr><td>hashed</td><td>model:piii</td>");
	assert_rows_say_who(s, end);
	free(html);

	/* no throughput graph: the table follows the summary */
	put("model/graphs", "overhead\n");
	assert_int_equal(report_write(dir, msg, sizeof(msg)), 0);
	html = slurp();
	s = strstr(html, "<section id=\"suite-model\">");
	usl = strstr(s, "<h3>Universal Scalability Law</h3>");
	assert_non_null(usl);
	assert_true(usl > strstr(s, "<h3>Summary</h3>"));
	assert_true(usl < strstr(s, "<h3>Graphs</h3>"));
	free(html);
}

/* A raw.csv's measured repetition of the three 2002 kernels (+40%). */
#define RAW_2002_MEASURED                                            \
	"# schema: 1\n"                                              \
	"strategy,rep,status,forks,wall_s,ns_per_pte,mode,machine\n" \
	"none,0,ok,100,10,100,measured,host\n"                       \
	"pagebit,0,ok,100,14,200,measured,host\n"                    \
	"batched,0,ok,100,12.8,180,measured,host\n"

/*
 * The 2002 table compares measured with measured: a modelled seed row of
 * the same repetition (here +200% elapsed) must not take the measured
 * one's place (+40%).
 */
static void test_2002_measured_only(void **state)
{
	char msg[512], *html;

	(void)state;
	make_folder();
	put("seed/raw.csv",
	    RAW_2002_MEASURED "none,0,ok,100,10,100,model,piii\n"
			      "pagebit,0,ok,100,30,300,model,piii\n"
			      "batched,0,ok,100,20,250,model,piii\n");
	assert_int_equal(report_write(dir, msg, sizeof(msg)), 0);
	html = slurp();
	assert_has(html, "<td>measured</td><td>Morton [AM-b]: mean of three "
			 "runs each</td>");
	assert_has(html,
		   "<td class=\"num\">41.2</td><td class=\"num\">40.0</td>");
	assert_lacks(html, ">200.0<");
	free(html);

	/*
	 * The model suite's replay: its rows of the three kernels, named,
	 * modelled on piii-quad-2002; epyc's rows of the strategies that
	 * stand for them are a sweep of every strategy, not the replay.
	 */
	sub("model");
	put("model/summary.csv", usl_summary);
	put("model/report", "2002\n");
	put("model/raw.csv",
	    "# schema: 1\n"
	    "strategy,kernel,rep,status,forks,wall_s,ns_per_pte,mode,machine\n"
	    "none,custom,0,ok,100,10,100,model,epyc\n"
	    "pagebit,custom,0,ok,100,30,300,model,epyc\n"
	    "batched,custom,0,ok,100,20,250,model,epyc\n"
	    "none,2.4.19-pre7,0,ok,100,10,100,model,piii-quad-2002\n"
	    "pagebit,2.4.19-pre7-rmap13b,0,ok,100,15,300,model,piii-quad-2002\n"
	    "batched,2.4.19-pre7-rmap13b-daniel,0,ok,100,12,250,model,"
	    "piii-quad-2002\n");
	assert_int_equal(report_write(dir, msg, sizeof(msg)), 0);
	html = slurp();
	assert_has(html, "<td>model:piii-quad-2002</td><td>Morton [AM-b]: "
			 "mean of three runs each</td><td class=\"num\">41.2</td>"
			 "<td class=\"num\">50.0</td>");
	assert_lacks(html, ">200.0<");
	free(html);
}

/* Written atomically: no temporary file is left behind. */
static void test_no_temporary(void **state)
{
	char msg[512], path[256];
	struct stat st;

	(void)state;
	make_folder();
	assert_int_equal(report_write(dir, msg, sizeof(msg)), 0);
	assert_int_equal(report_write(dir, msg, sizeof(msg)), 0);
	snprintf(path, sizeof(path), "%s/report.html", dir);
	assert_int_equal(stat(path, &st), 0);
	assert_true(st.st_size > 0);
	snprintf(path, sizeof(path), "rm %s/.report.html.* 2>/dev/null", dir);
	assert_int_not_equal(system(path), 0);
}

static void test_errors(void **state)
{
	char msg[512], missing[128], want[256];

	(void)state;
	snprintf(missing, sizeof(missing), "%s/nothing", dir);
	assert_int_equal(report_write(missing, msg, sizeof(msg)), EXIT_USAGE);
	snprintf(want, sizeof(want), "%s: no such results folder", missing);
	assert_string_equal(msg, want);

	/* a folder whose suites have no summary.csv */
	sub("seed");
	put("seed/raw.csv", raw);
	assert_int_equal(report_write(dir, msg, sizeof(msg)), EXIT_USAGE);
	snprintf(want, sizeof(want), "%s: no <suite>/summary.csv in it", dir);
	assert_int_equal(strncmp(msg, want, strlen(want)), 0);
	snprintf(want, sizeof(want), "%s/report.html", dir);
	assert_int_not_equal(access(want, F_OK), 0);
}

/*
 * An SVG is inlined only as a well-formed <svg> element of drawing
 * elements: each of these would otherwise run script in the page or reach
 * out of it.
 */
static void test_svg_check(void **state)
{
	static const struct {
		const char *tail, *why;
	} bad[] = {
		{ "<script>alert(1)</script>\n", "something after </svg>" },
		{ "<svg", "something after </svg>" },
	};
	static const struct {
		const char *body, *why;
	} inner[] = {
		{ "<script>alert(1)</script>", "<script> is not a drawing" },
		{ "<SCRIPT>x</SCRIPT>", "<SCRIPT> is not a drawing" },
		{ "<svg:script>x</svg:script>", "is not a drawing" },
		{ "<foreignObject><p>x</p></foreignObject>",
		  "<foreignObject>" },
		{ "<a xlink:href='http://x'>x</a>", "<a> is not a drawing" },
		{ "<rect onclick='alert(1)'/>",
		  "an event attribute (onclick)" },
		{ "<rect ONLOAD=\"x\"/>", "an event attribute" },
		{ "<use xlink:href='http://evil/x.svg#a'/>", "a link out" },
		{ "<use href='data:x'/>", "a link out" },
		{ "<rect fill='url(http://evil/)'/>", "a url() out" },
		{ "<rect style='fill: url( \"https://e\")'/>", "a url() out" },
		{ "<rect x='javascript:1'/>", "'javascript:'" },
		{ "<g>", "closes no open element" },
		{ "</g>", "closes no open element" },
		{ "<rect x=1/>", "value not quoted" },
		{ "<rect x='1/>", "value not closed" },
		{ "<rect x='1'y='2'/>", "a malformed tag" },
		{ "<![CDATA[x]]>", "CDATA" },
		{ "<?php x ?>", "processing instruction" },
		{ "<text>a & b</text>", "not an XML entity" },
		/* HTML ends a comment where XML does not. */
		{ "<g><!-- x --!><script>alert(1)</script><!-- --></g>",
		  "a '--' inside a comment" },
		{ "<!-- a --->", "a '--' inside a comment" },
		{ "<!--><script>alert(1)</script>-->", "'<!-->'" },
		{ "<!---><script>alert(1)</script>-->", "'<!-->'" },
		{ "<!-- never closed", "a comment not closed" },
		{ "<rect fill='ur&#108;(http://e/)'/>", "a url() out" },
		{ "<rect fill='url(&#x68;ttp://e/)'/>", "a url() out" },
		{ "<use href='&#106;avascript:x'/>", "a link out" },
		{ "<rect x='javascript&colon;1'/>", "not an XML entity" },
		{ "<rect x='&#0;'/>", "not an XML entity" },
		{ "<rect x='&#;'/>", "not an XML entity" },
		{ "<rect\vonload='x'/>", "a malformed tag" },
		{ "<text>&nbsp;</text>", "not an XML entity" },
		{ "<rect style='fill:u\\72l(http://e/)'/>", "a backslash" },
		{ "<rect fill='url(\v#a)'/>", "a url() out" },
		{ "<use onxlink:href='#a'/>", "an event attribute" },
	};
	char why[256], text[1024];
	size_t start, end;

	(void)state;
	assert_int_equal(
		svg_check(svg, strlen(svg), &start, &end, why, sizeof(why)), 0);
	assert_int_equal(strncmp(svg + start, "<svg ", 5), 0);
	assert_int_equal(strncmp(svg + end - 6, "</svg>", 6), 0);
	for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
		snprintf(text, sizeof(text), "%s%s", svg, bad[i].tail);
		assert_int_equal(svg_check(text, strlen(text), &start, &end,
					   why, sizeof(why)),
				 -1);
		if (!strstr(why, bad[i].why))
			fail_msg("'%s': '%s', expected '%s'", bad[i].tail, why,
				 bad[i].why);
	}
	for (size_t i = 0; i < ARRAY_SIZE(inner); i++) {
		snprintf(text, sizeof(text),
			 "<svg viewBox='0 0 1 1'>%s</svg>\n", inner[i].body);
		assert_int_equal(svg_check(text, strlen(text), &start, &end,
					   why, sizeof(why)),
				 -1);
		if (!strstr(why, inner[i].why))
			fail_msg("'%s': '%s', expected '%s'", inner[i].body,
				 why, inner[i].why);
	}
	assert_int_equal(svg_check("<html><svg></svg>", 17, &start, &end, why,
				   sizeof(why)),
			 -1);
	assert_int_equal(
		svg_check("<svg>\0</svg>", 12, &start, &end, why, sizeof(why)),
		-1);
	snprintf(text, sizeof(text), "<svg><text>&lt;&#60;&#x3c;</text>"
				     "<use href='&#35;a'/><!-- ok --></svg>");
	assert_int_equal(
		svg_check(text, strlen(text), &start, &end, why, sizeof(why)),
		0);
}

/*
 * A comment svg_check() passes is left out of the page: an id prefix or
 * a dropped <title> inside it could make the "--" that ends it early.
 */
static void test_svg_put_comments(void **state)
{
	static const char *const cases[] = {
		"<svg><!-- id='-> <script>alert(1)</script> --></svg>",
		"<svg><!-- -<title>Gnuplot</title>-> <script>x</script> --></svg>",
	};
	char why[256], *out;
	size_t start, end, len;
	FILE *f;

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		assert_int_equal(svg_check(cases[i], strlen(cases[i]), &start,
					   &end, why, sizeof(why)),
				 0);
		out = NULL;
		f = open_memstream(&out, &len);
		assert_non_null(f);
		svg_put(f, cases[i] + start, end - start, "g1-");
		fclose(f);
		assert_string_equal(out, "<svg></svg>");
		free(out);
	}
}

/* A refused SVG is left out of the page; the PNG is shown instead. */
static void test_svg_refused(void **state)
{
	static const char png[] = "\x89PNG\r\n\x1a\nrest";
	char msg[512], *html;

	(void)state;
	make_folder();
	put("seed/overhead.svg",
	    "<svg viewBox='0 0 1 1'></svg>\n<script>alert(1)</script>\n");
	put("seed/overhead.png", png);
	assert_int_equal(report_write(dir, msg, sizeof(msg)), 0);
	html = slurp();
	assert_lacks(html, "<script");
	assert_lacks(html, "alert(1)");
	assert_has(html, "src=\"data:image/png;base64,iVBORw0KGgpyZXN0\"");
	free(html);
}

/*
 * Every file report reads is a regular file under a size limit: a FIFO
 * would hang it, /dev/zero grow it without bound.  Each is refused with
 * one line, exit status 2, and nothing is written.
 */
static void assert_refused(const char *what, const char *want)
{
	char msg[512], path[256];

	if (report_write(dir, msg, sizeof(msg)) != EXIT_USAGE)
		fail_msg("%s: not refused", what);
	if (!strstr(msg, want) || strchr(msg, '\n'))
		fail_msg("%s: message '%s', expected '%s'", what, msg, want);
	snprintf(path, sizeof(path), "%s/report.html", dir);
	assert_int_not_equal(access(path, F_OK), 0);
	snprintf(path, sizeof(path), "ls -a %s | grep -q '^\\.report'", dir);
	if (!system(path))
		fail_msg("%s: a temporary file was left", what);
}

static void swap_in(const char *name, const char *how)
{
	char path[256], cmd[512];

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	remove(path);
	snprintf(cmd, sizeof(cmd), how, path);
	assert_int_equal(system(cmd), 0);
}

static void test_refused_files(void **state)
{
	static const struct {
		const char *file, *how, *why;
	} cases[] = {
		{ "seed/question", "mkfifo %s", "not a regular file" },
		{ "seed/question", "ln -s /dev/zero %s", "not a regular file" },
		{ "seed/question", "truncate -s 1048577 %s", "larger than" },
		{ "seed/graphs", "mkfifo %s", "not a regular file" },
		{ "seed/overhead.svg", "mkfifo %s", "not a regular file" },
		{ "seed/overhead.svg", "truncate -s 40M %s", "larger than" },
		{ "seed/raw.csv", "mkfifo %s", "not a regular file" },
		{ "calibration.csv", "ln -s /dev/zero %s",
		  "not a regular file" },
	};

	(void)state;
	/*
	 * A FIFO must fail, not hang: a hang guard, far above what eight
	 * refusals take on a loaded machine.
	 */
	alarm(600);
	make_folder();
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		char what[128];

		snprintf(what, sizeof(what), "%s: %s", cases[i].file,
			 cases[i].how);
		swap_in(cases[i].file, cases[i].how);
		assert_refused(what, cases[i].why);
		/* back to a harmless file for the next case */
		swap_in(cases[i].file, "echo overhead >%s");
	}
	alarm(0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_sections, setup, teardown),
		cmocka_unit_test_setup_teardown(test_escaping, setup, teardown),
		cmocka_unit_test_setup_teardown(test_svg_inline, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_seed_table, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_summary_order, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_usl_table, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_2002_measured_only, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_no_temporary, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_errors, setup, teardown),
		cmocka_unit_test(test_svg_check),
		cmocka_unit_test(test_svg_put_comments),
		cmocka_unit_test_setup_teardown(test_svg_refused, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_refused_files, setup,
						teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
