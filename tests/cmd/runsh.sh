#!/usr/bin/env bash
# ./run.sh end to end on the quick settings, from the repository root: a
# run leaves its folder complete; a run interrupted (SIGINT to its process
# group, as Ctrl-C sends) after its first suite keeps that suite, says how
# to resume, and ./run.sh --resume finishes the rest.
. "$(dirname "$0")/../lib.sh"

test_complete() {
	local out=$tmp/whole

	./run.sh quick --quick --out "$out" >"$tmp/whole.out" 2>"$tmp/whole.log" || fail "run.sh quick --quick failed: $(tail -3 "$tmp/whole.log")"
	for f in calibration.csv report.html quick/raw.csv quick/summary.csv quick/overhead.png verdict.txt; do
		[ -s "$out/$f" ] || fail "run.sh left no $f"
	done
	# stdout: the verdict, at most 15 lines, a quick run's banner, where
	# the results are; progress and plot lines go to stderr
	[ "$(wc -l <"$tmp/whole.out")" -le 15 ] || fail "run.sh printed over 15 lines on stdout: $(cat "$tmp/whole.out")"
	head -1 "$tmp/whole.out" | grep -q '^verdict of a QUICK RUN ' ||
		fail "run.sh --quick's stdout does not start with the verdict and its banner: $(head -2 "$tmp/whole.out")"
	grep -q '^quick  *measured, threads .*none [0-9]' "$tmp/whole.out" || fail "the verdict has no quick suite line: $(cat "$tmp/whole.out")"
	tail -1 "$tmp/whole.out" | grep -q "^run.sh: results in $out" || fail "run.sh's last line does not say where the results are"
	# the report opens with the answer, before the run's metadata
	grep -o 'id="verdict"\|id="run"' "$out/report.html" | head -1 | grep -q verdict ||
		fail "report.html does not open with the verdict"
	./run.sh quick --out "$out" >/dev/null 2>&1
	[ $? -eq 2 ] || fail "run.sh wrote into an existing --out folder"
}

test_resume() {
	local out=$tmp/cut rc pid

	setsid ./run.sh quick nrpte --quick --out "$out" >"$tmp/cut.log" 2>&1 &
	pid=$!
	# up to 300 s, a hang guard: a loaded machine takes long, never that
	for _ in $(seq 3000); do
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
