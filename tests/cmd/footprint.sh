#!/usr/bin/env bash
# --footprint (src/engine/frames.c): the rest of a modelled 2002 process
# copies and clears page frames the caches see.  Its time is the rest's
# (other_ns_per_fork), --other-work baseline-2002 turns it on and its probe
# takes the baseline's share back out of the rest, a measured run leaves it
# off, and a bad value is refused.  Run from the repository root.
set -u
. "$(dirname "$0")/../lib.sh"
B=$bin
T=$tmp

seed=(run --mode model --machine piii-quad-2002 --threads 4 --loops 10 --pages 64 --file-frac 0.8
	--kernel 2.4.19-pre7,2.4.19-pre7-rmap13b,2.4.19-pre7-rmap13b-daniel --lifecycle fork-exec-exit
	--image-pages 16 --cow-faults 2 --other-work 20000+10 --forks 12 --seed 3 --quiet)
"$B" "${seed[@]}" --footprint none --out "$T/none.csv" || fail "--footprint none"
"$B" "${seed[@]}" --footprint pages --out "$T/pages.csv" || fail "--footprint pages"
[ "$(column "$T/none.csv" other_ns_per_fork | sort -u)" = 20640 ] ||
	fail "--footprint none: the rest is not the given 20640 ns"
# 20640 ns of rest, then each process's copies, clears and pgds on top
column "$T/pages.csv" other_ns_per_fork | awk '$1 <= 20640 { bad = 1 } END { exit bad }' ||
	fail "--footprint pages: a process's page frames took no time: $(column "$T/pages.csv" other_ns_per_fork | tr '\n' ' ')"
cmp -s <(column "$T/none.csv" ptes) <(column "$T/pages.csv" ptes) ||
	fail "--footprint changed the ptes copied"

# On the wall clock the frames are off: the run must not touch them.
"$B" run --strategy none,pagebit --threads 2 --pages 32 --lifecycle fork-exec-exit --image-pages 8 \
	--cow-faults 2 --other-work 1000 --footprint pages --forks 8 --quiet --out "$T/m.csv" ||
	fail "a measured run with --footprint pages"

# baseline-2002 turns it on, a --footprint given stays, in either order.
tree=(run --mode model --machine piii-quad-2002 --threads 4 --loops 11 --children 3 --tree daniel
	--daemons 39 --layout 2002 --pages 256 --file-frac 0.8 --lifecycle fork-exec-exit
	--image-pages 96 --cow-faults 8 --kernel 2.4.19-pre7 --forks 100 --seed 1 --quiet)
"$B" "${tree[@]}" --other-work baseline-2002 --out "$T/b.csv" || fail "baseline-2002"
grep -q '^# sweep:.* --footprint pages' "$T/b.csv" || fail "baseline-2002 did not turn --footprint pages on"
"$B" "${tree[@]}" --footprint none --other-work baseline-2002 --forks 4 --out "$T/bn.csv" ||
	fail "--footprint none before --other-work"
grep -q '^# sweep:.* --footprint none' "$T/bn.csv" || fail "--other-work reset --footprint none"

# The probe takes the baseline's frames out of the rest: 2.4.19-pre7's CPU
# time per process is akpm's (5,054 us, to the probe's 1%) with the
# frames or without, within 0.5%, where the frames alone are some 2% of it.
"$B" "${tree[@]}" --footprint none --other-work baseline-2002 --out "$T/b0.csv" ||
	fail "baseline-2002 with --footprint none"
cpu() {
	awk -F, '/^#/ { next } !h { for (i = 1; i <= NF; i++) c[$i] = i; h = 1; next }
		{ print $c["ns_per_pte"] * $c["ptes"] / $c["forks"] + $c["other_ns_per_fork"] }' "$1"
}
awk -v a="$(cpu "$T/b.csv")" -v b="$(cpu "$T/b0.csv")" 'BEGIN { exit !(a > 0 && b > 0 && a < 1.005 * b && b < 1.005 * a) }' ||
	fail "2.4.19-pre7's CPU time per process: $(cpu "$T/b.csv") ns with the frames, $(cpu "$T/b0.csv") without"

"$B" run --footprint bogus --quiet --out "$T/x.csv" >/dev/null 2>&1
[ $? = 2 ] || fail "--footprint bogus was not refused with exit 2"

finish
