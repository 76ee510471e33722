#!/usr/bin/env bash
# The host validation of --mode model: every strategy measured here and
# modelled on machines/host, at one and two threads; then the table: each
# point's measured and modelled ns_per_pte (median and the interval
# summarize gives), their ratio, the checks (within +-25% at one thread,
# +-35% at two), the counts that explain a miss, and at two threads every
# pair of strategies whose measured intervals do not overlap, with whether
# the model orders them the same way; last, each regime's profile's
# ping-pong, overlap, c2c_read and near_walk, the inputs the two-thread
# figures move with most.
#
# A shared VM's vCPUs move between cores that share a cache and cores that
# do not, within minutes, and the ping-pong moves 7x with them: each
# measured point (all its repetitions) is bracketed by a ping-pong
# (calibrate --machine --pingpong), and a point whose regime changed
# under it (after / before outside 0.67..1.5, or either unstable) is run
# again, up to three times (on machines/host, a point whose regime held
# on none of them is left out, and the table names it); pingpong.csv
# keeps every bracket, and the table says the regime it ran in.  On
# machines/host (the default) each regime gets a profile of its own
# (REGIME/host, REGIME the ping-pong rounded to a power of two), the
# median of the calibrations taken in it, one before each point
# (REGIME/cal-N), and every point is modelled on the profile of the
# regime it was measured in: a profile calibrated at 37 ns must not
# price a point that ran at 116 ns.
#
# --regime NS measures in the regime of an NS-ns ping-pong only (e.g. 100
# on a host whose vCPUs are 30 or 100 ns apart; check 2 asks for the
# table in each regime the host offers): each try of a point waits, up to
# --regime-wait seconds (300), for the ping-pong to be in it, and a
# two-thread point whose brackets were not is run again, then left out.
# A one-thread point shares no line: it is kept, and modelled on the
# regime's profile, whatever the idle vCPU did meanwhile.
#
# --ablation adds the table of two-thread model/measured per strategy with
# each modelling choice switched on in turn, cumulative (machines/README.md
# has the keys): calibration (the profile's ping-pong and walk, with
# overlap, store_buffer and the handoff's re-reads off), + overlap,
# + store buffer, + handoffs, + c2c_read (a read transfer priced apart),
# + read_owns (a read takes a modified line writable), + round_jitter
# (the host's one-thread round spread drawn before each round),
# + near_walk (a line taken back by a near walker at the share of its
# transfer the host's near walk measured), + probe_at (a read of a lock
# word, and a locked operation that waited for another CPU's write,
# answered two thirds into its transfer), + l1 (the first-level cache:
# a line beyond L1 costs l2_hit, a locked operation's l2_rmw); and before
# them,
# with --before BIN PROFILE, the model of another build on another
# profile (the code before the change, on the profile its calibrate
# wrote).  Every stage runs the same
# points; nothing is tuned to the measured two-thread figures.
#
#   scripts/validate.sh [--out DIR] [--reps N] [--duration S]
#                       [--strategy LIST] [--machine M] [--force]
#                       [--pingpong-samples N] [--ablation]
#                       [--before BIN PROFILE] [--remodel]
#                       [--model-forks N] [--jobs N]
#                       [--regime NS] [--regime-wait S]
#   scripts/validate.sh --table SUMMARY.csv
#
# --remodel keeps DIR's measured points, brackets and regime profiles and
# runs only the model and the table again: for a change of the model.
#
# --model-forks N runs each modelled point for N forks (over its CPUs;
# 2,000 unless given), not the model's 20 a CPU: a measured point runs
# for thousands (0.5 s: some 8,000 of padded's at two threads), and the
# model's two CPUs keep the phase their start gave them for 20 rounds,
# where over a thousand they settle into their own mix of in step and
# apart (on the Zen 4 of session 18, padded's two-thread point 34-79 ns
# a pte over five start phases at 40 forks, 63-80 at 2,000, 75-80 at
# 4,000 and 8,000: docs/model.md, "The model's window").  --jobs N
# models N points at once (rmapbench run --jobs: the same rows).
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

