/* SPDX-License-Identifier: GPL-2.0 */
#ifndef RMAPBENCH_OPTIONS_H
#define RMAPBENCH_OPTIONS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

/*
 * The options of `rmapbench run`, in one table (options.c).  The table
 * drives the usage text, the parser, the range checks, the `# sweep:` line
 * and the CSV's parameter columns.  Adding an option is one line in that
 * table and a field in the struct the option's home names.
 */

struct plan;
struct run_control;
struct sweep;
struct value_list;

/* How the text after the option is read, and what the field is. */
enum opt_type {
	OPT_UINT,   /* unsigned int */
	OPT_ULONG,  /* unsigned long */
	OPT_U64,    /* uint64_t (the seed) */
	OPT_REAL,   /* double */
	OPT_BOOL,   /* bool, typed as 0 or 1 */
	OPT_CHOICE, /* an enum (int): the index of the word in names[] */
	OPT_BYTES,  /* double: bytes, with an optional K, M, G or T */
	OPT_TEXT,   /* const char *: a file name, kept as typed */
	OPT_FLAG,   /* no value: stores .set in a bool */
	OPT_ALIAS,  /* no value: the same as --<alias> <def> */
	OPT_THEN,   /* no value: starts the plan's next sweep */
	OPT_CUSTOM, /* .parse and .format do it */
};

/* Where the value goes; options are parsed into a plan and its control. */
enum opt_home {
	IN_POINT, /* struct config: a sweep dimension if .list, else in base */
	IN_SWEEP, /* struct sweep: shared by the sweep's points */
	IN_PLAN,  /* struct plan: shared by every sweep of the run */
	IN_RUN,	  /* struct run_control: this invocation only, never recorded */
};

/* When the option goes into the `# sweep:` line. */
enum opt_record {
	REC_ALWAYS,  /* every sweep states it */
	REC_CHANGED, /* only when it is not the default */
	REC_NEVER,   /* not part of the sweep (files, limits, help) */
};

struct run_option {
	const char *name; /* without "--"; its CSV column has '_' for '-' */
	enum opt_type type;
	enum opt_home home;
	size_t offset; /* of the field in the home struct */
	bool list;     /* a comma-separated list: a dimension of the sweep */
	bool column;   /* a parameter column of the raw CSV */
	enum opt_record record;
	double min, max;	  /* numbers: the accepted range */
	bool pow2;		  /* numbers: only powers of two */
	const char *const *names; /* OPT_CHOICE: NULL-terminated words */
	bool set;		  /* OPT_FLAG: the value it stores */
	const char *alias;	  /* OPT_ALIAS: the option it stands for */
	const char *def;	  /* the default, as typed ("" for none) */
	const char *arg;	  /* the value in the usage text: "LIST" */
	const char *help;	  /* one line; "(default)" is added */
	/* OPT_CUSTOM: text into the field, 0 or -1 with msg; field as text */
	int (*parse)(void *field, const char *text, char *msg, size_t len);
	void (*format)(const void *field, FILE *f);
	/* Rewrites words such as --threads auto; NULL or malloc'd text. */
	int (*expand)(const char *text, unsigned int cpus, char **out,
		      char *msg, size_t len);
};

extern const struct run_option run_options[];
extern const unsigned int nr_run_options;

/* The option called name (no dashes: "lock-shift"), or NULL. */
const struct run_option *option_find(const char *name);
/* "--lock-shift" of lock_shift. */
void option_name(const struct run_option *o, char *buf, size_t len);
/* The CSV column: "lock_shift". */
void option_column(const struct run_option *o, char *buf, size_t len);
/* A list option's dimension: its index in struct sweep's lists. */
unsigned int option_dim(const struct run_option *o);

/*
 * Parses text as o's list (or single value): 0, or -1 with one line in
 * msg.  Used by run and by calibrate's --pages.
 */
int option_parse_list(const struct run_option *o, const char *text,
		      struct value_list *list, char *msg, size_t len);
/*
 * The same for the CPUs of a modelled machine: --threads max and auto
 * count cpus, not this host's (0: this host's).
 */
int option_parse_list_cpus(const struct run_option *o, const char *text,
			   unsigned int cpus, struct value_list *list,
			   char *msg, size_t len);
/* One value of a number or choice option, range and all. */
int option_parse_value(const struct run_option *o, const char *text, double *v,
		       char *msg, size_t len);
/* A number or choice option's field, as a double and back. */
void option_store(const struct run_option *o, void *field, double v);
double option_load(const struct run_option *o, const void *field);
/* The default list, as the table types it, even below the range. */
void option_default_list(const struct run_option *o, struct value_list *list);
/* Writes one value of o (a number of its list or field) as the CSV does. */
void option_format_value(const struct run_option *o, double v, FILE *f);

/* The usage text of `rmapbench run`, from the table (options_usage.c). */
void run_usage(FILE *f);

#endif
