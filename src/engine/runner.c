// SPDX-License-Identifier: GPL-2.0
/*
 * Running a sweep: every point --reps times, each repetition's points in an
 * order shuffled with --seed so that drift (thermal, other load) spreads
 * over all points instead of biasing the last ones.  Rows are written as
 * points finish, each whole (lib/outfile.h).  SIGINT, SIGTERM and SIGHUP
 * stop the sweep within a second, inside a point too: the point they cut
 * short is a row with status "stopped" and no measurements, which
 * summarize and compare leave out.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>
#include "runner.h"
#include "calibrate_machine.h"
#include "driver.h"
#include "lib/histogram.h"
#include "output.h"
#include "perf.h"
#include "strategy/strategy.h"
#include "lib/outfile.h"
#include "lib/regime.h"
#include "lib/stop.h"
#include "lib/topo.h"
#include "lib/util.h"
#include "machine/profile.h"
#include "model_run.h"
#include "profiles.h"
#include "progress.h"
#include "repsmax.h"
#include "shard.h"

/*
 * Repetition r of every point of every sweep, then repetition r + 1: each
 * block shuffled, so that every point sees the same spread of drift.
 */
static struct job *shuffled_jobs(const struct plan *o, uint64_t seed,
				 unsigned long *total)
{
	unsigned int max_reps = 0;
	unsigned long n = 0;
	struct job *jobs;

	for (unsigned int i = 0; i < o->nr_sweeps; i++) {
		n += sweep_points(&o->sweeps[i]) *
		     sweep_reps_cap(&o->sweeps[i]);
		if (sweep_reps_cap(&o->sweeps[i]) > max_reps)
			max_reps = sweep_reps_cap(&o->sweeps[i]);
	}
	jobs = malloc(n * sizeof(*jobs));
	*total = n;
	if (!jobs)
		return NULL;
	n = 0;
	for (unsigned int r = 0; r < max_reps; r++) {
		struct job *block = jobs + n;
		unsigned long nr = 0;

		for (unsigned int i = 0; i < o->nr_sweeps; i++) {
			if (r >= sweep_reps_cap(&o->sweeps[i]))
				continue;
			for (unsigned long k = 0;
			     k < sweep_points(&o->sweeps[i]); k++)
				block[nr++] = (struct job){ i, r, k, 0 };
		}
		for (unsigned long k = nr; k > 1; k--) {
			unsigned long j = splitmix64(&seed) % k;
			struct job t = block[k - 1];

			block[k - 1] = block[j];
			block[j] = t;
		}
		n += nr;
	}
	for (unsigned long k = 0; k < n; k++)
		jobs[k].row = k;
	return jobs;
}

/* --shard I/N keeps the plan's points I-1, I-1+N, ... in their order. */
static unsigned long shard_jobs(struct job *jobs, unsigned long total,
				const struct run_control *rc)
{
	unsigned long n = 0;

	for (unsigned long k = 0; k < total; k++)
		if (!rc->shards || shard_owns(rc->shard, rc->shards, k))
			jobs[n++] = jobs[k];
	return n;
}

struct host_meta {
	char topology[256], distances[1024], seed[32], mem[32], *sweep;
	char smt[8], nodes[16], perf[128], shard[64];
	struct meta kv[10];
};

static bool topo_has_smt(const struct topo *topo)
{
	int cpus[CPUS_MAX];
	unsigned int n = allowed_cpus(cpus, CPUS_MAX);
	struct topo_cpu info;

	for (unsigned int i = 0; i < n; i++)
		if (!topo_cpu_info(topo, cpus[i], &info) && info.smt)
			return true;
	return false;
}