# The table from a summary holding measured and modelled rows, and the
# brackets (pingpong.csv) when there are any.
table() {
	awk -F, '
	FILENAME ~ /pingpong.csv$/ {
		if (FNR > 1 && $12 == "yes") pp[$1 SUBSEP $2] = sprintf("%.0f", ($4 + $8) / 2)
		next
	}
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
		f50[m, k] = v("fork_p50_ns_median"); f90[m, k] = v("fork_p90_ns_median")
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
	# the p50 and p90, us: two threads in and out of step show as
	# two modes, and the share of each is what the p90 sees
	function forks(m, k) {
		if (f50[m, k] == "" || f90[m, k] == "") return "-"
		return sprintf("%.0f / %.0f", f50[m, k] / 1000, f90[m, k] / 1000)
	}
	END {
		printf "| strategy | threads | ping-pong ns | measured ns/pte [CI] | model (%s) ns/pte [CI] | model/measured | check | contended %% measured / model | fork p50 / p90 us: measured | model | transfers/pte | handoffs/pte | spin ns/pte |\n", machine
		print "| --- | ---: | ---: | ---: | ---: | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: |"
		for (t = 1; t <= nt; t++) for (s = 1; s <= ns; s++) {
			k = order[s] SUBSEP th[t]
			if (!(("mea", k) in med) || !(("mod", k) in med)) continue
			r = med["mea", k] > 0 ? med["mod", k] / med["mea", k] : 0
			tol = th[t] == 1 ? 0.25 : th[t] == 2 ? 0.35 : -1
			chk = tol < 0 ? "" : (r >= 1 - tol && r <= 1 + tol ? "ok" : "MISS")
			if (th[t] == 1) { ones++; miss += chk == "MISS" }
			if (th[t] == 2) { twos++; miss2 += chk == "MISS" }
			printf "| %s | %s | %s | %s | %s | %.2f | %s | %s / %s | %s | %s | %s | %s | %s |\n", order[s], th[t],
				(k in pp) ? pp[k] : "-", cell("mea", k), cell("mod", k), r, chk,
				pct(cont["mea", k]), pct(cont["mod", k]), forks("mea", k), forks("mod", k),
				xfer[k], hand[k], spin[k]
		}
		printf "\nOne thread: %d of %d strategies within +-25%% of measured.\n", ones - miss, ones
		if (twos) printf "Two threads: %d of %d strategies within +-35%% of measured.\n", twos - miss2, twos
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
	}' "$@"
}

out=results/validate reps=10 duration=0.5 strategies=all machine=host force=()
ppn=50 ablation=0 before_bin= before_prof= remodel=0 model_forks=(--forks 2000) jobs=1
want= want_wait=300
while [ $# -gt 0 ]; do
	case $1 in
	--table)
		[ $# -eq 2 ] && [ -f "$2" ] || die "--table needs a summary CSV (rmapbench summarize)"
		table "$2"
		exit
		;;
	--out | --reps | --duration | --strategy | --machine | --pingpong-samples | --model-forks | --jobs | \
		--regime | --regime-wait)
		[ $# -ge 2 ] || die "$1 needs a value"
		case $1 in
		--out) out=$2 ;;
		--reps) reps=$2 ;;
		--duration) duration=$2 ;;
		--strategy) strategies=$2 ;;
		--machine) machine=$2 ;;
		--pingpong-samples) ppn=$2 ;;
		--model-forks)
			[[ $2 =~ ^[1-9][0-9]*$ ]] || die "--model-forks needs a whole number of forks, e.g. 2000"
			model_forks=(--forks "$2")
			;;
		--jobs) jobs=$2 ;;
		--regime)
			[[ $2 =~ ^[1-9][0-9]*$ ]] || die "--regime needs a ping-pong in whole ns, e.g. 100"
			want=$2 want_ns=$2
			;;
		--regime-wait)
			[[ $2 =~ ^[0-9]+$ ]] || die "--regime-wait needs whole seconds, e.g. 300"
			want_wait=$2
			;;
		esac
		shift 2
		;;
	--before)
		[ $# -ge 3 ] && [ -x "$2" ] && [ -f "$3" ] ||
			die "--before needs a rmapbench binary and the profile it models (a file)"
		before_bin=$2 before_prof=$3
		shift 3
		;;
	--ablation)
		ablation=1
		shift
		;;
	--remodel)
		remodel=1
		shift
		;;
	--force)
		force=(--force)
		shift
		;;
	*) die "unknown argument '$1'; see the head of scripts/validate.sh" ;;
	esac
