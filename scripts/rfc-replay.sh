#!/usr/bin/env bash
# The June 2026 RFC "[RFC PATCH] mm: batch link_file_vma calls in
# dup_mmap" (Yibin Liu, linux-kernel, 16 Jun 2026: "roughly 2%-7%" more
# execs/s with doexec on an AMD EPYC 9754, 512 threads), replayed on the
# model of that machine, with the ablation of issue 26: the RFC's gain
# after each modelling choice is switched on, cumulatively, from the
# model as it stood (folio against folio-batched, waiters spinning on the
# count word, a thin process, an anon_vma root per family, 16-page
# folios) to the kernel's:
#
#   1 the RFC's own baseline: mainline, which already batches the exit
#     side (commit 3577dbb19241), not folio, which batches neither
#   2 the kernel's rw_semaphore: OSQ spinners, sleepers on the wait list
#   3 doexec's process: a program, ld.so and libc of five vmas each, relro
#     and data written (anon_vma at fork), relro split at exec, 16-pte
#     fault-around, four anonymous vmas
#   4 one anon_vma root for the process tree
#   5 order-0 anonymous folios, the kernel's default
#   6 the rest of an exec, charged outside every lock (--other-work): this
#     host's real fork+exec+exit of a small dynamically linked program
#     less the simulated baseline (mainline) process, both timed here and
#     frozen in docs/modern/exec-truth.csv (`rmapbench truth --exec`),
#     scaled to the EPYC 9754 (below); then, not cumulative, the same
#     unscaled, the most the rest can be (the 9754's core is the faster)
#
# Then commit 3577dbb19241 replayed the same way (everything on):
# mainline against folio, the kernel before it, at 26 CPUs of
# epyc-7r13-2s, beside its posting's ~4% (~50k to ~52k execs/s at
# "20-ish cores"; the posting names no CPU, the profile is a guess).
#
# Nothing here was set from the RFC's figure: step 6's rest is priced on
# this host at the baseline only (docs/modern.md).
#
# usage: scripts/rfc-replay.sh [OUTDIR] [FORKS]
#   OUTDIR (results/rfc-replay) gets one raw CSV per step and table.md;
#   FORKS (2) timed forks per modelled CPU, after the model's two untimed
#   rounds (--forks counts a point's forks: FORKS times the CPUs); a
#   512-CPU point takes some 15 s of host CPU time at 2.
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-results/rfc-replay}
forks=${2:-2}
bin=bin/rmapbench
[[ -x $bin ]] || make -s bin/rmapbench
mkdir -p "$out"

common="--mode model --lifecycle fork-exec-exit --image-pages 256 --pages 1024 --reps 2 --seed 1 --quiet --force"
thin="--vmas 40 --vmas-per-file 4 --file-frac 0.5 --process thin --fault-around 1"
doexec="--vmas 19 --vmas-per-file 5 --file-frac 0.7895 --process doexec --fault-around 16"

# The rest of an exec on the EPYC 9754, from the host's frozen figure:
# times the host's clock over the 9754's (the profile's clock line: its
# all-core boost, 3.1 GHz) and over the per-clock gain from the host's
# core to Zen 4 (Zen 4c is the Zen 4 core, machines/epyc-9754-2s), from
# AMD's launch figures: Zen+ +3% IPC over Zen (TweakTown, "AMD's next-gen
# Zen 2", 2019), Zen 2 +15% over Zen+ (Computex keynote, 27 May 2019;
# HotHardware, "Ryzen 3000 Zen 2 ... 15% IPC uplift"), Zen 3 +19% over
# Zen 2 (PC Gamer, 8 Oct 2020), Zen 4 +13% over Zen 3 (PC Gamer,
# "Breaking down AMD's claims for a 13% Zen 4 IPC increase", Aug 2022: a
# geomean of 22 workloads at 4 GHz).  Those are averages of user-space
# workloads, the rest of an exec is mostly the kernel's: an estimate.
# The host of the frozen file is a Zen (family 23 model 1) KVM guest; a
# file from another core needs its own factor, so it is refused.
cal=docs/modern/exec-truth.csv
calmeta() { sed -n "s/^# $1: //p" "$cal" | head -n 1; }
[[ -s $cal ]] || { echo "rfc-replay: no $cal (bin/rmapbench truth --exec --out $cal)" >&2; exit 2; }
[[ $(calmeta exec_cpu_family_model) == 23/1 ]] || {
	echo "rfc-replay: $cal is from CPU family/model $(calmeta exec_cpu_family_model), not Zen's 23/1: its IPC factor here is Zen's" >&2
	exit 2
}
rest=$(calmeta exec_rest_ns)
ghz=$(sed -n 's/^clock \([0-9.]*\) GHz.*/\1/p' machines/epyc-9754-2s)
rest9754=$(awk -v r="$rest" -v m="$(calmeta exec_cpu_mhz)" -v g="$ghz" \
	'BEGIN { printf "%.0f", r * m / 1000 / g / (1.03 * 1.15 * 1.19 * 1.13) }')
# The 3577dbb19241 replay's machine, an EPYC 7R13 (Zen 3): the same
# without Zen 4's step.
rest7r13=$(awk -v r="$rest" -v m="$(calmeta exec_cpu_mhz)" \
	-v g="$(sed -n 's/^clock \([0-9.]*\) GHz.*/\1/p' machines/epyc-7r13-2s)" \
	'BEGIN { printf "%.0f", r * m / 1000 / g / (1.03 * 1.15 * 1.19) }')
