#!/usr/bin/env bash
# The 2002 replay's ablation (docs/replay-2002.md): the modelled replay of
# daniel.sh on akpm's quad PIII (piii-quad-2002, 4 CPUs), with the
# replay's fixes added one at a time, cumulatively, and after each the two
# headline figures beside akpm's: rmap-13b's elapsed-time overhead over
# 2.4.19-pre7, and the share of it Phillips' patch took back (elapsed time
# per process, each repetition's three kernels paired, median over the
# repetitions).  Deterministic but for the first row, whose rest of a
# process is this host's calibrated fork+exit.  Fix 7 (fixed work) is no
# row: a modelled point always does a fixed number of forks.
#
# usage: scripts/ablation-2002.sh [OUTDIR]   (default: a new mktemp folder)
# Env: FORKS (per point, default 400), REPS (default 3).
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-$(mktemp -d /tmp/ablation-2002.XXXXXX)}
mkdir -p "$out"
forks=${FORKS:-400}
reps=${REPS:-3}
bin=bin/rmapbench
[ -x "$bin" ] || make -s bin/rmapbench

# Every row before L1 is the profile without its first level (l1,
# l1_ways, l2_hit: one private cache, every hit 1 cycle), as they were
# measured; row L1 adds it.  A profile's name is its file's
# (machines/README.md).
sed -e '/^l1 /d' -e '/^l1_ways /d' -e '/^l2_hit /d' \
	-e 's/^name piii-quad-2002$/name piii-nol1/' \
	machines/piii-quad-2002 >"$out/piii-nol1"
base=$out/piii-nol1
# Before fix 6, the profile's locked operation was a 20-cycle estimate.
sed -e 's/^atomic 33 cycles.*/atomic 20 cycles # the estimate before akpm'"'"'s 33/' \
	-e 's/^name piii-nol1$/name piii-20cycles/' \
	"$base" >"$out/piii-20cycles"
# The profile's stores' misses one at a time: lmbench's memory write on a
# quad PIII Xeon 700, 211.9 MB/s, is 151 ns a 32-byte line, no overlap
# (Randy Hron, "[BENCHMARK] 2.5.68 and 2.5.68-mm2", linux-kernel, 25 Apr
# 2003, <20030425230939.GA2281@rushmore>, whose memory latency the profile
# takes).
sed -e 's/^store_buffer .*/store_buffer 1 entries # a bound: one store miss in flight/' \
	-e 's/^name piii-nol1$/name piii-1sb/' "$base" >"$out/piii-1sb"
[ -s "$out/calibration.csv" ] ||
	$bin calibrate --force --out "$out/calibration.csv" >/dev/null 2>&1

common=(--mode model --threads 4 --pages 256 --file-frac 0.8
	--lifecycle fork-exec-exit --image-pages 96 --cow-faults 8
	--kernel 2.4.19-pre7,2.4.19-pre7-rmap13b,2.4.19-pre7-rmap13b-daniel
	--forks "$forks" --reps "$reps" --seed 1 --quiet
	--calibration "$out/calibration.csv" --access-time profile)
