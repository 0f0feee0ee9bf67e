/* What the keys do to the TUI's state: search, select, open, go back. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <kb/index.h>
#include <kb/present.h>
#include <kb/standing.h>

#include "tui_private.h"

void
app_set_message(struct tui *t, int error, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(t->message, sizeof(t->message), fmt, ap);
	va_end(ap);
	t->message_is_error = error;
	t->message_time = time(NULL);
}

/* --- the query ----------------------------------------------------------- */

void
app_query_insert(struct tui *t, wint_t ch)
{
	char bytes[8];
	int n;
	mbstate_t st;

	memset(&st, 0, sizeof(st));
	n = (int)wcrtomb(bytes, (wchar_t)ch, &st);
	if (n <= 0 || t->qlen + (size_t)n >= sizeof(t->query))
		return;
	memcpy(t->query + t->qlen, bytes, (size_t)n);
	t->qlen += (size_t)n;
	t->query[t->qlen] = '\0';
	t->query_dirty = 1;
}

void
app_query_backspace(struct tui *t)
{
	if (t->qlen == 0)
		return;
	/* Back over one UTF-8 character: continuation bytes are 10xxxxxx. */
	do
		t->qlen--;
	while (t->qlen > 0 && ((unsigned char)t->query[t->qlen] & 0xC0) ==
	    0x80);
	t->query[t->qlen] = '\0';
	t->query_dirty = 1;
}

void
app_query_delete_word(struct tui *t)
{
	while (t->qlen > 0 && t->query[t->qlen - 1] == ' ')
		t->qlen--;
	while (t->qlen > 0 && t->query[t->qlen - 1] != ' ')
		t->qlen--;
	t->query[t->qlen] = '\0';
	t->query_dirty = 1;
}

void
app_query_clear(struct tui *t)
{
	t->qlen = 0;
	t->query[0] = '\0';
	t->query_dirty = 1;
}

/* --- results ------------------------------------------------------------- */

/* After a KB update, the agent's choice stays chosen if it is still there. */
static void
reselect(struct tui *t)
{
	size_t i;

	if (t->reselect_id == NULL)
		return;
	for (i = 0; t->results && i < t->results->nhits; i++)
		if (strcmp(t->results->hits[i].id, t->reselect_id) == 0)
			t->sel = i;
	free(t->reselect_id);
	t->reselect_id = NULL;
}

void
app_search_now(struct tui *t)
{
	struct kb_search_options opts = KB_SEARCH_OPTIONS_INIT;
	struct kb_results *r = NULL;

	t->query_dirty = 0;
	if (strcmp(t->searched, t->query) == 0 && t->results)
		return;
	snprintf(t->searched, sizeof(t->searched), "%s", t->query);
	kb_results_free(t->results);
	t->results = NULL;
	t->sel = t->top = 0;
	t->search_error[0] = '\0';
	if (t->qlen > 0) {
		opts.limit = TUI_RESULTS;
		opts.no_refresh = 1;	/* the idle loop keeps it current */
		opts.lang = t->lang[0] ? t->lang : NULL;
		if (kb_search(&r, t->kb, t->query, &opts) < 0)
			snprintf(t->search_error, sizeof(t->search_error),
			    "%s", kb_error_last());
		else
			t->results = r;
	}
	reselect(t);
	record_query_changed(t);
}

static size_t
nhits(const struct tui *t)
{
	return t->results ? t->results->nhits : 0;
}

void
app_select_at(struct tui *t, size_t index)
{
	if (nhits(t) == 0)
		return;
	t->sel = index < nhits(t) ? index : nhits(t) - 1;
}

void
app_select(struct tui *t, long delta)
{
	long n = (long)nhits(t), s = (long)t->sel + delta;

	if (n == 0)
		return;
	app_select_at(t, (size_t)(s < 0 ? 0 : s >= n ? n - 1 : s));
}

