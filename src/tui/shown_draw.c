/*
 * An answer's lines on the screen, in the preview and in the answer
 * view: a channel's own wording marked in a gutter, staff-only notes in
 * a style of their own, the text found (/) marked, and a '>' where a
 * line goes on past the edge.
 */
#include <string.h>

#include "draw.h"
#include "shown_draw.h"
#include "utf8.h"

/* The text found, marked over the line as drawn (ASCII case folded). */
static void
mark_found(int y, int x, int w, const struct view_line *v,
    const struct tui_find *find)
{
	size_t at = 0, from = 0, skip;
	int col;

	while (find->len && tui_find_in(v->text + from, v->len - from,
	    find->text, find->len, &at)) {
		at += from;
		utf8_fit(&skip, v->text, at, (size_t)-1);
		col = (int)skip;
		if (col >= w)
			break;
		draw_text(y, x + col, w - col, v->text + at, find->len,
		    DRAW_ROLE(ROLE_MATCH) | DRAW_REVERSE);
		from = at + find->len;
	}
}

void
shown_draw(const struct shown *s, size_t from, int y, int x, int h, int w,
    const struct tui_find *find)
{
	size_t i;
	int row;

	for (row = 0, i = from; row < h && i < s->nv; row++, i++) {
		const struct view_line *v = &s->v[i];
		unsigned base = DRAW_ROLE(v->role);
		int gutter = 0;

		if (v->channel != KB_CHANNEL_NONE) {
			/* The section is marked by text, not colour alone. */
			draw_str(y + row, x, 2, "| ", DRAW_ROLE(ROLE_CHANNEL));
			gutter = 2;
		}
		if (v->role == ROLE_OVERDUE)
			draw_fill(y + row, x + gutter, w - gutter, base);
		draw_styled(y + row, x + gutter, w - gutter, v->text, v->len,
		    v->spans, v->nspans, base);
		if (find)
			mark_found(y + row, x + gutter, w - gutter, v, find);
		/* A line that does not fit (code is never wrapped) says so;
		 * kb show, copy and save give it whole. */
		if (w - gutter > 1 && utf8_fit(NULL, v->text,
		    v->len, (size_t)(w - gutter)) < v->len)
			draw_str(y + row, x + w - 1, 1, ">",
			    DRAW_ROLE(ROLE_DIM) | DRAW_BOLD);
	}
}
