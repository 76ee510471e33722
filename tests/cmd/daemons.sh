#!/usr/bin/env bash
# --daemons is a list and a column (issue 24's item 5): a modelled replay
# swept over two counts has a row per count and kernel with the count in
# its `daemons` column, and a run that does not give it records the
# default, 39.  (The report's table of the sweep: tests/analysis/
# test_truth.c.)  Run from the repository root.
set -u
. tests/lib.sh

run() {
	"$bin" run --mode model --machine piii-quad-2002 --threads 4 --loops 11 \
		--kernel 2.4.19-pre7,2.4.19-pre7-rmap13b --tree daniel --children 3 \
		--lifecycle fork-exec-exit --pages 64 --image-pages 8 --forks 12 \
		--seed 1 --quiet "$@" >/dev/null 2>"$tmp/err" || fail "run $*: $(cat "$tmp/err")"
}

run --daemons 0,5 --out "$tmp/sweep.csv"
[ "$(column "$tmp/sweep.csv" daemons | sort -n | tr '\n' ' ')" = "0 0 5 5 " ] ||
	fail "--daemons 0,5 gave counts $(column "$tmp/sweep.csv" daemons | tr '\n' ' ')"
run --out "$tmp/default.csv"
[ "$(column "$tmp/default.csv" daemons | sort -u)" = 39 ] ||
	fail "the default count is not recorded as 39: $(column "$tmp/default.csv" daemons | tr '\n' ' ')"
grep -q '^# sweep: .*--daemons 0,5' "$tmp/sweep.csv" || fail "the sweep line does not record --daemons 0,5"
finish
