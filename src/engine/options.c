// SPDX-License-Identifier: GPL-2.0
/*
 * The options of `rmapbench run`: one row each.  The order is the order
 * of the usage text, of the `# sweep:` line, of the sweep's dimensions
 * (after the strategies, which vary fastest) and of the CSV's parameter
 * columns, so a new option goes where its column should appear.
 *
 * The machinery that reads the table is options_parse.c, the options
 * with parsers of their own are options_custom.c, the usage text is
 * options_usage.c.
 */
#include "options.h"
#include "options_impl.h"
#include "plan_types.h"
#include "lib/util.h"
#include "model/pte_chain.h"
#include "strategy/kernel.h"
#include "strategy/strategy.h"

/*
 * Every row macro ends with the help text, then any optional fields as
 * designated initializers: .record = REC_CHANGED, .pow2 = true,
 * .column = true, .arg = "LIST", .expand = option_expand_threads.
 */

/* A choice's words; a list of any other type is refused when compiled. */
#define WORDS(...) ((const char *const[]){ __VA_ARGS__, NULL })
#define CHECK_WORDS(w) _Generic((w), const char *const * : (w))

/* A list option: a dimension of the sweep and a column of the CSV. */
#define LIST(nm, field, t, lo, hi, p2, d, ...)                              \
	{                                                                   \
		.name = nm, .type = t, .home = IN_POINT,                    \
		.offset = offsetof(struct config, field), .list = true,     \
		.column = true, .min = lo, .max = hi, .pow2 = p2, .def = d, \
		.arg = "LIST", .help = __VA_ARGS__                          \
	}
/* One value for every point of a sweep. */
#define SCALAR(nm, home_, st, field, t, lo, hi, d, a, ...)                     \
	{                                                                      \
		.name = nm, .type = t, .home = home_,                          \
		.offset = offsetof(st, field), .min = lo, .max = hi, .def = d, \
		.arg = a, .help = __VA_ARGS__                                  \
	}
/* A choice that is also a dimension of the sweep. */
#define LIST_CHOICE(nm, field, words, d, ...)                           \
	{                                                               \
		.name = nm, .type = OPT_CHOICE, .home = IN_POINT,       \
		.offset = offsetof(struct config, field), .list = true, \
		.column = true, .names = CHECK_WORDS(words), .def = d,  \
		.help = __VA_ARGS__                                     \
	}
#define CHOICE(nm, field, words, d, ...)                                   \
	{                                                                  \
		.name = nm, .type = OPT_CHOICE, .home = IN_POINT,          \
		.offset = offsetof(struct config, field), .column = true,  \
		.names = CHECK_WORDS(words), .def = d, .help = __VA_ARGS__ \
	}
/* Recorded only when given: no column, so other suites' rows stay. */
#define QUIET_CHOICE(nm, field, words, d, ...)                                \
	{                                                                     \
		.name = nm, .type = OPT_CHOICE, .home = IN_POINT,             \
		.offset = offsetof(struct config, field),                     \
		.record = REC_CHANGED, .names = CHECK_WORDS(words), .def = d, \
		.help = __VA_ARGS__                                           \
	}
#define FLAG(nm, home_, st, field, value, rec, ...)                         \
	{                                                                   \
		.name = nm, .type = OPT_FLAG, .home = home_,                \
		.offset = offsetof(st, field), .set = value, .record = rec, \
		.def = "", .help = __VA_ARGS__                              \
	}
#define CUSTOM(nm, home_, st, field, p, f, d, a, ...)                   \
	{                                                               \
		.name = nm, .type = OPT_CUSTOM, .home = home_,          \
		.offset = offsetof(st, field), .parse = p, .format = f, \
		.def = d, .arg = a, .help = __VA_ARGS__                 \
	}
