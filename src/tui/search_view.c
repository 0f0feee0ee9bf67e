/*
 * The search view: the search line, the notices that concern the call,
 * what was found, the results and the chosen one's preview (beside them
 * from 120 columns, under them from 40 rows).
 *
 * Typing never acts here: letters, digits and punctuation go to the
 * search line whichever pane has the focus (as in fzf), so no query can
 * log, flag, open an editor or quit.  The answer's actions are in the
 * answer view (Enter).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "draw.h"
#include "shown_draw.h"
#include "view.h"
#include "xmalloc.h"

#define WIDE_COLS 120		/* preview beside the list from here */
#define TALL_ROWS 40		/* preview below the list from here */
#define PROMPT "Search: "
#define PROMPT_COLS 8

enum focus { FOCUS_SEARCH, FOCUS_LIST, FOCUS_PREVIEW };

struct search_state {
	enum focus focus;
	struct shown preview;		/* the chosen hit */
	struct tui_pager preview_pager;
	struct tui_banner banner;
	/* Where things are in the last frame (mouse, cursor, pages). */
	int cols, banner_rows, info_y;
	int list_y, list_x, list_w, list_h;
	int preview_y, preview_x, preview_w, preview_h;
	size_t line_start;		/* the search line shown from here */
	size_t line_col;		/* the cursor's column in it */
};

static struct search_state *
state(const struct view *v)
{
	return v->state;
}

static unsigned
place(const struct tui *t, const struct view *v)
{
	(void)t;
	switch (state(v)->focus) {
	case FOCUS_LIST: return IN_LIST;
	case FOCUS_PREVIEW: return IN_PREVIEW;
	case FOCUS_SEARCH: break;
	}
	return IN_SEARCH;
}

/* --- layout ------------------------------------------------------------- */

static void
geometry(struct search_state *st, int rows, int cols)
{
	int top = st->info_y + 1, body_h = rows - top;

	st->list_y = top;
	st->list_x = 0;
	st->preview_w = st->preview_h = 0;
	if (cols >= WIDE_COLS) {
		st->list_w = cols * 2 / 5;
		st->list_h = body_h;
		st->preview_x = st->list_w + 2;
		st->preview_y = top;
		st->preview_w = cols - st->preview_x;
		st->preview_h = body_h;
	} else if (rows + 1 >= TALL_ROWS) {
		st->list_w = cols;
		st->list_h = (body_h / 2) & ~1;
		st->preview_x = 0;
		st->preview_y = top + st->list_h + 1;
		st->preview_w = cols;
		st->preview_h = body_h - st->list_h - 1;
	} else {
		st->list_w = cols;
		st->list_h = body_h;
	}
	if (st->preview_w == 0 && st->focus == FOCUS_PREVIEW)
		st->focus = FOCUS_LIST;
}

/* The chosen hit's answer, loaded and laid out for the preview. */
static void
layout_preview(struct tui *t, struct search_state *st)
{
	const struct kb_hit *h = tui_list_chosen(&t->list);
	unsigned width;

	if (st->preview_w <= 0 || h == NULL)
		return;
	if (st->preview.answer == NULL || strcmp(st->preview.answer->id,
	    h->id) != 0) {
		st->preview_pager.scroll.top = 0;
		if (shown_load(&st->preview, t->kb, h->id) < 0) {
			shown_clear(&st->preview);
			return;
		}
	}
	width = (unsigned)(st->preview_w > 2 ? st->preview_w - 1 : 1);
	shown_layout(&st->preview, width, t->set.channel);
	tui_scroll_size(&st->preview_pager.scroll, st->preview.nv,
	    st->preview_h > 1 ? (size_t)st->preview_h - 1 : 1);
}

static void
place_cursor(const struct tui *t, struct view *v, int cols)
{
	struct search_state *st = state(v);
	int x = PROMPT_COLS + (int)st->line_col;

	v->cursor_y = 0;
	v->cursor_x = x < cols ? x : cols - 1;
	if (st->focus == FOCUS_LIST && tui_list_count(&t->list)) {
		v->cursor_y = st->list_y + tui_list_row(&t->list, t->list.sel);
		v->cursor_x = st->list_x;
	} else if (st->focus == FOCUS_PREVIEW) {
		v->cursor_y = st->preview_y;
		v->cursor_x = st->preview_x;
	} else if (st->focus != FOCUS_SEARCH) {
		v->cursor_y = st->list_y;
		v->cursor_x = 0;
	}
}

