// SPDX-License-Identifier: GPL-2.0
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "opt.h"
#include "util.h"

/* The option arg names, and its "=value" if it has one; NULL if none. */
static const struct opt *match(const struct opt_spec *s, const char *arg,
			       const char **val)
{
	for (size_t i = 0; i < s->nr_opts; i++) {
		size_t n = strlen(s->opts[i].name);

		if (strncmp(arg, s->opts[i].name, n) ||
		    (arg[n] && arg[n] != '='))
			continue;
		*val = arg[n] ? arg + n + 1 : NULL;
		return &s->opts[i];
	}
	return NULL;
}

static bool is_help(const char *arg)
{
	return !strcmp(arg, "--help") || !strcmp(arg, "-h");
}

/* One option at argv[*i]; a value may take the next word. */
static int take_option(const struct opt_spec *s, int argc, char **argv, int *i,
		       char *msg, size_t len)
{
	const char *arg = argv[*i], *val;
	const struct opt *o = match(s, arg, &val);

	if (!o) {
		char names[1024] = "";

		for (size_t k = 0; k < s->nr_opts; k++)
			snprintf(names + strlen(names),
				 sizeof(names) - strlen(names), " %s",
				 s->opts[k].name);
		usage_fail(msg, len,
			   "unknown option %s; see 'rmapbench %s --help'", arg,
			   s->cmd);
		opt_did_you_mean(msg, len, arg, names);
		return EXIT_USAGE;
	}
	if (o->flag) {
		if (val)
			return usage_fail(msg, len, "option %s takes no value",
					  o->name);
		*o->flag = true;
		return 0;
	}
	if (!val && *i + 1 < argc)
		val = argv[++*i];
	if (!val || !*val)
		return usage_fail(
			msg, len,
			"option %s needs a value; see 'rmapbench %s --help'",
			o->name, s->cmd);
	*o->value = val;
	return 0;
}

int opt_parse(const struct opt_spec *s, int argc, char **argv, size_t *nr_words,
	      char *msg, size_t len)
{
	bool words_only = false;

	*nr_words = 0;
	for (int i = 2; i < argc; i++)
		if (!strcmp(argv[i], "--"))
			break;
		else if (is_help(argv[i]))
			return 1;
	for (int i = 2; i < argc; i++) {
		const char *arg = argv[i];
		int ret;

		if (!words_only && !strcmp(arg, "--")) {
			words_only = true;
			continue;
		}
		if (words_only || arg[0] != '-' || !arg[1]) {
			if (*nr_words == s->max_words)
				return usage_fail(msg, len, s->too_many, arg);
			s->words[(*nr_words)++] = arg;
			continue;
		}
		ret = take_option(s, argc, argv, &i, msg, len);
		if (ret)
			return ret;
	}
	return 0;
}

size_t opt_parse_or_exit(const struct opt_spec *s, int argc, char **argv,
			 const char *usage)
{
	char msg[1024];
	size_t nr;
	int ret = opt_parse(s, argc, argv, &nr, msg, sizeof(msg));

	if (ret == 1) {
		fputs(usage, stdout);
		exit(fflush(stdout) ? 1 : 0);
	}
	if (ret)
		die(ret, "%s", msg);
	return nr;
}

/* Levenshtein distance, case-blind, of two short names; big when long. */
static size_t distance(const char *a, size_t na, const char *b, size_t nb)
{
	size_t row[65];

	if (na > 64 || nb > 64)
		return (size_t)-1;
	for (size_t j = 0; j <= nb; j++)
		row[j] = j;
	for (size_t i = 1; i <= na; i++) {
		size_t diag = row[0];

		row[0] = i;
		for (size_t j = 1; j <= nb; j++) {
			size_t up = row[j];
			size_t sub =
				diag + ((a[i - 1] | 32) != (b[j - 1] | 32));
			size_t best = up + 1 < row[j - 1] + 1 ? up + 1 :
								row[j - 1] + 1;

			row[j] = sub < best ? sub : best;
			diag = up;
		}
	}
	return row[nb];
}

static bool name_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.';
}

const char *opt_nearest(const char *word, const char *list, char *buf,
			size_t len)
{
	size_t nw = strlen(word), best = (size_t)-1;
	const char *p = list;

	while (nw > 2 && word[0] == '-' && word[1] == '-') {
		word += 2; /* --name: compare the name */
		nw -= 2;
	}
	while (*p) {
		size_t n = 0, d;

		while (*p && !name_char(*p))
			p++;
		while (name_char(p[n]))
			n++;
		const char *name = p, *whole = p;
		size_t nwhole = n;

		p += n;
		while (n > 2 && name[0] == '-' && name[1] == '-') {
			name += 2;
			n -= 2;
		}
		if (!n || nwhole + 1 > len)
			continue;
		d = distance(word, nw, name, n);
		/* Near: a slip of a key or two, not another word. */
		if (d < best && d <= (nw > 5 ? 2 : 1) && d < n) {
			best = d;
			memcpy(buf, whole, nwhole);
			buf[nwhole] = '\0';
		}
	}
	return best == (size_t)-1 ? NULL : buf;
}

void opt_did_you_mean(char *msg, size_t len, const char *word, const char *list)
{
	char near[128];
	size_t n = strlen(msg);

	if (!word || !opt_nearest(word, list, near, sizeof(near)) ||
	    !strcmp(near, word))
		return;
	snprintf(msg + n, len > n ? len - n : 0, "; did you mean '%s'?", near);
}
