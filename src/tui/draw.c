/*
 * Drawing: the only file that puts text on the screen (see draw.h).
 * Each frame is drawn whole into curses' buffer; curses sends the
 * terminal only what changed.
 */
#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <kb/present.h>
#include <kb/text.h>

#include "draw.h"
#include "terminal.h"
#include "utf8.h"

#define MESSAGE_ROWS 8		/* TUI_MESSAGE_MAX at 80 columns fits */
#define PROMPT_TEXT_MIN 24	/* columns kept for a typed answer */
#define IDENTITY_MIN 16		/* columns worth showing of the identity */

static attr_t attrs[ROLE_COUNT];

enum { PAIR_TAGS = 1, PAIR_MATCH, PAIR_OVERDUE, PAIR_CHANNEL, PAIR_LINK,
	PAIR_BANNER, PAIR_HEADING, PAIR_PROMPT, PAIR_ERROR, PAIR_STAFF,
	PAIR_HC };

static void
set_colors(void)
{
	init_pair(PAIR_TAGS, COLOR_CYAN, -1);
	init_pair(PAIR_MATCH, COLOR_YELLOW, -1);
	init_pair(PAIR_OVERDUE, COLOR_RED, -1);
	init_pair(PAIR_CHANNEL, COLOR_BLUE, -1);
	init_pair(PAIR_LINK, COLOR_BLUE, -1);
	init_pair(PAIR_BANNER, COLOR_BLACK, COLOR_YELLOW);
	init_pair(PAIR_HEADING, COLOR_GREEN, -1);
	init_pair(PAIR_PROMPT, COLOR_GREEN, -1);
	init_pair(PAIR_ERROR, COLOR_RED, -1);
	init_pair(PAIR_STAFF, COLOR_MAGENTA, -1);
	init_pair(PAIR_HC, COLOR_WHITE, COLOR_BLACK);
}

/*
 * Every role has a non-colour cue (bold, underline, reverse, or text on
 * screen such as "OVERDUE" or "STAFF ONLY"), so colour only adds to it.
 */
void
draw_set_contrast(int high)
{
	int color = terminal_color(), i;
	attr_t base = 0;

	if (color)
		set_colors();
	for (i = 0; i < ROLE_COUNT; i++)
		attrs[i] = A_NORMAL;
	attrs[ROLE_TITLE] = A_BOLD;
	attrs[ROLE_MATCH] = A_BOLD | A_UNDERLINE;
	attrs[ROLE_SELECTED] = A_REVERSE;
	attrs[ROLE_STATUS] = A_REVERSE;
	attrs[ROLE_BANNER] = A_REVERSE | A_BOLD;
	attrs[ROLE_OVERDUE] = A_BOLD | A_REVERSE;
	attrs[ROLE_HEADING] = A_BOLD | A_UNDERLINE;
	attrs[ROLE_EMPH] = A_UNDERLINE;
	attrs[ROLE_STRONG] = A_BOLD;
	attrs[ROLE_LINK] = A_UNDERLINE;
	attrs[ROLE_CHANNEL] = A_BOLD;
	attrs[ROLE_DIM] = A_DIM;
	attrs[ROLE_ERROR] = A_BOLD;
	attrs[ROLE_PROMPT] = A_BOLD;
	attrs[ROLE_ADDED] = A_BOLD;
	attrs[ROLE_REMOVED] = A_DIM;
	attrs[ROLE_STAFF] = A_BOLD;
	if (high) {
		/* No dim text, no colour pairs of low contrast. */
		if (color)
			base = COLOR_PAIR(PAIR_HC);
		for (i = 0; i < ROLE_COUNT; i++)
			attrs[i] |= base;
		attrs[ROLE_NORMAL] = base | A_BOLD;
		attrs[ROLE_TAGS] = base | A_BOLD;
		attrs[ROLE_DIM] = base | A_BOLD;
		attrs[ROLE_MATCH] = A_REVERSE | A_BOLD | A_UNDERLINE;
		attrs[ROLE_SELECTED] = A_REVERSE | A_BOLD;
		bkgdset(' ' | base);
		return;
	}
	bkgdset(' ');
	if (!color)
		return;
	attrs[ROLE_TAGS] |= COLOR_PAIR(PAIR_TAGS);
	attrs[ROLE_MATCH] |= COLOR_PAIR(PAIR_MATCH);
	attrs[ROLE_OVERDUE] = A_BOLD | COLOR_PAIR(PAIR_OVERDUE);
	attrs[ROLE_CHANNEL] |= COLOR_PAIR(PAIR_CHANNEL);
	attrs[ROLE_LINK] |= COLOR_PAIR(PAIR_LINK);
	attrs[ROLE_BANNER] = A_BOLD | COLOR_PAIR(PAIR_BANNER);
	attrs[ROLE_HEADING] |= COLOR_PAIR(PAIR_HEADING);
	attrs[ROLE_PROMPT] |= COLOR_PAIR(PAIR_PROMPT);
	attrs[ROLE_ERROR] |= COLOR_PAIR(PAIR_ERROR);
	attrs[ROLE_ADDED] |= COLOR_PAIR(PAIR_PROMPT);
	attrs[ROLE_REMOVED] = COLOR_PAIR(PAIR_ERROR);
	attrs[ROLE_STAFF] |= COLOR_PAIR(PAIR_STAFF);
}

