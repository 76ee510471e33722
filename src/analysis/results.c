// SPDX-License-Identifier: GPL-2.0
/*
 * The layout of a results folder and the order its contents are shown in.
 * plotdata, report and compare take every such fact from here.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "lib/compiler.h"
#include "lib/util.h"
#include "lib/infile.h"
#include "results.h"
#include "strategy/strategy.h"

/* The suites run.sh writes, in the order a reader wants them. */
static const char *const suite_order[] = {
	"seed",	   "scaling", "locktable", "batch",
	"sharing", "nrpte",   "reclaim",   "model", "modern", "quick",
};

unsigned int strategy_rank(const char *name)
{
	for (unsigned int i = 0; i < nr_strategies; i++)
		if (!strcmp(strategies[i]->name, name))
			return i;
	return nr_strategies;
}

unsigned int suite_rank(const char *name)
{
	for (size_t i = 0; i < ARRAY_SIZE(suite_order); i++)
		if (!strcmp(name, suite_order[i]))
			return i;
	return ARRAY_SIZE(suite_order);
}

char *path_join(const char *dir, const char *name)
{
	size_t n = strlen(dir) + strlen(name) + 2;
	char *p = malloc(n);

	if (!p)
		die_oom("a file name");
	snprintf(p, n, "%s/%s", dir, name);
	return p;
}

FILE *results_open(const char *path, size_t limit, char *msg, size_t len)
{
	return infile_open(
		path, limit,
		"a results folder holds only the files rmapbench wrote", msg,
		len);
}

char *results_read(const char *dir, const char *name, size_t limit,
		   size_t *size, char *msg, size_t len)
{
	char *path = path_join(dir, name), *buf = NULL;
	FILE *f = results_open(path, limit, msg, len);

	if (f) {
		buf = infile_read_all(f, limit, size);
		if (!buf)
			snprintf(msg, len, "%s: cannot read it whole: %s", path,
				 ferror(f) ? strerror(errno) : "it grew");
		fclose(f);
	}
	free(path);
	return buf;
}

static bool has_summary(const char *dir, const char *name)
{
	char *sdir = path_join(dir, name);
	char *sum = path_join(sdir, "summary.csv");
	struct stat st;
	bool ret = !stat(sum, &st) && S_ISREG(st.st_mode);

	free(sdir);
	free(sum);
	return ret;
}

static int suite_cmp(const void *a, const void *b)
{
	const char *x = *(char *const *)a, *y = *(char *const *)b;
	unsigned int rx = suite_rank(x), ry = suite_rank(y);

	return rx != ry ? (rx > ry) - (rx < ry) : strcmp(x, y);
}

static void add_name(char ***names, size_t *nr, const char *name)
{
	char **n = realloc(*names, (*nr + 1) * sizeof(*n));

	if (!n || !(n[*nr] = strdup(name)))
		die_oom("the suite list");
	*names = n;
	(*nr)++;
}

int results_suites(const char *dir, char ***names, size_t *nr, char *msg,
		   size_t len)
{
	DIR *d = opendir(dir);
	struct dirent *e;

	*names = NULL;
	*nr = 0;
	if (!d)
		return usage_fail(msg, len, "%s: %s", dir,
				  errno == ENOENT ? "no such results folder" :
						    strerror(errno));
	while ((e = readdir(d)))
		if (e->d_name[0] != '.' && has_summary(dir, e->d_name))
			add_name(names, nr, e->d_name);
	closedir(d);
	if (!*nr)
		return usage_fail(
			msg, len,
			"%s: no <suite>/summary.csv in it; run ./run.sh or 'rmapbench summarize' first",
			dir);
	qsort(*names, *nr, sizeof(**names), suite_cmp);
	return 0;
}

void results_free(char **names, size_t nr)
{
	for (size_t i = 0; i < nr; i++)
		free(names[i]);
	free(names);
}

/* One line of a names file: '#' to its end and every blank go. */
static void clean_name(char *line)
{
	char *out = line;

	for (char *p = line; *p && *p != '#'; p++)
		if (*p != ' ' && *p != '\t' && *p != '\r' && *p != '\v' &&
		    *p != '\f')
			*out++ = *p;
	*out = '\0';
}

char *results_name(char *text, char **save)
{
	for (char *line = strtok_r(text, "\n", save); line;
	     line = strtok_r(NULL, "\n", save)) {
		clean_name(line);
		if (*line)
			return line;
	}
	return NULL;
}
