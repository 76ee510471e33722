#!/usr/bin/env bash
# plot/plot.sh DIR: draws the graphs of a results folder.
# plot/plot.sh --compare OLD.csv NEW.csv [OUTPREFIX [compare options]]:
# draws the change between two raw CSVs (plot/compare.sh; OUTPREFIX
# defaults to "compare" in the current folder).
#
# For each DIR/<suite>/summary.csv and each graph the suite wants (the
# names in DIR/<suite>/graphs, one a line; every graph when that file is
# absent), awk turns the summary into a small .dat file for that graph and
# plot/<graph>.gp draws DIR/<suite>/<graph>.png and .svg from it.  A graph
# the summary has no data for is skipped with one line saying why, and its
# old files are removed so that a report never shows a stale graph.
# Exits 0 unless something is really wrong: no gnuplot, no such folder, no
# summary at all, an unknown graph name, a bad CSV or a gnuplot failure.
set -u

GRAPHS="overhead throughput phases locktable batch chainlength latency reclaim"

usage() {
	cat <<EOF
usage: plot/plot.sh DIR
       plot/plot.sh --compare OLD.csv NEW.csv [OUTPREFIX [compare options]]
Draws DIR/<suite>/<graph>.png and .svg for each DIR/<suite>/summary.csv.
Graphs: $GRAPHS.
DIR/<suite>/graphs lists the graphs a suite wants, one a line (default: all).
EOF
}

fail() {
	echo "plot: $*" >&2
	exit 2
}

here=$(cd "$(dirname "$0")" && pwd)

case "${1:-}" in
-h | --help)
	usage
	exit 0
	;;
--compare)
	[ $# -ge 3 ] || fail "usage: plot/plot.sh --compare OLD.csv NEW.csv [OUTPREFIX [compare options]]"
	[ $# -ge 4 ] || set -- "$@" compare
	shift
	exec "$here/compare.sh" "$@"
	;;
-*) fail "unknown option '$1'; see plot/plot.sh --help" ;;
"") fail "no results folder given; usage: plot/plot.sh DIR" ;;
esac
[ $# -eq 1 ] || fail "one results folder, please; got $# arguments"
dir=${1%/}
[ -d "$dir" ] || fail "$dir: no such folder"
case "$dir" in
*"'"*) fail "$dir: a folder name with a single quote cannot be passed to gnuplot" ;;
esac
command -v gnuplot >/dev/null 2>&1 ||
	fail "gnuplot not found; install it with: apt-get install gnuplot-nox"
gnuplot -e "set terminal pngcairo; set terminal svg" >/dev/null 2>&1 ||
	fail "this gnuplot has no pngcairo or svg terminal; install it with: apt-get install gnuplot-nox"

tmp=$(mktemp -d "${TMPDIR:-/tmp}/rmapbench-plot.XXXXXX") || fail "cannot create a temporary folder"
trap 'rm -rf "$tmp"' EXIT

# The awk program that writes one graph's .dat file.  Exit status 3 with
# the reason on stdout: not enough data for the graph; 2: a bad file.
read -r -d '' PREPARE <<'AWK'
function bad(msg) {
	printf "plot: %s:%d: %s\n", FILENAME, FNR, msg > "/dev/stderr"
	failed = 1
	exit 2
}
function skip(msg) {
	print msg
	skipped = 1
	exit 3
}
function isnum(x) {
	return x ~ /^-?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][-+]?[0-9]+)?$/
}
function less(x, y) {
	if (isnum(x) && isnum(y))
		return x + 0 < y + 0
	return x "" < y ""
}
function same(x, y) {
	if (isnum(x) && isnum(y))
		return x + 0 == y + 0
	return x "" == y ""
}
function get(r, name) {
	return (name in col) ? v[r, col[name]] : ""
}
# "file_frac" -> "file frac": no underscores in labels.
function label(name) {
	gsub(/_/, " ", name)
	return name
}
function num(x) {
	return x == "" ? "?" : x
}
function q(s) {
	return "\"" s "\""
}

