/* kb show: an answer for one channel as plain, readable text. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <kb/kb.h>
#include <kb/present.h>
#include <kb/render.h>

#include "cmd.h"

const struct opt cmd_show_opts[] = {
	OPT_ARG("channel", 0, "C",
	  "phone, email or walk-in (default: every channel, labelled)"),
	OPT_ARG("width", 0, "N", "wrap at N columns (default 80; 0: "
	  "no wrapping)"),
	OPT_ARG("version", 0, "BLOB", "that version of the answer (its "
	  "blob id, or 7 or more of its first hex digits), not the current "
	  "one"),
	OPT_BOOL("staff", 0, "with its staff-only notes"),
	OPT_BOOL("customer", 0, "as a customer receives it: the "
	  "channel's wording (default email), no staff notes, the reference "
	  "line"),
	OPT_END
};

/* How the answer is shown: for staff, or as a customer receives it. */
struct show {
	enum kb_channel channel;
	unsigned width;
	int width_given;
	int current;		/* not a past version */
	int staff;
	int customer;
};

/* A past version is shown as it was: today's notices are not about it. */
static int
print_answer(struct kb *kb, const struct kb_answer *a, const struct show *s)
{
	unsigned flags = KB_PRESENT_META | KB_PRESENT_RELATED;
	char *text;

	if (s->current)
		flags |= KB_PRESENT_NOTICES | KB_PRESENT_STANDING;
	if (s->staff)
		flags |= KB_PRESENT_STAFF;
	if (kb_answer_present(&text, kb, a, s->channel, s->width, flags) < 0)
		return cmd_fail_last();
	out_lines(stdout, text);
	free(text);
	return EXIT_OK;
}

/*
 * What the screen's y copies (email) or p prints (walk-in), on stdout;
 * an answer not written for customers says so on stderr first.
 */
static int
print_for_customer(struct kb *kb, const struct kb_answer *a,
    const struct show *s)
{
	enum kb_channel channel = s->channel ? s->channel : KB_CHANNEL_EMAIL;
	unsigned width = s->width_given ? s->width :
	    channel == KB_CHANNEL_EMAIL ? 0 : KB_PRINT_WIDTH;
	char *text, *warning;

	if ((warning = kb_answer_customer_warning(a)) != NULL) {
		out_line(stderr, "kb: warning: %s", warning);
		free(warning);
	}
	if (kb_answer_for_customer(&text, kb, a, channel, width) < 0)
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

int
cmd_show(struct cli *cli, int argc, char **argv)
{
	struct show s = { KB_CHANNEL_NONE, 80, 0, 1, 0, 0 };
	struct kb_answer *a = NULL;
	const char *width, *version;
	struct args args;
	int rc;

	CMD_PARSE_OR_RETURN(&args, argc, argv);
	width = cmd_opt(&args, "width");
	version = cmd_opt(&args, "version");
	s.width_given = width != NULL;
	s.current = version == NULL;
	s.staff = cmd_opt(&args, "staff") != NULL;
	s.customer = cmd_opt(&args, "customer") != NULL;
	if (args.n != 1)
		rc = cmd_usage_error("give one answer id");
	else if (pick_channel(cli, cmd_opt(&args, "channel"), &s.channel) < 0)
		rc = cmd_usage_error("unknown channel: use phone, email or "
		    "walk-in");
	else if (width && cmd_parse_width(width, 1000, &s.width) < 0)
		rc = cmd_usage_error("--width takes 0 or a number from 20 to "
		    "1000");
	else if (s.staff && s.customer)
		rc = cmd_usage_error("--staff and --customer: staff-only notes "
		    "never go to a customer");
	else if (version && kb_answer_load_version(&a, cli->kb,
	    args.operands[0], version) < 0)
		rc = cmd_fail_last();
	else if (!version && kb_answer_load(&a, cli->kb,
	    args.operands[0]) < 0)
		rc = cmd_fail_last();
	else {
		if (s.current)
			cmd_warn_if_stale(cli->kb);
		rc = s.customer ? print_for_customer(cli->kb, a, &s) :
		    print_answer(cli->kb, a, &s);
	}
	kb_answer_free(a);
	cmd_args_free(&args);
	return rc;
}
