# chainlength: cost against sharing.  Left: ns per pte against live
# children per fork round (or the file share of each process), a line per
# strategy (colour) and value of the other sharing knob (dash, point).
# Right: the pte-chain nodes walked per removal, for the strategies that
# keep chains.  A modelled line (--mode model) is thinner, with open
# points; the key names the modelled machines (open points, thin).
dir = system(sprintf("dirname '%s'", ARG0)) . "/"
load dir . "style.gp"

xt = meta("xtics")
logx = mnum("logx")
walk = mnum("walk")
series = meta("series")
strats = meta("strats")
wblocks = meta("walkblocks")

# The legend: strategies by colour, the other knob by dash and point.
machines = meta("machines")
legend = "for [s in strats] NaN with lines lw 2 lc rgb scol(s) title s, " . \
	 "for [j = 1:words(series)] NaN with linespoints lw 1.5 lc rgb '#444444' dt j pt (2 * j + 3) title word(series, j)" . \
	 ", for [m in machines] NaN with linespoints lw 1.2 lc rgb '#444444' pt 6 title 'model: ' . m"

do for [fmt in "png svg"] {
	eval output(fmt)
	if (walk) { set multiplot layout 1, 2 title g_title font ",13" } else { set title g_title }
	eval "set xtics " . xt
	if (logx) { set logscale x 2 }
	set autoscale xfix
	set offsets graph 0.04, graph 0.04, 0, 0
	set xlabel g_xlabel
	set ylabel g_ylabel
	set yrange [0 : *]
	set bmargin 5
	if (walk) { unset key; set title "cost" font ",11" } else { set key outside right top }
	if (g_note ne "") { set label 99 g_note at screen 0.5, screen g_note_y center font ',9' tc rgb '#555555' }
	plot for [i = 1:nblocks] in index (i - 1) using (dodge($1, i, nblocks, logx)):2 \
		with linespoints lw (mdl(i) ? 1.2 : 2) lc rgb scol(word(keys, i)) dt int(word(dts, i)) \
		pt mpt(i) ps 1.1 notitle, \
	     for [i = 1:nblocks] in index (i - 1) using (dodge($1, i, nblocks, logx)):3:(0):($4 - $3) \
		with vectors heads size screen 0.005, 90 lw 1 lc rgb scol(word(keys, i)) notitle, \
	     @legend
	unset label 99
	if (walk) {
		set title "chain length" font ",11"
		set ylabel "pte-chain nodes walked per removal (average)"
		set key outside right top
		plot for [b in wblocks] in index (b - 1) using 1:5 with linespoints \
			lw (mdl(b + 0) ? 1.2 : 2) lc rgb scol(word(keys, b + 0)) dt int(word(dts, b + 0)) \
			pt mpt(b + 0) ps 1.1 notitle, @legend
		unset multiplot
	}
	set output
}
