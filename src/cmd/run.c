// SPDX-License-Identifier: GPL-2.0
/* rmapbench run: the arguments into a plan, checked whole, then measured. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "commands.h"
#include "analysis/summarize.h"
#include "analysis/table.h"
#include "analysis/truth.h"
#include "analysis/verdict.h"
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

/* The brief verdict of a raw CSV, on stdout; a run too small for one says
 * nothing. */
static void print_verdict(const char *raw)
{
	struct verdict_suite *v;
	char msg[1024];
	size_t nr;

	if (verdict_load(raw, &v, &nr, msg, sizeof(msg)))
		return;
	for (size_t i = 0; i < nr; i++)
		for (size_t j = 0; j < v[i].nr_cells; j++)
			if (v[i].cell[j].nr > 1) {
				verdict_print(v, nr, true, NULL, stdout);
				verdict_unload(v, nr);
				return;
			}
	verdict_unload(v, nr);
}

/*
 * On a terminal without --out, people read the summary, not 90 columns of
 * raw CSV: the rows go to a file of a private folder, and the summary
 * table and the verdict to the terminal.  --out FILE or a pipe keeps the
 * raw CSV.
 */
static int run_to_terminal(struct plan *p, struct run_control *rc, int argc,
			   char **argv)
{
	char dir[] = "/tmp/rmapbench-run.XXXXXX", raw[64], msg[1024];
	struct summary s;
	int ret;

	if (!mkdtemp(dir))
		die(1, "cannot make a folder for the raw rows: %m");
	snprintf(raw, sizeof(raw), "%s/run.csv", dir);
	rc->out = raw;
	ret = run_plan(p, rc, argc, argv);
	if (!ret && !summary_build(raw, &s, msg, sizeof(msg))) {
		summary_show(&s, TABLE_TEXT, stdout);
		summary_free(&s);
		print_verdict(raw);
		fputs("(the summary: a terminal; --out FILE or a pipe gives the raw CSV)\n",
		      stdout);
	}
	unlink(raw);
	rmdir(dir);
	free(p);
	return ret;
}

/* --duration given, but every sweep is modelled: it would do nothing. */
static bool duration_unused(const struct plan *p, int argc, char **argv)
{
	bool given = false;

	for (int i = 2; i < argc && strcmp(argv[i], "--"); i++)
		given |= !strcmp(argv[i], "--duration") ||
			 !strncmp(argv[i], "--duration=", 11);
	for (unsigned int i = 0; given && i < p->nr_sweeps; i++)
		if (p->sweeps[i].base.mode != MODE_MODEL)
			return false;
	return given;
}

int cmd_run(int argc, char **argv)
{
	struct plan *p = malloc(sizeof(*p));
	const struct baseline_2002 baseline = { truth_2002_baseline_ns(),
						truth_2002_copy_zap_ns() };
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
	if (!ret && duration_unused(p, argc, argv))
		ret = usage_fail(
			msg, sizeof(msg),
			"--duration is a wall-clock window, and --mode model has no wall clock: it runs a fixed amount of work; give --forks N instead");
	if (!ret)
		ret = plan_resolve_other_work(p, rc.calibration, &baseline,
					      rc.quiet, msg, sizeof(msg));
	/* A replayed sweep's fault is the file's: name it. */
	if (ret && rc.replay)
		die(ret, "%s: '# sweep:' line: %s", rc.replay, msg);
	if (ret)
		die(ret, "%s", msg);
	if (!rc.out && isatty(STDOUT_FILENO))
		return run_to_terminal(p, &rc, argc, argv);
	ret = run_plan(p, &rc, argc, argv);
	if (!ret && rc.out)
		print_verdict(rc.out);
	free(p);
	return ret;
}
