#!/usr/bin/env bash
# The layer rule: src/ is folders in layers, and an include may name a
# header of its own folder or of a folder below it, never above or beside:
#
#	lib → machine → model → strategy → engine → analysis → cmd
#
# Every quoted include outside its own folder is written "folder/file.h".
# Two more rules keep a folder's files in layers of their own:
#  - no two files of a folder include each other: a.c includes b.h while
#    b.c includes a.h (or two headers include each other);
#  - every subcommand's entry point, cmd_*(), is defined in src/cmd/, which
#    parses options and calls the layers below.
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

# Each include of a header of its own folder, as "KIND FROM TO" (paths
# without .c or .h): c, from a .c file to a header whose .c exists; h,
# from a header to a header.  A pair that appears both ways is a mutual
# include.
own_includes() {
	local f inc d stem
	for f in */*.[ch]; do
		d=${f%%/*}
		stem=${f%.*}
		while read -r inc; do
			inc=${inc#*\"}
			inc=${inc%\"*}
			[[ $inc == */* ]] || inc=$d/$inc
			[[ ${inc%%/*} == "$d" && ${inc%.h} != "$stem" ]] || continue
			if [[ $f == *.c && -e ${inc%.h}.c ]]; then
				echo "c $stem ${inc%.h}"
			elif [[ $f == *.h && -e $inc ]]; then
				echo "h $stem ${inc%.h}"
			fi
		done < <(grep '^#include "' "$f")
	done | sort -u
}
while read -r kind a b; do
	if [[ $kind == c ]]; then
		echo "layers: src/$a.c includes ${b##*/}.h and src/$b.c includes ${a##*/}.h: let one depend on the other, not both" >&2
	else
		echo "layers: src/$a.h and src/$b.h include each other" >&2
	fi
	bad=1
done < <(own_includes | awk '{ e[$1 " " $2 " " $3] = 1 }
	END { for (k in e) { split(k, p, " ")
		if ((p[1] " " p[3] " " p[2]) in e && p[2] < p[3]) print k } }')

while IFS=: read -r file line def; do
	echo "layers: src/$file:$line: $def is a subcommand's entry point: define it in src/cmd/" >&2
	bad=1
done < <(grep -nE '^[a-z][a-z0-9_ *]*[ *]cmd_[a-z0-9_]+\(' */*.c | grep -v '^cmd/' |
	grep -v ';[[:space:]]*$' | sed -E 's/^([^:]*):([0-9]*):.*(cmd_[a-z0-9_]+)\(.*/\1:\2:\3()/')

((bad == 0)) && echo "layers: every include points down, no folder's files include each other, every cmd_* is in src/cmd/"
exit "$bad"