static unsigned int run_meta(const struct plan *o, const struct run_control *rc,
			     unsigned long points, const struct topo *topo,
			     struct host_meta *m)
{
	topo_summary(topo, m->topology, sizeof(m->topology));
	topo_numa_distances(topo, m->distances, sizeof(m->distances));
	snprintf(m->smt, sizeof(m->smt), "%s",
		 topo_has_smt(topo) ? "on" : "off");
	snprintf(m->nodes, sizeof(m->nodes), "%d", mem_nodes());
	snprintf(m->seed, sizeof(m->seed), "%llu", (unsigned long long)o->seed);
	mem_policy_format(&o->sweeps[0].base.mem, m->mem, sizeof(m->mem));
	perf_probe(m->perf, sizeof(m->perf));
	m->sweep = plan_format(o);
	if (!m->sweep)
		die_oom("the sweep line");
	memcpy(m->kv,
	       (struct meta[]){
		       { "topology", m->topology },
		       { "smt", m->smt },
		       { "numa_nodes", m->nodes },
		       { "numa_distances", m->distances },
		       { "placement", placement_name(o->placement) },
		       { "mem", m->mem },
		       { "seed", m->seed },
		       { "sweep", m->sweep },
		       { "perf", m->perf },
	       },
	       sizeof(m->kv) - sizeof(m->kv[0]));
	if (!rc->shards)
		return ARRAY_SIZE(m->kv) - 1;
	shard_format(m->shard, sizeof(m->shard), rc->shard, rc->shards, points);
	m->kv[ARRAY_SIZE(m->kv) - 1] = (struct meta){ "shard", m->shard };
	return ARRAY_SIZE(m->kv);
}

struct sweep_run {
	const struct plan *o;
	const struct run_control *rc;
	struct topo *topo;
	struct outfile *out;
	struct outfile *hist; /* --histogram, or NULL */
	int *cpus;
	char *cpus_text;
	unsigned long written;
	/* What modelling cost this host: simulated accesses, host ns. */
	uint64_t model_accesses, model_ns;
	struct reps_max *rm; /* --reps-max's stop, or NULL */
};

/*
 * The point's merged latency buckets, keyed by its row number in the
 * plan's order (a shard's too, so that merged shards keep them).
 */
static int write_histograms(struct sweep_run *s, const struct config *cfg,
			    const struct job *job,
			    const struct point_result *res)
{
	char prefix[128];
	int n = snprintf(prefix, sizeof(prefix), "%lu,%s,%u,%u,", job->row,
			 cfg->strategy->name, cfg->threads, job->rep);

	snprintf(prefix + n, sizeof(prefix) - n, "fork");
	hist_write(s->hist->f, &res->fork_lat, prefix);
	snprintf(prefix + n, sizeof(prefix) - n, "exit");
	hist_write(s->hist->f, &res->exit_lat, prefix);
	return 0;
}

/* Writes what was printed into o as one piece, or dies saying where. */
static void commit(struct outfile *o)
{
	char msg[1024];

	if (outfile_commit(o, msg, sizeof(msg)))
		die(1, "%s", msg);
}

/*
 * A modelled point: the machine is --machine's (or machines/host), the CPUs
 * are virtual ("model" in the cpus column), and the start phases are drawn
 * from --seed and the repetition, so every strategy of a repetition starts
 * from the same phases and repetitions differ.
 */
static int model_job(struct sweep_run *s, struct config *cfg, unsigned int rep,
		     struct point_result *res, char *msg, size_t len)
{
	uint64_t seed = s->o->seed ^ (0x9e3779b97f4a7c15ull * (rep + 1));
	uint64_t t0 = now_ns();
	int ret;

	cfg->machine = profiles_modelled(cfg->machine, msg, len);
	if (!cfg->machine)
		die(EXIT_USAGE, "%s", msg);
	cfg->seed = splitmix64(&seed);
	if (profiles_place(cfg, s->o->placement, msg, len))
		die(EXIT_USAGE, "%s", msg);
	snprintf(s->cpus_text, TOPO_CPUS_BUFLEN(1), "model");
	ret = model_point(cfg, res, msg, len);
	s->model_ns += now_ns() - t0;
	if (!ret)
		s->model_accesses += res->machine.accesses;
	return ret;
}

int runner_probe(struct config *cfg, enum placement placement, uint64_t seed,
		 struct point_result *res, char *msg, size_t len)
{
	if (cfg->mode != MODE_MODEL)
		return run_point(cfg, res, msg, len);
	cfg->machine = profiles_modelled(cfg->machine, msg, len);
	if (!cfg->machine)
		return -1;
	cfg->seed = seed;
	if (profiles_place(cfg, placement, msg, len))
		return -1;
	return model_point(cfg, res, msg, len);
}

