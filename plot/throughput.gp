# throughput: forks per second (wall clock) against driver threads, a line
# per strategy with the 95% CI of its median, and dotted in the same
# colour the linear scaling of its fewest-threads figure.  A file with
# modelled points (--mode model) has a line per strategy, mode and
# machine: measured solid with filled points, each modelled machine its
# own dashes with open points, its key naming the machine (past 16 lines
# the key names strategies by colour, then measured and each machine by
# dashes and points, rather than every line).  Thread counts
# spanning more than 16x (1 to 1024 CPUs) go on log-log axes, where
# linear scaling is a diagonal.
dir = system(sprintf("dirname '%s'", ARG0)) . "/"
load dir . "style.gp"

xt = meta("xtics")
logx = mnum("xratio") >= 8
logy = mnum("xratio") > 16
strats = meta("strats")
machines = meta("machines")
factored = nblocks > 16 && words(machines) > 0
measured = 0
do for [i = 1:nblocks] { if (mdl(i) == 0) { measured = 1 } }
key_by_kind = ""
if (factored) {
	# machine j's dashes: those of its lines
	array MDT[words(machines)]
	do for [i = 1:nblocks] { if (mdl(i) > 0) { MDT[mdl(i)] = int(word(dts, i)) } }
	key_by_kind = "for [s in strats] NaN with lines lw 2 lc rgb scol(s) title s, " . \
		(measured ? "NaN with linespoints lw 2 dt 1 pt 5 lc rgb '#444444' title 'measured', " : "") . \
		"for [j = 1:words(machines)] NaN with linespoints lw 1.5 dt MDT[j] pt 4 ps 1.3 lc rgb '#444444' " . \
		"title 'model: ' . word(machines, j), "
}
nkeys = factored ? words(strats) + measured + words(machines) + 1 : nblocks + 1
if (nkeys > 26) { g_height = 600 + 18 * (nkeys - 26) }

do for [fmt in "png svg"] {
	eval output(fmt)
	set title g_title
	eval decorate
	eval "set xtics " . xt
	if (logx) { set logscale x 2 }
	set autoscale xfix
	set offsets graph 0.05, graph 0.05, 0, 0
	if (logy) {
		set logscale y 10
		set yrange [* : *]
		set format y "%.0s%c"
	} else {
		set yrange [0 : *]
		set format y "%.0f"
	}
	plot for [i = 1:nblocks] in index (i - 1) using (dodge($1, i, nblocks, logx)):2 \
		with linespoints lw (mdl(i) ? 1.5 : 2) lc rgb scol(word(keys, i)) dt int(word(dts, i)) \
		pt mpt(i) ps (mdl(i) ? 1.3 : 1.1) title (factored ? "" : word(titles, i)), \
	     for [i = 1:nblocks] in index (i - 1) using (dodge($1, i, nblocks, logx)):3:(0):($4 - $3) \
		with vectors heads size screen 0.005, 90 lw 1 lc rgb scol(word(keys, i)) notitle, \
	     for [i = 1:nblocks] in index (i - 1) using (dodge($1, i, nblocks, logx)):5 with lines \
		dt 3 lw 1 lc rgb scol(word(keys, i)) notitle, \
	     @key_by_kind NaN with lines dt 3 lw 1 lc rgb "#666666" title "linear scaling"
	set output
}