/* --- answers ------------------------------------------------------------- */

void
shown_clear(struct shown *s)
{
	size_t i;

	for (i = 0; i < s->nv; i++)
		free(s->v[i].owned);
	free(s->v);
	if (s->related_titles && s->answer)
		for (i = 0; i < s->answer->nrelated; i++)
			free(s->related_titles[i]);
	free(s->related_titles);
	kb_lines_free(s->lines);
	kb_doc_free(s->doc);
	kb_answer_free(s->answer);
	free(s->standing);
	kb_notices_clear(&s->notices);
	memset(s, 0, sizeof(*s));
}

/* Whether the answer is in use today, and the notices about it. */
static void
load_standing(struct tui *t, struct shown *s)
{
	struct kb_standing st;

	if (kb_answer_standing(t->kb, s->answer, &st) == 0)
		s->standing = kb_standing_text(&st);
	if (kb_notices_for_answer(&s->notices, t->kb, s->answer) < 0)
		memset(&s->notices, 0, sizeof(s->notices));
}

int
shown_load(struct tui *t, struct shown *s, const char *id)
{
	struct kb_answer *a = NULL;
	struct kb_doc *doc = NULL;
	size_t i;

	if (kb_answer_load(&a, t->kb, id) < 0)
		return -1;
	if (kb_render(&doc, a->body, a->body_len) < 0) {
		kb_answer_free(a);
		return -1;
	}
	shown_clear(s);
	s->answer = a;
	s->doc = doc;
	load_standing(t, s);
	s->related_titles = calloc(a->nrelated + 1, sizeof(char *));
	for (i = 0; s->related_titles && i < a->nrelated; i++) {
		struct kb_answer *r = NULL;

		if (kb_answer_load(&r, t->kb, a->related[i]) == 0)
			s->related_titles[i] = strdup(r->title);
		kb_answer_free(r);
	}
	return 0;
}

