// SPDX-License-Identifier: GPL-2.0
/*
 * rmapbench truth: the host kernel as ground truth for today's fork path.
 * It times the real fork() + _exit() of processes mapping N vmas of one
 * file (engine/forktruth.c), one forker and then every CPU forking at
 * once, for several N: the line's slope is what one more file vma costs
 * fork and exit, and its rise from one forker to all is the file's
 * i_mmap_rwsem contention.  Beside it, the simulated strategy of the
 * host's kernel (the running kernel's version decides which) at the same
 * shape, measured on this host and modelled on machines/host, whose slope
 * is the simulated rmap work per vma: its share of the real cost is what
 * the simulation covers of a fork and exit per vma.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <unistd.h>
#include "commands.h"
#include "engine/driver.h"
#include "engine/forktruth.h"
#include "engine/model_run.h"
#include "engine/options.h"
#include "engine/output.h"
#include "engine/sweep.h"
#include "lib/num.h"
#include "lib/opt.h"
#include "lib/outfile.h"
#include "lib/stats.h"
#include "lib/util.h"
#include "strategy/strategy.h"

enum truth_source { REAL, SIM_MEASURED, SIM_MODELLED, NR_SOURCES };

static const char *const source_name[NR_SOURCES] = { "real", "measured",
						     "modelled" };

struct truth_point {
	enum truth_source source;
	unsigned int forkers;
	unsigned long vmas;
	struct stats_summary s; /* ns per fork+exit, per forker */
};

struct truth_opts {
	struct value_list vmas;
	unsigned int tries, all;
	const char *out;
	unsigned int flags;
	const struct strategy *strategy;
	char release[128];
};

/*
 * The strategy of the running kernel: commit 3577dbb19241 (exit-side
 * batching) is in 6.11, the folio batching of copy_present_ptes() in 6.9.
 */
static const char *host_strategy(const char *release)
{
	unsigned int major = 0, minor = 0;

	if (sscanf(release, "%u.%u", &major, &minor) != 2)
		return "mainline";
	if (major > 6 || (major == 6 && minor >= 11))
		return "mainline";
	if (major == 6 && minor >= 9)
		return "folio";
	return "avc";
}

static const char truth_usage[] =
	"usage: rmapbench truth [--vmas LIST] [--tries N] [--out FILE] [--force]\n"
	"Times the host's real fork() + _exit() + waitpid() of processes that\n"
	"each map one file as N vmas (N pages, every other one mprotect()ed to\n"
	"PROT_NONE, so the kernel keeps them apart), for each N of LIST\n"
	"(16,256,1024,2048), with one forker and with every CPU forking at\n"
	"once, N tries each (30) per forker, taken in 5 rounds that visit the\n"
	"shapes in a new random order.  Fits a Theil-Sen line per forker\n"
	"count to the medians: its slope is\n"
	"the real cost of one more file vma at fork and exit.  Then runs the\n"
	"simulated strategy of the running kernel at the same shapes, measured\n"
	"here and modelled on machines/host (made by 'rmapbench calibrate\n"
	"--machine'), and says what share of the real per-vma cost it is.\n"
	"Writes every figure to FILE (truth.csv); --force replaces it.\n"
	"'rmapbench truth --exec --help': the rest of an exec instead.\n";

static void truth_args(int argc, char **argv, struct truth_opts *o)
{
	static const struct run_option vmas = {
		.name = "vmas", .type = OPT_ULONG, .list = true, .max = 32768
	};
	const char *list = "16,256,1024,2048", *tries = "30";
	bool force = false;
	const struct opt opts[] = {
		ARG_VALUE("--vmas", &list),
		ARG_VALUE("--tries", &tries),
		ARG_VALUE("--out", &o->out),
		ARG_FLAG("--force", &force),
	};
	const struct opt_spec spec = {
		.cmd = "truth",
		.opts = opts,
		.nr_opts = ARRAY_SIZE(opts),
		.too_many =
			"unexpected argument '%s'; see 'rmapbench truth --help'",
	};
	struct utsname u;
	char msg[256];
	double v;
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);

	o->out = "truth.csv";
	opt_parse_or_exit(&spec, argc, argv, truth_usage);
	o->flags = OUT_WHOLE | (force ? OUT_FORCE : 0);
	if (option_parse_list(&vmas, list, &o->vmas, msg, sizeof(msg)) ||
	    num_parse_option("--tries", tries, 5, 100000, true, &v, msg,
			     sizeof(msg)))
		die(EXIT_USAGE, "%s", msg);
	o->tries = v;
	if (o->vmas.n < 2 || o->vmas.v[0] == o->vmas.v[o->vmas.n - 1])
		die(EXIT_USAGE,
		    "--vmas needs at least two different counts to fit a line");
	o->all = cpus > 1 ? (unsigned int)cpus : 1;
	snprintf(o->release, sizeof(o->release), "%s",
		 uname(&u) ? "unknown" : u.release);
	o->strategy = strategy_find(host_strategy(o->release));
}

