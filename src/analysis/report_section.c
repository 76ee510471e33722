// SPDX-License-Identifier: GPL-2.0
/*
 * The sections a suite's `report:` line may ask for (its folder's
 * `report` file), shown in its order between the values every point
 * shared and the summary: the suite says which apply, so that the report
 * need not know one suite from another.
 */
#include <stdio.h>
#include <string.h>
#include "lib/compiler.h"
#include "modern.h"
#include "report.h"
#include "report_impl.h"
#include "truth.h"

static void put_elapsed(FILE *f, const struct report_suite *s,
			const struct report_rows *t)
{
	(void)s;
	report_put_elapsed(f, t);
}

/* The replay beside akpm's and Phillips' figures (truth.c). */
static void put_beside_2002(FILE *f, const struct report_suite *s,
			    const struct report_rows *t)
{
	(void)t;
	put_2002(f, s->dir);
}

/* Today's fork path beside the batching patches' figures (modern.c). */
static void put_beside_2026(FILE *f, const struct report_suite *s,
			    const struct report_rows *t)
{
	(void)t;
	put_2026(f, &s->sum);
}

static const struct report_section {
	const char *name;
	void (*put)(FILE *f, const struct report_suite *s,
		    const struct report_rows *t);
} sections[] = {
	{ "elapsed", put_elapsed },
	{ "2002", put_beside_2002 },
	{ "2026", put_beside_2026 },
};

int report_section_find(const char *name)
{
	for (size_t i = 0; i < ARRAY_SIZE(sections); i++)
		if (!strcmp(sections[i].name, name))
			return (int)i;
	return -1;
}

const char *report_section_names(void)
{
	static char names[64];

	if (names[0])
		return names;
	for (size_t i = 0; i < ARRAY_SIZE(sections); i++) {
		if (i)
			strcat(names, " ");
		strcat(names, sections[i].name);
	}
	return names;
}

void report_put_section(FILE *f, int id, const struct report_suite *s,
			const struct report_rows *t)
{
	sections[id].put(f, s, t);
}
