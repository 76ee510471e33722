#!/usr/bin/env bash
# plot/plot.sh and `rmapbench report` end to end, run from the repository
# root: a tiny results folder from real short runs, every graph that has
# data drawn as a non-empty PNG and SVG, a graph without data skipped with
# one line (and its stale files removed), the bad calls refused, and the
# report inlining the SVGs.  Prints every failure; exits 1 if there was one.
. "$(dirname "$0")/../lib.sh"
if ! command -v gnuplot >/dev/null 2>&1; then
	echo "plot.sh: gnuplot is missing: apt-get install gnuplot-nox" >&2
	exit 1
fi

# Short points: no warm-up, a few hundred forks of small processes.
quick=(--duration 0.02 --warmup 0 --reps 2 --pages 128 --quiet)

run() {
	local suite=$1
	shift
	mkdir -p "$tmp/r/$suite"
	"$bin" run "$@" "${quick[@]}" --out "$tmp/r/$suite/raw.csv" >/dev/null &&
		"$bin" summarize "$tmp/r/$suite/raw.csv" --out "$tmp/r/$suite/summary.csv" ||
		fail "$suite: run or summarize failed"
}

make_folder() {
	run scaling --strategy none,hashed,objrmap --threads 1,2 \
		--histogram "$tmp/r/scaling/histogram.csv"
	printf 'overhead\nthroughput\nphases\nlatency\nlocktable\n' >"$tmp/r/scaling/graphs"
	echo "Does it scale?" >"$tmp/r/scaling/question"
	run locktable --strategy hashed --locks 1,16,256 \
		--then --strategy padded --lock-stride 64,256
	echo locktable >"$tmp/r/locktable/graphs"
	run batch --strategy batched --batch 1,16 --lock-shift 0,4
	echo batch >"$tmp/r/batch/graphs"
	run sharing --strategy none,hashed --children 1,4 --file-frac 0.5,1
	printf 'chainlength\noverhead\n' >"$tmp/r/sharing/graphs"
	run smoke --strategy all --loops 4 --forks 50
	# no graphs file: every graph is tried
	# The real seed suite, quick: its kernels differ in knobs, so its
	# overhead graph stands only if the era's baseline is found.
	# A calibration by hand: a real one taken on a loaded machine can fit
	# a negative slope, which the suite refuses; the graph is tested here.
	cat >"$tmp/cal.csv" <<-'CAL'
	# schema: 1
	# fit_anon_fixed_ns: 180000
	# fit_anon_per_page_ns: 100
	# none_ns_per_pte_256_0.8: 40
	pages,kind,tries,median_ns,ci_lo_ns,ci_hi_ns
	CAL
	"$bin" suite seed --quick --quiet --calibration "$tmp/cal.csv" \
		--out "$tmp/r/seed" >"$tmp/seed.verdict" 2>"$tmp/seed.err" ||
		fail "suite seed --quick failed: $(cat "$tmp/seed.err")"
	grep -Eq '^seed  *measured, threads [0-9]*(, daemons 39)?: 2.4.19-pre7 ' "$tmp/seed.verdict" ||
		fail "suite seed printed no verdict against 2.4.19-pre7: $(cat "$tmp/seed.verdict")"
	run reclaim --strategy none,pagebit,objrmap --reclaim 1 --oversubscribe
	echo reclaim >"$tmp/r/reclaim/graphs"
	# measured and modelled rows in one file (--mode model is quick at 4 CPUs)
	run model --strategy none,hashed --threads 1,2 "${quick[@]}" \
		--then --mode model --machine piii-quad-2002 --threads 1,2,4
	printf 'throughput\noverhead\n' >"$tmp/r/model/graphs"
}

