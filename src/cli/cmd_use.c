/* kb use and kb flag: record an answer used, or flagged, in the log. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <kb/identity.h>
#include <kb/kb.h>
#include <kb/usage.h>

#include "cmd.h"

const struct opt cmd_use_opts[] = {
	{ "query", 0, OPT_VALUE, "Q", "what the agent searched for" },
	{ NULL, 0, OPT_FLAG, NULL, NULL }
};

const struct opt cmd_flag_opts[] = {
	{ "reason", 0, OPT_VALUE, "TEXT",
	  "outdated, wrong, unclear, or any text (required)" },
	{ NULL, 0, OPT_FLAG, NULL, NULL }
};

/* --channel, else git config kb.channel, else KB_CHANNEL_NONE. */
static enum kb_channel
channel_of(struct cli *cli)
{
	char *configured = NULL;
	int ch = -1;

	if (cli->channel_name)
		return cli->channel;
	if (kb_config_string(&configured, cli->kb, "kb.channel") == 0)
		ch = kb_channel_parse(configured);
	free(configured);
	return ch < 0 ? KB_CHANNEL_NONE : (enum kb_channel)ch;
}

/* Fill the event's answer, version, agent and office, then log it. */
static int
log_event(struct cli *cli, struct kb_event *e, const char *id)
{
	struct kb_answer *a = NULL;
	char *agent, *office;
	int rc;

	if (kb_answer_load(&a, cli->kb, id) < 0)
		return cmd_fail_last();
	agent = kb_agent_name(cli->kb, cli->agent);
	office = kb_office_name(cli->kb, cli->office);
	e->agent = agent;
	e->office = office;
	e->answer = a->id;
	e->version = a->version;
	rc = kb_usage_log(cli->kb, e, 10000) < 0 ? cmd_fail_last() : EXIT_OK;
	free(agent);
	free(office);
	kb_answer_free(a);
	return rc;
}

int
cmd_use(struct cli *cli, int argc, char **argv)
{
	struct kb_event e = KB_EVENT_INIT;
	struct args args;
	int rc;

	CMD_PARSE_OR_RETURN(&args, argc, argv);
	e.kind = KB_EVENT_USE;
	e.channel = channel_of(cli);
	e.query = args.values[0];
	if (args.n != 1)
		rc = cmd_usage_error("give one answer id");
	else if (e.channel == KB_CHANNEL_NONE)
		rc = cmd_usage_error("give the channel: --channel phone, email "
		    "or walk-in");
	else
		rc = log_event(cli, &e, args.operands[0]);
	cmd_args_free(&args);
	return rc;
}

int
cmd_flag(struct cli *cli, int argc, char **argv)
{
	struct kb_event e = KB_EVENT_INIT;
	struct args args;
	int rc;

	CMD_PARSE_OR_RETURN(&args, argc, argv);
	e.kind = KB_EVENT_FLAG;
	e.channel = channel_of(cli);
	e.reason = args.values[0];
	if (args.n != 1)
		rc = cmd_usage_error("give one answer id");
	else if (e.reason == NULL || *e.reason == '\0')
		rc = cmd_usage_error("give the reason: --reason outdated, "
		    "wrong, unclear or your own words");
	else
		rc = log_event(cli, &e, args.operands[0]);
	cmd_args_free(&args);
	return rc;
}