static attr_t
attr_of(unsigned style)
{
	unsigned roles = style & (DRAW_ROLE(ROLE_COUNT) - 1);
	attr_t a = 0;

	for (; roles; roles &= roles - 1)
		a |= attrs[__builtin_ctz(roles)];
	if (style & DRAW_BOLD)
		a |= A_BOLD;
	if (style & DRAW_REVERSE)
		a |= A_REVERSE;
	return a;
}

void
draw_size(int *rows, int *cols)
{
	getmaxyx(stdscr, *rows, *cols);
}

void
draw_begin(void)
{
	erase();
}

void
draw_end(int cursor_y, int cursor_x)
{
	move(cursor_y, cursor_x);
	wnoutrefresh(stdscr);
	doupdate();
}

void
draw_redraw(void)
{
	clearok(curscr, TRUE);
}

int
draw_utf8(void)
{
	return terminal_utf8();
}

/*
 * Newlines and tabs become spaces; everything else follows the one rule
 * for text shown anywhere (kb/text.h): invalid UTF-8, control characters
 * (C0, DEL, C1) and bidirectional overrides become U+FFFD.
 */
int
draw_text(int y, int x, int cols, const char *s, size_t len, unsigned style)
{
	char buf[1024], *safe;
	size_t n = 0, fit, width;
	attr_t a = attr_of(style);

	if (cols <= 0)
		return 0;
	for (; n < len && n < sizeof(buf); n++)
		buf[n] = s[n] == '\n' || s[n] == '\t' ? ' ' : s[n];
	safe = kb_text_sanitize(buf, n, 0);
	fit = utf8_fit(&width, safe, strlen(safe), (size_t)cols);
	attrset(a);
	mvaddnstr(y, x, safe, (int)fit);
	attrset(A_NORMAL);
	free(safe);
	return (int)width;
}

int
draw_str(int y, int x, int cols, const char *s, unsigned style)
{
	return draw_text(y, x, cols, s, strlen(s), style);
}

static const char *
ellipsis(void)
{
	return terminal_utf8() ? "\u2026" : "...";
}

int
draw_words(int y, int x, int cols, const char *s, unsigned style)
{
	size_t len = strlen(s), w, cut;
	int used;

	if (cols <= 0)
		return 0;
	if (utf8_strwidth(s) <= (size_t)cols)
		return draw_text(y, x, cols, s, len, style);
	w = utf8_strwidth(ellipsis()) + 1;
	cut = tui_fit_words(s, len, cols > (int)w ? (size_t)cols - w : 0,
	    NULL);
	used = draw_text(y, x, cols, s, cut, style);
	return used + draw_str(y, x + used, cols - used, cut ? " " : "",
	    style) + draw_str(y, x + used + (cut ? 1 : 0), cols - used -
	    (cut ? 1 : 0), ellipsis(), style);
}

void
draw_fill(int y, int x, int cols, unsigned style)
{
	int i;

	attrset(attr_of(style));
	for (i = 0; i < cols; i++)
		mvaddch(y, x + i, ' ');
	attrset(A_NORMAL);
}

