#!/usr/bin/env bash
# The two walkers (tools/walkstep.c) on this host and on a modelled
# machine: each prints its one line, or with offsets a line for each; the
# model is deterministic (the same output twice for one seed); bad
# arguments are a usage error (exit 2) and an unknown profile says so.
# Run from the repository root.
set -u
. "$(dirname "$0")/../lib.sh"

line='^W 2 fork us p10 [0-9.]+ p50 [0-9.]+ p90 [0-9.]+ in step [0-9]+% run [0-9.]+$'
out=$(bin/rmapbench-walkstep 200 2) || fail "the host walk failed"
[[ $out =~ $line ]] || fail "the host walk printed: $out"
a=$(bin/rmapbench-walkstep-model 100 2 epyc-7r13-2s 1) || fail "the model walk failed"
[[ $a =~ $line ]] || fail "the model walk printed: $a"
b=$(bin/rmapbench-walkstep-model 100 2 epyc-7r13-2s 1)
[ "$a" = "$b" ] || fail "the model walk gave '$a', then '$b'"
# offsets: one line for each, the model's the same twice
oline='^W 0 offset us [0-9.]+ glued [0-9]+ of [0-9]+ after apart, [0-9]+ of [0-9]+ after glued$'
out=$(bin/rmapbench-walkstep 100 0 0,3000) || fail "the host offsets failed"
[ "$(grep -cE "$oline" <<<"$out")" = 2 ] || fail "the host offsets printed: $out"
a=$(bin/rmapbench-walkstep-model 60 0 epyc-7r13-2s 1 0,200,3000) || fail "the model offsets failed"
[ "$(grep -cE "$oline" <<<"$a")" = 3 ] || fail "the model offsets printed: $a"
b=$(bin/rmapbench-walkstep-model 60 0 epyc-7r13-2s 1 0,200,3000)
[ "$a" = "$b" ] || fail "the model offsets gave '$a', then '$b'"
for bad in 0,x -5 70000 ,; do
	bin/rmapbench-walkstep 20 0 "$bad" 2>"$tmp/err"
	[ $? = 2 ] || fail "OFFSETS '$bad' is not a usage error"
done
bin/rmapbench-walkstep 5 2 2>"$tmp/err"
[ $? = 2 ] || fail "ROUNDS 5 is not a usage error"
grep -q '^usage: rmapbench-walkstep ROUNDS W' "$tmp/err" || fail "no usage line: $(cat "$tmp/err")"
bin/rmapbench-walkstep-model 100 2 epyc-7r13-2s 2>"$tmp/err"
[ $? = 2 ] || fail "a missing SEED is not a usage error"
bin/rmapbench-walkstep-model 100 2 no-such-machine 1 2>"$tmp/err"
[ $? = 1 ] || fail "an unknown profile did not fail"
grep -q "unknown machine 'no-such-machine'" "$tmp/err" || fail "unknown profile: $(cat "$tmp/err")"
finish
