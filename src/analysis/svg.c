// SPDX-License-Identifier: GPL-2.0
/*
 * A strict reader of the SVG that gnuplot's svg terminal writes, for
 * inlining into report.html (issue 12, defect 10: a <script> after </svg>
 * used to land in the page).  It accepts well-formed XML of drawing
 * elements only; everything else is refused, not repaired.
 */
#include <ctype.h>
#include <stdarg.h>
#include <stdbool.h>
#include <string.h>
#include <strings.h>
#include "lib/compiler.h"
#include "svg.h"

/*
 * What a graph is drawn with: gnuplot's vocabulary and the other static
 * shapes.  Not script, style, foreignObject, a, image, animate, set,
 * iframe, object or embed: each can run code or fetch something.
 */
static const char *const drawing[] = {
	"svg",
	"g",
	"defs",
	"title",
	"desc",
	"metadata",
	"rect",
	"circle",
	"ellipse",
	"line",
	"polyline",
	"polygon",
	"path",
	"text",
	"tspan",
	"use",
	"symbol",
	"clipPath",
	"mask",
	"marker",
	"pattern",
	"filter",
	"feFlood",
	"feComposite",
	"feOffset",
	"feGaussianBlur",
	"feMerge",
	"feMergeNode",
	"feColorMatrix",
	"feBlend",
	"linearGradient",
	"radialGradient",
	"stop",
};

#define SVG_MAX_DEPTH 256

struct xml {
	const char *p, *e; /* the rest of the text */
	const char *tag[SVG_MAX_DEPTH];
	size_t tag_len[SVG_MAX_DEPTH];
	size_t depth;
	char *why;
	size_t wlen;
};

__attribute__((format(printf, 2, 3))) static int bad(struct xml *x,
						     const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(x->why, x->wlen, fmt, ap);
	va_end(ap);
	return -1;
}

static bool starts(const struct xml *x, const char *s)
{
	size_t n = strlen(s);

	return (size_t)(x->e - x->p) >= n && !memcmp(x->p, s, n);
}

static void skip_space(struct xml *x)
{
	while (x->p < x->e && isspace((unsigned char)*x->p))
		x->p++;
}

/* Moves past the next s; -1 if there is none. */
static int skip_past(struct xml *x, const char *s)
{
	size_t n = strlen(s);

	for (const char *q = x->p; q + n <= x->e; q++) {
		if (!memcmp(q, s, n)) {
			x->p = q + n;
			return 0;
		}
	}
	return -1;
}

static bool name_char(char c)
{
	return isalnum((unsigned char)c) || c == '_' || c == ':' || c == '-' ||
	       c == '.';
}

static size_t name_len(const struct xml *x)
{
	size_t n = 0;

	if (x->p >= x->e || !(isalpha((unsigned char)*x->p) || *x->p == '_'))
		return 0;
	while (x->p + n < x->e && name_char(x->p[n]))
		n++;
	return n;
}

/* The part of a name after its namespace prefix. */
static const char *local(const char *name, size_t *n)
{
	const char *colon = memchr(name, ':', *n);

	if (!colon)
		return name;
	*n -= colon + 1 - name;
	return colon + 1;
}

static bool is_drawing(const char *name, size_t n)
{
	name = local(name, &n);
	for (size_t i = 0; i < ARRAY_SIZE(drawing); i++)
		if (strlen(drawing[i]) == n && !memcmp(drawing[i], name, n))
			return true;
	return false;
}

/* "&name;" or "&#123;" at p; its length, or 0. */
static size_t entity_len(const char *p, const char *e)
{
	size_t n = 1;

	while (p + n < e && (isalnum((unsigned char)p[n]) || p[n] == '#'))
		n++;
	return n > 1 && p + n < e && p[n] == ';' ? n + 1 : 0;
}

/* Text and attribute values: entities whole, no markup. */
static int check_chars(struct xml *x, const char *s, const char *e, bool attr)
{
	for (const char *q = s; q < e; q++) {
		if (*q == '&' && !entity_len(q, e))
			return bad(x, "a bare '&' (not an entity)");
		if (attr && *q == '<')
			return bad(x, "a '<' in an attribute value");
	}
	return 0;
}

