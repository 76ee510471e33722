// SPDX-License-Identifier: GPL-2.0
/*
 * The verdict as text: brief (the end of `run`, `suite` and run.sh, a
 * line or two per suite and machine) or whole (`rmapbench verdict
 * --full`: every cell as a table), and the headline cells as one
 * markdown table (--format markdown).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "lib/compiler.h"
#include "lib/util.h"
#include "results.h"
#include "truth.h"
#include "verdict.h"

/* The header: what the figures are, and the banner of a quick run. */
static void put_head(const struct verdict_suite *v, size_t nr, FILE *f)
{
	static const char legend[] =
		"median ns per pte (fork+exit); change over the baseline [95% interval]; ? = inconclusive here (interval spans 0)\n";
	bool quick = false, few;
	size_t max_n = 0;

	for (size_t i = 0; i < nr; i++) {
		quick |= v[i].quick;
		max_n = v[i].max_n > max_n ? v[i].max_n : max_n;
	}
	few = max_n && stats_mw_min_p(max_n, max_n) >= 0.05;
	/* One line: ./run.sh --quick's whole verdict fits 15. */
	if (quick)
		fprintf(f,
			"verdict of a QUICK RUN (%zu repetition%s of a short window a point%s: a smoke test, not an answer; run without --quick): %s",
			max_n, max_n == 1 ? "" : "s",
			few ? ", so no p < 0.05" : "", legend);
	else
		fprintf(f, "verdict: %s", legend);
	if (!quick && few)
		fprintf(f,
			"with %zu repetition%s a point no difference can reach p < 0.05: read the intervals\n",
			max_n, max_n == 1 ? "" : "s");
}

static void put_p(const struct compare_result *r, bool brief, FILE *f)
{
	if (isnan(r->mw.p))
		return;
	fprintf(f, " p %.2g", r->mw.p);
	if (!brief && r->verdict == CMP_TOO_FEW)
		fprintf(f, " (n %zu+%zu: too few for p < 0.05)", r->n[0],
			r->n[1]);
}

static void put_pair(const struct verdict_cell *c, const struct verdict_pair *p,
		     bool brief, FILE *f)
{
	char ch[64];

	verdict_change(&p->res, ch, sizeof(ch));
	fprintf(f, "%s vs %s %s", c->e[p->b].name, c->e[p->a].name, ch);
	put_p(&p->res, brief, f);
	if (verdict_inconclusive(&p->res))
		fputs(brief ? " ?" : ", inconclusive here", f);
}

static void put_brief_cell(const struct verdict_suite *v,
			   const struct verdict_cell *c, FILE *f)
{
	char ch[64];

	fprintf(f, "%-10s %s:", v->name, c->label);
	if (c->base >= 0)
		fprintf(f, " %s %.1f;", c->e[c->base].name,
			c->e[c->base].median);
	for (size_t i = 0; i < c->nr; i++) {
		const struct verdict_entry *e = &c->e[i];

		if ((int)i == c->base)
			continue;
		if (!e->has_base) {
			fprintf(f, " %s %.1f%s", e->name, e->median,
				i + 1 < c->nr ? " <" : "");
			continue;
		}
		verdict_change(&e->res, ch, sizeof(ch));
		fprintf(f, " %s %s%s%s", e->name, ch,
			verdict_inconclusive(&e->res) ? "?" : "",
			i + 1 < c->nr ? ";" : "");
	}
	fputc('\n', f);
	if (!c->nr_pairs)
		return;
	fprintf(f, "%-10s ", "");
	for (size_t i = 0; i < c->nr_pairs && i < 3; i++) {
		if (i)
			fputs("; ", f);
		put_pair(c, &c->pair[i], true, f);
	}
	fputc('\n', f);
}

