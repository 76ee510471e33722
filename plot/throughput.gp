# throughput: forks per second (wall clock) against driver threads, a line
# per strategy with the 95% CI of its median, and dotted in the same
# colour the linear scaling of its fewest-threads figure.  A file with
# modelled points (--mode model) has a line per strategy, mode and
# machine: measured solid with filled points, each modelled machine its
# own dashes with open points, its key naming the machine.  Thread counts
# spanning more than 16x (1 to 1024 CPUs) go on log-log axes, where
# linear scaling is a diagonal.
dir = system(sprintf("dirname '%s'", ARG0)) . "/"
load dir . "style.gp"

xt = meta("xtics")
logx = mnum("xratio") >= 8
logy = mnum("xratio") > 16
if (nblocks > 24) { g_height = 600 + 16 * (nblocks - 24) }

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
		with linespoints lw 2 lc rgb scol(word(keys, i)) dt int(word(dts, i)) \
		pt mpt(i) ps 1.1 title word(titles, i), \
	     for [i = 1:nblocks] in index (i - 1) using (dodge($1, i, nblocks, logx)):3:(0):($4 - $3) \
		with vectors heads size screen 0.005, 90 lw 1 lc rgb scol(word(keys, i)) notitle, \
	     for [i = 1:nblocks] in index (i - 1) using (dodge($1, i, nblocks, logx)):5 with lines \
		dt 3 lw 1 lc rgb scol(word(keys, i)) notitle, \
	     NaN with lines dt 3 lw 1 lc rgb "#666666" title "linear scaling"
	set output
}