old=(--machine "$out/piii-20cycles" --other-work calibrated)
# The rows of issue 24's fixes keep the rest of a process footprint-free
# (--footprint none), as they were measured; the footprint's rows follow.
new=(--machine "$base" --other-work baseline-2002 --footprint none)
# The time a modelled access leaves out (instructions between accesses,
# the PIII's L2 behind its 16 KiB L1: a hit costs 1 cycle), calibrated on
# the baseline alone: the hit cost at which 2.4.19-pre7's modelled fork,
# exec and exit (copy_page_range() and zap_page_range()) take their share
# of its published system time, 5.72269% + 5.3952% of akpm's profile
# ([AM-c]) of 65.73 s (the mean of his three runs' system times [AM-b])
# over 20,000 processes: 365.4 us a process.  The share is of system
# time, the lower reading (idle ticks in the profile would raise it).
# Linear between hit 1 and hit 41 cycles, as the modelled time is.
cz_us() {
	awk -F, '/^#/ { next } !h { for (i = 1; i <= NF; i++) c[$i] = i; h = 1; next }
		$c["kernel"] == "2.4.19-pre7" { n++; p = $c["ptes"] / $c["forks"]
			s += ($c["fork_ns_per_pte"] + $c["exec_ns_per_pte"] + $c["exit_ns_per_pte"]) * p / 1000 }
		END { print s / n }' "$1"
}
for h in 1 41; do
	sed -e "s/^hit 1 cycles.*/hit $h cycles # calibration/" \
		-e "s/^name piii-nol1$/name piii-hit$h/" \
		"$base" >"$out/piii-hit$h"
	# shellcheck disable=SC2086
	$bin run "${common[@]}" --kernel 2.4.19-pre7 --reps 1 --replay-fixes 10 \
		--layout 2002 --loops 11 --children 3 --tree daniel --daemons 39 \
		--machine "$out/piii-hit$h" --other-work baseline-2002 \
		--out "$out/hit-$h.csv" --force >"$out/hit-$h.csv.log" 2>&1
done
hit=$(awk -v a="$(cz_us "$out/hit-1.csv")" -v b="$(cz_us "$out/hit-41.csv")" \
	'BEGIN { t = (5.72269 + 5.3952) / 100 * 65.73e6 / 20000
		 printf "%.0f", 1 + (t - a) * 40 / (b - a) }')
sed -e "s/^hit 1 cycles.*/hit $hit cycles # calibrated on 2.4.19-pre7's profile/" \
	-e "s/^name piii-nol1$/name piii-hit/" \
	"$base" >"$out/piii-hit"
# the rest of a process with its cache footprint (engine/frames.c)
fp=(--machine "$base" --other-work baseline-2002 --footprint pages)
fpf=(--machine "$base" --other-work baseline-2002 --footprint fresh)
# the profile as it is: the PIII's 16 KiB L1 before its L2 (l1.h)
fpl1=(--machine piii-quad-2002 --other-work baseline-2002 --footprint pages)
fp1sb=(--machine "$out/piii-1sb" --other-work baseline-2002 --footprint fresh)
fphit=(--machine "$out/piii-hit" --other-work baseline-2002 --footprint pages)
flat=(--loops 10 --children 1)
# daniel.sh's tree: ten loops and the main shell's (engine/tree.c)
tree=(--loops 11 --children 3 --tree daniel)

