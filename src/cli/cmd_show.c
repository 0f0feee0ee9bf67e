/* kb show: an answer for one channel as plain, readable text. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <kb/kb.h>
#include <kb/present.h>
#include <kb/render.h>

#include "cmd.h"

const struct opt cmd_show_opts[] = {
	{ "channel", 0, OPT_VALUE, "C",
	  "phone, email or walk-in (default: every channel, labelled)" },
	{ "width", 0, OPT_VALUE, "N", "wrap at N columns (default 80; 0: "
	  "no wrapping)" },
	{ "version", 0, OPT_VALUE, "BLOB", "that version of the answer (a "
	  "blob id from the usage log), not the current one" },
	{ NULL, 0, OPT_FLAG, NULL, NULL }
};

enum { O_CHANNEL, O_WIDTH, O_VERSION };

/* A past version is shown as it was: today's notices are not about it. */
static int
print_answer(struct kb *kb, const struct kb_answer *a,
    enum kb_channel channel, unsigned width, int current)
{
	unsigned flags = KB_PRESENT_META | KB_PRESENT_RELATED;
	char *text;

	if (current)
		flags |= KB_PRESENT_NOTICES | KB_PRESENT_STANDING;
	if (kb_answer_present(&text, kb, a, channel, width, flags) < 0)
		return cmd_fail_last();
	out_lines(stdout, text);
	free(text);
	return EXIT_OK;
}

/* --channel, else git config kb.channel, else every channel. */
static int
pick_channel(struct cli *cli, const char *given, enum kb_channel *out)
{
	char *configured = NULL;
	int ch;

	*out = cli->channel;
	if (given == NULL && cli->channel_name)
		return 0;
	if (given == NULL && kb_config_string(&configured, cli->kb,
	    "kb.channel") == 0)
		given = configured;
	if (given == NULL)
		return 0;
	ch = kb_channel_parse(given);
	free(configured);
	if (ch < 0)
		return -1;
	*out = (enum kb_channel)ch;
	return 0;
}

static int
parse_width(const char *s, unsigned *out)
{
	char *end;
	long n = strtol(s, &end, 10);

	if (*s == '\0' || *end != '\0' || n < 0 || (n > 0 && n < 20) ||
	    n > 1000)
		return -1;
	*out = (unsigned)n;
	return 0;
}

int
cmd_show(struct cli *cli, int argc, char **argv)
{
	struct kb_answer *a = NULL;
	enum kb_channel channel;
	unsigned width = 80;
	struct args args;
	int rc;

	CMD_PARSE_OR_RETURN(&args, argc, argv);
	if (args.n != 1)
		rc = cmd_usage_error("give one answer id");
	else if (pick_channel(cli, args.values[O_CHANNEL], &channel) < 0)
		rc = cmd_usage_error("unknown channel: use phone, email or "
		    "walk-in");
	else if (args.values[O_WIDTH] && parse_width(args.values[O_WIDTH],
	    &width) < 0)
		rc = cmd_usage_error("--width takes 0 or a number from 20 to "
		    "1000");
	else if (args.values[O_VERSION] && kb_answer_load_version(&a,
	    cli->kb, args.operands[0], args.values[O_VERSION]) < 0)
		rc = cmd_fail_last();
	else if (!args.values[O_VERSION] && kb_answer_load(&a, cli->kb,
	    args.operands[0]) < 0)
		rc = cmd_fail_last();
	else {
		if (!args.values[O_VERSION])
			cmd_warn_if_stale(cli->kb);
		rc = print_answer(cli->kb, a, channel, width,
		    !args.values[O_VERSION]);
	}
	kb_answer_free(a);
	cmd_args_free(&args);
	return rc;
}
