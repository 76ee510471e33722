#!/usr/bin/env bash
# scripts/headline.sh [--check]: the README's headline table, from the
# committed runs in docs/headline/ (their commands are in each file's
# header) through `rmapbench verdict --format markdown`; never typed by
# hand.  Without --check it rewrites the table between the README's
# headline markers; with --check it exits 1 and shows the difference when
# the README's table is not what the files give (make check runs this).
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${RMAPBENCH:-bin/rmapbench}
runs=(docs/headline/scaling.csv docs/headline/model.csv)
begin='<!-- headline: '
end='<!-- headline end -->'

table=$("$bin" verdict --format markdown "${runs[@]}")
want=$(awk -v b="$begin" -v e="$end" -v t="$table" '
	index($0, b) == 1 { print; print t; skip = 1; next }
	index($0, e) == 1 { skip = 0 }
	!skip' README.md)
grep -qF "$begin" README.md && grep -qF "$end" README.md || {
	echo "headline: README.md has no headline markers" >&2
	exit 2
}
if [ "${1:-}" = --check ]; then
	if ! diff <(cat README.md) <(printf '%s\n' "$want") >&2; then
		echo "headline: README.md's table is not what ${runs[*]} give; run scripts/headline.sh" >&2
		exit 1
	fi
	exit 0
fi
printf '%s\n' "$want" >README.md.tmp && mv README.md.tmp README.md
