#!/usr/bin/env bash
# scripts/fuzz.sh SECONDS TARGET...: runs each libFuzzer target for SECONDS
# on a working copy of its seed corpus (tests/fuzz/corpus/<name>/), prints
# executions per second and corpus size, and fails on the first crash,
# leaving the input in build/fuzz/crash-<target>-*.
set -u
seconds=$1
shift
status=0
for t in "$@"; do
	name=${t#fuzz_}
	work=build/fuzz/corpus-$name
	mkdir -p "$work"
	cp -n tests/fuzz/corpus/"$name"/* "$work"/ 2>/dev/null
	log=build/fuzz/$t.log
	echo "== $t: ${seconds}s" >&2
	if ! build/fuzz/"$t" -max_total_time="$seconds" -print_final_stats=1 \
		-timeout=10 -rss_limit_mb=2048 -artifact_prefix="build/fuzz/crash-$t-" \
		"$work" >"$log" 2>&1; then
		echo "fuzz: $t crashed; see $log and build/fuzz/crash-$t-*" >&2
		tail -20 "$log" >&2
		status=1
		continue
	fi
	runs=$(awk '/stat::number_of_executed_units/ { print $2 }' "$log")
	echo "fuzz: $t: $runs runs in ${seconds}s ($((runs / seconds))/s), corpus $(ls "$work" | wc -l) inputs" >&2
done
exit $status