# Rows are sorted by the columns in sc[1..nsc]; strategies in list order.
function row_less(a, b,    i, c, x, y) {
	for (i = 1; i <= nsc; i++) {
		c = sc[i]
		x = v[a, c]
		y = v[b, c]
		if (c == scol) {
			x = sidx[x]
			y = sidx[y]
		}
		if (!same(x, y))
			return less(x, y)
	}
	return a < b
}
function sort_rows(idx, n,    i, j, t) {
	for (i = 2; i <= n; i++) {
		t = idx[i]
		for (j = i - 1; j >= 1 && row_less(t, idx[j]); j--)
			idx[j + 1] = idx[j]
		idx[j + 1] = t
	}
}
function sort_by(names,    n, i, k) {
	n = split(names, k, " ")
	nsc = 0
	for (i = 1; i <= n; i++)
		if (k[i] in col)
			sc[++nsc] = col[k[i]]
	for (i = 1; i <= nparam; i++)
		sc[++nsc] = i
}
# The kept rows, sorted, in out[1..n]; returns n.
function kept(out,    r, n) {
	n = 0
	for (r = 1; r <= nr; r++)
		if (keep[r])
			out[++n] = r
	sort_rows(out, n)
	return n
}
# How many distinct values column name has among the kept rows.
function distinct(name,    r, seen, n, x) {
	n = 0
	for (r = 1; r <= nr; r++) {
		if (!keep[r])
			continue
		x = get(r, name)
		if (!(x in seen)) {
			seen[x] = 1
			n++
		}
	}
	return n
}
function keep_if(name, value,    r) {
	for (r = 1; r <= nr; r++)
		if (keep[r] && get(r, name) != value)
			keep[r] = 0
}
function keep_nonempty(name,    r) {
	for (r = 1; r <= nr; r++)
		if (keep[r] && get(r, name) == "")
			keep[r] = 0
}

# Within each group gk[r], every swept parameter outside the graph's own
# (names in free) is fixed at its smallest value (threads at its largest
# with most_threads), one parameter after the other, and said so in note.
function fix_others(free, most_threads,    f, n, i, p, r, g, m, x, drop) {
	n = split(free, f, " ")
	split("", drop)
	for (i = 1; i <= n; i++)
		drop[f[i]] = 1
	for (p = 1; p <= nparam; p++) {
		if (hdr[p] in drop || p == scol || p in dep)
			continue
		split("", m)
		for (r = 1; r <= nr; r++) {
			if (!keep[r])
				continue
			g = gk[r]
			x = v[r, p]
			if (!(g in m))
				m[g] = x
			else if (most_threads && hdr[p] == "threads" ? less(m[g], x) : less(x, m[g]))
				m[g] = x
		}
		for (r = 1; r <= nr; r++) {
			if (keep[r] && !same(v[r, p], m[gk[r]])) {
				keep[r] = 0
				fixed[label(hdr[p]) " " m[gk[r]]] = 1
			}
		}
	}
	note = ""
	for (x in fixed)
		note = note (note == "" ? "" : ", ") x
	if (note != "")
		note = "other swept parameters fixed at: " note
}

# The swept parameters besides the strategy, as a list of column indices.
function swept(list,    p, n) {
	n = 0
	for (p = 1; p <= nparam; p++)
		if (p != scol && nvals[p] > 1 && !(p in dep))
			list[++n] = p
	return n
}

function header(title, xlabel, ylabel) {
	print "# title: " suite ": " title > out
	print "# xlabel: " xlabel > out
	print "# ylabel: " ylabel > out
	if (note != "")
		print "# note: " note > out
}
function block_sep() {
	if (nblocks++)
		printf "\n\n" > out
}

