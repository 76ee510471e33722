// SPDX-License-Identifier: GPL-2.0
/*
 * The options of `rmapbench run`: one line each.  The order is the order
 * of the usage text, of the `# sweep:` line, of the sweep's dimensions
 * (after the strategies, which vary fastest) and of the CSV's parameter
 * columns, so a new option goes where its column should appear.
 */
#include <ctype.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "options.h"
#include "plan_types.h"
#include "lib/topo.h"
#include "profiles.h"
#include "lib/num.h"
#include "lib/opt.h"
#include "lib/util.h"
#include "machine/profile.h"
#include "model/pte_chain.h"
#include "strategy/kernel.h"
#include "strategy/strategy.h"

static int parse_strategies(void *field, const char *text, char *msg,
			    size_t len);
static void format_strategies(const void *field, FILE *f);
static int parse_mem(void *field, const char *text, char *msg, size_t len);
static void format_mem(const void *field, FILE *f);
static int parse_placement(void *field, const char *text, char *msg,
			   size_t len);
static void format_placement(const void *field, FILE *f);
static int expand_threads(const char *text, unsigned int cpus, char **out,
			  char *msg, size_t len);
static int parse_machine(void *field, const char *text, char *msg, size_t len);
static void format_machine(const void *field, FILE *f);
static int parse_other_work(void *field, const char *text, char *msg,
			    size_t len);
static void format_other_work(const void *field, FILE *f);

/* A list option: a dimension of the sweep and a column of the CSV. */
#define LIST(nm, field, t, lo, hi, p2, d, h)                                \
	{                                                                   \
		.name = nm, .type = t, .home = IN_POINT,                    \
		.offset = offsetof(struct config, field), .list = true,     \
		.column = true, .min = lo, .max = hi, .pow2 = p2, .def = d, \
		.arg = "LIST", .help = h                                    \
	}
/* One value for every point of a sweep. */
#define SCALAR(nm, home_, st, field, t, lo, hi, d, a, h)                       \
	{                                                                      \
		.name = nm, .type = t, .home = home_,                          \
		.offset = offsetof(st, field), .min = lo, .max = hi, .def = d, \
		.arg = a, .help = h                                            \
	}
/* A choice that is also a dimension of the sweep. */
#define LIST_CHOICE(nm, field, d, h, ...)                                      \
	{                                                                      \
		.name = nm, .type = OPT_CHOICE, .home = IN_POINT,              \
		.offset = offsetof(struct config, field), .list = true,        \
		.column = true,                                                \
		.names = (const char *const[]){ __VA_ARGS__, NULL }, .def = d, \
		.help = h                                                      \
	}
#define CHOICE(nm, field, d, h, ...)                                           \
	{                                                                      \
		.name = nm, .type = OPT_CHOICE, .home = IN_POINT,              \
		.offset = offsetof(struct config, field), .column = true,      \
		.names = (const char *const[]){ __VA_ARGS__, NULL }, .def = d, \
		.help = h                                                      \
	}
#define FLAG(nm, home_, st, field, value, rec, h)                           \
	{                                                                   \
		.name = nm, .type = OPT_FLAG, .home = home_,                \
		.offset = offsetof(st, field), .set = value, .record = rec, \
		.def = "", .help = h                                        \
	}
#define CUSTOM(nm, home_, st, field, p, f, d, a, h)                     \
	{                                                               \
		.name = nm, .type = OPT_CUSTOM, .home = home_,          \
		.offset = offsetof(st, field), .parse = p, .format = f, \
		.def = d, .arg = a, .help = h                           \
	}
#define CONTROL(nm, t, field, lo, hi, a, h)                               \
	{                                                                 \
		.name = nm, .type = t, .home = IN_RUN,                    \
		.offset = offsetof(struct run_control, field), .min = lo, \
		.max = hi, .set = true, .record = REC_NEVER, .def = "",   \
		.arg = a, .help = h                                       \
	}