static unsigned
span_style(unsigned kb_style)
{
	unsigned s = 0;

	if (kb_style & KB_STYLE_MARK)
		s |= DRAW_ROLE(ROLE_MATCH);
	if (kb_style & KB_STYLE_STRONG)
		s |= DRAW_ROLE(ROLE_STRONG);
	if (kb_style & KB_STYLE_EMPH)
		s |= DRAW_ROLE(ROLE_EMPH);
	if (kb_style & KB_STYLE_CODE)
		s |= DRAW_ROLE(ROLE_CODE);
	if (kb_style & KB_STYLE_LINK)
		s |= DRAW_ROLE(ROLE_LINK);
	if (kb_style & KB_STYLE_HEADING)
		s |= DRAW_ROLE(ROLE_HEADING);
	if (kb_style & KB_STYLE_STAFF)
		s |= DRAW_ROLE(ROLE_STAFF);
	return s;
}

int
draw_styled(int y, int x, int cols, const char *text, size_t len,
    const struct kb_span *spans, size_t nspans, unsigned base)
{
	size_t pos = 0, i;
	int used = 0;

	for (i = 0; i <= nspans && used < cols; i++) {
		size_t start = i < nspans ? spans[i].start : len;
		size_t end = i < nspans ? spans[i].start + spans[i].len : len;

		if (start > len)
			start = len;
		if (end > len)
			end = len;
		if (start > pos)
			used += draw_text(y, x + used, cols - used, text + pos,
			    start - pos, base);
		if (i < nspans && end > start && start >= pos)
			used += draw_text(y, x + used, cols - used,
			    text + start, end - start,
			    base | span_style(spans[i].style));
		if (end > pos)
			pos = end;
	}
	return used;
}

/* --- the notice banner --------------------------------------------------- */

/* The more severe, the more it stands out: a critical row is a bar. */
static unsigned
notice_style(enum kb_notice_severity severity)
{
	switch (severity) {
	case KB_NOTICE_CRITICAL:
		return DRAW_ROLE(ROLE_OVERDUE) | DRAW_REVERSE | DRAW_BOLD;
	case KB_NOTICE_WARNING:
		return DRAW_ROLE(ROLE_BANNER);
	case KB_NOTICE_INFO:
		break;
	}
	return DRAW_ROLE(ROLE_STRONG);
}

/*
 * A row a notice, across the screen: what every channel must tell
 * customers today.  The label says the severity in words; colour only
 * adds to it.  A title too long for the row is cut between words.
 */
void
draw_banner(int y, int cols, const struct kb_notice *const *v, size_t shown,
    size_t total)
{
	char line[512], until[32];
	size_t i;

	for (i = 0; i < shown; i++) {
		const struct kb_notice *n = v[i];
		unsigned style = notice_style(n->severity);
		char *at;

		/* "2026-12-24T09:00" reads better as "2026-12-24 09:00". */
		snprintf(until, sizeof(until), "%s", n->ends);
		if ((at = strchr(until, 'T')) != NULL)
			*at = ' ';
		if (i == shown - 1 && total > shown)
			snprintf(line, sizeof(line), " +%zu more notices: kb "
			    "notices", total - i);
		else
			snprintf(line, sizeof(line), " %s%s: %s (until %s)",
			    n->severity == KB_NOTICE_CRITICAL ? "!! " : "",
			    kb_notice_label(n), n->title, until);
		draw_fill(y + (int)i, 0, cols, style);
		draw_words(y + (int)i, 0, cols, line, style);
	}
}

/* --- the status line ----------------------------------------------------- */

/* A message in lines of `cols`, whole; the rows it needs (at most max). */
static size_t
message_lines(const char *text, int cols, struct tui_span_line *out,
    size_t max)
{
	size_t n = tui_wrap_words(text, cols > 2 ? (size_t)cols - 2 : 1, out,
	    max);

	return n < max ? n : max;
}

int
draw_status_width(const struct draw_status *s)
{
	int w = 1 + (int)utf8_strwidth(s->identity) + 1;

	w += (int)utf8_strwidth(s->sync);
	if (s->position[0])
		w += (int)utf8_strwidth(s->position) + 3;
	return w + 1;
}