static void
layout(struct tui *t, struct view *v, int rows, int cols)
{
	struct search_state *st = state(v);

	session_search(t);
	tui_banner_for_results(&st->banner, t->kb, &t->list,
	    &t->set.notices);
	st->cols = cols;
	st->banner_rows = st->banner.nshown < TUI_BANNER_MAX ?
	    (int)st->banner.nshown : TUI_BANNER_MAX;
	st->info_y = 1 + st->banner_rows;
	geometry(st, rows, cols);
	tui_list_keep_visible(&t->list, st->list_h);
	layout_preview(t, st);
	st->line_start = tui_query_window(&t->query, (size_t)(cols -
	    PROMPT_COLS), &st->line_col);
	place_cursor(t, v, cols);
}

/* --- drawing ------------------------------------------------------------ */

/* "  (showing results for "...")" after a count, or "". */
static void
correction_note(const struct kb_results *r, char *out, size_t size)
{
	out[0] = '\0';
	if (r->corrected)
		snprintf(out, size, "  (showing results for \"%s\")",
		    r->corrected);
}

/*
 * What was found: "3 answers"; with weaker hits, how many are not a sure
 * match ("1 answer, 2 not a sure match"; "No sure answer, 3 not a sure
 * match").  "No answer found" only when there is nothing at all.
 */
static void
draw_info(const struct tui *t, int y, int cols)
{
	char note[TUI_QUERY_MAX + 40], info[sizeof(note) + 100];
	size_t n = tui_list_count(&t->list), sure, weaker;
	const char *more = n == TUI_RESULTS ? "+" : "";

	if (t->list.error[0])
		snprintf(info, sizeof(info), "Error: %s", t->list.error);
	else if (t->query.len == 0)
		snprintf(info, sizeof(info), "Type what the customer says. "
		    "Up/Down choose, Enter opens, F1 lists every key.");
	else if (n == 0)
		snprintf(info, sizeof(info), "%s",
		    "No answer found for this search.");
	else {
		sure = tui_list_nsure(&t->list);
		weaker = n - sure;
		correction_note(t->list.results, note, sizeof(note));
		if (weaker == 0)
			snprintf(info, sizeof(info), "%zu%s answer%s%s", n,
			    more, n == 1 ? "" : "s", note);
		else if (sure == 0)
			snprintf(info, sizeof(info), "No sure answer, %zu%s "
			    "not a sure match%s", weaker, more, note);
		else
			snprintf(info, sizeof(info), "%zu answer%s, %zu%s not "
			    "a sure match%s", sure, sure == 1 ? "" : "s",
			    weaker, more, note);
	}
	draw_words(y, 0, cols, info, DRAW_ROLE(t->list.error[0] ? ROLE_ERROR :
	    ROLE_DIM));
}

static void
draw_hit(const struct kb_hit *h, int y, int x, int w, int selected)
{
	unsigned sel = selected ? DRAW_ROLE(ROLE_SELECTED) : 0;
	unsigned title = sel | DRAW_ROLE(ROLE_TITLE);
	int used;

	if (selected) {
		draw_fill(y, x, w, sel);
		draw_fill(y + 1, x, w, sel);
	}
	used = draw_str(y, x, w, selected ? "> " : "  ", title);
	used += draw_str(y, x + used, w - used, h->title, title);
	if (h->lang && strcmp(h->lang, "en") != 0) {
		char lang[16];

		snprintf(lang, sizeof(lang), " [%s]", h->lang);
		used += draw_str(y, x + used, w - used, lang, sel |
		    DRAW_ROLE(ROLE_TAGS));
	}
	if (h->tags && *h->tags) {
		used += draw_str(y, x + used, w - used, "  ", sel);
		draw_str(y, x + used, w - used, h->tags, sel |
		    DRAW_ROLE(ROLE_TAGS));
	}
	if (h->snippet)
		draw_styled(y + 1, x + 4, w - 4, h->snippet, strlen(h->snippet),
		    h->marks, h->nmarks, sel);
}

/*
 * "── not a sure match ───": under the sure hits, above the weaker ones;
 * not a result, so the choice moves over it.  Plain '-' where the
 * agent's locale is not UTF-8.
 */