const struct run_option run_options[] = {
	CUSTOM("strategy", IN_SWEEP, struct sweep, strategy, parse_strategies,
	       format_strategies, "none", "LIST|all",
	       "rmap strategies ('rmapbench list')"),
	{ .name = "threads",
	  .type = OPT_UINT,
	  .home = IN_POINT,
	  .offset = offsetof(struct config, threads),
	  .list = true,
	  .column = true,
	  .min = 1,
	  .max = THREADS_MAX,
	  .def = "1",
	  .arg = "LIST",
	  .expand = expand_threads,
	  .help = "driver threads, one per CPU; auto: 1, 2, 4, ... every "
		  "CPU; max: every CPU" },
	/* 0 stands for "one per thread" and is recorded only when given. */
	{ .name = "loops",
	  .type = OPT_UINT,
	  .home = IN_POINT,
	  .offset = offsetof(struct config, loops),
	  .list = true,
	  .column = true,
	  .record = REC_CHANGED,
	  .min = 1,
	  .max = 1 << 20,
	  .def = "0",
	  .arg = "LIST",
	  .help = "process families, at least --threads; 0: one per "
		  "thread" },
	LIST("pages", pages, OPT_ULONG, 1, 1UL << 40, false, "1024",
	     "pages mapped by each process"),
	LIST("file-frac", file_frac, OPT_REAL, 0, 1, false, "0.5",
	     "share of a process's pages from the shared file"),
	LIST("nrpte", nrpte, OPT_UINT, 1, NRPTE_MAX_VALUE, false, "7",
	     "pte slots per chain node (1: 2.4 style)"),
	LIST("locks", locks, OPT_ULONG, 1, 1 << 24, true, "256",
	     "hashed rmap locks"),
	LIST("lock-shift", lock_shift, OPT_UINT, 0, 32, false, "4",
	     "2^shift consecutive page indices share a lock"),
	LIST("lock-stride", lock_stride, OPT_UINT, 4, 4096, true, "64",
	     "bytes between padded locks"),
	LIST("batch", batch, OPT_UINT, 1, 4096, false, "16",
	     "chain nodes preallocated at once (batched)"),
	LIST("children", children, OPT_UINT, 1, 1024, false, "1",
	     "live children per fork round"),
	LIST("index-churn", index_churn, OPT_ULONG, 0, 100000000, false, "0",
	     "set_page_index() calls per second"),
	LIST("direct", direct, OPT_BOOL, 0, 1, false, "1",
	     "PageDirect for a page's first mapping (0: always chain)"),
	LIST("reclaim", reclaim, OPT_UINT, 0, 1024, false, "0",
	     "page scanner threads (page_referenced)"),
	LIST("unmap-frac", unmap_frac, OPT_REAL, 0, 1, false, "0.1",
	     "share of scanned pages also given a try_to_unmap walk"),
	LIST("hot-frac", hot_frac, OPT_REAL, 0.0001, 1, false, "1",
	     "share of pages the scanner picks from (1: uniform)"),
	LIST("vmas", vmas, OPT_UINT, 1, 65536, false, "2",
	     "vmas per process, split file/anonymous as --file-frac"),
	LIST("vmas-per-file", vmas_per_file, OPT_UINT, 1, 65536, false, "4",
	     "consecutive vmas mapping one file (text, rodata, relro, data)"),
	LIST("folio-pages", folio_pages, OPT_UINT, 1, 512, true, "1",
	     "ptes per folio batch (folio strategies): 1, order-0, is the "
	     "kernel's default for anonymous memory; more models mTHP (or a "
	     "large page-cache folio)"),
	LIST("fault-around", fault_around, OPT_UINT, 1, 512, false, "16",
	     "ptes one file fault of an exec'd image maps (fault_around_bytes "
	     "64 KiB: 16; 1: one a fault)"),
	LIST_CHOICE("anon-root", anon_root, "tree",
		    "whose rwsem an anon_vma locks: tree, the first "
		    "process's, as anon_vma_fork() makes it; family: each "
		    "family its own (an idealization)",
		    "tree", "family"),
	LIST_CHOICE("process", process, "thin",
		    "the program's vmas: thin, file vmas never written; "
		    "doexec, each file's last two (relro, data) written, so "
		    "with an anon_vma at fork, and relro split at exec",
		    "thin", "doexec"),
	LIST_CHOICE("rwsem", rwsem, "kernel",
		    "rw_semaphore waiters: kernel, spinners behind the OSQ "
		    "and sleepers on the wait list; count-spin, all spin on "
		    "the count word (an idealization)",
		    "kernel", "count-spin"),
	LIST("image-pages", image_pages, OPT_ULONG, 1, 1UL << 40, false, "64",
	     "pages of the exec'd image (--lifecycle fork-exec-exit)"),
	LIST("cow-faults", cow_faults, OPT_ULONG, 0, 1UL << 40, false, "0",
	     "parent copy-on-write faults after each fork"),
	CHOICE("alloc", alloc, "percpu", "chain node allocator", "percpu",
	       "global"),
	CHOICE("anon-index", anon_index, "sequence",
	       "page->index of anonymous pages (allocs: Daniel's counter >> 12)",
	       "sequence", "vaddr", "allocs"),
	/* The kernel's operations per era, and their idealized ablations. */
	{ .name = "kernel",
	  .type = OPT_CHOICE,
	  .home = IN_POINT,
	  .offset = offsetof(struct config, kernel),
	  .list = true,
	  .column = true,
	  .names = kernel_names,
	  .def = "custom",
	  .arg = "LIST",
	  .help = "named kernel configurations: strategy and knobs of a "
		  "2002-2004 kernel ('rmapbench list'); custom: as given" },
	LIST("node-size", node_size, OPT_UINT, 0, 64, false, "0",
	     "bytes a chain node occupies (16: 2.4's two-pointer nodes, 64: a "
	     "line); 0: the smallest power of two that holds --nrpte"),
	LIST("collapse", collapse, OPT_BOOL, 0, 1, false, "0",
	     "page_remove_rmap() turns a one-pte chain back into "
	     "PageDirect (2.5.27-30)"),
	LIST_CHOICE("wrprotect", wrprotect, "cow",
		    "ptes fork write-protects: cow every pte of a private "
		    "vma (2.5.27+), writable only the writable ones (2.4)",
		    "cow", "writable"),
	LIST_CHOICE("pte-ops", pte_ops, "locked",
		    "ptep_get_and_clear() and ptep_set_wrprotect(): locked "
		    "as on SMP i386 (xchg, lock btr), or plain",
		    "locked", "plain"),
	LIST_CHOICE("bit-unlock", bit_unlock, "locked",
		    "bit spinlock release: locked clear_bit() as the kernel, "
		    "or a plain store",
		    "locked", "store"),
	LIST_CHOICE("mapcount", mapcount, "atomic",
		    "objrmap's mapcount: atomic (2.6.9), or bitlock: "
		    "PG_maplock around a plain count (2.6.7)",
		    "atomic", "bitlock"),
	{ .name = "replay-fixes",
	  .type = OPT_UINT,
	  .home = IN_POINT,
	  .offset = offsetof(struct config, replay_fixes),
	  .record = REC_CHANGED,
	  .min = 0,
	  .max = REPLAY_FIXES,
	  .def = STRINGIFY(REPLAY_FIXES),
	  .arg = "N",
	  .help = "ablation of the 2002 replay: keep only the first N of its "
		  "fixes (docs/replay-2002.md); the default keeps all" },
	CHOICE("layout", layout, "flat",
	       "a process's vmas: flat (--vmas of equal size, no holes) or "
	       "2002 (a daniel.sh shell on glibc 2.2.5 at its i386 addresses; "
	       "--vmas is ignored)",
	       "flat", "2002"),
	CHOICE("lifecycle", lifecycle, "fork-exit",
	       "what a child does: exit, or exec a new image, fault it in and "
	       "exit on another CPU",
	       "fork-exit", "fork-exec-exit"),
	/* Recorded only when given: no column, so other suites' rows stay. */
	{ .name = "tree",
	  .type = OPT_CHOICE,
	  .home = IN_POINT,
	  .offset = offsetof(struct config, tree),
	  .record = REC_CHANGED,
	  .names = (const char *const[]){ "flat", "daniel", NULL },
	  .def = "flat",
	  .help = "who forks whom: flat, each parent its --children; daniel, "
		  "daniel.sh's subshell forking cat and wc, then expr, the last "
		  "of --loops the main shell's polling loop (--lifecycle "
		  "fork-exec-exit, --children 3)" },
	{ .name = "daemons",
	  .type = OPT_UINT,
	  .home = IN_POINT,
	  .offset = offsetof(struct config, daemons),
	  .record = REC_CHANGED,
	  .min = 0,
	  .max = 1 << 16,
	  .def = STRINGIFY(TREE_DAEMONS),
	  .arg = "N",
	  .help = "--tree daniel: processes of the system that stay mapped "
		  "all run, each mapping the shared file's pages "
		  "(docs/replay-2002.md)" },
	{ .name = "other-work",
	  .type = OPT_CUSTOM,
	  .home = IN_POINT,
	  .offset = offsetof(struct config, other_work),
	  .column = true,
	  .parse = parse_other_work,
	  .format = format_other_work,
	  .def = "0",
	  .arg = "NS[+NS_PER_PAGE]|calibrated|baseline-2002",
	  .help = "work per process (plus per page) outside every lock; "
		  "calibrated: --calibration's real fork+exit less none's "
		  "simulated cost; baseline-2002: 2.4.19-pre7's published CPU "
		  "time per daniel.sh process less its simulated cost" },
	CUSTOM("mem", IN_POINT, struct config, mem, parse_mem, format_mem,
	       "local", "local|interleave|node:N", "memory placement"),
	FLAG("oversubscribe", IN_POINT, struct config, oversubscribe, true,
	     REC_CHANGED, "allow more threads than CPUs (left unpinned)"),
	FLAG("no-stats", IN_POINT, struct config, stats, false, REC_CHANGED,
	     "no lock, chain or latency accounting"),
	{ .name = "mode",
	  .type = OPT_CHOICE,
	  .home = IN_POINT,
	  .offset = offsetof(struct config, mode),
	  .column = true,
	  .record = REC_CHANGED,
	  .names = (const char *const[]){ "measured", "model", NULL },
	  .def = "measured",
	  .help = "time real threads here, or model --threads CPUs of "
		  "--machine" },
	{ .name = "machine",
	  .type = OPT_CUSTOM,
	  .home = IN_POINT,
	  .offset = offsetof(struct config, machine),
	  .column = true,
	  .record = REC_CHANGED,
	  .parse = parse_machine,
	  .format = format_machine,
	  .def = "host",
	  .arg = "NAME|FILE",
	  .help = "--mode model: a profile of machines/ (host: written by "
		  "'rmapbench calibrate --machine')" },
	SCALAR("duration", IN_POINT, struct config, duration, OPT_REAL, 0.001,
	       1e6, "1", "S", "seconds in each timed window"),
	SCALAR("warmup", IN_POINT, struct config, warmup, OPT_REAL, 0, 1e6,
	       "0.1", "S", "seconds before it"),
	SCALAR("timeout", IN_POINT, struct config, timeout, OPT_REAL, 0.1, 1e6,
	       "60", "S",
	       "livelock watchdog, not a time limit: a point with no fork "
	       "for S seconds ends as 'timeout'"),
	{ .name = "forks",
	  .type = OPT_ULONG,
	  .home = IN_POINT,
	  .offset = offsetof(struct config, forks),
	  .record = REC_CHANGED,
	  .min = 1,
	  .max = 1e12,
	  .def = "",
	  .arg = "N",
	  .help = "fixed work instead of a timed window: N forks per point" },
	SCALAR("reps", IN_SWEEP, struct sweep, reps, OPT_UINT, 1, 100000, "1",
	       "N", "repetitions of every point"),
	{ .name = "then",
	  .type = OPT_THEN,
	  .home = IN_PLAN,
	  .def = "",
	  .help = "start another sweep, a copy of the one before" },
	/* 2^53 - 1: every seed survives the trip through a double */
	SCALAR("seed", IN_PLAN, struct plan, seed, OPT_U64, 0,
	       9007199254740991.0, "", "N",
	       "orders the points (default: random)"),
	CUSTOM("placement", IN_PLAN, struct plan, placement, parse_placement,
	       format_placement, "compact",
	       "compact|scatter|cores-then-smt|none", "thread pinning"),
	{ .name = "no-direct",
	  .type = OPT_ALIAS,
	  .home = IN_POINT,
	  .alias = "direct",
	  .def = "0",
	  .record = REC_NEVER,
	  .help = "the same as --direct 0" },
	CONTROL("mem-limit", OPT_BYTES, mem_limit, 1 << 20, 1e18, "BYTES",
		"refuse bigger points (3/4 of available memory)"),
	CONTROL("out", OPT_TEXT, out, 0, 0, "FILE",
		"the raw CSV (standard output)"),
	CONTROL("histogram", OPT_TEXT, histogram, 0, 0, "FILE",
		"every point's latency buckets"),
	CONTROL("replay", OPT_TEXT, replay, 0, 0, "RAW.csv",
		"run the sweep recorded in RAW.csv"),
	CONTROL("calibration", OPT_TEXT, calibration, 0, 0, "CAL.csv",
		"the host's fork+exit, for --other-work calibrated"),
	CONTROL("jobs", OPT_UINT, jobs, 1, 64, "N",
		"modelled points run at once, each in a process of its own; "
		"the rows are those of one, in the same order"),
	CONTROL("quiet", OPT_FLAG, quiet, 0, 0, NULL, "no progress line"),
	CONTROL("verbose", OPT_FLAG, verbose, 0, 0, NULL,
		"also what modelling cost this host (ns per simulated access)"),
	CONTROL("force", OPT_FLAG, force, 0, 0, NULL,
		"--out and --histogram may replace existing files"),
	CONTROL("help", OPT_FLAG, help, 0, 0, NULL, "this text"),
};

