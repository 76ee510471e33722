#!/usr/bin/env bash
# Today's strategies end to end, run from the repository root: objrmap,
# avc, folio and folio-batched over one and two threads on a 40-vma
# process exit 0 with the lock columns filled, folio-batched
# takes fewer file locks per fork than folio, the doexec shape
# (--lifecycle fork-exec-exit) fills the exec and fault columns, and the
# modern suite's quick run gives its graph and its report section, with
# the modelled pairs in a table of their own.
. "$(dirname "$0")/../lib.sh"

# The value of column col in the rows of strategy s, one a line.
column_of() {
	awk -F, -v col="$2" -v s="$3" '
		/^#/ { next }
		!n { for (i = 1; i <= NF; i++) c[$i] = i; n = 1; next }
		$1 == s { print $c[col] }' "$1"
}

# Fails unless each strategy's rows in csv are two ok rows with the
# columns filled: filled CSV WHAT 'STRATEGIES' COLUMNS...
filled() {
	local csv=$1 what=$2 strategies=$3 s col

	shift 3
	for s in $strategies; do
		[ "$(column_of "$csv" status "$s" | grep -c '^ok$')" -eq 2 ] ||
			fail "$s$what: not two ok rows"
		for col in "$@"; do
			column_of "$csv" "$col" "$s" | grep -q '^$' &&
				fail "$s$what: empty $col"
		done
	done
}

# Fails unless strategy s took want file locks per fork in every row.
locks_per_fork() {
	local got

	got=$(column_of "$1" file_locks_per_fork "$2" | sort -u)
	[ "$got" = "$3" ] || fail "$2$4: $got file locks per fork, expected $3"
}

test_issue_command() {
	local csv=$tmp/m.csv

	"$bin" run --strategy objrmap,avc,folio,folio-batched --threads 1,2 \
		--vmas 40 --duration 0.3 --quiet --out "$csv" 2>"$tmp/err" ||
		{ fail "run exited $?: $(cat "$tmp/err")"; return; }
	filled "$csv" "" "objrmap avc folio folio-batched" \
		lock_acq_per_pte lock_contended_pct file_locks_per_fork \
		file_lock_contended_pct
	# 20 file vmas in 5 files of 4: 20 holds at fork and 20 at exit,
	# against one per file each way; 2.6.9 links each vma, as folio.
	locks_per_fork "$csv" folio 40.00
	locks_per_fork "$csv" folio-batched 10.00
	locks_per_fork "$csv" objrmap 40.00
}

# doexec's shape: fork, exec on another thread, fault in, exit.  Per fork,
# 20 file vmas in 5 files: folio holds a file's lock for each at fork, at
# exec's unmap, at exec's mmap and at exit (80); folio-batched once per
# file at fork, unmap and exit, and per vma at mmap (5 * 3 + 20 = 35).
test_fork_exec_exit() {
	local csv=$tmp/x.csv

	"$bin" run --strategy objrmap,avc,folio,folio-batched --threads 1,2 \
		--vmas 40 --folio-pages 16 --lifecycle fork-exec-exit \
		--image-pages 256 --duration 0.1 --quiet --out "$csv" 2>"$tmp/err" ||
		{ fail "fork-exec-exit run exited $?: $(cat "$tmp/err")"; return; }
	filled "$csv" " fork-exec-exit" "objrmap avc folio folio-batched" \
		exec_ns_per_pte fault_ns_per_pte file_locks_per_fork
	locks_per_fork "$csv" folio 80.00 " fork-exec-exit"
	locks_per_fork "$csv" folio-batched 35.00 " fork-exec-exit"
	locks_per_fork "$csv" objrmap 80.00 " fork-exec-exit"
}

test_suite() {
	local out=$tmp/r

	mkdir -p "$out"
	"$bin" suite bench/modern.suite --quick --out "$out/modern" >"$tmp/log" 2>&1 ||
		{ fail "suite exited $?: $(tail -3 "$tmp/log")"; return; }
	plot/plot.sh "$out" >"$tmp/plot" 2>&1 || fail "plot.sh: $(cat "$tmp/plot")"
	for f in modern.png modern.svg; do
		[ "$(stat -c %s "$out/modern/$f" 2>/dev/null || echo 0)" -gt 4096 ] ||
			fail "modern/$f missing or under 4 KiB"
	done
	"$bin" report "$out" || fail "report exited $?"
	grep -q '<h3>Beside the 2026 figure</h3>' "$out/report.html" ||
		fail "report lacks the 2026 section"
	[ "$(grep -c '^<tr><td>measured</td>' "$out/report.html")" -ge 8 ] ||
		fail "report's 2026 table has fewer than 8 pairs"
	# The modelled rows run doexec's shape too: exec'd images faulted in.
	awk -F, '/^#/ { next }
		!n { for (i = 1; i <= NF; i++) c[$i] = i; n = 1; next }
		$c["mode"] == "model" { rows++
			if ($c["lifecycle"] != "fork-exec-exit" || !($c["faults"] > 0)) bad++ }
		END { exit !(rows == 8 && !bad) }' "$out/modern/raw.csv" ||
		fail "the modelled rows are not 8 fork-exec-exit rows with faults"
	# --quick models 1 and 2 CPUs of the RFC's machine.
	[ "$(grep -c '^<tr><td>epyc-9754-2s</td>' "$out/report.html")" -eq 2 ] ||
		fail "report's modelled table lacks the two epyc-9754-2s pairs"
	grep -q '<strong>Modelled, not measured</strong> (--mode model, epyc-9754-2s, 2 CPUs' \
		"$out/report.html" || fail "report lacks the modelled verdict at 2 CPUs"
}

# rmapbench truth: the host's real fork+exit per file vma, one forker and
# every CPU, beside the simulated strategy of the running kernel; the
# report shows it; one --vmas count is refused (no line through one).
test_truth() {
	local out=$tmp/t

	mkdir -p "$out"
	"$bin" truth --vmas 4,32 --tries 5 --out "$out/truth.csv" >"$tmp/log" 2>&1 ||
		{ fail "truth exited $?: $(tail -3 "$tmp/log")"; return; }
	[ "$(column "$out/truth.csv" source | grep -c '^real$')" -ge 2 ] ||
		fail "truth.csv has no real rows"
	[ "$(column "$out/truth.csv" source | grep -c '^measured$')" -ge 2 ] ||
		fail "truth.csv has no simulated rows"
	grep -q '^# fit_real_one_per_vma_ns: ' "$out/truth.csv" ||
		fail "truth.csv lacks the real line's slope"
	grep -q "real .* ns per file vma" "$tmp/log" || fail "truth printed no slope"
	"$bin" truth --vmas 4 --out "$out/x.csv" 2>"$tmp/err"
	[ $? -eq 2 ] && [ ! -e "$out/x.csv" ] && grep -q 'at least two' "$tmp/err" ||
		fail "truth --vmas 4: not a usage error"
	cp "$out/truth.csv" "$tmp/r/truth.csv" 2>/dev/null &&
		"$bin" report "$tmp/r" && grep -q 'id="truth"' "$tmp/r/report.html" ||
		fail "report lacks the truth section"
}

test_issue_command
test_fork_exec_exit
test_suite
test_truth
finish
