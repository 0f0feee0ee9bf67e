/*
 * Keys from the terminal (input.c): what curses reads, made into the
 * key table's codes (keymap.h), mouse events and Alt-Backspace included.
 */
#ifndef KB_TUI_INPUT_H
#define KB_TUI_INPUT_H

#include <wchar.h>

#include "tui_private.h"

/*
 * The next key, waiting at most `timeout_ms` (0: only one already
 * typed): 1 and *ev, or 0 when none came.
 */
int input_read(int timeout_ms, struct tui_event *ev);
/* A key as curses' get_wch() returns it (`function`: a KEY_* code). */
void input_translate(wint_t key, int function, struct tui_event *ev);

#endif