/*
 * The tries are taken in TRUTH_ROUNDS rounds, each visiting every shape
 * (vmas, forkers) in a new random order, so that a slow spell of a
 * loaded host lands on some tries of every shape, not on all of one.
 */
#define TRUTH_ROUNDS 5

static void measure_real(const struct truth_opts *o, struct truth_point *pt,
			 size_t *n)
{
	unsigned int shapes = o->vmas.n * (o->all > 1 ? 2 : 1),
		     per = (o->tries + TRUTH_ROUNDS - 1) / TRUTH_ROUNDS;
	size_t stride = (size_t)o->all * per * TRUTH_ROUNDS;
	double *ns = calloc(shapes * stride, sizeof(*ns));
	size_t *got = calloc(shapes, sizeof(*got)), order[2 * MAX_LIST];
	uint64_t rng = now_ns() | 1;
	unsigned long max = 0;
	char msg[512];
	int fd;

	if (!ns || !got)
		die_oom("the truth tries");
	for (unsigned int i = 0; i < o->vmas.n; i++)
		if (o->vmas.v[i] > max)
			max = o->vmas.v[i];
	fd = fork_truth_file(max, msg, sizeof(msg));
	if (fd < 0)
		die(1, "%s", msg);
	for (unsigned int k = 0; k < shapes; k++) {
		order[k] = k;
		pt[*n + k] = (struct truth_point){
			.source = REAL,
			.forkers = k < o->vmas.n ? 1 : o->all,
			.vmas = o->vmas.v[k % o->vmas.n],
		};
	}
	for (int r = 0; r < TRUTH_ROUNDS; r++) {
		for (size_t k = shapes; k > 1; k--) {
			size_t j = xorshift64(&rng) % k, t = order[k - 1];

			order[k - 1] = order[j];
			order[j] = t;
		}
		for (unsigned int k = 0; k < shapes; k++) {
			struct truth_point *p = &pt[*n + order[k]];
			size_t at = order[k] * stride + got[order[k]];

			if (fork_truth_measure(fd, p->vmas, p->forkers, per,
					       ns + at, msg, sizeof(msg)))
				die(1, "%s", msg);
			got[order[k]] += (size_t)p->forkers * per;
		}
	}
	for (unsigned int k = 0; k < shapes; k++)
		if (stats_summarize(ns + k * stride, got[k], &pt[*n + k].s))
			die_oom("the truth summary");
	*n += shapes;
	close(fd);
	free(ns);
	free(got);
}

/*
 * The simulated fork and exit of the same process: one file mapped as N
 * vmas, no anonymous memory, so no pte is copied (vma_needs_copy()) and
 * each vma costs only its links; one family per forker.
 */
static struct config sim_config(const struct truth_opts *o, unsigned long vmas,
				unsigned int forkers)
{
	struct sweep sw;
	struct config cfg;

	sweep_init(&sw);
	sweep_point(&sw, 0, &cfg);
	cfg.strategy = o->strategy;
	cfg.threads = cfg.loops = forkers;
	cfg.pages = vmas;
	cfg.file_frac = 1;
	cfg.vmas = vmas;
	cfg.vmas_per_file = vmas;
	cfg.oversubscribe = true;
	cfg.warmup = 0;
	cfg.timeout = 600;
	cfg.seed = 1;
	return cfg;
}

/* Measured simulated points are run this often (a loaded host's spells). */
#define SIM_REPS 5

