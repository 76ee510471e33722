# What the end-to-end test scripts share; each sources this first, from the
# repository root.  Gives $bin, a scratch folder $tmp removed on exit,
# fail MESSAGE (counts and prints a failure, the script goes on), column
# FILE NAME, golden FILE NAME and finish (prints the verdict and exits 1 if
# anything failed).
set -u
name=$(basename "$0")
bin=bin/rmapbench
tmp=$(mktemp -d)
# Only the script's own shell removes it: a child signalled between fork
# and exec (test_stop_at_startup's) is a copy of this shell, trap and all.
trap '[ "$BASHPID" = "$$" ] && rm -rf "$tmp"' EXIT
failures=0

fail() {
	echo "$name: FAIL: $*" >&2
	failures=$((failures + 1))
}

# column FILE NAME: the values of a CSV column, metadata and header skipped.
# A file without that column prints nothing and is a failure of the script
# (counted through a file: column runs in a command substitution or a
# pipe, whose fail would count in a subshell), so that a check of a
# column's values cannot pass because the column is gone.
column() {
	grep -v '^#' "$1" | awk -F, -v c="$2" '
		NR == 1 { for (i = 1; i <= NF; i++) if ($i == c) k = i; if (!k) exit 1; next }
		{ print $k }' && return
	echo "$name: FAIL: $1 has no column '$2'" >&2
	echo "$1 $2" >>"$tmp/missing-columns"
	return 1
}

# golden FILE NAME: FILE must be tests/testdata/NAME byte for byte; if not,
# diff -u shows where (tests/golden.h is the same for the C tests).
# UPDATE_GOLDEN=1 (make golden) copies FILE there instead: read
# `git diff tests/testdata` before committing it.
golden() {
	local want=tests/testdata/$2

	if [ "${UPDATE_GOLDEN:-}" = 1 ]; then
		cp "$1" "$want" && echo "$name: wrote $want"
		return
	fi
	[ -e "$want" ] || { fail "no golden file $want: make golden writes it"; return; }
	diff -u "$want" "$1" >&2 || fail "$2 differs from $want (diff above; make golden rewrites it)"
}

finish() {
	[ -e "$tmp/missing-columns" ] && failures=$((failures + $(wc -l <"$tmp/missing-columns")))
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