# Bar charts: a cluster per combination of the swept parameters, a bar per
# strategy in it.  Sets cl[r] (cluster number), bx[r] (bar position), the
# xtics and keys lines.
function bars(    idx, n, i, r, k, list, np, key, lab, short, compact, c, ns, strat, pos, tics, j) {
	np = swept(list)
	sort_by("")
	n = kept(idx)
	ns = 0
	for (i = 1; i <= n; i++) {
		k = v[idx[i], scol]
		if (!(k in strat)) {
			strat[k] = 1
			sk[++ns] = k
		}
	}
	for (i = 1; i <= ns; i++)	# strategy list order
		for (j = i + 1; j <= ns; j++)
			if (sidx[sk[j]] < sidx[sk[i]]) {
				k = sk[i]; sk[i] = sk[j]; sk[j] = k
			}
	for (i = 1; i <= ns; i++)
		pos[sk[i]] = i
	# Clusters in the order of their parameters: sort without strategy.
	nsc = 0
	for (i = 1; i <= np; i++)
		sc[++nsc] = list[i]
	sort_rows(idx, n)
	nclusters = 0
	for (i = 1; i <= n; i++) {
		r = idx[i]
		key = lab = short = ""
		for (j = 1; j <= np; j++) {
			key = key SUBSEP v[r, list[j]]
			lab = lab (j > 1 ? "\\n" : "") label(hdr[list[j]]) " " v[r, list[j]]
			short = short (j > 1 ? " / " : "") v[r, list[j]]
		}
		if (!(key in cnum)) {
			cnum[key] = ++nclusters
			clab[nclusters] = lab
			cshort[nclusters] = short
		}
		bx[r] = (cnum[key] - 1) * (ns + 1) + pos[v[r, scol]]
	}
	if (nclusters > 40)
		skip(sprintf("%d parameter combinations are too many for a bar chart", nclusters))
	tics = ""
	if (nclusters == 1) {
		for (i = 1; i <= ns; i++)
			tics = tics (i > 1 ? ", " : "") q(sk[i]) " " i
	} else {
		# Many clusters of several parameters: values only, names below.
		compact = np > 1 && nclusters > 6
		for (c = 1; c <= nclusters; c++)
			tics = tics (c > 1 ? ", " : "") q(compact ? cshort[c] : clab[c]) " " (c - 1) * (ns + 1) + (ns + 1) / 2
	}
	keys = ""
	for (i = 1; i <= ns; i++)
		keys = keys (i > 1 ? " " : "") sk[i]
	print "# keys: " keys > out
	print "# xtics: (" tics ")" > out
	print "# clusters: " nclusters > out
	print "# rotate: " (nclusters > 8) > out
	print "# ticklines: " (nclusters > 1 && !compact ? np : 1) > out
	print "# xmax: " nclusters * (ns + 1) > out
	xname = ""
	for (j = 1; j <= np; j++)
		xname = xname (j > 1 ? (compact ? " / " : ", ") : "") label(hdr[list[j]])
	for (i = 1; i <= ns; i++)
		bidx[sk[i]] = i
	nbars = n
	for (i = 1; i <= n; i++)
		brow[i] = idx[i]
	nstrat = ns
}
# One block per strategy of the bars: the rows of strategy s, by position.
function bar_rows(s, out_rows,    i, n) {
	n = 0
	for (i = 1; i <= nbars; i++)
		if (v[brow[i], scol] == s)
			out_rows[++n] = brow[i]
	return n
}

function g_overhead(    i, j, n, r, rows, ov, med, base) {
	keep_nonempty("overhead_pct")
	for (r = 1; r <= nr; r++)
		if (v[r, scol] == "none")
			keep[r] = 0
	if (!distinct("strategy"))
		skip("no `none` point at the same parameters in summary.csv")
	bars()
	header("rmap overhead against none", xname == "" ? "strategy" : xname,
	       "overhead over none (%, ns per pte)")
	for (i = 1; i <= nstrat; i++) {
		block_sep()
		n = bar_rows(sk[i], rows)
		print "# " sk[i] > out
		for (j = 1; j <= n; j++) {
			r = rows[j]
			ov = get(r, "overhead_pct")
			med = get(r, "ns_per_pte_median")
			base = med / (1 + ov / 100)
			printf "%s %s %.3f %.3f\n", bx[r], ov,
			       100 * (get(r, "ns_per_pte_ci_lo") / base - 1),
			       100 * (get(r, "ns_per_pte_ci_hi") / base - 1) > out
		}
	}
}

