// SPDX-License-Identifier: GPL-2.0
/* rmapbench run: the arguments into a plan, checked whole, then measured. */
#include <stdlib.h>
#include "commands.h"
#include "analysis/truth.h"
#include "engine/options.h"
#include "engine/runner.h"
#include "lib/outfile.h"
#include "lib/stop.h"
#include "lib/util.h"

/*
 * Every output is checked before any is created: a bad --histogram leaves
 * no --out behind.  --replay's file is an input no output may replace.
 */
static int open_outputs(const struct run_control *rc, struct outfile *out,
			struct outfile *hist, char *msg, size_t len)
{
	unsigned int flags = rc->force ? OUT_FORCE : 0;
	int ret = 0;

	outfile_reset();
	outfile_input(rc->replay);
	if (rc->out)
		ret = outfile_claim(rc->out, flags, msg, len);
	if (!ret && rc->histogram)
		ret = outfile_claim(rc->histogram, flags, msg, len);
	if (ret)
		return ret;
	if (stop_requested())
		exit(128 + stop_requested()); /* nothing created yet */
	if (!rc->out)
		outfile_stdout(out);
	else if ((ret = outfile_open(out, rc->out, flags, msg, len)))
		return ret;
	if (rc->histogram &&
	    (ret = outfile_open(hist, rc->histogram, flags, msg, len)))
		outfile_discard(out);
	return ret;
}

int run_plan(const struct plan *p, const struct run_control *rc, int argc,
	     char **argv)
{
	struct outfile out, hist;
	char msg[1024];
	int ret;

	stop_catch(); /* before any file is opened */
	ret = open_outputs(rc, &out, &hist, msg, sizeof(msg));
	if (ret)
		die(ret, "%s", msg);
	ret = run_sweep(p, rc, &out, rc->histogram ? &hist : NULL, argc, argv);
	if (rc->histogram && outfile_close(&hist, msg, sizeof(msg)))
		die(1, "%s", msg);
	if (outfile_close(&out, msg, sizeof(msg)))
		die(1, "%s", msg);
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
	stop_catch(); /* before any file is opened */
	ret = plan_parse(argc - 2, argv + 2, p, &rc, msg, sizeof(msg));
	if (!ret && rc.help) {
		run_usage(stdout);
		free(p);
		return 0;
	}
	if (ret)
		die(ret, "%s", msg);
	ret = plan_validate(p, rc.mem_limit, msg, sizeof(msg));
	if (!ret)
		ret = plan_resolve_other_work(p, rc.calibration,
					      truth_2002_baseline_ns(),
					      rc.quiet, msg, sizeof(msg));
	/* A replayed sweep's fault is the file's: name it. */
	if (ret && rc.replay)
		die(ret, "%s: '# sweep:' line: %s", rc.replay, msg);
	if (ret)
		die(ret, "%s", msg);
	ret = run_plan(p, &rc, argc, argv);
	free(p);
	return ret;
}
