/* SPDX-License-Identifier: GPL-2.0 */
#ifndef RMAPBENCH_SVG_H
#define RMAPBENCH_SVG_H

#include <stddef.h>
#include <stdio.h>

/*
 * The SVG files a report inlines are read from a results folder, which
 * anybody may have written to, and end up inside an HTML page: only a
 * well-formed <svg>...</svg> element made of drawing elements passes.
 *
 * svg_check() returns 0 and the element's bounds in svg[*start, *end)
 * (the XML prolog before it and blanks after it are dropped), or -1 with
 * a one-line reason in why: not well-formed, an element outside the
 * drawing vocabulary (script, foreignObject, style, a, image, iframe ...),
 * an event attribute (on...), a link or url() that leaves the document,
 * "javascript:", entity declarations, a NUL byte, or anything after
 * </svg> but blanks and comments.  It reads as strictly as a browser
 * ends what it reads: no "--" inside a comment (HTML ends one at "--!>"),
 * no "<!-->", HTML's blanks only, attribute values checked with their
 * entities decoded and no entity XML does not know ("&colon;").
 */
int svg_check(const char *svg, size_t len, size_t *start, size_t *end,
	      char *why, size_t wlen);

/*
 * Writes svg[0, len), an element svg_check() passed, with prefix added to
 * its ids and to every reference to them (gnuplot names every SVG's
 * symbols alike), and without gnuplot's <title> tooltip or any comment.
 */
void svg_put(FILE *f, const char *svg, size_t len, const char *prefix);

#endif
