/*
 * Drawing: the only file that puts text on the screen.  Each frame is
 * drawn whole into curses' buffer; curses sends the terminal only what
 * changed.  Text is clipped by display columns (wide characters count
 * two) and never reaches the terminal with a control character in it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <kb/notice.h>
#include <kb/present.h>
#include <kb/text.h>

#include "tui_private.h"

#define MESSAGE_SECONDS 8	/* a confirmation stays this long */
#define WIDE_COLS 120		/* preview beside the list from here */
#define TALL_ROWS 40		/* preview below the list from here */

/*
 * Draw s[0..len) at y, x in at most `cols` columns.  Returns the columns
 * used.  Newlines and tabs become spaces; everything else follows the one
 * rule for text shown anywhere (kb/text.h): invalid UTF-8, control
 * characters (C0, DEL, C1) and bidirectional overrides become U+FFFD.
 */
static int
put(int y, int x, int cols, const char *s, size_t len, attr_t attr)
{
	char buf[1024], *safe;
	size_t n = 0, fit, width;

	if (cols <= 0)
		return 0;
	for (; n < len && n < sizeof(buf); n++)
		buf[n] = s[n] == '\n' || s[n] == '\t' ? ' ' : s[n];
	safe = kb_text_sanitize(buf, n, 0);
	fit = kb_text_fit(safe, strlen(safe), (size_t)cols, &width);
	attrset(attr);
	mvaddnstr(y, x, safe, (int)fit);
	attrset(A_NORMAL);
	free(safe);
	return (int)width;
}

static int
puts_at(int y, int x, int cols, const char *s, attr_t attr)
{
	return put(y, x, cols, s, strlen(s), attr);
}

/* Fill the rest of a row with the role's background (selection bars). */
static void
fill(int y, int x, int cols, attr_t attr)
{
	int i;

	attrset(attr);
	for (i = 0; i < cols; i++)
		mvaddch(y, x + i, ' ');
	attrset(A_NORMAL);
}

static attr_t
style_attr(unsigned style)
{
	attr_t a = 0;

	if (style & KB_STYLE_MARK)
		a |= term_attr(ROLE_MATCH);
	if (style & KB_STYLE_STRONG)
		a |= term_attr(ROLE_STRONG);
	if (style & KB_STYLE_EMPH)
		a |= term_attr(ROLE_EMPH);
	if (style & KB_STYLE_CODE)
		a |= term_attr(ROLE_CODE);
	if (style & KB_STYLE_LINK)
		a |= term_attr(ROLE_LINK);
	if (style & KB_STYLE_HEADING)
		a |= term_attr(ROLE_HEADING);
	return a;
}

/* A line with styled spans (sorted, not overlapping), clipped to cols. */
static int
put_styled(int y, int x, int cols, const char *text, size_t len,
    const struct kb_span *spans, size_t nspans, attr_t base)
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
			used += put(y, x + used, cols - used, text + pos,
			    start - pos, base);
		if (i < nspans && end > start && start >= pos)
			used += put(y, x + used, cols - used, text + start,
			    end - start, base | style_attr(spans[i].style));
		if (end > pos)
			pos = end;
	}
	return used;
}

/* --- the search view ----------------------------------------------------- */

/* Rows the notice banner takes: one a notice, at most TUI_BANNER_MAX. */
static int
banner_rows(const struct tui *t)
{
	return t->notices.n < TUI_BANNER_MAX ? (int)t->notices.n :
	    TUI_BANNER_MAX;
}

/* The more severe, the more it stands out: a critical row is a bar. */
static attr_t
notice_attr(enum kb_notice_severity severity)
{
	switch (severity) {
	case KB_NOTICE_CRITICAL:
		return term_attr(ROLE_OVERDUE) | A_REVERSE | A_BOLD;
	case KB_NOTICE_WARNING:
		return term_attr(ROLE_BANNER);
	case KB_NOTICE_INFO:
		break;
	}
	return term_attr(ROLE_STRONG);
}

/*
 * The active notices, most severe first, a row each across the screen:
 * what every channel must tell customers today.  The label says the
 * severity in words; colour only adds to it.
 */