static struct view_line *
add_line(struct shown *s, enum tui_role role, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static struct view_line *
add_line(struct shown *s, enum tui_role role, const char *fmt, ...)
{
	struct view_line *v;
	va_list ap;
	char buf[1024];

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	s->v = realloc(s->v, (s->nv + 1) * sizeof(*s->v));
	if (s->v == NULL)
		abort();
	v = &s->v[s->nv++];
	memset(v, 0, sizeof(*v));
	v->owned = strdup(buf);
	if (v->owned == NULL)
		abort();
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

void
shown_layout(struct tui *t, struct shown *s, unsigned width,
    enum kb_channel channel)
{
	size_t i;

	(void)t;
	if (s->answer == NULL || (s->v && s->width == width &&
	    s->channel == channel))
		return;
	for (i = 0; i < s->nv; i++)
		free(s->v[i].owned);
	free(s->v);
	s->v = NULL;
	s->nv = 0;
	kb_lines_free(s->lines);
	s->lines = NULL;
	s->width = width;
	s->channel = channel;
	add_meta_lines(s, channel);
	add_notice_lines(s, width);
	/* Two columns go to the gutter that marks a channel's section. */
	if (kb_layout(&s->lines, s->doc, channel, width > 4 ? width - 2 :
	    width) == 0)
		for (i = 0; i < s->lines->nlines; i++) {
			const struct kb_line *l = &s->lines->lines[i];
			struct view_line *v;

			s->v = realloc(s->v, (s->nv + 1) * sizeof(*s->v));
			if (s->v == NULL)
				abort();
			v = &s->v[s->nv++];
			memset(v, 0, sizeof(*v));
			v->text = l->text;
			v->len = l->len;
			v->spans = l->spans;
			v->nspans = l->nspans;
			v->role = l->heading ? ROLE_HEADING : ROLE_NORMAL;
			v->channel = l->channel;
		}
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
app_open_id(struct tui *t, const char *id, int remember)
{
	char *prev = NULL;

	if (remember && t->view == VIEW_ANSWER && t->answer.answer)
		prev = strdup(t->answer.answer->id);
	if (shown_load(t, &t->answer, id) < 0) {
		app_set_message(t, 1, "%s", kb_error_last());
		free(prev);
		return;
	}
	if (prev) {
		if (t->nback == TUI_BACK_MAX) {
			free(t->back[0]);
			memmove(t->back, t->back + 1,
			    (TUI_BACK_MAX - 1) * sizeof(char *));
			t->nback--;
		}
		t->back[t->nback++] = prev;
	}
	t->view = VIEW_ANSWER;
	t->scroll = 0;
}

static void
forget_back(struct tui *t)
{
	while (t->nback > 0)
		free(t->back[--t->nback]);
}

/* From the results: a new chain of answers, so "back" leads to them. */
void
app_open_selected(struct tui *t)
{
	if (nhits(t) == 0)
		return;
	forget_back(t);
	app_open_id(t, t->results->hits[t->sel].id, 0);
}

void
app_back(struct tui *t)
{
	if (t->view != VIEW_ANSWER)
		return;
	if (t->nback > 0) {
		char *id = t->back[--t->nback];

		app_open_id(t, id, 0);
		free(id);
		return;
	}
	t->view = VIEW_SEARCH;
	shown_clear(&t->answer);
}

void
app_scroll(struct tui *t, long delta)
{
	size_t *scroll, total;
	long max, to;
	int h;

	if (t->view == VIEW_HELP) {
		scroll = &t->help_scroll;
		total = t->help_lines;
		h = t->body_h;
	} else if (t->view == VIEW_ANSWER) {
		scroll = &t->scroll;
		total = t->answer.nv;
		h = t->body_h;
	} else if (t->view == VIEW_DIFF) {
		scroll = &t->scroll;
		total = t->diff_lines;
		h = t->body_h;
	} else {
		scroll = &t->preview_scroll;
		total = t->preview.nv;
		h = t->preview_h;
	}
	max = (long)total - (h > 0 ? h : 1);
	to = (long)*scroll + delta;
	if (max < 0)
		max = 0;
	*scroll = (size_t)(to < 0 ? 0 : to > max ? max : to);
}

void
app_cycle_channel(struct tui *t)
{
	static const enum kb_channel order[] = { KB_CHANNEL_PHONE,
	    KB_CHANNEL_EMAIL, KB_CHANNEL_WALKIN, KB_CHANNEL_NONE };
	size_t i;

	for (i = 0; i < 4 && order[i] != t->channel; i++)
		;
	t->channel = order[(i + 1) % 4];
	app_set_message(t, 0, "Channel: %s", t->channel == KB_CHANNEL_NONE ?
	    "all" : kb_channel_heading(t->channel));
}

void
app_follow_related(struct tui *t, int n)
{
	const struct kb_answer *a = t->answer.answer;

	char *current = NULL;

	if (t->view != VIEW_ANSWER || a == NULL || n < 1 ||
	    (size_t)n > a->nrelated)
		return;
	/* A replaced answer's place is taken by its replacement. */
	if (kb_answer_current_id(t->kb, a->related[n - 1], &current) < 0) {
		app_open_id(t, a->related[n - 1], 1);
		return;
	}
	if (strcmp(current, a->related[n - 1]) != 0)
		app_set_message(t, 0, "%s was replaced: showing %s",
		    a->related[n - 1], current);
	app_open_id(t, current, 1);
	free(current);
}

const struct kb_answer *
app_current_answer(struct tui *t)
{
	if (t->view == VIEW_ANSWER)
		return t->answer.answer;
	if (nhits(t) == 0)
		return NULL;
	if (t->preview.answer == NULL || strcmp(t->preview.answer->id,
	    t->results->hits[t->sel].id) != 0)
		shown_load(t, &t->preview, t->results->hits[t->sel].id);
	return t->preview.answer;
}

/* Load the answers on screen again; one that is gone closes. */
static void
reload_shown(struct tui *t)
{
	shown_clear(&t->preview);
	if (t->view == VIEW_ANSWER && t->answer.answer) {
		char *id = strdup(t->answer.answer->id);

		if (id && shown_load(t, &t->answer, id) < 0) {
			t->view = VIEW_SEARCH;
			shown_clear(&t->answer);
		}
		free(id);
	}
}

/* The KB moved (a sync, an approval): search again, show new versions. */
void
app_refresh_kb(struct tui *t)
{
	int rc = kb_index_refresh(t->kb);

	kb_sync_status(t->kb, &t->sync);
	app_refresh_notices(t);
	if (rc <= 0)
		return;
	if (kb_head(t->kb, t->head) < 0)
		t->head[0] = '\0';
	free(t->reselect_id);
	t->reselect_id = t->results && t->results->nhits ?
	    strdup(t->results->hits[t->sel].id) : NULL;
	t->searched[0] = '\0';
	t->query_dirty = 1;
	reload_shown(t);
	app_set_message(t, 0, "The KB was updated (now %.7s)", t->head);
}

static int
same_notices(const struct kb_notices *a, const struct kb_notices *b)
{
	size_t i;

	if (a->n != b->n)
		return 0;
	for (i = 0; i < a->n; i++)
		if (strcmp(a->v[i]->version, b->v[i]->version) != 0)
			return 0;
	return 1;
}

void
app_refresh_notices(struct tui *t)
{
	struct kb_notices fresh;
	int changed;

	if (kb_notices_list(&fresh, t->kb, 0) < 0)
		return;		/* keep what is shown */
	changed = !same_notices(&fresh, &t->notices);
	kb_notices_clear(&t->notices);
	t->notices = fresh;
	if (!changed)
		return;
	/* A notice started or ended: the answers shown say so at once. */
	reload_shown(t);
}

/* --- languages ------------------------------------------------------------ */

void
app_switch_language(struct tui *t)
{
	const struct kb_answer *a = app_current_answer(t);
	struct kb_translation *v = NULL;
	size_t n = 0, i;
	char *next;

	if (a == NULL)
		return;
	if (kb_answer_translations(t->kb, a->id, &v, &n) < 0 || n < 2) {
		app_set_message(t, n < 2 ? 0 : 1, "%s", n < 2 ?
		    "This answer has no translation." : kb_error_last());
		kb_translations_free(v, n);
		return;
	}
	for (i = 0; i < n && strcmp(v[i].id, a->id) != 0; i++)
		;
	i = i < n ? (i + 1) % n : 0;
	next = strdup(v[i].id);
	app_set_message(t, 0, "Language: %s (t for the next)", v[i].lang);
	kb_translations_free(v, n);
	if (next == NULL)
		abort();
	if (t->view != VIEW_ANSWER)
		forget_back(t);
	app_open_id(t, next, t->view == VIEW_ANSWER);
	free(next);
}

void
app_cycle_lang(struct tui *t)
{
	char **langs = NULL;
	size_t n = 0, i;

	if (kb_languages(t->kb, &langs, &n) < 0) {
		app_set_message(t, 1, "%s", kb_error_last());
		return;
	}
	for (i = 0; i < n && strcmp(langs[i], t->lang) != 0; i++)
		;
	/* "" (all) -> the first; the last -> "" */
	if (t->lang[0] == '\0')
		i = 0;
	else
		i = i < n ? i + 1 : n;
	snprintf(t->lang, sizeof(t->lang), "%s", i < n ? langs[i] : "");
	for (i = 0; i < n; i++)
		free(langs[i]);
	free(langs);
	t->searched[0] = '\0';
	t->query_dirty = 1;
	app_set_message(t, 0, "Search language: %s", t->lang[0] ? t->lang :
	    "all");
}