/* The model's own speed, with --verbose (docs/model-speed.md). */
static void model_speed(const struct sweep_run *s)
{
	if (!s->rc->verbose || !s->model_accesses)
		return;
	fprintf(stderr,
		"rmapbench: modelled %llu accesses in %.1f s of host time: %.0f ns per access\n",
		(unsigned long long)s->model_accesses, s->model_ns * 1e-9,
		(double)s->model_ns / s->model_accesses);
}

/*
 * Samples of each ping-pong around a point: 25 to 70 ms on this VM; more
 * than REGIME_BUDGET_NS only on a loaded machine, where it says nothing.
 */
#define REGIME_SAMPLES 100
#define REGIME_BUDGET_NS 500000000ull

static double pingpong_now(void)
{
	struct pingpong_stats st;
	int cpus[2];

	if (calibrate_pingpong_within(REGIME_SAMPLES, REGIME_BUDGET_NS, cpus,
				      &st))
		return NAN;
	return st.median;
}

/*
 * A measured point of two or more threads, run between two ping-pongs of
 * the host's first two CPUs: the regime it ran in (lib/regime.h) is their
 * mean when they agree, NAN when the regime changed during the point.
 */
static int run_in_regime(const struct config *cfg, struct point_result *res,
			 char *msg, size_t len)
{
	double before = cfg->threads > 1 ? pingpong_now() : NAN;
	double after;
	int ret = run_point(cfg, res, msg, len);

	res->pingpong_ns = NAN;
	if (ret || isnan(before))
		return ret;
	after = pingpong_now();
	if (regime_same(before, after))
		res->pingpong_ns = (before + after) / 2;
	return ret;
}

/* Runs one point and writes its row; returns an exit status or 0. */
static int run_job(struct sweep_run *s, const struct job *job)
{
	unsigned int rep = job->rep;
	struct point_result res;
	struct config cfg;
	char msg[1024];
	int ret;

	if (reps_max_skip(s->rm, job))
		return 0;
	sweep_point(&s->o->sweeps[job->sweep], job->point, &cfg);
	if (cfg.mode == MODE_MODEL) {
		ret = model_job(s, &cfg, rep, &res, msg, sizeof(msg));
	} else {
		if (topo_plan(s->topo, cfg.threads, s->o->placement,
			      cfg.oversubscribe, s->cpus, msg, sizeof(msg)) < 0)
			die(EXIT_USAGE, "%s", msg);
		cfg.cpus = s->cpus;
		topo_format_cpus(s->cpus, cfg.threads, s->cpus_text,
				 TOPO_CPUS_BUFLEN(cfg.threads));
		ret = run_in_regime(&cfg, &res, msg, sizeof(msg));
	}
	switch (ret) {
	case POINT_OK:
	case POINT_TIMEOUT:
	case POINT_NOMEM:
	case POINT_STOPPED:
		/*
		 * A failed point is a row that says so; the sweep goes on.
		 * A stopped one too (summarize leaves it out), and then the
		 * sweep ends: every row in the file is complete.
		 */
		if (ret && ret != POINT_STOPPED)
			fprintf(stderr, "\nrmapbench: %s with %u threads: %s\n",
				cfg.strategy->name, cfg.threads, msg);
		csv_write_row(s->out->f, &cfg, rep, s->cpus_text,
			      ret == POINT_TIMEOUT ? "timeout" :
			      ret == POINT_STOPPED ? "stopped" :
			      ret		   ? "nomem" :
						     "ok",
			      ret ? NULL : &res);
		commit(s->out);
		s->written++;
		reps_max_record(s->rm, job, &cfg, ret ? NULL : &res, stderr);
		if (!ret && s->hist) {
			write_histograms(s, &cfg, job, &res);
			commit(s->hist);
		}
		return ret == POINT_STOPPED;
	case POINT_INVARIANT:
		die(EXIT_INVARIANT,
		    "invariant broken after %s with %u threads: %s",
		    cfg.strategy->name, cfg.threads, msg);
	case POINT_STUCK:
		die(POINT_STUCK,
		    "%s with %u threads: %s, and a driver thread could not be stopped; %lu complete rows are in %s",
		    cfg.strategy->name, cfg.threads, msg, s->written,
		    s->out->path);
	}
	die(1, "%s", msg);
}

