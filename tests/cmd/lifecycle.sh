#!/usr/bin/env bash
# --lifecycle end to end, from the repository root: the patched 2.4.19
# kernel's fork-exec-exit at one and two threads exits 0 with the exec and
# fault phase columns filled on every row; fork-exit leaves exec empty;
# --other-work calibrated turns the host's calibration into figures that
# the CSV records, and a replay repeats them.
. "$(dirname "$0")/../lib.sh"

# The value of column col in every data row of a raw CSV, one a line.
column_of() {
	local csv=$1 col=$2

	grep -v '^#' "$csv" | awk -F, -v c="$col" '
		NR == 1 { for (i = 1; i <= NF; i++) if ($i == c) k = i; next }
		{ print (k ? $k : "NO-COLUMN") }'
}

# Every row of csv has a number in col.
all_filled() {
	local csv=$1 col=$2 v n=0

	while read -r v; do
		n=$((n + 1))
		[[ $v =~ ^[0-9]+(\.[0-9]+)?$ ]] || { fail "$csv: $col is '$v' in row $n"; return; }
	done < <(column_of "$csv" "$col")
	[ $n -gt 0 ] || fail "$csv: no rows"
}

# The patched 2.4.19 kernel: --kernel once it is there, else its strategy.
patched() {
	if "$bin" run --help | grep -q -- '--kernel'; then
		echo --kernel 2.4.19-pre7-rmap13b-daniel
	else
		echo --strategy batched --nrpte 1 --no-direct --alloc global
	fi
}

test_fork_exec_exit() {
	local csv=$tmp/fee.csv

	# shellcheck disable=SC2046
	"$bin" run $(patched) --lifecycle fork-exec-exit --threads 1,2 \
		--duration 0.3 --oversubscribe --quiet --out "$csv" ||
		{ fail "fork-exec-exit run exited $?"; return; }
	[ "$(column_of "$csv" status | sort -u)" = ok ] || fail "a point is not ok"
	[ "$(column_of "$csv" lifecycle | sort -u)" = fork-exec-exit ] ||
		fail "lifecycle column is not fork-exec-exit"
	for c in fork_ns_per_pte exec_ns_per_pte fault_ns_per_pte exit_ns_per_pte faults; do
		all_filled "$csv" "$c"
	done
	[ "$(column_of "$csv" threads | sort -u | tr '\n' ' ')" = "1 2 " ] ||
		fail "threads 1 and 2 were not both run"
}

test_fork_exit() {
	local csv=$tmp/fe.csv

	"$bin" run --strategy hashed --duration 0.05 --quiet --out "$csv" ||
		{ fail "fork-exit run exited $?"; return; }
	[ -z "$(column_of "$csv" exec_ns_per_pte)" ] || fail "fork-exit has an exec time"
	[ -z "$(column_of "$csv" fault_ns_per_pte)" ] || fail "fork-exit without COW faults has a fault time"
	[ "$(column_of "$csv" other_work)" = 0 ] || fail "other_work is not 0"
}

test_calibrated() {
	local cal=$tmp/cal.csv csv=$tmp/cal-run.csv again=$tmp/again.csv w

	cat >"$cal" <<-'CAL'
	# schema: 1
	# fit_anon_fixed_ns: 20000
	# fit_anon_per_page_ns: 100000
	pages,kind,tries,median_ns,ci_lo_ns,ci_hi_ns
	CAL
	"$bin" run --strategy none --other-work calibrated --calibration "$cal" \
		--pages 64 --duration 0.05 --quiet --out "$csv" ||
		{ fail "calibrated run exited $?"; return; }
	w=$(column_of "$csv" other_work)
	# 20000 ns per process, and the per-page figure less none's own cost
	[[ $w =~ ^20000\+99[0-9]{3}(\.[0-9]+)?$ ]] || fail "other_work is '$w'"
	all_filled "$csv" other_ns_per_fork
	grep -q -- "--other-work 20000+" "$csv" || fail "the sweep line lacks the resolved --other-work"
	"$bin" run --replay "$csv" --quiet --out "$again" || fail "replay exited $?"
	[ "$(column_of "$again" other_work)" = "$w" ] || fail "replay changed other_work"
}

# The none probe frozen into the calibration: read, not timed, so the
# figure is exact and two runs agree.
test_frozen() {
	local cal=$tmp/frozen.csv a=$tmp/fa.csv b=$tmp/fb.csv

	cat >"$cal" <<-'CAL'
	# schema: 1
	# fit_anon_fixed_ns: 20000
	# fit_anon_per_page_ns: 100
	# none_ns_per_pte_256_0.5: 40
	# none_ns_per_pte_4096_0.5: 60
	pages,kind,tries,median_ns,ci_lo_ns,ci_hi_ns
	CAL
	for f in "$a" "$b"; do
		"$bin" run --mode model --machine piii-quad-2002 --strategy pagebit --threads 2 \
			--pages 256 --file-frac 0.5 --other-work calibrated --calibration "$cal" \
			--reps 1 --seed 1 --quiet --out "$f" 2>"$tmp/frozen.err" ||
			{ fail "frozen calibrated run exited $?"; return; }
	done
	[ "$(column_of "$a" other_work)" = "20000+60" ] || fail "frozen other_work is '$(column_of "$a" other_work)'"
	! grep -q "probed now\|will not repeat" "$tmp/frozen.err" || fail "a frozen calibration was probed"
	cmp -s <(grep -v '^#' "$a") <(grep -v '^#' "$b") || fail "two runs on a frozen calibration differ"
}

# The wall clock's loop speed frozen into the calibration: every point
# does the work the frozen speed gives, however fast the loop runs now
# (here a speed that makes 2 ms of work two stores), and without it the
# run's own timing gives about the work asked for.
test_frozen_speed() {
	local cal=$tmp/speed.csv csv=$tmp/speed-run.csv ns

	for speed in 0.000001 ""; do
		{
			echo "# schema: 1"
			echo "# fit_anon_fixed_ns: 2000000"
			echo "# fit_anon_per_page_ns: 0"
			echo "# none_ns_per_pte_256_0.5: 40"
			[ -z "$speed" ] || echo "# other_work_iters_per_ns: $speed"
			echo "pages,kind,tries,median_ns,ci_lo_ns,ci_hi_ns"
		} >"$cal"
		"$bin" run --strategy none --other-work calibrated --calibration "$cal" \
			--pages 64 --forks 20 --warmup 0 --reps 1 --quiet --force --out "$csv" ||
			{ fail "speed run exited $?"; return; }
		ns=$(column_of "$csv" other_ns_per_fork)
		if [ -n "$speed" ]; then
			awk -v n="$ns" 'BEGIN { exit !(n < 100000) }' ||
				fail "the frozen speed was not used: $ns ns of other work per process"
		else
			awk -v n="$ns" 'BEGIN { exit !(n > 1000000) }' ||
				fail "timed once, the other work was $ns ns per process, not about 2 ms"
		fi
	done
}

test_fork_exec_exit
test_fork_exit
test_calibrated
test_frozen
test_frozen_speed
finish