static void
draw_banner(const struct tui *t, int y, int cols)
{
	int rows = banner_rows(t), i;
	char line[512], until[32];

	for (i = 0; i < rows; i++) {
		const struct kb_notice *n = t->notices.v[i];
		attr_t a = notice_attr(n->severity);
		char *at;

		/* "2026-12-24T09:00" reads better as "2026-12-24 09:00". */
		snprintf(until, sizeof(until), "%s", n->ends);
		if ((at = strchr(until, 'T')) != NULL)
			*at = ' ';
		if (i == rows - 1 && t->notices.n > (size_t)rows)
			snprintf(line, sizeof(line), " +%zu more notices: kb "
			    "notices", t->notices.n - (size_t)i);
		else
			snprintf(line, sizeof(line), " %s%s: %s (until %s)",
			    n->severity == KB_NOTICE_CRITICAL ? "!! " : "",
			    kb_notice_label(n), n->title, until);
		fill(y + i, 0, cols, a);
		puts_at(y + i, 0, cols, line, a);
	}
}

static int
draw_search_line(struct tui *t, int cols)
{
	static const char prompt[] = "Search: ";
	size_t start = 0, width = kb_text_width(t->query);
	int x;

	x = puts_at(0, 0, cols, prompt, term_attr(ROLE_PROMPT));
	/* A long query shows its end, where the agent is typing. */
	while (width + (size_t)x + 1 > (size_t)cols && start < t->qlen) {
		do
			start++;
		while (start < t->qlen &&
		    ((unsigned char)t->query[start] & 0xC0) == 0x80);
		width = kb_text_width(t->query + start);
	}
	return x + put(0, x, cols - x, t->query + start, t->qlen - start,
	    term_attr(ROLE_NORMAL));
}

static void
draw_info(struct tui *t, int y, int cols)
{
	char info[400];
	size_t n = t->results ? t->results->nhits : 0;

	if (t->search_error[0])
		snprintf(info, sizeof(info), "Error: %s", t->search_error);
	else if (t->qlen == 0)
		snprintf(info, sizeof(info), "Type what the customer says. "
		    "Up/Down choose, Enter opens, F1 lists every key.");
	else if (n == 0)
		snprintf(info, sizeof(info), "No answer found for this search.");
	else
		snprintf(info, sizeof(info), "%zu%s answer%s%s%s%s", n,
		    n == TUI_RESULTS ? "+" : "", n == 1 ? "" : "s",
		    t->results->corrected ? "  (showing results for: " : "",
		    t->results->corrected ? t->results->corrected : "",
		    t->results->corrected ? ")" : "");
	puts_at(y, 0, cols, info, term_attr(t->search_error[0] ? ROLE_ERROR :
	    ROLE_DIM));
}

static void
draw_hit(struct tui *t, const struct kb_hit *h, int y, int x, int w,
    int selected)
{
	attr_t sel = selected ? term_attr(ROLE_SELECTED) : 0;
	int used;

	if (selected) {
		fill(y, x, w, sel);
		fill(y + 1, x, w, sel);
	}
	used = puts_at(y, x, w, selected ? "> " : "  ", sel |
	    term_attr(ROLE_TITLE));
	used += puts_at(y, x + used, w - used, h->title, sel |
	    term_attr(ROLE_TITLE));
	if (h->lang && strcmp(h->lang, "en") != 0) {
		char lang[16];

		snprintf(lang, sizeof(lang), " [%s]", h->lang);
		used += puts_at(y, x + used, w - used, lang, sel |
		    term_attr(ROLE_TAGS));
	}
	if (h->tags && *h->tags) {
		used += puts_at(y, x + used, w - used, "  ", sel);
		puts_at(y, x + used, w - used, h->tags, sel |
		    term_attr(ROLE_TAGS));
	}
	if (h->snippet)
		put_styled(y + 1, x + 4, w - 4, h->snippet, strlen(h->snippet),
		    h->marks, h->nmarks, sel);
	(void)t;
}

