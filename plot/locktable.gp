# locktable: ns per pte against the number of rmap locks (log x): hashed
# (packed locks) as one line, padded (and batched) one line per lock
# stride, dashes and points telling the strides apart.
# A modelled line (--mode model) is thinner, with open points, and its
# title names the machine.
dir = system(sprintf("dirname '%s'", ARG0)) . "/"
load dir . "style.gp"

xt = meta("xtics")

do for [fmt in "png svg"] {
	eval output(fmt)
	set title g_title
	eval decorate
	eval "set xtics " . xt
	set logscale x 2
	set autoscale xfix
	set offsets graph 0.04, graph 0.04, 0, 0
	set yrange [0 : *]
	plot for [i = 1:nblocks] in index (i - 1) using (dodge($1, i, nblocks, 1)):2 \
		with linespoints lw (mdl(i) ? 1.2 : 2) lc rgb scol(word(keys, i)) dt int(word(dts, i)) \
		pt mpt(i) ps 1.1 title word(titles, i), \
	     for [i = 1:nblocks] in index (i - 1) using (dodge($1, i, nblocks, 1)):3:(0):($4 - $3) \
		with vectors heads size screen 0.005, 90 lw 1 lc rgb scol(word(keys, i)) notitle
	set output
}
