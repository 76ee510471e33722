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

	if (!o)
		return usage_fail(
			msg, len,
			"unknown option %s; see 'rmapbench %s --help'", arg,
			s->cmd);
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
