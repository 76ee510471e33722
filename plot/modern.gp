# modern: today's fork path.  Left, forks per second (wall clock) against
# driver threads, a line per strategy with the 95% CI of its median;
# modelled lines (--mode model, on the RFC's machine) dashed with open
# points, their key naming the machine, on a log scale beside the
# measured ones.
# Right, the gain of folio-batched over folio in forks per second against
# the vmas mapping each file, a line per thread count, its 95% CI from the
# two medians' intervals; shaded, what the June 2026 RFC measured for
# batching the link side at fork: 2-7% more execs per second on an AMD
# EPYC 9754 with 512 threads (a different workload: doexec, which execs).
dir = system(sprintf("dirname '%s'", ARG0)) . "/"
load dir . "style.gp"

nleft = mnum("nleft")
nmodelled = mnum("nmodelled")
lpt(i) = mdl(i) ? opt(spt(word(keys, i))) : spt(word(keys, i))
rtitles = meta("rtitles")
nright = words(rtitles)
left_note = meta("left")

do for [fmt in "png svg"] {
	eval output(fmt)
	set multiplot layout 1, 2 title g_title
	eval decorate
	set title left_note font ",11"
	set logscale x 2
	set autoscale xfix
	set offsets graph 0.05, graph 0.05, 0, 0
	if (nmodelled > 0) {
		set logscale y 10
		set yrange [* : *]
		set format y "%.0s%c"
		set key inside left bottom
	} else {
		set yrange [0 : *]
		set format y "%.0f"
		set key inside left top
	}
	plot for [i = 1:nleft] in index (i - 1) using 1:2 \
		with linespoints lw (mdl(i) ? 1.5 : 2) dt int(mdl(i) ? 2 : 1) \
		lc rgb scol(word(keys, i)) pt lpt(i) ps (mdl(i) ? 1.3 : 1.1) \
		title btitle(i), \
	     for [i = 1:nleft] in index (i - 1) using 1:3:(0):($4 - $3) \
		with vectors heads size screen 0.005, 90 lw 1 lc rgb scol(word(keys, i)) notitle
	unset label 99
	unset logscale y
	set title "folio-batched against its baseline, measured" font ",11"
	set xlabel meta("rxlabel")
	set ylabel meta("rylabel")
	set yrange [-25<*<-2 : 8<*<40]
	set format y "%+.0f%%"
	set xzeroaxis lt -1 lc rgb "#444444"
	set object 1 rect from graph 0, first 2 to graph 1, first 7 behind \
		fc rgb "#e8e0f0" fs solid 1.0 noborder
	set label 1 "RFC 2026: +2-7% execs/s, EPYC 9754, 512 threads" \
		at graph 0.02, first 7 offset 0, -0.8 font ",9" tc rgb "#555555"
	set key inside right bottom
	plot for [i = 1:nright] in index (nleft + i - 1) using 1:2 \
		with linespoints lw 2 dt i pt 2 * i + 3 ps 1.1 lc rgb scol("folio-batched") \
		title word(rtitles, i), \
	     for [i = 1:nright] in index (nleft + i - 1) using 1:3:(0):($4 - $3) \
		with vectors heads size screen 0.005, 90 lw 1 lc rgb scol("folio-batched") notitle
	unset object 1
	unset label 1
	unset multiplot
	set output
}