static void put_full_cell(const struct verdict_suite *v,
			  const struct verdict_cell *c, FILE *f)
{
	char ch[64];
	int w = 8;

	for (size_t i = 0; i < c->nr; i++)
		if ((int)strlen(c->e[i].name) > w)
			w = strlen(c->e[i].name);
	fprintf(f, "\n== %s: %s\n", v->name, c->label);
	fprintf(f, "  %-*s %10s  %-28s %s\n", w, "", "ns/pte",
		c->base >= 0 ? "change over baseline [95%]" : "", "p, verdict");
	for (size_t i = 0; i < c->nr; i++) {
		const struct verdict_entry *e = &c->e[i];

		ch[0] = '\0';
		if (e->has_base)
			verdict_change(&e->res, ch, sizeof(ch));
		fprintf(f, "  %-*s %10.2f  %-28s", w, e->name, e->median,
			(int)i == c->base ? "(baseline)" : ch);
		if (e->has_base) {
			put_p(&e->res, false, f);
			fputs(verdict_inconclusive(&e->res) ?
				      ", inconclusive here" :
			      e->res.change_pct > 0 ? ", costs more" :
						      ", costs less",
			      f);
		}
		if (e->outliers)
			fprintf(f, " [%zu outlier rep%s]", e->outliers,
				e->outliers > 1 ? "s" : "");
		fputc('\n', f);
	}
	for (size_t i = 0; i < c->nr_pairs; i++) {
		fputs("  ", f);
		put_pair(c, &c->pair[i], false, f);
		fputc('\n', f);
	}
}

/*
 * The measured 2002 replay's headline figures in the regime with the
 * most repetitions, as the report's 2002 table gives them: the ns per
 * pte above pool every regime.
 */
static void put_replay_2002(const struct verdict_suite *v, bool brief, FILE *f)
{
	if (!v->has_2002)
		return;
	if (brief)
		fprintf(f, "%-10s ", v->name);
	else
		fprintf(f, "\n== %s: the 2002 replay\n  ", v->name);
	truth_2002_say(&v->r2002, v->r2002_reps, v->reps_max, f);
	fputc('\n', f);
}

void verdict_print(const struct verdict_suite *v, size_t nr, bool brief,
		   const char *host_note, FILE *f)
{
	size_t outl = 0, samp = 0;

	put_head(v, nr, f);
	for (size_t i = 0; i < nr; i++) {
		outl += v[i].outliers;
		samp += v[i].samples;
		for (size_t j = 0; j < v[i].nr_cells; j++) {
			const struct verdict_cell *c = &v[i].cell[j];

			if (!brief)
				put_full_cell(&v[i], c, f);
			else if (c->headline && c->nr > 1)
				put_brief_cell(&v[i], c, f);
		}
		put_replay_2002(&v[i], brief, f);
	}
	if (outl || (host_note && *host_note))
		fprintf(f,
			"host: %s%s%zu of %zu repetitions outliers (over %gx or under 1/%g of their point's median: flagged, kept)\n",
			host_note ? host_note : "",
			host_note && *host_note ? "; " : "", outl, samp, 2.0,
			2.0);
}

/* The ping-pongs seen, one way in ns: the lowest and the highest. */
struct pp_range {
	double lo, hi;
};

/*
 * One suite folder's host file: its steal, governor and ping-pongs, if
 * it has them.
 */
static void host_file(const char *dir, double *steal, char *gov, size_t len,
		      struct pp_range *pp)
{
	char msg[256], *text, *p;
	size_t size;
	double v, w;

	text = results_read(dir, "host", RESULTS_TEXT_MAX, &size, msg,
			    sizeof(msg));
	if (!text)
		return;
	p = strstr(text, "steal_pct: ");
	if (p && sscanf(p + 11, "%lf", &v) == 1 && v > *steal)
		*steal = v;
	p = strstr(text, "governor: ");
	if (p && !*gov)
		snprintf(gov, len, "%.*s", (int)strcspn(p + 10, "\n"), p + 10);
	p = strstr(text, "pingpong_ns: ");
	if (p && sscanf(p + 13, "%lf %lf", &v, &w) == 2) {
		if (w < v) {
			double t = v;

			v = w;
			w = t;
		}
		if (!pp->hi || v < pp->lo)
			pp->lo = v;
		if (w > pp->hi)
			pp->hi = w;
	}
	free(text);
}

