/*
 * The answer view: an answer read whole, for the channel: its meta
 * lines, the notices about it, the channel's own wording first, the
 * rest of the text, the related answers (1 to 9 open them, q and Esc
 * come back).  The keys that give it to the customer or log something
 * about it work here, and only here: letters are keys in this view.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <kb/standing.h>

#include "draw.h"
#include "shown_draw.h"
#include "utf8.h"
#include "view.h"
#include "xmalloc.h"

struct answer_state {
	struct shown shown;
	struct tui_pager pager;
	struct tui_banner banner;
	char *back[TUI_BACK_MAX];	/* ids the reader came from */
	int nback;
	int cols, banner_rows, body_y, body_h;
};

static struct answer_state *
state(const struct view *v)
{
	return v->state;
}

static unsigned
place(const struct tui *t, const struct view *v)
{
	(void)t;
	(void)v;
	return IN_ANSWER;
}

/* Load `id`; with `remember`, "back" returns to the answer shown now. */
static int
open_id(struct tui *t, struct answer_state *st, const char *id,
    int remember)
{
	char *prev = NULL;

	if (remember && st->shown.answer)
		prev = xstrdup(st->shown.answer->id);
	if (shown_load(&st->shown, t->kb, id) < 0) {
		tui_say(t, 1, "%s", kb_error_last());
		free(prev);
		return -1;
	}
	if (prev) {
		if (st->nback == TUI_BACK_MAX) {
			free(st->back[0]);
			memmove(st->back, st->back + 1, (TUI_BACK_MAX - 1) *
			    sizeof(char *));
			st->nback--;
		}
		st->back[st->nback++] = prev;
	}
	st->pager.scroll.top = 0;
	st->pager.find.line = -1;
	return 0;
}

/* Back to the answer this one was opened from, or to the results. */
static void
back(struct tui *t, struct answer_state *st)
{
	char *id;

	if (st->nback == 0) {
		view_pop(t);
		return;
	}
	id = st->back[--st->nback];
	open_id(t, st, id, 0);
	free(id);
}

static void
follow_related(struct tui *t, struct answer_state *st, int n)
{
	const struct kb_answer *a = st->shown.answer;
	char *current = NULL;

	if (a == NULL || n < 1 || (size_t)n > a->nrelated)
		return;
	/* A replaced answer's place is taken by its replacement. */
	if (kb_answer_current_id(&current, t->kb, a->related[n - 1]) < 0) {
		open_id(t, st, a->related[n - 1], 1);
		return;
	}
	if (strcmp(current, a->related[n - 1]) != 0)
		tui_say(t, 0, "%s was replaced: showing %s",
		    a->related[n - 1], current);
	open_id(t, st, current, 1);
	free(current);
}

/* The answer's next language version: its source, its translations. */
static void
switch_language(struct tui *t, struct answer_state *st)
{
	const struct kb_answer *a = st->shown.answer;
	struct kb_translation *tr = NULL;
	size_t n = 0, i;
	char *next;

	if (kb_answer_translations(&tr, &n, t->kb, a->id) < 0 || n < 2) {
		tui_say(t, n < 2 ? 0 : 1, "%s", n < 2 ?
		    "This answer has no translation." : kb_error_last());
		kb_translations_free(tr, n);
		return;
	}
	for (i = 0; i < n && strcmp(tr[i].id, a->id) != 0; i++)
		;
	i = i < n ? (i + 1) % n : 0;
	next = xstrdup(tr[i].id);
	tui_say(t, 0, "Language: %s (t for the next)",
	    tr[i].lang);
	kb_translations_free(tr, n);
	open_id(t, st, next, 1);
	free(next);
}

/* --- layout and drawing ------------------------------------------------- */

static void
layout(struct tui *t, struct view *v, int rows, int cols)
{
	struct answer_state *st = state(v);
	struct tui_scroll *s = &st->pager.scroll;
	long found = st->pager.find.line;

	tui_banner_for_answer(&st->banner, t->kb, st->shown.answer,
	    &t->set.notices);
	st->cols = cols;
	st->banner_rows = st->banner.nshown < TUI_BANNER_MAX ?
	    (int)st->banner.nshown : TUI_BANNER_MAX;
	st->body_y = 1 + st->banner_rows;
	st->body_h = rows - st->body_y;
	shown_layout(&st->shown, (unsigned)cols, t->set.channel);
	tui_scroll_size(s, st->shown.nv, st->body_h > 0 ? (size_t)st->body_h :
	    1);
	/* The cursor on the line found, else at the top of the text. */
	v->cursor_y = st->body_y;
	v->cursor_x = 0;
	if (found >= 0 && (size_t)found >= s->top && (size_t)found < s->top +
	    s->height)
		v->cursor_y = st->body_y + (int)((size_t)found - s->top);
}

