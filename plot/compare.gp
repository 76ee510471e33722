# compare: the change of the median of each configuration point between
# two runs, one bar per point both runs measured.  Drawn by
#	plot/compare.sh OLD.csv NEW.csv OUTPREFIX
# which runs `rmapbench compare --format plot` for DATA.dat and then
#	gnuplot -e "in='DATA.dat'; out='OUTPREFIX'" plot/compare.gp
# for out.png and out.svg.  DATA.dat is tab-separated, one row per point:
#	index  label  change_pct  lo_pct  hi_pct  class  p
# class: up or down (significant: two-sided Mann-Whitney U, p < alpha),
# same (~), few (too few samples for any p below alpha).  The whisker
# runs from new ci_lo / old ci_hi - 1 to new ci_hi / old ci_lo - 1: the
# ratios the two medians' 95% intervals allow.  Both intervals hold
# together with at least 90%, so it is a conservative band for the
# change, not the test: a significant bar may still cross zero.
# "# key: value" lines carry the title, the note, the geometric mean and
# the count of each class.

dir = system(sprintf("dirname '%s'", ARG0)) . "/"
# The shared look (plot/style.gp) where there is one.
if (system(sprintf("test -f '%sstyle.gp' && echo yes", dir)) eq "yes") {
	load dir . "style.gp"
}

cmeta(k) = system(sprintf("sed -n 's/^# %s: //p' '%s' | head -n 1", k, in))
cnum(k) = (m_ = cmeta(k), m_ eq "" ? 0 : m_ + 0)

c_title = cmeta("title")
c_ylabel = cmeta("ylabel")
c_note = cmeta("note")
c_alpha = cmeta("alpha")
geo = cmeta("geomean")
npts = cnum("points")
n_up = cnum("n_up")
n_down = cnum("n_down")
n_same = cnum("n_same")
n_few = cnum("n_few")

# Wide enough for a readable label per bar.
width = npts * 34 + 300
width = width < 1000 ? 1000 : width > 6000 ? 6000 : width

set datafile separator "\t"
set encoding utf8
set grid ytics lc rgb "#d8d8d8" lw 1 dt 1
set border 3 lc rgb "#444444"
set tics nomirror out
set xtics scale 0
set xzeroaxis lt -1 lc rgb "#444444"
set boxwidth 0.7 absolute
set style fill solid 1.0 border -1
set bars front
set format y "%g%%"
set key outside right top vertical Left reverse noautotitle samplen 2.5 spacing 1.15
set xrange [-0.6 : npts - 0.4]
set yrange [*<0 : 0<*]
set offsets 0, 0, graph 0.08, graph 0.08
# Slanted labels reach down from their bar by about a third of their
# length in line heights, and left by four fifths in character widths:
# room for the first one, and for the note under them all.
rotate = cnum("rotate")
slant = int(0.36 * cnum("maxlen")) + 1
reach = int(0.8 * cnum("maxlen")) - 2
if (rotate) {
	set xtics rotate by 35 right
	set lmargin (reach > 12 ? reach : 12)
}
if (c_note ne "") {
	set label 99 c_note at screen 0.5, screen 0.02 center font ",9" tc rgb "#555555"
	set bmargin (rotate ? slant + 3 : 5)
}

# One bar set per class that has points: gnuplot warns about empty ones.
q = "'" . in . "'"
bars(cls, rgb, fill, what) = sprintf("%s using 1:(strcol(6) eq '%s' ? $3 : NaN) with boxes fs %s lc rgb '%s' title '%s', ", q, cls, fill, rgb, what)
cmd = "plot "
if (n_up > 0) { cmd = cmd . bars("up", "#d55e00", "solid 1.0 border -1", sprintf("increase, p < %s", c_alpha)) }
if (n_down > 0) { cmd = cmd . bars("down", "#0072b2", "solid 1.0 border -1", sprintf("decrease, p < %s", c_alpha)) }
if (n_same > 0) { cmd = cmd . bars("same", "#c8c8c8", "solid 1.0 border -1", "~ (not significant)") }
if (n_few > 0) { cmd = cmd . bars("few", "#888888", "solid 0.2 border -1", "too few samples (pale)") }
cmd = cmd . q . " using 1:4:(0):($5 - $4):xtic(2) with vectors heads size screen 0.006, 90 lc rgb '#222222' title 'interval of the change', "
# The change in figures, past the whisker's end, on the changed bars.
label(cond, y, dy) = sprintf("%s using 1:(%s ? %s : NaN):(npts <= 30 && strcol(6) ne 'same' ? sprintf('%%+.1f%%%%', $3) : '') with labels offset 0, %g font ',9' notitle", q, cond, y, dy)
cmd = cmd . label("$3 >= 0", "($5 > $3 ? $5 : $3)", 0.8) . ", " . label("$3 < 0", "($4 < $3 ? $4 : $3)", -0.8)
if (geo ne "NaN") {
	cmd = cmd . sprintf(", %s with lines dt 2 lw 1.5 lc rgb '#009e73' title 'geomean %+.2f%%'", geo, geo + 0)
}

do for [fmt in "png svg"] {
	if (fmt eq "png") {
		set terminal pngcairo size width, 600 noenhanced font "DejaVu Sans,11" linewidth 1.2
	} else {
		set terminal svg size width, 600 dynamic noenhanced font "DejaVu Sans,11" linewidth 1.2 background "#ffffff"
	}
	set output out . "." . fmt
	set title c_title font ",13"
	set ylabel c_ylabel
	eval cmd
	set output
}
