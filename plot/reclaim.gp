# reclaim: each strategy as a point, its fork+exit cost per pte (x, with
# the 95% CI of the median) against how fast a scanner thread running
# beside it got through pages (y): down and to the right is dearer forks
# bought with a faster scan, or not.
dir = system(sprintf("dirname '%s'", ARG0)) . "/"
load dir . "style.gp"

do for [fmt in "png svg"] {
	eval output(fmt)
	set title g_title
	eval decorate
	set xrange [0 : *]
	set yrange [0 : *]
	set format y "%.0s%c"
	set offsets graph 0.05, graph 0.1, graph 0.1, 0
	plot for [i = 1:nblocks] in index (i - 1) using 1:2:3:4 with xerrorbars \
		lw 1.5 lc rgb scol(word(keys, i)) pt spt(word(keys, i)) ps 1.6 \
		title word(keys, i), \
	     for [i = 1:nblocks] in index (i - 1) using 1:2:(word(keys, i)) with labels \
		offset char 0, char 1.2 font ",9" tc rgb scol(word(keys, i)) notitle
	set output
}