/* The title, cut between words, and the id at the right edge. */
static void
draw_title(const struct answer_state *st)
{
	const struct kb_answer *a = st->shown.answer;
	char id[96];
	int idw;

	snprintf(id, sizeof(id), "  %s", a->id);
	idw = (int)utf8_strwidth(id);
	draw_words(0, 0, st->cols - idw, a->title, DRAW_ROLE(ROLE_TITLE) |
	    DRAW_ROLE(ROLE_HEADING));
	draw_str(0, st->cols - idw, idw, id, DRAW_ROLE(ROLE_DIM));
}

static void
draw(const struct tui *t, const struct view *v)
{
	const struct answer_state *st = state(v);

	(void)t;
	if (st->shown.answer == NULL)
		return;
	draw_title(st);
	draw_banner(1, st->cols, st->banner.shown, (size_t)st->banner_rows,
	    st->banner.nshown);
	shown_draw(&st->shown, st->pager.scroll.top, st->body_y, 0,
	    st->body_h, st->cols, &st->pager.find);
}

/* --- actions ------------------------------------------------------------ */

static int
action(struct tui *t, struct view *v, enum tui_action a, int key)
{
	struct answer_state *st = state(v);
	const struct kb_answer *ans = st->shown.answer;

	if (a == A_BACK) {
		back(t, st);
		return 1;
	}
	if (ans == NULL)
		return 0;
	switch (a) {
	case A_RELATED: follow_related(t, st, key - '0'); break;
	case A_TRANSLATION: switch_language(t, st); break;
	case A_USED: record_used(t, ans); break;
	case A_UNSATISFIED: record_unsatisfied(t, ans); break;
	case A_FLAG: record_flag(t, ans); break;
	case A_UNDO: record_undo(t); break;
	case A_COPY: export_copy(t, ans); break;
	case A_PRINT: export_print(t, ans); break;
	case A_SAVE: export_save(t, ans); break;
	case A_PROPOSE: propose_edit(t, ans); break;
	case A_PROPOSE_NEW: propose_new(t); break;
	default: return 0;
	}
	return 1;
}

static void
mouse(struct tui *t, struct view *v, const struct tui_mouse *m)
{
	struct answer_state *st = state(v);
	size_t i;

	if (m->wheel) {
		tui_scroll_by(&st->pager.scroll, 3L * m->wheel);
		return;
	}
	if (!m->click || m->y < st->body_y || m->y >= st->body_y + st->body_h)
		return;
	i = st->pager.scroll.top + (size_t)(m->y - st->body_y);
	if (i < st->shown.nv && st->shown.v[i].related)
		follow_related(t, st, st->shown.v[i].related);
}

static struct tui_pager *
pager(struct view *v)
{
	return &state(v)->pager;
}

static const char *
line(const void *ctx, size_t i, size_t *len)
{
	const struct view *v = ctx;

	return shown_line(&state(v)->shown, i, len);
}

/* The KB moved: the answer again, in its version now; gone, it closes. */
static int
reload(struct tui *t, struct view *v)
{
	struct answer_state *st = state(v);
	char *id;
	int rc = 0;

	if (st->shown.answer == NULL)
		return 0;
	id = xstrdup(st->shown.answer->id);
	if (shown_load(&st->shown, t->kb, id) < 0)
		rc = -1;
	free(id);
	st->banner.key[0] = '\0';
	return rc;
}

static void
done(struct view *v)
{
	struct answer_state *st = state(v);

	while (st->nback > 0)
		free(st->back[--st->nback]);
	shown_clear(&st->shown);
	tui_banner_free(&st->banner);
	free(st);
}

static const struct view_ops answer_ops = {
	.name = "answer",
	.place = place,
	.layout = layout,
	.draw = draw,
	.action = action,
	.mouse = mouse,
	.pager = pager,
	.line = line,
	.reload = reload,
	.done = done,
};

void
answer_view_open(struct tui *t, const char *id)
{
	struct answer_state *st = xcalloc(1, sizeof(*st));

	if (open_id(t, st, id, 0) < 0) {
		free(st);
		return;
	}
	view_push(t, &answer_ops, st);
}
