/* SPDX-License-Identifier: GPL-2.0 */
#ifndef RMAPBENCH_PARAMS_H
#define RMAPBENCH_PARAMS_H

#include <stdbool.h>
#include <stddef.h>
#include "config.h"

/*
 * The list-valued knobs of `rmapbench run`.  Each is an option, a CSV
 * column and a dimension of the sweep; adding one is one line in the table
 * in params.c and a field in struct config.
 */
enum param_type { P_UINT, P_ULONG, P_FRAC, P_BOOL };

struct param {
	const char *name;
	size_t offset; /* in struct config */
	enum param_type type;
	double min, max;
	bool pow2;
	const char *def; /* default list, as typed */
	const char *help;
};

extern const struct param params[];
extern const unsigned int nr_params;

#define MAX_LIST 64

struct value_list {
	double v[MAX_LIST];
	unsigned int n;
};

/*
 * A sweep: lists for the strategies and every parameter, and the scalar
 * options every point shares (in base).  Points are the cross product.
 */
struct sweep {
	const struct strategy *strategy[MAX_LIST];
	unsigned int nr_strategies;
	struct value_list list[16];
	bool loops_given; /* else each point runs one family per thread */
	struct config base;
	unsigned int reps;
};

const struct param *param_find(const char *name);
/* The option that sets p, as typed: "--lock-shift" for lock_shift. */
void param_option(const struct param *p, char *buf, size_t len);
/* Parses "1,2,4" into list; 0, or -1 with a one-line message in msg. */
int param_parse(const struct param *p, const char *text,
		struct value_list *list, char *msg, size_t len);
int strategy_list_parse(const char *text, struct sweep *sw, char *msg,
			size_t len);

void sweep_init(struct sweep *sw);
unsigned long sweep_points(const struct sweep *sw);
/* The k-th point of the cross product, strategies varying fastest. */
void sweep_point(const struct sweep *sw, unsigned long k, struct config *cfg);

/* Formats a parameter's value in cfg as the CSV shows it. */
int param_format(const struct param *p, const struct config *cfg, char *buf,
		 size_t len);

#endif
