/* SPDX-License-Identifier: GPL-2.0 */
#ifndef RMAPBENCH_OPT_H
#define RMAPBENCH_OPT_H

#include <stdbool.h>
#include <stddef.h>

/*
 * The argument parser of every subcommand but run (whose options are a
 * table of their own, engine/options.c).  Values stay text; the command
 * checks them.  Accepted: --name VALUE, --name=VALUE, a flag --name,
 * --help or -h, -- before words that start with a dash, and up to
 * max_words other words (files, folders).
 */
struct opt {
	const char *name;   /* "--out" */
	const char **value; /* the option takes a value, stored here */
	bool *flag;	    /* or it is a flag, set here */
};

#define ARG_VALUE(n, p)                   \
	{                                 \
		.name = (n), .value = (p) \
	}
#define ARG_FLAG(n, p)                   \
	{                                \
		.name = (n), .flag = (p) \
	}

struct opt_spec {
	const char *cmd; /* "compare", for "see 'rmapbench compare --help'" */
	const struct opt *opts;
	size_t nr_opts;
	const char **words; /* the other words, in order */
	size_t max_words;
	/* the message for one word too many, with a %s for it */
	const char *too_many;
};

/*
 * Parses argv[2..argc).  Returns 0 with the number of words in *nr_words,
 * 1 when --help or -h was given (nothing else is checked), or EXIT_USAGE
 * with a one-line message in msg.
 */
int opt_parse(const struct opt_spec *s, int argc, char **argv, size_t *nr_words,
	      char *msg, size_t len);

/*
 * opt_parse() for a command's own argv: prints usage and exits 0 on
 * --help, exits 2 with the message on bad arguments.  Returns the number
 * of words.
 */
size_t opt_parse_or_exit(const struct opt_spec *s, int argc, char **argv,
			 const char *usage);

/*
 * The name in list (any text: names are runs of letters, digits and
 * "-_.", a leading "--" ignored) nearest word by edit distance, when it
 * is a slip or two away; NULL when none is.  buf holds it.
 */
const char *opt_nearest(const char *word, const char *list, char *buf,
			size_t len);
/* Appends "; did you mean 'NAME'?" to msg when list has a near name. */
void opt_did_you_mean(char *msg, size_t len, const char *word,
		      const char *list);

#endif
