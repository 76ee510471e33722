#!/usr/bin/env bash
# Runs tests/cmd/bad_input.txt: every hostile input must be refused with its
# exit status and one line naming the problem, print nothing on stdout,
# and leave no output file behind.  Run from the repository root.
set -u
B=${B:-bin/rmapbench} # B=bin/rmapbench-asan (make asan) runs them under sanitizers
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
failures=0 cases=0

# A raw CSV with a fault on data line 1, which is file line 24: 22
# metadata lines, the header on 23.
raw_with() {
	local sed_expr=$1

	sed "24$sed_expr" "$T/raw.csv"
}

make_files() {
	"$B" run --strategy none,hashed --duration 0.02 --warmup 0 --quiet --out "$T/raw.csv" || exit 1
	[ "$(grep -n '^strategy,' "$T/raw.csv" | cut -d: -f1)" = 23 ] ||
		{ echo "bad_input.sh: the raw CSV's header moved; fix raw_with" >&2; exit 1; }
	: >"$T/empty.csv"
	printf 'strategy,ns_per_pte\n\0\1\2\377\n' >"$T/binary.csv"
	sed 's/^# schema: 1$/# schema: 2/' "$T/raw.csv" >"$T/schema2.csv"
	# the fields before ns_per_pte, wherever the header puts it
	before=$(($(sed -n 23p "$T/raw.csv" | tr , '\n' | grep -nx ns_per_pte | cut -d: -f1) - 1))
	raw_with "s/^\\(\\([^,]*,\\)\\{$before\\}\\)[^,]*/\\1NaN/" >"$T/nan.csv"
	raw_with "s/^\\(\\([^,]*,\\)\\{$before\\}\\)[^,]*/\\1abc/" >"$T/text.csv"
	raw_with 's/,[^,]*$//' >"$T/short-row.csv"
	sed '23s/,forks,/,rep,/' "$T/raw.csv" >"$T/dup-col.csv"
	printf '\xef\xbb\xbf# schema: 1\r\nstrategy,threads,rep,ns_per_pte\r\nnone,1,0,1.5\r\n' >"$T/bom-crlf.csv"
	raw_with "s/^\\(\\([^,]*,\\)\\{$before\\}\\)[^,]*/\\1$(head -c 100000 /dev/zero | tr '\0' 9)x/" >"$T/long-field.csv"
	# Machine profiles broken in one way each.
	grep -v '^atomic ' machines/piii-quad-2002 >"$T/nocost.machine"
	sed 's/^c2c_remote [0-9.]* ns/c2c_remote -140 ns/' machines/piii-quad-2002 >"$T/negative.machine"
	sed 's/^topology pack:4 core:1 pu:1/topology pack:4 core:1/' machines/piii-quad-2002 >"$T/nopu.machine"
	# Profiles sized, numbered, read and keyed strictly.
	sed 's/^topology .*/topology pack:1000 core:1000 pu:1000 # x/' machines/piii-quad-2002 >"$T/huge.machine"
	sed 's/^topology .*/topology pack:10 core:100 pu:100 # x/' machines/piii-quad-2002 >"$T/big.machine"
	sed 's/^topology .*/topology pack:1 core:1 pu:4(indexes=0,1,2,5) # x/' machines/piii-quad-2002 >"$T/pu-index.machine"
	for k in topology line clock name cache; do
		{ cat machines/piii-quad-2002; grep "^$k " machines/piii-quad-2002 || echo "$k x # y"; } >"$T/dup-$k.machine"
	done
	{ printf 'name x\0\n'; cat machines/piii-quad-2002; } >"$T/nul.machine"
	"$B" run --mode model --machine piii-quad-2002 --strategy none,hashed --forks 4 --pages 64 --quiet --out "$T/model.csv" || exit 1
	sed 's/,model,piii-quad-2002,/,Model,piii-quad-2002,/' "$T/model.csv" >"$T/mode-case.csv"
	sed 's/,model,piii-quad-2002,/,hybrid,piii-quad-2002,/' "$T/model.csv" >"$T/mode-hybrid.csv"
	cp machines/piii-quad-2002 "$T/renamed.machine"
	sed 's/^atomic [^#]*#/atomic 1e12 ns #/' machines/piii-quad-2002 >"$T/slow.machine"
	sed 's/^cache [^#]*#/cache 1e30 KiB #/' machines/piii-quad-2002 >"$T/bigcache.machine"
	sed 's/^line [^#]*#/line 1e60 bytes #/' machines/piii-quad-2002 >"$T/bigline.machine"
	sed -E 's/^(hit|atomic|memory_local|memory_remote|c2c_[a-z]+) [0-9.]+ (ns|cycles)/\1 0 \2/' machines/piii-quad-2002 >"$T/free.machine"
	mkdir "$T/w m" "$T/a,b" "$T/q\"q" "$T/$(printf 'd%.0s' $(seq 250))"
	for d in "w m" "a,b" "q\"q" "$(printf 'd%.0s' $(seq 250))"; do
		cp machines/piii-quad-2002 "$T/$d/"
	done
	printf 'swep: --strategy all\n' >"$T/typo.suite"
	printf '# nothing\nquestion: why\n' >"$T/empty.suite"
	printf 'sweep: --strategy frob\n' >"$T/badsweep.suite"
	# Recorded sweeps anybody could have edited.
	sed 's/^# sweep: .*/# sweep: --help/' "$T/raw.csv" >"$T/sweep-help.csv"
	sed 's/^# sweep: .*/# sweep:/' "$T/raw.csv" >"$T/sweep-empty.csv"
	sed 's/^# sweep: .*/# sweep: --mem-limit 1e18 --pages 1000000000000/' "$T/raw.csv" >"$T/sweep-memlimit.csv"
	sed 's/^# sweep: .*/# sweep: --strategy none --pages 1000000000000/' "$T/raw.csv" >"$T/sweep-big.csv"
	sed 's/^# sweep: .*/# sweep: --strategy hashed --kernel 2.6.0/' "$T/raw.csv" >"$T/sweep-kernel.csv"
	printf 'sweep: --help\n' >"$T/help.suite"
	{ printf 'sweep:'; printf ' --reps 1%.0s' $(seq 2049); echo; } >"$T/big.suite"
	printf 'question: q\ngraphs: overhead\nsweep: --strategy none --duration 0.01 --warmup 0\n' >"$T/good.suite"
	# The shards of a 4-point modelled suite, and shards spoiled one way each.
	printf 'question: q\nsweep: --mode model --machine piii-quad-2002 --strategy none,hashed --threads 1,2 --pages 64 --forks 4 --reps 1 --seed 1\n' >"$T/model.suite"
	sed 's/--seed 1/--seed 2/' "$T/model.suite" >"$T/model2.suite"
	for s in 1/2 2/2 1/3; do
		"$B" suite "$T/model.suite" --shard "$s" --out "$T/shard${s/\//of}" --quiet >/dev/null || exit 1
	done
	"$B" suite "$T/model2.suite" --shard 2/2 --out "$T/plan2" --quiet >/dev/null || exit 1
	"$B" suite "$T/model.suite" --out "$T/whole" --quiet >/dev/null || exit 1
	for d in cut stopped version otherq hist; do cp -r "$T/shard2of2" "$T/$d"; done
	sed -i '$d' "$T/cut/raw.csv"
	sed -i '$s/,ok,/,stopped,/' "$T/stopped/raw.csv"
	sed -i 's/^# rmapbench: .*/# rmapbench: 0.0/' "$T/version/raw.csv"
	echo other >"$T/otherq/question"
	sed -i '2s/^[0-9]*,/0,/' "$T/hist/histogram.csv"
	# Targets no command may replace or write through.
	mkfifo "$T/fifo"
	mknod "$T/chardev" c 1 3 2>/dev/null || mkfifo "$T/chardev"
	ln -s raw.csv "$T/link.csv"
	ln -s /dev/null "$T/null-link"
	cp "$T/raw.csv" "$T/result.csv"
	mkdir "$T/done" "$T/out"
	echo old >"$T/done/question"
	ln -s out "$T/outlink"
}

