// SPDX-License-Identifier: GPL-2.0
#include "abort.h"

atomic_bool rmap_abort;