function g_phases(    i, j, n, r, rows, f) {
	keep_nonempty("fork_ns_per_pte_median")
	keep_nonempty("exit_ns_per_pte_median")
	if (!distinct("strategy"))
		skip("no fork and exit medians in summary.csv")
	bars()
	header("setup (fork) and teardown (exit) cost per pte",
	       xname == "" ? "strategy" : xname,
	       "ns per pte (summed over threads)")
	for (i = 1; i <= nstrat; i++) {
		block_sep()
		n = bar_rows(sk[i], rows)
		print "# " sk[i] > out
		for (j = 1; j <= n; j++) {
			r = rows[j]
			f = get(r, "fork_ns_per_pte_median")
			printf "%s %s %s %s %s %s %s %s\n", bx[r], f,
			       get(r, "fork_ns_per_pte_ci_lo"), get(r, "fork_ns_per_pte_ci_hi"),
			       get(r, "exit_ns_per_pte_median"),
			       f + get(r, "exit_ns_per_pte_median"),
			       f + get(r, "exit_ns_per_pte_ci_lo"),
			       f + get(r, "exit_ns_per_pte_ci_hi") > out
		}
	}
}

# Line graphs: a block per group gk[], points in order of column x.
# Writes keys (strategy per block), titles, dts and pts.
function lines(x, cols,    idx, n, i, i2, r, g, nb, keys, titles, dts, pts, strats, seen, walks, ncols, c) {
	sort_by("strategy " sortkey " " x)
	n = kept(idx)
	ncols = split(cols, c, " ")
	nb = 0
	keys = titles = dts = pts = strats = walks = ""
	for (i = 1; i <= n; i++) {
		r = idx[i]
		g = gk[r]
		if (i == 1 || g != gk[idx[i - 1]]) {
			block_sep()
			nb++
			print "# " gtitle[g] > out
			keys = keys (nb > 1 ? " " : "") v[r, scol]
			titles = titles (nb > 1 ? " " : "") q(gtitle[g])
			dts = dts (nb > 1 ? " " : "") gdt[g]
			pts = pts (nb > 1 ? " " : "") gpt[g]
			if (!(v[r, scol] in seen))
				strats = strats (strats == "" ? "" : " ") v[r, scol]
			seen[v[r, scol]] = 1
		}
		if (get(r, "chain_walk_avg_median") != "" && !((nb, "w") in seen)) {
			seen[nb, "w"] = 1
			walks = walks (walks == "" ? "" : " ") nb
		}
		printf "%s", get(r, x) > out
		for (i2 = 1; i2 <= ncols; i2++)
			printf " %s", (c[i2] ~ /^=/ ? extra[r, substr(c[i2], 2)] : num(get(r, c[i2]))) > out
		printf "\n" > out
	}
	print "# keys: " keys > out
	print "# titles: " titles > out
	print "# dts: " dts > out
	print "# pts: " pts > out
	print "# strats: " strats > out
	print "# walkblocks: " walks > out
}
# The distinct values of column name among kept rows, sorted, as xtics.
function xtics_of(name,    idx, n, i, t, last) {
	sort_by(name)
	nsc = 1
	n = kept(idx)
	t = ""
	for (i = 1; i <= n; i++) {
		if (i > 1 && same(get(idx[i], name), last))
			continue
		last = get(idx[i], name)
		t = t (t == "" ? "" : ", ") q(last) " " last
	}
	print "# xtics: (" t ")" > out
	if (n && get(idx[1], name) > 0)
		print "# xratio: " get(idx[n], name) / get(idx[1], name) > out
	if (n)
		print "# xspan: " get(idx[n], name) - get(idx[1], name) > out
}

function g_throughput(    r, g, t1, y1, idx, n, i) {
	keep_nonempty("forks_per_s_median")
	if (distinct("threads") < 2)
		skip("one thread count in summary.csv (needs a --threads sweep)")
	for (r = 1; r <= nr; r++) {
		gk[r] = g = v[r, scol]
		gtitle[g] = g
		gdt[g] = 1
		gpt[g] = spt[g]
	}
	fix_others("threads")
	# The reference: each strategy's fewest-threads point scaled linearly.
	sort_by("strategy threads")
	n = kept(idx)
	for (i = 1; i <= n; i++) {
		r = idx[i]
		g = gk[r]
		if (!(g in t1)) {
			t1[g] = get(r, "threads")
			y1[g] = get(r, "forks_per_s_median")
		}
		extra[r, "ref"] = y1[g] * get(r, "threads") / t1[g]
	}
	header("fork throughput against threads", "driver threads",
	       "forks per second (wall clock)")
	xtics_of("threads")
	lines("threads", "forks_per_s_median forks_per_s_ci_lo forks_per_s_ci_hi =ref")
}