done

[ -x "$B" ] || make -s "$B" || exit 1
if [ $remodel = 1 ]; then
	[ -s "$out/measured.csv" ] && [ -s "$out/pingpong.csv" ] ||
		die "--remodel needs $out/measured.csv and $out/pingpong.csv from an earlier run"
elif [ -e "$out/raw.csv" ] && [ ${#force[@]} -eq 0 ]; then
	die "$out/raw.csv exists; name a new --out, or pass --force"
fi
mkdir -p "$out" || exit 1
# a run measured anew calibrates anew: an earlier run's calibrations
# (REGIME/cal-N) would price its points
[ $remodel = 1 ] || for d in "$out"/*/; do
	[[ $(basename "$d") =~ ^[0-9]+$ ]] && rm -rf "$d"
done
shape=(--threads 1,2 --pages 1024 --file-frac 0.5)
if [ "$strategies" = all ]; then
	strategies=$("$B" list | awk '/^$/ { exit } { print $1 }' | paste -sd, -)
	[ -n "$strategies" ] || die "rmapbench list named no strategy"
fi

# The ping-pong now: "median p10 p90 stable|unstable|bimodal".
pingpong() {
	"$B" calibrate --machine --pingpong --samples "$ppn" 2>/dev/null |
		awk '{ print $6, $8, $10, $13 }'
}

# Whether two brackets are one regime: both stable, within 1.5x.
same_regime() {
	awk -v a="$1" -v b="$2" -v sa="$3" -v sb="$4" 'BEGIN {
		exit !(sa == "stable" && sb == "stable" && b <= 1.5 * a && a <= 1.5 * b)
	}'
}

# The regime of a ping-pong: its power of two (14 ns -> 16, 37 -> 32,
# 116 -> 128), the name of its profile's folder.
regime() {
	awk -v ns="$1" 'BEGIN { printf "%d", 2 ^ int(log(ns > 1 ? ns : 1) / log(2) + 0.5) }'
}
[ -z "$want" ] || want=$(regime "$want")

# --regime: wait, up to --regime-wait seconds, for the ping-pong to be in
# the regime wanted; the vCPUs move on their own, nothing here moves them.
await_regime() {
	[ -n "$want" ] || return 0
	local end=$((SECONDS + want_wait)) b
	while :; do
		read -r b _ <<<"$(pingpong)"
		[ "$(regime "${b:-0}")" = "$want" ] && return 0
		[ $SECONDS -lt $end ] || return 1
		sleep 0.2
	done
}

# The profile a point measured in regime R is modelled on: machines/host
# gets one per regime, R/host, the median of the calibrations taken in R
# before its points (scripts/median-profile.awk; a calibration is kept
# only when its own ping-pong is of R): one taken in a minute the shared
# host ran slow would price every point of its regime (session 18: hit
# 0.263 ns against 0.182, docs/model.md).  Another machine is itself.
per_regime=0
[ "$machine" = host ] && per_regime=1
profile_of() {
	if [ $per_regime = 0 ]; then
		echo "$machine"
		return
	fi
	echo "$out/$1/host"
}
calibrations() { ls "$out/$1"/cal-* 2>/dev/null; }
calibrate_in() {
	[ $per_regime = 1 ] || return 0
	mkdir -p "$out/$1"
	local n got
	n=$(($(calibrations "$1" | wc -l) + 1))
	"$B" calibrate --machine --out "$out/$1/cal.tmp" --force >>"$out/$1/calibrate.log" 2>&1 || return 0
	got=$(awk '$1 == "c2c_socket" { print $2; exit }' "$out/$1/cal.tmp")
	[ -n "$got" ] && [ "$(regime "$got")" = "$1" ] && mv "$out/$1/cal.tmp" "$out/$1/cal-$n"
	rm -f "$out/$1/cal.tmp"
}
median_profile() {
	[ $per_regime = 1 ] && [ -n "$(calibrations "$1")" ] || return 0
	awk -f scripts/median-profile.awk $(calibrations "$1" | sort -t- -k2 -n) >"$out/$1/host.tmp" &&
		mv "$out/$1/host.tmp" "$out/$1/host"
}

# Measured points one (strategy, threads) at a time, bracketed.
[ $remodel = 1 ] || {
echo "strategy,threads,try,before_ns,before_p10,before_p90,before_state,after_ns,after_p10,after_p90,after_state,kept,regime" >"$out/pingpong.csv"
: >"$out/measured.csv"
# under --regime, a calibration of the regime before any point: a point
# measured before its regime has one is measured again (val100c's first
# two points were left out so)
if [ -n "$want" ] && [ $per_regime = 1 ]; then
	end=$((SECONDS + want_wait))
	while [ -z "$(calibrations "$want")" ] && [ $SECONDS -lt $end ]; do
		await_regime && calibrate_in "$want"
	done
fi
# under --regime the two-thread points first: a one-thread point is kept
# only once its regime has a calibration, and the idle vCPU of one that
# runs alone is moved more often than two busy ones
order="1 2"
[ -z "$want" ] || order="2 1"
for th in $order; do
	for s in ${strategies//,/ }; do
		rm -f "$out/point.csv"
		for try in 1 2 3; do
			b= bp10= bp90= bs= a= ap10= ap90= as=
			# not in the regime asked for: the try is not run
			if await_regime && read -r b bp10 bp90 bs <<<"$(pingpong)" &&
				calibrate_in "$(regime "${b:-0}")" && await_regime; then
				read -r b bp10 bp90 bs <<<"$(pingpong)"
				"$B" run --strategy "$s" "${shape[@]/1,2/$th}" --duration "$duration" --warmup 0.1 \
					--reps "$reps" --seed 1 --quiet --out "$out/point.csv" --force || exit
				read -r a ap10 ap90 as <<<"$(pingpong)"
			fi
			r=$(regime "$(awk -v a="${a:-0}" -v b="${b:-0}" 'BEGIN { print (a + b) / 2 }')")
			# one thread shares no line: under --regime its point
			# is the regime's whatever the idle vCPU did meanwhile
			# (moved, on session 20's host, within most points)
			alone=0
			[ -n "$want" ] && [ "$th" = 1 ] && [ -n "$a" ] && alone=1 r=$want
			kept=yes
			if [ $alone = 0 ] && ! same_regime "${b:-0}" "${a:-0}" "${bs:-none}" "${as:-none}"; then
				kept=no
			elif [ $per_regime = 1 ] && [ -z "$(calibrations "$r")" ]; then
				kept=no # no profile of its regime yet: measure it again
			elif [ -n "$want" ] && [ "$r" != "$want" ]; then
				kept=no
			fi
			# the third try's regime did not hold either: on
			# machines/host, where the regime picks the profile, the
			# point is left out and the table says so; another
			# machine's profile is the same whatever the regime
			if [ $kept = no ] && [ $try = 3 ]; then
				kept=yes
				[ $per_regime = 1 ] || [ -n "$want" ] && kept=unsettled
			fi
			echo "$s,$th,$try,$b,$bp10,$bp90,$bs,$a,$ap10,$ap90,$as,$kept,$r" >>"$out/pingpong.csv"
			[ $kept = yes ] && break
		done
		[ -f "$out/point.csv" ] || continue
		if [ -s "$out/measured.csv" ]; then
			grep -v '^#' "$out/point.csv" | tail -n +2 >>"$out/measured.csv"
		else
			cp "$out/point.csv" "$out/measured.csv"
		fi
	done
done
rm -f "$out/point.csv"
}

# The regimes the kept points ran in, and the strategies measured in one
# regime at any of some thread counts: "strategy,strategy,...".
regimes() { awk -F, 'NR > 1 && $12 == "yes" { print $13 }' "$out/pingpong.csv" | sort -un; }
points_of() { # regime threads (a comma list): each strategy once
	awk -F, -v r="$1" -v t=",$2," 'NR > 1 && $12 == "yes" && $13 == r &&
		index(t, "," $2 ",") && !seen[$1]++ { print $1 }' "$out/pingpong.csv" | paste -sd, -
}
[ -n "$(regimes)" ] || {
	echo "validate.sh: no point was kept (pingpong.csv)${want:+: none ran in the regime of a $want_ns-ns ping-pong within --regime-wait $want_wait s}; run again${want:+ when the host is in it, or wait longer}" >&2
	exit 1
}
for r in $(regimes); do
	median_profile "$r" || exit
	[ -f "$(profile_of "$r")" ] || [ $per_regime = 0 ] ||
		die "no profile of the $r ns regime could be calibrated ($out/$r/calibrate.log); run again on a quiet machine"
done

# Model runs of a binary on a profile's stage, one regime at a time, into
# one CSV: NAME BINARY THREADS STAGE-PROFILE-FUNCTION
model_stage() {
	local name=$1 bin=$2 threads=$3 prof=$4 r list first=1
	: >"$out/$name.csv"
	for r in $(regimes); do
		list=$(points_of "$r" "$threads")
		[ -n "$list" ] || continue
		"$bin" run --mode model --machine "$($prof "$r")" --strategy "$list" \
			--threads "$threads" --pages 1024 --file-frac 0.5 --reps "$reps" --seed 1 "${model_forks[@]}" --jobs "$jobs" \
			--quiet --out "$out/$name.part.csv" --force || return 1
		# keep the rows of the points measured in this regime
		awk -F, -v r="$r" -v first=$first -v pp="$out/pingpong.csv" '
			BEGIN { while ((getline l < pp) > 0) { split(l, f, ","); if (f[12] == "yes" && f[13] == r) want[f[1] SUBSEP f[2]] = 1 } }
			/^#/ { if (first) print; next }
			!h { for (i = 1; i <= NF; i++) c[$i] = i; h = 1; if (first) print; next }
			(($c["strategy"] SUBSEP $c["threads"]) in want)' "$out/$name.part.csv" >>"$out/$name.csv"
		first=0
	done
	rm -f "$out/$name.part.csv"
}

# CSV's rows with the columns of the measured points, by name (empty
# where CSV has none): --remodel of points measured by an older build.
as_measured() {
	awk -F, -v want="$(grep -v '^#' "$out/measured.csv" | head -1)" '
		BEGIN { n = split(want, w, ",") }
		/^#/ { print; next }
		!h { for (i = 1; i <= NF; i++) c[$i] = i; h = 1; print want; next }
		{
			l = ""
			for (i = 1; i <= n; i++)
				l = l (i > 1 ? "," : "") (w[i] in c ? $c[w[i]] : "")
			print l
		}' "$1" >"$1.tmp" && mv "$1.tmp" "$1"
}

# The model: deterministic, new start phases each repetition.
model_stage model "$B" 1,2 profile_of || exit
[ "$(grep -v '^#' "$out/measured.csv" | head -1)" = "$(grep -v '^#' "$out/model.csv" | head -1)" ] ||
	as_measured "$out/model.csv"
[ "$(grep -v '^#' "$out/measured.csv" | head -1)" = "$(grep -v '^#' "$out/model.csv" | head -1)" ] ||
	die "measured and modelled rows have different columns"
{ cat "$out/measured.csv"; grep -v '^#' "$out/model.csv" | tail -n +2; } >"$out/raw.csv"
"$B" summarize "$out/raw.csv" --out "$out/summary.csv" --force >/dev/null || exit
{
	table "$out/summary.csv" "$out/pingpong.csv"
	awk -F, 'NR > 1 && $12 == "yes" { n++; b += $4; a += $8; if ($7 != "stable" || $11 != "stable") u++; r[$13]++ }
	NR > 1 && $12 == "unsettled" { left = left sprintf("%s%s (%s threads)", left == "" ? "" : ", ", $1, $2) }
	END {
		if (left != "")
			printf "\nLeft out: %s: the ping-pong moved between regimes over the point%s on each of three tries (pingpong.csv); run them again.\n", left, want == "" ? "" : ", or was not of the regime --regime asked for,"
		if (!n) exit
		printf "\nRegime: the ping-pong was %.1f ns one way before and %.1f after the measured points, on average (%d of %d brackets not stable; pingpong.csv); points per regime:", b / n, a / n, u, n
		for (k in r) printf " %s ns %d", k, r[k]
		printf "; each modelled on the profile calibrated in its regime\n"
	}' want="$want" "$out/pingpong.csv"
	# the inputs the two-thread figures move with most (docs/model.md)
	for r in $(regimes); do
		[ -f "$out/$r/host" ] || continue
		awk -v r="$r" '/^(hit|c2c_socket|c2c_read|near_walk|overlap) / {
			s = s sprintf("%s%s %s %s", s == "" ? "" : ", ", $1, $2, $3) }
		END { if (s != "") printf "Profile %s/host (%s): %s\n", r, n, s }' \
			n="$(calibrations "$r" | wc -l | awk '{ print $1 <= 1 ? "one calibration" : "the median of " $1 " calibrations" }')" "$out/$r/host"
	done
} | tee "$out/table.md"
[ $ablation = 1 ] || exit 0

# The ablation: the same model points on profiles with the choices off,
# each regime's profile stripped alike.  The overlap comes in first with
# none of its rules (every miss on a stream shares its whole cost), then
# each rule in turn: streams that must step, a locked operation's own
# cost not shared, prefetches another CPU's write takes back.
mkdir -p "$out/ablation"
rule_stages=(overlap stream_train locked_overlap prefetch_steal)
for r in $(regimes); do
	full=$(profile_of "$r")
	[[ $full == */* ]] || full=machines/$full
	[ -f "$full" ] || die "--ablation needs the profile as a file: $full"
	mkdir -p "$out/ablation/$r"
	# the first level comes in last: every stage before it has none
	prof=$out/ablation/$r/without-l1
	grep -v '^\(l1\|l1_ways\|l2_hit\|l2_rmw\) ' "$full" >"$prof"
	strip() { grep -v '^\(overlap\|store_buffer\|handoff\|stream_train\|locked_overlap\|prefetch_steal\|c2c_read\|read_owns\|round_jitter\|near_walk\|probe_at\) ' "$prof"; }
	off="handoff free # ablation: the herd's re-reads cost nothing"
	# the overlap's rules (machines/README.md), turned on one at a time
	rules=("stream_train none # ablation" "locked_overlap whole # ablation" "prefetch_steal off # ablation")
	{ strip; echo "$off"; } >"$out/ablation/$r/calibration"
	for i in 0 1 2 3; do
		{ strip; grep '^overlap ' "$prof"; printf '%s\n' "${rules[@]:i}"; echo "$off"; } \
			>"$out/ablation/$r/${rule_stages[i]}"
	done
	{ strip; grep '^\(overlap\|store_buffer\) ' "$prof"; echo "$off"; } >"$out/ablation/$r/store_buffer"
	# then the read transfer (machines/README.md: c2c_read, read_owns)
	strip >"$out/ablation/$r/handoffs"
	grep '^\(overlap\|store_buffer\|handoff\) ' "$prof" >>"$out/ablation/$r/handoffs"
	{ cat "$out/ablation/$r/handoffs"; grep '^c2c_read ' "$prof"; } >"$out/ablation/$r/c2c_read"
	grep -v '^\(round_jitter\|near_walk\|probe_at\) ' "$prof" >"$out/ablation/$r/read_owns"
	grep -v '^\(near_walk\|probe_at\) ' "$prof" >"$out/ablation/$r/round_jitter"
	grep -v '^probe_at ' "$prof" >"$out/ablation/$r/near_walk"
	# then where a read, or a locked operation that waited, is answered
	# (machines/README.md: probe_at)
	cp "$prof" "$out/ablation/$r/probe_at"
	# then the first-level cache (machines/README.md: l1, l2_hit, l2_rmw)
	cp "$full" "$out/ablation/$r/l1"
