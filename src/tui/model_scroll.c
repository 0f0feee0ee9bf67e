/* A text in a window: where it is scrolled to, a page, the position. */
#include <stdio.h>

#include "model.h"

static void
clamp(struct tui_scroll *s)
{
	size_t max = s->total > s->height ? s->total - s->height : 0;

	if (s->top > max)
		s->top = max;
}

void
tui_scroll_size(struct tui_scroll *s, size_t total, size_t height)
{
	s->total = total;
	s->height = height;
	clamp(s);
}

void
tui_scroll_by(struct tui_scroll *s, long delta)
{
	if (delta < 0 && (size_t)-delta > s->top)
		s->top = 0;
	else
		s->top = (size_t)((long)s->top + delta);
	clamp(s);
}

void
tui_scroll_show(struct tui_scroll *s, size_t line)
{
	if (line < s->top || line >= s->top + (s->height ? s->height : 1))
		s->top = line;
	clamp(s);
}

long
tui_scroll_page(const struct tui_scroll *s)
{
	return s->height > 1 ? (long)s->height - 1 : 1;
}

long
tui_scroll_half(const struct tui_scroll *s)
{
	return s->height > 1 ? (long)s->height / 2 : 1;
}

void
tui_scroll_position(const struct tui_scroll *s, char *out, size_t size)
{
	size_t bottom = s->top + s->height;

	if (s->total <= s->height)
		snprintf(out, size, "%s", "");
	else if (bottom < s->total)
		snprintf(out, size, "more below, %zu%%", bottom * 100 /
		    s->total);
	else
		snprintf(out, size, "%s", "end");
}