# hashed is one line, padded and batched one per lock stride.
function g_locktable(    r, s, g, strides, nst, i, sv, gsv) {
	for (r = 1; r <= nr; r++) {
		s = v[r, scol]
		if (s != "hashed" && s != "padded" && s != "batched")
			keep[r] = 0
	}
	if (distinct("locks") < 2)
		skip("no --locks sweep in summary.csv")
	nst = 0
	for (r = 1; r <= nr; r++) {
		if (!keep[r])
			continue
		s = v[r, scol]
		if (s == "hashed") {
			g = s
			gtitle[g] = "hashed (packed)"
			gdt[g] = 1
			gpt[g] = spt[s]
		} else {
			sv = get(r, "lock_stride")
			g = s " " sv
			if (!(sv in strides))
				strides[sv] = ++nst
			gtitle[g] = s ", " sv " B stride"
			gsv[g] = sv
		}
		gk[r] = g
	}
	for (g in gtitle) {
		if (g == "hashed")
			continue
		# dash and point by the stride's rank among the strides
		i = 1
		for (s in strides)
			if (less(s, gsv[g]))
				i++
		gdt[g] = i + 1
		gpt[g] = 2 * i + 3
	}
	fix_others("locks lock_stride")
	sortkey = "lock_stride"
	header("ns per pte against the number of rmap locks", "rmap locks (--locks, log scale)",
	       "ns per pte (fork + exit, summed over threads)")
	xtics_of("locks")
	lines("locks", "ns_per_pte_median ns_per_pte_ci_lo ns_per_pte_ci_hi")
}

function g_batch(    r, g, sh, i) {
	for (r = 1; r <= nr; r++)
		if (v[r, scol] != "batched")
			keep[r] = 0
	if (distinct("batch") < 2)
		skip("no --batch sweep of batched in summary.csv")
	for (r = 1; r <= nr; r++) {
		if (!keep[r])
			continue
		sh = get(r, "lock_shift")
		gk[r] = g = "shift " sh
		gtitle[g] = sprintf("shift %s: %d page%s/lock", sh, 2 ^ sh, sh ? "s" : "")
		shifts[sh] = 1
	}
	for (g in gtitle) {
		sh = substr(g, 7)
		i = 1
		for (r in shifts)
			if (less(r, sh))
				i++
		gdt[g] = i
		gpt[g] = 2 * i + 3
	}
	fix_others("batch lock_shift")
	sortkey = "lock_shift"
	header("ns per pte of batched against its chain-node batch", "chain nodes taken at once (--batch, log scale)",
	       "ns per pte (fork + exit, summed over threads)")
	xtics_of("batch")
	lines("batch", "ns_per_pte_median ns_per_pte_ci_lo ns_per_pte_ci_hi chain_walk_avg_median")
}

# x: children per fork (or the file share); a line per strategy and
# value of the other.
function g_chainlength(    r, s, x, other, g, sv, vals, i, leg, legd, n, walk) {
	keep_nonempty("ns_per_pte_median")
	if (distinct("children") > 1) {
		x = "children"
		other = "file_frac"
	} else if (distinct("file_frac") > 1) {
		x = "file_frac"
		other = "children"
	} else {
		skip("no --children or --file-frac sweep in summary.csv")
	}
	if (distinct(other) < 2)
		other = ""
	for (r = 1; r <= nr; r++) {
		if (!keep[r])
			continue
		s = v[r, scol]
		sv = other == "" ? "" : get(r, other)
		gk[r] = g = s " " sv
		gtitle[g] = other == "" ? s : s ", " label(other) " " sv
		gs[g] = sv
		if (sv != "")
			vals[sv] = 1
		if (get(r, "chain_walk_avg_median") != "")
			walk = 1
	}
	n = 0
	for (sv in vals)
		n++
	for (g in gtitle) {
		i = 1
		for (sv in vals)
			if (less(sv, gs[g]))
				i++
		gdt[g] = i
		gpt[g] = 2 * i + 3
		if (other != "")
			legd[i] = q(label(other) " " gs[g])
	}
	leg = ""
	for (i = 1; i <= n; i++)
		leg = leg (i > 1 ? " " : "") legd[i]
	fix_others(x " " other)
	sortkey = other
	xl = x == "children" ? "live children per fork round (--children, log scale)" : "share of each process's pages from the shared file (--file-frac)"
	header("cost against sharing", xl,
	       "ns per pte (fork + exit, summed over threads)")
	print "# series: " leg > out
	print "# logx: " (x == "children") > out
	print "# walk: " (walk ? 1 : 0) > out
	xtics_of(x)
	lines(x, "ns_per_pte_median ns_per_pte_ci_lo ns_per_pte_ci_hi chain_walk_avg_median")
}

