// SPDX-License-Identifier: GPL-2.0
/*
 * The machinery of the options table (options.c): finding an option,
 * its names, and a number, word or list of them read, stored and written
 * back as the table's row says.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "options.h"
#include "options_impl.h"
#include "plan_types.h"
#include "lib/num.h"

const struct run_option *option_find(const char *name)
{
	for (unsigned int i = 0; i < nr_run_options; i++)
		if (!strcmp(run_options[i].name, name))
			return &run_options[i];
	return NULL;
}

void option_name(const struct run_option *o, char *buf, size_t len)
{
	snprintf(buf, len, "--%s", o->name);
}

void option_column(const struct run_option *o, char *buf, size_t len)
{
	snprintf(buf, len, "%s", o->name);
	for (char *c = buf; *c; c++)
		if (*c == '-')
			*c = '_';
}

unsigned int option_dim(const struct run_option *o)
{
	unsigned int dim = 0;

	for (const struct run_option *p = run_options; p < o; p++)
		dim += p->list;
	return dim;
}

static int parse_choice(const struct run_option *o, const char *text, double *v,
			char *msg, size_t len)
{
	int n;

	for (int i = 0; o->names[i]; i++) {
		if (!strcmp(text, o->names[i])) {
			*v = i;
			return 0;
		}
	}
	n = snprintf(msg, len, "invalid --%s '%s': choose", o->name, text);
	for (int i = 0; o->names[i] && n > 0 && (size_t)n < len; i++)
		n += snprintf(msg + n, len - n, "%s%s", i ? " or " : " ",
			      o->names[i]);
	return -1;
}

int option_parse_value(const struct run_option *o, const char *text, double *v,
		       char *msg, size_t len)
{
	char opt[64], lo[NUM_BUFLEN], hi[NUM_BUFLEN];
	unsigned long u;

	if (o->type == OPT_CHOICE)
		return parse_choice(o, text, v, msg, len);
	option_name(o, opt, sizeof(opt));
	if (num_parse_option(opt, text, o->min, o->max, o->type != OPT_REAL, v,
			     msg, len))
		return -1;
	u = *v;
	if (o->pow2 && (u & (u - 1))) {
		snprintf(
			msg, len,
			"invalid %s '%s': must be a power of two between %s and %s",
			opt, text, num_format(o->min, lo, sizeof(lo)),
			num_format(o->max, hi, sizeof(hi)));
		return -1;
	}
	return 0;
}

void option_store(const struct run_option *o, void *field, double v)
{
	switch (o->type) {
	case OPT_UINT:
		*(unsigned int *)field = v;
		break;
	case OPT_ULONG:
		*(unsigned long *)field = v;
		break;
	case OPT_U64:
		*(uint64_t *)field = v;
		break;
	case OPT_BOOL:
		*(bool *)field = v;
		break;
	case OPT_CHOICE:
		*(int *)field = v;
		break;
	default:
		*(double *)field = v;
		break;
	}
}

double option_load(const struct run_option *o, const void *field)
{
	switch (o->type) {
	case OPT_UINT:
		return *(const unsigned int *)field;
	case OPT_ULONG:
		return *(const unsigned long *)field;
	case OPT_U64:
		return *(const uint64_t *)field;
	case OPT_BOOL:
		return *(const bool *)field;
	case OPT_CHOICE:
		return *(const int *)field;
	default:
		return *(const double *)field;
	}
}

/* Splits text at commas; an empty item is an error.  Each item is one
 * value; a single-valued option takes all of text as its one value. */
static int parse_items(const struct run_option *o, const char *text,
		       struct value_list *list, char *msg, size_t len)
{
	char *copy = strdup(text), *rest = copy, *item;
	int ret = 0;

	if (!copy)
		return option_refuse(msg, len, "out of memory reading --%s",
				     o->name);
	while (!ret && (item = strsep(&rest, ","))) {
		if (!*item)
			ret = option_refuse(msg, len,
					    "empty item in --%s list '%s'",
					    o->name, text);
		else if (list->n == MAX_LIST)
			ret = option_refuse(
				msg, len,
				"too many values for --%s: at most %d", o->name,
				MAX_LIST);
		else
			ret = option_parse_value(o, item, &list->v[list->n++],
						 msg, len);
	}
	free(copy);
	return ret;
}

int option_parse_list(const struct run_option *o, const char *text,
		      struct value_list *list, char *msg, size_t len)
{
	return option_parse_list_cpus(o, text, 0, list, msg, len);
}

int option_parse_list_cpus(const struct run_option *o, const char *text,
			   unsigned int cpus, struct value_list *list,
			   char *msg, size_t len)
{
	char *expanded = NULL;
	int ret;

	/* A repeated option replaces the list, leaving nothing behind. */
	memset(list, 0, sizeof(*list));
	if (o->expand && o->expand(text, cpus, &expanded, msg, len))
		return -1;
	ret = parse_items(o, expanded ? expanded : text, list, msg, len);
	free(expanded);
	return ret;
}

void option_default_list(const struct run_option *o, struct value_list *list)
{
	char msg[128];
	double v;

	memset(list, 0, sizeof(*list));
	if (o->type == OPT_CHOICE ?
		    parse_choice(o, o->def, &v, msg, sizeof(msg)) :
		    num_parse(o->def, &v))
		abort(); /* a typo in the table */
	list->v[list->n++] = v;
}

void option_format_value(const struct run_option *o, double v, FILE *f)
{
	char num[NUM_BUFLEN];

	if (o->type == OPT_CHOICE)
		fputs(o->names[(int)v], f);
	else
		fputs(num_format(v, num, sizeof(num)), f);
}
