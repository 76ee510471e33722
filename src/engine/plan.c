// SPDX-License-Identifier: GPL-2.0
/*
 * Plans: option words in, by the table in options.c; the `# sweep:` line
 * out, and back in for --replay by the same parser and the same limits
 * (the checks of every point are plan_validate.c).
 *
 * Not getopt_long(): it accepts any unique abbreviation (--thread would
 * mean --threads, and a recorded sweep would change meaning when a longer
 * option is added), keeps its state in globals that the replay and suite
 * parses would share, and reports errors in its own words on stderr.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "plan.h"
#include "options.h"
#include "lib/csv.h"
#include "lib/num.h"
#include "lib/opt.h"
#include "lib/util.h"
#include "machine/profile.h"

struct parser {
	struct plan *p;
	struct run_control *rc;
	enum plan_source src;
	bool plan_given; /* an option that changes the plan */
	bool eq_form;	 /* the word was --name=value */
	/* --threads as given, if it says max or auto: see threads_for(). */
	const char *threads_text;
};

void plan_init(struct plan *p)
{
	memset(p, 0, sizeof(*p));
	sweep_init(&p->sweeps[p->nr_sweeps++]);
	p->placement = PLACEMENT_DEFAULT;
	p->seed = (now_ns() ^ (uint64_t)getpid() << 32) & ((1ull << 53) - 1);
}

/* The sweep being parsed: the one after the last --then. */
static struct sweep *cur(const struct parser *ps)
{
	return &ps->p->sweeps[ps->p->nr_sweeps - 1];
}

static void *field_of(const struct parser *ps, const struct run_option *o)
{
	switch (o->home) {
	case IN_POINT:
		return (char *)&cur(ps)->base + o->offset;
	case IN_SWEEP:
		return (char *)cur(ps) + o->offset;
	case IN_PLAN:
		return (char *)ps->p + o->offset;
	default:
		return (char *)ps->rc + o->offset;
	}
}

/* --then starts a sweep that begins as a copy of the one before. */
static int add_sweep(struct plan *p, char *msg, size_t len)
{
	if (p->nr_sweeps == MAX_SWEEPS)
		return usage_fail(
			msg, len,
			"too many --then: a plan has at most %d sweeps",
			MAX_SWEEPS);
	p->sweeps[p->nr_sweeps] = p->sweeps[p->nr_sweeps - 1];
	p->nr_sweeps++;
	return 0;
}

/* A size in bytes, with an optional K, M, G or T (powers of 1024). */
static int parse_bytes(const struct run_option *o, const char *text, double *v,
		       char *msg, size_t len)
{
	static const char units[] = "KMGT";
	size_t n = strlen(text);
	const char *u = n ? strchr(units, text[n - 1]) : NULL;
	char *num = strndup(text, u && *u ? n - 1 : n);
	int bad;

	if (!num)
		die_oom("an option");
	bad = num_parse(num, v);
	free(num);
	if (!bad && u && *u)
		*v *= (double)(1ull << (10 * (u - units + 1)));
	if (bad || *v < o->min || *v > o->max)
		return usage_fail(
			msg, len,
			"invalid --%s '%s': expected bytes (suffix K, M, G or T) between 1M and 1e18",
			o->name, text);
	return 0;
}

static int set_value(struct parser *ps, const struct run_option *o,
		     const char *val, char *msg, size_t len)
{
	void *field = field_of(ps, o);
	double v;

	switch (o->type) {
	case OPT_FLAG:
		*(bool *)field = o->set;
		return 0;
	case OPT_TEXT:
		*(const char **)field = val;
		return 0;
	case OPT_CUSTOM:
		return o->parse(field, val, msg, len) ? EXIT_USAGE : 0;
	case OPT_BYTES:
		if (parse_bytes(o, val, &v, msg, len))
			return EXIT_USAGE;
		option_store(o, field, v);
		return 0;
	default:
		if (o->list)
			return option_parse_list(o, val,
						 &cur(ps)->list[option_dim(o)],
						 msg, len) ?
				       EXIT_USAGE :
				       0;
		if (option_parse_value(o, val, &v, msg, len))
			return EXIT_USAGE;
		option_store(o, field, v);
		return 0;
	}
}

/*
 * An era option given explicitly ablates the era (sweep.h).  A `# sweep:`
 * line records one as --name=value; a line that says --name value was
 * written before ablation existed, when it recorded every option and the
 * era overrode them all, and is read as it then ran.
 */
static void mark_given(struct parser *ps, const struct run_option *o)
{
	if (o->home != IN_POINT || !sweep_era_option(o->name))
		return;
	if (ps->src == FROM_SWEEP_LINE && !ps->eq_form)
		return;
	cur(ps)->given[o - run_options] = true;
}

/*
 * --threads max and auto count the CPUs the points run on: this host's
 * when measured, the profile's when modelled.  Whichever of --threads,
 * --mode and --machine comes last, the list is counted again then.
 */
