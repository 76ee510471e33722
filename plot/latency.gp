# latency: the p50, p90, p99 and p99.9 of one fork (left) and one exit
# (right) in ns, log y, a line per strategy, both panels on one scale.
dir = system(sprintf("dirname '%s'", ARG0)) . "/"
load dir . "style.gp"

stats in using 2:3 nooutput
ylo = (STATS_min_x < STATS_min_y ? STATS_min_x : STATS_min_y) / 1.5
yhi = (STATS_max_x > STATS_max_y ? STATS_max_x : STATS_max_y) * 1.5

do for [fmt in "png svg"] {
	eval output(fmt)
	set multiplot layout 1, 2 title g_title font ",13"
	set xtics ("p50" 1, "p90" 2, "p99" 3, "p99.9" 4)
	set xrange [0.7 : 4.3]
	set logscale y 10
	set yrange [ylo : yhi]
	set format y "%.0f"
	set ytics (1)
	do for [e = 0:10] { set ytics add (10**e, 2 * 10**e, 5 * 10**e) }
	set mytics 10
	set xlabel g_xlabel
	set ylabel g_ylabel
	set lmargin 11
	set rmargin 2
	set bmargin (g_note ne "" ? 6 : 4)
	set title "fork (setup)" font ",11"
	unset key
	plot for [i = 1:nblocks] in index (i - 1) using 1:2 with linespoints \
		lw 2 lc rgb scol(word(keys, i)) pt spt(word(keys, i)) ps 1.1 \
		title word(keys, i)
	set title "exit (teardown)" font ",11"
	unset ylabel
	set rmargin 14
	set key outside right top
	if (g_note ne "") { set label 99 g_note at screen 0.5, screen g_note_y center font ',9' tc rgb '#555555' }
	plot for [i = 1:nblocks] in index (i - 1) using 1:3 with linespoints \
		lw 2 lc rgb scol(word(keys, i)) pt spt(word(keys, i)) ps 1.1 \
		title word(keys, i)
	unset label 99
	unset multiplot
	set output
}