static void
draw_list(struct tui *t)
{
	size_t n = t->results ? t->results->nhits : 0, visible, i;

	visible = t->list_h >= 2 ? (size_t)t->list_h / 2 : 1;
	if (t->sel < t->top)
		t->top = t->sel;
	if (t->sel >= t->top + visible)
		t->top = t->sel - visible + 1;
	for (i = t->top; i < n && i < t->top + visible; i++)
		draw_hit(t, &t->results->hits[i], t->list_y + 2 *
		    (int)(i - t->top), t->list_x, t->list_w, i == t->sel);
}

static void
draw_text_lines(const struct shown *s, size_t from, int y, int x, int h,
    int w)
{
	size_t i;
	int row;

	for (row = 0, i = from; row < h && i < s->nv; row++, i++) {
		const struct view_line *v = &s->v[i];
		attr_t base = term_attr(v->role);
		int gutter = 0;

		if (v->channel != KB_CHANNEL_NONE) {
			/* The section is marked by text, not colour alone. */
			puts_at(y + row, x, 2, "| ", term_attr(ROLE_CHANNEL));
			gutter = 2;
		}
		if (v->role == ROLE_OVERDUE)
			fill(y + row, x + gutter, w - gutter, base);
		put_styled(y + row, x + gutter, w - gutter, v->text, v->len,
		    v->spans, v->nspans, base);
		/* A line that does not fit (code is never wrapped) says so;
		 * kb show, copy and save give it whole. */
		if (w - gutter > 1 && kb_text_fit(v->text, v->len,
		    (size_t)(w - gutter), NULL) < v->len)
			puts_at(y + row, x + w - 1, 1, ">", term_attr(ROLE_DIM) |
			    A_BOLD);
	}
}

static void
draw_preview(struct tui *t)
{
	const struct kb_hit *h;
	unsigned width;

	if (t->preview_w <= 0 || t->results == NULL ||
	    t->results->nhits == 0)
		return;
	h = &t->results->hits[t->sel];
	if (t->preview.answer == NULL || strcmp(t->preview.answer->id,
	    h->id) != 0) {
		t->preview_scroll = 0;
		if (shown_load(t, &t->preview, h->id) < 0)
			return;
	}
	width = (unsigned)(t->preview_w > 2 ? t->preview_w - 1 : 1);
	shown_layout(t, &t->preview, width, t->channel);
	puts_at(t->preview_y, t->preview_x, t->preview_w,
	    t->preview.answer->title, term_attr(ROLE_TITLE) |
	    term_attr(ROLE_HEADING));
	draw_text_lines(&t->preview, t->preview_scroll, t->preview_y + 1,
	    t->preview_x, t->preview_h - 1, t->preview_w);
}

static void
layout_search(struct tui *t, int top, int rows, int cols)
{
	int body_h = rows - 1 - top;

	t->list_y = top;
	t->list_x = 0;
	t->preview_w = t->preview_h = 0;
	if (cols >= WIDE_COLS) {
		t->list_w = cols * 2 / 5;
		t->list_h = body_h;
		t->preview_x = t->list_w + 2;
		t->preview_y = top;
		t->preview_w = cols - t->preview_x;
		t->preview_h = body_h;
	} else if (rows >= TALL_ROWS) {
		t->list_w = cols;
		t->list_h = (body_h / 2) & ~1;
		t->preview_x = 0;
		t->preview_y = top + t->list_h + 1;
		t->preview_w = cols;
		t->preview_h = body_h - t->list_h - 1;
	} else {
		t->list_w = cols;
		t->list_h = body_h;
	}
	if (t->preview_w == 0 && t->focus == FOCUS_PREVIEW)
		t->focus = FOCUS_LIST;
}