static bool has_ci(const char *s, size_t n, const char *what)
{
	size_t k = strlen(what);

	for (size_t i = 0; i + k <= n; i++)
		if (!strncasecmp(s + i, what, k))
			return true;
	return false;
}

/* Every url(...) in the value points inside the document: url(#id). */
static bool urls_local(const char *v, size_t n)
{
	for (size_t i = 0; i + 4 <= n; i++) {
		size_t j = i + 4;

		if (strncasecmp(v + i, "url(", 4))
			continue;
		while (j < n && (isspace((unsigned char)v[j]) || v[j] == '\'' ||
				 v[j] == '"'))
			j++;
		if (j >= n || v[j] != '#')
			return false;
	}
	return true;
}

static int check_attr(struct xml *x, const char *name, size_t n, const char *v,
		      size_t vn)
{
	size_t ln = n;
	const char *l = local(name, &ln);

	if (ln >= 2 && !strncasecmp(l, "on", 2))
		return bad(x, "an event attribute (%.*s)", (int)n, name);
	if (ln == 4 && !strncasecmp(l, "href", 4) && (!vn || v[0] != '#'))
		return bad(x, "a link out of the document (%.*s)", (int)n,
			   name);
	if (has_ci(v, vn, "javascript:"))
		return bad(x, "'javascript:' in attribute %.*s", (int)n, name);
	if (!urls_local(v, vn))
		return bad(x, "a url() out of the document in attribute %.*s",
			   (int)n, name);
	return check_chars(x, v, v + vn, true);
}

/* name="value" or name='value', after the blank before it. */
static int attribute(struct xml *x)
{
	size_t n = name_len(x), vn;
	const char *name = x->p, *v, *q;
	char quote;

	if (!n)
		return bad(x, "a malformed attribute");
	x->p += n;
	skip_space(x);
	if (x->p >= x->e || *x->p != '=')
		return bad(x, "attribute %.*s has no value", (int)n, name);
	x->p++;
	skip_space(x);
	if (x->p >= x->e || (*x->p != '"' && *x->p != '\''))
		return bad(x, "attribute %.*s: value not quoted", (int)n, name);
	quote = *x->p++;
	v = x->p;
	q = memchr(v, quote, x->e - v);
	if (!q)
		return bad(x, "attribute %.*s: value not closed", (int)n, name);
	vn = q - v;
	x->p = q + 1;
	return check_attr(x, name, n, v, vn);
}

/* <name attr...> or <name attr.../>, at the '<'. */
static int open_tag(struct xml *x)
{
	const char *name;
	size_t n;

	x->p++;
	name = x->p;
	n = name_len(x);
	if (!n)
		return bad(x, "a malformed tag");
	if (!is_drawing(name, n))
		return bad(x, "element <%.*s> is not a drawing element",
			   (int)(n < 40 ? n : 40), name);
	x->p += n;
	for (;;) {
		bool blank = x->p < x->e && isspace((unsigned char)*x->p);

		skip_space(x);
		if (starts(x, "/>")) {
			x->p += 2;
			return 0;
		}
		if (starts(x, ">"))
			break;
		if (!blank || attribute(x))
			return x->why[0] ? -1 :
					   bad(x, "a malformed tag <%.*s",
					       (int)n, name);
	}
	x->p++;
	if (x->depth == SVG_MAX_DEPTH)
		return bad(x, "elements nested over %d deep", SVG_MAX_DEPTH);
	x->tag[x->depth] = name;
	x->tag_len[x->depth++] = n;
	return 0;
}