#define CONTROL(nm, t, field, lo, hi, a, ...)                             \
	{                                                                 \
		.name = nm, .type = t, .home = IN_RUN,                    \
		.offset = offsetof(struct run_control, field), .min = lo, \
		.max = hi, .set = true, .record = REC_NEVER, .def = "",   \
		.arg = a, .help = __VA_ARGS__                             \
	}
/* --nm is --target value; not recorded, as the target is. */
#define ALIAS(nm, target, value, ...)                               \
	{                                                           \
		.name = nm, .type = OPT_ALIAS, .home = IN_POINT,    \
		.alias = target, .def = value, .record = REC_NEVER, \
		.help = __VA_ARGS__                                 \
	}
/* The word between two sweeps of a plan. */
#define THEN(nm, ...)                                                     \
	{                                                                 \
		.name = nm, .type = OPT_THEN, .home = IN_PLAN, .def = "", \
		.help = __VA_ARGS__                                       \
	}

const struct run_option run_options[] = {
	CUSTOM("strategy", IN_SWEEP, struct sweep, strategy,
	       option_parse_strategies, option_format_strategies, "none",
	       "LIST|all", "rmap strategies ('rmapbench list')"),
	LIST("threads", threads, OPT_UINT, 1, THREADS_MAX, false, "1",
	     "driver threads, one per CPU; auto: 1, 2, 4, ... every CPU; "
	     "max: every CPU",
	     .expand = option_expand_threads),
	/* 0 stands for "one per thread" and is recorded only when given. */
	LIST("loops", loops, OPT_UINT, 1, 1 << 20, false, "0",
	     "process families, at least --threads; 0: one per thread",
	     .record = REC_CHANGED),
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
	LIST_CHOICE("anon-root", anon_root, WORDS("tree", "family"), "tree",
		    "whose rwsem an anon_vma locks: tree, the first "
		    "process's, as anon_vma_fork() makes it (2.6.7 under "
		    "--tree daniel: one anon_vma for the script's "
		    "families); family: each family its own (an "
		    "idealization)"),
	LIST_CHOICE("process", process, WORDS("thin", "doexec"), "thin",
		    "the program's vmas: thin, file vmas never written; "
		    "doexec, each file's last two (relro, data) written, so "
		    "with an anon_vma at fork, and relro split at exec"),
	LIST_CHOICE("rwsem", rwsem, WORDS("kernel", "count-spin"), "kernel",
		    "rw_semaphore waiters: kernel, spinners behind the OSQ "
		    "and sleepers on the wait list; count-spin, all spin on "
		    "the count word (an idealization)"),
	LIST("image-pages", image_pages, OPT_ULONG, 1, 1UL << 40, false, "64",
	     "pages of the exec'd image (--lifecycle fork-exec-exit)"),
	LIST("cow-faults", cow_faults, OPT_ULONG, 0, 1UL << 40, false, "0",
	     "parent copy-on-write faults after each fork"),
	CHOICE("alloc", alloc, WORDS("percpu", "global"), "percpu",
	       "chain node allocator"),
	CHOICE("anon-index", anon_index, WORDS("sequence", "vaddr", "allocs"),
	       "sequence",
	       "page->index of anonymous pages (allocs: Daniel's counter >> 12)"),
	/* The kernel's operations per era, and their idealized ablations. */
	LIST_CHOICE("kernel", kernel, kernel_names, "custom",
		    "named kernel configurations: strategy and knobs of a "
		    "2002-2004 kernel ('rmapbench list'); custom: as given",
		    .arg = "LIST"),
	LIST("node-size", node_size, OPT_UINT, 0, 64, false, "0",
	     "bytes a chain node occupies (16: 2.4's two-pointer nodes, 64: a "
	     "line); 0: the smallest power of two that holds --nrpte"),
	LIST("collapse", collapse, OPT_BOOL, 0, 1, false, "0",
	     "page_remove_rmap() turns a one-pte chain back into "
	     "PageDirect (2.5.27-30)"),
	LIST_CHOICE("wrprotect", wrprotect, WORDS("cow", "writable"), "cow",
		    "ptes fork write-protects: cow every pte of a private "
		    "vma (2.5.27+), writable only the writable ones (2.4)"),
	LIST_CHOICE("pte-ops", pte_ops, WORDS("locked", "plain"), "locked",
		    "ptep_get_and_clear() and ptep_set_wrprotect(): locked "
		    "as on SMP i386 (xchg, lock btr), or plain"),
	LIST_CHOICE("bit-unlock", bit_unlock, WORDS("locked", "store"),
		    "locked",
		    "bit spinlock release: locked clear_bit() as the kernel, "
		    "or a plain store"),
	LIST_CHOICE("mapcount", mapcount, WORDS("atomic", "bitlock"), "atomic",
		    "objrmap's mapcount: atomic (2.6.9), or bitlock: "
		    "PG_maplock around a plain count (2.6.7)"),
	QUIET_CHOICE("mapping-lock", mapping_lock,
		     WORDS("spinlock", "semaphore"), "spinlock",
		     "the lock of a file's vma list at fork, exec and exit, "
		     "pte chains and 2.6.7: spinlock (2.4-2.5 i_shared_lock, "
		     "2.6.7 i_mmap_lock) or semaphore (2.6.0-2.6.6 "
		     "i_shared_sem)"),
	QUIET_CHOICE("zap-dirty", zap_dirty, WORDS("test", "locked"), "test",
		     "exit's set_page_dirty() on a dirty pte: test, "
		     "PageDirty() first (2.6); locked, test_and_set_bit() on "
		     "each (2.4)"),
	SCALAR("replay-fixes", IN_POINT, struct config, replay_fixes, OPT_UINT,
	       0, REPLAY_FIXES, STRINGIFY(REPLAY_FIXES), "N",
	       "ablation of the 2002 replay: keep only the first N of its "
	       "fixes (docs/replay-2002.md); the default keeps all",
	       .record = REC_CHANGED),
	CHOICE("layout", layout, WORDS("flat", "2002"), "flat",
	       "a process's vmas: flat (--vmas of equal size, no holes) or "
	       "2002 (a daniel.sh shell on glibc 2.2.5 at its i386 addresses; "
	       "--vmas is ignored)"),
	CHOICE("lifecycle", lifecycle, WORDS("fork-exit", "fork-exec-exit"),
	       "fork-exit",
	       "what a child does: exit, or exec a new image, fault it in and "
	       "exit on another CPU"),
	QUIET_CHOICE("tree", tree, WORDS("flat", "daniel"), "flat",
		     "who forks whom: flat, each parent its --children; "
		     "daniel, daniel.sh's subshell forking cat and wc, then "
		     "expr, the last of --loops the main shell's polling loop "
		     "(--lifecycle fork-exec-exit, --children 3)"),
	LIST("daemons", daemons, OPT_UINT, 0, 1 << 16, false,
	     STRINGIFY(TREE_DAEMONS),
	     "--tree daniel: processes of the system that stay mapped all "
	     "run, each mapping the shared file's pages "
	     "(docs/replay-2002.md)"),
	CUSTOM("other-work", IN_POINT, struct config, other_work,
	       option_parse_other_work, option_format_other_work, "0",
	       "NS[+NS_PER_PAGE]|calibrated|baseline-2002",
	       "work per process (plus per page) outside every lock; "
	       "calibrated: --calibration's real fork+exit less none's "
	       "simulated cost; baseline-2002: 2.4.19-pre7's published CPU "
	       "time per daniel.sh process less its simulated cost",
	       .column = true),
	/* Recorded only when given: no column, so other suites' rows stay. */
	{ .name = "footprint",
	  .type = OPT_CHOICE,
	  .home = IN_POINT,
	  .offset = offsetof(struct config, other_work.footprint),
	  .record = REC_CHANGED,
	  .names = CHECK_WORDS(WORDS("auto", "none", "pages", "fresh")),
	  .def = "auto",
	  .help = "--mode model: what the rest of a process leaves in the "
		  "caches: none, or pages (do_wp_page()'s copies, the image's "
		  "cleared pages and each new pgd touch their page frames), "
		  "or fresh (a bound: every page written a frame no cache "
		  "holds); auto: pages with --other-work baseline-2002, else "
		  "none" },
	CUSTOM("mem", IN_POINT, struct config, mem, option_parse_mem,
	       option_format_mem, "local", "local|interleave|node:N",
	       "memory placement"),
	FLAG("oversubscribe", IN_POINT, struct config, oversubscribe, true,
	     REC_CHANGED, "allow more threads than CPUs (left unpinned)"),
	FLAG("no-stats", IN_POINT, struct config, stats, false, REC_CHANGED,
	     "no lock, chain or latency accounting"),
	CHOICE("mode", mode, WORDS("measured", "model"), "measured",
	       "time real threads here, or model --threads CPUs of --machine",
	       .record = REC_CHANGED),
	CUSTOM("machine", IN_POINT, struct config, machine,
	       option_parse_machine, option_format_machine, "host", "NAME|FILE",
	       "--mode model: a profile of machines/ (host: written by "
	       "'rmapbench calibrate --machine')",
	       .column = true, .record = REC_CHANGED),
	/* Recorded only when given or resolved: other suites' rows stay. */
	CUSTOM("access-time", IN_POINT, struct config, access_time,
	       option_parse_access_time, option_format_access_time, "auto",
	       "auto|profile|baseline-2002|NS",
	       "--mode model: what a cache hit costs, the time between "
	       "accesses the model leaves out: the profile's, NS, or "
	       "baseline-2002, the cost at which 2.4.19-pre7's modelled "
	       "fork, exec and exit take their share of its published "
	       "profile (docs/replay-2002.md); auto: baseline-2002 with "
	       "--other-work baseline-2002, else the profile's",
	       .record = REC_CHANGED),
	SCALAR("duration", IN_POINT, struct config, duration, OPT_REAL, 0.001,
	       1e6, "1", "S", "seconds in each timed window"),
	SCALAR("warmup", IN_POINT, struct config, warmup, OPT_REAL, 0, 1e6,
	       "0.1", "S", "seconds before it"),
	SCALAR("timeout", IN_POINT, struct config, timeout, OPT_REAL, 0.1, 1e6,
	       "60", "S",
	       "livelock watchdog, not a time limit: a point with no fork "
	       "for S seconds ends as 'timeout'"),
	SCALAR("forks", IN_POINT, struct config, forks, OPT_ULONG, 1, 1e12, "",
	       "N", "fixed work instead of a timed window: N forks per point",
	       .record = REC_CHANGED),
	SCALAR("reps", IN_SWEEP, struct sweep, reps, OPT_UINT, 1, 100000, "1",
	       "N", "repetitions of every point"),
	SCALAR("reps-max", IN_SWEEP, struct sweep, reps_max, OPT_UINT, 0,
	       100000, "0", "N",
	       "the measured 2002 replay: past --reps, add repetitions until "
	       "the regime with the most has its overhead within +-10 points "
	       "and its share within +-20 (issue 24's check 4), at most N in "
	       "all; 0: --reps only (docs/replay-2002.md)",
	       .record = REC_CHANGED),
	THEN("then", "start another sweep, a copy of the one before"),
	/* 2^53 - 1: every seed survives the trip through a double */
	SCALAR("seed", IN_PLAN, struct plan, seed, OPT_U64, 0,
	       9007199254740991.0, "", "N",
	       "orders the points (default: random)"),
	CUSTOM("placement", IN_PLAN, struct plan, placement,
	       option_parse_placement, option_format_placement, "compact",
	       "compact|scatter|cores-then-smt|none", "thread pinning"),
	ALIAS("no-direct", "direct", "0", "the same as --direct 0"),
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
