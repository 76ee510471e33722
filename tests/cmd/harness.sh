#!/usr/bin/env bash
# The measurement harness end to end, from the repository root: an
# interrupted run leaves a CSV of complete rows and says so; --replay
# repeats the recorded sweep; summarize gives one row per point with n;
# --histogram writes buckets; the perf columns are empty, not zero, where
# the kernel refuses hardware counters.
. "$(dirname "$0")/../lib.sh"
# Rows (not # lines) with a field count other than the header's.
ragged() {
	grep -v '^#' "$1" | awk -F, 'NR == 1 { n = NF } NF != n { bad++ } END { print bad + 0 }'
}

data_rows() {
	grep -v '^#' "$1" | tail -n +2 | wc -l
}

# The signal comes once a row is written (a loaded machine may take longer
# than usual to get there), so that the rows before it must stay.  The
# 300 s bound on the wait is a hang guard: only a run that never writes a
# row reaches it.
test_interrupt() {
	local out=$tmp/int.csv rc pid i=0

	"$bin" run --strategy all --reps 20 --duration 0.1 --warmup 0 --quiet --out "$out" 2>"$tmp/int.err" &
	pid=$!
	while [ "$(data_rows "$out" 2>/dev/null)" -lt 1 ] && [ $i -lt 3000 ]; do
		sleep 0.1
		i=$((i + 1))
	done
	kill -INT $pid
	wait $pid
	rc=$?
	[ $rc -eq 130 ] || fail "interrupted run exited $rc, expected 130"
	grep -q '^strategy,' "$out" || fail "interrupted run left no header"
	[ "$(ragged "$out")" -eq 0 ] || fail "interrupted run left an incomplete row"
	[ "$(data_rows "$out")" -ge 1 ] || fail "interrupted run lost the rows written before the signal"
	grep -q "stopped by .* complete rows" "$tmp/int.err" || fail "no message on interrupt: $(cat "$tmp/int.err")"
	"$bin" summarize "$out" >/dev/null 2>&1 || fail "summarize rejects an interrupted run's CSV"
}

test_replay() {
	local a=$tmp/a.csv b=$tmp/b.csv

	"$bin" run --strategy none,hashed --threads 1 --locks 16,64 --duration 0.03 --warmup 0 \
		--reps 2 --seed 7 --then --strategy padded --lock-stride 128 --out "$a" 2>/dev/null ||
		fail "sweep for replay failed"
	"$bin" run --replay "$a" --out "$b" --quiet || fail "replay failed"
	[ "$(grep '^# sweep:' "$a")" = "$(grep '^# sweep:' "$b")" ] || fail "replay recorded a different sweep"
	diff <(grep -v '^#' "$a" | cut -d, -f1-17 | sort) <(grep -v '^#' "$b" | cut -d, -f1-17 | sort) >/dev/null ||
		fail "replay ran different points"
	"$bin" run --replay "$a" --threads 2 >/dev/null 2>&1
	[ $? -eq 2 ] || fail "--replay with a sweep option was not refused"
}

test_summarize() {
	local raw=$tmp/s.csv sum=$tmp/sum.csv

	"$bin" run --strategy none,hashed --threads auto --reps 5 --duration 0.03 --warmup 0 \
		--out "$raw" --quiet || fail "threads auto sweep failed"
	"$bin" summarize "$raw" --out "$sum" || fail "summarize failed"
	[ "$(data_rows "$sum")" -eq $((2 * $(column "$raw" threads | sort -u | wc -l))) ] ||
		fail "summary has $(data_rows "$sum") rows, not one per strategy and thread count"
	column "$sum" n | grep -qv '^5$' && fail "a summary row has n other than 5"
	paste -d, <(column "$sum" strategy) <(column "$sum" overhead_pct) | grep -q '^hashed,[0-9.-]' ||
		fail "hashed has no overhead_pct"
}

test_histogram_and_perf() {
	local raw=$tmp/h.csv hist=$tmp/hist.csv

	"$bin" run --strategy hashed --threads 1 --duration 0.05 --warmup 0 --histogram "$hist" \
		--out "$raw" --quiet || fail "histogram run failed"
	head -1 "$hist" | grep -q '^row,strategy,threads,rep,phase,low_ns,high_ns,count$' ||
		fail "histogram header: $(head -1 "$hist")"
	grep -q ',fork,' "$hist" && grep -q ',exit,' "$hist" || fail "histogram lacks a phase"
	if grep -q '^# perf: not supported' "$raw"; then
		[ -z "$(column "$raw" cycles_per_pte)" ] || fail "cycles_per_pte not empty without perf"
	else
		[ -n "$(column "$raw" cycles_per_pte)" ] || fail "cycles_per_pte empty with perf"
	fi
	[ -n "$(column "$raw" ctx_switches)" ] || fail "ctx_switches empty"
}

# Every memory policy works on any machine, one NUMA node included, and
# is recorded.
test_mem_policies() {
	local m

	for m in local interleave node:0; do
		"$bin" run --strategy hashed --mem "$m" --duration 0.02 --warmup 0 \
			--quiet --force --out "$tmp/mem.csv" || fail "--mem $m failed"
		grep -qx "# mem: $m" "$tmp/mem.csv" || fail "--mem $m not recorded"
		[ "$(column "$tmp/mem.csv" status)" = ok ] || fail "--mem $m: point not ok"
	done
}

test_interrupt
test_mem_policies
test_replay
test_summarize
test_histogram_and_perf
finish