const unsigned int nr_run_options = ARRAY_SIZE(run_options);
_Static_assert(ARRAY_SIZE(run_options) <= MAX_OPTIONS,
	       "struct sweep's given[] holds a flag per option");

const struct run_option *option_find(const char *name)
{
	for (unsigned int i = 0; i < nr_run_options; i++)
		if (!strcmp(run_options[i].name, name))
			return &run_options[i];
	return NULL;
}

void option_name(const struct run_option *o, char *buf, size_t len)
{
	snprintf(buf, len, "--%s", o->name);
}

void option_column(const struct run_option *o, char *buf, size_t len)
{
	snprintf(buf, len, "%s", o->name);
	for (char *c = buf; *c; c++)
		if (*c == '-')
			*c = '_';
}

unsigned int option_dim(const struct run_option *o)
{
	unsigned int dim = 0;

	for (const struct run_option *p = run_options; p < o; p++)
		dim += p->list;
	return dim;
}

static int parse_choice(const struct run_option *o, const char *text, double *v,
			char *msg, size_t len)
{
	int n;

	for (int i = 0; o->names[i]; i++) {
		if (!strcmp(text, o->names[i])) {
			*v = i;
			return 0;
		}
	}
	n = snprintf(msg, len, "invalid --%s '%s': choose", o->name, text);
	for (int i = 0; o->names[i] && n > 0 && (size_t)n < len; i++)
		n += snprintf(msg + n, len - n, "%s%s", i ? " or " : " ",
			      o->names[i]);
	return -1;
}

