/*
 * An answer as the screen shows it: loaded from the KB, rendered, and
 * laid out as lines at a width for a channel: the meta lines, the
 * notices about it, the channel's own wording first, the rest of the
 * text, the related answers.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <kb/present.h>
#include <kb/standing.h>

#include "model.h"
#include "xmalloc.h"

static void
free_lines(struct shown *s)
{
	size_t i;

	for (i = 0; i < s->nv; i++)
		free(s->v[i].owned);
	free(s->v);
	s->v = NULL;
	s->nv = 0;
	kb_lines_free(s->lines);
	s->lines = NULL;
}

void
shown_clear(struct shown *s)
{
	size_t i;

	free_lines(s);
	if (s->related_titles && s->answer)
		for (i = 0; i < s->answer->nrelated; i++)
			free(s->related_titles[i]);
	free(s->related_titles);
	kb_doc_free(s->doc);
	kb_answer_free(s->answer);
	free(s->standing);
	kb_notices_clear(&s->notices);
	memset(s, 0, sizeof(*s));
}

/* Whether the answer is in use today, and the notices about it. */
static void
load_standing(struct shown *s, struct kb *kb)
{
	struct kb_standing st;

	if (kb_answer_standing(&st, kb, s->answer) == 0)
		s->standing = kb_standing_text(&st);
	if (kb_notices_for_answer(&s->notices, kb, s->answer) < 0)
		memset(&s->notices, 0, sizeof(s->notices));
}

int
shown_load(struct shown *s, struct kb *kb, const char *id)
{
	struct kb_answer *a = NULL;
	struct kb_doc *doc = NULL;
	size_t i;

	if (kb_answer_load(&a, kb, id) < 0)
		return -1;
	if (kb_render(&doc, a->body, a->body_len) < 0) {
		kb_answer_free(a);
		return -1;
	}
	shown_clear(s);
	s->answer = a;
	s->doc = doc;
	load_standing(s, kb);
	s->related_titles = xcalloc(a->nrelated + 1, sizeof(char *));
	for (i = 0; i < a->nrelated; i++) {
		struct kb_answer *r = NULL;

		if (kb_answer_load(&r, kb, a->related[i]) == 0)
			s->related_titles[i] = xstrdup(r->title);
		kb_answer_free(r);
	}
	return 0;
}

static struct view_line *
new_line(struct shown *s)
{
	struct view_line *v;

	s->v = xreallocarray(s->v, s->nv + 1, sizeof(*s->v));
	v = &s->v[s->nv++];
	memset(v, 0, sizeof(*v));
	return v;
}

