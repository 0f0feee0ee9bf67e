/*
 * Helpers shared by the commands: safe output, messages, their options
 * parsed and read by name, usage, diagnostics.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <kb/error.h>
#include <kb/notice.h>
#include <kb/sync.h>
#include <kb/text.h>

#include "buf.h"
#include "cmd.h"
#include "json.h"
#include "xmalloc.h"

void
out_text(FILE *out, const char *s)
{
	char *safe;

	if (s == NULL)
		return;
	safe = kb_text_sanitize(s, strlen(s), 0);
	fputs(safe, out);
	free(safe);
}

void
out_lines(FILE *out, const char *s)
{
	char *safe;

	if (s == NULL)
		return;
	safe = kb_text_sanitize(s, strlen(s), KB_TEXT_LINES);
	fputs(safe, out);
	free(safe);
}

void
out_json(FILE *out, const char *s)
{
	struct buf json = BUF_INIT;

	json_add_string(&json, s);
	fwrite(json.data, 1, json.len, out);
	buf_free(&json);
}

static void out_vline(FILE *out, const char *fmt, va_list ap)
    __attribute__((format(printf, 2, 0)));

/* The formatted text made safe, on one line. */
static void
out_vline(FILE *out, const char *fmt, va_list ap)
{
	char *text = xvasprintf(fmt, ap);

	out_text(out, text);
	fputc('\n', out);
	free(text);
}

void
out_line(FILE *out, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	out_vline(out, fmt, ap);
	va_end(ap);
}

int
cmd_fail(const char *fmt, ...)
{
	va_list ap;

	fputs("kb: ", stderr);
	va_start(ap, fmt);
	out_vline(stderr, fmt, ap);
	va_end(ap);
	return EXIT_FAIL;
}

int
cmd_fail_last(void)
{
	return cmd_fail("%s", kb_error_last());
}

int
cmd_usage_error(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "kb %s: ", cmd_current->name);
	va_start(ap, fmt);
	out_vline(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "usage: kb %s\n", cmd_current->usage);
	return EXIT_USAGE;
}

void
cmd_args_free(struct args *a)
{
	free(a->operands);
	a->operands = NULL;
}

int
cmd_parse(struct args *a, int argc, char **argv)
{
	char who[64];
	int i;

	memset(a, 0, sizeof(*a));
	a->opts = cmd_current->opts;
	a->operands = xcalloc((size_t)argc + 1, sizeof(char *));

	for (i = 0; i < argc && strcmp(argv[i], "--") != 0; i++)
		if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
			printf("usage: kb %s\n\n%s.\n", cmd_current->usage,
			    cmd_current->summary);
			if (cmd_current->opts[0].name) {
				printf("\nOptions:\n");
				opt_print_help(stdout, cmd_current->opts);
			}
			printf("\nSee kb(1).\n");
			return 1;
		}
	snprintf(who, sizeof(who), "kb %s", cmd_current->name);
	if (opt_parse(who, a->opts, argc, argv,
	    a->values, a->operands, &a->n) < 0) {
		fprintf(stderr, "usage: kb %s\n", cmd_current->usage);
		return -1;
	}
	return 0;
}

const char *
cmd_opt(const struct args *a, const char *name)
{
	return opt_value(a->opts, a->values, name);
}

void
cmd_print_skipped(const struct kb_diag *d, void *payload)
{
	(void)payload;
	fputs("kb: ", stderr);
	out_text(stderr, d->path);
	fprintf(stderr, ":%u: ", d->line ? d->line : 1);
	out_text(stderr, d->message);
	fputc('\n', stderr);
}

void
cmd_print_diag(FILE *out, const struct kb_diag *d)
{
	out_text(out, d->path);
	fprintf(out, ":%u: %s: ", d->line ? d->line : 1,
	    d->severity == KB_SEVERITY_ERROR ? "error" : "warning");
	out_text(out, d->message);
	fputc('\n', out);
}

void
cmd_print_diag_cb(const struct kb_diag *d, void *payload)
{
	(void)payload;
	cmd_print_diag(stderr, d);
}

void
cmd_warn_if_stale(struct kb *kb)
{
	struct kb_sync_status st;
	char age[64];

	if (kb_sync_status(&st, kb) < 0 || !st.stale)
		return;
	if (st.last == 0)
		snprintf(age, sizeof(age), "never");
	else
		kb_sync_age_text(age, sizeof(age), st.age);
	fprintf(stderr, "kb: warning: last synced %s (more than %u hours): "
	    "answers may be out of date; run kbsync\n", age, st.warn_hours);
}

void
cmd_warn_critical_notices(struct kb *kb)
{
	struct kb_notices list;
	size_t i;

	if (kb_notices_list(&list, kb, 0) < 0)
		return;
	for (i = 0; i < list.n; i++)
		if (list.v[i]->severity == KB_NOTICE_CRITICAL)
			out_line(stderr, "kb: CRITICAL notice: %s (kb notices)",
			    list.v[i]->title);
	kb_notices_clear(&list);
}
