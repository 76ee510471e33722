// SPDX-License-Identifier: GPL-2.0
/*
 * rmapbench truth --exec: the rest of an exec, priced from this host.
 * The model's doexec process (--process doexec) is its rmap work and its
 * locks, nothing else: execve()'s own work (bprm, the new mm,
 * exec_mmap(), the ELF loader), ld.so, libc's start-up and the rest of
 * fork and exit cost it nothing.  Here the host times its own fork() +
 * execve() + exit + waitpid() of a small dynamically linked program (the
 * loop of doexec's workers: tools/forkexec.c, bin/rmapbench-forkexec),
 * and the simulation runs the same process at the baseline only
 * (mainline, the RFC's unpatched kernel: nothing is priced from a
 * patched strategy or from the RFC's figure), measured on this host; the
 * difference is what a process of the model lacks, to be charged as
 * --other-work.  Written to a file, so that a modelled run reads one
 * frozen figure and its rows repeat (scripts/rfc-replay.sh).
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <unistd.h>
#include "commands.h"
#include "engine/driver.h"
#include "engine/model_run.h"
#include "engine/output.h"
#include "engine/profiles.h"
#include "engine/sweep.h"
#include "lib/num.h"
#include "lib/opt.h"
#include "lib/outfile.h"
#include "lib/stats.h"
#include "lib/sysinfo.h"
#include "lib/util.h"
#include "strategy/strategy.h"

#define EXEC_ROUNDS 5 /* as rmapbench truth: drift spreads over both */
#define SIM_TRIES 5   /* measured simulated runs; the fastest counts */
#define SIM_FORKS 200

enum exec_kind { REAL_EXEC, REAL_FORK, NR_REAL };

static const char *const kind_name[NR_REAL] = { "exec", "fork" };

struct exec_point {
	struct stats_summary s; /* ns per try, over every round */
	double round_median[EXEC_ROUNDS];
	double quietest; /* the smallest round median */
};

struct exec_opts {
	unsigned int tries;
	const char *out;
	unsigned int flags;
	char helper[4096];
};

static const char exec_usage[] =
	"usage: rmapbench truth --exec [--tries N] [--out FILE] [--force]\n"
	"Times this host's real fork() + execve() + exit + waitpid() of a small\n"
	"dynamically linked program (bin/rmapbench-forkexec: a program, ld.so\n"
	"and libc, as doexec's), and its fork() + _exit() alone, N tries each\n"
	"(200) in 5 rounds; then the simulated process of scripts/rfc-replay.sh\n"
	"(--process doexec) at the baseline, mainline, measured here at one\n"
	"thread.  The quietest round's median of the real exec less the\n"
	"fastest simulated process is the rest of an exec the model lacks\n"
	"(exec_rest_ns).  Writes every figure to FILE (exec-truth.csv);\n"
	"--force replaces it.  RMAPBENCH_FORKEXEC names another helper.\n";

/* bin/rmapbench-forkexec, beside this binary, or $RMAPBENCH_FORKEXEC. */
static void find_helper(char *buf, size_t len)
{
	data_dir("RMAPBENCH_FORKEXEC", "bin/rmapbench-forkexec", buf, len);
	if (access(buf, X_OK))
		die(EXIT_USAGE,
		    "truth --exec: no helper %s (%s): build it with 'make bin/rmapbench-forkexec'",
		    buf, strerror(errno));
}

static void exec_args(int argc, char **argv, struct exec_opts *o)
{
	const char *tries = "200";
	bool force = false, exec = false;
	const struct opt opts[] = {
		ARG_FLAG("--exec", &exec),
		ARG_VALUE("--tries", &tries),
		ARG_VALUE("--out", &o->out),
		ARG_FLAG("--force", &force),
	};
	const struct opt_spec spec = {
		.cmd = "truth",
		.opts = opts,
		.nr_opts = ARRAY_SIZE(opts),
		.too_many =
			"unexpected argument '%s'; see 'rmapbench truth --exec --help'",
	};
	char msg[256];
	double v;

	o->out = "exec-truth.csv";
	opt_parse_or_exit(&spec, argc, argv, exec_usage);
	o->flags = OUT_WHOLE | (force ? OUT_FORCE : 0);
	if (num_parse_option("--tries", tries, 10, 100000, true, &v, msg,
			     sizeof(msg)))
		die(EXIT_USAGE, "%s", msg);
	o->tries = v;
	find_helper(o->helper, sizeof(o->helper));
}

/* The helper's tries of one kind into ns (n of them); 0, or -1 with msg. */
static int run_helper(const char *helper, enum exec_kind kind, unsigned int n,
		      double *ns, char *msg, size_t len)
{
	char count[32], *argv[] = { (char *)helper, (char *)kind_name[kind],
				    count, NULL };
	unsigned int got = 0;
	int fd[2], status;
	pid_t pid;
	FILE *f;

	snprintf(count, sizeof(count), "%u", n);
	fflush(NULL);
	if (pipe(fd) || (pid = fork()) < 0)
		die(1, "truth --exec: cannot start %s: %m", helper);
	if (pid == 0) {
		dup2(fd[1], STDOUT_FILENO);
		close(fd[0]);
		close(fd[1]);
		execv(helper, argv);
		_exit(127);
	}
	close(fd[1]);
	f = fdopen(fd[0], "r");
	if (!f)
		die_oom("the helper's pipe");
	while (got < n && fscanf(f, "%lf", &ns[got]) == 1)
		got++;
	fclose(f);
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	if (got == n && WIFEXITED(status) && !WEXITSTATUS(status))
		return 0;
	snprintf(msg, len, "truth --exec: %.300s %s %u gave %u of %u times",
		 helper, kind_name[kind], n, got, n);
	return -1;
}

