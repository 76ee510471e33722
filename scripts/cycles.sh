#!/usr/bin/env bash
# The file-cycle rule: no files of src/ depend on one another in a circle.
# File A depends on file B when A's object uses a function or global that
# B's object defines, so a cycle is one that includes alone would not show
# (a call through a header both include).  Reads the plain build's objects
# (make first; a strategy's variants are left out, as they define what
# its plain object does); exits 1 and names the files of each cycle.
set -euo pipefail
cd "$(dirname "$0")/.."
# The object of each source file there is: a stale one of a file that
# was renamed or deleted would report a cycle the source no longer has.
objs=()
for c in src/*/*.c; do
	o=build/plain/${c#src/}
	o=${o%.c}.o
	[[ -e $o ]] && objs+=("$o")
done
if ((${#objs[@]} == 0)); then
	echo "cycles: no objects in build/plain: run make first" >&2
	exit 2
fi
nm -A "${objs[@]}" | awk '
	function src(o) { sub(/^build\/plain\//, "src/", o); sub(/\.o$/, ".c", o); return o }
	{
		split($0, part, ":")
		f = src(part[1])
		n = split(part[2], w, " ")
		if (n == 3 && w[2] ~ /^[TDBRC]$/)
			def[w[3]] = f
		else if (n == 2 && w[1] == "U")
			use[f, w[2]] = 1
		files[f] = 1
	}
	# Tarjan: each strongly connected component of more than one file.
	function visit(v,    w, c, comp) {
		index_[v] = low[v] = next_index++
		stack[++top] = v
		on[v] = 1
		for (w in files)
			if ((v, w) in edge) {
				if (!(w in index_)) {
					visit(w)
					if (low[w] < low[v])
						low[v] = low[w]
				} else if (on[w] && index_[w] < low[v]) {
					low[v] = index_[w]
				}
			}
		if (low[v] != index_[v])
			return
		comp = ""
		c = 0
		do {
			w = stack[top--]
			on[w] = 0
			comp = comp " " w
			c++
		} while (w != v)
		if (c > 1) {
			print "cycles: these files depend on one another:" comp > "/dev/stderr"
			bad = 1
		}
	}
	END {
		for (k in use) {
			split(k, p, SUBSEP)
			if ((p[2] in def) && def[p[2]] != p[1])
				edge[p[1], def[p[2]]] = 1
		}
		for (v in files)
			if (!(v in index_))
				visit(v)
		if (!bad)
			print "cycles: no files depend on one another in a circle"
		exit bad
	}'
