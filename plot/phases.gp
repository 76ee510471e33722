# phases: what one pte costs in the fork (setup, solid) and the exit
# (teardown, a lighter shade) phase, stacked, a bar per strategy; clusters per
# combination of the swept parameters.  Error bars: the 95% CI of each
# phase's median, the exit one drawn on top of the fork median.  A
# modelled bar (--mode model) is hatched, its cluster labelled
# "model: MACHINE".
dir = system(sprintf("dirname '%s'", ARG0)) . "/"
load dir . "style.gp"

xt = meta("xtics")
xmax = mnum("xmax")
w = 0.42
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
	set yrange [0 : *]
	# A bar that is not of this kind gets NaN for x, not for its top:
	# gnuplot 5.4 draws boxxyerror from 0 to the lower bound when the
	# upper one is NaN, which hatched every measured fork segment.
	plot for [i = 1:nblocks] in index (i - 1) using ($9 != 0 ? NaN : $1):2:($1 - w):($1 + w):(0):2 \
		with boxxyerror fs solid 1.0 noborder lc rgb scol(word(keys, i)) title btitle(i), \
	     for [i = 1:nblocks] in index (i - 1) using ($9 != 0 ? $1 : NaN):2:($1 - w):($1 + w):(0):2 \
		with boxxyerror fs pattern 4 border lc rgb scol(word(keys, i)) lc rgb scol(word(keys, i)) notitle, \
	     for [i = 1:nblocks] in index (i - 1) using ($9 != 0 ? NaN : $1):6:($1 - w):($1 + w):2:6 \
		with boxxyerror lc rgb light(scol(word(keys, i))) \
		fs solid 1.0 border lc rgb scol(word(keys, i)) notitle, \
	     for [i = 1:nblocks] in index (i - 1) using ($9 != 0 ? $1 : NaN):6:($1 - w):($1 + w):2:6 \
		with boxxyerror lc rgb light(scol(word(keys, i))) \
		fs pattern 5 border lc rgb scol(word(keys, i)) notitle, \
	     @modelled_key \
	     for [i = 1:nblocks] in index (i - 1) using ($1 - 0.12):3:(0):($4 - $3) with vectors \
		heads size screen 0.006, 90 lc rgb "#222222" notitle, \
	     for [i = 1:nblocks] in index (i - 1) using ($1 + 0.12):7:(0):($8 - $7) with vectors \
		heads size screen 0.006, 90 lc rgb "#222222" notitle, \
	     NaN with boxes fs solid 1.0 lc rgb "#666666" title "fork (setup)", \
	     NaN with boxes lc rgb light(0x666666) fs solid 1.0 border lc rgb 0x666666 title "exit (teardown)"
	set output
}
