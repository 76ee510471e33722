#!/usr/bin/env bash
# --mode model from the command line: the same command and seed give
# byte-identical data rows; every row says mode and machine (measured rows
# say measured and host); summarize fits the USL to every strategy's sweep.
# Run from the repository root.
set -u
. tests/lib.sh
B=$bin
T=$tmp

run=(run --mode model --machine piii-quad-2002 --strategy all --threads 1,2,4
	--pages 128 --forks 16 --reps 2 --seed 11 --quiet)
"$B" "${run[@]}" --out "$T/a.csv" || fail "model run failed"
"$B" "${run[@]}" --out "$T/b.csv" || fail "second model run failed"
cmp -s <(grep -v '^#' "$T/a.csv") <(grep -v '^#' "$T/b.csv") ||
	fail "two identical model runs wrote different data rows"
strategies=$(column "$T/a.csv" strategy | sort -u | wc -l)
[ "$strategies" -ge 7 ] || fail "only $strategies strategies ran"
[ "$(grep -vc '^#' "$T/a.csv")" = $((strategies * 6 + 1)) ] ||
	fail "expected 6 rows per strategy and a header"
"$B" "${run[@]:0:15}" --seed 12 --quiet --out "$T/c.csv" || fail "seed 12"
cmp -s <(grep -v '^#' "$T/a.csv") <(grep -v '^#' "$T/c.csv") &&
	fail "another seed gave the same rows"

[ "$(column "$T/a.csv" mode | sort -u)" = model ] || fail "mode column"
[ "$(column "$T/a.csv" machine | sort -u)" = piii-quad-2002 ] || fail "machine column"
[ "$(column "$T/a.csv" cpus | sort -u)" = model ] || fail "cpus column"
column "$T/a.csv" line_transfers_per_pte | grep -qv '^0.0000$' || fail "no transfers"

"$B" run --strategy none --duration 0.02 --warmup 0 --quiet --out "$T/m.csv" || fail "measured run"
[ "$(column "$T/m.csv" mode)" = measured ] || fail "measured rows say mode measured"
[ "$(column "$T/m.csv" machine)" = host ] || fail "measured rows say machine host"
[ -z "$(column "$T/m.csv" line_transfers_per_pte)" ] || fail "measured rows have no model counts"

# Once calibrate --machine has written machines/host, a measured run (every
# suite of ./run.sh) still runs on the host, as machine "host".
"$B" calibrate --machine --out "$T/host" >/dev/null 2>&1 || fail "calibrate --machine"
RMAPBENCH_MACHINES="$T" "$B" run --strategy none --duration 0.02 --warmup 0 --quiet --out "$T/h.csv" &&
	[ "$(column "$T/h.csv" machine)" = host ] || fail "a measured run with machines/host"
# ... and is still refused, creating nothing, when this host cannot pin it.
RMAPBENCH_MACHINES="$T" "$B" run --threads 4096 --quiet --out "$T/big.csv" 2>/dev/null
[ $? = 2 ] && [ ! -e "$T/big.csv" ] || fail "--threads 4096 with machines/host: not refused before the file"

"$B" summarize "$T/a.csv" --out "$T/s.csv" 2>/dev/null || fail "summarize"
[ "$(column "$T/s.csv" usl_sigma | grep -c .)" = $((strategies * 3)) ] ||
	fail "every strategy's sweep should have a USL fit"
finish
