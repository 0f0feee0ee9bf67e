/* Answers as plain text for people: kb show, copy, print (present.h). */
#include "kb/present.h"

#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "kb/clock.h"
#include "kb/notice.h"
#include "kb/standing.h"
#include "utf8.h"
#include "xmalloc.h"

const char *
kb_notice_label(const struct kb_notice *n)
{
	static const char *const labels[] = { "NOTICE", "WARNING",
	    "CRITICAL" };

	return labels[n->severity];
}

/* "2026-12-24T09:00" as "2026-12-24 09:00". */
static void
add_time(struct buf *b, const char *s)
{
	for (; *s; s++)
		buf_addc(b, *s == 'T' ? ' ' : *s);
}

int
kb_notice_present(char **out, const struct kb_notice *n, unsigned width)
{
	struct kb_lines *lines = NULL;
	struct kb_doc *doc = NULL;
	struct buf b = BUF_INIT;
	size_t i;

	*out = NULL;
	if (kb_render(&doc, n->body, n->body_len) < 0 ||
	    kb_layout(&lines, doc, KB_CHANNEL_NONE, width > 22 ? width - 2 :
	    width) < 0) {
		kb_doc_free(doc);
		return KB_ERROR;
	}
	buf_addf(&b, "%s: %s (", kb_notice_label(n), n->title);
	add_time(&b, n->starts);
	buf_adds(&b, " to ");
	add_time(&b, n->ends);
	buf_adds(&b, ")\n");
	for (i = 0; i < lines->nlines; i++)
		buf_addf(&b, "%s%s\n", lines->lines[i].len ? "  " : "",
		    lines->lines[i].text);
	kb_lines_free(lines);
	kb_doc_free(doc);
	*out = buf_detach(&b);
	return 0;
}

char *
kb_standing_text(const struct kb_standing *s)
{
	switch (s->state) {
	case KB_STANDING_NOT_YET:
		return xasprintf("NOT YET IN EFFECT: this answer applies from "
		    "%s.", s->date);
	case KB_STANDING_EXPIRED:
		return xasprintf("EXPIRED on %s: do not give this answer.",
		    s->date);
	case KB_STANDING_REPLACED:
		if (s->date[0])
			return xasprintf("REPLACED from %s by %s: give that "
			    "answer.", s->date, s->by);
		return xasprintf("REPLACED by %s: give that answer.", s->by);
	case KB_STANDING_CURRENT:
		break;
	}
	return NULL;
}

/* The active notices for the answer, before its text. */
static void
add_notices(struct buf *b, struct kb *kb, const struct kb_answer *a,
    unsigned width)
{
	struct kb_notices list;
	size_t i;

	if (kb_notices_for_answer(&list, kb, a) < 0)
		return;
	for (i = 0; i < list.n; i++) {
		char *text = NULL;

		if (kb_notice_present(&text, list.v[i], width) == 0)
			buf_addf(b, "%s\n", text);
		free(text);
	}
	kb_notices_clear(&list);
}

static void
add_standing(struct buf *b, struct kb *kb, const struct kb_answer *a)
{
	struct kb_standing st;
	char *text;

	if (kb_answer_standing(&st, kb, a) < 0 ||
	    (text = kb_standing_text(&st)) == NULL)
		return;
	buf_addf(b, "%s\n", text);
	free(text);
}

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
	size_t i, n = utf8_strwidth(title);

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
	if (a->translation_of)
		buf_addf(b, "Original:  %s\n", a->translation_of);
	for (i = 0; i < a->ntranslations; i++)
		buf_addf(b, "%s%s:%s%s", i ? ", " : "Also in:   ",
		    a->translations[i].lang, a->translations[i].id,
		    i + 1 == a->ntranslations ? "\n" : "");
	if (a->effective)
		buf_addf(b, "Effective: %s\n", a->effective);
	if (a->expires)
		buf_addf(b, "Expires:   %s\n", a->expires);
	if (a->replaces)
		buf_addf(b, "Replaces:  %s\n", a->replaces);
	if (strcmp(a->audience, "public") != 0)
		buf_addf(b, "Audience:  %s (not for customers)\n", a->audience);
	buf_addf(b, "Channel:   %s\n", channel == KB_CHANNEL_NONE ? "all" :
	    kb_channel_name(channel));
	/* The path is a file name from git: anything but a NUL (kb/text.h). */
	buf_addf(b, "Version:   %.*s (", KB_SHORT_VERSION, a->version);
	utf8_sanitize(b, a->path, strlen(a->path), UTF8_STRICT);
	buf_adds(b, ")\n");
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

/* Staff who do not see the notes are told there are some. */
static void
add_staff_count(struct buf *b, const struct kb_doc *doc)
{
	size_t i, n = 0;

	for (i = 0; i < doc->nblocks; i++)
		n += doc->blocks[i].kind == KB_BLOCK_STAFF;
	if (n)
		buf_addf(b, "Staff:     %zu staff-only note%s, not shown "
		    "here\n", n, n == 1 ? "" : "s");
}

/* Which blocks of an answer a text shows (kb_layout picks the channel). */
struct pick {
	int staff;		/* its staff-only notes */
	enum kb_channel section; /* that channel's section alone, or NONE */
	int section_headings;	/* "Email", "Phone" ... headings */
};

