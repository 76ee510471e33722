#!/usr/bin/env bash
# Runs each test program (cmocka binaries and shell tests), then prints one
# summary line.  Exits non-zero when any failed.
set -u
pass=0 fail=0 failed=()
start=$(date +%s)
for t in "$@"; do
	echo "== $t"
	if "$t"; then
		pass=$((pass + 1))
	else
		fail=$((fail + 1))
		failed+=("$t")
	fi
done
echo
echo "== test summary: $pass passed, $fail failed, $(( $(date +%s) - start )) s"
if [ $fail -ne 0 ]; then
	printf '   failed: %s\n' "${failed[@]}"
	exit 1
fi
