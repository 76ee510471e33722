#!/usr/bin/env bash
# model-rows.sh BIN DIR: the data rows (no '#' lines) of a fixed set of
# modelled runs, one file each in DIR, to cmp before and after a change
# that must not move a modelled figure:
#	scripts/model-rows.sh old/rmapbench /tmp/before
#	scripts/model-rows.sh bin/rmapbench /tmp/after
#	for f in /tmp/before/*; do cmp "$f" /tmp/after/${f##*/}; done
# The runs: the model suite's quick sweep on both large machines, the 2002
# replay's shape on the PIII (a fixed --other-work: calibrated is timed
# afresh), tests/cmd/model.sh's two, --no-stats with faults and other work,
# and fork-exec-exit with three children.  From the repository root.
set -euo pipefail
bin=$1 out=$2
mkdir -p "$out"
run() {
	local name=$1
	shift
	"$bin" run --quiet --out "$out/$name.csv" --force "$@" >/dev/null
	grep -v '^#' "$out/$name.csv" >"$out/$name.rows"
	rm "$out/$name.csv"
}
run suite-quick --mode model --machine epyc-7r13-2s --strategy all --placement cores-then-smt \
	--threads 1,2,4 --pages 256 --file-frac 0.5 --reps 1 --seed 1 \
	--then --machine synthetic-1024 --threads 1,2,4
run replay-2002 --mode model --machine piii-quad-2002 --strategy none \
	--kernel 2.4.19-pre7,2.4.19-pre7-rmap13b,2.4.19-pre7-rmap13b-daniel --threads 4 --loops 10 \
	--pages 256 --file-frac 0.8 --children 1 --lifecycle fork-exec-exit --image-pages 96 \
	--cow-faults 8 --other-work 182081.5+143 --reps 5 --seed 1
run model-sh --mode model --machine piii-quad-2002 --strategy all --threads 1,2,4 --pages 128 \
	--forks 16 --reps 2 --seed 11
run model-sh-replay --mode model --machine piii-quad-2002 --threads 1,4 --loops 10 --pages 64 \
	--file-frac 0.8 --kernel 2.4.19-pre7,2.4.19-pre7-rmap13b,2.4.19-pre7-rmap13b-daniel \
	--lifecycle fork-exec-exit --image-pages 16 --cow-faults 2 --other-work 20000+10 --forks 12 --seed 3
run no-stats --mode model --machine piii-quad-2002 --strategy all --threads 1,3 --pages 64 \
	--cow-faults 4 --children 2 --other-work 1000+3 --forks 12 --seed 5 --no-stats
run exec-children --mode model --machine epyc-7r13-2s --strategy all --threads 2,8 --pages 64 \
	--lifecycle fork-exec-exit --image-pages 8 --children 3 --forks 24 --seed 7
