// SPDX-License-Identifier: GPL-2.0
/*
 * The options whose value is not a number or a word of a list: each a
 * parser and a formatter that writes the value back as it reads it, for
 * the `# sweep:` line and the CSV (the .parse and .format of its row in
 * options.c); and --threads' words auto and max.
 */
#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "options_impl.h"
#include "plan_types.h"
#include "profiles.h"
#include "lib/compiler.h"
#include "lib/num.h"
#include "lib/opt.h"
#include "lib/topo.h"
#include "machine/profile.h"
#include "strategy/strategy.h"

/* --threads auto and max, by this process's CPUs or the modelled ones. */
int option_expand_threads(const char *text, unsigned int model_cpus, char **out,
			  char *msg, size_t len)
{
	int cpus[CPUS_MAX];
	unsigned int ncpus = model_cpus ?: allowed_cpus(cpus, CPUS_MAX);
	unsigned int n[TOPO_AUTO_MAX], nr;
	size_t size = 0;
	FILE *f = open_memstream(out, &size);

	if (!f)
		return option_refuse(msg, len,
				     "out of memory reading --threads");
	if (!strcmp(text, "auto")) {
		nr = topo_auto_threads(ncpus, n, TOPO_AUTO_MAX);
		for (unsigned int i = 0; i < nr; i++)
			fprintf(f, "%s%u", i ? "," : "", n[i]);
	} else {
		for (const char *v = text;;) {
			size_t item = strcspn(v, ",");

			if (item == 3 && !strncmp(v, "max", 3))
				fprintf(f, "%u", ncpus);
			else
				fwrite(v, 1, item, f);
			v += item;
			if (!*v)
				break;
			fputc(*v++, f);
		}
	}
	if (fclose(f)) {
		free(*out);
		*out = NULL;
		return option_refuse(msg, len,
				     "out of memory reading --threads");
	}
	return 0;
}

static int add_strategy(struct sweep *sw, const char *name, char *msg,
			size_t len)
{
	int n;

	if (!strcmp(name, "all")) {
		for (unsigned int i = 0; i < nr_strategies; i++)
			if (add_strategy(sw, strategies[i]->name, msg, len))
				return -1;
		return 0;
	}
	if (sw->nr_strategies == MAX_LIST)
		return option_refuse(
			msg, len, "too many values for --strategy: at most %d",
			MAX_LIST);
	sw->strategy[sw->nr_strategies] = strategy_find(name);
	if (sw->strategy[sw->nr_strategies]) {
		sw->nr_strategies++;
		return 0;
	}
	n = snprintf(msg, len, "unknown strategy '%s': choose from all", name);
	for (unsigned int i = 0; i < nr_strategies && n > 0 && (size_t)n < len;
	     i++)
		n += snprintf(msg + n, len - n, ", %s", strategies[i]->name);
	opt_did_you_mean(msg, len, name, strchr(msg, ':'));
	return -1;
}

/* The field of --strategy is the sweep: its strategy list. */
int option_parse_strategies(void *field, const char *text, char *msg,
			    size_t len)
{
	struct sweep *sw = field;
	char *copy = strdup(text), *rest = copy, *item;
	int ret = 0;

	if (!copy)
		return option_refuse(msg, len,
				     "out of memory reading --strategy");
	/* A repeated --strategy replaces the list, leaving nothing behind. */
	memset(sw->strategy, 0, sizeof(sw->strategy));
	sw->nr_strategies = 0;
	while (!ret && (item = strsep(&rest, ",")))
		ret = *item ? add_strategy(sw, item, msg, len) :
			      option_refuse(
				      msg, len,
				      "empty item in --strategy list '%s'",
				      text);
	free(copy);
	return ret;
}

void option_format_strategies(const void *field, FILE *f)
{
	const struct sweep *sw = field;

	for (unsigned int i = 0; i < sw->nr_strategies; i++)
		fprintf(f, "%s%s", i ? "," : "", sw->strategy[i]->name);
}

int option_parse_mem(void *field, const char *text, char *msg, size_t len)
{
	return mem_policy_parse(text, field, msg, len);
}

void option_format_mem(const void *field, FILE *f)
{
	char buf[32];

	mem_policy_format(field, buf, sizeof(buf));
	fputs(buf, f);
}

