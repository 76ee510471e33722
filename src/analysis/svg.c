// SPDX-License-Identifier: GPL-2.0
/*
 * A strict reader of the SVG that gnuplot's svg terminal writes, for
 * inlining into report.html: a graph file is data from a folder anyone
 * may have written, and anything in it beyond drawing (a <script>, an
 * event attribute, text after </svg>) would run in the reader's browser.
 * It accepts well-formed XML of drawing elements only; everything else is
 * refused, not repaired.
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

/*
 * HTML's blanks, not isspace()'s: a browser reads '\v' as part of a name,
 * so a tag the checker split at one would not be the tag it builds.
 */
static bool blank(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r';
}

static void skip_space(struct xml *x)
{
	while (x->p < x->e && blank(*x->p))
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

/*
 * A comment, at its "<!--", ended where XML and a browser both end it.
 * HTML also ends one at "--!>" and at once on "<!-->" or "<!--->", so
 * a comment the checker skipped to its "-->" could end early in the page
 * and what followed it run as markup.  XML forbids "--" inside a comment;
 * so does this, and the first "--" must be the one of "-->".
 */
static int comment(struct xml *x)
{
	const char *q;

	x->p += 4;
	if (starts(x, ">") || starts(x, "->"))
		return bad(x, "a comment ended by '<!-->' or '<!--->'");
	q = memmem(x->p, x->e - x->p, "--", 2);
	if (!q)
		return bad(x, "a comment not closed");
	if (q + 2 >= x->e || q[2] != '>')
		return bad(x, "a '--' inside a comment");
	x->p = q + 3;
	return 0;
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

/*
 * The entity at p ("&amp;", "&#106;", "&#x6a;"): its length, and in *c
 * the character it stands for (0x80 for any beyond ASCII), or 0 if it is
 * none XML knows without a DTD.  HTML knows two thousand more ("&colon;"
 * is ':'), which XML refuses; so does this.
 */
static size_t entity(const char *p, const char *e, char *c)
{
	static const struct {
		const char *name;
		char c;
	} xml_named[] = {
		{ "&amp;", '&' }, { "&lt;", '<' },    { "&gt;", '>' },
		{ "&quot;", '"' }, { "&apos;", '\'' },
	};
	unsigned long v = 0;
	size_t n = 2;
	int base = 10;

	for (size_t i = 0; i < ARRAY_SIZE(xml_named); i++) {
		size_t k = strlen(xml_named[i].name);

		if ((size_t)(e - p) >= k && !memcmp(p, xml_named[i].name, k)) {
			*c = xml_named[i].c;
			return k;
		}
	}
	if (e - p < 4 || p[1] != '#')
		return 0;
	if (p[2] == 'x') {
		base = 16;
		n++;
	}
	for (size_t d = 0; p + n < e && d < 8; n++, d++) {
		int h = base == 16 ? isxdigit((unsigned char)p[n]) :
				     isdigit((unsigned char)p[n]);

		if (!h)
			break;
		v = v * base + (isdigit((unsigned char)p[n]) ?
					(unsigned long)(p[n] - '0') :
					(unsigned long)(tolower(p[n]) - 'a' + 10));
	}
	if (p + n >= e || p[n] != ';' || n == (base == 16 ? 3u : 2u) || !v ||
	    v > 0x10ffff)
		return 0;
	*c = v < 0x80 ? (char)v : (char)0x80;
	return n + 1;
}

/* Text: entities whole, no markup. */
static int check_chars(struct xml *x, const char *s, const char *e)
{
	char c;

	for (const char *q = s; q < e; q++)
		if (*q == '&' && !entity(q, e, &c))
			return bad(x, "a '&' that is not an XML entity");
	return 0;
}

/*
 * An attribute value as a browser reads it, entities decoded, into v;
 * its length, or -1 on a '<' or an unknown entity.
 */
static long decode(struct xml *x, const char *s, size_t n, char *v)
{
	const char *e = s + n;
	size_t k = 0, len;

	for (const char *q = s; q < e; q++) {
		if (*q == '<')
			return bad(x, "a '<' in an attribute value");
		if (*q != '&') {
			v[k++] = *q;
			continue;
		}
		len = entity(q, e, &v[k++]);
		if (!len)
			return bad(x, "a '&' that is not an XML entity");
		q += len - 1;
	}
	return (long)k;
}

/*
 * Whether s holds what, any case, with blanks and control characters
 * skipped in s, as URL parsers drop some of them from a scheme
 * ("java\tscript:"): a value that spells javascript: through any of them
 * is refused.
 */
static bool has_ci_spaced(const char *s, size_t n, const char *what)
{
	for (size_t i = 0; i < n; i++) {
		const char *w = what;

		for (size_t j = i; j < n && *w; j++) {
			unsigned char c = (unsigned char)s[j];

			if (c <= ' ' || c == 0x7f)
				continue;
			if (tolower(c) != *w)
				break;
			w++;
		}
		if (!*w)
			return true;
	}
	return false;
}

/* Every url(...) in the value points inside the document: url(#id). */
static bool urls_local(const char *v, size_t n)
{
	for (size_t i = 0; i + 4 <= n; i++) {
		size_t j = i + 4;

		if (strncasecmp(v + i, "url(", 4))
			continue;
		/* CSS's blanks, HTML's: "url(\v#a)" is no local url. */
		while (j < n && (blank(v[j]) || v[j] == '\'' || v[j] == '"'))
			j++;
		if (j >= n || v[j] != '#')
			return false;
	}
	return true;
}

static int check_value(struct xml *x, const char *name, size_t n,
		       const char *l, size_t ln, const char *v, size_t vn)
{
	/* CSS reads "u\72l(" as "url(": no escape gets past the checks. */
	if (memchr(v, '\\', vn))
		return bad(x, "a backslash in attribute %.*s", (int)n, name);
	if (ln == 4 && !strncasecmp(l, "href", 4) && (!vn || v[0] != '#'))
		return bad(x, "a link out of the document (%.*s)", (int)n,
			   name);
	if (has_ci_spaced(v, vn, "javascript:"))
		return bad(x, "'javascript:' in attribute %.*s", (int)n, name);
	if (!urls_local(v, vn))
		return bad(x, "a url() out of the document in attribute %.*s",
			   (int)n, name);
	return 0;
}

static int check_attr(struct xml *x, const char *name, size_t n, const char *raw,
		      size_t rn)
{
	size_t ln = n, vn;
	const char *l = local(name, &ln);
	char v[4096];
	long dn;

	/* The whole name too: a browser sees "onload:x", not "x". */
	if ((ln >= 2 && !strncasecmp(l, "on", 2)) ||
	    (n >= 2 && !strncasecmp(name, "on", 2)))
		return bad(x, "an event attribute (%.*s)", (int)n, name);
	/*
	 * Gnuplot writes long path data, never an entity in it: a long
	 * value is checked as it stands, and refused if it has one.
	 */
	if (rn > sizeof(v)) {
		if (memchr(raw, '&', rn) || memchr(raw, '<', rn))
			return bad(x, "attribute %.*s: a long value with '&' or '<'",
				   (int)n, name);
		return check_value(x, name, n, l, ln, raw, rn);
	}
	dn = decode(x, raw, rn, v);
	if (dn < 0)
		return -1;
	vn = (size_t)dn;
	return check_value(x, name, n, l, ln, v, vn);
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
		bool sep = x->p < x->e && blank(*x->p);

		skip_space(x);
		if (starts(x, "/>")) {
			x->p += 2;
			return 0;
		}
		if (starts(x, ">"))
			break;
		if (!sep || attribute(x))
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
		return comment(x);
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
	if (check_chars(x, x->p, lt))
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
		if (starts(x, "<!--")) {
			if (comment(x))
				return -1;
			continue;
		}
		if (starts(x, "<!DOCTYPE")) {
			const char *gt = memchr(x->p, '>', x->e - x->p);

			if (!gt || memchr(x->p, '[', gt - x->p))
				return bad(x, "a DOCTYPE with declarations");
			x->p = gt + 1;
			continue;
		}
		return starts(x, "<svg") && x->p + 4 < x->e &&
				       (blank(x->p[4]) ||
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
		if (!starts(x, "<!--"))
			return bad(x, "something after </svg>");
		if (comment(x))
			return -1;
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

/*
 * The ref[] of svg_put() at p, or ARRAY_SIZE(ref): id= and href=# (also
 * xlink:href) only as an attribute of a tag, never inside another
 * attribute's value, where an "id='" is text of that value; url(#
 * anywhere.
 */
static const char *const ref[] = {
	"id='", "id=\"", "href='#", "href=\"#", "url(#",
};

static size_t ref_at(const char *svg, const char *p, const char *e,
		     bool name_may_start)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(ref); i++) {
		size_t n = strlen(ref[i]);

		if ((size_t)(e - p) < n || memcmp(p, ref[i], n))
			continue;
		if (i == ARRAY_SIZE(ref) - 1 || (name_may_start && i > 1))
			break;
		/* id, not the end of another name */
		if (name_may_start && p > svg && isspace((unsigned char)p[-1]))
			break;
	}
	return i;
}

void svg_put(FILE *f, const char *svg, size_t len, const char *prefix)
{
	static const char title[] = "<title>Gnuplot</title>";
	const char *p = svg, *e = svg + len;
	bool in_tag = false;
	char quote = 0; /* inside a tag's quoted value */

	while (p < e) {
		size_t i = ref_at(svg, p, e, in_tag && !quote);

		if (!in_tag && (size_t)(e - p) >= 4 && !memcmp(p, "<!--", 4)) {
			/*
			 * Comments are left out: a prefix or a dropped
			 * title inside one could make the "--" that ends
			 * it early.  svg_check() passed its first "--" as
			 * the one of its "-->".
			 */
			const char *q = memmem(p + 4, e - p - 4, "--", 2);

			p = q ? q + 3 : e;
			if (p > e)
				p = e;
		} else if (i < ARRAY_SIZE(ref)) {
			fprintf(f, "%s%s", ref[i], prefix);
			p += strlen(ref[i]);
			if (i < ARRAY_SIZE(ref) - 1)
				quote = ref[i][i < 2 ? 3 : 5];
		} else if (!in_tag && (size_t)(e - p) >= sizeof(title) - 1 &&
			   !memcmp(p, title, sizeof(title) - 1)) {
			p += sizeof(title) - 1;
		} else {
			if (!in_tag)
				in_tag = *p == '<';
			else if (quote)
				quote = *p == quote ? 0 : quote;
			else if (*p == '"' || *p == '\'')
				quote = *p;
			else
				in_tag = *p != '>';
			fputc(*p++, f);
		}
	}
}
