# overhead: the rmap overhead of each strategy over `none` (ns per pte,
# in %), a cluster of bars per thread count (or per combination of the
# swept parameters).  Error bars: the 95% CI of the strategy's median
# against none's median.  A modelled bar (--mode model) is hatched, its
# cluster labelled "model: MACHINE"; a measured one is solid.
dir = system(sprintf("dirname '%s'", ARG0)) . "/"
load dir . "style.gp"

xt = meta("xtics")
xmax = mnum("xmax")
nclusters = mnum("clusters")
nbars = xmax / (nblocks + 1) * nblocks
modelled_key = mnum("modelled") ? "NaN with boxes fs pattern 4 border lc rgb '#666666' lc rgb '#666666' title 'modelled (not measured)'," : ""

do for [fmt in "png svg"] {
	eval output(fmt)
	set title g_title
	eval decorate
	eval "set xtics " . xt
	set xtics scale 0
	if (mnum("rotate")) { set xtics rotate by 35 right; set bmargin (g_note ne "" ? 12 + g_note_lines : 11); set lmargin 16 }
	if (mnum("ticklines") > 1) { set xlabel offset 0, -(mnum("ticklines") - 1) }
	set xrange [0.3 : xmax - 0.3]
	set yrange [*<0 : 0<*]
	set xzeroaxis lt -1 lc rgb "#444444"
	set boxwidth 0.85 absolute
	if (nclusters == 1) { unset key } else { set key }
	set format y "%g%%"
	plot for [i = 1:nblocks] in index (i - 1) using 1:($5 != 0 ? NaN : $2) with boxes \
		lc rgb scol(word(keys, i)) title btitle(i), \
	     for [i = 1:nblocks] in index (i - 1) using 1:($5 != 0 ? $2 : NaN) with boxes \
		fs pattern 4 border lc rgb scol(word(keys, i)) lc rgb scol(word(keys, i)) notitle, \
	     @modelled_key \
	     for [i = 1:nblocks] in index (i - 1) using 1:3:(0):($4 - $3) with vectors \
		heads size screen 0.006, 90 lc rgb "#222222" notitle, \
	     for [i = 1:nblocks] in index (i - 1) using 1:($4 > 0 ? $4 : 0):(nbars <= 14 ? sprintf("%+.0f%%", $2) : "") \
		with labels offset 0, 0.8 font ",9" notitle
	set output
}