/* Writes a one-line message into msg; returns -1. */
__attribute__((format(printf, 3, 4))) static int refuse(char *msg, size_t len,
							const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, len, fmt, ap);
	va_end(ap);
	return -1;
}

int option_parse_value(const struct run_option *o, const char *text, double *v,
		       char *msg, size_t len)
{
	char opt[64], lo[NUM_BUFLEN], hi[NUM_BUFLEN];
	unsigned long u;

	if (o->type == OPT_CHOICE)
		return parse_choice(o, text, v, msg, len);
	option_name(o, opt, sizeof(opt));
	if (num_parse_option(opt, text, o->min, o->max, o->type != OPT_REAL, v,
			     msg, len))
		return -1;
	u = *v;
	if (o->pow2 && (u & (u - 1))) {
		snprintf(
			msg, len,
			"invalid %s '%s': must be a power of two between %s and %s",
			opt, text, num_format(o->min, lo, sizeof(lo)),
			num_format(o->max, hi, sizeof(hi)));
		return -1;
	}
	return 0;
}

void option_store(const struct run_option *o, void *field, double v)
{
	switch (o->type) {
	case OPT_UINT:
		*(unsigned int *)field = v;
		break;
	case OPT_ULONG:
		*(unsigned long *)field = v;
		break;
	case OPT_U64:
		*(uint64_t *)field = v;
		break;
	case OPT_BOOL:
		*(bool *)field = v;
		break;
	case OPT_CHOICE:
		*(int *)field = v;
		break;
	default:
		*(double *)field = v;
		break;
	}
}

