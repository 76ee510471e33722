#!/usr/bin/env bash
# The lock loop (tools/lockloop.c) on this host and on a modelled
# machine: each prints its one line, every acquisition counted; the model
# is deterministic (the same line twice); bad arguments are a usage error
# (exit 2) and an unknown profile says so.  Run from the repository root.
set -u
. "$(dirname "$0")/../lib.sh"

line='^W 4 ns/acq [0-9.]+ run [0-9.]+ contended [0-9.]+%$'
out=$(bin/rmapbench-lockloop 2000 4) || fail "the host loop failed"
[[ $out =~ $line ]] || fail "the host loop printed: $out"
a=$(bin/rmapbench-lockloop-model 2000 4 epyc-7r13-2s) || fail "the model loop failed"
[[ $a =~ $line ]] || fail "the model loop printed: $a"
b=$(bin/rmapbench-lockloop-model 2000 4 epyc-7r13-2s)
[ "$a" = "$b" ] || fail "the model loop gave '$a', then '$b'"
bin/rmapbench-lockloop 0 4 2>"$tmp/err"
[ $? = 2 ] || fail "ROUNDS 0 is not a usage error"
grep -q '^usage: rmapbench-lockloop ROUNDS W' "$tmp/err" || fail "no usage line: $(cat "$tmp/err")"
bin/rmapbench-lockloop-model 10 4 no-such-machine 2>"$tmp/err"
[ $? = 1 ] || fail "an unknown profile did not fail"
grep -q "unknown machine 'no-such-machine'" "$tmp/err" || fail "unknown profile: $(cat "$tmp/err")"
finish
