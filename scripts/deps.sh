#!/usr/bin/env bash
# Checks the Debian packages rmapbench needs.  As root, installs the missing
# ones with apt-get; otherwise prints the exact command and exits 1.
#   scripts/deps.sh check    build and test dependencies (make check;
#                            the tests draw graphs, so gnuplot too)
#   scripts/deps.sh run      the same (./run.sh)
#   scripts/deps.sh fuzz     those plus clang and libFuzzer (make fuzz)
set -u
want=(gcc make pkg-config libnuma-dev libhwloc-dev libcmocka-dev gnuplot-nox)
[ "${1:-check}" = fuzz ] && want+=(clang libclang-rt-dev)

missing=()
for p in "${want[@]}"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' ||
		missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" != 0 ]; then
	echo "rmapbench: missing packages: ${missing[*]}; install them with: sudo apt-get install ${missing[*]}" >&2
	exit 1
fi
echo "rmapbench: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
if ! { apt-get update -qq && apt-get install -y -qq --no-install-recommends "${missing[@]}"; } >&2; then
	echo "rmapbench: apt-get could not install ${missing[*]}; install them by hand and rerun" >&2
	exit 1
fi
