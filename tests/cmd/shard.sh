#!/usr/bin/env bash
# suite --shard I/N and merge: a modelled suite run whole, in 2 shards and
# in 3 (one of them with --jobs 2), merged with the shards' folders given
# out of order, has the whole run's data rows, histograms and summary,
# byte for byte.  (Refusals are in tests/bad_input.txt.)  Run from the
# repository root.
set -u
. tests/lib.sh
B=$bin
T=$tmp

# 13 points: 2 reps x 3 strategies x 2 thread counts, then one more, so
# that neither 2 nor 3 divides them.
cat >"$T/small.suite" <<'EOF2'
question: Do shards merge into the whole run?
graphs: overhead throughput
sweep: --mode model --machine piii-quad-2002 --strategy none,hashed,pagebit
sweep: --threads 1,2 --pages 64 --file-frac 0.5 --forks 4 --reps 2 --seed 5
then: --strategy global --threads 4 --reps 1
EOF2

"$B" suite "$T/small.suite" --out "$T/whole" --quiet >/dev/null || fail "the whole suite"
for n in 2 3; do
	dirs=()
	for i in $(seq "$n" -1 1); do
		jobs=1
		[ "$n$i" = 32 ] && jobs=2
		"$B" suite "$T/small.suite" --shard "$i/$n" --jobs $jobs --out "$T/s$n.$i" --quiet >"$T/out$n.$i" ||
			fail "shard $i/$n"
		grep -q "^shard $i/$n: " "$T/out$n.$i" || fail "shard $i/$n says what it ran: $(cat "$T/out$n.$i")"
		[ -e "$T/s$n.$i/summary.csv" ] && fail "shard $i/$n wrote a summary of its part"
		grep -q "^# shard: $i/$n of 13 points$" "$T/s$n.$i/raw.csv" || fail "shard $i/$n: no '# shard:' line"
		dirs+=("$T/s$n.$i")
	done
	# Shard 1 of 3 has rows 0, 3, 6, 9, 12: five of 13.
	[ "$(grep -vc '^#' "$T/s$n.1/raw.csv")" = $(((13 + n - 1) / n + 1)) ] ||
		fail "shard 1/$n holds $(grep -vc '^#' "$T/s$n.1/raw.csv") lines"
	"$B" merge --out "$T/m$n" "${dirs[@]}" >/dev/null || fail "merge of $n shards"
	for f in raw.csv histogram.csv summary.csv; do
		cmp -s <(grep -v '^#' "$T/whole/$f") <(grep -v '^#' "$T/m$n/$f") ||
			fail "$n shards merged: $f differs from the whole run's"
	done
	cmp -s "$T/whole/question" "$T/m$n/question" && cmp -s "$T/whole/graphs" "$T/m$n/graphs" ||
		fail "$n shards merged: question or graphs differ"
	grep -q "^# merged: $n shards of 13 points" "$T/m$n/raw.csv" || fail "the merged file says it was merged"
	grep -q '^# shard:' "$T/m$n/raw.csv" && fail "the merged file is no shard"
	[ -s "$T/m$n/host" ] || fail "the merge notes the host"
done
[ "$(grep -vc '^#' "$T/whole/histogram.csv")" -gt 13 ] || fail "the histograms are empty: nothing compared"
# The merged folder is a suite's folder: a merge of it again is refused,
# plotdata and report take it.
"$B" merge --out "$T/again" "$T/m2" 2>/dev/null
[ $? = 2 ] || fail "a merged folder merged again"
"$B" merge --out "$T/m2" --force "$T/s2.1" "$T/s2.2" >/dev/null || fail "merge --force over a merged folder"
finish
