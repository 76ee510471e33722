#!/usr/bin/env bash
# plot/compare.sh OLD.csv NEW.csv OUTPREFIX [compare options]: draws the
# change of the median of each configuration point between two raw CSV
# files as a bar chart, OUTPREFIX.png and OUTPREFIX.svg.
#
# The numbers come from `rmapbench compare --format plot` (any further
# options, such as --metric, --alpha, --filter or --group-by, go to it;
# with several metrics only the first is drawn), which writes
# the tab-separated table plot/compare.gp draws:
#	bar	the change of the median, 100 * (new / old - 1)
#	colour	a significant increase or decrease (two-sided Mann-Whitney U,
#		p < alpha), grey for ~, hatched for too few samples to judge
#	whisker	new ci_lo / old ci_hi - 1 .. new ci_hi / old ci_lo - 1, from the
#		two medians' 95% intervals (both hold together with >= 90%);
#		it is not the test, so a significant bar may still cross 0
#	dashed	the geometric mean of the ratios of the medians
# Points that only one file has are counted under the graph, not drawn.
# Exit status: 0 drawn; 2 bad arguments or input (compare's one-line
# message is passed on); 1 nothing to draw, no gnuplot, or gnuplot failed.
set -u

usage() {
	cat <<EOF
usage: plot/compare.sh OLD.csv NEW.csv OUTPREFIX [compare options]
Draws OUTPREFIX.png and OUTPREFIX.svg: per configuration point the change
of the median from OLD to NEW with its interval, significant changes in
colour.  Options after OUTPREFIX go to 'rmapbench compare'.
EOF
}

fail() {
	echo "compare.sh: $2" >&2
	exit "$1"
}

here=$(cd "$(dirname "$0")" && pwd)
bin=${RMAPBENCH:-$here/../bin/rmapbench}

case "${1:-}" in
-h | --help)
	usage
	exit 0
	;;
esac
[ $# -ge 3 ] || fail 2 "OLD.csv, NEW.csv and OUTPREFIX, please; see plot/compare.sh --help"
old=$1 new=$2 out=$3
shift 3
[ -n "$out" ] || fail 2 "OUTPREFIX is empty"
case "$out" in
*"'"*) fail 2 "$out: an output name with a single quote cannot be passed to gnuplot" ;;
esac
[ -x "$bin" ] || fail 1 "$bin is missing: run make first"
command -v gnuplot >/dev/null 2>&1 ||
	fail 1 "gnuplot not found; install it with: apt-get install gnuplot-nox"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# The table compare.gp draws comes from compare itself (--format plot);
# its own message says what is wrong with the input: pass it on.
"$bin" compare "$@" --format plot -- "$old" "$new" >"$tmp/compare.dat" ||
	exit $?

if ! grep -q '^# points: [1-9]' "$tmp/compare.dat"; then
	fail 1 "no configuration point is in both $old and $new: nothing to draw"
fi
mkdir -p "$(dirname "$out")" || fail 1 "cannot create the folder of $out"
if ! err=$(gnuplot -e "in='$tmp/compare.dat'; out='$out'" "$here/compare.gp" 2>&1); then
	echo "$err" >&2
	fail 1 "gnuplot failed drawing $out.png and $out.svg"
fi
for ext in png svg; do
	[ -s "$out.$ext" ] || fail 1 "gnuplot wrote no $out.$ext"
done