double option_load(const struct run_option *o, const void *field)
{
	switch (o->type) {
	case OPT_UINT:
		return *(const unsigned int *)field;
	case OPT_ULONG:
		return *(const unsigned long *)field;
	case OPT_U64:
		return *(const uint64_t *)field;
	case OPT_BOOL:
		return *(const bool *)field;
	case OPT_CHOICE:
		return *(const int *)field;
	default:
		return *(const double *)field;
	}
}

/* Splits text at commas; an empty item is an error.  Each item is one
 * value; a single-valued option takes all of text as its one value. */
static int parse_items(const struct run_option *o, const char *text,
		       struct value_list *list, char *msg, size_t len)
{
	char *copy = strdup(text), *rest = copy, *item;
	int ret = 0;

	if (!copy)
		return refuse(msg, len, "out of memory reading --%s", o->name);
	while (!ret && (item = strsep(&rest, ","))) {
		if (!*item)
			ret = refuse(msg, len, "empty item in --%s list '%s'",
				     o->name, text);
		else if (list->n == MAX_LIST)
			ret = refuse(msg, len,
				     "too many values for --%s: at most %d",
				     o->name, MAX_LIST);
		else
			ret = option_parse_value(o, item, &list->v[list->n++],
						 msg, len);
	}
	free(copy);
	return ret;
}

