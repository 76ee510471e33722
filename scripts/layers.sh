#!/usr/bin/env bash
# The layer rule: src/ is folders in layers, and an include may name a
# header of its own folder or of a folder below it, never above or beside:
#
#	lib → machine → model → strategy → engine → analysis → cmd
#
# Every quoted include outside its own folder is written "folder/file.h".
# Exits 1 and names each offending line.
set -euo pipefail
cd "$(dirname "$0")/../src"
layers=(lib machine model strategy engine analysis cmd)
rank() {
	local i
	for i in "${!layers[@]}"; do
		[[ ${layers[$i]} == "$1" ]] && { echo "$i"; return; }
	done
	echo -1
}
bad=0
for dir in *; do
	[[ -d $dir ]] || continue
	me=$(rank "$dir")
	if ((me < 0)); then
		echo "layers: src/$dir is not a layer; add it to scripts/layers.sh" >&2
		bad=1
		continue
	fi
	while IFS=: read -r file line inc; do
		inc=${inc#*\"}
		inc=${inc%\"*}
		if [[ $inc != */* ]]; then
			[[ -e $dir/$inc ]] && continue
			echo "layers: src/$file:$line: \"$inc\" is not in src/$dir; name its folder" >&2
			bad=1
			continue
		fi
		them=$(rank "${inc%%/*}")
		if ((them < 0 || them > me)) || { ((them == me)) && [[ ${inc%%/*} != "$dir" ]]; }; then
			echo "layers: src/$file:$line: $dir includes \"$inc\", which is not below it (${layers[*]})" >&2
			bad=1
		fi
	done < <(grep -n '^#include "' "$dir"/*.[ch] | sed 's/^\([^:]*\):\([0-9]*\):/\1:\2:/')
done
((bad == 0)) && echo "layers: every include points down"
exit "$bad"
