/* kb show: an answer for one channel as plain, readable text. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <kb/clock.h>
#include <kb/kb.h>
#include <kb/render.h>

#include "cmd.h"

const struct opt cmd_show_opts[] = {
	{ "channel", 0, OPT_VALUE, "C",
	  "phone, email or walk-in (default: every channel, labelled)" },
	{ "width", 0, OPT_VALUE, "N", "wrap at N columns (default 80; 0: "
	  "no wrapping)" },
	{ NULL, 0, OPT_FLAG, NULL, NULL }
};

enum { O_CHANNEL, O_WIDTH };

static void
print_heading(const char *title, unsigned width)
{
	size_t i, n = kb_text_width(title);

	printf("%s\n", title);
	if (width && n > width)
		n = width;
	for (i = 0; i < n; i++)
		putchar('=');
	putchar('\n');
}

static void
print_meta(const struct kb_answer *a, enum kb_channel channel)
{
	char today[11];
	size_t i;

	if (a->ntags) {
		printf("Tags:      ");
		for (i = 0; i < a->ntags; i++)
			printf("%s%s", i ? ", " : "", a->tags[i]);
		putchar('\n');
	}
	if (a->standard)
		printf("Standard:  %s\n", a->standard);
	if (a->review_by) {
		kb_today(today);
		printf("Review by: %s%s\n", a->review_by,
		    strcmp(a->review_by, today) < 0 ? "  (OVERDUE for review)" :
		    "");
	}
	if (strcmp(a->lang, "en") != 0)
		printf("Language:  %s\n", a->lang);
	if (strcmp(a->audience, "public") != 0)
		printf("Audience:  %s (not for customers)\n", a->audience);
	printf("Channel:   %s\n", channel == KB_CHANNEL_NONE ? "all" :
	    kb_channel_name(channel));
	printf("Version:   %.12s (%s)\n", a->version, a->path);
}

static void
print_related(struct kb *kb, const struct kb_answer *a)
{
	size_t i;

	if (a->nrelated == 0)
		return;
	printf("\nRelated:\n");
	for (i = 0; i < a->nrelated; i++) {
		struct kb_answer *r = NULL;

		if (kb_answer_load(&r, kb, a->related[i]) == 0)
			printf("  %-28s %s\n", a->related[i], r->title);
		else
			printf("  %-28s (no such answer)\n", a->related[i]);
		kb_answer_free(r);
	}
}

static int
print_answer(struct kb *kb, const struct kb_answer *a,
    enum kb_channel channel, unsigned width)
{
	struct kb_lines *lines = NULL;
	struct kb_doc *doc = NULL;
	size_t i;

	if (kb_render(&doc, a->body, a->body_len) < 0 ||
	    kb_layout(&lines, doc, channel, width) < 0) {
		kb_doc_free(doc);
		return cmd_fail_last();
	}
	print_heading(a->title, width);
	print_meta(a, channel);
	putchar('\n');
	for (i = 0; i < lines->nlines; i++)
		printf("%s\n", lines->lines[i].text);
	if (channel != KB_CHANNEL_NONE &&
	    !(kb_doc_channels(doc) & (1u << channel)))
		printf("\n(This answer has no %s section: the text above is "
		    "for every channel.)\n", kb_channel_heading(channel));
	print_related(kb, a);
	kb_lines_free(lines);
	kb_doc_free(doc);
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
	else if (kb_answer_load(&a, cli->kb, args.operands[0]) < 0)
		rc = cmd_fail_last();
	else
		rc = print_answer(cli->kb, a, channel, width);
	kb_answer_free(a);
	cmd_args_free(&args);
	return rc;
}
