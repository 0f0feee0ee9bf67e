/*
 * kb export: every event of the usage log (--all-offices: every
 * office's), each with its seq, as CSV or JSON lines on standard output,
 * for a data warehouse to load what is new (kb(1), EXPORT).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <kb/error.h>
#include <kb/export.h>

#include "cmd.h"

const struct opt cmd_export_opts[] = {
	OPT_ARG("after", 0, "SEQ",
	  "only events with a seq above SEQ (the last one loaded)"),
	OPT_ARG("format", 0, "F", "csv (default) or jsonl"),
	OPT_BOOL("redact-queries", 0,
	  "write every query as empty (null): no customer's words"),
	OPT_BOOL("all-offices", 0,
	  "at the centre: every office's events, as kbsync sent them"),
	OPT_END
};

/* A seq: a whole number, 0 or more. */
static int
parse_seq(const char *s, long long *out)
{
	char *end;

	errno = 0;
	*out = strtoll(s, &end, 10);
	return *s >= '0' && *s <= '9' && *end == '\0' && errno == 0 ? 0 : -1;
}

static int
write_line(const char *line, size_t len, void *payload)
{
	FILE *out = payload;

	if (fwrite(line, 1, len, out) != len)
		return kb_error_set(KB_ERROR, "cannot write the export (%s)",
		    strerror(errno));
	return 0;
}

static int
options(const struct args *a, struct kb_export_options *o)
{
	const char *format = cmd_opt(a, "format");
	const char *after = cmd_opt(a, "after");

	if (a->n > 0)
		return cmd_usage_error("takes no arguments");
	if (after && parse_seq(after, &o->after) < 0)
		return cmd_usage_error("--after '%s': a seq is a whole number, "
		    "0 or more (the highest seq already loaded)", after);
	if (format && strcmp(format, "jsonl") == 0)
		o->format = KB_EXPORT_JSONL;
	else if (format && strcmp(format, "csv") != 0)
		return cmd_usage_error("--format '%s': csv or jsonl", format);
	o->redact_queries = cmd_opt(a, "redact-queries") != NULL;
	o->all_offices = cmd_opt(a, "all-offices") != NULL;
	o->on_bad_line = cmd_print_diag_cb;
	return EXIT_OK;
}

int
cmd_export(struct cli *cli, int argc, char **argv)
{
	struct kb_export_options o = KB_EXPORT_OPTIONS_INIT;
	unsigned long count;
	struct args a;
	int rc;

	CMD_PARSE_OR_RETURN(&a, argc, argv);
	rc = options(&a, &o);
	cmd_args_free(&a);
	if (rc != EXIT_OK)
		return rc;
	if (kb_export(&count, cli->kb, &o, write_line, stdout) < 0)
		return cmd_fail_last();
	if (fflush(stdout) != 0 || ferror(stdout))
		return cmd_fail("kb export: cannot write the export (%s); "
		    "nothing is lost: export again with the same --after",
		    strerror(errno));
	return EXIT_OK;
}
