// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target: the SVG inliner (src/analysis/svg.c).  What
 * svg_check() passes is written with svg_put() and read back by a second,
 * independent tokenizer that ends things where a browser's HTML
 * tokenizer does (WHATWG HTML, 13.2.5: comments at "-->", "--!>", "<!-->"
 * and "<!--->", a tag at the first '>' outside a quoted value, names
 * lowercased, values with character references decoded).  The page must
 * see only drawing elements, no event attribute, no link or url() out of
 * the document, no comment or tag left open to swallow the page after
 * it, and the checker must pass its own output again.
 */
#include <ctype.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "analysis/svg.h"

/* svg.c's vocabulary, as the HTML tokenizer lowercases it. */
static const char *const allowed[] = {
	"svg",	    "g",	      "defs",	      "title",
	"desc",	    "metadata",	      "rect",	      "circle",
	"ellipse",  "line",	      "polyline",     "polygon",
	"path",	    "text",	      "tspan",	      "use",
	"symbol",   "clippath",	      "mask",	      "marker",
	"pattern",  "filter",	      "feflood",      "fecomposite",
	"feoffset", "fegaussianblur", "femerge",      "femergenode",
	"fecolormatrix", "feblend",   "lineargradient", "radialgradient",
	"stop",
};

static bool html_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r';
}

/* The local part of a name, any case, is allowed ("svg:g" is an unknown
 * element to HTML, harmless; svg.c strips prefixes the same way). */
static bool tag_allowed(const char *name, size_t n)
{
	const char *colon = memrchr(name, ':', n);

	if (colon) {
		n -= colon + 1 - name;
		name = colon + 1;
	}
	for (size_t i = 0; i < sizeof(allowed) / sizeof(allowed[0]); i++)
		if (strlen(allowed[i]) == n && !strncasecmp(name, allowed[i], n))
			return true;
	return false;
}

/* A value as HTML reads it: numeric references and '&...;' decoded
 * loosely (any named reference is an unknown character), lowercased;
 * strip: without the blanks and controls a URL parser strips (CSS does
 * not: "u\nrl(" is no url()). */
static void decode(const char *v, size_t n, char *out, size_t cap, bool strip)
{
	size_t k = 0;

	for (size_t i = 0; i < n && k + 1 < cap; i++) {
		unsigned long c = (unsigned char)v[i];

		if (v[i] == '&' && i + 1 < n && v[i + 1] == '#') {
			size_t j = i + 2;
			int base = 10;

			if (j < n && (v[j] == 'x' || v[j] == 'X')) {
				base = 16;
				j++;
			}
			c = strtoul(v + j, NULL, base);
			while (j < n && isxdigit((unsigned char)v[j]))
				j++;
			if (j < n && v[j] == ';')
				j++;
			i = j - 1;
		} else if (v[i] == '&') {
			size_t j = i + 1;

			while (j < n && isalnum((unsigned char)v[j]))
				j++;
			if (j < n && v[j] == ';' && j > i + 1) {
				if (!strncmp(v + i, "&colon;", 7))
					c = ':';
				else if (!strncmp(v + i, "&num;", 5))
					c = '#';
				else if (!strncmp(v + i, "&lpar;", 6))
					c = '(';
				else
					c = '?';
				i = j;
			}
		}
		if (strip && (c <= ' ' || c == 0x7f))
			continue;
		out[k++] = c < 0x80 ? (char)tolower((int)c) : '?';
	}
	out[k] = '\0';
}

static void check_attr(const char *name, const char *v, size_t n)
{
	char *d = malloc(n + 1); /* a value decodes no longer than it is */

	if (!d)
		abort();
	if (!strncmp(name, "on", 2))
		abort();
	decode(v, n, d, n + 1, true);
	if (strstr(d, "javascript:"))
		abort();
	if ((!strcmp(name, "href") || !strcmp(name, "xlink:href")) &&
	    d[0] != '#')
		abort();
	decode(v, n, d, n + 1, false);
	for (const char *u = strstr(d, "url("); u; u = strstr(u + 1, "url(")) {
		const char *p = u + 4;

		while (*p == '\'' || *p == '"' || html_space(*p))
			p++;
		if (*p != '#')
			abort();
	}
	free(d);
}

/* A tag after its '<' (and '/'); returns where it ends, after '>'. */
static const char *tag(const char *p, const char *e, bool end)
{
	const char *name = p;
	char attr[64];
	size_t n = 0;

	while (p < e && !html_space(*p) && *p != '/' && *p != '>')
		p++;
	if (!end && !tag_allowed(name, p - name))
		abort();
	for (;;) {
		const char *v;

		while (p < e && (html_space(*p) || *p == '/'))
			p++;
		if (p >= e)
			abort(); /* a tag left open eats the page after it */
		if (*p == '>')
			return p + 1;
		n = 0;
		do {
			if (n + 1 < sizeof(attr))
				attr[n++] = (char)tolower((unsigned char)*p);
			p++;
		} while (p < e && !html_space(*p) && *p != '/' && *p != '>' &&
			 *p != '=');
		attr[n] = '\0';
		while (p < e && html_space(*p))
			p++;
		if (p >= e || *p != '=') {
			check_attr(attr, "", 0);
			continue;
		}
		p++;
		while (p < e && html_space(*p))
			p++;
		if (p < e && (*p == '"' || *p == '\'')) {
			const char *q = memchr(p + 1, *p, e - p - 1);

			if (!q)
				abort();
			v = p + 1;
			check_attr(attr, v, q - v);
			p = q + 1;
		} else {
			v = p;
			while (p < e && !html_space(*p) && *p != '>')
				p++;
			check_attr(attr, v, p - v);
		}
	}
}

static void tokenize(const char *p, const char *e)
{
	while (p < e) {
		const char *lt = memchr(p, '<', e - p);

		if (!lt)
			return;
		p = lt + 1;
		if (p >= e)
			return;
		if (*p == '!' || *p == '?')
			abort(); /* svg_put() writes no comment or declaration */
		if (*p == '/' && p + 1 < e && isalpha((unsigned char)p[1]))
			p = tag(p + 1, e, true);
		else if (isalpha((unsigned char)*p))
			p = tag(p, e, false);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char why[256], *out = NULL;
	size_t start, end, len = 0, s2, e2;
	FILE *f;

	if (svg_check((const char *)data, size, &start, &end, why,
		      sizeof(why)))
		return 0;
	f = open_memstream(&out, &len);
	if (!f)
		abort();
	svg_put(f, (const char *)data + start, end - start, "g1-");
	fclose(f);
	tokenize(out, out + len);
	if (svg_check(out, len, &s2, &e2, why, sizeof(why)))
		abort();
	free(out);
	return 0;
}
