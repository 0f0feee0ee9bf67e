/*
 * Option tables: one array of struct opt per command drives both parsing
 * and the option list of --help.
 */
#ifndef KB_OPT_H
#define KB_OPT_H

#include <stdio.h>

enum opt_kind {
	OPT_FLAG,		/* --name */
	OPT_VALUE		/* --name VALUE or --name=VALUE */
};

struct opt {
	const char *name;	/* long name without "--"; NULL ends a table */
	char short_name;	/* 0 for none */
	enum opt_kind kind;
	const char *value_name;	/* for help: "N", "DIR" */
	const char *help;
};

/* Table entries: --NAME (SHORT), --NAME VALUE, and the end of a table. */
#define OPT_BOOL(name_, short_, help_) \
	{ .name = (name_), .short_name = (short_), .kind = OPT_FLAG, \
	  .help = (help_) }
#define OPT_ARG(name_, short_, value_, help_) \
	{ .name = (name_), .short_name = (short_), .kind = OPT_VALUE, \
	  .value_name = (value_), .help = (help_) }
#define OPT_END { .name = NULL }

/*
 * Parse argv[0..argc) against `opts`.  values[i] is set to the value of
 * opts[i] ("" for a flag that is present) or left NULL.  Operands are
 * collected into operands (caller provides argc slots).  "--" ends options.
 * On error prints "WHO: problem" to stderr (`who`: "kb search",
 * "kbsync") and returns -1.
 */
int opt_parse(const char *who, const struct opt *opts, int argc, char **argv,
    const char **values, char **operands, int *noperands);

/*
 * Where the option `name` (its long name, without "--") is in `opts`:
 * the index of its value in opt_parse()'s values[].  A name the table
 * does not have is a bug in the caller: it says so and aborts.
 */
int opt_index(const struct opt *opts, const char *name);

/* The value opt_parse() set for the option `name`: NULL when it was not
 * given, "" for a flag that was. */
const char *opt_value(const struct opt *opts, const char *const *values,
    const char *name);

/* The option list for --help. */
void opt_print_help(FILE *out, const struct opt *opts);

#endif