/* </name>, at the '<'. */
static int close_tag(struct xml *x)
{
	const char *name;
	size_t n;

	x->p += 2;
	name = x->p;
	n = name_len(x);
	if (!x->depth || n != x->tag_len[x->depth - 1] ||
	    memcmp(name, x->tag[x->depth - 1], n))
		return bad(x, "</%.*s> closes no open element",
			   (int)(n < 40 ? n : 40), name);
	x->p += n;
	skip_space(x);
	if (!starts(x, ">"))
		return bad(x, "a malformed closing tag </%.*s", (int)n, name);
	x->p++;
	x->depth--;
	return 0;
}

/* One piece of content: a comment, a tag or text up to the next '<'. */
static int content(struct xml *x)
{
	const char *lt;

	if (starts(x, "<!--"))
		return skip_past(x, "-->") ? bad(x, "a comment not closed") : 0;
	if (starts(x, "</"))
		return close_tag(x);
	if (starts(x, "<!") || starts(x, "<?"))
		return bad(
			x,
			"a declaration, CDATA or processing instruction inside <svg>");
	if (starts(x, "<"))
		return open_tag(x);
	lt = memchr(x->p, '<', x->e - x->p);
	if (!lt)
		lt = x->e;
	if (check_chars(x, x->p, lt, false))
		return -1;
	x->p = lt;
	return 0;
}

/* The XML declaration, comments and a DOCTYPE without declarations. */
static int prolog(struct xml *x)
{
	for (;;) {
		skip_space(x);
		if (starts(x, "<?xml") && !skip_past(x, "?>"))
			continue;
		if (starts(x, "<!--") && !skip_past(x, "-->"))
			continue;
		if (starts(x, "<!DOCTYPE")) {
			const char *gt = memchr(x->p, '>', x->e - x->p);

			if (!gt || memchr(x->p, '[', gt - x->p))
				return bad(x, "a DOCTYPE with declarations");
			x->p = gt + 1;
			continue;
		}
		return starts(x, "<svg") && x->p + 4 < x->e &&
				       (isspace((unsigned char)x->p[4]) ||
					x->p[4] == '>' || x->p[4] == '/') ?
			       0 :
			       bad(x, "no <svg> element at the start");
	}
}

/* After </svg>: blanks and comments only. */
static int epilog(struct xml *x)
{
	for (;;) {
		skip_space(x);
		if (x->p == x->e)
			return 0;
		if (!starts(x, "<!--") || skip_past(x, "-->"))
			return bad(x, "something after </svg>");
	}
}

int svg_check(const char *svg, size_t len, size_t *start, size_t *end,
	      char *why, size_t wlen)
{
	struct xml x = { .p = svg, .e = svg + len, .why = why, .wlen = wlen };

	why[0] = '\0';
	if (memchr(svg, '\0', len))
		return bad(&x, "a NUL byte: not a text file");
	if (prolog(&x))
		return -1;
	*start = x.p - svg;
	do {
		if (content(&x))
			return -1;
	} while (x.depth && x.p < x.e);
	if (x.depth)
		return bad(&x, "the <svg> element is not closed");
	*end = x.p - svg;
	return epilog(&x);
}

void svg_put(FILE *f, const char *svg, size_t len, const char *prefix)
{
	static const char *const ref[] = {
		"id='", "id=\"", "href='#", "href=\"#", "url(#",
	};
	static const char title[] = "<title>Gnuplot</title>";
	const char *p = svg, *e = svg + len;

	while (p < e) {
		size_t i, n = 0;

		for (i = 0; i < ARRAY_SIZE(ref); i++) {
			n = strlen(ref[i]);
			/* An id attribute, not the end of another name. */
			if ((size_t)(e - p) >= n && !memcmp(p, ref[i], n) &&
			    (i > 1 ||
			     (p > svg && isspace((unsigned char)p[-1]))))
				break;
		}
		if (i < ARRAY_SIZE(ref)) {
			fprintf(f, "%s%s", ref[i], prefix);
			p += n;
		} else if ((size_t)(e - p) >= sizeof(title) - 1 &&
			   !memcmp(p, title, sizeof(title) - 1)) {
			p += sizeof(title) - 1;
		} else {
			fputc(*p++, f);
		}
	}
}
