#!/usr/bin/env bash
# The rmapbench command line end to end, run from the repository root:
# `list`, a small sweep of every strategy into a CSV, and the bad inputs,
# each of which must be refused with exit 2 and one line on stderr before
# anything is written.  Prints every failure; exits 1 if there was one.
. "$(dirname "$0")/../lib.sh"
# The strategy table is the one source of their names and order.
mapfile -t strategies < <("$bin" list strategies | awk '{ print $1 }')
[ ${#strategies[@]} -gt 0 ] || fail "list named no strategy"

# Each line is a name and a description, none (the denominator) first,
# no name twice.
test_list() {
	local out

	out=$("$bin" list strategies) || fail "list exited $?"
	grep -qv '^[a-z0-9.-]\+ \+[^ ]' <<<"$out" && fail "list line without a description: $out"
	[ "${strategies[0]}" = none ] || fail "list does not start with none"
	[ "$(printf '%s\n' "${strategies[@]}" | sort -u | wc -l)" -eq ${#strategies[@]} ] ||
		fail "list names a strategy twice"
}

# want must appear in header (comma separated), in this order.
check_columns() {
	local header=$1 i=0 w
	local -a cols want=(strategy threads loops pages file_frac nrpte locks
		lock_shift lock_stride batch rep forks ptes fork_ns_per_pte
		exit_ns_per_pte ns_per_pte forks_per_s)

	IFS=, read -ra cols <<<"$header"
	[ "${cols[0]}" = strategy ] || fail "the first column is '${cols[0]}', not strategy"
	for w in "${want[@]}"; do
		while [ $i -lt ${#cols[@]} ] && [ "${cols[$i]}" != "$w" ]; do
			i=$((i + 1))
		done
		if [ $i -eq ${#cols[@]} ]; then
			fail "header lacks column $w (or has it out of order): $header"
			return
		fi
	done
}

# Every data row is complete and names a known strategy.
check_rows() {
	local csv=$1 header=$2 ncols row s
	local -A seen=()

	ncols=$(awk -F, '{ print NF }' <<<"$header")
	while IFS= read -r row; do
		[ "$(awk -F, '{ print NF }' <<<"$row")" -eq "$ncols" ] ||
			fail "row has not $ncols fields: $row"
		s=${row%%,*}
		seen[$s]=$((${seen[$s]:-0} + 1))
	done < <(grep -v '^#' "$csv" | tail -n +2)
	for s in "${strategies[@]}"; do
		[ "${seen[$s]:-0}" -eq 4 ] ||
			fail "$s has ${seen[$s]:-0} rows, expected 4 (2 thread counts x 2 reps)"
	done
}

test_run() {
	local csv=$tmp/r.csv rc header rows want

	"$bin" run --strategy all --threads 1,2 --duration 0.05 --warmup 0 \
		--reps 2 --out "$csv" >"$tmp/out" 2>"$tmp/err"
	rc=$?
	if [ $rc -ne 0 ]; then
		fail "run exited $rc: $(cat "$tmp/err")"
		return
	fi
	# stdout gets the verdict, never the rows
	head -1 "$tmp/out" | grep -q '^verdict: ' || fail "run --out printed no verdict: $(head -3 "$tmp/out")"
	grep -q '^strategy,\|^#\|^[a-z-]*,[0-9]' "$tmp/out" && fail "run --out also wrote CSV to stdout: $(head -3 "$tmp/out")"
	header=$(grep -v '^#' "$csv" | head -1)
	rows=$(($(grep -cv '^#' "$csv") - 1))
	want=$((${#strategies[@]} * 4))
	[ "$rows" -eq $want ] || fail "run wrote $rows data rows, expected $want (${#strategies[@]} strategies x 2 thread counts x 2 reps)"
	check_columns "$header"
	check_rows "$csv" "$header"
}

# bad WHAT ARGS...: refused with status 2, one line on stderr, no output.
bad() {
	local what=$1 rc lines
	shift

	rm -f "$tmp/bad.csv"
	# --out first, so the file would exist if anything opened it early.
	"$bin" run --out "$tmp/bad.csv" "$@" >"$tmp/out" 2>"$tmp/err"
	rc=$?
	[ $rc -eq 2 ] || fail "$what ($*): exit status $rc, expected 2"
	[ -s "$tmp/out" ] && fail "$what: wrote to stdout: $(head -3 "$tmp/out")"
	# wc counts newlines: 0 would be a message with no end of line.
	lines=$(wc -l <"$tmp/err")
	[ "$lines" -eq 1 ] && [ "$(wc -c <"$tmp/err")" -gt 1 ] ||
		fail "$what: $lines lines on stderr, expected 1: $(cat "$tmp/err")"
	[ -e "$tmp/bad.csv" ] && fail "$what: created the output file"
}

test_bad_inputs() {
	bad "unknown strategy" --strategy frob
	bad "no threads" --threads 0
	bad "locks not a power of two" --locks 300
	bad "file fraction above 1" --file-frac 1.5
	bad "more memory than there is" --pages 1000000000000
	bad "unknown option" --frobnicate 1
}

# The command is written in full however long its quoting (a fixed
# buffer would overflow), an argument's newline cannot break the CSV, and
# close fractions stay two points.
test_header_text() {
	local q=\'\'\'\'\'\'\'\'\'\'\'\'\'\'\'\'\'\'\'\'\'\'\'\'\'\'\'\'\'\' csv=$tmp/new$'\n'line.csv
	local -a args=() fracs
	local cmd i

	for i in $(seq 40); do
		args+=(--out "$tmp/$q$i")
	done
	"$bin" run --strategy none --pages 64 --file-frac 0.1234567,0.1234568 \
		--duration 0.01 --warmup 0 --quiet "${args[@]}" --out "$csv" 2>"$tmp/err" ||
		{ fail "run with a long command failed: $(cat "$tmp/err")"; return; }
	cmd=$(grep '^# command: ' "$csv")
	[ ${#cmd} -gt 5000 ] || fail "# command: is ${#cmd} bytes, expected the whole command"
	[[ $cmd == *"--out \$'$tmp/new\\nline.csv'" ]] ||
		fail "# command: does not end with the escaped --out: ${cmd: -80}"
	grep -v '^#' "$csv" | grep -qv '^[a-z]' && fail "a line of the CSV is neither metadata, header nor row"
	mapfile -t fracs < <(grep -v '^#' "$csv" | tail -n +2 | cut -d, -f5 | sort -u)
	[ "${fracs[*]}" = "0.1234567 0.1234568" ] ||
		fail "file_frac column holds '${fracs[*]}', expected 0.1234567 0.1234568"
	"$bin" summarize "$csv" >"$tmp/sum" 2>"$tmp/err" || fail "summarize refused it: $(cat "$tmp/err")"
	[ "$(grep -cv '^#' "$tmp/sum")" -eq 3 ] || fail "summarize did not keep two points: $(cat "$tmp/sum")"
}

# An output named without a folder goes in the working one.
test_bare_name() {
	local bin_abs
	bin_abs=$(cd "$(dirname "$bin")" && pwd)/$(basename "$bin")

	(cd "$tmp" && "$bin_abs" run --strategy none --pages 64 --duration 0.01 \
		--warmup 0 --quiet --out bare.csv) 2>"$tmp/err" ||
		fail "run --out bare.csv (no folder) failed: $(cat "$tmp/err")"
	[ -s "$tmp/bare.csv" ] || fail "run --out bare.csv wrote nothing"
	(cd "$tmp" && "$bin_abs" summarize bare.csv --out bare-sum.csv) 2>"$tmp/err" ||
		fail "summarize --out bare-sum.csv (no folder) failed: $(cat "$tmp/err")"
}

# Names: a slip gets the nearest name; --version, list machines and
# suites, suite NAME, ./run.sh --help and every subcommand's --help work.
test_names() {
	local out c

	out=$("$bin" run --strategy hashd 2>&1) && fail "run --strategy hashd was accepted"
	grep -q "did you mean 'hashed'" <<<"$out" || fail "run --strategy hashd does not suggest hashed: $out"
	out=$("$bin" run --stratgy hashed 2>&1)
	grep -q "did you mean '--strategy'" <<<"$out" || fail "--stratgy does not suggest --strategy: $out"
	out=$("$bin" run --placement compactt 2>&1)
	grep -q "did you mean 'compact'" <<<"$out" || fail "--placement compactt does not suggest compact: $out"
	out=$("$bin" lst 2>&1)
	grep -q "did you mean 'list'" <<<"$out" || fail "'lst' does not suggest list: $out"
	out=$("$bin" compare --group-bye x a b 2>&1)
	grep -q "did you mean '--group-by'" <<<"$out" || fail "compare --group-bye does not suggest --group-by: $out"
	out=$("$bin" suite sed --out "$tmp/s" 2>&1)
	grep -q "did you mean 'seed'" <<<"$out" || fail "suite sed does not suggest seed: $out"
	"$bin" --version | grep -q '^rmapbench [0-9]' || fail "--version printed no version"
	"$bin" list machines | grep -q '^piii-quad-2002 ' || fail "list machines does not name piii-quad-2002"
	"$bin" list suites | grep -q '^seed .*2002' || fail "list suites does not ask the seed's question"
	for c in list run summarize verdict compare plotdata report suite calibrate topo; do
		"$bin" "$c" --help >/dev/null 2>&1 || fail "$c --help exited $?"
	done
	./run.sh --help | grep -q '^usage: ./run.sh' || fail "./run.sh --help printed no usage"
	out=$("$bin" run --mode model --machine piii-quad-2002 --duration 1 2>&1)
	[ $? -eq 2 ] && grep -q -- '--forks' <<<"$out" || fail "--duration in model mode was not refused: $out"
}

# summarize and compare for people and programs.
test_formats() {
	local raw=$tmp/fmt.csv f

	"$bin" run --strategy none,hashed --pages 64 --duration 0.01 --warmup 0 \
		--reps 2 --quiet --out "$raw" >"$tmp/verdict" || { fail "run for formats failed"; return; }
	grep -q '^fmt .*none .*hashed [+-]' "$tmp/verdict" || fail "run --out printed no verdict: $(cat "$tmp/verdict")"
	"$bin" summarize "$raw" --format json | python3 -m json.tool >/dev/null ||
		fail "summarize --format json is not JSON"
	"$bin" summarize "$raw" --format markdown | grep -q '^| strategy .*| overhead_pct ' ||
		fail "summarize --format markdown has no table"
	"$bin" summarize "$raw" --format text | grep -q '^hashed  ' ||
		fail "summarize --format text has no hashed row"
	"$bin" compare "$raw" "$raw" --format json | python3 -m json.tool >/dev/null ||
		fail "compare --format json is not JSON"
	"$bin" compare "$raw" "$raw" --format markdown | grep -q '^| label ' ||
		fail "compare --format markdown has no table"
	"$bin" summarize "$raw" --format yaml 2>/dev/null; [ $? -eq 2 ] || fail "--format yaml was not refused"
}

test_list
test_names
test_formats
test_run
test_header_text
test_bare_name
test_bad_inputs
finish
