/* SPDX-License-Identifier: GPL-2.0 */
#ifndef RMAPBENCH_OPTIONS_IMPL_H
#define RMAPBENCH_OPTIONS_IMPL_H

/*
 * What the options table (options.c) names besides struct run_option:
 * the parsers of the options that are not a number or a word of a list
 * (options_custom.c), each the .parse, .format or .expand of its row.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>

/*
 * Writes a one-line message into msg; returns -1.  Inline, so that the
 * machinery and the parsers share it without calling into each other.
 */
__attribute__((format(printf, 3, 4))) static inline int
option_refuse(char *msg, size_t len, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, len, fmt, ap);
	va_end(ap);
	return -1;
}

/* --threads auto and max, by this process's CPUs or model_cpus. */
int option_expand_threads(const char *text, unsigned int model_cpus, char **out,
			  char *msg, size_t len);
/* --strategy LIST|all: the field is the sweep, its strategy list. */
int option_parse_strategies(void *field, const char *text, char *msg,
			    size_t len);
void option_format_strategies(const void *field, FILE *f);
int option_parse_mem(void *field, const char *text, char *msg, size_t len);
void option_format_mem(const void *field, FILE *f);
int option_parse_other_work(void *field, const char *text, char *msg,
			    size_t len);
void option_format_other_work(const void *field, FILE *f);
int option_parse_placement(void *field, const char *text, char *msg,
			   size_t len);
void option_format_placement(const void *field, FILE *f);
int option_parse_machine(void *field, const char *text, char *msg, size_t len);
void option_format_machine(const void *field, FILE *f);
int option_parse_access_time(void *field, const char *text, char *msg,
			     size_t len);
void option_format_access_time(const void *field, FILE *f);

#endif
