#!/usr/bin/env bash
# Modelled rows are a function of the command, the seed and the input
# files, not of where the program's objects happen to sit: the same runs
# with every modelled CPU's stack started lower and the heap's small
# objects moved (RMAPBENCH_LAYOUT_SKEW, bytes; glibc's tcache off, which
# changes which freed chunk a malloc() gets back) give the same data rows
# byte for byte, and a point gives the same row alone as inside a sweep
# (the points of a sweep share the process's heap).  At e.g. dc76676 the
# OSQ node and the waiter of an rwsem sat on the CPUs' coroutine stacks:
# a skew of 48 bytes moved the fork-exec-exit rows of the rwsem
# strategies (avc, folio, mainline, folio-batched) at 8 CPUs.  Run from
# the repository root.
set -u
. "$(dirname "$0")/../lib.sh"

# the exec-children set of scripts/model-rows.sh (children exec'd, the
# rwsems contended at 8 CPUs), and the 2002 replay's tree and chains
runs=(
	"--machine epyc-7r13-2s --strategy all --threads 2,8 --pages 64 --lifecycle fork-exec-exit --image-pages 8 --children 3 --forks 24 --seed 7"
	"--machine piii-quad-2002 --threads 4 --loops 10 --pages 64 --file-frac 0.8 --kernel 2.4.19-pre7-rmap13b,2.4.19-pre7-rmap13b-daniel --lifecycle fork-exec-exit --image-pages 16 --cow-faults 2 --other-work 20000+10 --forks 12 --seed 3"
)
model() {
	local out=$1
	shift
	# shellcheck disable=SC2086
	"$bin" run --mode model --quiet --force --out "$out" $* >/dev/null &&
		grep -v '^#' "$out" >"$out.rows"
}

for i in "${!runs[@]}"; do
	model "$tmp/$i.csv" "${runs[$i]}" || fail "run $i: ${runs[$i]}"
	for skew in 48 4016; do
		RMAPBENCH_LAYOUT_SKEW=$skew model "$tmp/$i-$skew.csv" "${runs[$i]}" ||
			fail "run $i at skew $skew"
		cmp -s "$tmp/$i.csv.rows" "$tmp/$i-$skew.csv.rows" ||
			fail "run $i: the rows moved with stacks and heap $skew bytes away: $(diff "$tmp/$i.csv.rows" "$tmp/$i-$skew.csv.rows" | grep -c '^>') rows"
	done
	GLIBC_TUNABLES=glibc.malloc.tcache_count=0 RMAPBENCH_LAYOUT_SKEW=16 \
		model "$tmp/$i-t.csv" "${runs[$i]}" || fail "run $i without the tcache"
	cmp -s "$tmp/$i.csv.rows" "$tmp/$i-t.csv.rows" ||
		fail "run $i: the rows moved with the heap's reuse (no tcache)"
done

# One point alone, and the same point in the sweep of the first run.
model "$tmp/alone.csv" --machine epyc-7r13-2s --strategy folio-batched --threads 8 --pages 64 \
	--lifecycle fork-exec-exit --image-pages 8 --children 3 --forks 24 --seed 7 ||
	fail "the point alone"
[ "$(grep -c . "$tmp/alone.csv.rows")" = 2 ] || fail "the point alone: not a header and a row"
cmp -s <(tail -1 "$tmp/alone.csv.rows") <(grep '^folio-batched,8,' "$tmp/0.csv.rows") ||
	fail "a point alone and in a sweep gave different rows"

RMAPBENCH_LAYOUT_SKEW=40 "$bin" run --mode model --machine epyc-7r13-2s --strategy none \
	--threads 1 --pages 16 --forks 1 --quiet --out "$tmp/bad.csv" >/dev/null 2>"$tmp/bad.err"
[ $? = 2 ] || fail "a skew that is not a multiple of 16 did not exit 2"
[ "$(wc -l <"$tmp/bad.err")" = 1 ] || fail "a bad skew: $(cat "$tmp/bad.err")"
finish
