/* Answers as plain text for people: kb show, copy, print (present.h). */
#include "kb/present.h"

#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "kb/clock.h"
#include "xmalloc.h"

int
kb_answer_overdue(const struct kb_answer *a)
{
	char today[11];

	if (a->review_by == NULL)
		return 0;
	kb_today(today);
	return strcmp(a->review_by, today) < 0;
}

char *
kb_answer_reference(const struct kb_answer *a)
{
	char today[11];

	kb_today(today);
	return xasprintf("Reference: kb answer %s, version %.*s, %s", a->id,
	    KB_SHORT_VERSION, a->version[0] ? a->version : "uncommitted",
	    today);
}

static void
add_heading(struct buf *b, const char *title, unsigned width)
{
	size_t i, n = kb_text_width(title);

	buf_addf(b, "%s\n", title);
	if (width && n > width)
		n = width;
	for (i = 0; i < n; i++)
		buf_addc(b, '=');
	buf_addc(b, '\n');
}

static void
add_meta(struct buf *b, const struct kb_answer *a, enum kb_channel channel)
{
	size_t i;

	if (a->ntags) {
		buf_adds(b, "Tags:      ");
		for (i = 0; i < a->ntags; i++)
			buf_addf(b, "%s%s", i ? ", " : "", a->tags[i]);
		buf_addc(b, '\n');
	}
	if (a->standard)
		buf_addf(b, "Standard:  %s\n", a->standard);
	if (a->review_by)
		buf_addf(b, "Review by: %s%s\n", a->review_by,
		    kb_answer_overdue(a) ? "  (OVERDUE for review)" : "");
	if (strcmp(a->lang, "en") != 0)
		buf_addf(b, "Language:  %s\n", a->lang);
	if (strcmp(a->audience, "public") != 0)
		buf_addf(b, "Audience:  %s (not for customers)\n", a->audience);
	buf_addf(b, "Channel:   %s\n", channel == KB_CHANNEL_NONE ? "all" :
	    kb_channel_name(channel));
	buf_addf(b, "Version:   %.*s (%s)\n", KB_SHORT_VERSION, a->version,
	    a->path);
}

static void
add_related(struct buf *b, struct kb *kb, const struct kb_answer *a)
{
	size_t i;

	if (a->nrelated == 0)
		return;
	buf_adds(b, "\nRelated:\n");
	for (i = 0; i < a->nrelated; i++) {
		struct kb_answer *r = NULL;

		if (kb_answer_load(&r, kb, a->related[i]) == 0)
			buf_addf(b, "  %-28s %s\n", a->related[i], r->title);
		else
			buf_addf(b, "  %-28s (no such answer)\n",
			    a->related[i]);
		kb_answer_free(r);
	}
}

int
kb_answer_present(char **out, struct kb *kb, const struct kb_answer *a,
    enum kb_channel channel, unsigned width, unsigned flags)
{
	struct kb_lines *lines = NULL;
	struct kb_doc *doc = NULL;
	struct buf b = BUF_INIT;
	size_t i;

	*out = NULL;
	if (kb_render(&doc, a->body, a->body_len) < 0 ||
	    kb_layout(&lines, doc, channel, width) < 0) {
		kb_doc_free(doc);
		return KB_ERROR;
	}
	add_heading(&b, a->title, width);
	if (flags & KB_PRESENT_META)
		add_meta(&b, a, channel);
	else if ((flags & KB_PRESENT_STANDARD) && a->standard)
		buf_addf(&b, "Standard: %s\n", a->standard);
	buf_addc(&b, '\n');
	for (i = 0; i < lines->nlines; i++)
		buf_addf(&b, "%s\n", lines->lines[i].text);
	if ((flags & KB_PRESENT_META) && channel != KB_CHANNEL_NONE &&
	    !(kb_doc_channels(doc) & (1u << channel)))
		buf_addf(&b, "\n(This answer has no %s section: the text above "
		    "is for every channel.)\n", kb_channel_heading(channel));
	if (flags & KB_PRESENT_RELATED)
		add_related(&b, kb, a);
	if (flags & KB_PRESENT_REFERENCE) {
		char *ref = kb_answer_reference(a);

		buf_addf(&b, "\n%s\n", ref);
		free(ref);
	}
	kb_lines_free(lines);
	kb_doc_free(doc);
	*out = buf_detach(&b);
	return 0;
}
