# throughput: forks per second (wall clock) against driver threads, a line
# per strategy with the 95% CI of its median, and dashed in the same
# colour the linear scaling of its fewest-threads figure.
dir = system(sprintf("dirname '%s'", ARG0)) . "/"
load dir . "style.gp"

xt = meta("xtics")
logx = mnum("xratio") >= 8

do for [fmt in "png svg"] {
	eval output(fmt)
	set title g_title
	eval decorate
	eval "set xtics " . xt
	if (logx) { set logscale x 2 }
	set autoscale xfix
	set offsets graph 0.05, graph 0.05, 0, 0
	set yrange [0 : *]
	set format y "%.0f"
	plot for [i = 1:nblocks] in index (i - 1) using (dodge($1, i, nblocks, logx)):2 \
		with linespoints lw 2 lc rgb scol(word(keys, i)) pt spt(word(keys, i)) ps 1.1 \
		title word(titles, i), \
	     for [i = 1:nblocks] in index (i - 1) using (dodge($1, i, nblocks, logx)):3:(0):($4 - $3) \
		with vectors heads size screen 0.005, 90 lw 1 lc rgb scol(word(keys, i)) notitle, \
	     for [i = 1:nblocks] in index (i - 1) using (dodge($1, i, nblocks, logx)):5 with lines \
		dt 2 lw 1 lc rgb scol(word(keys, i)) notitle, \
	     NaN with lines dt 2 lw 1 lc rgb "#666666" title "linear scaling"
	set output
}
