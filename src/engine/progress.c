// SPDX-License-Identifier: GPL-2.0
/* A sweep's progress on stderr (progress.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "progress.h"
#include "sweep.h"
#include "lib/util.h"
#include "strategy/strategy.h"
#include "machine/profile.h"

#define PROGRESS_LOG_S 10

static double job_work(const struct plan *o, const struct job *j, bool *model)
{
	struct config cfg;

	sweep_point(&o->sweeps[j->sweep], j->point, &cfg);
	*model = cfg.mode == MODE_MODEL;
	if (*model)
		return (double)cfg.threads * (cfg.pages + cfg.image_pages) *
		       (cfg.forks ? (double)cfg.forks / cfg.threads : 1);
	return cfg.forks ? 1.0 : cfg.warmup + cfg.duration;
}

void progress_init(struct progress *pg, const struct plan *o,
		   const struct job *jobs, unsigned long total)
{
	const char *term = getenv("TERM");

	memset(pg, 0, sizeof(*pg));
	pg->work = calloc(2 * total + 2, sizeof(*pg->work));
	if (!pg->work)
		die_oom("the progress");
	for (unsigned long i = 0; i < total; i++) {
		bool model;

		pg->work[i] = job_work(o, &jobs[i], &model);
		pg->work[total + 1 + i] = model;
		pg->left_work[model] += pg->work[i];
	}
	pg->start = pg->last_log = now_ns();
	pg->tty = isatty(STDERR_FILENO);
	pg->dumb = !term || !strcmp(term, "dumb");
}

/* Seconds left: each kind of work at its own rate, else the other's. */
static double progress_left(const struct progress *pg)
{
	double left = 0;

	for (int k = 0; k < 2; k++) {
		double rate =
			pg->done_work[k]  ? pg->done_s[k] / pg->done_work[k] :
			pg->done_work[!k] ? pg->done_s[!k] / pg->done_work[!k] :
					    0;

		left += rate * pg->left_work[k];
	}
	return left;
}

static void point_name(const struct plan *o, const struct job *j, char *buf,
		       size_t len)
{
	struct config cfg;

	sweep_point(&o->sweeps[j->sweep], j->point, &cfg);
	snprintf(buf, len, "%s, %u thread%s%s%s, rep %u", cfg.strategy->name,
		 cfg.threads, cfg.threads == 1 ? "" : "s",
		 cfg.mode == MODE_MODEL ? ", model " : "",
		 cfg.mode == MODE_MODEL && cfg.machine ? cfg.machine->name :
		 cfg.mode == MODE_MODEL		       ? "host" :
							 "",
		 j->rep + 1);
}

void progress_show(struct progress *pg, const struct run_control *rc,
		   const struct plan *o, const struct job *jobs,
		   unsigned long i, unsigned long total)
{
	double elapsed = (now_ns() - pg->start) * 1e-9;
	char name[256], eta[64] = "";

	if (rc->quiet)
		return;
	if (pg->done_work[0] + pg->done_work[1] > 0)
		snprintf(eta, sizeof(eta), ", about %.0f s left",
			 progress_left(pg));
	if (i < total)
		point_name(o, &jobs[i], name, sizeof(name));
	if (pg->tty) {
		/* A dumb terminal gets no escape: trailing blanks clear instead. */
		if (i < total)
			fprintf(stderr,
				"\r%spoint %lu of %lu (%s): %.0f s elapsed%s%s",
				pg->dumb ? "" : "\033[K", i + 1, total, name,
				elapsed, eta, pg->dumb ? "    " : "");
		else
			fprintf(stderr, "\r%s%lu points in %.0f s%s\n",
				pg->dumb ? "" : "\033[K", total, elapsed,
				pg->dumb ? "                              " :
					   "");
		return;
	}
	if (i == total) {
		fprintf(stderr, "rmapbench: %lu points in %.0f s\n", total,
			elapsed);
	} else if ((now_ns() - pg->last_log) * 1e-9 >= PROGRESS_LOG_S) {
		pg->last_log = now_ns();
		fprintf(stderr,
			"rmapbench: point %lu of %lu (%s): %.0f s elapsed%s\n",
			i + 1, total, name, elapsed, eta);
	}
}

void progress_done(struct progress *pg, unsigned long i, unsigned long total,
		   uint64_t t0)
{
	int model = progress_is_model(pg, i, total);

	pg->done_work[model] += pg->work[i];
	pg->done_s[model] += (now_ns() - t0) * 1e-9;
	pg->left_work[model] -= pg->work[i];
}