void verdict_host_note(const char *path, char *buf, size_t len)
{
	char **names = NULL, msg[256], gov[64] = "";
	double steal = -1;
	struct pp_range pp = { 0, 0 };
	size_t n = 0;
	int w;

	buf[0] = '\0';
	if (!results_suites(path, &names, &n, msg, sizeof(msg))) {
		for (size_t i = 0; i < n; i++) {
			char *dir = path_join(path, names[i]);

			host_file(dir, &steal, gov, sizeof(gov), &pp);
			free(dir);
		}
		results_free(names, n);
	} else {
		char *dir = strdup(path), *slash;

		if (!dir)
			die_oom("the verdict");
		slash = strrchr(dir, '/');
		if (slash)
			*slash = '\0';
		host_file(slash ? dir : ".", &steal, gov, sizeof(gov), &pp);
		free(dir);
	}
	if (steal < 0)
		return;
	w = snprintf(buf, len, "steal %.1f%% of CPU time%s; governor %s", steal,
		     steal > 2 ? " (other guests took CPU: figures noisy)" : "",
		     *gov ? gov : "unknown");
	if (!pp.hi || w < 0 || (size_t)w >= len)
		return;
	if (pp.hi > 1.5 * pp.lo)
		snprintf(
			buf + w, len - w,
			"; ping-pong %.0f to %.0f ns one way: the CPUs moved between cache regimes during the run",
			pp.lo, pp.hi);
	else
		snprintf(buf + w, len - w, "; ping-pong %.0f ns one way",
			 pp.lo);
}

/* The verdict of a results folder's suites, or of one raw CSV. */
int verdict_load(const char *path, struct verdict_suite **out, size_t *nr,
		 char *msg, size_t len)
{
	struct verdict_suite *v;
	char **names = NULL;
	size_t n = 0;
	int ret;

	*out = NULL;
	*nr = 0;
	if (!results_suites(path, &names, &n, msg, len)) {
		v = calloc(n + 1, sizeof(*v));
		if (!v)
			die_oom("the verdict");
		for (size_t i = 0; i < n; i++) {
			char *dir = path_join(path, names[i]);
			char *raw = path_join(dir, "raw.csv");

			ret = verdict_build(raw, names[i], &v[*nr], msg, len);
			*nr += !ret;
			free(raw);
			free(dir);
		}
		results_free(names, n);
		if (*nr) {
			*out = v;
			return 0;
		}
		free(v);
		return usage_fail(msg, len,
				  "%s: no suite with a readable raw.csv", path);
	}
	v = calloc(1, sizeof(*v));
	if (!v)
		die_oom("the verdict");
	{
		/* DIR/raw.csv is suite DIR's; X.csv is X's. */
		char *copy = strdup(path), *slash, *name;
		size_t n;

		if (!copy)
			die_oom("the verdict");
		slash = strrchr(copy, '/');
		if (slash && !strcmp(slash, "/raw.csv")) {
			*slash = '\0';
			slash = strrchr(copy, '/');
		}
		name = slash ? slash + 1 : copy;
		n = strlen(name);
		if (n > 4 && !strcmp(name + n - 4, ".csv"))
			name[n - 4] = '\0';
		ret = verdict_build(path, name, v, msg, len);
		free(copy);
	}
	if (ret) {
		free(v);
		return ret;
	}
	*out = v;
	*nr = 1;
	return 0;
}

void verdict_unload(struct verdict_suite *v, size_t nr)
{
	for (size_t i = 0; i < nr; i++)
		verdict_free(&v[i]);
	free(v);
}

/* ---- the headline cells as one markdown table ------------------------ */

static const struct verdict_entry *entry_of(const struct verdict_cell *c,
					    const char *name, int *idx)
{
	for (size_t i = 0; i < c->nr; i++)
		if (!strcmp(c->e[i].name, name)) {
			*idx = i;
			return &c->e[i];
		}
	return NULL;
}

static int name_rank_cmp(const void *a, const void *b)
{
	const char *x = *(const char *const *)a, *y = *(const char *const *)b;
	unsigned int rx = strategy_rank(x), ry = strategy_rank(y);

	return rx != ry ? (rx < ry ? -1 : 1) : strcmp(x, y);
}

struct column {
	const struct verdict_suite *v;
	const struct verdict_cell *c;
};

/* The lock schemes of the 2002 debate, for the sentence under the table. */
static const char *const schemes_2002[] = { "global", "pagebit", "hashed",
					    "padded", "batched", "daniel" };