# label | options.  The replay before the issue took the rest of a process
# from this host (--other-work calibrated): that row alone depends on the
# host; the rest of a process from 2.4.19-pre7's published times comes
# first among the fixes, so that every row after it is deterministic.
rows=(
	"0 the replay before issue 24|--replay-fixes 0 --layout flat ${flat[*]} ${old[*]}"
	"6 + the rest of a process from 2.4.19-pre7's published times, akpm's 33 cycles|--replay-fixes 0 --layout flat ${flat[*]} ${new[*]}"
	"1 + faults: the kernel's unbatched page_add_rmap()|--replay-fixes 1 --layout flat ${flat[*]} ${new[*]}"
	"2 + copy and zap vma by vma (Daniel's node list per vma)|--replay-fixes 2 --layout flat ${flat[*]} ${new[*]}"
	"3 + a 2002 shell's address space (--layout 2002)|--replay-fixes 3 --layout 2002 ${flat[*]} ${new[*]}"
	"8 + rmap-13b's node before its lock|--replay-fixes 8 --layout 2002 ${flat[*]} ${new[*]}"
	"8b + a file vma's i_shared_lock, get_file() and i_writecount at fork, exec and exit|--replay-fixes 9 --layout 2002 ${flat[*]} ${new[*]}"
	"8c + 2.4's set_page_dirty() on dirty ptes at exit (fix 8 done)|--replay-fixes 10 --layout 2002 ${flat[*]} ${new[*]}"
	"4 + daniel.sh's process tree (--tree daniel)|--replay-fixes 10 --layout 2002 ${tree[*]} --daemons 0 ${new[*]}"
	"5 + the system's other processes mapped all run (--daemons 39, all fixes)|--replay-fixes 10 --layout 2002 ${tree[*]} --daemons 39 ${new[*]}"
	# The rest of a process's cache footprint (docs/replay-2002.md).
	"F1 + the rest of a process touches its pages (--footprint pages, the default)|--replay-fixes 10 --layout 2002 ${tree[*]} --daemons 39 ${fp[*]}"
	# Two bounds, not kernels: how much the term could give at most.
	"F3 + bound: every page written a frame no cache holds (--footprint fresh)|--replay-fixes 10 --layout 2002 ${tree[*]} --daemons 39 ${fpf[*]}"
	"F4 + bound: one store miss in flight (store_buffer 1)|--replay-fixes 10 --layout 2002 ${tree[*]} --daemons 39 ${fp1sb[*]}"
	"F5 F1 + the time per access the model leaves out, from 2.4.19-pre7's profile (an estimate: hit $hit cycles)|--replay-fixes 10 --layout 2002 ${tree[*]} --daemons 39 ${fphit[*]}"
	# The PIII's first level (docs/replay-2002.md), on F1: the default.
	"L1 F1 + the PIII's 16 KiB L1 before its L2 (lmbench's 13.06 ns)|--replay-fixes 10 --layout 2002 ${tree[*]} --daemons 39 ${fpl1[*]}"
	# F5's calibration done by the engine, on the profile as it is.
	"A L1 + the time per access calibrated on 2.4.19-pre7 (--access-time baseline-2002), the default|--replay-fixes 10 --layout 2002 ${tree[*]} --daemons 39 ${fpl1[*]} --access-time baseline-2002"
)
# The weight of item 5's one unsourced-by-akpm count: --daemons swept.
sweep=(0 10 20 39 80)

# Median over the repetitions of rmap-13b's overhead and the share removed.
headline() {
	awk -F, '
	/^#/ { next }
	!h { for (i = 1; i <= NF; i++) c[$i] = i; h = 1; next }
	$c["status"] == "ok" {
		k = $c["kernel"]; r = $c["rep"]
		e = k == "2.4.19-pre7" ? 0 : (k ~ /daniel/ ? 2 : 1)
		v[r, e] = $c["wall_s"] / $c["forks"]; reps[r] = 1
		# CPU time per process: the phases and the rest of a process
		u[r, e] = $c["ns_per_pte"] * $c["ptes"] / $c["forks"] + $c["other_ns_per_fork"]
		b[r, e] = u[r, e] / (1e9 * v[r, e])
		if (e == 2) { fl = $c["fork_ptes_per_rmap_lock"]; fa = $c["fault_rmap_locks_per_fork"] }
	}
	function median(a, n,   i, j, t) {
		for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++)
			if (a[j] < a[i]) { t = a[i]; a[i] = a[j]; a[j] = t }
		return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
	}
	END {
		n = 0
		for (r in reps) {
			if (!((r, 0) in v) || !((r, 1) in v) || !((r, 2) in v)) continue
			n++
			o[n] = 100 * (v[r, 1] / v[r, 0] - 1)
			s[n] = 100 * (v[r, 1] - v[r, 2]) / (v[r, 1] - v[r, 0])
			q[n] = 100 * (u[r, 1] / u[r, 0] - 1)
			w[n] = (u[r, 1] - u[r, 0]) / 1000
			y[n] = 100 * b[r, 0]
		}
		printf "%+.1f%% | %+.1f%% | %d | %s | %s | %+.1f%% (%.0f us) | %.0f%% |\n", median(o, n), median(s, n), n, fl, fa, median(q, n), median(w, n), median(y, n)
	}' "$1"
}