/*
 * --jobs N.  A modelled point is deterministic and shares nothing with
 * another, so up to N of them run at once, each in a child process (the
 * model runs on one thread: a process is the unit the host's CPUs run in
 * parallel).  A child runs the point exactly as one run would, but its
 * outfiles write to files of its own, which the parent copies into the
 * real ones in the plan's order: the rows, their row numbers in the
 * histograms and the order are those of --jobs 1.  A child that ends
 * before the points ahead of it waits to be written while the next one
 * starts: points of unequal length keep every CPU busy.  A measured point
 * runs alone, after every child before it is in: it times this host.
 */
#define JOBS_MAX 64

struct slot {
	pid_t pid;
	FILE *row, *hist; /* what the child committed */
	uint64_t *cost;	  /* shared: its model_accesses, model_ns */
	uint64_t t0;	  /* when it started */
	int status;	  /* its wait status, once done */
	enum { WAITING, RUNNING, DONE } state;
};

static FILE *xtmpfile(void)
{
	FILE *f = tmpfile();

	if (!f)
		die(1, "--jobs: cannot make a temporary file: %m");
	return f;
}

/* Starts job in a child; ahead rows are due before its row. */
static void spawn(struct sweep_run *s, const struct job *job, struct slot *sl,
		  unsigned long ahead)
{
	sl->row = xtmpfile();
	sl->hist = s->hist ? xtmpfile() : NULL;
	sl->cost = mmap(NULL, 2 * sizeof(*sl->cost), PROT_READ | PROT_WRITE,
			MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (sl->cost == MAP_FAILED)
		die(1, "--jobs: cannot share a page with a child: %m");
	sl->state = RUNNING;
	sl->t0 = now_ns();
	fflush(stdout);
	fflush(stderr);
	sl->pid = fork();
	if (sl->pid < 0)
		die(1, "--jobs: cannot start a process: %m");
	if (sl->pid)
		return;
	s->out->fd = fileno(sl->row);
	if (s->hist)
		s->hist->fd = fileno(sl->hist);
	s->written += ahead;
	s->model_accesses = s->model_ns = 0;
	int stopped = run_job(s, job);

	sl->cost[0] = s->model_accesses;
	sl->cost[1] = s->model_ns;
	_exit(stopped);
}

/* What f holds, printed into o and committed. */
static void copy_into(FILE *f, struct outfile *o)
{
	char buf[65536];
	size_t n;

	rewind(f);
	while ((n = fread(buf, 1, sizeof(buf), f)))
		fwrite(buf, 1, n, o->f);
	fclose(f);
	commit(o);
}

/* Waits for a child (pid -1: whichever ends first) and marks it done. */
static void wait_child(struct slot *slot, unsigned long from, unsigned long to,
		       pid_t pid)
{
	int status;
	pid_t got;

	while ((got = waitpid(pid, &status, 0)) < 0)
		if (errno != EINTR)
			die(1, "--jobs: lost a child: %m");
	for (unsigned long i = from; i < to; i++) {
		if (slot[i].state == RUNNING && slot[i].pid == got) {
			slot[i].status = status;
			slot[i].state = DONE;
			return;
		}
	}
}

/* Writes what sl's finished child gave; true when it stopped. */
static bool reap(struct sweep_run *s, struct slot *sl)
{
	int status = sl->status;

	if (!WIFEXITED(status) || WEXITSTATUS(status) > 1)
		/* it said why on stderr: a broken invariant, a bad profile */
		exit(WIFEXITED(status) ? WEXITSTATUS(status) : 1);
	copy_into(sl->row, s->out);
	if (sl->hist)
		copy_into(sl->hist, s->hist);
	s->written++;
	s->model_accesses += sl->cost[0];
	s->model_ns += sl->cost[1];
	munmap(sl->cost, 2 * sizeof(*sl->cost));
	return WEXITSTATUS(status) == 1;
}

/*
 * The next modelled point of the run of them from first on (up to a
 * measured one, or JOBS_MAX ahead) to start: the largest still waiting
 * by the progress's estimate of its work, so that the short ones fill in
 * at the end; total if none.
 */
static unsigned long next_job(const struct progress *pg,
			      const struct slot *slot, unsigned long first,
			      unsigned long total)
{
	unsigned long best = total, end = first + JOBS_MAX;
	double best_work = -1;

	for (unsigned long i = first; i < total && i < end; i++) {
		if (!progress_is_model(pg, i, total))
			break;
		if (slot[i].state == WAITING && pg->work[i] > best_work) {
			best = i;
			best_work = pg->work[i];
		}
	}
	return best;
}

/*
 * Runs jobs[0..total) with up to n modelled points at once, written in
 * order; returns how many ran (all, unless a stop ended it).
 */
static unsigned long run_parallel(struct sweep_run *s, const struct job *jobs,
				  unsigned long total, unsigned int n,
				  struct progress *pg)
{
	struct slot *slot = calloc(total, sizeof(*slot));
	unsigned long first = 0, running = 0, i;
	bool stopped = false;
	uint64_t t0;

	if (!slot)
		die_oom("--jobs");
	while (first < total && !stopped) {
		if (slot[first].state == DONE) {
			stopped = reap(s, &slot[first]);
			progress_done(pg, first, total, slot[first].t0);
			first++;
			continue;
		}
		i = running < n && !stop_requested() ?
			    next_job(pg, slot, first, total) :
			    total;
		if (i < total) {
			progress_show(pg, s->rc, s->o, jobs, i, total);
			spawn(s, &jobs[i], &slot[i], i - first);
			running++;
			continue;
		}
		if (running) {
			wait_child(slot, first, total, -1);
			running--;
			continue;
		}
		if (stop_requested())
			break;
		/* a measured point, every point before it written */
		t0 = now_ns();
		progress_show(pg, s->rc, s->o, jobs, first, total);
		stopped = run_job(s, &jobs[first]);
		progress_done(pg, first++, total, t0);
	}
	/* a stop: the children stop too, and are written in order */
	for (i = first; running && i < total; i++) {
		if (slot[i].state == RUNNING) {
			wait_child(slot, i, i + 1, slot[i].pid);
			running--;
		}
	}
	for (i = first; i < total && slot[i].state == DONE; i++) {
		reap(s, &slot[i]);
		first++;
	}
	free(slot);
	return first;
}

int run_sweep(const struct plan *o, const struct run_control *rc,
	      struct outfile *out, struct outfile *hist, int argc, char **argv)
{
	unsigned long points, total, i;
	struct job *jobs = shuffled_jobs(o, o->seed, &points);
	struct sweep_run s = { .o = o, .rc = rc, .out = out, .hist = hist };
	struct host_meta *meta = calloc(1, sizeof(*meta));
	struct progress pg;
	char msg[512];
	int sig;

	s.cpus = calloc(THREADS_MAX, sizeof(*s.cpus));
	s.cpus_text = malloc(TOPO_CPUS_BUFLEN(THREADS_MAX));
	if (!jobs || !meta || !s.cpus || !s.cpus_text)
		die_oom("the sweep");
	total = shard_jobs(jobs, points, rc);
	s.rm = reps_max_new(o);
	if (topo_load(&s.topo, NULL, msg, sizeof(msg)))
		die(1, "%s", msg);
	csv_write_header(out->f, argc, argv, meta->kv,
			 run_meta(o, rc, points, s.topo, meta));
	commit(out);
	if (hist) {
		fputs("row,strategy,threads,rep,phase,low_ns,high_ns,count\n",
		      hist->f);
		commit(hist);
	}
	progress_init(&pg, o, jobs, total);
	if (rc->jobs > 1) {
		i = run_parallel(&s, jobs, total,
				 rc->jobs < JOBS_MAX ? rc->jobs : JOBS_MAX,
				 &pg);
	} else {
		for (i = 0; i < total && !stop_requested(); i++) {
			uint64_t t0 = now_ns();

			progress_show(&pg, rc, o, jobs, i, total);
			if (run_job(&s, &jobs[i]))
				break;
			progress_done(&pg, i, total, t0);
		}
	}
	if (i == total)
		progress_show(&pg, rc, o, jobs, i, total);
	free(pg.work);
	sig = stop_requested();
	if (sig)
		fprintf(stderr,
			"\nrmapbench: stopped by %s after %lu of %lu points (a point cut short is a row with status 'stopped'); %s holds %lu complete rows\n",
			strsignal(sig), i, total, out->path, s.written);
	model_speed(&s);
	reps_max_free(s.rm);
	topo_destroy(s.topo);
	free(s.cpus_text);
	free(s.cpus);
	free(meta->sweep);
	free(meta);
	free(jobs);
	return sig ? 128 + sig : 0;
}
