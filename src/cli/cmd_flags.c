/*
 * kb flags: the open flags (every flag with --all), each with its id;
 * kb flag --close: a reviewer closes one, or an answer's, with a reason.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <kb/answer.h>
#include <kb/flags.h>
#include <kb/identity.h>
#include <kb/kb.h>

#include "cmd.h"

const struct opt cmd_flags_opts[] = {
	OPT_BOOL("all", 0, "closed flags too, and how each closed"),
	OPT_BOOL("json", 0, "a JSON array, with the whole ids"),
	OPT_END
};

/* "YYYY-MM-DD" of a logged time; the whole text when it is no time. */
static void
day(const char *time)
{
	printf("%.10s", time ? time : "");
}

/* How a closed flag closed: the last field of kb flags --all. */
static void
how_closed(const struct kb_flag *f)
{
	switch (f->state) {
	case KB_FLAG_FIXED:
	case KB_FLAG_REMOVED:
		fputs(f->state == KB_FLAG_FIXED ? "fixed" : "answer removed",
		    stdout);
		if (f->fixed_in) {
			printf(" in %.12s on ", f->fixed_in);
			day(f->closed_time);
		}
		break;
	case KB_FLAG_CLOSED:
		fputs("closed by ", stdout);
		out_text(stdout, f->closed_by);
		fputs(" on ", stdout);
		day(f->closed_time);
		fputs(": ", stdout);
		out_text(stdout, f->close_reason);
		break;
	default:
		break;
	}
}

static void
print_line(const struct kb_flag *f, int all)
{
	char id[KB_FLAG_ID_SHOWN + 1];

	snprintf(id, sizeof(id), "%s", f->uid);
	out_text(stdout, id);
	putchar('\t');
	day(f->time);
	putchar('\t');
	out_text(stdout, f->answer);
	printf("\t%s\t", kb_flag_state_name(f->state));
	out_text(stdout, f->agent);
	if (f->office) {
		putchar('@');
		out_text(stdout, f->office);
	}
	putchar('\t');
	out_text(stdout, f->reason);
	if (all) {
		putchar('\t');
		how_closed(f);
	}
	putchar('\n');
}

static void
json_field(const char *name, const char *value, int first)
{
	printf("%s\"%s\": ", first ? "" : ", ", name);
	out_json(stdout, value);
}

static void
print_json(const struct kb_flag *f, int first)
{
	printf("%s\n  {", first ? "" : ",");
	json_field("id", f->uid, 1);
	json_field("time", f->time, 0);
	json_field("answer", f->answer, 0);
	json_field("version", f->version, 0);
	json_field("state", kb_flag_state_name(f->state), 0);
	json_field("agent", f->agent, 0);
	json_field("office", f->office, 0);
	json_field("channel", f->channel == KB_CHANNEL_NONE ? NULL :
	    kb_channel_name(f->channel), 0);
	json_field("reason", f->reason, 0);
	json_field("closed_time", f->closed_time, 0);
	json_field("fixed_in", f->fixed_in, 0);
	json_field("closed_by", f->closed_by, 0);
	json_field("close_reason", f->close_reason, 0);
	printf("}");
}

int
cmd_flags(struct cli *cli, int argc, char **argv)
{
	struct kb_flags_options o = { NULL, 0, 0, cmd_print_diag_cb, NULL };
	struct kb_flag *v = NULL;
	struct args args;
	size_t n = 0, i;
	int json;

	CMD_PARSE_OR_RETURN(&args, argc, argv);
	o.all = o.fix_times = cmd_opt(&args, "all") != NULL;
	json = cmd_opt(&args, "json") != NULL;
	if (args.n > 1) {
		cmd_args_free(&args);
		return cmd_usage_error("give at most one answer id");
	}
	o.answer = args.n ? args.operands[0] : NULL;
	if (o.answer && !kb_answer_id_valid(o.answer)) {
		cmd_usage_error("'%s' is not an answer id", o.answer);
		cmd_args_free(&args);
		return EXIT_USAGE;
	}
	if (kb_flags_list(&v, &n, cli->kb, &o) < 0) {
		cmd_args_free(&args);
		return cmd_fail_last();
	}
	if (json)
		printf("[");
	for (i = 0; i < n; i++)
		if (json)
			print_json(&v[i], i == 0);
		else
			print_line(&v[i], o.all);
	if (json)
		printf("%s]\n", n ? "\n" : "");
	kb_flags_free(v, n);
	cmd_args_free(&args);
	return EXIT_OK;
}

int
cmd_flag_close(struct cli *cli, const char *id, const char *reason)
{
	char *office = kb_office_name(cli->kb, cli->office);
	size_t closed = 0;
	int rc = EXIT_OK;

	if (reason == NULL || reason[strspn(reason, " \t")] == '\0')
		rc = cmd_usage_error("give the reason: --reason, for whoever "
		    "flagged it (fixed, duplicate, not a problem...)");
	else if (kb_flag_close(&closed, cli->kb, id, reason, office) < 0)
		rc = cmd_fail_last();
	else
		out_line(stdout, "closed %zu flag%s: %s", closed,
		    closed == 1 ? "" : "s", id);
	free(office);
	return rc;
}
