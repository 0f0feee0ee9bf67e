/*
 * The key table: every key, where it works, what it does, how the help
 * screen and the status line name it.  Dispatch, the help screen, the
 * status-line hints and kb(1)'s KEYS (checked by a test) all come from
 * this one table, so none of them can disagree with the code.
 *
 * Curses-free: keys are Unicode characters (control keys as their
 * codes, Ctrl-A is 1) or the TK_* codes below, which input.c makes of
 * what the terminal sends.
 */
#ifndef KB_TUI_KEYMAP_H
#define KB_TUI_KEYMAP_H

#include <stddef.h>

#define TK_CTRL(c) ((c) & 0x1f)
#define TK_ESC 27
#define TK_TAB 9

/* Keys that are not characters: above every Unicode code point. */
enum tui_keycode {
	TK_UP = 0x110000, TK_DOWN, TK_LEFT, TK_RIGHT, TK_PGUP, TK_PGDN,
	TK_HOME, TK_END, TK_BACKSPACE, TK_DELETE, TK_ENTER, TK_BTAB,
	TK_ALT_BACKSPACE, TK_F1, TK_F2, TK_F3, TK_F4, TK_F5, TK_MOUSE,
	TK_RESIZE, TK_PASTE_START, TK_PASTE_END, TK_OTHER
};

/* Where a key works. */
enum tui_place {
	IN_SEARCH = 1 << 0,	/* typing in the search line */
	IN_LIST = 1 << 1,	/* the results */
	IN_PREVIEW = 1 << 2,	/* the preview beside or under them */
	IN_ANSWER = 1 << 3,	/* reading an answer */
	IN_HELP = 1 << 4,
	IN_REVIEW = 1 << 5,	/* kb review: the proposals */
	IN_DIFF = 1 << 6,	/* kb review: one proposal's diff */
	IN_SEARCH_VIEW = IN_SEARCH | IN_LIST | IN_PREVIEW,
	IN_TEXT = IN_ANSWER | IN_HELP | IN_DIFF,	/* a pager */
	IN_ANY = IN_SEARCH_VIEW | IN_TEXT | IN_REVIEW
};

enum tui_action {
	A_NONE, A_TYPE, A_QUIT, A_HELP, A_BACK, A_REDRAW, A_SUSPEND,
	A_CONTRAST, A_CHANNEL, A_LANG, A_MOUSE,
	/* the search line */
	A_LINE_LEFT, A_LINE_RIGHT, A_LINE_HOME, A_LINE_END, A_LINE_BACKSPACE,
	A_LINE_DELETE, A_LINE_DELETE_WORD, A_LINE_CLEAR,
	/* moving: a result, a proposal, or a line of text */
	A_UP, A_DOWN, A_PAGE_UP, A_PAGE_DOWN, A_HALF_UP, A_HALF_DOWN,
	A_FIRST, A_LAST, A_NEXT_PANE, A_PREV_PANE, A_OPEN,
	A_FIND, A_FIND_NEXT, A_FIND_PREV,
	/* an answer */
	A_RELATED, A_TRANSLATION, A_USED, A_UNDO, A_UNSATISFIED, A_FLAG,
	A_PROPOSE, A_PROPOSE_NEW, A_COPY, A_PRINT, A_SAVE,
	/* kb review */
	A_APPROVE, A_REJECT, A_RESOLVE, A_CLOSE_FLAG
};

struct tui_key {
	int code;		/* a character or a TK_* code; 0: typing */
	const char *label;	/* as help and kb(1) name it; NULL: the same
				 * entry as the line before (another key) */
	unsigned where;		/* enum tui_place bits */
	enum tui_action action;
	const char *help;
	const char *hint;	/* on the status line, or NULL */
	int priority;		/* of the hint: 1 first; the rest give way */
};

/* The binding of `code` in `place` (one IN_* bit), or NULL. */
const struct tui_key *keymap_find(unsigned place, int code);
/* The table, for the help screen and the tests. */
const struct tui_key *keymap_table(size_t *n);
/* "search line", "answer", "text": how the help names a set of places. */
const char *keymap_where_label(unsigned where);
/*
 * The hints for `place` that fit in `cols` columns, the most important
 * first ("Enter open  Tab pane  F1 help"); those that do not fit are left
 * out whole.  Returns the columns used.
 */
size_t keymap_hints(unsigned place, size_t cols, char *out, size_t size);
/*
 * The help screen's lines, wrapped to `width`: caller frees each and the
 * array.
 */
char **keymap_help_lines(size_t *n, int width);

#endif
