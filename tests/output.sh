#!/usr/bin/env bash
# Issue 12 end to end, from the repository root: a signal stops a run
# within about a second at any moment (a long window, a long warm-up, a
# --forks quota) and leaves a file summarize reads; a signal at start-up
# never leaves an empty CSV; a closed stderr never ends up in the CSV; a
# failed write leaves only complete rows; TERM=dumb gets no escapes.
. "$(dirname "$0")/lib.sh"

ragged() {
	grep -v '^#' "$1" | awk -F, 'NR == 1 { n = NF } NF != n { bad++ } END { print bad + 0 }'
}

# Sends SIGINT after 0.5 s; the run must end within 2 s of it.
stop_after_half_second() {
	local what=$1 out=$2 pid start end rc
	shift 2

	"$bin" run --strategy none,hashed --reps 2 --quiet --out "$out" "$@" 2>"$tmp/stop.err" &
	pid=$!
	sleep 0.5
	start=$(date +%s%N)
	kill -INT $pid
	wait $pid
	rc=$?
	end=$(date +%s%N)
	[ $rc -eq 130 ] || fail "$what: exited $rc after SIGINT, expected 130"
	(((end - start) / 1000000 < 2000)) ||
		fail "$what: took $(((end - start) / 1000000)) ms to stop after SIGINT"
	[ "$(ragged "$out")" -eq 0 ] || fail "$what: left an incomplete row"
	grep -q ',stopped,' "$out" || fail "$what: no row with status 'stopped'"
	"$bin" summarize "$out" >/dev/null 2>"$tmp/sum.err" ||
		fail "$what: summarize rejects the file: $(cat "$tmp/sum.err")"
}

test_stop_inside_a_point() {
	stop_after_half_second "--duration 1e6" "$tmp/d.csv" --duration 1e6 --warmup 0
	stop_after_half_second "--warmup 1e6" "$tmp/w.csv" --warmup 1e6
	stop_after_half_second "--forks 1e12" "$tmp/f.csv" --forks 1e12 --warmup 0
	stop_after_half_second "--mode model" "$tmp/m.csv" --mode model \
		--machine synthetic-1024 --threads 64 --forks 1e9
	grep -q 'stopped by Interrupt' "$tmp/stop.err" || fail "no 'stopped by' message: $(cat "$tmp/stop.err")"
}

# Signals at start-up, from right after exec onwards: either no file, or
# a file with its whole header, never an empty one (it was 2 in 12).
test_stop_at_startup() {
	local i out pid

	for i in $(seq 1 12); do
		out=$tmp/start$i.csv
		"$bin" run --strategy none --duration 0.01 --warmup 0 --quiet --out "$out" 2>/dev/null &
		pid=$!
		sleep "0.00$i"
		kill -TERM $pid 2>/dev/null
		wait $pid
		[ -e "$out" ] && ! grep -q '^strategy,' "$out" &&
			fail "a signal $i ms after start left a CSV without its header"
	done
}

# With stderr closed, the CSV must not become fd 2 and take the messages.
test_closed_stderr() {
	local out=$tmp/closed.csv pid

	"$bin" run --strategy none --duration 1e6 --warmup 0 --quiet --out "$out" 2>&- &
	pid=$!
	sleep 0.5
	kill -INT $pid
	wait $pid
	grep -q 'stopped by' "$out" && fail "a message went into the CSV with stderr closed"
	[ "$(ragged "$out")" -eq 0 ] || fail "closed stderr: an incomplete row"
}

# A write that fails mid-run (here the file size limit; a full disk is the
# same error path) cuts the file back to its last complete row.
test_write_error() {
	local out=$tmp/limit.csv rc

	(
		trap '' XFSZ
		ulimit -f 12
		exec "$bin" run --strategy none,global --reps 50 --duration 0.01 --warmup 0 --quiet --out "$out"
	) 2>"$tmp/limit.err"
	rc=$?
	[ $rc -eq 1 ] || fail "a failed write exited $rc, expected 1: $(cat "$tmp/limit.err")"
	grep -q 'cut back to its [0-9]* complete lines' "$tmp/limit.err" ||
		fail "the write error does not say where the file ends: $(cat "$tmp/limit.err")"
	[ "$(tail -c 1 "$out" | od -An -c | tr -d ' ')" = '\n' ] || fail "the file does not end at a line end"
	[ "$(ragged "$out")" -eq 0 ] || fail "a failed write left an incomplete row"
	"$bin" summarize "$out" >/dev/null 2>&1 || fail "summarize rejects the file a failed write left"
}

# The progress line on a dumb terminal: carriage returns, no escapes.
test_dumb_terminal() {
	local log=$tmp/tty.log

	TERM=dumb script -qec "$bin run --strategy none --reps 2 --duration 0.01 --warmup 0 --out $tmp/tty.csv" "$log" >/dev/null 2>&1 ||
		{ fail "run under script(1) failed"; return; }
	grep -q 'point 2 of 2' "$log" || fail "no progress line on a terminal"
	grep -q $'\033' "$log" && fail "TERM=dumb got an escape sequence"
}

test_stop_inside_a_point
test_stop_at_startup
test_closed_stderr
test_write_error
test_dumb_terminal
finish
