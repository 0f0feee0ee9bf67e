/*
 * Keys from the terminal: what curses reads, as the key table's codes.
 * Alt-Backspace arrives as Esc and Backspace at once; a mouse event
 * comes with where and what.
 */
#include <curses.h>
#include <string.h>

#include "input.h"
#include "terminal.h"

static int
function_key(wint_t key)
{
	static const struct {
		int curses, ours;
	} map[] = {
		{ KEY_UP, TK_UP }, { KEY_DOWN, TK_DOWN },
		{ KEY_LEFT, TK_LEFT }, { KEY_RIGHT, TK_RIGHT },
		{ KEY_PPAGE, TK_PGUP }, { KEY_NPAGE, TK_PGDN },
		{ KEY_HOME, TK_HOME }, { KEY_END, TK_END },
		{ KEY_BACKSPACE, TK_BACKSPACE }, { KEY_DC, TK_DELETE },
		{ KEY_ENTER, TK_ENTER }, { KEY_BTAB, TK_BTAB },
		{ KEY_F(1), TK_F1 }, { KEY_F(2), TK_F2 }, { KEY_F(3), TK_F3 },
		{ KEY_F(4), TK_F4 }, { KEY_F(5), TK_F5 },
		{ KEY_MOUSE, TK_MOUSE }, { KEY_RESIZE, TK_RESIZE },
		{ TERMINAL_KEY_PASTE_START, TK_PASTE_START },
		{ TERMINAL_KEY_PASTE_END, TK_PASTE_END },
	};
	size_t i;

	for (i = 0; i < sizeof(map) / sizeof(map[0]); i++)
		if (map[i].curses == (int)key)
			return map[i].ours;
	return TK_OTHER;
}

static int
is_backspace(wint_t ch, int function)
{
	return function ? ch == KEY_BACKSPACE : ch == 127 || ch == TK_CTRL('H');
}

static void
read_mouse(struct tui_mouse *m)
{
	MEVENT e;

	memset(m, 0, sizeof(*m));
	if (getmouse(&e) != OK)
		return;
	m->y = e.y;
	m->x = e.x;
	m->wheel = (e.bstate & BUTTON4_PRESSED) ? -1 :
	    (e.bstate & BUTTON5_PRESSED) ? 1 : 0;
	m->click = (e.bstate & (BUTTON1_CLICKED | BUTTON1_PRESSED)) != 0;
	m->double_click = (e.bstate & BUTTON1_DOUBLE_CLICKED) != 0;
}

void
input_translate(wint_t key, int function, struct tui_event *ev)
{
	memset(ev, 0, sizeof(*ev));
	if (function) {
		ev->key = function_key(key);
		if (ev->key == TK_MOUSE)
			read_mouse(&ev->mouse);
	} else if (key == '\r' || key == '\n') {
		ev->key = TK_ENTER;
	} else if (is_backspace(key, 0)) {
		ev->key = TK_BACKSPACE;
	} else {
		ev->key = (int)key;
	}
}

int
input_read(int timeout_ms, struct tui_event *ev)
{
	wint_t ch, next;
	int rc;

	timeout(timeout_ms);
	if ((rc = get_wch(&ch)) == ERR)
		return 0;
	/* Esc with Backspace right behind it: Alt-Backspace, one key. */
	if (rc != KEY_CODE_YES && ch == TK_ESC) {
		timeout(0);
		if ((rc = get_wch(&next)) != ERR) {
			if (is_backspace(next, rc == KEY_CODE_YES)) {
				memset(ev, 0, sizeof(*ev));
				ev->key = TK_ALT_BACKSPACE;
				return 1;
			}
			if (rc == KEY_CODE_YES)
				ungetch((int)next);
			else
				unget_wch((wchar_t)next);
		}
		rc = OK;
	}
	input_translate(ch, rc == KEY_CODE_YES, ev);
	return 1;
}