static struct view_line *
add_line(struct shown *s, enum tui_role role, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static struct view_line *
add_line(struct shown *s, enum tui_role role, const char *fmt, ...)
{
	struct view_line *v = new_line(s);
	va_list ap;
	char buf[1024];

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	v->owned = xstrdup(buf);
	v->text = v->owned;
	v->len = strlen(v->owned);
	v->role = role;
	return v;
}

/* "es, fr": the languages an answer is translated into. */
static const char *
langs_of(const struct kb_answer *a, char *out, size_t size)
{
	size_t i, n = 0;

	out[0] = '\0';
	for (i = 0; i < a->ntranslations && n < size; i++)
		n += (size_t)snprintf(out + n, size - n, "%s%s", i ? ", " : "",
		    a->translations[i].lang);
	return out;
}

static void
add_meta_lines(struct shown *s, enum kb_channel channel)
{
	const struct kb_answer *a = s->answer;
	size_t i;
	char tags[512] = "", langs[128];

	for (i = 0; i < a->ntags; i++) {
		size_t n = strlen(tags);

		snprintf(tags + n, sizeof(tags) - n, "%s%s", i ? ", " : "",
		    a->tags[i]);
	}
	if (a->ntags)
		add_line(s, ROLE_TAGS, "Tags:      %s", tags);
	if (a->standard)
		add_line(s, ROLE_STRONG, "Standard:  %s", a->standard);
	if (a->review_by && kb_answer_overdue(a))
		add_line(s, ROLE_OVERDUE, "Review by: %s  OVERDUE for review: "
		    "check before using", a->review_by);
	else if (a->review_by)
		add_line(s, ROLE_NORMAL, "Review by: %s", a->review_by);
	if (strcmp(a->lang, "en") != 0)
		add_line(s, ROLE_NORMAL, "Language:  %s", a->lang);
	if (a->translation_of)
		add_line(s, ROLE_NORMAL, "Original:  %s (t switches language)",
		    a->translation_of);
	else if (a->ntranslations)
		add_line(s, ROLE_NORMAL, "Also in:   %s (t switches language)",
		    langs_of(a, langs, sizeof(langs)));
	if (a->effective)
		add_line(s, ROLE_NORMAL, "Effective: %s", a->effective);
	if (a->expires)
		add_line(s, ROLE_NORMAL, "Expires:   %s", a->expires);
	if (a->replaces)
		add_line(s, ROLE_NORMAL, "Replaces:  %s", a->replaces);
	if (strcmp(a->audience, "public") != 0)
		add_line(s, ROLE_OVERDUE, "Audience:  %s (not for customers)",
		    a->audience);
	add_line(s, ROLE_CHANNEL, "Channel:   %s%s", channel ==
	    KB_CHANNEL_NONE ? "all (every section shown)" :
	    kb_channel_heading(channel), channel != KB_CHANNEL_NONE &&
	    !(kb_doc_channels(s->doc) & (1u << channel)) ?
	    " (no section of its own: the common text is for every channel)" :
	    "");
	add_line(s, ROLE_DIM, "Version:   %.*s  %s", KB_SHORT_VERSION,
	    a->version, a->path);
	if (s->standing)
		add_line(s, ROLE_OVERDUE, "%s", s->standing);
	add_line(s, ROLE_NORMAL, "%s", "");
}

/* The notices about the answer, above its text, as kb show gives them. */
static void
add_notice_lines(struct shown *s, unsigned width)
{
	size_t i;

	for (i = 0; i < s->notices.n; i++) {
		const struct kb_notice *n = s->notices.v[i];
		char *text = NULL, *line, *next;
		int first = 1;

		if (kb_notice_present(&text, n, width) < 0)
			continue;
		for (line = text; *line; line = next, first = 0) {
			next = strchr(line, '\n');
			next = next ? next + 1 : line + strlen(line);
			add_line(s, first ? (n->severity == KB_NOTICE_INFO ?
			    ROLE_STRONG : ROLE_OVERDUE) : ROLE_NORMAL, "%.*s",
			    (int)(next - line - (next[-1] == '\n')), line);
		}
		add_line(s, ROLE_NORMAL, "%s", "");
		free(text);
	}
}

static void
add_text_line(struct shown *s, const struct kb_line *l)
{
	struct view_line *v = new_line(s);

	v->text = l->text;
	v->len = l->len;
	v->spans = l->spans;
	v->nspans = l->nspans;
	v->role = l->heading ? ROLE_HEADING : ROLE_NORMAL;
	v->channel = l->channel;
}

/*
 * The text: the lines of the channel's own section first (what the
 * agent says, writes or hands over), then the rest in its order.  With
 * every channel shown, the text stays as written.
 */
static void
add_text_lines(struct shown *s, enum kb_channel channel)
{
	size_t i;
	int own = 0;

	s->channel_line = s->nv;
	for (i = 0; channel != KB_CHANNEL_NONE && i < s->lines->nlines; i++) {
		const struct kb_line *l = &s->lines->lines[i];

		if (l->channel != channel || (!own && l->len == 0))
			continue;	/* not its own; or the gap before it */
		add_text_line(s, l);
		own = 1;
	}
	if (own)
		add_line(s, ROLE_NORMAL, "%s", "");
	for (i = 0; i < s->lines->nlines; i++)
		if (!own || s->lines->lines[i].channel != channel)
			add_text_line(s, &s->lines->lines[i]);
	/* The text may end with the gap that came before the section. */
	while (own && s->nv > s->channel_line && s->v[s->nv - 1].len == 0 &&
	    s->v[s->nv - 1].owned == NULL) {
		s->nv--;
	}
}

static void
add_related_lines(struct shown *s)
{
	size_t i;

	if (s->answer->nrelated) {
		add_line(s, ROLE_NORMAL, "%s", "");
		add_line(s, ROLE_HEADING, "%s", "Related (press its number)");
	}
	for (i = 0; i < s->answer->nrelated; i++) {
		const char *title = s->related_titles ?
		    s->related_titles[i] : NULL;
		struct view_line *v = add_line(s, ROLE_LINK, "%s%zu  %s  %s",
		    i < 9 ? "" : " ", i + 1, title ? title : "(no such answer)",
		    s->answer->related[i]);

		v->related = (int)i + 1;
	}
}

void
shown_layout(struct shown *s, unsigned width, enum kb_channel channel)
{
	if (s->answer == NULL || (s->v && s->width == width &&
	    s->channel == channel))
		return;
	free_lines(s);
	s->width = width;
	s->channel = channel;
	add_meta_lines(s, channel);
	add_notice_lines(s, width);
	/* Two columns go to the gutter that marks a channel's section. */
	if (kb_layout(&s->lines, s->doc, channel, width > 4 ? width - 2 :
	    width) == 0)
		add_text_lines(s, channel);
	add_related_lines(s);
}

const char *
shown_line(const void *ctx, size_t i, size_t *len)
{
	const struct shown *s = ctx;

	if (i >= s->nv) {
		*len = 0;
		return NULL;
	}
	*len = s->v[i].len;
	return s->v[i].text;
}
