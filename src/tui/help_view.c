/*
 * The help: every key, from the key table (keymap.c), wrapped to the
 * screen.  It scrolls and finds as any text does; q, Esc, F1 or ? close
 * it, back to where the agent was.
 */
#include <stdlib.h>
#include <string.h>

#include "draw.h"
#include "view.h"
#include "xmalloc.h"

struct help_state {
	char **lines;
	size_t n;
	int width, rows;
	struct tui_pager pager;
};

static struct help_state *
state(const struct view *v)
{
	return v->state;
}

static unsigned
place(const struct tui *t, const struct view *v)
{
	(void)t;
	(void)v;
	return IN_HELP;
}

static void
free_lines(struct help_state *st)
{
	size_t i;

	for (i = 0; i < st->n; i++)
		free(st->lines[i]);
	free(st->lines);
	st->lines = NULL;
	st->n = 0;
}

static void
layout(struct tui *t, struct view *v, int rows, int cols)
{
	struct help_state *st = state(v);
	long found = st->pager.find.line;
	size_t top;

	(void)t;
	if (st->lines == NULL || st->width != cols) {
		free_lines(st);
		st->lines = keymap_help_lines(&st->n, cols);
		st->width = cols;
	}
	st->rows = rows;
	tui_scroll_size(&st->pager.scroll, st->n, (size_t)rows);
	top = st->pager.scroll.top;
	v->cursor_y = 0;
	v->cursor_x = 0;
	if (found >= 0 && (size_t)found >= top && (size_t)found < top +
	    (size_t)rows)
		v->cursor_y = (int)((size_t)found - top);
}

static void
draw(const struct tui *t, const struct view *v)
{
	const struct help_state *st = state(v);
	size_t i = st->pager.scroll.top;
	int row;

	(void)t;
	for (row = 0; row < st->rows && i < st->n; row++, i++)
		draw_str(row, 0, st->width, st->lines[i], DRAW_ROLE(i == 0 ?
		    ROLE_HEADING : ROLE_NORMAL));
}

static int
action(struct tui *t, struct view *v, enum tui_action a, int key)
{
	(void)v;
	(void)key;
	if (a != A_BACK && a != A_HELP)
		return 0;
	view_pop(t);
	return 1;
}

static struct tui_pager *
pager(struct view *v)
{
	return &state(v)->pager;
}

static const char *
line(const void *ctx, size_t i, size_t *len)
{
	const struct help_state *st = state(ctx);

	if (i >= st->n) {
		*len = 0;
		return NULL;
	}
	*len = strlen(st->lines[i]);
	return st->lines[i];
}

static void
done(struct view *v)
{
	free_lines(state(v));
	free(state(v));
}

static const struct view_ops help_ops = {
	.name = "help",
	.place = place,
	.layout = layout,
	.draw = draw,
	.action = action,
	.pager = pager,
	.line = line,
	.done = done,
};

void
help_view_open(struct tui *t)
{
	struct help_state *st = xcalloc(1, sizeof(*st));

	st->pager.find.line = -1;
	view_push(t, &help_ops, st);
}
