/*
 * kb review: one proposal's diff against main, every line of it and
 * every character: a line longer than the screen goes on in rows that
 * keep its +/- and start with a continuation mark.  The words that
 * changed in a changed line (paired with the line most like it:
 * kb/worddiff.h) are in reverse video, which shows in colour, in high
 * contrast and with NO_COLOR alike; each file besides the proposal's own
 * is headed EXTRA FILE.  It pages (by rows) and finds (by lines) as any
 * text does; a, r and e decide here as in the list.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <kb/worddiff.h>

#include "draw.h"
#include "utf8.h"
#include "view.h"
#include "xmalloc.h"

#define BODY_Y 1
#define MARK_STYLE (DRAW_REVERSE | DRAW_BOLD)

/* A row on the screen: where it starts in the text, and its line. */
struct diff_row {
	uint32_t start;		/* diffs shown are < 4 GiB (8 MiB at most) */
	uint32_t line;
};

struct diff_state {
	char *branch;			/* the proposal shown, at tip */
	char tip[KB_OID_HEX + 1];
	char title[400];
	char *text;			/* kb_diff_for_screen() */
	uint32_t *starts;		/* where each line starts */
	unsigned char *kinds;		/* enum kb_diff_kind of each line */
	size_t nlines;
	struct kb_diff_marks marks;
	struct diff_row *rows;
	size_t nrows;
	int wrap_cols;			/* the width the rows are for; 0: none */
	struct tui_pager pager;		/* in rows */
	long found_shown;		/* the find the layout last showed */
	int height, width;
};

static struct diff_state *
state(const struct view *v)
{
	return v->state;
}

static unsigned
place(const struct tui *t, const struct view *v)
{
	(void)t;
	(void)v;
	return IN_DIFF;
}

/* --- lines and rows ------------------------------------------------------- */

static size_t
line_len(const struct diff_state *st, size_t i)
{
	const char *s = st->text + st->starts[i], *nl = strchr(s, '\n');

	return nl ? (size_t)(nl - s) : strlen(s);
}

static void
index_lines(struct diff_state *st)
{
	size_t starts_cap = 0, kinds_cap = 0;
	const char *s = st->text;
	int in_hunk = 0;

	st->nlines = 0;
	while (*s) {
		const char *nl = strchr(s, '\n');
		size_t len = nl ? (size_t)(nl - s) : strlen(s);

		xgrow(&st->starts, &starts_cap, st->nlines + 1,
		    sizeof(*st->starts));
		xgrow(&st->kinds, &kinds_cap, st->nlines + 1,
		    sizeof(*st->kinds));
		st->starts[st->nlines] = (uint32_t)(s - st->text);
		st->kinds[st->nlines++] = (unsigned char)kb_diff_kind(s, len,
		    &in_hunk);
		s += len + (nl != NULL);
	}
}

/* A hunk's line keeps its +, - or blank at the start of every row. */
static int
has_gutter(const struct diff_state *st, size_t line)
{
	return (st->kinds[line] == KB_DIFF_CONTEXT || st->kinds[line] ==
	    KB_DIFF_ADDED || st->kinds[line] == KB_DIFF_REMOVED) &&
	    line_len(st, line) > 0;
}

static void
add_row(struct diff_state *st, size_t *cap, size_t start, size_t line)
{
	xgrow(&st->rows, cap, st->nrows + 1, sizeof(*st->rows));
	st->rows[st->nrows].start = (uint32_t)start;
	st->rows[st->nrows++].line = (uint32_t)line;
}

/* Every line in rows of `cols`: its first row whole, the others after
 * the gutter (the line's sign, if any, and the continuation mark). */
static void
make_rows(struct diff_state *st, int cols)
{
	size_t cap = 0, i, off, len, room;

	st->nrows = 0;
	for (i = 0; i < st->nlines; i++) {
		const char *s = st->text + st->starts[i];

		len = line_len(st, i);
		off = 0;
		do {
			room = (size_t)cols - (off == 0 ? 0 : has_gutter(st, i) ?
			    2 : 1);
			add_row(st, &cap, st->starts[i] + off, i);
			off += kb_diff_row_end(s + off, len - off, room);
		} while (off < len);
	}
	st->wrap_cols = cols;
}

/* The last row starting at or before byte `at`. */
static size_t
row_at(const struct diff_state *st, size_t at)
{
	size_t lo = 0, hi = st->nrows;

	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;

		if (st->rows[mid].start <= at)
			lo = mid;
		else
			hi = mid;
	}
	return lo;
}

static size_t
row_end(const struct diff_state *st, size_t r)
{
	size_t line = st->rows[r].line;

	if (r + 1 < st->nrows && st->rows[r + 1].line == line)
		return st->rows[r + 1].start;
	return st->starts[line] + line_len(st, line);
}

static int
continues(const struct diff_state *st, size_t r)
{
	return st->rows[r].start != st->starts[st->rows[r].line];
}