static int threads_for(struct parser *ps, const struct run_option *o,
		       const char *val, char *msg, size_t len)
{
	const struct run_option *t = option_find("threads");
	const struct config *c = &cur(ps)->base;
	unsigned int cpus = 0;

	if (o == t)
		ps->threads_text =
			strstr(val, "max") || strstr(val, "auto") ? val : NULL;
	else if (strcmp(o->name, "mode") && strcmp(o->name, "machine"))
		return 0;
	if (!ps->threads_text)
		return 0;
	if (c->mode == MODE_MODEL && c->machine)
		cpus = c->machine->nr_cpus;
	return option_parse_list_cpus(t, ps->threads_text, cpus,
				      &cur(ps)->list[option_dim(t)], msg, len) ?
		       EXIT_USAGE :
		       0;
}

static int apply(struct parser *ps, const struct run_option *o, const char *val,
		 char *msg, size_t len)
{
	int ret;

	if (o->home == IN_RUN && ps->src != FROM_COMMAND_LINE)
		return usage_fail(
			msg, len,
			"--%s is not part of a sweep: a %s takes only the options a sweep records",
			o->name,
			ps->src == FROM_SUITE ? "suite's sweep" :
						"'# sweep:' line");
	ps->plan_given |= o->home != IN_RUN;
	if (o->type == OPT_THEN)
		return add_sweep(ps->p, msg, len);
	if (o->type == OPT_ALIAS)
		return apply(ps, option_find(o->alias), o->def, msg, len);
	ret = set_value(ps, o, val, msg, len);
	/* "invalid --x 'v': choose a, b or c": name the nearest choice. */
	if (ret && val && !strstr(msg, "did you mean") &&
	    strstr(msg, "': choose"))
		opt_did_you_mean(msg, len, val, strstr(msg, "': choose") + 2);
	if (ret)
		return ret;
	mark_given(ps, o);
	return threads_for(ps, o, val, msg, len);
}

/* --name or --name=value: the option, and the value if one is attached. */
static const struct run_option *lookup(const char *arg, const char **eq)
{
	const char *name = arg + 2;
	size_t n;

	*eq = strchr(name, '=');
	n = *eq ? (size_t)(*eq - name) : strlen(name);
	for (unsigned int i = 0; i < nr_run_options; i++)
		if (strlen(run_options[i].name) == n &&
		    !strncmp(run_options[i].name, name, n))
			return &run_options[i];
	return NULL;
}

static bool takes_value(const struct run_option *o)
{
	return o->type != OPT_FLAG && o->type != OPT_ALIAS &&
	       o->type != OPT_THEN;
}

static int parse_words(struct parser *ps, int argc, char **argv, char *msg,
		       size_t len)
{
	for (int i = 0; i < argc; i++) {
		const char *arg = strcmp(argv[i], "-h") ? argv[i] : "--help";
		const struct run_option *o;
		const char *eq, *val = NULL;
		int ret;

		if (strncmp(arg, "--", 2))
			return usage_fail(
				msg, len,
				"unexpected argument '%s'; see 'rmapbench run --help'",
				arg);
		o = lookup(arg, &eq);
		if (!o) {
			char names[4096] = "", word[128];

			for (unsigned int k = 0; k < nr_run_options; k++)
				snprintf(names + strlen(names),
					 sizeof(names) - strlen(names), " --%s",
					 run_options[k].name);
			snprintf(word, sizeof(word), "%.*s",
				 eq ? (int)(eq - arg) : (int)strlen(arg), arg);
			usage_fail(
				msg, len,
				"unknown option %.*s; see 'rmapbench run --help'",
				eq ? (int)(eq - arg) : (int)strlen(arg), arg);
			opt_did_you_mean(msg, len, word, names);
			return EXIT_USAGE;
		}
		if (!takes_value(o) && eq)
			return usage_fail(msg, len,
					  "option --%s takes no value",
					  o->name);
		if (takes_value(o)) {
			if (eq)
				val = eq + 1;
			else if (i + 1 < argc)
				val = argv[++i];
			else
				return usage_fail(
					msg, len,
					"option --%s needs a value; see 'rmapbench run --help'",
					o->name);
		}
		ps->eq_form = eq != NULL;
		ret = apply(ps, o, val, msg, len);
		if (ret)
			return ret;
	}
	return 0;
}

int plan_parse_words(int argc, char **argv, enum plan_source src,
		     struct plan *p, struct run_control *rc, char *msg,
		     size_t len)
{
	struct parser ps = { .p = p, .rc = rc, .src = src };

	return parse_words(&ps, argc, argv, msg, len);
}

int plan_parse_sweep_line(const char *line, struct plan *p, char *msg,
			  size_t len)
{
	char *copy = strdup(line), *save = NULL, **words = NULL;
	int n = 0, ret;

	if (!copy)
		die_oom("the recorded sweep");
	for (char *w = strtok_r(copy, " ", &save); w;
	     w = strtok_r(NULL, " ", &save)) {
		char **grown = realloc(words, (n + 1) * sizeof(*words));

		if (!grown)
			die_oom("the recorded sweep");
		words = grown;
		words[n++] = w;
	}
	plan_init(p);
	ret = n ? plan_parse_words(n, words, FROM_SWEEP_LINE, p, NULL, msg,
				   len) :
		  usage_fail(msg, len, "the '# sweep:' line is empty");
	free(words);
	free(copy);
	return ret;
}

