/* SPDX-License-Identifier: GPL-2.0 */
#ifndef RMAPBENCH_SUITE_H
#define RMAPBENCH_SUITE_H

#include <stdbool.h>
#include <stddef.h>

/*
 * A named suite (bench/<name>.suite): the question it answers and the
 * sweep that answers it, as `key: value` lines:
 *
 *	question: ...		what it answers (lines join into a paragraph)
 *	graphs: a b c		the plot/<graph>.gp scripts it wants
 *	report: a b		the report's sections beside its summary
 *	default: yes|no		part of ./run.sh with no arguments
 *	sweep: --opt v ...	rmapbench run options (lines join)
 *	then: --opt v ...	a further sweep, as run's --then
 *	quick: --opt v ...	added to every sweep by ./run.sh --quick
 *
 * '#' starts a comment line.  Values are plain words: no quoting.
 */
struct suite_spec {
	char *question;
	char *graphs;
	char *report;
	bool is_default;
	char **words; /* sweep, then "--then" and then-words ... */
	size_t nr_words;
	char **quick;
	size_t nr_quick;
};

/* 0, or -1 with "line N: ..." in msg; s is freed by suite_free either way. */
int suite_parse(const char *text, size_t len, struct suite_spec *s, char *msg,
		size_t msglen);
void suite_free(struct suite_spec *s);

/*
 * The bench/ folder: RMAPBENCH_BENCH, or ../bench beside the binary, or
 * ./bench.
 */
void suite_dir(char *buf, size_t len);
/*
 * A suite file's path from what the user gave: a file that exists, else
 * the suite of that name in suite_dir().  Returns 0, or EXIT_USAGE with
 * a message (naming the nearest suite).
 */
int suite_resolve(const char *given, char *path, size_t len, char *msg,
		  size_t msglen);

/*
 * The files of a suite's folder, in the order a suite writes them.  A
 * shard's folder (--shard I/N) has all but the summary; `rmapbench merge`
 * (merge.c) writes them all from the shards'.
 */
enum {
	SUITE_QUESTION,
	SUITE_GRAPHS,
	SUITE_REPORT,
	SUITE_RAW,
	SUITE_HIST,
	SUITE_SUMMARY,
	SUITE_HOST,
	NR_SUITE_FILES
};
extern const char *const suite_file[NR_SUITE_FILES];

/*
 * Every file of the folder dir into path, each checked before any is
 * written: none may exist (without force), be other than a regular file,
 * or be an input (noted after outfile_reset()).  Then the folder is made.
 * Dies on a refusal.
 */
void suite_claim(const char *dir, bool force, char path[][4096]);
/* Dies, with one line, unless --calibration's file can be read. */
void suite_check_calibration(const char *path);
/* text and a newline as the whole of path; dies on failure. */
void suite_write_text(const char *path, const char *text);
/*
 * What a suite does once its rows are in: the summary (with calibration,
 * or NULL), host (the host_describe() text) and the verdict on stdout.
 */
int suite_finish(char path[][4096], const char *calibration, bool force,
		 const char *host);

#endif
