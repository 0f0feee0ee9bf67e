/*
 * A key to its action (the key table, keymap.c), and the action to the
 * view on top; what the view does not do itself is done here the same
 * way for every view: quit, help, back, redraw, suspend, contrast,
 * channel, language, and moving and finding in a text.
 */
#include <stdio.h>
#include <string.h>
#include <wctype.h>

#include "draw.h"
#include "terminal.h"
#include "view.h"

/* A character typed where a line is typed into: it is text. */
static int
typed(unsigned place, int key)
{
	return (place & IN_SEARCH_VIEW) && key < TK_UP && key >= ' ' &&
	    iswprint((wint_t)key);
}

/* --- moving and finding in a text --------------------------------------- */

static void
say_found(struct tui *t, struct tui_pager *p, const struct view *v,
    int wrapped)
{
	size_t nth, n = tui_find_count(&p->find, v->ops->line, v,
	    p->scroll.total, (size_t)p->find.line, &nth);

	tui_say(t, 0, "\"%s\": line %zu of %zu with it%s",
	    p->find.text, nth, n, wrapped ? " (from the other end)" : "");
}

/* The next (dir 1) or previous (-1) line with the text, from `from`. */
static void
find_from(struct tui *t, struct view *v, size_t from, int dir)
{
	struct tui_pager *p = v->ops->pager(v);
	int wrapped;
	long at;

	at = tui_find_next(&p->find, v->ops->line, v, p->scroll.total, from,
	    dir, &wrapped);
	if (at < 0) {
		p->find.line = -1;
		tui_say(t, 1, "Not found: \"%s\"",
		    p->find.text);
		return;
	}
	p->find.line = at;
	tui_scroll_show(&p->scroll, (size_t)at);
	say_found(t, p, v, wrapped);
}

static void
find_done(struct tui *t, const char *text)
{
	struct view *v = view_top(t);
	struct tui_pager *p = v->ops->pager ? v->ops->pager(v) : NULL;

	if (p == NULL)
		return;
	snprintf(p->find.text, sizeof(p->find.text), "%s", text);
	p->find.len = strlen(p->find.text);
	find_from(t, v, p->scroll.top, 1);
}

static void
find_again(struct tui *t, struct view *v, struct tui_pager *p, int dir)
{
	size_t from;

	if (p->find.len == 0) {
		tui_say(t, 0, "Nothing to find yet: / finds text");
		return;
	}
	if (p->find.line < 0)
		from = p->scroll.top;
	else if (dir > 0)
		from = (size_t)p->find.line + 1;
	else
		from = p->find.line > 0 ? (size_t)p->find.line - 1 :
		    p->scroll.total;	/* round to the end */
	find_from(t, v, from, dir);
}

/* The pager keys, on the text of the view on top. */
static void
page(struct tui *t, struct view *v, enum tui_action a)
{
	struct tui_pager *p = v->ops->pager ? v->ops->pager(v) : NULL;
	struct tui_scroll *s;

	if (p == NULL)
		return;
	s = &p->scroll;
	switch (a) {
	case A_UP: tui_scroll_by(s, -1); break;
	case A_DOWN: tui_scroll_by(s, 1); break;
	case A_PAGE_UP: tui_scroll_by(s, -tui_scroll_page(s)); break;
	case A_PAGE_DOWN: tui_scroll_by(s, tui_scroll_page(s)); break;
	case A_HALF_UP: tui_scroll_by(s, -tui_scroll_half(s)); break;
	case A_HALF_DOWN: tui_scroll_by(s, tui_scroll_half(s)); break;
	case A_FIRST: s->top = 0; break;
	case A_LAST: tui_scroll_by(s, (long)s->total); break;
	case A_FIND: prompt_text(t, "Find:", find_done); break;
	case A_FIND_NEXT: find_again(t, v, p, 1); break;
	case A_FIND_PREV: find_again(t, v, p, -1); break;
	default: break;
	}
}

/* --- the actions every view shares -------------------------------------- */

static void
suspend(struct tui *t)
{
	if (terminal_stop_job() < 0)
		tui_say(t, 1, "Not suspended: kb was not started from a "
		    "shell with job control, so nothing could bring it back "
		    "(Ctrl-C quits)");
}

static void
contrast(struct tui *t)
{
	t->set.high_contrast = !t->set.high_contrast;
	draw_set_contrast(t->set.high_contrast);
	draw_redraw();
	tui_say(t, 0, "High contrast %s",
	    t->set.high_contrast ? "on" : "off");
}

static void
generic(struct tui *t, struct view *v, enum tui_action a)
{
	switch (a) {
	case A_QUIT: t->quit = 1; break;
	case A_HELP: help_view_open(t); break;	/* F1 again closes it */
	case A_BACK: view_pop(t); break;
	case A_REDRAW: draw_redraw(); break;
	case A_SUSPEND: suspend(t); break;
	case A_CONTRAST: contrast(t); break;
	case A_CHANNEL: session_cycle_channel(t); break;
	case A_LANG: session_cycle_lang(t); break;
	default: page(t, v, a); break;
	}
}

/*
 * A pasted character: text for the search line (or the question on the
 * status line), whatever it is; a pasted newline or tab is a space
 * between words.
 */
static void
paste(struct tui *t, struct view *v, int key)
{
	if (key == TK_ENTER || key == TK_TAB || key == '\n')
		key = ' ';
	if (key >= TK_UP || !iswprint((wint_t)key))
		return;
	if (t->prompt.kind != PROMPT_NONE)
		prompt_paste(t, key);
	else if (v->ops->place(t, v) & IN_SEARCH_VIEW)
		v->ops->action(t, v, A_TYPE, key);
}

void
keys_dispatch(struct tui *t, const struct tui_event *ev)
{
	struct view *v = view_top(t);
	const struct tui_key *k;
	enum tui_action a;
	unsigned place;

	if (ev->key == TK_RESIZE)
		return;		/* the next frame lays out for the new size */
	if (ev->key == TK_PASTE_START || ev->key == TK_PASTE_END) {
		t->pasting = ev->key == TK_PASTE_START;
		return;
	}
	if (t->pasting) {
		paste(t, v, ev->key);
		return;
	}
	if (prompt_key(t, ev->key))
		return;
	place = v->ops->place(t, v);
	if ((k = keymap_find(place, ev->key)) != NULL)
		a = k->action;
	else if (typed(place, ev->key))
		a = A_TYPE;
	else
		return;
	if (a == A_MOUSE) {
		if (v->ops->mouse)
			v->ops->mouse(t, v, &ev->mouse);
		return;
	}
	if (!v->ops->action(t, v, a, ev->key))
		generic(t, v, a);
}
