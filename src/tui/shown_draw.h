/* An answer's lines on the screen (shown_draw.c). */
#ifndef KB_TUI_SHOWN_DRAW_H
#define KB_TUI_SHOWN_DRAW_H

#include "model.h"

/*
 * Lines from..from+h of `s` at y, x in a box `w` wide; `find` (may be
 * NULL) marks the text found.
 */
void shown_draw(const struct shown *s, size_t from, int y, int x, int h,
    int w, const struct tui_find *find);

#endif
