/* kb tui (and kb without a command): the agent's interactive screen. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <kb/identity.h>
#include <kb/kb.h>

#include "tui.h"
#include "cmd.h"

const struct opt cmd_tui_opts[] = {
	OPT_BOOL("high-contrast", 0,
	  "start in high contrast (also: git config kb.highContrast true)"),
	OPT_END
};

/* --channel, else git config kb.channel, else every channel. */
static enum kb_channel
start_channel(struct cli *cli)
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

const struct opt cmd_review_opts[] = {
	OPT_BOOL("high-contrast", 0, "start in high contrast"),
	OPT_END
};

static int run_screen(struct cli *cli, int argc, char **argv, int review);

int
cmd_tui(struct cli *cli, int argc, char **argv)
{
	return run_screen(cli, argc, argv, 0);
}

/* kb review: the same screen, on the proposals waiting for review (in
 * a reviewer's clone, the centre's: cmd_centre_refresh). */
int
cmd_review(struct cli *cli, int argc, char **argv)
{
	cmd_centre_refresh(cli->kb);
	return run_screen(cli, argc, argv, 1);
}

static int
run_screen(struct cli *cli, int argc, char **argv, int review)
{
	struct tui_options o;
	struct args args;
	char *agent, *office, *lang = NULL;
	int rc;

	CMD_PARSE_OR_RETURN(&args, argc, argv);
	if (args.n != 0) {
		cmd_args_free(&args);
		return cmd_usage_error("takes no operands");
	}
	if (kb_agent_lang(&lang, cli->kb, NULL) < 0) {
		cmd_args_free(&args);
		return cmd_fail_last();
	}
	agent = kb_agent_name(cli->kb, cli->agent);
	office = kb_office_name(cli->kb, cli->office);
	memset(&o, 0, sizeof(o));
	o.channel = start_channel(cli);
	o.agent = agent;
	o.office = office;
	o.lang = lang;
	o.high_contrast = cmd_opt(&args, "high-contrast") != NULL ||
	    kb_config_bool(cli->kb, "kb.highContrast", 0);
	o.review = review;
	rc = tui_run(cli->kb, &o) < 0 ? cmd_fail_last() : EXIT_OK;
	free(agent);
	free(office);
	free(lang);
	cmd_args_free(&args);
	return rc;
}
