// SPDX-License-Identifier: GPL-2.0
/*
 * rmapbench report, the answer: the verdict (verdict.h) at the top of
 * the page, a row per suite and machine: the strategies ranked cheapest
 * first with each one's change over its baseline and interval, then the
 * differences that matter with their p-values.  A banner says when the
 * run was a quick one; a line says what the host was doing.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "report_impl.h"
#include "verdict.h"

static void put_entry(FILE *f, const struct verdict_cell *c, size_t i)
{
	const struct verdict_entry *e = &c->e[i];
	char ch[64];
	bool unsure;

	if ((int)i == c->base) {
		fputs("<span class=\"base\">", f);
		report_esc(f, e->name);
		fprintf(f, " %.1f&nbsp;ns</span>", e->median);
		return;
	}
	if (!e->has_base) {
		report_esc(f, e->name);
		fprintf(f, " %.1f&nbsp;ns", e->median);
		return;
	}
	verdict_change(&e->res, ch, sizeof(ch));
	unsure = verdict_inconclusive(&e->res);
	fprintf(f, "<span class=\"%s\"%s>", unsure ? "unsure" : "sure",
		unsure ? " title=\"inconclusive here: the interval spans 0\"" :
			 "");
	report_esc(f, e->name);
	fprintf(f, " %s%s</span>", ch, unsure ? "&nbsp;?" : "");
}

static void put_pairs(FILE *f, const struct verdict_cell *c)
{
	char ch[64];

	for (size_t i = 0; i < c->nr_pairs; i++) {
		const struct verdict_pair *p = &c->pair[i];
		bool unsure = verdict_inconclusive(&p->res);

		verdict_change(&p->res, ch, sizeof(ch));
		fprintf(f, "%s<span class=\"%s\">", i ? "<br>" : "",
			unsure ? "unsure" : "sure");
		report_esc(f, c->e[p->b].name);
		fputs(" vs ", f);
		report_esc(f, c->e[p->a].name);
		fprintf(f, " %s", ch);
		if (!isnan(p->res.mw.p))
			fprintf(f, ", p&nbsp;%.2g", p->res.mw.p);
		fputs(unsure ? ": inconclusive here" : "", f);
		fputs("</span>", f);
	}
}

static void put_cell(FILE *f, const struct verdict_suite *v,
		     const struct verdict_cell *c)
{
	fputs("<tr><th><a href=\"#suite-", f);
	report_esc(f, v->name);
	fputs("\">", f);
	report_esc(f, v->name);
	fputs("</a></th><td>", f);
	report_esc(f, c->label);
	fputs("</td><td class=\"rank\">", f);
	for (size_t i = 0; i < c->nr; i++) {
		fputs(i ? " &lt; " : "", f);
		put_entry(f, c, i);
	}
	fputs("</td><td class=\"pairs\">", f);
	put_pairs(f, c);
	fputs("</td></tr>\n", f);
}

/* The cells the table above leaves out: every thread count, every knob. */
static void put_other_cells(FILE *f, const struct verdict_suite *v, size_t nr)
{
	size_t n = 0;

	for (size_t i = 0; i < nr; i++)
		for (size_t j = 0; j < v[i].nr_cells; j++)
			n += !v[i].cell[j].headline && v[i].cell[j].nr > 1;
	if (!n)
		return;
	fprintf(f,
		"<details><summary>The other %zu cells (other thread counts and parameters)</summary>\n"
		"<div class=\"scroll\"><table class=\"verdict\"><tbody>\n",
		n);
	for (size_t i = 0; i < nr; i++)
		for (size_t j = 0; j < v[i].nr_cells; j++)
			if (!v[i].cell[j].headline && v[i].cell[j].nr > 1)
				put_cell(f, &v[i], &v[i].cell[j]);
	fputs("</tbody></table></div></details>\n", f);
}

void report_put_verdict(struct report *r)
{
	struct verdict_suite *v;
	char msg[1024], host[512];
	bool quick = false;
	size_t nr, max_n = 0, outl = 0, samp = 0;

	fputs("<section id=\"verdict\">\n<h2>The answer</h2>\n", r->f);
	if (verdict_load(r->dir, &v, &nr, msg, sizeof(msg))) {
		fputs("<p class=\"note\">No verdict: ", r->f);
		report_esc(r->f, msg);
		fputs("</p>\n</section>\n", r->f);
		return;
	}
	for (size_t i = 0; i < nr; i++) {
		quick |= v[i].quick;
		max_n = v[i].max_n > max_n ? v[i].max_n : max_n;
		outl += v[i].outliers;
		samp += v[i].samples;
	}
	if (quick)
		fprintf(r->f,
			"<p class=\"banner\"><strong>Quick run</strong> (<code>--quick</code>): %zu repetitions of a short window a point%s. A smoke test, not an answer: run <code>./run.sh</code> without <code>--quick</code> for figures.</p>\n",
			max_n,
			stats_mw_min_p(max_n, max_n) >= 0.05 ?
				", so no difference can reach p&nbsp;&lt;&nbsp;0.05" :
				"");
	fputs("<p>Per suite and machine: the strategies by median ns per pte at fork+exit, cheapest first, each with its change over the baseline "
	      "(<b>bold</b>: <code>none</code>, or the era's kernel without rmap) and that change's 95% interval; "
	      "<span class=\"unsure\">grey ?</span>: the interval spans 0, inconclusive here. "
	      "Then the differences the 2002 debate was about, with Mann-Whitney U p-values. "
	      "Measured and modelled points are never ranked together; every cell: <code>rmapbench verdict --full DIR</code>.</p>\n"
	      "<div class=\"scroll\"><table class=\"verdict\"><thead><tr><th>suite</th><th>where</th>"
	      "<th>ranked, cheapest first: change over the baseline [95%]</th><th>differences that matter</th></tr></thead><tbody>\n",
	      r->f);
	for (size_t i = 0; i < nr; i++)
		for (size_t j = 0; j < v[i].nr_cells; j++)
			if (v[i].cell[j].headline && v[i].cell[j].nr > 1)
				put_cell(r->f, &v[i], &v[i].cell[j]);
	fputs("</tbody></table></div>\n", r->f);
	put_other_cells(r->f, v, nr);
	verdict_host_note(r->dir, host, sizeof(host));
	fputs("<p class=\"note\">Host: ", r->f);
	report_esc(r->f, *host ? host : "steal time and governor not recorded");
	fprintf(r->f,
		"; %zu of %zu repetitions are outliers (over twice or under half their point's median: flagged, kept).</p>\n</section>\n",
		outl, samp);
	verdict_unload(v, nr);
}
