// SPDX-License-Identifier: GPL-2.0
#include <string.h>
#include "strategy.h"

#define STRATEGY(name) extern const struct strategy strategy_##name;
#include "list.h"
#undef STRATEGY

#define STRATEGY(name) &strategy_##name,
const struct strategy *const strategies[] = {
#include "list.h"
};
#undef STRATEGY

const unsigned int nr_strategies = ARRAY_SIZE(strategies);

const struct strategy *strategy_find(const char *name)
{
	for (unsigned int i = 0; i < nr_strategies; i++)
		if (!strcmp(strategies[i]->name, name))
			return strategies[i];
	return NULL;
}
