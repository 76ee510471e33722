#!/usr/bin/env bash
# ./run.sh [SUITE...] [--quick] [--out DIR]
# ./run.sh --resume DIR
# ./run.sh --help
#
# Installs what is missing (as root; otherwise prints the apt-get line),
# builds, calibrates the host, runs the named suites of bench/ (default:
# every suite marked "default: yes") and leaves in results/<date>-<host>[-n]/
# one folder per suite (raw.csv, summary.csv, histogram.csv, graphs), the
# calibration and report.html.  Never overwrites a results folder;
# results/latest points at the newest.  An interrupted run keeps the suites
# it finished; --resume DIR runs the rest.  Progress goes to stderr; stdout
# gets the verdict (rmapbench verdict) and where the results are.
set -euo pipefail
cd "$(dirname "$0")"

suite_names() { ls bench | sed 's/\.suite$//' | tr '\n' ' '; }

usage() {
	echo "usage: ./run.sh [SUITE...] [--quick] [--out DIR] | --resume DIR | --help; suites: $(suite_names)" >&2
	exit 2
}

help() {
	cat <<EOF
usage: ./run.sh [SUITE...] [--quick] [--out DIR]
       ./run.sh --resume DIR
Installs what is missing, builds, calibrates this host's real fork+exit,
runs the suites (default: those marked 'default: yes' in bench/) and
leaves in results/<date>-<host>/ (or DIR) one folder per suite (raw.csv,
summary.csv, graphs), calibration.csv and report.html; ends with the
verdict: per suite the strategies ranked by ns per pte, each one's
overhead over its baseline with a 95% interval, and p-values.
  --quick       every suite's short windows and few repetitions: a smoke
                test in seconds, not an answer
  --out DIR     the results folder (must not exist)
  --resume DIR  finish an interrupted run's remaining suites
suites: $(suite_names)
'bin/rmapbench list suites' says what each asks.
EOF
	exit 0
}

suites=() quick= out= resume=
while [ $# -gt 0 ]; do
	case $1 in
	--quick) quick=--quick ;;
	--out) [ $# -ge 2 ] || usage; out=$2; shift ;;
	--resume) [ $# -ge 2 ] || usage; resume=$2; shift ;;
	-h|--help) help ;;
	-*) echo "run.sh: unknown option $1" >&2; usage ;;
	*) [ -f "bench/$1.suite" ] || {
		near=$(for n in $(suite_names); do [ "${#1}" -gt 2 ] && case $n in "$1"*|*"$1"*|"${1%?}"*) echo "$n";; esac; done | head -n 1)
		echo "run.sh: no suite '$1' in bench/${near:+; did you mean '$near'?}" >&2
		usage
	   }
	   suites+=("$1") ;;
	esac
	shift
done

if [ -n "$resume" ]; then
	[ -f "$resume/suites" ] || { echo "run.sh: $resume is not a run.sh results folder (no $resume/suites)" >&2; exit 2; }
	[ ${#suites[@]} -eq 0 ] && [ -z "$out$quick" ] || { echo "run.sh: --resume takes no suites or other options" >&2; exit 2; }
	out=$resume
	read -r -a suites <"$out/suites"
	quick=$(cat "$out/options")
elif [ ${#suites[@]} -eq 0 ]; then
	for f in bench/*.suite; do
		grep -q '^default: yes' "$f" && suites+=("$(basename "$f" .suite)")
	done
fi

scripts/deps.sh run >&2
make -s >&2

if [ -z "$out" ]; then
	base="results/$(date +%Y-%m-%d)-$(hostname -s)"
	out=$base n=1
	while [ -e "$out" ]; do
		n=$((n + 1))
		out="$base-$n"
	done
elif [ -z "$resume" ] && [ -e "$out" ]; then
	echo "run.sh: $out already exists; choose another --out" >&2
	exit 2
fi
mkdir -p "$out"
echo "${suites[*]}" >"$out/suites"
echo "$quick" >"$out/options"
case $out in results/*) ln -sfn "$(basename "$out")" results/latest ;; esac

interrupted() {
	echo "run.sh: interrupted; finished suites stay in $out; finish the rest with: ./run.sh --resume $out" >&2
	exit 130
}
trap interrupted INT TERM HUP

echo "run.sh: suites ${suites[*]} into $out" >&2
if [ ! -s "$out/calibration.csv" ]; then
	echo "== calibrate: the host's real fork+exit" >&2
	bin/rmapbench calibrate --force --out "$out/calibration.csv" >&2
fi
if [ ! -s "$out/truth.csv" ]; then
	echo "== truth: the host's real fork+exit per file vma" >&2
	tv=16,256,1024,2048
	[ -n "$quick" ] && tv=16,256
	bin/rmapbench truth --force --vmas "$tv" --out "$out/truth.csv" ||
		echo "run.sh: truth failed; the report goes without it" >&2
fi
for s in "${suites[@]}"; do
	[ -s "$out/$s/summary.csv" ] && { echo "== $s: done before" >&2; continue; }
	# A suite cut short is kept aside, not mixed with the new run.
	[ -e "$out/$s" ] && mv "$out/$s" "$out/$s.interrupted-$(date +%s)"
	echo "== $s" >&2
	# The suite's own verdict is kept; the run's whole one closes it.
	bin/rmapbench suite "bench/$s.suite" --out "$out/$s" --calibration "$out/calibration.csv" $quick >"$out/$s.verdict" || {
		rc=$?
		[ $rc -ge 128 ] && interrupted
		echo "run.sh: suite $s failed (exit $rc); the others go on" >&2
	}
done
plot/plot.sh "$out" >&2
bin/rmapbench report "$out"
bin/rmapbench verdict "$out" | tee "$out/verdict.txt"
echo "run.sh: results in $out (report: $out/report.html; every cell: bin/rmapbench verdict --full $out)"