static void
draw_search(struct tui *t, int rows, int cols)
{
	int top = 1 + banner_rows(t), qx, i;

	qx = draw_search_line(t, cols);
	draw_banner(t, 1, cols);
	draw_info(t, top, cols);
	layout_search(t, top + 1, rows, cols);
	draw_list(t);
	if (t->preview_w > 0 && t->preview_x > 0)
		for (i = 0; i < t->preview_h; i++)
			puts_at(t->preview_y + i, t->preview_x - 2, 1, "|",
			    term_attr(ROLE_DIM));
	else if (t->preview_w > 0)
		for (i = 0; i < cols; i++)
			puts_at(t->preview_y - 1, i, 1, "-",
			    term_attr(ROLE_DIM));
	draw_preview(t);
	if (t->focus == FOCUS_SEARCH)
		move(0, qx < cols ? qx : cols - 1);
	else if (t->focus == FOCUS_LIST && t->results && t->results->nhits)
		move(t->list_y + 2 * (int)(t->sel - t->top), t->list_x);
	else if (t->focus == FOCUS_PREVIEW)
		move(t->preview_y, t->preview_x);
	else
		move(t->list_y, 0);
}

/* --- the answer and help views ------------------------------------------- */

static void
draw_answer(struct tui *t, int rows, int cols)
{
	const struct kb_answer *a = t->answer.answer;
	char id[96];
	int idw;

	if (a == NULL)
		return;
	snprintf(id, sizeof(id), "  %s", a->id);
	idw = (int)kb_text_width(id);
	puts_at(0, 0, cols - idw, a->title, term_attr(ROLE_TITLE) |
	    term_attr(ROLE_HEADING));
	puts_at(0, cols - idw, idw, id, term_attr(ROLE_DIM));
	draw_banner(t, 1, cols);
	t->body_y = 1 + banner_rows(t);
	t->body_h = rows - 1 - t->body_y;
	shown_layout(t, &t->answer, (unsigned)cols, t->channel);
	app_scroll(t, 0);	/* keep the scroll inside the new layout */
	draw_text_lines(&t->answer, t->scroll, t->body_y, 0, t->body_h, cols);
	move(t->body_y, 0);
}

static void
draw_help(struct tui *t, int rows, int cols)
{
	size_t n, i;
	char **lines = keys_help_lines(&n, cols);
	int row;

	t->help_lines = n;
	t->body_y = 0;
	t->body_h = rows - 1;
	app_scroll(t, 0);
	for (row = 0, i = t->help_scroll; row < t->body_h && i < n; row++, i++)
		puts_at(row, 0, cols, lines[i], term_attr(i == 0 ?
		    ROLE_HEADING : ROLE_NORMAL));
	for (i = 0; i < n; i++)
		free(lines[i]);
	free(lines);
	move(0, 0);
}

/* --- the status line ----------------------------------------------------- */

static const char *
hints(const struct tui *t)
{
	if (t->view == VIEW_HELP)
		return "Esc close  Up/Down scroll";
	if (t->view == VIEW_REVIEW)
		return "Enter diff  a approve  r reject  F1 help  q quit";
	if (t->view == VIEW_DIFF)
		return "a approve  r reject  Up/Down scroll  Esc back";
	if (t->view == VIEW_ANSWER)
		return "u used y copy p print f flag c chan Esc back ? help";
	return "Enter open  Tab pane  F2 channel  F1 help  ^C quit";
}

/*
 * The flag question, about the answer it was asked for, with the cursor
 * where the reason is typed (its end shown, as in the search line).
 */
static void
draw_prompt(struct tui *t, int y, int cols)
{
	size_t start = 0;
	int used, text = t->prompt == PROMPT_TEXT;
	char q[320];

	snprintf(q, sizeof(q), " %s ", t->prompt_question);
	/* The question gives way to what is typed when space runs out. */
	used = puts_at(y, 0, text && cols > 60 ? cols - 30 : cols, q,
	    term_attr(ROLE_STATUS) | A_BOLD);
	if (text) {
		while (kb_text_width(t->prompt_text + start) + (size_t)used +
		    1 > (size_t)cols && start < t->prompt_len) {
			do
				start++;
			while (start < t->prompt_len && ((unsigned char)
			    t->prompt_text[start] & 0xC0) == 0x80);
		}
		used += put(y, used, cols - used, t->prompt_text + start,
		    t->prompt_len - start, term_attr(ROLE_STATUS));
	}
	t->prompt_cursor = used < cols ? used : cols - 1;
}