static int
picked(const struct kb_block *b, const struct pick *p)
{
	int section_heading = b->kind == KB_BLOCK_HEADING && b->level <= 2 &&
	    b->channel != KB_CHANNEL_NONE;

	if (b->kind == KB_BLOCK_STAFF && !p->staff)
		return 0;
	if (p->section != KB_CHANNEL_NONE && b->channel != p->section)
		return 0;
	return !section_heading || p->section_headings;
}

/* The document laid out for `channel` with the blocks `p` keeps. */
static int
lay_out(struct kb_lines **lines, const struct kb_doc *doc,
    enum kb_channel channel, unsigned width, const struct pick *p)
{
	struct kb_doc view = { NULL, 0 };
	size_t i;
	int rc;

	/* A view sharing the blocks' text: only its array is freed. */
	view.blocks = xcalloc(doc->nblocks + 1, sizeof(*view.blocks));
	for (i = 0; i < doc->nblocks; i++)
		if (picked(&doc->blocks[i], p))
			view.blocks[view.nblocks++] = doc->blocks[i];
	rc = kb_layout(lines, &view, channel, width);
	free(view.blocks);
	return rc;
}

int
kb_answer_present(char **out, struct kb *kb, const struct kb_answer *a,
    enum kb_channel channel, unsigned width, unsigned flags)
{
	struct pick p = { (flags & KB_PRESENT_STAFF) != 0, KB_CHANNEL_NONE,
	    1 };
	struct kb_lines *lines = NULL;
	struct kb_doc *doc = NULL;
	struct buf b = BUF_INIT;
	size_t i;

	*out = NULL;
	if (kb_render(&doc, a->body, a->body_len) < 0 ||
	    lay_out(&lines, doc, channel, width, &p) < 0) {
		kb_doc_free(doc);
		return KB_ERROR;
	}
	add_heading(&b, a->title, width);
	if (flags & KB_PRESENT_META) {
		add_meta(&b, a, channel);
		if (!(flags & KB_PRESENT_STAFF))
			add_staff_count(&b, doc);
	} else if ((flags & KB_PRESENT_STANDARD) && a->standard)
		buf_addf(&b, "Standard: %s\n", a->standard);
	if (flags & KB_PRESENT_STANDING)
		add_standing(&b, kb, a);
	buf_addc(&b, '\n');
	if (flags & KB_PRESENT_NOTICES)
		add_notices(&b, kb, a, width);
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

/*
 * 1 when the answer has its own wording for `channel`, for a customer:
 * a section with more than its heading and staff-only notes.
 */
static int
has_section(const struct kb_answer *a, enum kb_channel channel)
{
	struct pick customer = { 0, channel, 0 };
	struct kb_doc *doc = NULL;
	size_t i;
	int yes = 0;

	if (kb_render(&doc, a->body, a->body_len) < 0)
		return 0;
	for (i = 0; i < doc->nblocks && !yes; i++)
		yes = picked(&doc->blocks[i], &customer);
	kb_doc_free(doc);
	return yes;
}

int
kb_answer_for_customer(char **out, struct kb *kb, const struct kb_answer *a,
    enum kb_channel channel, unsigned width)
{
	struct pick p = { 0, KB_CHANNEL_NONE, 0 };
	struct kb_lines *lines = NULL;
	struct kb_doc *doc = NULL;
	struct buf b = BUF_INIT;
	unsigned flags = KB_RENDER_LINE_BREAKS | KB_RENDER_LINKS_ONCE;
	char *ref;
	size_t i;
	int email = channel == KB_CHANNEL_EMAIL;

	*out = NULL;
	/* An email section is the message itself, greeting to signature. */
	if (email && has_section(a, KB_CHANNEL_EMAIL)) {
		p.section = KB_CHANNEL_EMAIL;
		flags |= KB_RENDER_SECTION_ONLY;
	}
	if (kb_render_with(&doc, a->body, a->body_len, flags, channel) < 0 ||
	    lay_out(&lines, doc, channel, width, &p) < 0) {
		kb_doc_free(doc);
		return KB_ERROR;
	}
	if (!email) {
		add_heading(&b, a->title, width);
		if (a->standard)
			buf_addf(&b, "Standard: %s\n", a->standard);
		buf_addc(&b, '\n');
	}
	add_notices(&b, kb, a, width);
	for (i = 0; i < lines->nlines; i++)
		buf_addf(&b, "%s\n", lines->lines[i].text);
	ref = kb_answer_reference(a);
	buf_addf(&b, "\n%s\n", ref);
	free(ref);
	kb_lines_free(lines);
	kb_doc_free(doc);
	*out = buf_detach(&b);
	return 0;
}

char *
kb_answer_customer_warning(const struct kb_answer *a)
{
	struct buf audience = BUF_INIT;
	char *warning;

	if (a->audience == NULL || strcmp(a->audience, "public") == 0)
		return NULL;
	utf8_sanitize(&audience, a->audience, strlen(a->audience),
	    UTF8_STRICT);
	warning = xasprintf("%s is not written for customers (audience: %s): "
	    "check it is right to give before it is sent or printed", a->id,
	    buf_cstr(&audience));
	buf_free(&audience);
	return warning;
}