echo "| fixes (cumulative) | rmap-13b overhead | share the patch removed | paired reps | patch: fork ptes per rmap lock | fault-path rmap locks per fork | rmap-13b CPU time per process | 2.4.19-pre7 CPU utilization |"
echo "| --- | --- | --- | --- | --- | --- | --- | --- |"
echo "| akpm, 2002 [AM-b] | +41.2% | +29.9% | 3 runs each | 4.5 (2.5.30, copy and zap) | 780 per iteration (2.5.30) | +46.0% (2330 us) | 363% |"
for row in "${rows[@]}"; do
	label=${row%%|*}
	opts=${row#*|}
	csv="$out/row-${label%% *}.csv"
	# shellcheck disable=SC2086
	$bin run "${common[@]}" $opts --out "$csv" --force >"$csv.log" 2>&1
	echo "| $label | $(headline "$csv")"
done
echo
echo "| --daemons (all fixes) | rmap-13b overhead | share the patch removed | paired reps | patch: fork ptes per rmap lock | fault-path rmap locks per fork | rmap-13b CPU time per process | 2.4.19-pre7 CPU utilization |"
echo "| --- | --- | --- | --- | --- | --- | --- | --- |"
for n in "${sweep[@]}"; do
	csv="$out/daemons-$n.csv"
	# shellcheck disable=SC2086
	$bin run "${common[@]}" --replay-fixes 10 --layout 2002 ${tree[*]} \
		--daemons "$n" ${new[*]} --out "$csv" --force >"$csv.log" 2>&1
	echo "| $n | $(headline "$csv")"
done

# The footprint's checks (docs/replay-2002.md, "The rest of a process's
# cache footprint"): the step from 0 to 10 daemons at other seeds, and per
# row rmap-13b's walk and line transfers beside the baseline's.
echo
echo "| --daemons, --seed (--footprint none) | rmap-13b overhead | share the patch removed | paired reps | patch: fork ptes per rmap lock | fault-path rmap locks per fork | rmap-13b CPU time per process | 2.4.19-pre7 CPU utilization |"
echo "| --- | --- | --- | --- | --- | --- | --- | --- |"
for seed in 2 3; do
	for n in 0 10; do
		csv="$out/daemons-$n-seed-$seed.csv"
		# shellcheck disable=SC2086
		$bin run "${common[@]}" --replay-fixes 10 --layout 2002 ${tree[*]} \
			--daemons "$n" ${new[*]} --seed "$seed" --out "$csv" \
			--force >"$csv.log" 2>&1
		echo "| $n, $seed | $(headline "$csv")"
	done
done
# rmap-13b's nodes walked per remove and line transfers per pte, the
# baseline's transfers, and the rest of a 2.4.19-pre7 process (--other-work
# resolved, us), means over the repetitions.
diag() {
	awk -F, '
	/^# sweep:/ { if (match($0, /--other-work [0-9.]+/)) rest = substr($0, RSTART + 13, RLENGTH - 13) / 1000; next }
	/^#/ { next }
	!h { for (i = 1; i <= NF; i++) c[$i] = i; h = 1; next }
	$c["status"] == "ok" && $c["kernel"] == "2.4.19-pre7-rmap13b" { n++; w += $c["chain_walk_avg"]; t += $c["line_transfers_per_pte"] }
	$c["status"] == "ok" && $c["kernel"] == "2.4.19-pre7" { m++; b += $c["line_transfers_per_pte"] }
	END { printf "%.2f | %.2f | %.2f | %.0f |", w / n, t / n, b / m, rest }' "$1"
}
echo
echo "| row | rmap-13b: nodes walked per remove | rmap-13b: line transfers per pte | 2.4.19-pre7: line transfers per pte | rest of a 2.4.19-pre7 process (us) | 2.4.19-pre7: fork, exec and exit per process (us; profile: 365) |"
echo "| --- | --- | --- | --- | --- | --- |"
for r in 5 F1 F3 F4 F5 L1 A; do
	printf '| %s | %s %.0f |\n' "$r" "$(diag "$out/row-$r.csv")" "$(cz_us "$out/row-$r.csv")"
done
echo
echo "raw CSVs and logs: $out"