/* --other-work NS[+NS_PER_PAGE] or calibrated. */
int option_parse_other_work(void *field, const char *text, char *msg,
			    size_t len)
{
	struct other_work *ow = field;
	const char *plus = strchr(text, '+');
	char *proc = strndup(text, plus ? (size_t)(plus - text) : strlen(text));
	enum footprint footprint = ow->footprint; /* --footprint's own */
	double a, b = 0;
	bool bad;

	if (!proc)
		return option_refuse(msg, len,
				     "out of memory reading --other-work");
	memset(ow, 0, sizeof(*ow));
	ow->footprint = footprint;
	ow->calibrated = !strcmp(text, "calibrated");
	ow->baseline = !strcmp(text, "baseline-2002");
	/*
	 * One '+' between the parts: "5++3" is no 5+3 (a '-' is left to
	 * the range, which keeps -0 and refuses -3).
	 */
	bad = !ow->calibrated && !ow->baseline &&
	      (num_parse(proc, &a) || !(a >= 0 && a <= 1e10) ||
	       (plus && (plus[1] == '+' || num_parse(plus + 1, &b) ||
			 !(b >= 0 && b <= 1e8))));
	free(proc);
	if (bad)
		return option_refuse(
			msg, len,
			"invalid --other-work '%s': expected NS or NS+NS_PER_PAGE (ns per process, ns per page, 0 to 1e10 and 1e8), calibrated or baseline-2002",
			text);
	/* + 0.0 makes -0 zero, which formats and replays as "0". */
	if (!ow->calibrated && !ow->baseline) {
		ow->proc_ns = a + 0.0;
		ow->page_ns = b + 0.0;
	}
	return 0;
}

/* As typed back: "0", "NS+NS_PER_PAGE" or, unresolved, "calibrated". */
void option_format_other_work(const void *field, FILE *f)
{
	const struct other_work *ow = field;
	char a[NUM_BUFLEN], b[NUM_BUFLEN];

	if (ow->calibrated)
		fputs("calibrated", f);
	else if (ow->baseline)
		fputs("baseline-2002", f);
	else if (!ow->proc_ns && !ow->page_ns)
		fputs("0", f);
	else
		fprintf(f, "%s+%s", num_format(ow->proc_ns, a, sizeof(a)),
			num_format(ow->page_ns, b, sizeof(b)));
}

int option_parse_placement(void *field, const char *text, char *msg, size_t len)
{
	if (!placement_parse(text, field))
		return 0;
	return option_refuse(
		msg, len, "invalid --placement '%s': choose " PLACEMENT_NAMES,
		text);
}

void option_format_placement(const void *field, FILE *f)
{
	fputs(placement_name(*(const enum placement *)field), f);
}

/*
 * --machine names a profile (profiles.c: loaded once, and "host" without
 * machines/host is NULL) by a path the CSV must carry.
 */
int option_parse_machine(void *field, const char *text, char *msg, size_t len)
{
	const size_t max = sizeof(((struct machine_profile *)0)->source);

	/*
	 * What --machine names goes as it is into a CSV field, the
	 * '# sweep:' line (words split at blanks) and graph keys: a path
	 * none of those can carry whole is refused, not cut or quoted.
	 */
	if (strlen(text) >= max)
		return option_refuse(
			msg, len,
			"--machine: a path of %zu characters; at most %zu (link the profile somewhere shorter)",
			strlen(text), max - 1);
	for (const char *c = text; *c; c++)
		if (*c == ',' || *c == '"' || *c == '\'' ||
		    isspace((unsigned char)*c) || iscntrl((unsigned char)*c))
			return option_refuse(
				msg, len,
				"--machine '%s': a blank, comma, quote or control character, which a CSV field and the '# sweep:' line cannot carry; rename the file or link it",
				text);
	return profiles_find(text, field, msg, len);
}

void option_format_machine(const void *field, FILE *f)
{
	const struct machine_profile *const *p = field;

	fputs(*p ? (*p)->source : "host", f);
}

/* --access-time: a word, or a hit's cost in ns (what a replay reads). */
int option_parse_access_time(void *field, const char *text, char *msg,
			     size_t len)
{
	static const char *const words[] = {
		[ACCESS_TIME_AUTO] = "auto",
		[ACCESS_TIME_PROFILE] = "profile",
		[ACCESS_TIME_BASELINE] = "baseline-2002",
	};
	struct access_time *at = field;
	double ns;

	for (unsigned int i = 0; i < ARRAY_SIZE(words); i++) {
		if (strcmp(text, words[i]))
			continue;
		at->source = i;
		at->hit_ns = 0;
		return 0;
	}
	/* as a profile's costs: at least 1 ps, at most 1 ms (profile.c) */
	if (num_parse(text, &ns) || !(ns >= 0.001 && ns <= 1e6))
		return option_refuse(
			msg, len,
			"invalid --access-time '%s': expected auto, profile, baseline-2002 or a cache hit's cost in ns (0.001 to 1e6)",
			text);
	at->source = ACCESS_TIME_PROFILE;
	at->hit_ns = llround(ns * 1000) / 1000.0;
	return 0;
}

/* As typed back: the hit in ns once given or resolved, else the word. */
void option_format_access_time(const void *field, FILE *f)
{
	const struct access_time *at = field;
	char buf[NUM_BUFLEN];

	if (at->hit_ns > 0)
		fputs(num_format(at->hit_ns, buf, sizeof(buf)), f);
	else
		fputs(at->source == ACCESS_TIME_BASELINE ? "baseline-2002" :
		      at->source == ACCESS_TIME_PROFILE	 ? "profile" :
							   "auto",
		      f);
}
