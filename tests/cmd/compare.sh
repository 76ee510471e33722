#!/usr/bin/env bash
# `rmapbench compare` end to end, run from the repository root:
#  1. a file against itself: every point ~, geometric mean +0.00%
#     (a real run; and a fixed file, whose table is a golden file);
#  2. two fixed files, n = 5 each, where hashed is 20% slower and the
#     rest identical: the text table and the CSV are golden files (the
#     hashed rows +20.00% with p < 0.05, every other row ~);
#  3. a non-numeric ns_per_pte on line 7 is refused with one line naming
#     line 7 and exit 2; so are the other bad inputs;
#  4. plot/compare.sh draws a PNG and an SVG (when gnuplot is installed).
# Prints every failure; exits 1 if there was one.
. "$(dirname "$0")/../lib.sh"

# The data rows of a text table: from the header row to the geomean row.
table_rows() {
	awk '/^strategy /{on = 1; next} /^geomean/{on = 0} on && NF' "$1"
}

# Fixed raw files (tests/data/README.md): strategies none, global, hashed
# at threads 1 and 2, five reps each; in new.csv hashed is 20% slower.
old=tests/data/compare-old.csv
new=tests/data/compare-new.csv

# 1. X against X.
check_same() {
	local x=$1 out=$tmp/same.txt n

	"$bin" compare "$x" "$x" >"$out" 2>"$tmp/same.err" ||
		{ fail "compare $x $x exited $?: $(cat "$tmp/same.err")"; return; }
	n=$(table_rows "$out" | wc -l)
	[ "$n" -gt 0 ] || fail "compare $x $x: no table rows"
	table_rows "$out" | grep -v ' ~ ' | grep . &&
		fail "compare $x $x: rows above are not ~"
	grep -q '^geomean .* +0\.00% ' "$out" ||
		fail "compare $x $x: geomean is not +0.00%: $(grep geomean "$out")"
}

test_same() {
	"$bin" run --strategy none,hashed --threads 1 --reps 5 --duration 0.02 \
		--warmup 0.01 --quiet --out "$tmp/run.csv" >/dev/null 2>"$tmp/run.err" ||
		{ fail "run exited $?: $(head -1 "$tmp/run.err")"; return; }
	check_same "$tmp/run.csv"
	check_same "$old"
	"$bin" compare "$old" "$old" >"$tmp/same.txt" || fail "compare $old $old exited $?"
	golden "$tmp/same.txt" compare-cli-same.txt
}

# 2. hashed 20% slower: the table and the CSV, whole.
test_slower() {
	"$bin" compare "$old" "$new" >"$tmp/slower.txt" ||
		fail "compare old new exited $?"
	golden "$tmp/slower.txt" compare-cli-slower.txt
	"$bin" compare --format csv "$old" "$new" >"$tmp/slower.csv" ||
		fail "compare --format csv exited $?"
	golden "$tmp/slower.csv" compare-cli-slower.csv
}

# Exit 2, nothing on stdout, exactly one line on stderr matching want.
expect_error() {
	local want=$1 out err rc
	shift
	out=$("$bin" compare "$@" 2>"$tmp/err")
	rc=$?
	err=$(cat "$tmp/err")
	[ $rc -eq 2 ] || fail "compare $*: exit $rc, expected 2"
	[ -z "$out" ] || fail "compare $*: wrote to stdout: $out"
	[ "$(grep -c . "$tmp/err")" -eq 1 ] || fail "compare $*: not one line on stderr: $err"
	grep -q -- "$want" <<<"$err" || fail "compare $*: message '$err' lacks '$want'"
}

# 3. bad inputs.
test_errors() {
	cp "$old" "$tmp/old.csv"
	# Line 7: header on line 4, data from line 5.
	sed '7s/^\([^,]*,[^,]*,[^,]*,[^,]*,ok\),[^,]*,/\1,12.x,/' "$tmp/old.csv" >"$tmp/bad.csv"
	sed -n 7p "$tmp/bad.csv" | grep -q ',12.x,' || fail "test setup: line 7 not changed"
	expect_error "bad.csv:7: column ns_per_pte: '12.x' is not a number" "$tmp/old.csv" "$tmp/bad.csv"
	expect_error "bad.csv:7: " "$tmp/bad.csv" "$tmp/old.csv"
	sed 's/^# schema: 1/# schema: 9/' "$tmp/old.csv" >"$tmp/schema.csv"
	expect_error "schema.csv:2: schema '9' is not supported" "$tmp/old.csv" "$tmp/schema.csv"
	sed 's/,rep,/,repetition,/' "$tmp/old.csv" >"$tmp/norep.csv"
	expect_error "norep.csv:4: no column 'rep'" "$tmp/old.csv" "$tmp/norep.csv"
	expect_error "nope.csv: cannot open" "$tmp/old.csv" "$tmp/nope.csv"
	expect_error "unknown option --bogus" "$tmp/old.csv" "$tmp/old.csv" --bogus
	expect_error "no column 'cycles' (--metric)" "$tmp/old.csv" "$tmp/old.csv" --metric cycles
	expect_error "--filter 'threads>1'" "$tmp/old.csv" "$tmp/old.csv" --filter 'threads>1'
	expect_error "--alpha" "$tmp/old.csv" "$tmp/old.csv" --alpha 5
	expect_error "compare needs two raw CSV files" "$tmp/old.csv"
}

# 4. the graph.
test_plot() {
	if ! command -v gnuplot >/dev/null 2>&1; then
		echo "compare.sh: gnuplot not installed: plot/compare.sh not tested"
		return
	fi
	plot/compare.sh "$old" "$new" "$tmp/g/cmp" ||
		{ fail "plot/compare.sh exited $?"; return; }
	[ -s "$tmp/g/cmp.png" ] || fail "plot/compare.sh wrote no PNG"
	[ -s "$tmp/g/cmp.svg" ] || fail "plot/compare.sh wrote no SVG"
	grep -q '<svg' "$tmp/g/cmp.svg" || fail "cmp.svg is not SVG"
	plot/compare.sh "$tmp/old.csv" "$tmp/bad.csv" "$tmp/g/bad" 2>/dev/null
	[ $? -eq 2 ] || fail "plot/compare.sh on a bad CSV did not exit 2"
}

test_same
test_slower
test_errors
test_plot
finish