done
stages=(calibration "${rule_stages[@]}" store_buffer handoffs c2c_read read_owns round_jitter near_walk probe_at l1)
if [ -n "$before_bin" ]; then
	# The build before knows one profile, its own calibration, and may not
	# know the newer strategies: its column leaves them out ("-").
	known=$("$before_bin" list | awk '/^$/ { exit } { print $1 }' |
		grep -xF -f <(tr , '\n' <<<"$strategies") | paste -sd, -)
	"$before_bin" run --mode model --machine "$before_prof" --strategy "$known" --threads 2 \
		--pages 1024 --file-frac 0.5 --reps "$reps" --seed 1 "${model_forks[@]}" --jobs "$jobs" --quiet \
		--out "$out/ablation/before.csv" --force || exit
	stages=(before "${stages[@]}")
fi
for st in "${stages[@]}"; do
	stage_prof() { echo "$out/ablation/$1/$st"; }
	[ "$st" = before ] || model_stage "ablation/$st" "$B" 2 stage_prof || exit
	"$B" summarize "$out/ablation/$st.csv" --out "$out/ablation/$st.summary.csv" --force >/dev/null || exit
done
awk -F, -v stages="${stages[*]}" '
	FNR == 1 { file++ }
	/^#/ { next }
	{ if (!hdr[file]++) { delete c; for (i = 1; i <= NF; i++) c[$i] = i; next } }
	function v(name) { return (name in c) ? $c[name] : "" }
	v("threads") != 2 { next }
	file == 1 && v("mode") == "measured" { mea[v("strategy")] = v("ns_per_pte_median"); if (!(v("strategy") in seen)) { seen[v("strategy")] = 1; order[++ns] = v("strategy") } }
	file > 1 { mod[file - 1, v("strategy")] = v("ns_per_pte_median") }
	END {
		n = split(stages, st, " ")
		printf "\nAblation: two-thread model/measured ns/pte, each choice on in turn, cumulative\n\n| strategy | measured ns/pte |"
		for (i = 1; i <= n; i++) printf " %s |", st[i] == "calibration" ? "calibration" : st[i] == "before" ? "before" : "+ " st[i]
		printf "\n| --- | ---: |"
		for (i = 1; i <= n; i++) printf " ---: |"
		printf "\n"
		for (s = 1; s <= ns; s++) {
			printf "| %s | %.2f |", order[s], mea[order[s]]
			for (i = 1; i <= n; i++) {
				m = mod[i, order[s]]
				printf " %s |", (m == "" || mea[order[s]] <= 0) ? "-" : sprintf("%.2f", m / mea[order[s]])
			}
			printf "\n"
		}
	}' "$out/summary.csv" $(for st in "${stages[@]}"; do echo "$out/ablation/$st.summary.csv"; done) |
	tee -a "$out/table.md"
