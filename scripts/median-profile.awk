# One profile from several calibrations of one regime (rmapbench calibrate
# --machine, each into its own file, the same keys in the same order):
# each figure the median of its calibrations', each word the one most of
# them wrote (read_owns on or off).  A line every calibration wrote alike
# is kept as written; another says it is a median, of how many, the
# range, and what the first calibration said of it.  validate.sh
# calibrates before each measured point, so that one minute of a shared
# host running slow does not price every point (docs/model.md, "A
# calibration spread over the run").
#
#   awk -f scripts/median-profile.awk CAL...
function median(a, n,    i, j, t) {
	for (i = 2; i <= n; i++)
		for (j = i; j > 1 && a[j - 1] > a[j]; j--) {
			t = a[j]; a[j] = a[j - 1]; a[j - 1] = t
		}
	return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
}
function decimals(s) { return index(s, ".") ? length(s) - index(s, ".") : 0 }
FNR == 1 { files++ }
{
	line[files, FNR] = $0
	if (FNR > lines) lines = FNR
}
END {
	for (l = 1; l <= lines; l++) {
		if (line[1, l] ~ /^#/ || line[1, l] == "") {
			print line[1, l]
			continue
		}
		same = 1
		for (f = 2; f <= files; f++)
			if (line[f, l] != line[1, l]) same = 0
		if (same) {
			print line[1, l]
			continue
		}
		# the figures: the words before the comment
		split(line[1, l], c, " # ")
		nw = split(c[1], w0, " ")
		out = w0[1]
		lo = hi = ""
		for (i = 2; i <= nw; i++) {
			delete v
			delete votes
			best = ""
			for (f = 1; f <= files; f++) {
				split(line[f, l], cf, " # ")
				split(cf[1], wf, " ")
				if (wf[1] != w0[1])
					exit_err = "line " l " names " wf[1] " in one calibration and " w0[1] " in another"
				v[f] = wf[i]
				if (++votes[wf[i]] > votes[best]) best = wf[i]
			}
			if (w0[i] !~ /^-?[0-9.]+$/) {
				out = out " " best
				continue
			}
			for (f = 1; f <= files; f++) {
				v[f] += 0
				if (i == 2 && (lo == "" || v[f] < lo)) lo = v[f]
				if (i == 2 && (hi == "" || v[f] > hi)) hi = v[f]
			}
			out = out " " sprintf("%." decimals(w0[i]) "f", median(v, files))
		}
		if (lo == "")
			printf "%s # the word most of %d calibrations of this regime wrote; the first: %s\n", out, files, c[2]
		else
			printf "%s # the median of %d calibrations of this regime (from %s to %s); the first: %s\n", out, files, lo, hi, c[2]
	}
	if (exit_err != "") {
		print "median-profile.awk: " exit_err > "/dev/stderr"
		exit 1
	}
}