/* --- layout: rows for the width, the find shown, the cursor --------------- */

/* Rows for a new width; the same text stays at the top, and a find on
 * the same line. */
static void
rewrap(struct diff_state *st, int cols)
{
	size_t top = st->nrows ? st->rows[st->pager.scroll.top].start : 0;
	long found = st->pager.find.line >= 0 && st->nrows ?
	    (long)st->starts[st->rows[st->pager.find.line].line] : -1;

	make_rows(st, cols);
	st->pager.scroll.top = st->nrows ? row_at(st, top) : 0;
	if (found >= 0)
		st->pager.find.line = st->found_shown =
		    (long)row_at(st, (size_t)found);
}

/* The row and column of the text found, on its line from row `first`. */
static int
match_place(const struct diff_state *st, size_t first, size_t *row,
    int *col)
{
	size_t line = st->rows[first].line, at, abs, w;

	if (!tui_find_in(st->text + st->starts[line], line_len(st, line),
	    st->pager.find.text, st->pager.find.len, &at))
		return 0;
	abs = st->starts[line] + at;
	*row = row_at(st, abs);
	utf8_fit(&w, st->text + st->rows[*row].start, abs -
	    st->rows[*row].start, (size_t)-1);
	*col = (int)w + (!continues(st, *row) ? 0 : has_gutter(st, line) ?
	    2 : 1);
	return 1;
}

static void
layout(struct tui *t, struct view *v, int rows, int cols)
{
	struct diff_state *st = state(v);
	struct tui_scroll *s = &st->pager.scroll;
	/* The open flags of the answer, if any, above the diff. */
	int body_y = BODY_Y + review_flags_rows(t);
	long found;
	size_t row;
	int col;

	st->height = rows;
	st->width = cols;
	if (cols != st->wrap_cols)
		rewrap(st, cols);
	found = st->pager.find.line;
	tui_scroll_size(s, st->nrows, rows > body_y ? (size_t)(rows -
	    body_y) : 1);
	v->cursor_y = body_y;
	v->cursor_x = 0;
	if (found < 0 || (size_t)found >= st->nrows ||
	    !match_place(st, (size_t)found, &row, &col))
		return;
	/* A new find: its text on the screen, whichever row it is on. */
	if (found != st->found_shown) {
		tui_scroll_show(s, row);
		st->found_shown = found;
	}
	if (row >= s->top && row < s->top + s->height) {
		v->cursor_y = body_y + (int)(row - s->top);
		v->cursor_x = col < st->width ? col : st->width - 1;
	}
}

/* --- drawing -------------------------------------------------------------- */

static unsigned
style_of(const struct diff_state *st, size_t line)
{
	const char *s = st->text + st->starts[line];

	switch (st->kinds[line]) {
	case KB_DIFF_ADDED: return DRAW_ROLE(ROLE_ADDED);
	case KB_DIFF_REMOVED: return DRAW_ROLE(ROLE_REMOVED);
	case KB_DIFF_HUNK: case KB_DIFF_NOTE: return DRAW_ROLE(ROLE_DIM);
	case KB_DIFF_CONTEXT: return 0;
	case KB_DIFF_FILE: break;
	}
	if (strncmp(s, REVIEW_EXTRA_MARK, strlen(REVIEW_EXTRA_MARK)) == 0)
		return DRAW_ROLE(ROLE_ERROR) | DRAW_REVERSE | DRAW_BOLD;
	return strncmp(s, "diff ", 5) == 0 ? DRAW_ROLE(ROLE_STRONG) : 0;
}