/* Both kinds once a round, in an order drawn anew each round. */
static void measure_real(const struct exec_opts *o, struct exec_point *pt)
{
	unsigned int per = (o->tries + EXEC_ROUNDS - 1) / EXEC_ROUNDS;
	double *ns = calloc((size_t)NR_REAL * EXEC_ROUNDS * per, sizeof(*ns));
	uint64_t rng = now_ns() | 1;
	char msg[512];

	if (!ns)
		die_oom("the exec tries");
	for (int r = 0; r < EXEC_ROUNDS; r++) {
		int first = xorshift64(&rng) % NR_REAL;

		for (int i = 0; i < NR_REAL; i++) {
			int k = (first + i) % NR_REAL;
			double *t = ns + ((size_t)k * EXEC_ROUNDS + r) * per;

			if (run_helper(o->helper, k, per, t, msg, sizeof(msg)))
				die(1, "%s", msg);
			pt[k].round_median[r] = stats_median(t, per);
		}
	}
	for (int k = 0; k < NR_REAL; k++) {
		if (stats_summarize(ns + (size_t)k * EXEC_ROUNDS * per,
				    EXEC_ROUNDS * per, &pt[k].s))
			die_oom("the exec summary");
		pt[k].quietest = pt[k].round_median[0];
		for (int r = 1; r < EXEC_ROUNDS; r++)
			pt[k].quietest =
				fmin(pt[k].quietest, pt[k].round_median[r]);
	}
	free(ns);
}

/*
 * scripts/rfc-replay.sh's process at its last step, at the baseline:
 * mainline, doexec's vmas, fault-around, one anon_vma root, order-0
 * folios, the kernel's rw_semaphore; forking a child that execs a
 * 256-page image; one CPU, so nothing waits.
 */
static struct config doexec_config(void)
{
	struct sweep sw;
	struct config cfg;

	sweep_init(&sw);
	sweep_point(&sw, 0, &cfg);
	cfg.strategy = strategy_find("mainline");
	cfg.threads = cfg.loops = 1;
	cfg.pages = 1024;
	cfg.vmas = 19;
	cfg.vmas_per_file = 5;
	cfg.file_frac = 0.7895;
	cfg.process = PROCESS_DOEXEC;
	cfg.fault_around = 16;
	cfg.anon_root = ANON_ROOT_TREE;
	cfg.folio_pages = 1;
	cfg.rwsem = RWSEM_KERNEL;
	cfg.lifecycle = LIFECYCLE_FORK_EXEC_EXIT;
	cfg.image_pages = 256;
	cfg.stats = false;
	cfg.warmup = 0.01;
	cfg.timeout = 600;
	cfg.seed = 1;
	return cfg;
}

/* ns of CPU per simulated process (its fork, exec, faults and exit). */
static double sim_process_ns(const struct config *cfg, bool model)
{
	struct point_result res;
	char msg[1024];
	int ret;

	ret = model ? model_point(cfg, &res, msg, sizeof(msg)) :
		      run_point(cfg, &res, msg, sizeof(msg));
	if (ret || !res.forks)
		die(1, "truth --exec: the simulated process: %s", msg);
	return (double)(res.fork_ns + res.exec_ns + res.fault_ns +
			res.exit_ns) /
	       res.forks;
}

/* The fastest of SIM_TRIES measured runs: a busy host only slows one. */
static double sim_measured(void)
{
	struct config cfg = doexec_config();
	double best = INFINITY;

	cfg.forks = SIM_FORKS;
	for (int t = 0; t < SIM_TRIES; t++)
		best = fmin(best, sim_process_ns(&cfg, false));
	return best;
}

/* The same process modelled on a named machine at one CPU; NaN without. */
static double sim_modelled(const char *machine)
{
	struct config cfg = doexec_config();
	const struct machine_profile *p = NULL;
	char msg[512];

	if (profiles_find(machine, &p, msg, sizeof(msg)) || !p) {
		fprintf(stderr,
			"rmapbench: truth --exec: not modelled on %s: %s\n",
			machine,
			p ? msg : "no profile (rmapbench calibrate --machine)");
		return NAN;
	}
	cfg.mode = MODE_MODEL;
	cfg.machine = p;
	cfg.forks = 8;
	return sim_process_ns(&cfg, true);
}

struct exec_figures {
	double sim, rest, model_host, model_epyc, mhz;
	int family, model; /* the core's generation, for scaling */
	char kernel[128], cpu[256];
};

