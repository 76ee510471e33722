#!/usr/bin/env bash
# Today's strategies end to end, run from the repository root: issue 15's
# command (objrmap, avc, folio and folio-batched over one and two threads
# on a 40-vma process) exits 0 with the lock columns filled, folio-batched
# takes fewer file locks per fork than folio, and the modern suite's quick
# run gives its graph and its report section.
. "$(dirname "$0")/lib.sh"

# The value of column col in the rows of strategy s, one a line.
column_of() {
	awk -F, -v col="$2" -v s="$3" '
		/^#/ { next }
		!n { for (i = 1; i <= NF; i++) c[$i] = i; n = 1; next }
		$1 == s { print $c[col] }' "$1"
}

test_issue_command() {
	local csv=$tmp/m.csv s col v fo fb

	"$bin" run --strategy objrmap,avc,folio,folio-batched --threads 1,2 \
		--vmas 40 --duration 0.3 --quiet --out "$csv" 2>"$tmp/err" ||
		{ fail "run exited $?: $(cat "$tmp/err")"; return; }
	for s in objrmap avc folio folio-batched; do
		[ "$(column_of "$csv" status "$s" | grep -c '^ok$')" -eq 2 ] ||
			fail "$s: not two ok rows"
		for col in lock_acq_per_pte lock_contended_pct; do
			column_of "$csv" "$col" "$s" | grep -q '^$' &&
				fail "$s: empty $col"
		done
	done
	for s in avc folio folio-batched; do
		for col in file_locks_per_fork file_lock_contended_pct; do
			column_of "$csv" "$col" "$s" | grep -q '^$' &&
				fail "$s: empty $col"
		done
	done
	# 20 file vmas in 5 files of 4: 20 holds at fork and 20 at exit,
	# against one per file each way.
	fo=$(column_of "$csv" file_locks_per_fork folio | sort -u)
	fb=$(column_of "$csv" file_locks_per_fork folio-batched | sort -u)
	[ "$fo" = 40.00 ] || fail "folio: $fo file locks per fork, expected 40.00"
	[ "$fb" = 10.00 ] || fail "folio-batched: $fb file locks per fork, expected 10.00"
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
}

test_issue_command
test_suite
finish
