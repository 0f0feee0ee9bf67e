/*
 * A question on the status line: a choice of keys (the flag reasons) or a
 * line of text (a reason, an id).  While it is open it takes every key
 * but Ctrl-C; Esc cancels it.
 */
#include <stdio.h>
#include <string.h>
#include <wchar.h>
#include <wctype.h>

#include "tui_private.h"

static void
open_prompt(struct tui *t, int kind, const char *question)
{
	t->prompt = kind;
	snprintf(t->prompt_question, sizeof(t->prompt_question), "%s",
	    question);
	t->prompt_len = 0;
	t->prompt_text[0] = '\0';
}

void
prompt_choice(struct tui *t, const char *question,
    int (*choice)(struct tui *t, wint_t key))
{
	open_prompt(t, PROMPT_CHOICE, question);
	t->prompt_on_choice = choice;
}

void
prompt_text(struct tui *t, const char *question,
    void (*done)(struct tui *t, const char *text))
{
	open_prompt(t, PROMPT_TEXT, question);
	t->prompt_on_text = done;
}

static void
type_char(struct tui *t, wint_t key)
{
	char bytes[8];
	mbstate_t st;
	size_t n;

	memset(&st, 0, sizeof(st));
	n = wcrtomb(bytes, (wchar_t)key, &st);
	if (n == (size_t)-1 || t->prompt_len + n >= sizeof(t->prompt_text))
		return;
	memcpy(t->prompt_text + t->prompt_len, bytes, n);
	t->prompt_len += n;
	t->prompt_text[t->prompt_len] = '\0';
}

static void
backspace(struct tui *t)
{
	while (t->prompt_len > 0 && ((unsigned char)
	    t->prompt_text[--t->prompt_len] & 0xC0) == 0x80)
		;
	t->prompt_text[t->prompt_len] = '\0';
}

/* Enter: the text, when it is more than blanks, goes to the callback. */
static void
finish(struct tui *t)
{
	char text[sizeof(t->prompt_text)];

	if (t->prompt_text[strspn(t->prompt_text, " ")] == '\0')
		return;
	memcpy(text, t->prompt_text, sizeof(text));
	t->prompt = PROMPT_NONE;
	t->prompt_on_text(t, text);
}

int
prompt_key(struct tui *t, wint_t key, int function)
{
	if (t->prompt == PROMPT_NONE || (!function && key == ('C' & 0x1f)))
		return 0;	/* Ctrl-C still quits */
	if (!function && key == 27) {
		t->prompt = PROMPT_NONE;
		app_set_message(t, 0, "Cancelled");
	} else if (t->prompt == PROMPT_CHOICE) {
		if (!function)
			t->prompt_on_choice(t, key);
	} else if (!function && (key == '\r' || key == '\n')) {
		finish(t);
	} else if ((function && key == KEY_BACKSPACE) || (!function &&
	    (key == 127 || key == 8))) {
		backspace(t);
	} else if (!function && iswprint(key)) {
		type_char(t, key);
	}
	return 1;
}

void
prompt_paste(struct tui *t, wint_t key)
{
	if (t->prompt == PROMPT_TEXT && iswprint(key))
		type_char(t, key);
}
