#!/usr/bin/env bash
# The README's headline table is what the committed runs give: the figures
# on its first screen come from docs/headline/*.csv through
# scripts/headline.sh, never from a hand.  And the first screen is one:
# the answer, the two commands and the screenshot within 60 lines.
. "$(dirname "$0")/../lib.sh"

RMAPBENCH=$bin scripts/headline.sh --check || fail "README's headline table is stale"
n=$(grep -n '^## Tasks' README.md | cut -d: -f1)
[ -n "$n" ] && [ "$n" -le 60 ] || fail "README's first screen (up to '## Tasks') is ${n:-?} lines, not under 60"
grep -q '^| `none` | \*\*' README.md || fail "README's headline has no baseline row"
grep -q '^| `pagebit` | [+-]' README.md || fail "README's headline has no pagebit figures"
[ -s docs/report.png ] || fail "docs/report.png (the report's screenshot) is missing"
finish
