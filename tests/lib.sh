# What the end-to-end test scripts share; each sources this first, from the
# repository root.  Gives $bin, a scratch folder $tmp removed on exit,
# fail MESSAGE (counts and prints a failure, the script goes on) and finish
# (prints the verdict and exits 1 if anything failed).
set -u
name=$(basename "$0")
bin=bin/rmapbench
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
failures=0

fail() {
	echo "$name: FAIL: $*" >&2
	failures=$((failures + 1))
}

# column FILE NAME: the values of a CSV column, metadata and header skipped.
column() {
	grep -v '^#' "$1" | awk -F, -v c="$2" 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == c) k = i; next } { print $k }'
}

finish() {
	if [ $failures -ne 0 ]; then
		echo "$name: $failures failure(s)" >&2
		exit 1
	fi
	echo "$name: all passed"
	exit 0
}

if [ ! -x "$bin" ]; then
	echo "$name: $bin is missing: run make first" >&2
	exit 1
fi
