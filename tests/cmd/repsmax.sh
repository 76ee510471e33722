#!/usr/bin/env bash
# --reps-max, the measured 2002 replay's sequential stop, end to end: a
# tiny measured replay of --reps 2 cannot reach check 4 (a 95% interval
# needs 6 repetitions), so it runs to --reps-max 4, every repetition's
# three kernels, says so on stderr and in the verdict on stdout, and
# records --reps-max in the CSV's sweep line so a replay stops alike.
# (Refusals are in tests/cmd/bad_input.txt; the stop rule on synthetic
# repetitions in tests/lib/test_replay2002.c.)  Run from the repository
# root.
set -u
. tests/lib.sh

K=2.4.19-pre7,2.4.19-pre7-rmap13b,2.4.19-pre7-rmap13b-daniel
"$bin" run --kernel "$K" --threads 2 --pages 32 --forks 20 --warmup 0 \
	--reps 2 --reps-max 4 --seed 3 --out "$tmp/raw.csv" >"$tmp/out" 2>"$tmp/err" ||
	fail "the run: $(cat "$tmp/err")"
rows=$(grep -vc '^#' "$tmp/raw.csv")
[ "$rows" = 13 ] || fail "--reps-max 4 ran $((rows - 1)) points, not 4 repetitions of 3"
[ "$(column "$tmp/raw.csv" rep | sort -u | tr '\n' ' ')" = "0 1 2 3 " ] ||
	fail "repetitions other than 0-3: $(column "$tmp/raw.csv" rep | sort -u | tr '\n' ' ')"
grep -q 'after 4 repetitions, --reps-max reached and check 4 does NOT hold' "$tmp/err" ||
	fail "the stop does not say the cap was reached: $(cat "$tmp/err")"
grep -q 'check 4 does NOT hold.*after --reps-max 4 repetitions' "$tmp/out" ||
	fail "the verdict does not say check 4 failed at the cap: $(cat "$tmp/out")"
if grep -q 'check 4 holds' "$tmp/out" "$tmp/err"; then
	fail "check 4 claimed to hold at 4 repetitions"
fi
grep -q '^# sweep: .*--reps 2 --reps-max 4' "$tmp/raw.csv" ||
	fail "the sweep line does not record --reps-max"
finish