# file must exist, be non-empty and start like a PNG or an SVG.
check_drawn() {
	local g=$1
	[ "$(stat -c %s "$tmp/r/$g.png" 2>/dev/null || echo 0)" -gt 4096 ] ||
		{ fail "$g.png missing or under 4 KiB"; return; }
	[ "$(stat -c %s "$tmp/r/$g.svg" 2>/dev/null || echo 0)" -gt 4096 ] ||
		{ fail "$g.svg missing or under 4 KiB"; return; }
	[ "$(head -c 4 "$tmp/r/$g.png" | od -An -c | tr -d ' ')" = '211PNG' ] ||
		fail "$g.png is not a PNG"
	grep -q '<svg' "$tmp/r/$g.svg" || fail "$g.svg is not an SVG"
}

# Measured bars are solid, in the colour of their strategy: the seed's
# rmap-13b (pagebit, 0xe69f00) and Daniel's patch; no hatching, which
# means modelled, on a graph of measured points only.
check_solid() {
	local g

	grep -q "fill = 'url(#gpPat" "$tmp/r/smoke/phases.svg" &&
		fail "smoke/phases.svg hatches a bar, but every point is measured"
	grep -q "<polygon fill = 'rgb(230, 159,   0)'" "$tmp/r/seed/overhead.svg" ||
		fail "seed/overhead.svg has no solid rmap-13b (pagebit) bar"
	grep -q "<polygon fill = 'rgb(230, 159,   0)'" "$tmp/r/seed/phases.svg" ||
		fail "seed/phases.svg has no solid rmap-13b (pagebit) fork segment"
	# the seed suite's piii-quad-2002 replay is modelled: hatched
	grep -q "fill = 'url(#gpPat" "$tmp/r/seed/overhead.svg" ||
		fail "seed/overhead.svg draws its modelled bars solid"
	grep -q '2.4.19-pre7-rmap13b-daniel' "$tmp/r/seed/overhead.svg" ||
		fail "seed/overhead.svg does not name the kernels"
	# The modelled bars of the model folder are hatched.
	grep -q "fill = 'url(#gpPat" "$tmp/r/model/overhead.svg" ||
		fail "model/overhead.svg draws its modelled bars solid"
}

# Every strategy `rmapbench list strategies` names has its own colour and
# point type in plot/style.gp.
test_style() {
	local s

	for s in $("$bin" list strategies | awk '{ print $1 }'); do
		grep -Eq "s eq \"$s\" *\? 0x" plot/style.gp ||
			fail "plot/style.gp has no colour for strategy $s"
		grep -Eq "s eq \"$s\" *\? [0-9]+ :" plot/style.gp ||
			fail "plot/style.gp has no point type for strategy $s"
	done
}

# Two runs of the seed suite calibrate other_work afresh: their points
# pair all the same, in compare and in plot.sh --compare.
test_compare_seed() {
	local old=$tmp/r/seed/raw.csv new=$tmp/seed2.csv out

	sed 's/,\([0-9.]*\)+\([0-9.]*\),measured,/,1\1+1\2,measured,/' "$old" >"$new"
	cmp -s "$old" "$new" && { fail "the second seed file has the same other_work"; return; }
	out=$("$bin" compare "$old" "$new" 2>&1) || fail "compare of two seed runs exited $?"
	grep -Eq '\(([3-9]|[1-9][0-9]+) paired points\)' <<<"$out" || fail "two seed runs do not pair: $out"
	grep -q 'only in' <<<"$out" && fail "a seed point is in one run only: $out"
	grep -q 'other_work (calibrated' <<<"$out" || fail "compare does not name the calibrated other_work: $out"
	plot/plot.sh --compare "$old" "$new" "$tmp/cmp" >/dev/null 2>"$tmp/cmp.err" ||
		fail "plot.sh --compare on two seed runs failed: $(cat "$tmp/cmp.err")"
	grep -q '2.4.19-pre7-rmap13b-daniel' "$tmp/cmp.svg" || fail "cmp.svg does not name the kernels"
	# Nothing in common: a hint, not silence.
	out=$("$bin" compare "$old" "$tmp/r/smoke/raw.csv" 2>&1 >/dev/null)
	grep -q 'no point is in both files: they differ in' <<<"$out" ||
		fail "compare of unrelated runs gives no hint: $out"
}