static void
draw_separator(int y, int x, int w)
{
	const char *line = draw_utf8() ? "\u2500" : "-";
	char row[3 * 512 + 64];
	size_t n, step = strlen(line);
	int i;

	n = (size_t)snprintf(row, sizeof(row), "%s%s not a sure match ", line,
	    line);
	for (i = 0; i < w && n + step < sizeof(row); i++, n += step)
		memcpy(row + n, line, step + 1);
	draw_str(y, x, w, row, DRAW_ROLE(ROLE_DIM) | DRAW_BOLD);
}

static void
draw_list(const struct tui *t, const struct search_state *st)
{
	const struct tui_list *l = &t->list;
	int sep = tui_list_separator_row(l);
	size_t i;

	if (sep >= 0 && sep < st->list_h)
		draw_separator(st->list_y + sep, st->list_x, st->list_w);
	for (i = l->top; i < tui_list_count(l) && tui_list_row(l, i) + 2 <=
	    st->list_h; i++)
		draw_hit(&l->results->hits[i], st->list_y + tui_list_row(l, i),
		    st->list_x, st->list_w, i == l->sel);
}

static void
draw_preview(const struct search_state *st)
{
	int i;

	if (st->preview_w <= 0)
		return;
	if (st->preview_x > 0)
		for (i = 0; i < st->preview_h; i++)
			draw_str(st->preview_y + i, st->preview_x - 2, 1, "|",
			    DRAW_ROLE(ROLE_DIM));
	else
		for (i = 0; i < st->preview_w; i++)
			draw_str(st->preview_y - 1, i, 1, "-",
			    DRAW_ROLE(ROLE_DIM));
	if (st->preview.answer == NULL)
		return;
	draw_str(st->preview_y, st->preview_x, st->preview_w,
	    st->preview.answer->title, DRAW_ROLE(ROLE_TITLE) |
	    DRAW_ROLE(ROLE_HEADING));
	shown_draw(&st->preview, st->preview_pager.scroll.top,
	    st->preview_y + 1, st->preview_x, st->preview_h - 1,
	    st->preview_w, NULL);
}

static void
draw(const struct tui *t, const struct view *v)
{
	const struct search_state *st = state(v);
	int used;

	used = draw_str(0, 0, st->cols, PROMPT, DRAW_ROLE(ROLE_PROMPT));
	draw_text(0, used, st->cols - used, t->query.text + st->line_start,
	    t->query.len - st->line_start, DRAW_ROLE(ROLE_NORMAL));
	draw_banner(1, st->cols, st->banner.shown, (size_t)st->banner_rows,
	    st->banner.nshown);
	draw_info(t, st->info_y, st->cols);
	draw_list(t, st);
	draw_preview(st);
}

/* --- actions ------------------------------------------------------------ */

/* The search line's own keys: the focus comes back to it. */
static int
edit_line(struct tui *t, struct search_state *st, enum tui_action a,
    int key)
{
	struct tui_query *q = &t->query;

	switch (a) {
	case A_TYPE: tui_query_insert(q, (wint_t)key); break;
	case A_LINE_LEFT: tui_query_left(q); break;
	case A_LINE_RIGHT: tui_query_right(q); break;
	case A_LINE_HOME: tui_query_home(q); break;
	case A_LINE_END: tui_query_end(q); break;
	case A_LINE_BACKSPACE: tui_query_backspace(q); break;
	case A_LINE_DELETE: tui_query_delete(q); break;
	case A_LINE_DELETE_WORD: tui_query_delete_word(q); break;
	case A_LINE_CLEAR: tui_query_clear(q); break;
	default: return 0;
	}
	st->focus = FOCUS_SEARCH;
	return 1;
}

