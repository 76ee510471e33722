#!/usr/bin/env bash
# ./run.sh: install what is missing, build, run the default sweep and leave
# the raw CSV in results/<date>-<host>[-n]/.  Never overwrites a results
# folder; results/latest points at the newest.
set -euo pipefail
cd "$(dirname "$0")"

scripts/deps.sh run
make -s

base="results/$(date +%Y-%m-%d)-$(hostname -s)"
out=$base
n=1
while [ -e "$out" ]; do
	n=$((n + 1))
	out="$base-$n"
done
mkdir -p "$out"

ncpus=$(nproc)
threads=1
[ "$ncpus" -gt 1 ] && threads="1,$ncpus"

echo "rmapbench: running every strategy at --threads $threads into $out/raw.csv" >&2
bin/rmapbench run --strategy all --threads "$threads" --pages 4096 \
	--file-frac 0.5 --duration 0.5 --reps 3 --out "$out/raw.csv"

ln -sfn "$(basename "$out")" results/latest
echo "rmapbench: results in $out"