function g_latency(    r, g, idx, n, i, p, phase, keys, k) {
	keep_nonempty("fork_p50_ns_median")
	if (!distinct("strategy"))
		skip("no latency percentiles in summary.csv (run without --no-stats)")
	for (r = 1; r <= nr; r++)
		gk[r] = v[r, scol]
	fix_others("", 1)
	if (note != "")
		note = "one point per strategy; " note
	header("fork and exit latency percentiles", "percentile", "latency of one fork or exit (ns, log scale)")
	sort_by("strategy")
	n = kept(idx)
	split("p50 p90 p99 p999", p, " ")
	keys = ""
	for (i = 1; i <= n; i++) {
		r = idx[i]
		block_sep()
		print "# " v[r, scol] > out
		keys = keys (i > 1 ? " " : "") v[r, scol]
		for (k = 1; k <= 4; k++)
			printf "%d %s %s\n", k, pos_or_missing(get(r, "fork_" p[k] "_ns_median")),
			       pos_or_missing(get(r, "exit_" p[k] "_ns_median")) > out
	}
	print "# keys: " keys > out
}
# reclaim: what each strategy's fork+exit cost buys the page scanner, a
# point per strategy (with scanners running) with both medians' CIs.
function g_reclaim(    r, idx, n, i, keys) {
	keep_nonempty("reclaim_pages_per_s_median")
	if (!distinct("strategy"))
		skip("no scanner figures in summary.csv (run with --reclaim 1 or more)")
	for (r = 1; r <= nr; r++)
		gk[r] = v[r, scol]
	fix_others("", 1)
	header("fork+exit cost against page-scanner speed",
	       "ns per pte (fork + exit, summed over threads)",
	       "pages scanned per second (page_referenced)")
	sort_by("strategy")
	n = kept(idx)
	keys = ""
	for (i = 1; i <= n; i++) {
		r = idx[i]
		block_sep()
		print "# " v[r, scol] > out
		keys = keys (i > 1 ? " " : "") v[r, scol]
		printf "%s %s %s %s\n", get(r, "ns_per_pte_median"),
		       get(r, "reclaim_pages_per_s_median"),
		       get(r, "ns_per_pte_ci_lo"), get(r, "ns_per_pte_ci_hi") > out
	}
	print "# keys: " keys > out
}
# A swept parameter that follows an earlier one (loops = threads when
# --loops is left at its default) is not a dimension of its own.
function find_dependent(    p, o, r, f, ok) {
	for (p = 1; p <= nparam; p++) {
		if (p == scol || nvals[p] < 2)
			continue
		for (o = 1; o < p && !(p in dep); o++) {
			if (o == scol || nvals[o] < 2 || o in dep)
				continue
			split("", f)
			ok = 1
			for (r = 1; r <= nr && ok; r++) {
				if ((v[r, o]) in f && f[v[r, o]] != v[r, p])
					ok = 0
				f[v[r, o]] = v[r, p]
			}
			if (ok)
				dep[p] = o
		}
	}
}
function pos_or_missing(x) {
	return x != "" && x + 0 > 0 ? x : "?"
}

