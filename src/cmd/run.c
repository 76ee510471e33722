// SPDX-License-Identifier: GPL-2.0
/* rmapbench run: the arguments into a plan, checked whole, then measured. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "commands.h"
#include "engine/options.h"
#include "engine/runner.h"
#include "lib/util.h"

int run_plan(const struct plan *p, const struct run_control *rc, int argc,
	     char **argv)
{
	const char *path = "standard output";
	FILE *out = stdout;
	int ret;

	if (rc->out) {
		path = rc->out;
		out = fopen(path, "w");
		if (!out)
			die(EXIT_USAGE, "cannot create %s: %s", path,
			    strerror(errno));
	}
	ret = run_sweep(p, rc, out, path, argc, argv);
	if (out != stdout && fclose(out) && !ret)
		die(1, "write error on %s: %s", path, strerror(errno));
	return ret;
}

int cmd_run(int argc, char **argv)
{
	struct plan *p = malloc(sizeof(*p));
	struct run_control rc;
	char msg[1024];
	int ret;

	if (!p)
		die_oom("the plan");
	ret = plan_parse(argc - 2, argv + 2, p, &rc, msg, sizeof(msg));
	if (!ret && rc.help) {
		run_usage(stdout);
		free(p);
		return 0;
	}
	if (!ret)
		ret = plan_validate(p, rc.mem_limit, msg, sizeof(msg));
	if (ret)
		die(ret, "%s", msg);
	ret = run_plan(p, &rc, argc, argv);
	free(p);
	return ret;
}