/* ns per fork+exit of one simulated point, measured or modelled. */
static double simulate_one(struct config *cfg, enum truth_source src,
			   const struct machine_profile *host)
{
	struct point_result res;
	char msg[1024];
	int ret;

	cfg->forks = src == SIM_MODELLED ? 4 : 200;
	if (src == SIM_MODELLED) {
		cfg->mode = MODE_MODEL;
		cfg->machine = host;
		ret = model_point(cfg, &res, msg, sizeof(msg));
	} else {
		ret = run_point(cfg, &res, msg, sizeof(msg));
	}
	if (ret || !res.forks)
		die(1, "truth: simulating %lu vmas: %s", cfg->pages, msg);
	return (double)(res.fork_ns + res.exit_ns) / res.forks;
}

/*
 * Every simulated shape, measured (SIM_REPS times) or modelled (once: the
 * model is deterministic).
 */
static int simulate(const struct truth_opts *o, enum truth_source src,
		    const struct machine_profile *host, struct truth_point *pt,
		    size_t *n)
{
	unsigned int reps = src == SIM_MODELLED ? 1 : SIM_REPS;

	for (int all = 0; all < 2; all++) {
		unsigned int forkers = all ? o->all : 1;

		for (unsigned int i = 0; i < o->vmas.n; i++) {
			struct truth_point *p = &pt[(*n)++];
			double per[SIM_REPS];

			for (unsigned int r = 0; r < reps; r++) {
				struct config cfg =
					sim_config(o, o->vmas.v[i], forkers);

				per[r] = simulate_one(&cfg, src, host);
			}
			*p = (struct truth_point){ .source = src,
						   .forkers = forkers,
						   .vmas = o->vmas.v[i] };
			if (stats_summarize(per, reps, &p->s))
				die_oom("the truth summary");
		}
		if (o->all == 1)
			break;
	}
	return 0;
}

/* fixed + per_vma * vmas over one source's medians at one forker count. */
static int fit(const struct truth_point *pt, size_t n, enum truth_source src,
	       unsigned int forkers, bool use_min, double *fixed,
	       double *per_vma)
{
	double x[MAX_LIST], y[MAX_LIST];
	size_t m = 0;

	for (size_t i = 0; i < n && m < MAX_LIST; i++)
		if (pt[i].source == src && pt[i].forkers == forkers) {
			x[m] = pt[i].vmas;
			y[m++] = use_min ? pt[i].s.min : pt[i].s.median;
		}
	return m < 2 ? -1 : stats_theil_sen(x, y, m, fixed, per_vma);
}

/*
 * Per source and forker count (one, all): the line through the medians,
 * and the real one through the fastest tries as well, which a loaded
 * host's slow spells cannot lift (lmbench's way).
 */
struct truth_fits {
	bool have[NR_SOURCES][2], have_min[NR_SOURCES][2];
	double fixed[NR_SOURCES][2], per_vma[NR_SOURCES][2];
	double min_fixed[NR_SOURCES][2], min_per_vma[NR_SOURCES][2];
};

/* One "fit_..." metadata line, its key and value kept in kv's slots. */
struct meta_buf {
	char key[4 * NR_SOURCES + 2][48], val[4 * NR_SOURCES + 2][160];
	struct meta kv[4 * NR_SOURCES + 2];
	unsigned int nr;
};

static void meta_add(struct meta_buf *m, const char *key, const char *val)
{
	snprintf(m->key[m->nr], sizeof(m->key[0]), "%s", key);
	snprintf(m->val[m->nr], sizeof(m->val[0]), "%s", val);
	m->kv[m->nr] = (struct meta){ m->key[m->nr], m->val[m->nr] };
	m->nr++;
}

static void meta_fit(struct meta_buf *m, const char *src, int all,
		     const char *how, double v)
{
	char key[48], val[32];

	snprintf(key, sizeof(key), "fit_%s_%s_per_vma%s_ns", src,
		 all ? "all" : "one", how);
	snprintf(val, sizeof(val), "%.2f", v);
	meta_add(m, key, val);
}

