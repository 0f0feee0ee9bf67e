/*
 * kb review's list: the proposals waiting, the most used answers first;
 * Enter shows one's diff (diff_view.c), a approves, r rejects, e makes
 * the result after a conflict (review.c), q quits.  It follows new
 * proposals by itself (review_poll()) and on Ctrl-L; the real cursor is
 * on the chosen proposal.
 */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "draw.h"
#include "view.h"
#include "xmalloc.h"

#define LIST_Y 2

struct review_state {
	size_t top;
	int rows, cols;
};

static struct review_state *
state(const struct view *v)
{
	return v->state;
}

static unsigned
place(const struct tui *t, const struct view *v)
{
	(void)t;
	(void)v;
	return IN_REVIEW;
}

static void
layout(struct tui *t, struct view *v, int rows, int cols)
{
	struct review_state *st = state(v);
	size_t h = rows > LIST_Y ? (size_t)(rows - LIST_Y) : 1;

	st->rows = rows;
	st->cols = cols;
	if (t->review.sel < st->top)
		st->top = t->review.sel;
	if (t->review.sel >= st->top + h)
		st->top = t->review.sel - h + 1;
	/* The real cursor on the chosen proposal, for screen readers. */
	v->cursor_y = LIST_Y + (int)(t->review.sel - st->top);
	v->cursor_x = 0;
}

/*
 * One proposal's row; the files it changes besides its answer in the
 * error style, bold, so that they stand out without colour too.
 */
static void
draw_proposal(const struct tui *t, const struct review_state *st, int y,
    size_t i)
{
	const struct tui_review *r = &t->review;
	const struct kb_proposal *p = &r->props[i];
	unsigned base = i == r->sel ? DRAW_ROLE(ROLE_SELECTED) : 0;
	char head[300], tail[400], date[11], more[40];
	time_t tt = (time_t)p->time;
	struct tm tm;
	int x;

	gmtime_r(&tt, &tm);
	strftime(date, sizeof(date), "%Y-%m-%d", &tm);
	snprintf(head, sizeof(head), "%s%5ld  %-28s ", i == r->sel ? "> " :
	    "  ", r->uses[i], p->answer);
	snprintf(more, sizeof(more), "[+%zu other file%s]", p->other_files,
	    p->other_files == 1 ? "" : "s");
	snprintf(tail, sizeof(tail), "%s%s  (%s, %s, %s)", p->other_files ?
	    " " : "", p->reason, p->author, date, p->branch);
	if (base)
		draw_fill(y, 0, st->cols, base);
	x = draw_str(y, 0, st->cols, head, base);
	if (p->other_files)
		x += draw_str(y, x, st->cols - x, more, base |
		    DRAW_ROLE(ROLE_ERROR) | DRAW_BOLD);
	draw_str(y, x, st->cols - x, tail, base);
}

static void
draw(const struct tui *t, const struct view *v)
{
	const struct review_state *st = state(v);
	size_t i;
	int y = LIST_Y;

	draw_words(0, 0, st->cols, "Proposals waiting for review, the most "
	    "used answers first (uses in the last 30 days)", 0);
	if (t->review.n == 0)
		draw_str(LIST_Y, 0, st->cols, "No proposal is waiting.", 0);
	for (i = st->top; i < t->review.n && y < st->rows; i++, y++)
		draw_proposal(t, st, y, i);
}

static int
action(struct tui *t, struct view *v, enum tui_action a, int key)
{
	long page = state(v)->rows > LIST_Y + 1 ? state(v)->rows - LIST_Y -
	    1 : 1;

	(void)key;
	switch (a) {
	case A_UP: review_select(t, -1); break;
	case A_DOWN: review_select(t, 1); break;
	case A_PAGE_UP: review_select(t, -page); break;
	case A_PAGE_DOWN: review_select(t, page); break;
	case A_FIRST: review_select(t, -(long)t->review.n); break;
	case A_LAST: review_select(t, (long)t->review.n); break;
	case A_OPEN: diff_view_open(t); break;
	case A_APPROVE: review_approve(t, NULL); break;
	case A_REJECT: review_reject(t, NULL); break;
	case A_RESOLVE: review_resolve(t, NULL); break;
	case A_BACK: break;	/* the first view: nothing behind it */
	case A_REDRAW:
		review_refresh(t);
		return 0;	/* and the screen redrawn */
	default: return 0;
	}
	return 1;
}

/* The proposals or main moved: the list as it is now. */
static int
reload(struct tui *t, struct view *v)
{
	(void)v;
	review_sync(t);
	return 0;
}

static void
done(struct view *v)
{
	free(v->state);
}

static const struct view_ops review_ops = {
	.name = "review",
	.place = place,
	.layout = layout,
	.draw = draw,
	.action = action,
	.reload = reload,
	.done = done,
};

void
review_view_open(struct tui *t)
{
	struct review_state *st = xcalloc(1, sizeof(*st));

	review_load(t);
	view_push(t, &review_ops, st);
}
