#!/usr/bin/env bash
# ./run.sh [SUITE...] [--quick] [--out DIR]
#
# Installs what is missing (as root; otherwise prints the apt-get line),
# builds, runs the named suites of bench/ (default: every suite marked
# "default: yes"), and leaves in results/<date>-<host>[-n]/ one folder per
# suite (raw.csv, summary.csv, histogram.csv, graphs), plus report.html.
# Never overwrites a results folder; results/latest points at the newest.
set -euo pipefail
cd "$(dirname "$0")"

usage() {
	echo "usage: ./run.sh [SUITE...] [--quick] [--out DIR]; suites: $(ls bench | sed 's/\.suite$//' | tr '\n' ' ')" >&2
	exit 2
}

suites=() quick=() out=
while [ $# -gt 0 ]; do
	case $1 in
	--quick) quick=(--quick) ;;
	--out) [ $# -ge 2 ] || usage; out=$2; shift ;;
	-h|--help) usage ;;
	-*) echo "run.sh: unknown option $1" >&2; usage ;;
	*) [ -f "bench/$1.suite" ] || { echo "run.sh: no suite '$1' in bench/" >&2; usage; }
	   suites+=("$1") ;;
	esac
	shift
done
if [ ${#suites[@]} -eq 0 ]; then
	for f in bench/*.suite; do
		grep -q '^default: yes' "$f" && suites+=("$(basename "$f" .suite)")
	done
fi

scripts/deps.sh run
make -s

if [ -z "$out" ]; then
	base="results/$(date +%Y-%m-%d)-$(hostname -s)"
	out=$base n=1
	while [ -e "$out" ]; do
		n=$((n + 1))
		out="$base-$n"
	done
elif [ -e "$out" ]; then
	echo "run.sh: $out already exists; choose another --out" >&2
	exit 2
fi
mkdir -p "$out"
case $out in results/*) ln -sfn "$(basename "$out")" results/latest ;; esac

echo "run.sh: suites ${suites[*]} into $out" >&2
echo "== calibrate: the host's real fork+exit" >&2
bin/rmapbench calibrate --out "$out/calibration.csv"
for s in "${suites[@]}"; do
	echo "== $s" >&2
	bin/rmapbench suite "bench/$s.suite" --out "$out/$s" "${quick[@]}"
done
plot/plot.sh "$out"
bin/rmapbench report "$out"
echo "run.sh: results in $out (report: $out/report.html)"
