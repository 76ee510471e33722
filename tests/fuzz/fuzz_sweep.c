// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target: the `# sweep:` line that --replay reads from a raw CSV
 * anybody may have edited.  The input is the line's text.  Whatever parses
 * must count its points without overflow and format back to a line that
 * parses to the same plan.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "engine/plan.h"

static struct plan plan, back;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *line = strndup((const char *)data, size), *text, msg[512];

	if (!line)
		return 0;
	if (!plan_parse_sweep_line(line, &plan, msg, sizeof(msg))) {
		for (unsigned int i = 0; i < plan.nr_sweeps; i++)
			sweep_points(&plan.sweeps[i]);
		text = plan_format(&plan);
		if (!text ||
		    plan_parse_sweep_line(text, &back, msg, sizeof(msg)) ||
		    back.nr_sweeps != plan.nr_sweeps ||
		    back.seed != plan.seed ||
		    back.placement != plan.placement ||
		    memcmp(back.sweeps, plan.sweeps,
			   plan.nr_sweeps * sizeof(plan.sweeps[0])))
			abort();
		free(text);
	}
	free(line);
	return 0;
}
