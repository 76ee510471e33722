#!/usr/bin/env bash
# The host validation of --mode model (issue 14, "Against this host"):
# every strategy measured here and modelled on machines/host, at one and
# two threads, in one run so that measured and modelled points interleave
# in a shuffled order; then the table: each point's measured and modelled
# ns_per_pte (median and the interval summarize gives), their ratio, the
# one-thread check (ratio within +-25%), the counts that explain a miss,
# and at two threads every pair of strategies whose measured intervals do
# not overlap, with whether the model orders them the same way.
#
#   scripts/validate.sh [--out DIR] [--reps N] [--duration S]
#                       [--strategy LIST] [--machine M] [--force]
#   scripts/validate.sh --table SUMMARY.csv
#
# Write machines/host first, on a quiet machine: bin/rmapbench calibrate
# --machine.  Timing figures taken on a loaded machine are noise.
# Run from the repository root.
set -u
B=bin/rmapbench

die() {
	echo "validate.sh: $*" >&2
	exit 2
}

# The table from a summary holding measured and modelled rows.
table() {
	awk -F, '
	/^#/ { next }
	!h { for (i = 1; i <= NF; i++) c[$i] = i; h = 1; next }
	function v(name) { return (name in c) ? $c[name] : "" }
	{
		k = v("strategy") SUBSEP v("threads")
		m = v("mode") == "model" ? "mod" : "mea"
		if (!(v("strategy") in seen)) { seen[v("strategy")] = 1; order[++ns] = v("strategy") }
		if (!(v("threads") in tseen)) { tseen[v("threads")] = 1; th[++nt] = v("threads") }
		med[m, k] = v("ns_per_pte_median"); lo[m, k] = v("ns_per_pte_ci_lo")
		hi[m, k] = v("ns_per_pte_ci_hi"); cont[m, k] = v("lock_contended_pct_median")
		if (m == "mod") {
			machine = v("machine"); xfer[k] = v("line_transfers_per_pte_median")
			hand[k] = v("lock_handoffs_per_pte_median"); spin[k] = v("spin_ns_per_pte_median")
		}
		n[m, k] = v("n")
	}
	function cell(m, k) {
		return (m, k) in med ? sprintf("%.2f [%.2f, %.2f]", med[m, k], lo[m, k], hi[m, k]) : "-"
	}
	function pct(x) { return x == "" ? "-" : sprintf("%.1f", x) }
	END {
		printf "| strategy | threads | measured ns/pte [CI] | model (%s) ns/pte [CI] | model/measured | check | contended %% measured / model | transfers/pte | handoffs/pte | spin ns/pte |\n", machine
		print "| --- | ---: | ---: | ---: | ---: | --- | ---: | ---: | ---: | ---: |"
		for (t = 1; t <= nt; t++) for (s = 1; s <= ns; s++) {
			k = order[s] SUBSEP th[t]
			if (!(("mea", k) in med) || !(("mod", k) in med)) continue
			r = med["mea", k] > 0 ? med["mod", k] / med["mea", k] : 0
			chk = th[t] != 1 ? "" : (r >= 0.75 && r <= 1.25 ? "ok" : "MISS")
			if (th[t] == 1) { ones++; miss += chk == "MISS" }
			printf "| %s | %s | %s | %s | %.2f | %s | %s / %s | %s | %s | %s |\n", order[s], th[t],
				cell("mea", k), cell("mod", k), r, chk, pct(cont["mea", k]), pct(cont["mod", k]),
				xfer[k], hand[k], spin[k]
		}
		printf "\nOne thread: %d of %d strategies within +-25%% of measured.\n", ones - miss, ones
		for (t = 1; t <= nt; t++) {
			if (th[t] == 1) continue
			pairs = bad = 0
			printf "\n%s threads, pairs whose measured intervals do not overlap:\n", th[t]
			for (a = 1; a <= ns; a++) for (b = 1; b <= ns; b++) {
				ka = order[a] SUBSEP th[t]; kb = order[b] SUBSEP th[t]
				if (!(("mea", ka) in med) || !(("mea", kb) in med) ||
				    !(("mod", ka) in med) || !(("mod", kb) in med)) continue
				if (hi["mea", ka] >= lo["mea", kb]) continue
				pairs++
				ok = med["mod", ka] < med["mod", kb]
				bad += !ok
				printf "  %s < %s measured; model %.2f %s %.2f: %s\n", order[a], order[b],
					med["mod", ka], ok ? "<" : ">=", med["mod", kb], ok ? "agrees" : "DISAGREES"
			}
			printf "%s threads: the model orders %d of %d separated pairs as measured.\n", th[t], pairs - bad, pairs
		}
	}' "$1"
}

out=results/validate reps=10 duration=0.5 strategies=all machine=host force=()
while [ $# -gt 0 ]; do
	case $1 in
	--table)
		[ $# -eq 2 ] && [ -f "$2" ] || die "--table needs a summary CSV (rmapbench summarize)"
		table "$2"
		exit
		;;
	--out | --reps | --duration | --strategy | --machine)
		[ $# -ge 2 ] || die "$1 needs a value"
		case $1 in
		--out) out=$2 ;;
		--reps) reps=$2 ;;
		--duration) duration=$2 ;;
		--strategy) strategies=$2 ;;
		--machine) machine=$2 ;;
		esac
		shift 2
		;;
	--force)
		force=(--force)
		shift
		;;
	*) die "unknown argument '$1'; see the head of scripts/validate.sh" ;;
	esac
done

[ -x "$B" ] || make -s "$B" || exit 1
mkdir -p "$out" || exit 1
shape=(--strategy "$strategies" --threads 1,2 --pages 1024 --file-frac 0.5)
# One plan: the measured and the modelled points shuffled together.
"$B" run "${shape[@]}" --duration "$duration" --warmup 0.1 --reps "$reps" --seed 1 \
	--then --mode model --machine "$machine" \
	--out "$out/raw.csv" "${force[@]}" || exit
"$B" summarize "$out/raw.csv" --out "$out/summary.csv" "${force[@]}" >/dev/null || exit
table "$out/summary.csv" | tee "$out/table.md"