/* Up, Down, a page, the ends: in the list, or the preview's text. */
static int
move(struct tui *t, struct search_state *st, enum tui_action a)
{
	struct tui_scroll *s = &st->preview_pager.scroll;
	long page = st->list_h / 2 > 1 ? st->list_h / 2 - 1 : 1;
	long n = (long)tui_list_count(&t->list);

	if (st->focus == FOCUS_PREVIEW) {
		switch (a) {
		case A_UP: tui_scroll_by(s, -1); break;
		case A_DOWN: tui_scroll_by(s, 1); break;
		case A_PAGE_UP: tui_scroll_by(s, -tui_scroll_page(s)); break;
		case A_PAGE_DOWN: tui_scroll_by(s, tui_scroll_page(s)); break;
		case A_FIRST: s->top = 0; break;
		case A_LAST: tui_scroll_by(s, (long)s->total); break;
		default: return 0;
		}
		return 1;
	}
	switch (a) {
	case A_UP: tui_list_select(&t->list, -1); break;
	case A_DOWN: tui_list_select(&t->list, 1); break;
	case A_PAGE_UP: tui_list_select(&t->list, -page); break;
	case A_PAGE_DOWN: tui_list_select(&t->list, page); break;
	case A_FIRST: tui_list_select_at(&t->list, 0); break;
	case A_LAST: tui_list_select(&t->list, n); break;
	default: return 0;
	}
	return 1;
}

static void
next_pane(struct search_state *st, int step)
{
	int panes = st->preview_w > 0 ? 3 : 2;

	st->focus = (enum focus)(((int)st->focus + step + panes) % panes);
	st->preview_pager.scroll.top = 0;
}

static int
action(struct tui *t, struct view *v, enum tui_action a, int key)
{
	struct search_state *st = state(v);
	const struct kb_hit *h;

	if (edit_line(t, st, a, key))
		return 1;
	/* Anything else acts on the results of the query as typed so far,
	 * never on those of an earlier one (Enter right after a paste). */
	session_search(t);
	if (move(t, st, a))
		return 1;
	switch (a) {
	case A_OPEN:
		if ((h = tui_list_chosen(&t->list)) != NULL)
			answer_view_open(t, h->id);
		return 1;
	case A_NEXT_PANE: next_pane(st, 1); return 1;
	case A_PREV_PANE: next_pane(st, -1); return 1;
	case A_BACK:
		if (st->focus != FOCUS_SEARCH)
			st->focus = FOCUS_SEARCH;
		else
			tui_query_clear(&t->query);
		return 1;
	case A_PROPOSE_NEW: propose_new(t); return 1;
	default: return 0;
	}
}

static int
in_box(const struct tui_mouse *m, int top, int left, int h, int w)
{
	return m->y >= top && m->y < top + h && m->x >= left &&
	    m->x < left + w;
}

static void
mouse(struct tui *t, struct view *v, const struct tui_mouse *m)
{
	struct search_state *st = state(v);
	long hit;
	int again;

	session_search(t);
	if (in_box(m, st->list_y, st->list_x, st->list_h, st->list_w)) {
		hit = tui_list_hit_at(&t->list, m->y - st->list_y);
		if (m->wheel) {
			tui_list_select(&t->list, m->wheel);
		} else if (hit >= 0 && (m->click || m->double_click)) {
			again = st->focus == FOCUS_LIST &&
			    (size_t)hit == t->list.sel;
			st->focus = FOCUS_LIST;
			tui_list_select_at(&t->list, (size_t)hit);
			if (again || m->double_click)
				answer_view_open(t,
				    t->list.results->hits[hit].id);
		}
	} else if (in_box(m, st->preview_y, st->preview_x, st->preview_h,
	    st->preview_w)) {
		st->focus = FOCUS_PREVIEW;
		tui_scroll_by(&st->preview_pager.scroll, 3L * m->wheel);
	} else if (m->y == 0) {
		st->focus = FOCUS_SEARCH;
	}
}

static struct tui_pager *
pager(struct view *v)
{
	struct search_state *st = state(v);

	return st->focus == FOCUS_PREVIEW ? &st->preview_pager : NULL;
}

static const char *
line(const void *ctx, size_t i, size_t *len)
{
	const struct view *v = ctx;

	return shown_line(&state(v)->preview, i, len);
}

static int
reload(struct tui *t, struct view *v)
{
	(void)t;
	shown_clear(&state(v)->preview);	/* loaded again when drawn */
	state(v)->banner.key[0] = '\0';
	return 0;
}

static void
done(struct view *v)
{
	struct search_state *st = state(v);

	shown_clear(&st->preview);
	tui_banner_free(&st->banner);
	free(st);
}

static const struct view_ops search_ops = {
	.name = "search",
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
search_view_open(struct tui *t)
{
	struct search_state *st = xcalloc(1, sizeof(*st));

	st->preview_pager.find.line = -1;
	view_push(t, &search_ops, st);
}
