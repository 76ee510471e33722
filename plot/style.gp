# Shared by every graph script: one colour and one point type per strategy
# (the same on every graph), the two output terminals, and the reader of
# the "# key: value" lines that `rmapbench plotdata` writes at the top of each .dat file.
#
# A graph script is run as
#	gnuplot -e "in='DATA.dat'; out='DIR/suite/graph'" plot/graph.gp
# and draws out.png and out.svg from the blocks of DATA.dat.

# Colour-blind-safe (Okabe-Ito) hues as 0xRRGGBB; none is the grey
# baseline.  Use as `lc rgb scol("hashed")`.
scol(s) = s eq "none"    ? 0x7f7f7f : \
	  s eq "global"  ? 0xd55e00 : \
	  s eq "pagebit" ? 0xe69f00 : \
	  s eq "hashed"  ? 0x0072b2 : \
	  s eq "padded"  ? 0x56b4e9 : \
	  s eq "batched" ? 0x009e73 : \
	  s eq "daniel"  ? 0x999933 : \
	  s eq "objrmap" ? 0xcc79a7 : \
	  s eq "avc"     ? 0x882255 : \
	  s eq "folio"   ? 0x44aa99 : \
	  s eq "mainline" ? 0x117733 : \
	  s eq "folio-batched" ? 0x332288 : 0x333333
# The same hue mixed with white (f of the way): a lighter shade that needs
# no transparency, so every SVG renderer shows it alike.
chan(c, sh, f) = int(((c >> sh) & 255) + (255 - ((c >> sh) & 255)) * f) << sh
light(c) = chan(c, 16, 0.6) | chan(c, 8, 0.6) | chan(c, 0, 0.6)
spt(s) = s eq "none"    ? 5 : \
	 s eq "global"  ? 7 : \
	 s eq "pagebit" ? 9 : \
	 s eq "hashed"  ? 13 : \
	 s eq "padded"  ? 11 : \
	 s eq "batched" ? 15 : \
	 s eq "daniel"  ? 2 : \
	 s eq "objrmap" ? 3 : \
	 s eq "avc"     ? 4 : \
	 s eq "folio"   ? 6 : \
	 s eq "mainline" ? 10 : \
	 s eq "folio-batched" ? 8 : 1

# The value of "# key: value" in the data file, "" when absent.
meta(k) = system(sprintf("sed -n 's/^# %s: //p' '%s' | head -n 1", k, in))
# The same as a number, 0 when absent.
mnum(k) = (m_ = meta(k), m_ eq "" ? 0 : m_ + 0)

# "png" or "svg": the terminal and the output file, g_height pixels high
# (a script with a long key may set it taller before drawing).
g_height = 600
output(fmt) = fmt eq "png" ? \
	sprintf("set terminal pngcairo size 1000,%d noenhanced font 'DejaVu Sans,11' linewidth 1.2; set output '%s.png'", g_height, out) : \
	sprintf("set terminal svg size 1000,%d dynamic noenhanced font 'DejaVu Sans,11' linewidth 1.2 background '#ffffff'; set output '%s.svg'", g_height, out)

set encoding utf8
set datafile missing "?"
set grid ytics lc rgb "#d8d8d8" lw 1 dt 1
set border 3 lc rgb "#444444"
set tics nomirror out
set key outside right top vertical Left reverse noautotitle samplen 2.5 spacing 1.15
set style fill solid 1.0 border -1
set errorbars 0.6
set bars front
set title font ",13"

# What every data file says about itself (`rmapbench plotdata` writes them).
g_title = meta("title")
g_xlabel = meta("xlabel")
g_ylabel = meta("ylabel")
# The note under the graph, a line per "; "-separated clause, so that a
# long one is not clipped at the edges.
wrap(s) = strstrt(s, "; ") ? s[1:strstrt(s, "; ") - 1] . "\n" . wrap(s[strstrt(s, "; ") + 2:]) : s
nclauses(s) = strstrt(s, "; ") ? 1 + nclauses(s[strstrt(s, "; ") + 2:]) : 1
g_note_raw = meta("note")
g_note = wrap(g_note_raw)
g_note_lines = g_note_raw eq "" ? 0 : nclauses(g_note_raw)
g_note_y = 0.02 + 0.022 * (g_note_lines - 1)
keys = meta("keys")		# the strategy of each block
titles = meta("titles")		# the legend title of each block
dts = meta("dts")		# its dash type...
pts = meta("pts")		# ...and point type
models = meta("models")		# 0 measured, k the k-th modelled machine
nblocks = words(keys)
# Block i's legend: "# titles:" where a suite names kernels, else its key.
btitle(i) = i <= words(titles) ? word(titles, i) : word(keys, i)
# Block i's point type; 0 in "# pts:" is its strategy's own, spt().
bpt(i) = (p_ = int(word(pts, i)), p_ ? p_ : spt(word(keys, i)))
# Block i is a modelled machine's, not a measurement (0 when not said).
mdl(i) = i <= words(models) ? int(word(models, i)) : 0
# The open twin of a filled point type (5 square ... 15 pentagon).
opt(p) = p >= 5 && p <= 15 && p % 2 ? p - 1 : p
# Block i's point type: open for a modelled line, so that no modelled
# point passes for a measured one, whatever its dashes.
mpt(i) = mdl(i) ? opt(bpt(i)) : bpt(i)
# The axes and the note under the graph, redone for each terminal.
decorate = "set xlabel g_xlabel; set ylabel g_ylabel; " . \
	   "if (g_note ne '') { set label 99 g_note at screen 0.5, screen g_note_y center font ',9' tc rgb '#555555'; set bmargin 5 + g_note_lines }"
# Lines that share x values are nudged apart (dodged) so that their error
# bars do not hide each other: block i of n, on a log2 or a linear x axis.
xspan = mnum("xspan")
dstep(n) = n > 8 ? 0.32 / n : 0.04
dodge(x, i, n, lg) = n < 2 ? x : lg ? x * 2 ** (dstep(n) * (i - (n + 1) / 2.0)) : \
	x + dstep(n) / 4 * xspan * (i - (n + 1) / 2.0)
