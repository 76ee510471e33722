#!/usr/bin/env bash
# --access-time (src/engine/accesstime.c): the modelled 2002 replay's hit
# cost, calibrated on 2.4.19-pre7 alone, by default with --other-work
# baseline-2002.  It is said on stderr and recorded in the '# sweep:' line;
# with it 2.4.19-pre7's modelled fork, exec and exit per process is
# copy_page_range()'s and zap_page_range()'s share of akpm's system time,
# without it is not; a replay and --jobs 2 give the same rows.  Run from
# the repository root.
set -u
. "$(dirname "$0")/../lib.sh"
B=$bin
T=$tmp

tree=(run --mode model --machine piii-quad-2002 --threads 4 --loops 11 --children 3 --tree daniel
	--layout 2002 --pages 256 --file-frac 0.8 --lifecycle fork-exec-exit --image-pages 96
	--cow-faults 8 --other-work baseline-2002 --forks 200 --seed 1 --force)
"$B" "${tree[@]}" --kernel 2.4.19-pre7 --out "$T/on.csv" 2>"$T/on.err" ||
	fail "--other-work baseline-2002: $(cat "$T/on.err")"
grep -q '^rmapbench: --access-time baseline-2002: a hit costs [0-9.]* ns' "$T/on.err" ||
	fail "the calibrated hit is not on stderr: $(cat "$T/on.err")"
hit=$(sed -n 's/^# sweep:.* --access-time \([0-9.]*\) .*/\1/p' "$T/on.csv")
# above the profile's hit of 1 cycle at 0.698 GHz, 1.433 ns
awk -v h="$hit" 'BEGIN { exit !(h > 1.433) }' ||
	fail "no calibrated hit above the profile's in the '# sweep:' line: '$hit'"
"$B" "${tree[@]}" --kernel 2.4.19-pre7 --access-time profile --out "$T/off.csv" 2>"$T/off.err" ||
	fail "--access-time profile: $(cat "$T/off.err")"
grep -q 'access-time' "$T/off.err" && fail "--access-time profile calibrated a hit"
grep -q '^# sweep:.*access-time' "$T/off.csv" && fail "--access-time profile recorded a hit"

# 2.4.19-pre7's fork, exec and exit per process, in us, as the ablation
# reads it (scripts/ablation-2002.sh, cz_us).
cz() {
	awk -F, '/^#/ { next } !h { for (i = 1; i <= NF; i++) c[$i] = i; h = 1; next }
		{ print ($c["fork_ns_per_pte"] + $c["exec_ns_per_pte"] + $c["exit_ns_per_pte"]) * $c["ptes"] / $c["forks"] / 1000 }' "$1"
}
# akpm's profile: copy_page_range 5.72269% + zap_page_range 5.3952% of the
# mean system time of his three 2.4.19-pre7 runs, 65.73 s, over 20,000
# processes (src/analysis/truth.c): 365.4 us.
near() { awk -v v="$1" 'BEGIN { exit !(v > 0.95 * 365.4 && v < 1.05 * 365.4) }'; }
near "$(cz "$T/on.csv")" || fail "calibrated: 2.4.19-pre7's fork, exec and exit take $(cz "$T/on.csv") us, not 365.4 +-5%"
near "$(cz "$T/off.csv")" && fail "the profile's hit: 2.4.19-pre7's fork, exec and exit take $(cz "$T/off.csv") us, at 365.4 already"

# The three kernels at the calibrated hit: --jobs 2 as --jobs 1, and a
# replay takes the recorded hit as it is.
"$B" "${tree[@]}" --kernel 2.4.19-pre7,2.4.19-pre7-rmap13b --forks 50 --quiet --out "$T/j1.csv" >/dev/null ||
	fail "--jobs 1"
"$B" "${tree[@]}" --kernel 2.4.19-pre7,2.4.19-pre7-rmap13b --forks 50 --quiet --jobs 2 --out "$T/j2.csv" >/dev/null ||
	fail "--jobs 2"
cmp -s <(grep -v '^#' "$T/j1.csv") <(grep -v '^#' "$T/j2.csv") || fail "--jobs 2 moved a row"
"$B" run --replay "$T/j1.csv" --quiet --out "$T/r.csv" >/dev/null 2>"$T/r.err" || fail "--replay: $(cat "$T/r.err")"
cmp -s <(grep -v '^#' "$T/j1.csv") <(grep -v '^#' "$T/r.csv") || fail "the replay moved a row"

[ -n "${VERBOSE:-}" ] && echo "hit $hit ns; on $(cz "$T/on.csv") us, off $(cz "$T/off.csv") us"
finish
