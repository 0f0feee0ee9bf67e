/*
 * A line being typed: the search line, and the answers to questions on
 * the status line.  The cursor moves by characters (UTF-8 sequences),
 * never into the middle of one.
 */
#include <string.h>

#include "model.h"
#include "utf8.h"

static int
continuation(const struct tui_query *q, size_t at)
{
	return at < q->len && ((unsigned char)q->text[at] & 0xC0) == 0x80;
}

static size_t
char_before(const struct tui_query *q, size_t at)
{
	if (at == 0)
		return 0;
	do
		at--;
	while (at > 0 && continuation(q, at));
	return at;
}

static size_t
char_after(const struct tui_query *q, size_t at)
{
	if (at >= q->len)
		return q->len;
	do
		at++;
	while (continuation(q, at));
	return at;
}

/* Remove text[from..to) and leave the cursor at `from`. */
static void
cut(struct tui_query *q, size_t from, size_t to)
{
	if (from >= to)
		return;
	memmove(q->text + from, q->text + to, q->len - to + 1);
	q->len -= to - from;
	q->cursor = from;
	q->dirty = 1;
}

int
tui_query_insert(struct tui_query *q, wint_t ch)
{
	char bytes[8];
	mbstate_t st;
	size_t n;

	memset(&st, 0, sizeof(st));
	n = wcrtomb(bytes, (wchar_t)ch, &st);
	if (n == (size_t)-1 || n == 0 || q->len + n >= sizeof(q->text))
		return -1;
	memmove(q->text + q->cursor + n, q->text + q->cursor,
	    q->len - q->cursor + 1);
	memcpy(q->text + q->cursor, bytes, n);
	q->len += n;
	q->cursor += n;
	q->dirty = 1;
	return 0;
}

void
tui_query_backspace(struct tui_query *q)
{
	cut(q, char_before(q, q->cursor), q->cursor);
}

void
tui_query_delete(struct tui_query *q)
{
	cut(q, q->cursor, char_after(q, q->cursor));
}

/* As a shell's Ctrl-W: the blanks before the cursor, then the word. */
void
tui_query_delete_word(struct tui_query *q)
{
	size_t from = q->cursor;

	while (from > 0 && q->text[from - 1] == ' ')
		from--;
	while (from > 0 && q->text[from - 1] != ' ')
		from--;
	cut(q, from, q->cursor);
}

void
tui_query_left(struct tui_query *q)
{
	q->cursor = char_before(q, q->cursor);
}

void
tui_query_right(struct tui_query *q)
{
	q->cursor = char_after(q, q->cursor);
}

void
tui_query_home(struct tui_query *q)
{
	q->cursor = 0;
}

void
tui_query_end(struct tui_query *q)
{
	q->cursor = q->len;
}

void
tui_query_clear(struct tui_query *q)
{
	q->len = q->cursor = 0;
	q->text[0] = '\0';
	q->dirty = 1;
}

void
tui_query_set(struct tui_query *q, const char *text)
{
	size_t n = strlen(text);

	if (n >= sizeof(q->text))
		n = sizeof(q->text) - 1;
	/* Never half a character at the end. */
	while (n > 0 && n < strlen(text) &&
	    ((unsigned char)text[n] & 0xC0) == 0x80)
		n--;
	memcpy(q->text, text, n);
	q->text[n] = '\0';
	q->len = q->cursor = n;
	q->dirty = 1;
}

size_t
tui_query_window(const struct tui_query *q, size_t cols, size_t *cursor_col)
{
	size_t start = 0, width;
	char before[TUI_QUERY_MAX];

	memcpy(before, q->text, q->cursor);
	before[q->cursor] = '\0';
	width = utf8_strwidth(before);
	/* The cursor needs a column of its own after the text before it. */
	while (start < q->cursor && width + 1 > cols) {
		start = char_after(q, start);
		width = utf8_strwidth(before + start);
	}
	*cursor_col = width;
	return start;
}