int option_parse_list(const struct run_option *o, const char *text,
		      struct value_list *list, char *msg, size_t len)
{
	return option_parse_list_cpus(o, text, 0, list, msg, len);
}

int option_parse_list_cpus(const struct run_option *o, const char *text,
			   unsigned int cpus, struct value_list *list,
			   char *msg, size_t len)
{
	char *expanded = NULL;
	int ret;

	/* A repeated option replaces the list, leaving nothing behind. */
	memset(list, 0, sizeof(*list));
	if (o->expand && o->expand(text, cpus, &expanded, msg, len))
		return -1;
	ret = parse_items(o, expanded ? expanded : text, list, msg, len);
	free(expanded);
	return ret;
}

void option_default_list(const struct run_option *o, struct value_list *list)
{
	char msg[128];
	double v;

	memset(list, 0, sizeof(*list));
	if (o->type == OPT_CHOICE ?
		    parse_choice(o, o->def, &v, msg, sizeof(msg)) :
		    num_parse(o->def, &v))
		abort(); /* a typo in the table */
	list->v[list->n++] = v;
}

void option_format_value(const struct run_option *o, double v, FILE *f)
{
	char num[NUM_BUFLEN];

	if (o->type == OPT_CHOICE)
		fputs(o->names[(int)v], f);
	else
		fputs(num_format(v, num, sizeof(num)), f);
}

/* --threads auto and max, by this process's CPUs. */
static int expand_threads(const char *text, unsigned int model_cpus, char **out,
			  char *msg, size_t len)
{
	int cpus[CPUS_MAX];
	unsigned int ncpus = model_cpus ?: allowed_cpus(cpus, CPUS_MAX);
	unsigned int n[TOPO_AUTO_MAX], nr;
	size_t size = 0;
	FILE *f = open_memstream(out, &size);

	if (!f)
		return refuse(msg, len, "out of memory reading --threads");
	if (!strcmp(text, "auto")) {
		nr = topo_auto_threads(ncpus, n, TOPO_AUTO_MAX);
		for (unsigned int i = 0; i < nr; i++)
			fprintf(f, "%s%u", i ? "," : "", n[i]);
	} else {
		for (const char *v = text;;) {
			size_t item = strcspn(v, ",");

			if (item == 3 && !strncmp(v, "max", 3))
				fprintf(f, "%u", ncpus);
			else
				fwrite(v, 1, item, f);
			v += item;
			if (!*v)
				break;
			fputc(*v++, f);
		}
	}
	if (fclose(f)) {
		free(*out);
		*out = NULL;
		return refuse(msg, len, "out of memory reading --threads");
	}
	return 0;
}

