#!/usr/bin/env bash
# plot/plot.sh DIR: draws the graphs of a results folder.
# plot/plot.sh --compare OLD.csv NEW.csv [OUTPREFIX [compare options]]:
# draws the change between two raw CSVs (plot/compare.sh; OUTPREFIX
# defaults to "compare" in the current folder).
#
# `rmapbench plotdata` decides which graphs each DIR/<suite> wants and has
# data for, and writes the table of each; this script only runs
# plot/<graph>.gp on each table, which draws DIR/<suite>/<graph>.png and
# .svg.  A graph the summary has no data for is skipped with one line
# saying why, and its old files are removed so that a report never shows
# a stale graph.  Exits 0 unless something is really wrong: no gnuplot, no
# such folder, no summary at all, an unknown graph name, a bad CSV or a
# gnuplot failure.
set -u

here=$(cd "$(dirname "$0")" && pwd)
bin=${RMAPBENCH:-$here/../bin/rmapbench}

usage() {
	cat <<EOF
usage: plot/plot.sh DIR
       plot/plot.sh --compare OLD.csv NEW.csv [OUTPREFIX [compare options]]
Draws DIR/<suite>/<graph>.png and .svg for each DIR/<suite>/summary.csv.
DIR/<suite>/graphs lists the graphs a suite wants, one a line (default: all);
'rmapbench plotdata --help' names them.
EOF
}

fail() {
	echo "plot: $*" >&2
	exit 2
}

case "${1:-}" in
-h | --help)
	usage
	exit 0
	;;
--compare)
	[ $# -ge 3 ] || fail "usage: plot/plot.sh --compare OLD.csv NEW.csv [OUTPREFIX [compare options]]"
	[ $# -ge 4 ] || set -- "$@" compare
	shift
	exec "$here/compare.sh" "$@"
	;;
-*) fail "unknown option '$1'; see plot/plot.sh --help" ;;
"") fail "no results folder given; usage: plot/plot.sh DIR" ;;
esac
[ $# -eq 1 ] || fail "one results folder, please; got $# arguments"
dir=${1%/}
[ -d "$dir" ] || fail "$dir: no such folder"
case "$dir" in
*"'"*) fail "$dir: a folder name with a single quote cannot be passed to gnuplot" ;;
esac
[ -x "$bin" ] || fail "$bin not found; run make first"
command -v gnuplot >/dev/null 2>&1 ||
	fail "gnuplot not found; install it with: apt-get install gnuplot-nox"
gnuplot -e "set terminal pngcairo; set terminal svg" >/dev/null 2>&1 ||
	fail "this gnuplot has no pngcairo or svg terminal; install it with: apt-get install gnuplot-nox"

tmp=$(mktemp -d "${TMPDIR:-/tmp}/rmapbench-plot.XXXXXX") || fail "cannot create a temporary folder"
trap 'rm -rf "$tmp"' EXIT

# The plan: "draw SUITE GRAPH" or "skip SUITE GRAPH WHY", tab-separated.
"$bin" plotdata "$dir" --out "$tmp" >"$tmp/plan"
status=$?
[ $status -ne 2 ] || exit 2

# Draws tmp/suite.g.dat into DIR/suite/g.png and .svg.
draw() {
	local suite=$1 g=$2 err

	case "$suite" in
	*"'"*)
		echo "plot: $suite: a suite name with a single quote cannot be passed to gnuplot" >&2
		return 1
		;;
	esac
	if ! err=$(gnuplot -e "in='$tmp/$suite.$g.dat'; out='$tmp/$suite.$g'" "$here/$g.gp" 2>&1); then
		echo "plot: $suite/$g: gnuplot failed:" >&2
		printf '%s\n' "$err" >&2
		return 1
	fi
	[ -z "$err" ] || printf 'plot: %s/%s: %s\n' "$suite" "$g" "$err" >&2
	mv -f "$tmp/$suite.$g.png" "$dir/$suite/$g.png" &&
		mv -f "$tmp/$suite.$g.svg" "$dir/$suite/$g.svg" || return 1
	echo "plot: drew $suite/$g.png and .svg"
}

while IFS=$'\t' read -r what suite g why; do
	if [ "$what" = skip ]; then
		echo "plot: $suite/$g skipped: $why"
		rm -f "$dir/$suite/$g.png" "$dir/$suite/$g.svg"
	else
		draw "$suite" "$g" || status=1
	fi
done <"$tmp/plan"
exit $status