last="--rwsem kernel $doexec --anon-root tree --folio-pages 1"

# name|baseline|what is on (cumulative)
steps=(
	"0 as it stood|folio|--rwsem count-spin $thin --anon-root family --folio-pages 16"
	"1 baseline: mainline|mainline|--rwsem count-spin $thin --anon-root family --folio-pages 16"
	"2 kernel rw_semaphore|mainline|--rwsem kernel $thin --anon-root family --folio-pages 16"
	"3 doexec's process|mainline|--rwsem kernel $doexec --anon-root family --folio-pages 16"
	"4 one anon_vma root|mainline|--rwsem kernel $doexec --anon-root tree --folio-pages 16"
	"5 order-0 folios|mainline|$last"
	"6 rest of an exec, $((rest9754 / 1000)) us|mainline|$last --other-work $rest9754"
	"6' the same unscaled, $((rest / 1000)) us|mainline|$last --other-work $rest"
)

# The medians over the repetitions of a process's busy time per pte (its
# fork, exec, faults and exit, and its --other-work: what each of doexec's
# CPUs spends on one exec, so its inverse is execs per busy CPU) and of
# forks_per_s, per strategy, of one raw CSV: "strategy ns forks".  The
# phases' time is ns_per_pte, all four over the ptes forked; the
# per-phase columns are no sum of it (fault_ns_per_pte is per fault,
# exit_ns_per_pte per pte of the exec'd image), which the first version
# of this script added up.
medians() {
	awk -F, '
	/^#/ { next }
	!h { for (i = 1; i <= NF; i++) c[$i] = i; h = 1; next }
	$c["status"] == "ok" {
		s = $c["strategy"]; n[s]++
		ns[s, n[s]] = $c["ns_per_pte"] + \
			      $c["other_ns_per_fork"] * $c["forks"] / $c["ptes"]
		fs[s, n[s]] = $c["forks_per_s"]
	}
	function med(a, s, k,   i, j, t, v) {
		for (i = 1; i <= k; i++) v[i] = a[s, i]
		for (i = 1; i <= k; i++) for (j = i + 1; j <= k; j++)
			if (v[j] + 0 < v[i] + 0) { t = v[i]; v[i] = v[j]; v[j] = t }
		return k % 2 ? v[(k + 1) / 2] : (v[k / 2] + v[k / 2 + 1]) / 2
	}
	END { for (s in n) print s, med(ns, s, n[s]), med(fs, s, n[s]) }' "$1"
}

# "| step | ... |" from a CSV: the RFC (a) against the baseline (b).
row() {
	local name=$1 a=$2 b=$3 csv=$4
	medians "$csv" | awk -v a="$a" -v b="$b" -v name="$name" '
	{ ns[$1] = $2; fs[$1] = $3 }
	END {
		printf "| %s | %s | %.0f | %.0f | %+.1f%% | %+.1f%% |\n", name, b,
		       ns[b], ns[a], 100 * (ns[b] / ns[a] - 1),
		       100 * (fs[a] / fs[b] - 1)
	}'
}

table=$out/table.md
{
	echo "RFC (folio-batched) against its baseline, modelled on epyc-9754-2s at 512 CPUs, $forks timed forks per CPU, 2 repetitions (medians); command: scripts/rfc-replay.sh $out $forks"
	echo
	echo "| step (cumulative) | baseline | baseline busy ns/pte | RFC busy ns/pte | gain per busy CPU | gain, wall clock |"
	echo "| --- | --- | ---: | ---: | ---: | ---: |"
} >"$table"
i=0
for s in "${steps[@]}"; do
	IFS='|' read -r name base opts <<<"$s"
	csv=$out/step$i.csv
	# RFC_REUSE=1 redraws the table from the CSVs already there
	[[ -n ${RFC_REUSE:-} && -s $csv ]] ||
	# shellcheck disable=SC2086
	$bin run $common --machine epyc-9754-2s --threads 512 --forks $((forks * 512)) \
		--strategy "$base,folio-batched" $opts --out "$csv"
	row "$name" folio-batched "$base" "$csv" >>"$table"
	i=$((i + 1))
done

# 3577dbb19241 against the kernel before it: steps 1-5, then with the
# rest of an exec scaled to the 7R13
for rest_ns in 0 "$rest7r13"; do
	csv=$out/3577dbb19241.csv
	[[ $rest_ns == 0 ]] || csv=$out/3577dbb19241-rest.csv
	[[ -n ${RFC_REUSE:-} && -s $csv ]] ||
	# shellcheck disable=SC2086
	$bin run $common --machine epyc-7r13-2s --threads 26 --forks $((forks * 26)) --strategy folio,mainline \
		$last --other-work "$rest_ns" --out "$csv"
done
{
	echo
	echo "Commit 3577dbb19241 (mainline) against the kernel before it (folio), modelled on epyc-7r13-2s at 26 CPUs, steps 1-5 on, then step 6's rest of an exec scaled to the 7R13 (Zen 3); its posting: ~4% (~50k to ~52k execs/s, \"20-ish cores\")"
	echo
	echo "| replay | baseline | baseline busy ns/pte | patched busy ns/pte | gain per busy CPU | gain, wall clock |"
	echo "| --- | --- | ---: | ---: | ---: | ---: |"
	row "3577dbb19241" mainline folio "$out/3577dbb19241.csv"
	row "3577dbb19241, rest of an exec $((rest7r13 / 1000)) us" mainline folio "$out/3577dbb19241-rest.csv"
} >>"$table"
cat "$table"
