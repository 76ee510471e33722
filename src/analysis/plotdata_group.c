// SPDX-License-Identifier: GPL-2.0
/*
 * The lines of a graph and the note under it: which line each kept point
 * belongs to, the parameters held fixed within a line (and said so in
 * the note), modelled points apart from measured ones, and the header of
 * a table, whose note ends by naming the modelled machines.
 */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include "lib/compiler.h"
#include "lib/util.h"
#include "plotdata_impl.h"

/* ---- lines of a graph ------------------------------------------------- */

static int group_of(struct plotdata *pd, const char *key)
{
	struct group *g;

	for (size_t i = 0; i < pd->nr_grp; i++)
		if (!strcmp(pd->grp[i].key, key))
			return i;
	g = realloc(pd->grp, (pd->nr_grp + 1) * sizeof(*g));
	if (!g)
		die_oom("the plot data");
	pd->grp = g;
	g = &pd->grp[pd->nr_grp];
	memset(g, 0, sizeof(*g));
	g->key = strdup(key);
	if (!g->key)
		die_oom("the plot data");
	return pd->nr_grp++;
}

/* Puts row r in the line called key, titled title. */
struct group *pd_join(struct plotdata *pd, size_t r, const char *key,
		      const char *title)
{
	int i = group_of(pd, key);
	struct group *g = &pd->grp[i];

	pd->gi[r] = i;

	if (!g->title || strcmp(g->title, title)) {
		free(g->title);
		g->title = strdup(title);
		if (!g->title)
			die_oom("the plot data");
	}
	return g;
}

/* A line per strategy, in its own point type. */
void pd_group_by_strategy(struct plotdata *pd, bool kept_only)
{
	for (size_t r = 0; r < pd->nr; r++) {
		if (kept_only && !pd->keep[r])
			continue;
		pd_join(pd, r, pd_strat(pd, r), pd_strat(pd, r))->dt = 1;
	}
}

/* Line g has a value that no line before it has. */
static bool new_value(const struct plotdata *pd, size_t g)
{
	const char *v = pd->grp[g].value;

	if (!v || !*v)
		return false;
	for (size_t o = 0; o < g; o++)
		if (pd->grp[o].value && !strcmp(pd->grp[o].value, v))
			return false;
	return true;
}

/* 1 + how many of the lines' distinct values are below value. */
int pd_value_rank(const struct plotdata *pd, const char *value)
{
	int i = 1;

	for (size_t g = 0; g < pd->nr_grp; g++)
		i += new_value(pd, g) && pd_less(pd->grp[g].value, value);
	return i;
}

/* How many distinct non-empty values the lines have. */
int pd_nr_values(const struct plotdata *pd)
{
	int n = 0;

	for (size_t g = 0; g < pd->nr_grp; g++)
		n += new_value(pd, g);
	return n;
}

/* Records "name value" once, in the order first met. */
static void note_fixed(struct plotdata *pd, const char *name, const char *value)
{
	char *item = pd_label(name), *s, **f;

	if (asprintf(&s, "%s %s", item, value) < 0)
		die_oom("the plot data");
	free(item);
	for (size_t i = 0; i < pd->nr_fixed; i++) {
		if (!strcmp(pd->fixed[i], s)) {
			free(s);
			return;
		}
	}
	f = realloc(pd->fixed, (pd->nr_fixed + 1) * sizeof(*f));
	if (!f)
		die_oom("the plot data");
	pd->fixed = f;
	f[pd->nr_fixed++] = s;
}

/* Rows a and b are at the same x: the graph's own columns fc[0..nf). */
static bool same_x(const struct plotdata *pd, size_t a, size_t b, const int *fc,
		   size_t nf)
{
	for (size_t i = 0; i < nf; i++)
		if (strcmp(pd_field(pd, a, fc[i]), pd_field(pd, b, fc[i])))
			return false;
	return true;
}

/*
 * Parameter p tells two kept points of one line at the same x apart: it
 * must be fixed.  One that only changes along a line (loops in a suite
 * whose last sweep sets it apart from threads) leaves every x one point.
 */
static bool varies_at_x(const struct plotdata *pd, size_t p, const int *fc,
			size_t nf)
{
	for (size_t r = 0; r < pd->nr; r++)
		for (size_t o = 0; pd->keep[r] && o < r; o++)
			if (pd->keep[o] && pd->gi[o] == pd->gi[r] &&
			    same_x(pd, o, r, fc, nf) &&
			    strcmp(pd_field(pd, o, p), pd_field(pd, r, p)))
				return true;
	return false;
}

/* Parameter p has two values among the kept rows of one line. */
static bool varies_in_line(const struct plotdata *pd, size_t p)
{
	return varies_at_x(pd, p, NULL, 0);
}

/* The value parameter p is fixed at in each line: smallest, or largest. */
static void fix_one(struct plotdata *pd, size_t p, bool most)
{
	const char **m = calloc(pd->nr_grp + 1, sizeof(*m));

	if (!m)
		die_oom("the plot data");
	for (size_t r = 0; r < pd->nr; r++) {
		const char *x = pd_field(pd, r, p), **mg = &m[pd->gi[r]];

		if (pd->keep[r] &&
		    (!*mg || (most ? pd_less(*mg, x) : pd_less(x, *mg))))
			*mg = x;
	}
	for (size_t r = 0; r < pd->nr; r++) {
		if (!pd->keep[r] || pd_same(pd_field(pd, r, p), m[pd->gi[r]]))
			continue;
		pd->keep[r] = false;
		note_fixed(pd, pd->c->col[p], m[pd->gi[r]]);
	}
	free(m);
}