/* The `# sweep:` line of a raw CSV, read as strictly as summarize reads. */
static char *read_sweep_line(const char *path, char *msg, size_t len)
{
	struct csv raw;
	const char *sweep;
	char *line = NULL;

	if (csv_read(path, &raw, msg, len))
		return NULL;
	sweep = csv_meta_get(&raw, "sweep");
	if (!sweep)
		usage_fail(
			msg, len,
			"%s has no '# sweep:' line: it is not a raw CSV of rmapbench run",
			path);
	else if (!(line = strdup(sweep)))
		die_oom("the recorded sweep");
	csv_free(&raw);
	return line;
}

static int parse_replay(struct plan *p, const char *path, char *msg, size_t len)
{
	char *line = read_sweep_line(path, msg, len), why[1024];
	int ret;

	if (!line)
		return EXIT_USAGE;
	ret = plan_parse_sweep_line(line, p, why, sizeof(why));
	if (ret)
		usage_fail(msg, len, "%s: '# sweep:' line: %s", path, why);
	free(line);
	return ret;
}

int plan_parse(int argc, char **argv, struct plan *p, struct run_control *rc,
	       char *msg, size_t len)
{
	struct parser ps = { .p = p, .rc = rc, .src = FROM_COMMAND_LINE };
	int ret;

	plan_init(p);
	memset(rc, 0, sizeof(*rc));
	ret = parse_words(&ps, argc, argv, msg, len);
	if (ret || !rc->replay || rc->help)
		return ret;
	if (ps.plan_given)
		return usage_fail(
			msg, len,
			"--replay %s repeats a recorded sweep: it takes only --out, --histogram, --mem-limit, --quiet and --force",
			rc->replay);
	return parse_replay(p, rc->replay, msg, len);
}

static bool is_default(const struct run_option *o, const struct sweep *sw)
{
	/* a sweep's own field (--reps-max), or its points' */
	const void *field = (o->home == IN_SWEEP ? (const char *)sw :
						   (const char *)&sw->base) +
			    o->offset;
	struct value_list def;

	if (o->type == OPT_FLAG)
		return *(const bool *)field != o->set;
	if (o->list) {
		option_default_list(o, &def);
		return !memcmp(&def, &sw->list[option_dim(o)], sizeof(def));
	}
	return option_load(o, field) == (o->def[0] ? strtod(o->def, NULL) : 0);
}

static void format_option(const struct run_option *o, const void *field,
			  const struct value_list *list, bool eq, FILE *f)
{
	fprintf(f, " --%s", o->name);
	if (o->type == OPT_FLAG)
		return;
	fputc(eq ? '=' : ' ', f);
	if (o->type == OPT_CUSTOM) {
		o->format(field, f);
		return;
	}
	if (!list) {
		option_format_value(o, option_load(o, field), f);
		return;
	}
	for (unsigned int j = 0; j < list->n; j++) {
		if (j)
			fputc(',', f);
		option_format_value(o, list->v[j], f);
	}
}

static void format_sweep(const struct sweep *sw, FILE *f)
{
	for (unsigned int i = 0; i < nr_run_options; i++) {
		const struct run_option *o = &run_options[i];

		if ((o->home != IN_POINT && o->home != IN_SWEEP) ||
		    o->record == REC_NEVER)
			continue;
		if (o->record == REC_CHANGED && is_default(o, sw))
			continue;
		/*
		 * An era option when given, as --name=value, or when an old
		 * line set it: see mark_given().
		 */
		if (o->home == IN_POINT && sweep_era_option(o->name) &&
		    !sw->given[i] && is_default(o, sw))
			continue;
		format_option(o,
			      (const char *)(o->home == IN_SWEEP ?
						     (const void *)sw :
						     &sw->base) +
				      o->offset,
			      o->list ? &sw->list[option_dim(o)] : NULL,
			      sw->given[i], f);
	}
}

char *plan_format(const struct plan *p)
{
	char *text = NULL;
	size_t size = 0;
	FILE *f = open_memstream(&text, &size);

	if (!f)
		return NULL;
	for (unsigned int i = 0; i < p->nr_sweeps; i++) {
		if (i)
			fputs(" --then", f);
		format_sweep(&p->sweeps[i], f);
	}
	for (unsigned int i = 0; i < nr_run_options; i++) {
		const struct run_option *o = &run_options[i];

		if (o->home == IN_PLAN && o->type != OPT_THEN &&
		    o->record != REC_NEVER)
			format_option(o, (const char *)p + o->offset, NULL,
				      false, f);
	}
	if (fclose(f)) {
		free(text);
		return NULL;
	}
	/* Every option wrote a leading space. */
	memmove(text, text + 1, size);
	return text;
}