static void write_truth(const struct truth_opts *o, int argc, char **argv,
			const struct truth_point *pt, size_t n,
			const struct truth_fits *f)
{
	struct meta_buf m = { .nr = 0 };
	struct outfile out;
	char msg[1024];
	int ret;

	meta_add(&m, "truth_kernel", o->release);
	meta_add(&m, "truth_strategy", o->strategy->name);
	for (int s = 0; s < NR_SOURCES; s++)
		for (int a = 0; a < 2; a++) {
			if (f->have[s][a])
				meta_fit(&m, source_name[s], a, "",
					 f->per_vma[s][a]);
			if (f->have_min[s][a])
				meta_fit(&m, source_name[s], a, "_min",
					 f->min_per_vma[s][a]);
		}
	ret = outfile_open(&out, o->out, o->flags, msg, sizeof(msg));
	if (ret)
		die(ret, "%s", msg);
	csv_write_meta(out.f, argc, argv, m.kv, m.nr);
	fputs("source,forkers,vmas,n,median_ns,ci_lo_ns,ci_hi_ns,min_ns,max_ns\n",
	      out.f);
	for (size_t i = 0; i < n; i++)
		fprintf(out.f, "%s,%u,%lu,%zu,%.0f,%.0f,%.0f,%.0f,%.0f\n",
			source_name[pt[i].source], pt[i].forkers, pt[i].vmas,
			pt[i].s.n, pt[i].s.median, pt[i].s.ci.lo, pt[i].s.ci.hi,
			pt[i].s.min, pt[i].s.max);
	if (outfile_close(&out, msg, sizeof(msg)))
		die(1, "%s", msg);
}

static void print_fits(const struct truth_opts *o, const struct truth_fits *f)
{
	printf("kernel %s: simulated as '%s'\n", o->release, o->strategy->name);
	for (int a = 0; a < 2; a++) {
		if (!f->have[REAL][a])
			continue;
		printf("%u forker%s: real %.1f ns per file vma (fork+exit; %.1f through the fastest tries)",
		       a ? o->all : 1, a ? "s" : "", f->per_vma[REAL][a],
		       f->min_per_vma[REAL][a]);
		for (int s = SIM_MEASURED; s < NR_SOURCES; s++)
			if (f->have[s][a])
				printf("; simulated %s %.1f ns (%.0f%%)",
				       source_name[s], f->per_vma[s][a],
				       100 * f->per_vma[s][a] /
					       f->per_vma[REAL][a]);
		putchar('\n');
	}
}

int cmd_truth(int argc, char **argv)
{
	struct truth_opts o;
	struct truth_point *pt;
	struct machine_profile *host = calloc(1, sizeof(*host));
	struct truth_fits f = { 0 };
	char msg[1024];
	size_t n = 0;
	int ret;

	if (argc > 2 && !strcmp(argv[2], "--exec"))
		return cmd_truth_exec(argc, argv);
	truth_args(argc, argv, &o);
	pt = calloc(NR_SOURCES * 2 * MAX_LIST, sizeof(*pt));
	if (!pt || !host)
		die_oom("the truth points");
	outfile_reset();
	ret = outfile_claim(o.out, o.flags, msg, sizeof(msg));
	if (ret)
		die(ret, "%s", msg);
	/* the forkers first: this process has no thread yet */
	measure_real(&o, pt, &n);
	simulate(&o, SIM_MEASURED, NULL, pt, &n);
	if (profile_load(host, "host", msg, sizeof(msg)))
		fprintf(stderr, "rmapbench: truth: not modelled: %s\n", msg);
	else
		simulate(&o, SIM_MODELLED, host, pt, &n);
	for (int s = 0; s < NR_SOURCES; s++)
		for (int a = 0; a < (o.all > 1 ? 2 : 1); a++)
			f.have[s][a] = !fit(pt, n, s, a ? o.all : 1, false,
					    &f.fixed[s][a], &f.per_vma[s][a]);
	for (int s = REAL; s <= SIM_MEASURED; s++)
		for (int a = 0; a < (o.all > 1 ? 2 : 1); a++)
			f.have_min[s][a] =
				!fit(pt, n, s, a ? o.all : 1, true,
				     &f.min_fixed[s][a], &f.min_per_vma[s][a]);
	write_truth(&o, argc, argv, pt, n, &f);
	print_fits(&o, &f);
	printf("%zu points written to %s\n", n, o.out);
	free(pt);
	free(host);
	return 0;
}