static int add_strategy(struct sweep *sw, const char *name, char *msg,
			size_t len)
{
	int n;

	if (!strcmp(name, "all")) {
		for (unsigned int i = 0; i < nr_strategies; i++)
			if (add_strategy(sw, strategies[i]->name, msg, len))
				return -1;
		return 0;
	}
	if (sw->nr_strategies == MAX_LIST)
		return refuse(msg, len,
			      "too many values for --strategy: at most %d",
			      MAX_LIST);
	sw->strategy[sw->nr_strategies] = strategy_find(name);
	if (sw->strategy[sw->nr_strategies]) {
		sw->nr_strategies++;
		return 0;
	}
	n = snprintf(msg, len, "unknown strategy '%s': choose from all", name);
	for (unsigned int i = 0; i < nr_strategies && n > 0 && (size_t)n < len;
	     i++)
		n += snprintf(msg + n, len - n, ", %s", strategies[i]->name);
	opt_did_you_mean(msg, len, name, strchr(msg, ':'));
	return -1;
}

/* The field of --strategy is the sweep: its strategy list. */
static int parse_strategies(void *field, const char *text, char *msg,
			    size_t len)
{
	struct sweep *sw = field;
	char *copy = strdup(text), *rest = copy, *item;
	int ret = 0;

	if (!copy)
		return refuse(msg, len, "out of memory reading --strategy");
	/* A repeated --strategy replaces the list, leaving nothing behind. */
	memset(sw->strategy, 0, sizeof(sw->strategy));
	sw->nr_strategies = 0;
	while (!ret && (item = strsep(&rest, ",")))
		ret = *item ? add_strategy(sw, item, msg, len) :
			      refuse(msg, len,
				     "empty item in --strategy list '%s'",
				     text);
	free(copy);
	return ret;
}

static void format_strategies(const void *field, FILE *f)
{
	const struct sweep *sw = field;

	for (unsigned int i = 0; i < sw->nr_strategies; i++)
		fprintf(f, "%s%s", i ? "," : "", sw->strategy[i]->name);
}

static int parse_mem(void *field, const char *text, char *msg, size_t len)
{
	return mem_policy_parse(text, field, msg, len);
}

static void format_mem(const void *field, FILE *f)
{
	char buf[32];

	mem_policy_format(field, buf, sizeof(buf));
	fputs(buf, f);
}

/* --other-work NS[+NS_PER_PAGE] or calibrated. */
static int parse_other_work(void *field, const char *text, char *msg,
			    size_t len)
{
	struct other_work *ow = field;
	const char *plus = strchr(text, '+');
	char *proc = strndup(text, plus ? (size_t)(plus - text) : strlen(text));
	double a, b = 0;
	bool bad;

	if (!proc)
		return refuse(msg, len, "out of memory reading --other-work");
	memset(ow, 0, sizeof(*ow));
	ow->calibrated = !strcmp(text, "calibrated");
	ow->baseline = !strcmp(text, "baseline-2002");
	/*
	 * One '+' between the parts: "5++3" is no 5+3 (a '-' is left to
	 * the range, which keeps -0 and refuses -3).
	 */
	bad = !ow->calibrated && !ow->baseline &&
	      (num_parse(proc, &a) || !(a >= 0 && a <= 1e10) ||
	       (plus && (plus[1] == '+' || num_parse(plus + 1, &b) ||
			 !(b >= 0 && b <= 1e8))));
	free(proc);
	if (bad)
		return refuse(
			msg, len,
			"invalid --other-work '%s': expected NS or NS+NS_PER_PAGE (ns per process, ns per page, 0 to 1e10 and 1e8), calibrated or baseline-2002",
			text);
	/* + 0.0 makes -0 zero, which formats and replays as "0". */
	if (!ow->calibrated && !ow->baseline) {
		ow->proc_ns = a + 0.0;
		ow->page_ns = b + 0.0;
	}
	return 0;
}

/* As typed back: "0", "NS+NS_PER_PAGE" or, unresolved, "calibrated". */
static void format_other_work(const void *field, FILE *f)
{
	const struct other_work *ow = field;
	char a[NUM_BUFLEN], b[NUM_BUFLEN];

	if (ow->calibrated)
		fputs("calibrated", f);
	else if (ow->baseline)
		fputs("baseline-2002", f);
	else if (!ow->proc_ns && !ow->page_ns)
		fputs("0", f);
	else
		fprintf(f, "%s+%s", num_format(ow->proc_ns, a, sizeof(a)),
			num_format(ow->page_ns, b, sizeof(b)));
}

