#!/usr/bin/env bash
# ./run.sh end to end on the quick settings, from the repository root: a
# run leaves its folder complete; a run interrupted (SIGINT to its process
# group, as Ctrl-C sends) after its first suite keeps that suite, says how
# to resume, and ./run.sh --resume finishes the rest.
. "$(dirname "$0")/lib.sh"

test_complete() {
	local out=$tmp/whole

	./run.sh quick --quick --out "$out" >"$tmp/whole.log" 2>&1 || fail "run.sh quick --quick failed: $(tail -3 "$tmp/whole.log")"
	for f in calibration.csv report.html quick/raw.csv quick/summary.csv quick/overhead.png; do
		[ -s "$out/$f" ] || fail "run.sh left no $f"
	done
	./run.sh quick --out "$out" >/dev/null 2>&1
	[ $? -eq 2 ] || fail "run.sh wrote into an existing --out folder"
}

test_resume() {
	local out=$tmp/cut rc pid

	setsid ./run.sh quick nrpte --quick --out "$out" >"$tmp/cut.log" 2>&1 &
	pid=$!
	for _ in $(seq 300); do
		[ -s "$out/quick/summary.csv" ] && [ -e "$out/nrpte" ] && break
		sleep 0.1
	done
	kill -INT -- -"$pid"
	wait "$pid"
	rc=$?
	[ $rc -eq 130 ] || fail "interrupted run.sh exited $rc, expected 130"
	grep -q -- "--resume $out" "$tmp/cut.log" || fail "no resume hint: $(tail -2 "$tmp/cut.log")"
	[ -s "$out/quick/summary.csv" ] || fail "the finished suite was lost"
	./run.sh --resume "$out" >"$tmp/resume.log" 2>&1 || fail "--resume failed: $(tail -3 "$tmp/resume.log")"
	grep -q "== quick: done before" "$tmp/resume.log" || fail "--resume ran quick again"
	[ -s "$out/nrpte/summary.csv" ] || fail "--resume did not finish nrpte"
	[ -s "$out/report.html" ] || fail "--resume wrote no report"
}

test_complete
test_resume
finish