# Every suite's summary as text, markdown and JSON.
test_formats() {
	local d

	for d in "$tmp"/r/*/; do
		[ -s "$d/raw.csv" ] || continue
		"$bin" summarize "$d/raw.csv" --format json | python3 -m json.tool >/dev/null ||
			fail "$d: summarize --format json is not JSON"
		"$bin" summarize "$d/raw.csv" --format markdown | grep -q '^|---' ||
			fail "$d: summarize --format markdown has no table"
		"$bin" summarize "$d/raw.csv" --format text | grep -q '^strategy ' ||
			fail "$d: summarize --format text has no header"
	done
}

test_plot() {
	local out rc g

	# a stale graph that will be skipped this time must go
	: >"$tmp/r/scaling/locktable.png"
	out=$(plot/plot.sh "$tmp/r" 2>&1)
	rc=$?
	[ $rc -eq 0 ] || fail "plot.sh exited $rc: $out"
	for g in scaling/overhead scaling/throughput scaling/phases scaling/latency \
		locktable/locktable batch/batch sharing/chainlength sharing/overhead \
		seed/overhead seed/phases seed/latency smoke/overhead smoke/phases \
		reclaim/reclaim; do
		check_drawn "$g"
	done
	check_solid
	grep -qx 'plot: scaling/locktable skipped: no --locks sweep in summary.csv' <<<"$out" ||
		fail "no skip line for scaling/locktable in: $out"
	grep -qx 'plot: smoke/throughput skipped: one thread count in summary.csv (needs a --threads sweep)' <<<"$out" ||
		fail "no skip line for smoke/throughput in: $out"
	[ ! -e "$tmp/r/scaling/locktable.png" ] || fail "stale scaling/locktable.png left"
	[ ! -e "$tmp/r/locktable/overhead.png" ] || fail "locktable/overhead drawn but not wanted"
	if grep -v '^plot: ' <<<"$out" | grep -q .; then
		fail "plot.sh printed lines without 'plot: ': $out"
	fi
}

# The plot data of the real runs, checked against their summaries: every
# overhead bar is its point's overhead_pct, every stacked exit bar the sum
# of the two medians, the throughput reference starts at the measured
# figure; and the plan names what is drawn and what is skipped.
test_plotdata() {
	local d=$tmp/dat plan sum want got

	mkdir -p "$d"
	plan=$("$bin" plotdata "$tmp/r" --out "$d") || { fail "plotdata exited $?"; return; }
	grep -qx $'draw\tscaling\toverhead' <<<"$plan" || fail "plan lacks scaling/overhead: $plan"
	grep -qx $'skip\tscaling\tlocktable\tno --locks sweep in summary.csv' <<<"$plan" ||
		fail "plan lacks the scaling/locktable skip: $plan"
	[ "$(grep -c '^draw' <<<"$plan")" -eq "$(ls "$d"/*.dat | wc -l)" ] ||
		fail "not one .dat per drawn graph"
	sum=$tmp/r/scaling/summary.csv
	# overhead_pct of each strategy other than none, in file order by threads
	want=$(awk -F, '/^#/ { next } !h { for (i = 1; i <= NF; i++) c[$i] = i; h = 1; next }
		$c["strategy"] != "none" { print $c["strategy"], $c["threads"], $c["overhead_pct"] }' "$sum" | sort)
	got=$(awk '/^# (hashed|objrmap)$/ { s = $2; next } /^[0-9]/ && s { print s, ($1 <= 3 ? 1 : 2), $2 }' \
		"$d/scaling.overhead.dat" | sort)
	[ -n "$got" ] && [ "$got" = "$want" ] || fail "overhead bars are not overhead_pct: got '$got', want '$want'"
	# computed values are written to 6 significant digits, as awk did
	awk 'function off(a, b) { return (a > b ? a - b : b - a) > 1e-5 * b }
		/^[0-9]/ && off($6, $2 + $5) { bad = 1 } END { exit bad }' "$d/scaling.phases.dat" ||
		fail "a stacked exit bar is not fork + exit"
	want=$(awk -F, '/^#/ { next } !h { for (i = 1; i <= NF; i++) c[$i] = i; h = 1; next }
		$c["strategy"] == "hashed" && $c["threads"] == 1 { print $c["forks_per_s_median"] }' "$sum")
	got=$(awk '/^# hashed$/ { on = 1; next } /^#/ { on = 0 }
		on && $1 == 1 { print $2, ($5 - $2 > -1e-5 * $2 && $5 - $2 < 1e-5 * $2) ? $2 : $5 }' \
		"$d/scaling.throughput.dat")
	[ -n "$want" ] && [ "$got" = "$want $want" ] ||
		fail "throughput at one thread: got '$got', want the median $want twice"
}

# A file of measured and modelled rows: a throughput line per strategy,
# mode and machine, each point its own summary row's median, the modelled
# lines titled "(model: MACHINE)" with dashes of their own, the measured
# "(measured)" and solid; every modelled overhead bar marked to be hatched.
test_models() {
	local d=$tmp/dat sum=$tmp/r/model/summary.csv want got

	want=$(awk -F, '/^#/ { next } !h { for (i = 1; i <= NF; i++) c[$i] = i; h = 1; next }
		$c["n"] > 0 { print $c["strategy"], ($c["mode"] == "model" ? "(model: " $c["machine"] ")" : "(measured)"),
			$c["threads"], $c["forks_per_s_median"] }' "$sum" | sort)
	got=$(awk '/^# [a-z-]+ \((measured|model: [a-z0-9-]+)\)$/ { t = $2 " " $3 ($4 ? " " $4 : ""); next }
		/^#/ { t = "" } /^[0-9]/ && t { print t, $1, $2 }' "$d/model.throughput.dat" | sort)
	[ "$(wc -l <<<"$want")" -eq 10 ] || fail "model suite: expected 10 points, got: $want"
	[ "$got" = "$want" ] || fail "throughput lines are not the summary's (strategy, mode, machine) medians: got '$got', want '$want'"
	awk '/^# titles: / { sub(/^# titles: "/, ""); sub(/"$/, ""); n = split($0, t, /" "/) }
		/^# dts: / { split(substr($0, 8), dt, " ") } /^# models: / { split(substr($0, 11), m, " ") }
		END { if (n != 4) exit 1
			for (i = 1; i <= n; i++) if ((t[i] ~ /\(model: piii-quad-2002\)$/) != (m[i] == 1 && dt[i] != 1) ||
				(t[i] ~ /\(measured\)$/) != (m[i] == 0 && dt[i] == 1)) exit 1 }' "$d/model.throughput.dat" ||
		fail "modelled lines are not told apart from measured ones: $(grep '^# \(titles\|dts\|models\)' "$d/model.throughput.dat")"
	grep -q 'hashed (model: piii-quad-2002)' "$tmp/r/model/throughput.svg" ||
		fail "the throughput graph's key does not name the modelled machine"
	awk '/^# xtics/ { print } /^[0-9]/ { print $NF }' "$d/model.overhead.dat" | awk '
		NR == 1 { n = gsub(/model: piii-quad-2002/, ""); next } { bars++; mod += $1 }
		END { exit !(n == 3 && mod == 3 && bars == 5) }' ||
		fail "overhead: 3 modelled clusters of one hashed bar each, marked 1, expected: $(cat "$d/model.overhead.dat")"
}

# Past 16 lines (9 strategies on 2 machines) the key is by kind: a
# strategy per colour, then each modelled machine's dashes, each named;
# thread counts from 1 to 1024 go on log axes.  A handmade summary: the
# figures are made up, only the graph's shape is checked.
test_many_lines() {
	local f=$tmp/many s m t
	mkdir -p "$f/model"
	{
		echo '# schema: 1'
		echo 'strategy,threads,mode,machine,n,ns_per_pte_median,ns_per_pte_ci_lo,ns_per_pte_ci_hi,forks_per_s_median,forks_per_s_ci_lo,forks_per_s_ci_hi'
		for s in none global pagebit hashed padded batched daniel objrmap avc; do
			for m in epyc-7r13-2s synthetic-1024; do
				for t in 1 4 16 64 256 1024; do
					echo "$s,$t,model,$m,1,10,9,11,$((t * 1000)),$((t * 900)),$((t * 1100))"
				done
			done
		done
	} >"$f/model/summary.csv"
	echo throughput >"$f/model/graphs"
	plot/plot.sh "$f" >/dev/null 2>&1 || { fail "many lines: plot.sh failed"; return; }
	grep -q '>model: synthetic-1024<' "$f/model/throughput.svg" ||
		fail "many lines: the key does not name each modelled machine"
	grep -q '>hashed (model: ' "$f/model/throughput.svg" &&
		fail "many lines: the key lists every line instead of kinds"
	grep -q '>1024<' "$f/model/throughput.svg" || fail "many lines: no 1024 tic"
}

test_errors() {
	local out rc

	out=$(plot/plot.sh "$tmp/none" 2>&1)
	rc=$?
	[ $rc -eq 2 ] || fail "missing folder: exit $rc, expected 2"
	[ "$(wc -l <<<"$out")" -eq 1 ] || fail "missing folder: not one line: $out"
	mkdir -p "$tmp/empty"
	plot/plot.sh "$tmp/empty" >/dev/null 2>&1
	rc=$?
	[ $rc -eq 2 ] || fail "folder without summaries: exit $rc, expected 2"
	plot/plot.sh >/dev/null 2>&1
	rc=$?
	[ $rc -eq 2 ] || fail "no argument: exit $rc, expected 2"
	echo nosuchgraph >"$tmp/r/batch/graphs"
	out=$(plot/plot.sh "$tmp/r" 2>&1)
	rc=$?
	[ $rc -ne 0 ] || fail "an unknown graph name was accepted"
	grep -q "batch/graphs: unknown graph 'nosuchgraph'" <<<"$out" ||
		fail "unknown graph not named: $out"
	echo batch >"$tmp/r/batch/graphs"
}

test_report() {
	local html=$tmp/r/report.html

	"$bin" report "$tmp/r" || fail "report exited $?"
	[ -s "$html" ] || { fail "no report.html"; return; }
	for s in seed scaling locktable batch sharing; do
		grep -q "<section id=\"suite-$s\">" "$html" || fail "report lacks suite $s"
	done
	[ "$(grep -c '^<svg' "$html")" -ge 11 ] || fail "report inlines fewer than 11 SVGs"
	grep -q '<h3>Elapsed time</h3>' "$html" || fail "report lacks the seed table"
	grep -q '<p class="question">Does it scale?</p>' "$html" || fail "report lacks the question"
	grep -q 'src="[a-z]*\.\(png\|svg\)"' "$html" && fail "report links a graph instead of inlining it"
	check_links "$html"
}

# Every href of the report names a file beside it or an id in it.
check_links() {
	local html=$1 link n=0

	while read -r link; do
		n=$((n + 1))
		case $link in
		'#'*) grep -q "id=\"${link#\#}\"" "$html" || fail "report links to missing #${link#\#}" ;;
		http*) fail "report links out of the page: $link" ;;
		*) [ -e "$(dirname "$html")/$link" ] || fail "report links to missing file $link" ;;
		esac
	done < <(grep -o 'href="[^"]*"' "$html" | sed 's/^href="//; s/"$//')
	[ $n -gt 0 ] || fail "report has no links to check"
}

start=$(date +%s)
test_style
make_folder
test_plotdata
test_compare_seed
test_formats
test_plot
test_models
test_many_lines
test_errors
test_report
echo "plot.sh: $(( $(date +%s) - start )) s"
finish
