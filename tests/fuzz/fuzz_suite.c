// SPDX-License-Identifier: GPL-2.0
/* libFuzzer target: the bench/*.suite parser. */
#include <stdint.h>
#include "cmd/suite.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct suite_spec s;
	char msg[512];

	suite_parse((const char *)data, size, &s, msg, sizeof(msg));
	suite_free(&s);
	return 0;
}