/* The first mark on line `line` or after it. */
static size_t
first_mark(const struct kb_diff_marks *m, size_t line)
{
	size_t lo = 0, hi = m->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (m->v[mid].line < line)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* Bytes [from, to) of the text at y, x: the changed words marked. */
static void
draw_marked(const struct diff_state *st, int y, int x, size_t line,
    size_t from, size_t to, unsigned base)
{
	size_t k = first_mark(&st->marks, line), ls = st->starts[line];
	size_t pos = from, ms, me;

	for (; k < st->marks.n && st->marks.v[k].line == line &&
	    pos < to; k++) {
		ms = ls + st->marks.v[k].start;
		me = ms + st->marks.v[k].len;
		if (me <= pos || ms >= to)
			continue;
		if (ms > pos)
			x += draw_text(y, x, st->width - x, st->text + pos,
			    ms - pos, base);
		ms = ms > pos ? ms : pos;
		me = me < to ? me : to;
		x += draw_text(y, x, st->width - x, st->text + ms, me - ms,
		    base | MARK_STYLE);
		pos = me;
	}
	if (pos < to)
		draw_text(y, x, st->width - x, st->text + pos, to - pos, base);
}

static void
draw_row(const struct diff_state *st, int y, size_t r)
{
	size_t line = st->rows[r].line;
	unsigned base = style_of(st, line);
	int x = 0;

	if (continues(st, r)) {
		if (has_gutter(st, line))
			x += draw_text(y, 0, 1, st->text + st->starts[line], 1,
			    base);
		x += draw_str(y, x, st->width - x, draw_utf8() ? "\u21aa" :
		    "\\", base);
	}
	draw_marked(st, y, x, line, st->rows[r].start, row_end(st, r), base);
}

static void
draw(const struct tui *t, const struct view *v)
{
	const struct diff_state *st = state(v);
	size_t r;
	int y;

	draw_words(0, 0, st->width, st->title, DRAW_ROLE(ROLE_TITLE));
	y = BODY_Y + review_flags_draw(t, BODY_Y, st->width);
	for (r = st->pager.scroll.top; y < st->height &&
	    r < st->nrows; y++, r++)
		draw_row(st, y, r);
}

/* --- the proposal shown --------------------------------------------------- */

static void
clear_text(struct diff_state *st)
{
	free(st->text);
	free(st->starts);
	free(st->kinds);
	free(st->rows);
	kb_diff_marks_clear(&st->marks);
	st->text = NULL;
	st->starts = NULL;
	st->kinds = NULL;
	st->rows = NULL;
	st->nlines = st->nrows = 0;
}

/* Proposal p's diff into the view: -1 (said) when it cannot be shown. */
static int
load(struct tui *t, struct diff_state *st, const struct kb_proposal *p)
{
	char *text = review_diff(t, p);

	if (text == NULL)
		return -1;
	clear_text(st);
	st->text = text;
	snprintf(st->tip, sizeof(st->tip), "%s", p->tip);
	snprintf(st->title, sizeof(st->title), "%s: %s  (%s)", p->answer,
	    p->reason, p->author);
	review_flags_load(t, p->answer);
	index_lines(st);
	kb_diff_marks(&st->marks, st->text, strlen(st->text));
	st->wrap_cols = 0;
	st->pager.find.line = st->found_shown = -1;
	return 0;
}

/* The proposal as the reviewer reads it is as it is now; else 0, and
 * the view shows it as it is now (or closes). */
static int
current(struct tui *t, struct view *v)
{
	struct diff_state *st = state(v);
	const struct kb_proposal *p = review_find(t, st->branch);

	if (p == NULL || strcmp(p->tip, st->tip) == 0)
		return 1;	/* a decision on a gone one says so */
	if (load(t, st, p) == 0)
		tui_say(t, 1, "%s changed meanwhile: this is its diff now; "
		    "read it again", st->branch);
	return 0;
}

static int
action(struct tui *t, struct view *v, enum tui_action a, int key)
{
	const char *branch = state(v)->branch;

	(void)key;
	switch (a) {
	case A_APPROVE:
		if (current(t, v))
			review_approve(t, branch);
		break;
	case A_REJECT: review_reject(t, branch); break;
	case A_RESOLVE: review_resolve(t, branch); break;
	case A_CLOSE_FLAG: review_flags_close(t); break;
	case A_REDRAW:
		/* The view may close (its proposal gone): nothing after. */
		draw_redraw();
		review_refresh(t);
		break;
	default: return 0;
	}
	return 1;
}

static struct tui_pager *
pager(struct view *v)
{
	return &state(v)->pager;
}

/* Finding is by lines: a line's text is its first row's, so that what
 * a wrap cut is found; the layout then shows the row it is on. */
static const char *
find_line(const void *ctx, size_t r, size_t *len)
{
	const struct diff_state *st = state(ctx);

	*len = 0;
	if (r >= st->nrows || continues(st, r))
		return "";
	*len = line_len(st, st->rows[r].line);
	return st->text + st->rows[r].start;
}

static int
reload(struct tui *t, struct view *v)
{
	struct diff_state *st = state(v);
	const struct kb_proposal *p;

	review_sync(t);
	if ((p = review_find(t, st->branch)) == NULL) {
		tui_say(t, 1, "%s is no longer waiting: it was approved or "
		    "rejected meanwhile", st->branch);
		return -1;
	}
	if (strcmp(p->tip, st->tip) == 0)
		return 0;
	if (load(t, st, p) < 0)
		return -1;
	tui_say(t, 1, "%s changed meanwhile: this is its diff now",
	    st->branch);
	return 0;
}

static void
done(struct view *v)
{
	struct diff_state *st = state(v);

	clear_text(st);
	free(st->branch);
	free(st);
}

static const struct view_ops diff_ops = {
	.name = "diff",
	.place = place,
	.layout = layout,
	.draw = draw,
	.action = action,
	.pager = pager,
	.line = find_line,
	.reload = reload,
	.done = done,
};

void
diff_view_open(struct tui *t)
{
	const struct kb_proposal *p = review_chosen(t);
	struct diff_state *st;

	if (p == NULL)
		return;
	st = xcalloc(1, sizeof(*st));
	st->branch = xstrdup(p->branch);
	if (load(t, st, p) < 0) {
		free(st->branch);
		free(st);
		return;
	}
	view_push(t, &diff_ops, st);
}
