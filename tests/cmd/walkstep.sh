#!/usr/bin/env bash
# The two walkers (tools/walkstep.c) on this host and on a modelled
# machine: each prints its one line; the model is deterministic (the same
# line twice for one seed); bad arguments are a usage error (exit 2) and
# an unknown profile says so.  Run from the repository root.
set -u
. "$(dirname "$0")/../lib.sh"

line='^W 2 fork us p10 [0-9.]+ p50 [0-9.]+ p90 [0-9.]+ in step [0-9]+% run [0-9.]+$'
out=$(bin/rmapbench-walkstep 200 2) || fail "the host walk failed"
[[ $out =~ $line ]] || fail "the host walk printed: $out"
a=$(bin/rmapbench-walkstep-model 100 2 epyc-7r13-2s 1) || fail "the model walk failed"
[[ $a =~ $line ]] || fail "the model walk printed: $a"
b=$(bin/rmapbench-walkstep-model 100 2 epyc-7r13-2s 1)
[ "$a" = "$b" ] || fail "the model walk gave '$a', then '$b'"
bin/rmapbench-walkstep 5 2 2>"$tmp/err"
[ $? = 2 ] || fail "ROUNDS 5 is not a usage error"
grep -q '^usage: rmapbench-walkstep ROUNDS W' "$tmp/err" || fail "no usage line: $(cat "$tmp/err")"
bin/rmapbench-walkstep-model 100 2 epyc-7r13-2s 2>"$tmp/err"
[ $? = 2 ] || fail "a missing SEED is not a usage error"
bin/rmapbench-walkstep-model 100 2 no-such-machine 1 2>"$tmp/err"
[ $? = 1 ] || fail "an unknown profile did not fail"
grep -q "unknown machine 'no-such-machine'" "$tmp/err" || fail "unknown profile: $(cat "$tmp/err")"
finish