static void
draw_message(int y, int cols, const struct draw_status *s)
{
	struct tui_span_line lines[MESSAGE_ROWS];
	char text[TUI_MESSAGE_MAX + 16];
	unsigned st = DRAW_ROLE(ROLE_STATUS);
	size_t n, i;
	int row, used;

	snprintf(text, sizeof(text), "%s%s", s->message_error ? "Error: " :
	    "", s->message);
	n = message_lines(text, cols, lines, MESSAGE_ROWS);
	for (i = 0; i < n; i++) {
		row = y - (int)(n - 1 - i);
		draw_fill(row, 0, cols, st);
		used = draw_str(row, 0, cols, " ", st | DRAW_BOLD);
		used += draw_text(row, used, cols - used, text + lines[i].start,
		    lines[i].len, st | DRAW_BOLD);
		/* The identity after a short message, as much as fits. */
		if (n == 1 && used + 2 + IDENTITY_MIN <= cols) {
			used += draw_str(row, used, cols - used, "  ", st);
			draw_words(row, used, cols - used, s->identity, st);
		}
	}
}

void
draw_status(int y, int cols, const struct draw_status *s)
{
	unsigned st = DRAW_ROLE(ROLE_STATUS);
	int used;

	draw_fill(y, 0, cols, st);
	if (s->message) {
		draw_message(y, cols, s);
		return;
	}
	used = draw_str(y, 0, cols, " ", st | DRAW_BOLD);
	used += draw_words(y, used, cols - used, s->identity, st | DRAW_BOLD);
	used += draw_str(y, used, cols - used, " ", st);
	if (s->sync[0] && used + (int)utf8_strwidth(s->sync) <= cols)
		used += draw_str(y, used, cols - used, s->sync, s->sync_stale ?
		    DRAW_ROLE(ROLE_ERROR) | DRAW_BOLD : st);
	if (s->position[0] && used + 3 + (int)utf8_strwidth(s->position) <=
	    cols) {
		used += draw_str(y, used, cols - used, "| ", st);
		used += draw_str(y, used, cols - used, s->position,
		    st | DRAW_BOLD);
		used += draw_str(y, used, cols - used, " ", st);
	}
	if (s->hints[0])
		draw_str(y, used, cols - used, s->hints, st);
}

/* --- a question on the status line -------------------------------------- */

int
draw_prompt(int y, int cols, const char *question,
    const struct tui_query *typed)
{
	struct tui_span_line lines[8];
	unsigned st = DRAW_ROLE(ROLE_STATUS);
	size_t qw = utf8_strwidth(question) + 2, n, i, start, col;
	int used, text_cols, row;

	/* The question and the typed text on one row, when they fit. */
	if (qw + (typed ? PROMPT_TEXT_MIN : 0) <= (size_t)cols) {
		draw_fill(y, 0, cols, st);
		used = draw_str(y, 0, cols, " ", st | DRAW_BOLD);
		used += draw_str(y, used, cols - used, question,
		    st | DRAW_BOLD);
		used += draw_str(y, used, cols - used, " ", st);
	} else {
		/* Else the question, whole, on the rows above the text. */
		n = tui_wrap_words(question, (size_t)cols - 2, lines, 8);
		n = n < 8 ? n : 8;
		for (i = 0; i < n; i++) {
			row = y - (int)(n - i) + (typed ? 0 : 1);
			draw_fill(row, 0, cols, st);
			draw_str(row, 0, cols, " ", st | DRAW_BOLD);
			draw_text(row, 1, cols - 1, question + lines[i].start,
			    lines[i].len, st | DRAW_BOLD);
		}
		if (!typed)
			return cols - 1;
		draw_fill(y, 0, cols, st);
		used = draw_str(y, 0, cols, " > ", st | DRAW_BOLD);
	}
	if (!typed)
		return used < cols ? used : cols - 1;
	text_cols = cols - used;
	start = tui_query_window(typed, (size_t)text_cols, &col);
	draw_text(y, used, text_cols, typed->text + start, typed->len - start,
	    st);
	return used + (int)col < cols ? used + (int)col : cols - 1;
}

void
draw_too_small(int rows, int cols, int min_rows, int min_cols)
{
	char msg[80];

	snprintf(msg, sizeof(msg), "kb needs %dx%d (now %dx%d)", min_cols,
	    min_rows, cols, rows);
	draw_str(0, 0, cols, msg, DRAW_ROLE(ROLE_ERROR));
}