/*
 * Within each line, every swept parameter outside the graph's own (the
 * names in free) that tells points at one x apart is fixed at its
 * smallest value (threads at its largest with most_threads), one
 * parameter after the other, and the note says so; one that only changes
 * along a line is named in the note.
 */
void pd_fix_others(struct plotdata *pd, const char *free_names,
		   bool most_threads)
{
	struct sb along = { 0 };
	int fc[64];
	size_t nf = 0;

	for (size_t p = 0; p < pd->nparam && nf < ARRAY_SIZE(fc); p++)
		if (pd_in_words(pd->c->col[p], free_names))
			fc[nf++] = p;
	for (size_t p = 0; p < pd->nparam; p++) {
		const char *name = pd->c->col[p];

		if (pd_in_words(name, free_names) || (int)p == pd->scol ||
		    pd->dep[p])
			continue;
		if (varies_at_x(pd, p, fc, nf))
			fix_one(pd, p,
				most_threads && !strcmp(name, "threads"));
		else if (varies_in_line(pd, p))
			pd_sb_item(&along, ", ", name);
	}
	for (size_t i = 0; i < pd->nr_fixed; i++)
		pd_sb_add(&pd->note, "%s%s",
			  i ? ", " : "other swept parameters fixed at: ",
			  pd->fixed[i]);
	if (along.len)
		pd_sb_add(&pd->note, "%salong a line, %s change%s too",
			  pd->note.len ? "; " : "", along.s,
			  strchr(along.s, ',') ? "" : "s");
	free(along.s);
}

/* ---- modelled and measured ---------------------------------------------- */

/* Row r is a modelled point (--mode model), not a measurement. */
bool pd_modelled(const struct plotdata *pd, size_t r)
{
	return !strcmp(pd_get(pd, r, "mode"), "model");
}

/* The machine of row r: "host" in files from before --mode model. */
const char *pd_machine(const struct plotdata *pd, size_t r)
{
	const char *m = pd_get(pd, r, "machine");

	return *m ? m : "host";
}

static int name_cmp(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* The machines the kept modelled rows ran on, sorted; returns how many. */
static size_t modelled_machines(const struct plotdata *pd, const char **m)
{
	size_t n = 0;

	for (size_t r = 0; r < pd->nr; r++) {
		size_t i;

		if (!pd->keep[r] || !pd_modelled(pd, r))
			continue;
		for (i = 0; i < n && strcmp(m[i], pd_machine(pd, r)); i++)
			;
		if (i == n)
			m[n++] = pd_machine(pd, r);
	}
	qsort(m, n, sizeof(*m), name_cmp);
	return n;
}

static int machine_rank(const char **m, size_t n, const char *name)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(m[i], name))
			return i + 1;
	return 0;
}

/*
 * Modelled figures never pass for measured ones: when the kept rows hold
 * a modelled point, each line is split by mode and machine (so no line
 * joins two machines), and its title ends in "(measured)" or
 * "(model: MACHINE)".  A graph without modelled points is left as it was.
 */
void pd_split_by_machine(struct plotdata *pd)
{
	const char **m = calloc(pd->nr + 1, sizeof(*m));
	size_t nm;

	if (!m)
		die_oom("the plot data");
	nm = modelled_machines(pd, m);
	for (size_t r = 0; nm && r < pd->nr; r++) {
		struct group old, *g;
		char *key, *title;
		int k;

		if (!pd->keep[r])
			continue;
		old = pd->grp[pd->gi[r]]; /* pd_join() may move grp */
		k = pd_modelled(pd, r) ?
			    machine_rank(m, nm, pd_machine(pd, r)) :
			    0;
		if (asprintf(&key, "%s\t%s", old.key,
			     k ? pd_machine(pd, r) : "\tmeasured") < 0 ||
		    asprintf(&title, k ? "%s (model: %s)" : "%s (measured)",
			     old.title, pd_machine(pd, r)) < 0)
			die_oom("the plot data");
		g = pd_join(pd, r, key, title);
		g->dt = old.dt;
		g->pt = old.pt;
		g->model = k;
		if (!g->value && old.value && !(g->value = strdup(old.value)))
			die_oom("the plot data");
		free(key);
		free(title);
	}
	free(m);
}

/* The note's last words on a graph that shows modelled points. */
static void note_modelled(struct plotdata *pd)
{
	const char **m = calloc(pd->nr + 1, sizeof(*m));
	size_t nm;

	if (!m)
		die_oom("the plot data");
	nm = modelled_machines(pd, m);
	if (nm)
		pd_sb_add(&pd->note, "%smodelled (--mode model) on ",
			  pd->note.len ? "; " : "");
	for (size_t i = 0; i < nm; i++)
		pd_sb_add(&pd->note, "%s%s", i ? ", " : "", m[i]);
	if (nm)
		pd_sb_add(&pd->note, ": virtual time, not a measurement");
	free(m);
}

/* ---- the header of a table -------------------------------------------- */

void pd_header(struct plotdata *pd, const char *title, const char *xlabel,
	       const char *ylabel)
{
	note_modelled(pd);
	fprintf(pd->out, "# title: %s: %s\n# xlabel: %s\n# ylabel: %s\n",
		pd->suite, title, xlabel, ylabel);
	if (pd->note.len)
		fprintf(pd->out, "# note: %s\n", pd->note.s);
}
