/*
 * kb use and kb flag: record an answer used, or flagged, in the log;
 * kb undo: take the last one back.  kb flag --close is cmd_flags.c's.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <kb/identity.h>
#include <kb/kb.h>
#include <kb/usage.h>

#include "cmd.h"

const struct opt cmd_use_opts[] = {
	OPT_ARG("query", 0, "Q", "what the agent searched for"),
	OPT_ARG("channel", 0, "C", "phone, email or walk-in (required "
	  "unless git config kb.channel is set)"),
	OPT_END
};

const struct opt cmd_undo_opts[] = {
	OPT_END
};

const struct opt cmd_flag_opts[] = {
	OPT_ARG("reason", 0, "TEXT",
	  "outdated, wrong, unclear, or any text (required)"),
	OPT_ARG("channel", 0, "C", "the channel it was used on, if any"),
	OPT_BOOL("close", 0, "reviewers: close the flag ID (an id "
	  "kb flags shows), or every open flag of answer ID, saying why"),
	OPT_END
};

/*
 * --channel, else git config kb.channel, else KB_CHANNEL_NONE; -1 after a
 * usage error (an unknown channel, named with where it came from).
 */
static int
channel_of(struct cli *cli, const char *given, enum kb_channel *out)
{
	char *configured = NULL;
	int ch;

	*out = KB_CHANNEL_NONE;
	if (given) {
		if ((ch = kb_channel_parse(given)) < 0) {
			cmd_usage_error("unknown channel '%s': use phone, email "
			    "or walk-in", given);
			return -1;
		}
		*out = (enum kb_channel)ch;
		return 0;
	}
	if (cli->channel_name) {
		*out = cli->channel;
		return 0;
	}
	if (kb_config_string(&configured, cli->kb, "kb.channel") < 0)
		return 0;
	if ((ch = kb_channel_parse(configured)) < 0) {
		cmd_usage_error("git config kb.channel is '%s': use phone, "
		    "email or walk-in", configured);
		free(configured);
		return -1;
	}
	free(configured);
	*out = (enum kb_channel)ch;
	return 0;
}

/*
 * Fill the event's answer, agent and office, then log it: the version
 * comes from git, not the index, so that a rebuild never loses an event.
 */
static int
log_event(struct cli *cli, struct kb_event *e, const char *id)
{
	char *agent, *office;
	int rc;

	agent = kb_agent_name(cli->kb, cli->agent);
	office = kb_office_name(cli->kb, cli->office);
	e->agent = agent;
	e->office = office;
	e->answer = id;
	rc = kb_usage_log_answer(cli->kb, e, 10000) < 0 ? cmd_fail_last() :
	    EXIT_OK;
	free(agent);
	free(office);
	return rc;
}

/*
 * kb use and kb flag share their form: an id, a text (--query, --reason)
 * and --channel.  What each requires differs.
 */
static int
record(struct cli *cli, int argc, char **argv, enum kb_event_kind kind)
{
	struct kb_event e = KB_EVENT_INIT;
	struct args args;
	int rc;

	CMD_PARSE_OR_RETURN(&args, argc, argv);
	e.kind = kind;
	if (kind == KB_EVENT_FLAG && cmd_opt(&args, "close")) {
		/* kb flag --close ID --reason R (cmd_flags.c). */
		if (args.n != 1)
			rc = cmd_usage_error("give one flag id or answer id");
		else
			rc = cmd_flag_close(cli, args.operands[0],
			    cmd_opt(&args, "reason"));
		cmd_args_free(&args);
		return rc;
	}
	if (kind == KB_EVENT_USE)
		e.query = cmd_opt(&args, "query");
	else
		e.reason = cmd_opt(&args, "reason");
	if (channel_of(cli, cmd_opt(&args, "channel"), &e.channel) < 0)
		rc = EXIT_USAGE;
	else if (args.n != 1)
		rc = cmd_usage_error("give one answer id");
	else if (kind == KB_EVENT_USE && e.channel == KB_CHANNEL_NONE)
		rc = cmd_usage_error("give the channel: --channel phone, email "
		    "or walk-in");
	else if (kind == KB_EVENT_FLAG && (e.reason == NULL ||
	    e.reason[strspn(e.reason, " \t")] == '\0'))
		rc = cmd_usage_error("give the reason: --reason outdated, "
		    "wrong, unclear or your own words");
	else
		rc = log_event(cli, &e, args.operands[0]);
	cmd_args_free(&args);
	return rc;
}

int
cmd_use(struct cli *cli, int argc, char **argv)
{
	return record(cli, argc, argv, KB_EVENT_USE);
}

int
cmd_flag(struct cli *cli, int argc, char **argv)
{
	return record(cli, argc, argv, KB_EVENT_FLAG);
}

/* What the screen's undo does, for a use or flag logged here. */
int
cmd_undo(struct cli *cli, int argc, char **argv)
{
	struct args args;
	char *agent, *what = NULL;
	int rc;

	CMD_PARSE_OR_RETURN(&args, argc, argv);
	if (args.n != 0) {
		cmd_args_free(&args);
		return cmd_usage_error("kb undo takes no answer id: it takes "
		    "back the last use or flag you logged");
	}
	agent = kb_agent_name(cli->kb, cli->agent);
	if (kb_usage_undo_last(&what, cli->kb, agent) < 0)
		rc = cmd_fail_last();
	else {
		out_line(stdout, "undone: %s", what ? what : "the last event");
		rc = EXIT_OK;
	}
	free(what);
	free(agent);
	cmd_args_free(&args);
	return rc;
}
