/*
 * A question on the status line: a choice of keys (the flag reasons, a
 * yes) or a line of text (a reason, an id, text to find).  While it is
 * open it takes every key but Ctrl-C; Esc cancels it.  The line is
 * edited as the search line is (Left, Right, Home, End, Ctrl-W ...).
 */
#include <stdio.h>
#include <string.h>
#include <wctype.h>

#include "tui_private.h"

static void
open_prompt(struct tui *t, enum prompt_kind kind, const char *question)
{
	t->prompt.kind = kind;
	snprintf(t->prompt.question, sizeof(t->prompt.question), "%s",
	    question);
	tui_query_clear(&t->prompt.line);
}

void
prompt_choice(struct tui *t, const char *question,
    int (*choice)(struct tui *t, int key))
{
	open_prompt(t, PROMPT_CHOICE, question);
	t->prompt.on_choice = choice;
}

void
prompt_text(struct tui *t, const char *question,
    void (*done)(struct tui *t, const char *text))
{
	open_prompt(t, PROMPT_TEXT, question);
	t->prompt.on_text = done;
}

/* Enter: the text, when it is more than blanks, goes to the callback. */
static void
finish(struct tui *t)
{
	char text[sizeof(t->prompt.line.text)];

	if (t->prompt.line.text[strspn(t->prompt.line.text, " ")] == '\0')
		return;
	memcpy(text, t->prompt.line.text, sizeof(text));
	t->prompt.kind = PROMPT_NONE;
	t->prompt.on_text(t, text);
}

/* The keys that edit a line, as in the search line. */
static int
edit(struct tui_query *line, int key)
{
	switch (key) {
	case TK_LEFT: tui_query_left(line); break;
	case TK_RIGHT: tui_query_right(line); break;
	case TK_HOME: case TK_CTRL('A'): tui_query_home(line); break;
	case TK_END: case TK_CTRL('E'): tui_query_end(line); break;
	case TK_BACKSPACE: tui_query_backspace(line); break;
	case TK_DELETE: tui_query_delete(line); break;
	case TK_CTRL('W'): case TK_ALT_BACKSPACE:
		tui_query_delete_word(line);
		break;
	case TK_CTRL('U'): tui_query_clear(line); break;
	default:
		if (key >= TK_UP || !iswprint((wint_t)key))
			return 0;
		tui_query_insert(line, (wint_t)key);
	}
	return 1;
}

int
prompt_key(struct tui *t, int key)
{
	if (t->prompt.kind == PROMPT_NONE || key == TK_CTRL('C') ||
	    key == TK_RESIZE)
		return 0;	/* Ctrl-C still quits */
	if (key == TK_ESC) {
		t->prompt.kind = PROMPT_NONE;
		tui_say(t, 0, "Cancelled");
	} else if (t->prompt.kind == PROMPT_CHOICE) {
		if (key < TK_UP)
			t->prompt.on_choice(t, key);
	} else if (key == TK_ENTER) {
		finish(t);
	} else {
		edit(&t->prompt.line, key);
	}
	return 1;
}

void
prompt_paste(struct tui *t, int key)
{
	if (t->prompt.kind == PROMPT_TEXT && key < TK_UP &&
	    iswprint((wint_t)key))
		tui_query_insert(&t->prompt.line, (wint_t)key);
}