/*
 * An office KB: when it last synced, so that an agent knows whether the
 * answers may be out of date; in capitals and in the error style when
 * older than kb.syncWarnHours (never in colour alone).
 */
static int
sync_label(const struct tui *t, char *out, size_t size)
{
	char age[64];

	out[0] = '\0';
	if (!t->sync.office)
		return 0;
	if (t->sync.last == 0) {
		snprintf(out, size, " NEVER SYNCED ");
		return 1;
	}
	kb_sync_age_text(t->sync.age, age, sizeof(age));
	if (t->sync.stale) {
		snprintf(out, size, " LAST SYNC %s ", age);
		return 1;
	}
	snprintf(out, size, "synced %s | ", age);
	return 0;
}

static void
draw_status(struct tui *t, int y, int cols)
{
	char left[256], right[400], sync[96];
	int used, stale;
	attr_t st = term_attr(ROLE_STATUS);

	snprintf(left, sizeof(left), " %s@%.7s | %s | %s%s%s%s%s%s ",
	    t->kb_name, t->head[0] ? t->head : "empty",
	    t->channel == KB_CHANNEL_NONE ? "All channels" :
	    kb_channel_heading(t->channel), t->lang[0] ? "lang " : "",
	    t->lang, t->lang[0] ? " | " : "", t->opt.agent,
	    t->opt.office ? "@" : "", t->opt.office ? t->opt.office : "");
	fill(y, 0, cols, st);
	if (t->prompt != PROMPT_NONE) {
		draw_prompt(t, y, cols);
		return;
	}
	/* A confirmation comes first: it is what the agent must see. */
	if (t->message[0] && time(NULL) - t->message_time < MESSAGE_SECONDS) {
		snprintf(right, sizeof(right), " %s%s ", t->message_is_error ?
		    "Error: " : "", t->message);
		used = puts_at(y, 0, cols, right, st | A_BOLD);
		puts_at(y, used, cols - used, left, st);
		return;
	}
	used = puts_at(y, 0, cols, left, st | A_BOLD);
	stale = sync_label(t, sync, sizeof(sync));
	used += puts_at(y, used, cols - used, sync, stale ?
	    term_attr(ROLE_ERROR) | A_BOLD : st);
	puts_at(y, used, cols - used, hints(t), st);
}

void
draw_line_text(int y, int x, int cols, const char *text)
{
	attr_t a;
	short pair;

	attr_get(&a, &pair, NULL);
	put(y, x, cols, text, strlen(text), a);
}

void
draw_styled_line(int y, int x, int cols, const char *text, size_t len,
    const struct kb_span *spans, size_t nspans, attr_t base)
{
	put_styled(y, x, cols, text, len, spans, nspans, base);
}

void
draw_frame(struct tui *t)
{
	int rows, cols, cy, cx;

	getmaxyx(stdscr, rows, cols);
	erase();
	if (rows < TUI_MIN_ROWS || cols < TUI_MIN_COLS) {
		char msg[80];

		snprintf(msg, sizeof(msg), "kb needs %dx%d (now %dx%d)",
		    TUI_MIN_COLS, TUI_MIN_ROWS, cols, rows);
		puts_at(0, 0, cols, msg, term_attr(ROLE_ERROR));
		move(0, 0);
	} else {
		if (t->view == VIEW_SEARCH)
			draw_search(t, rows, cols);
		else if (t->view == VIEW_ANSWER)
			draw_answer(t, rows, cols);
		else if (t->view == VIEW_REVIEW)
			review_draw_list(t, rows, cols);
		else if (t->view == VIEW_DIFF)
			review_draw_diff(t, rows, cols);
		else
			draw_help(t, rows, cols);
		getyx(stdscr, cy, cx);
		draw_status(t, rows - 1, cols);
		if (t->prompt != PROMPT_NONE)
			move(rows - 1, t->prompt_cursor);
		else
			move(cy, cx);
	}
	wnoutrefresh(stdscr);
	doupdate();
}
