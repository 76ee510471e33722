#!/usr/bin/env bash
# Signals and output end to end, from the repository root: a signal stops
# a run at any moment (a long window, a long warm-up, a --forks quota, one
# long fork round measured or modelled) with a 'stopped' row, and leaves a
# file summarize reads; a signal at start-up
# never leaves an empty CSV; a closed stderr never ends up in the CSV; a
# failed write leaves only complete rows; TERM=dumb gets no escapes.
. "$(dirname "$0")/../lib.sh"

ragged() {
	grep -v '^#' "$1" | awk -F, 'NR == 1 { n = NF } NF != n { bad++ } END { print bad + 0 }'
}

# wait_bounded PID: its exit status, or 255 once it has run STOP_LIMIT
# seconds more (it is killed then).  The bound is far above the fraction of
# a second a stop takes, even on a loaded machine, and below the minutes a
# modelled round of stop_inside_round takes, so that only a run that waits
# for the end of its work misses it.  (A measured run that waits fails on
# its exit status and its missing row, whatever the time.)
STOP_LIMIT=60
wait_bounded() {
	local pid=$1 i=0

	while kill -0 "$pid" 2>/dev/null && [ $i -lt $((STOP_LIMIT * 10)) ]; do
		sleep 0.1
		i=$((i + 1))
	done
	if kill -0 "$pid" 2>/dev/null; then
		kill -KILL "$pid"
		wait "$pid"
		return 255
	fi
	wait "$pid"
}

# After the signal: exit 130, only complete rows, a 'stopped' row, and a
# file summarize reads.
check_stopped() {
	local what=$1 out=$2 rc=$3

	[ $rc -eq 130 ] || fail "$what: exited $rc after SIGINT, expected 130 (255: still running ${STOP_LIMIT} s later)"
	[ "$(ragged "$out")" -eq 0 ] || fail "$what: left an incomplete row"
	grep -q ',stopped,' "$out" || fail "$what: no row with status 'stopped'"
	"$bin" summarize "$out" >/dev/null 2>"$tmp/sum.err" ||
		fail "$what: summarize rejects the file: $(cat "$tmp/sum.err")"
}

# Sends SIGINT after 0.5 s.
stop_after_half_second() {
	local what=$1 out=$2 pid
	shift 2

	"$bin" run --strategy none,hashed --reps 2 --quiet --out "$out" "$@" 2>"$tmp/stop.err" &
	pid=$!
	sleep 0.5
	kill -INT $pid
	wait_bounded $pid
	check_stopped "$what" "$out" $?
}

# One fork round that takes the strategy code tens of seconds on a quiet
# machine, measured, and minutes modelled: 512 children of a process of
# 8192 pages, so that every page is on a chain of 513 that each exit walks.
# The signal comes once the header is written (the point has begun) and
# must not wait for the round's end.
stop_inside_round() {
	local what=$1 out=$2 pid i=0
	shift 2

	"$bin" run --strategy pagebit --threads 1 --pages 8192 --children 512 --forks 512 \
		--warmup 0 --quiet --out "$out" "$@" 2>"$tmp/round.err" &
	pid=$!
	while ! grep -qs '^strategy,' "$out" && [ $i -lt $((STOP_LIMIT * 10)) ]; do
		sleep 0.1
		i=$((i + 1))
	done
	sleep 0.5
	kill -INT $pid
	wait_bounded $pid
	check_stopped "$what" "$out" $?
}

test_stop_inside_a_round() {
	stop_inside_round "a long measured round" "$tmp/r1.csv"
	stop_inside_round "a long modelled round" "$tmp/r2.csv" --mode model --machine piii-quad-2002
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
# a file with its whole header, never an empty one.
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
test_stop_inside_a_round
test_stop_at_startup
test_closed_stderr
test_write_error
test_dumb_terminal
finish
