// SPDX-License-Identifier: GPL-2.0
/*
 * rmapbench list [strategies|kernels|machines|suites]: the strategies in
 * the table's order (the one source of that order for scripts and tests:
 * `list strategies` prints only those lines), then the named kernel
 * configurations with the options they stand for and their sources, the
 * machine profiles `--mode model --machine` takes (with the first line
 * of each), and the suites of bench/ (with their questions).
 */
#include <stdio.h>
#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "commands.h"
#include "machine/profile.h"
#include "strategy/kernel.h"
#include "suite.h"
#include "lib/opt.h"
#include "strategy/strategy.h"
#include "lib/util.h"

static void list_strategies(void)
{
	int width = 8;

	/* The descriptions in one column, however long a name. */
	for (unsigned int i = 0; i < nr_strategies; i++)
		if ((int)strlen(strategies[i]->name) > width)
			width = strlen(strategies[i]->name);
	for (unsigned int i = 0; i < nr_strategies; i++)
		printf("%-*s %s\n", width, strategies[i]->name,
		       strategies[i]->desc);
}

static void list_kernels(void)
{
	for (unsigned int i = 1; i < nr_kernels; i++)
		printf("%s\n  %s\n  options: %s\n  source: %s\n",
		       kernels[i].name, kernels[i].what, kernels[i].options,
		       kernels[i].source);
}

static int name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/*
 * The files of dir whose names end in suffix, sorted, with the first
 * line of each that starts with key (key's text after it).
 */
static void list_dir(const char *dir, const char *suffix, const char *key)
{
	char *name[256];
	size_t n = 0, ls = strlen(suffix);
	struct dirent *d;
	DIR *dp = opendir(dir);

	if (!dp) {
		printf("(no %s folder)\n", dir);
		return;
	}
	while ((d = readdir(dp)) && n < 256) {
		size_t l = strlen(d->d_name);

		if (d->d_name[0] == '.' || !strcmp(d->d_name, "README.md") ||
		    l <= ls || strcmp(d->d_name + l - ls, suffix))
			continue;
		name[n] = strndup(d->d_name, l - ls);
		n += !!name[n];
	}
	closedir(dp);
	qsort(name, n, sizeof(*name), name_cmp);
	for (size_t i = 0; i < n; i++) {
		char path[4096], line[512] = "";
		FILE *f;

		snprintf(path, sizeof(path), "%s/%s%s", dir, name[i], suffix);
		f = fopen(path, "r");
		while (f && fgets(line, sizeof(line), f))
			if (!strncmp(line, key, strlen(key)))
				break;
			else
				line[0] = '\0';
		if (f)
			fclose(f);
		line[strcspn(line, "\n")] = '\0';
		printf("%-16s %s\n", name[i], *line ? line + strlen(key) : "");
		free(name[i]);
	}
}

static void list_machines(void)
{
	char dir[4096];

	profile_dir(dir, sizeof(dir));
	list_dir(dir, "", "# ");
}

static void list_suites(void)
{
	char dir[4096];

	suite_dir(dir, sizeof(dir));
	list_dir(dir, ".suite", "question: ");
}

static const char list_usage[] =
	"usage: rmapbench list [strategies|kernels|machines|suites]\n"
	"The rmap strategies (--strategy), the named kernel configurations\n"
	"(--kernel), the machine profiles of the model (--mode model\n"
	"--machine) and the suites (rmapbench suite NAME, ./run.sh NAME);\n"
	"with no argument, the strategies and the kernels.\n";

int cmd_list(int argc, char **argv)
{
	const char *what = argc > 2 ? argv[2] : "";
	static const char choices[] = "strategies kernels machines suites";

	if (!strcmp(what, "--help") || !strcmp(what, "-h")) {
		fputs(list_usage, stdout);
		return 0;
	}
	if (!strcmp(what, "machines") && argc == 3) {
		list_machines();
		return 0;
	}
	if (!strcmp(what, "suites") && argc == 3) {
		list_suites();
		return 0;
	}
	if (argc > 3 ||
	    (*what && strcmp(what, "strategies") && strcmp(what, "kernels"))) {
		char msg[512];

		snprintf(
			msg, sizeof(msg),
			"list takes nothing, 'strategies', 'kernels', 'machines' or 'suites', got '%s'",
			argv[argc > 3 ? 3 : 2]);
		opt_did_you_mean(msg, sizeof(msg), argv[argc > 3 ? 3 : 2],
				 choices);
		die(EXIT_USAGE, "%s", msg);
	}
	if (strcmp(what, "kernels"))
		list_strategies();
	if (!*what)
		printf("\nkernel configurations (run --kernel NAME):\n");
	if (strcmp(what, "strategies"))
		list_kernels();
	return 0;
}