static int parse_placement(void *field, const char *text, char *msg, size_t len)
{
	if (!placement_parse(text, field))
		return 0;
	return refuse(msg, len,
		      "invalid --placement '%s': choose " PLACEMENT_NAMES,
		      text);
}

static void format_placement(const void *field, FILE *f)
{
	fputs(placement_name(*(const enum placement *)field), f);
}

static const char run_usage_head[] =
	"usage: rmapbench run [--strategy LIST|all] [--OPTION VALUE]...\n"
	"         [--then [--strategy LIST] [--OPTION VALUE]...]...\n"
	"Runs the cross product of every LIST, each point --reps times in an\n"
	"order shuffled with --seed, and writes one CSV row per point and\n"
	"repetition.  --then adds another sweep that starts as a copy of the\n"
	"one before it.  SIGINT, SIGTERM or SIGHUP stops the run within a\n"
	"second; the point it cuts short is a row with status 'stopped',\n"
	"which summarize leaves out.  Options (default in parentheses):\n";

/* "--alloc percpu|global": the option and what it takes. */
static void usage_option(const struct run_option *o, char *buf, size_t len)
{
	int n = snprintf(buf, len, "--%s", o->name);

	if (o->arg) {
		snprintf(buf + n, len - n, " %s", o->arg);
		return;
	}
	for (int w = 0; o->type == OPT_CHOICE && o->names[w]; w++)
		if (n > 0 && (size_t)n < len)
			n += snprintf(buf + n, len - n, "%c%s", w ? '|' : ' ',
				      o->names[w]);
}

/* Words of text after column 29, folded before column 80. */
static void usage_text(FILE *f, int col, const char *text)
{
	while (*text) {
		size_t word = strcspn(text, " ");

		if (col + 1 + (int)word > 79) {
			fprintf(f, "\n%29s", "");
			col = 29;
		} else if (col > 29) {
			fputc(' ', f);
			col++;
		}
		fwrite(text, 1, word, f);
		col += word;
		text += word + strspn(text + word, " ");
	}
}

void run_usage(FILE *f)
{
	fputs(run_usage_head, f);
	for (unsigned int i = 0; i < nr_run_options; i++) {
		const struct run_option *o = &run_options[i];
		char opt[64], *help;
		int col;

		usage_option(o, opt, sizeof(opt));
		col = fprintf(f, "  %-26s", opt);
		if (col > 28)
			fprintf(f, "\n%28s", "");
		fputc(' ', f);
		col = 29;
		if (asprintf(&help, "%s%s%s%s", o->help,
			     o->def[0] && o->type != OPT_ALIAS ? " (" : "",
			     o->type != OPT_ALIAS ? o->def : "",
			     o->def[0] && o->type != OPT_ALIAS ? ")" : "") < 0)
			die_oom("the usage text");
		usage_text(f, col, help);
		fputc('\n', f);
		free(help);
	}
}

/*
 * --machine names a profile (profiles.c: loaded once, and "host" without
 * machines/host is NULL) by a path the CSV must carry.
 */
static int parse_machine(void *field, const char *text, char *msg, size_t len)
{
	const size_t max = sizeof(((struct machine_profile *)0)->source);

	/*
	 * What --machine names goes as it is into a CSV field, the
	 * '# sweep:' line (words split at blanks) and graph keys: a path
	 * none of those can carry whole is refused, not cut or quoted.
	 */
	if (strlen(text) >= max)
		return refuse(
			msg, len,
			"--machine: a path of %zu characters; at most %zu (link the profile somewhere shorter)",
			strlen(text), max - 1);
	for (const char *c = text; *c; c++)
		if (*c == ',' || *c == '"' || *c == '\'' ||
		    isspace((unsigned char)*c) || iscntrl((unsigned char)*c))
			return refuse(
				msg, len,
				"--machine '%s': a blank, comma, quote or control character, which a CSV field and the '# sweep:' line cannot carry; rename the file or link it",
				text);
	return profiles_find(text, field, msg, len);
}

static void format_machine(const void *field, FILE *f)
{
	const struct machine_profile *const *p = field;

	fputs(*p ? (*p)->source : "host", f);
}