BEGIN {
	FS = ","
	ns = split("none global pagebit hashed padded batched objrmap", o, " ")
	for (i = 1; i <= ns; i++) {
		sidx[o[i]] = i
		split("5 7 9 13 11 15 3", pp, " ")
		spt[o[i]] = pp[i]
	}
	nsidx = ns
}
{ sub(/\r$/, "") }
!ncol && /^#/ { next }
!ncol {
	sub(/^\357\273\277/, "")
	ncol = NF
	for (i = 1; i <= NF; i++) {
		col[$i] = i
		hdr[i] = $i
	}
	if (!("n" in col) || !("strategy" in col) || !("ns_per_pte_median" in col))
		bad("not a summary CSV (no strategy, n and ns_per_pte_median columns); run 'rmapbench summarize'")
	nparam = col["n"] - 1
	scol = col["strategy"]
	next
}
{
	if (NF != ncol)
		bad(sprintf("%d fields, the header has %d", NF, ncol))
	if ($col["n"] == 0 || $col["n"] == "")
		next		# a point whose every repetition failed
	nr++
	for (i = 1; i <= NF; i++)
		v[nr, i] = $i
	keep[nr] = 1
	if (!($scol in sidx)) {
		sidx[$scol] = ++nsidx
		spt[$scol] = 1
	}
	for (i = 1; i <= nparam; i++)
		if (!((i, $i) in valseen)) {
			valseen[i, $i] = 1
			nvals[i]++
		}
}
END {
	if (failed || skipped)
		exit failed ? 2 : 3
	if (!ncol)
		bad("no header line")
	if (!nr)
		skip("no measured points in summary.csv")
	find_dependent()
	if (graph == "overhead") g_overhead()
	else if (graph == "phases") g_phases()
	else if (graph == "throughput") g_throughput()
	else if (graph == "locktable") g_locktable()
	else if (graph == "batch") g_batch()
	else if (graph == "chainlength") g_chainlength()
	else if (graph == "latency") g_latency()
	else if (graph == "reclaim") g_reclaim()
	else bad("unknown graph " graph)
	close(out)
}
AWK

status=0
nsuites=0
for sum in "$dir"/*/summary.csv; do
	[ -f "$sum" ] || continue
	sdir=${sum%/summary.csv}
	suite=${sdir##*/}
	nsuites=$((nsuites + 1))
	case "$suite" in
	*"'"*)
		echo "plot: $suite: a suite name with a single quote cannot be passed to gnuplot" >&2
		status=1
		continue
		;;
	esac
	wanted=$GRAPHS
	if [ -f "$sdir/graphs" ]; then
		wanted=$(sed -e 's/#.*//' -e 's/[[:space:]]//g' "$sdir/graphs" | grep -v '^$')
	fi
	for g in $wanted; do
		case " $GRAPHS " in
		*" $g "*) ;;
		*)
			echo "plot: $suite/graphs: unknown graph '$g'; graphs are: $GRAPHS" >&2
			status=1
			continue
			;;
		esac
		dat="$tmp/$suite.$g.dat"
		why=$(awk -v graph="$g" -v suite="$suite" -v out="$dat" "$PREPARE" "$sum")
		rc=$?
		if [ $rc -eq 3 ]; then
			echo "plot: $suite/$g skipped: $why"
			rm -f "$sdir/$g.png" "$sdir/$g.svg"
			continue
		elif [ $rc -ne 0 ]; then
			status=1
			break	# the file is bad for every graph: said once
		fi
		if ! err=$(gnuplot -e "in='$dat'; out='$tmp/$suite.$g'" "$here/$g.gp" 2>&1); then
			echo "plot: $suite/$g: gnuplot failed:" >&2
			printf '%s\n' "$err" >&2
			status=1
			continue
		fi
		[ -z "$err" ] || printf 'plot: %s/%s: %s\n' "$suite" "$g" "$err" >&2
		if mv -f "$tmp/$suite.$g.png" "$sdir/$g.png" &&
			mv -f "$tmp/$suite.$g.svg" "$sdir/$g.svg"; then
			echo "plot: drew $suite/$g.png and .svg"
		else
			status=1
		fi
	done
done
[ $nsuites -gt 0 ] || fail "$dir: no <suite>/summary.csv in it"
exit $status