# The files make_files made, which every case must leave as they were
# (a case may make more for itself, outside $T/out).
fingerprint() {
	(cd "$T" && ls -ld --time-style=+%s.%N "${inputs[@]}" 2>&1) | md5sum
}

run_case() {
	local want=$1 fragment=$2 cmd=$3 rc lines before

	cases=$((cases + 1))
	before=$(fingerprint)
	eval "$cmd" >"$T/stdout" 2>"$T/stderr"
	rc=$?
	lines=$(wc -l <"$T/stderr")
	if [ $rc -ne "$want" ]; then
		echo "bad_input.sh: FAIL: exit $rc, expected $want: $cmd ($(head -c 300 "$T/stderr"))" >&2
	elif [ "$lines" -ne 1 ]; then
		echo "bad_input.sh: FAIL: $lines lines on stderr: $cmd" >&2
	elif ! grep -qF -- "$fragment" "$T/stderr"; then
		echo "bad_input.sh: FAIL: message lacks '$fragment': $cmd: $(cat "$T/stderr")" >&2
	elif [ -s "$T/stdout" ]; then
		echo "bad_input.sh: FAIL: wrote to stdout: $cmd" >&2
	elif [ -n "$(ls -A "$T/out")" ]; then
		echo "bad_input.sh: FAIL: left $(ls -A "$T/out"): $cmd" >&2
		rm -rf "$T/out"/*
	elif [ "$before" != "$(fingerprint)" ]; then
		echo "bad_input.sh: FAIL: changed a file outside $T/out: $cmd" >&2
	else
		return
	fi
	failures=$((failures + 1))
}

make_files
mapfile -t inputs < <(cd "$T" && find . -mindepth 1 -path ./out -prune -o -print)
while IFS=$'\t' read -r want fragment cmd; do
	case $want in '#'*|'') continue ;; esac
	run_case "$want" "$fragment" "$cmd"
done <tests/cmd/bad_input.txt
[ $failures -eq 0 ] && echo "bad_input.sh: all $cases cases refused as expected"
exit $((failures != 0))