static bool is_2002(const char *name)
{
	for (size_t i = 0; i < ARRAY_SIZE(schemes_2002); i++)
		if (!strcmp(name, schemes_2002[i]))
			return true;
	return false;
}

/*
 * "the cheapest of the 2002 schemes: daniel, +88% [+27, +131], then
 * pagebit ...": the ranking the table holds, in words, from the table's
 * own figures; and whether the cheapest is told apart from the next.
 */
static void put_cheapest(const struct column *k, bool suite, FILE *f)
{
	const struct verdict_cell *c = k->c;
	int first = -1, second = -1;
	char ch[64];

	for (size_t i = 0; i < c->nr && second < 0; i++) {
		if (!c->e[i].has_base || !is_2002(c->e[i].name))
			continue;
		if (first < 0)
			first = i;
		else
			second = i;
	}
	if (first < 0)
		return;
	fprintf(f, "- %s%s%s: the cheapest of the 2002 lock schemes is `%s`",
		suite ? k->v->name : "", suite ? ", " : "", c->label,
		c->e[first].name);
	verdict_change(&c->e[first].res, ch, sizeof(ch));
	fprintf(f, " (%s over `%s`)", ch, c->e[c->base].name);
	if (second >= 0) {
		struct compare_result r;

		/* Told apart when the two intervals over the baseline do
		 * not overlap. */
		r = c->e[second].res;
		fprintf(f, ", %s `%s`",
			c->e[first].res.change_hi_pct < r.change_lo_pct ?
				"clearly below" :
				"not told apart from",
			c->e[second].name);
	}
	fputs(".\n", f);
}

void verdict_markdown(const struct verdict_suite *v, size_t nr, FILE *f)
{
	struct column col[64];
	const char *name[256];
	size_t nc = 0, nn = 0;

	for (size_t i = 0; i < nr; i++)
		for (size_t j = 0; j < v[i].nr_cells && nc < 64; j++)
			if (v[i].cell[j].headline && v[i].cell[j].nr > 1)
				col[nc++] =
					(struct column){ &v[i], &v[i].cell[j] };
	for (size_t k = 0; k < nc; k++)
		for (size_t i = 0; i < col[k].c->nr && nn < 256; i++) {
			size_t m;

			for (m = 0; m < nn; m++)
				if (!strcmp(name[m], col[k].c->e[i].name))
					break;
			if (m == nn)
				name[nn++] = col[k].c->e[i].name;
		}
	qsort(name, nn, sizeof(*name), name_rank_cmp);
	fputs("| strategy |", f);
	for (size_t k = 0; k < nc; k++) {
		fputc(' ', f);
		if (nr > 1)
			fprintf(f, "%s: ", col[k].v->name);
		fprintf(f, "%s |", col[k].c->label);
	}
	fputs("\n|---|", f);
	for (size_t k = 0; k < nc; k++)
		fputs("---:|", f);
	fputc('\n', f);
	for (size_t m = 0; m < nn; m++) {
		fprintf(f, "| `%s` |", name[m]);
		for (size_t k = 0; k < nc; k++) {
			int idx = -1;
			const struct verdict_entry *e =
				entry_of(col[k].c, name[m], &idx);
			char ch[64];

			if (!e)
				fputs(" |", f);
			else if (idx == col[k].c->base)
				fprintf(f, " **%.1f ns/pte** |", e->median);
			else if (!e->has_base)
				fprintf(f, " %.1f ns/pte |", e->median);
			else {
				verdict_change(&e->res, ch, sizeof(ch));
				fprintf(f, " %s%s |", ch,
					verdict_inconclusive(&e->res) ? " ?" :
									"");
			}
		}
		fputc('\n', f);
	}
	fputc('\n', f);
	for (size_t k = 0; k < nc; k++)
		put_cheapest(&col[k], nr > 1, f);
	/* the 2002 replay's check 4, as the brief verdict states it */
	for (size_t i = 0; i < nr; i++) {
		if (!v[i].has_2002)
			continue;
		fprintf(f, "- %s: ", v[i].name);
		truth_2002_say(&v[i].r2002, v[i].r2002_reps, v[i].reps_max, f);
		fputc('\n', f);
	}
}