/*
 * The host's clock and CPU family and model as the kernel reports them
 * (/proc/cpuinfo): what scaling the rest to another CPU starts from.
 */
static void host_cpu(struct exec_figures *x)
{
	FILE *f = fopen("/proc/cpuinfo", "r");
	char line[256];
	bool mhz = false, fam = false, mod = false;

	x->mhz = 0;
	x->family = x->model = -1;
	while (f && fgets(line, sizeof(line), f) && !(mhz && fam && mod)) {
		if (!mhz)
			mhz = sscanf(line, "cpu MHz : %lf", &x->mhz) == 1;
		if (!fam)
			fam = sscanf(line, "cpu family : %d", &x->family) == 1;
		if (!mod)
			mod = sscanf(line, "model : %d", &x->model) == 1;
	}
	if (f)
		fclose(f);
}

static void write_exec(const struct exec_opts *o, int argc, char **argv,
		       const struct exec_point *pt,
		       const struct exec_figures *x)
{
	char v[10][256], msg[1024];
	struct meta kv[10];
	struct outfile out;
	int ret;

	snprintf(v[0], 256, "%s", x->kernel);
	snprintf(v[1], 256, "%s", x->cpu);
	snprintf(v[2], 256, "%.0f", x->mhz);
	snprintf(v[3], 256, "%.0f", pt[REAL_EXEC].quietest);
	snprintf(v[4], 256, "%.0f", pt[REAL_FORK].quietest);
	snprintf(v[5], 256, "%.0f", x->sim);
	snprintf(v[6], 256, "%.0f", x->rest);
	snprintf(v[7], 256, "%.0f", x->model_host);
	snprintf(v[8], 256, "%.0f", x->model_epyc);
	snprintf(v[9], 256, "%d/%d", x->family, x->model);
	kv[0] = (struct meta){ "exec_kernel", v[0] };
	kv[1] = (struct meta){ "exec_cpu", v[1] };
	kv[2] = (struct meta){ "exec_cpu_mhz", v[2] };
	kv[3] = (struct meta){ "exec_real_ns", v[3] };
	kv[4] = (struct meta){ "exec_real_fork_ns", v[4] };
	kv[5] = (struct meta){ "exec_sim_mainline_ns", v[5] };
	kv[6] = (struct meta){ "exec_rest_ns", v[6] };
	kv[7] = (struct meta){ "exec_model_host_ns", v[7] };
	kv[8] = (struct meta){ "exec_model_epyc_9754_2s_ns", v[8] };
	kv[9] = (struct meta){ "exec_cpu_family_model", v[9] };
	ret = outfile_open(&out, o->out, o->flags, msg, sizeof(msg));
	if (ret)
		die(ret, "%s", msg);
	csv_write_meta(out.f, argc, argv, kv, ARRAY_SIZE(kv));
	fputs("kind,n,median_ns,ci_lo_ns,ci_hi_ns,min_ns,max_ns,quietest_round_ns\n",
	      out.f);
	for (int k = 0; k < NR_REAL; k++)
		fprintf(out.f, "%s,%zu,%.0f,%.0f,%.0f,%.0f,%.0f,%.0f\n",
			kind_name[k], pt[k].s.n, pt[k].s.median, pt[k].s.ci.lo,
			pt[k].s.ci.hi, pt[k].s.min, pt[k].s.max,
			pt[k].quietest);
	if (outfile_close(&out, msg, sizeof(msg)))
		die(1, "%s", msg);
}

int cmd_truth_exec(int argc, char **argv)
{
	struct exec_point pt[NR_REAL];
	struct exec_figures x;
	struct exec_opts o;
	struct utsname u;
	char msg[1024];
	int ret;

	exec_args(argc, argv, &o);
	outfile_reset();
	ret = outfile_claim(o.out, o.flags, msg, sizeof(msg));
	if (ret)
		die(ret, "%s", msg);
	/* the helper first: this process has no thread yet */
	measure_real(&o, pt);
	x.sim = sim_measured();
	x.rest = fmax(0, pt[REAL_EXEC].quietest - x.sim);
	x.model_host = sim_modelled("host");
	x.model_epyc = sim_modelled("epyc-9754-2s");
	host_cpu(&x);
	snprintf(x.kernel, sizeof(x.kernel), "%s",
		 uname(&u) ? "unknown" : u.release);
	sys_cpu_model(x.cpu, sizeof(x.cpu));
	write_exec(&o, argc, argv, pt, &x);
	printf("real fork+exec+exit of %s: %.1f us (quietest round's median; %.1f over every try); fork+exit alone %.1f us\n",
	       o.helper, pt[REAL_EXEC].quietest / 1000,
	       pt[REAL_EXEC].s.median / 1000, pt[REAL_FORK].quietest / 1000);
	printf("simulated process at the baseline (mainline, measured, fastest of %d): %.1f us; the rest of an exec: %.1f us\n",
	       SIM_TRIES, x.sim / 1000, x.rest / 1000);
	printf("the simulated process modelled at one CPU: %.1f us on host, %.1f us on epyc-9754-2s\n",
	       x.model_host / 1000, x.model_epyc / 1000);
	printf("written to %s\n", o.out);
	return 0;
}
