/*
 * The key table: every key, where it works and what it does.  Dispatch
 * and the help screen both read it, so the help can never disagree with
 * the code.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wctype.h>

#include "tui_private.h"

#define CTRL(c) ((c) & 0x1f)

/* Where a key works: the view, and in the search view the focused pane. */
enum where {
	IN_SEARCH = 1 << 0,	/* typing in the search line */
	IN_LIST = 1 << 1,	/* the results list */
	IN_PREVIEW = 1 << 2,	/* the preview beside the list */
	IN_ANSWER = 1 << 3,	/* reading an answer */
	IN_HELP = 1 << 4,
	IN_REVIEW = 1 << 5,	/* kb review: the proposals */
	IN_DIFF = 1 << 6,	/* kb review: one proposal's diff */
	IN_BROWSE = IN_LIST | IN_PREVIEW | IN_ANSWER,
	IN_ANY = IN_SEARCH | IN_BROWSE | IN_HELP
};

enum action {
	DO_QUIT, DO_HELP, DO_CLOSE_HELP, DO_NEXT_PANE, DO_PREV_PANE,
	DO_FOCUS_SEARCH, DO_CLEAR, DO_BACKSPACE, DO_DELETE_WORD, DO_ESCAPE,
	DO_UP, DO_DOWN, DO_PAGE_UP, DO_PAGE_DOWN, DO_HOME, DO_END, DO_OPEN,
	DO_BACK, DO_CHANNEL, DO_USED, DO_COPY, DO_PRINT, DO_SAVE, DO_RELATED,
	DO_CONTRAST, DO_REDRAW, DO_MOUSE, DO_FLAG, DO_UNSATISFIED,
	DO_PROPOSE, DO_PROPOSE_NEW, DO_APPROVE, DO_REJECT, DO_RESOLVE,
	DO_TRANSLATION, DO_LANG
};

struct key {
	int code;		/* a character, or KEY_* when `function` */
	int function;
	const char *label;	/* as the help screen shows it; NULL: shown
				 * on the line before */
	unsigned where;
	enum action action;
	const char *help;
};

static const struct key keys[] = {
	{ 0, 0, "typing", IN_SEARCH, DO_FOCUS_SEARCH,
	  "what the customer says: results follow every key" },
	{ KEY_UP, 1, "Up  Down", IN_SEARCH | IN_LIST, DO_UP,
	  "choose a result" },
	{ KEY_DOWN, 1, NULL, IN_SEARCH | IN_LIST, DO_DOWN, NULL },
	{ 'k', 0, "k  j", IN_LIST, DO_UP, "choose a result (vi keys)" },
	{ 'j', 0, NULL, IN_LIST, DO_DOWN, NULL },
	{ KEY_UP, 1, "Up  Down  k  j", IN_PREVIEW | IN_ANSWER | IN_HELP,
	  DO_UP, "scroll the text a line" },
	{ KEY_DOWN, 1, NULL, IN_PREVIEW | IN_ANSWER | IN_HELP, DO_DOWN, NULL },
	{ 'k', 0, NULL, IN_PREVIEW | IN_ANSWER | IN_HELP, DO_UP, NULL },
	{ 'j', 0, NULL, IN_PREVIEW | IN_ANSWER | IN_HELP, DO_DOWN, NULL },
	{ KEY_PPAGE, 1, "PgUp  PgDn", IN_ANY, DO_PAGE_UP,
	  "a page up or down" },
	{ KEY_NPAGE, 1, NULL, IN_ANY, DO_PAGE_DOWN, NULL },
	{ KEY_HOME, 1, "Home  End", IN_ANY, DO_HOME,
	  "the first or last result, or the top or end of the text" },
	{ KEY_END, 1, NULL, IN_ANY, DO_END, NULL },
	{ 'g', 0, "g  G", IN_BROWSE | IN_HELP, DO_HOME, "the same (vi keys)" },
	{ 'G', 0, NULL, IN_BROWSE | IN_HELP, DO_END, NULL },
	{ '\r', 0, "Enter", IN_SEARCH | IN_LIST | IN_PREVIEW, DO_OPEN,
	  "open the chosen answer" },
	{ '\n', 0, NULL, IN_SEARCH | IN_LIST | IN_PREVIEW, DO_OPEN, NULL },
	{ KEY_ENTER, 1, NULL, IN_SEARCH | IN_LIST | IN_PREVIEW, DO_OPEN,
	  NULL },
	{ 'l', 0, "l  Right", IN_LIST, DO_OPEN, "open the chosen answer" },
	{ KEY_RIGHT, 1, NULL, IN_LIST, DO_OPEN, NULL },
	{ '\t', 0, "Tab  Shift-Tab", IN_SEARCH | IN_LIST | IN_PREVIEW,
	  DO_NEXT_PANE, "next or previous pane: search line, results, "
	  "preview" },
	{ KEY_BTAB, 1, NULL, IN_SEARCH | IN_LIST | IN_PREVIEW, DO_PREV_PANE,
	  NULL },
	{ '/', 0, "/", IN_BROWSE, DO_FOCUS_SEARCH, "back to the search line" },
	{ CTRL('U'), 0, "Ctrl-U", IN_ANY, DO_CLEAR,
	  "clear the search and start again" },
	{ CTRL('W'), 0, "Ctrl-W", IN_SEARCH, DO_DELETE_WORD,
	  "delete the last word typed" },
	{ KEY_BACKSPACE, 1, "Backspace", IN_SEARCH, DO_BACKSPACE,
	  "delete the last character typed" },
	{ 127, 0, NULL, IN_SEARCH, DO_BACKSPACE, NULL },
	{ CTRL('H'), 0, NULL, IN_SEARCH, DO_BACKSPACE, NULL },
	{ 27, 0, "Esc", IN_ANY, DO_ESCAPE, "back: close the answer or help; "
	  "in the search line, clear it" },
	{ KEY_BACKSPACE, 1, "Backspace  h  Left", IN_ANSWER, DO_BACK,
	  "back to the previous answer or the results" },
	{ 127, 0, NULL, IN_ANSWER, DO_BACK, NULL },
	{ 'h', 0, NULL, IN_ANSWER, DO_BACK, NULL },
	{ KEY_LEFT, 1, NULL, IN_ANSWER, DO_BACK, NULL },
	{ '1', 0, "1 ... 9", IN_ANSWER, DO_RELATED,
	  "open related answer 1 to 9" },
	{ KEY_F(2), 1, "F2", IN_ANY, DO_CHANNEL,
	  "channel: phone, email, walk-in, all" },
	{ 'c', 0, "c", IN_BROWSE, DO_CHANNEL, "the same" },
	{ 't', 0, "t", IN_BROWSE, DO_TRANSLATION,
	  "switch the answer to its next language (translation)" },
	{ KEY_F(4), 1, "F4", IN_ANY, DO_LANG,
	  "search language: all, or one language" },
	{ 'u', 0, "u", IN_BROWSE, DO_USED,
	  "mark the answer as used with this customer (logged with the "
	  "channel, version and search)" },
	{ 'f', 0, "f", IN_BROWSE, DO_FLAG, "flag the answer: outdated, wrong, "
	  "unclear, or say why" },
	{ 'n', 0, "n", IN_BROWSE, DO_UNSATISFIED,
	  "log that the customer was not satisfied with the answer" },
	{ 'e', 0, "e", IN_BROWSE, DO_PROPOSE, "propose a change to the answer: "
	  "it opens in your editor ($VISUAL, $EDITOR, vi)" },
	{ 'a', 0, "a", IN_BROWSE, DO_PROPOSE_NEW, "propose a new answer "
	  "(or a notice: notices/ID)" },
	{ 'y', 0, "y", IN_BROWSE, DO_COPY,
	  "copy the answer as plain text (email wording unless a channel "
	  "is set), with its reference line" },
	{ 'p', 0, "p", IN_BROWSE, DO_PRINT,
	  "print the answer for a walk-in customer (lpr), else save it" },
	{ 's', 0, "s", IN_BROWSE, DO_SAVE, "save the answer to a text file" },
	{ KEY_F(3), 1, "F3", IN_ANY, DO_CONTRAST, "high contrast on or off" },
	{ CTRL('L'), 0, "Ctrl-L", IN_ANY, DO_REDRAW, "redraw the screen" },
	{ KEY_F(1), 1, NULL, IN_HELP, DO_CLOSE_HELP, NULL },
	{ '?', 0, NULL, IN_HELP, DO_CLOSE_HELP, NULL },
	{ 'q', 0, NULL, IN_HELP, DO_CLOSE_HELP, NULL },
	{ KEY_F(1), 1, "F1", IN_ANY, DO_HELP, "this help; again to close it" },
	{ '?', 0, "?", IN_BROWSE, DO_HELP, "this help" },
	{ KEY_MOUSE, 1, "mouse", IN_ANY, DO_MOUSE, "click a result to choose "
	  "it, click again to open it; click a related answer to open it; "
	  "the wheel scrolls" },
	{ CTRL('C'), 0, "Ctrl-C", IN_ANY | IN_REVIEW | IN_DIFF, DO_QUIT,
	  "quit" },
	{ 'q', 0, "q", IN_BROWSE | IN_REVIEW | IN_DIFF, DO_QUIT, "quit" },
	/* kb review */
	{ KEY_UP, 1, "Up  Down  k  j", IN_REVIEW | IN_DIFF, DO_UP,
	  "choose a proposal; in a diff, scroll" },
	{ KEY_DOWN, 1, NULL, IN_REVIEW | IN_DIFF, DO_DOWN, NULL },
	{ 'k', 0, NULL, IN_REVIEW | IN_DIFF, DO_UP, NULL },
	{ 'j', 0, NULL, IN_REVIEW | IN_DIFF, DO_DOWN, NULL },
	{ KEY_PPAGE, 1, "PgUp  PgDn", IN_REVIEW | IN_DIFF, DO_PAGE_UP,
	  "a page up or down" },
	{ KEY_NPAGE, 1, NULL, IN_REVIEW | IN_DIFF, DO_PAGE_DOWN, NULL },
	{ KEY_HOME, 1, "Home  End", IN_REVIEW | IN_DIFF, DO_HOME,
	  "the first or last proposal; in a diff, its top or its last line" },
	{ KEY_END, 1, NULL, IN_REVIEW | IN_DIFF, DO_END, NULL },
	{ '\r', 0, "Enter", IN_REVIEW, DO_OPEN,
	  "the proposal's changes against main, changed words marked" },
	{ '\n', 0, NULL, IN_REVIEW, DO_OPEN, NULL },
	{ KEY_ENTER, 1, NULL, IN_REVIEW, DO_OPEN, NULL },
	{ 'a', 0, "a", IN_REVIEW | IN_DIFF, DO_APPROVE,
	  "approve: merge it into main (REVIEWERS only)" },
	{ 'r', 0, "r", IN_REVIEW | IN_DIFF, DO_REJECT,
	  "reject, with a reason the proposer sees" },
	{ 'e', 0, "e", IN_REVIEW | IN_DIFF, DO_RESOLVE, "edit the result "
	  "yourself (after a conflict): both versions open in your editor; "
	  "what you save is merged" },
	{ 27, 0, "Esc", IN_DIFF, DO_ESCAPE, "back to the proposals" },
	{ KEY_F(1), 1, "F1", IN_REVIEW | IN_DIFF, DO_HELP, "this help" },
};

#define NKEYS (sizeof(keys) / sizeof(keys[0]))

static enum where
where_now(const struct tui *t)
{
	if (t->view == VIEW_HELP)
		return IN_HELP;
	if (t->view == VIEW_REVIEW)
		return IN_REVIEW;
	if (t->view == VIEW_DIFF)
		return IN_DIFF;
	if (t->view == VIEW_ANSWER)
		return IN_ANSWER;
	return t->focus == FOCUS_SEARCH ? IN_SEARCH : t->focus == FOCUS_LIST ?
	    IN_LIST : IN_PREVIEW;
}

static const struct key *
find_key(enum where w, wint_t code, int function)
{
	size_t i;

	for (i = 0; i < NKEYS; i++) {
		const struct key *k = &keys[i];

		if (!(k->where & w) || k->function != function)
			continue;
		if (k->action == DO_RELATED && !function && code >= '1' &&
		    code <= '9')
			return k;
		if (k->code == (int)code && (k->code != 0 || function))
			return k;
	}
	return NULL;
}

static int
page(const struct tui *t)
{
	int h = t->view == VIEW_SEARCH && t->focus != FOCUS_PREVIEW ?
	    t->list_h / 2 : t->view == VIEW_SEARCH ? t->preview_h : t->body_h;

	return h > 1 ? h - 1 : 1;
}

/* Up/down: a result in the list, a line of text elsewhere. */
static void
move_by(struct tui *t, long lines)
{
	if (t->view == VIEW_REVIEW)
		review_select(t, lines);
	else if (t->view == VIEW_SEARCH && t->focus != FOCUS_PREVIEW)
		app_select(t, lines);
	else
		app_scroll(t, lines);
}

static void
next_pane(struct tui *t, int step)
{
	int panes = t->preview_w > 0 ? 3 : 2;

	t->focus = (enum tui_focus)(((int)t->focus + step + panes) % panes);
	t->preview_scroll = 0;
}

static void
escape(struct tui *t)
{
	if (t->view == VIEW_DIFF)
		t->view = VIEW_REVIEW;
	else if (t->view == VIEW_HELP)
		t->view = t->view_before_help;
	else if (t->view == VIEW_ANSWER)
		app_back(t);
	else if (t->focus != FOCUS_SEARCH)
		t->focus = FOCUS_SEARCH;
	else
		app_query_clear(t);
}

static int
in_box(int y, int x, int top, int left, int h, int w)
{
	return y >= top && y < top + h && x >= left && x < left + w;
}

static void
mouse(struct tui *t)
{
	MEVENT ev;
	long wheel;

	if (getmouse(&ev) != OK)
		return;
	wheel = (ev.bstate & BUTTON4_PRESSED) ? -3 :
	    (ev.bstate & BUTTON5_PRESSED) ? 3 : 0;
	if (t->view == VIEW_SEARCH && in_box(ev.y, ev.x, t->list_y, t->list_x,
	    t->list_h, t->list_w)) {
		size_t row = t->top + (size_t)(ev.y - t->list_y) / 2;

		if (!wheel && (t->results == NULL || row >= t->results->nhits))
			return;		/* below the last result */
		if (wheel) {
			app_select(t, wheel > 0 ? 1 : -1);
		} else if (ev.bstate & (BUTTON1_CLICKED | BUTTON1_PRESSED |
		    BUTTON1_DOUBLE_CLICKED)) {
			int again = t->focus == FOCUS_LIST && row == t->sel;

			t->focus = FOCUS_LIST;
			app_select_at(t, row);
			if (again || (ev.bstate & BUTTON1_DOUBLE_CLICKED))
				app_open_selected(t);
		}
		return;
	}
	if (t->view == VIEW_SEARCH && in_box(ev.y, ev.x, t->preview_y,
	    t->preview_x, t->preview_h, t->preview_w)) {
		t->focus = FOCUS_PREVIEW;
		if (wheel)
			app_scroll(t, wheel);
		return;
	}
	if (t->view == VIEW_SEARCH && ev.y == 0) {
		t->focus = FOCUS_SEARCH;
		return;
	}
	if (wheel) {
		app_scroll(t, wheel);
		return;
	}
	if (t->view == VIEW_ANSWER && ev.y >= t->body_y && ev.y < t->body_y +
	    t->body_h && (ev.bstate & (BUTTON1_CLICKED | BUTTON1_PRESSED))) {
		size_t i = t->scroll + (size_t)(ev.y - t->body_y);

		if (i < t->answer.nv && t->answer.v[i].related)
			app_follow_related(t, t->answer.v[i].related);
	}
}

/* Keys that edit the query: typed ahead, they share one search. */
static int
edits_query(enum action a)
{
	return a == DO_BACKSPACE || a == DO_DELETE_WORD || a == DO_CLEAR ||
	    a == DO_FOCUS_SEARCH || a == DO_ESCAPE;
}

static void
perform(struct tui *t, const struct key *k, wint_t code)
{
	/*
	 * Any other key acts on the results of the query as typed so far,
	 * never on those of an earlier one (Enter right after a paste).
	 */
	if (t->query_dirty && !edits_query(k->action))
		app_search_now(t);
	switch (k->action) {
	case DO_QUIT: t->quit = 1; break;
	case DO_HELP:
		t->view_before_help = t->view;
		t->view = VIEW_HELP;
		t->help_scroll = 0;
		break;
	case DO_CLOSE_HELP: t->view = t->view_before_help; break;
	case DO_NEXT_PANE: next_pane(t, 1); break;
	case DO_PREV_PANE: next_pane(t, -1); break;
	case DO_FOCUS_SEARCH:
		t->view = VIEW_SEARCH;
		t->focus = FOCUS_SEARCH;
		break;
	case DO_CLEAR:
		app_query_clear(t);
		t->view = VIEW_SEARCH;
		t->focus = FOCUS_SEARCH;
		break;
	case DO_BACKSPACE: app_query_backspace(t); break;
	case DO_DELETE_WORD: app_query_delete_word(t); break;
	case DO_ESCAPE: escape(t); break;
	case DO_UP: move_by(t, -1); break;
	case DO_DOWN: move_by(t, 1); break;
	case DO_PAGE_UP: move_by(t, -page(t)); break;
	case DO_PAGE_DOWN: move_by(t, page(t)); break;
	case DO_HOME: move_by(t, -1000000); break;
	case DO_END: move_by(t, 1000000); break;
	case DO_OPEN:
		if (t->view == VIEW_REVIEW)
			review_open(t);
		else
			app_open_selected(t);
		break;
	case DO_BACK: app_back(t); break;
	case DO_CHANNEL: app_cycle_channel(t); break;
	case DO_TRANSLATION: app_switch_language(t); break;
	case DO_LANG: app_cycle_lang(t); break;
	case DO_USED: export_mark_used(t); break;
	case DO_COPY: export_copy(t); break;
	case DO_PRINT: export_print(t); break;
	case DO_SAVE: export_save(t); break;
	case DO_RELATED: app_follow_related(t, (int)code - '0'); break;
	case DO_CONTRAST:
		t->high_contrast = !t->high_contrast;
		term_set_contrast(t->high_contrast);
		clearok(curscr, TRUE);
		app_set_message(t, 0, "High contrast %s", t->high_contrast ?
		    "on" : "off");
		break;
	case DO_REDRAW: clearok(curscr, TRUE); break;
	case DO_MOUSE: mouse(t); break;
	case DO_FLAG: export_flag_start(t); break;
	case DO_PROPOSE: propose_edit(t); break;
	case DO_PROPOSE_NEW: propose_new(t); break;
	case DO_APPROVE: review_approve(t); break;
	case DO_REJECT: review_reject(t); break;
	case DO_RESOLVE: review_resolve(t); break;
	case DO_UNSATISFIED: export_not_satisfied(t); break;
	}
}

/*
 * A pasted character: text for the search line (or the flag reason),
 * whatever it is; a pasted newline or tab is a space between words.
 */
static void
paste(struct tui *t, wint_t key, int function)
{
	if (function)
		return;
	if (key == '\n' || key == '\r' || key == '\t')
		key = ' ';
	if (!iswprint(key))
		return;
	if (t->prompt != PROMPT_NONE) {
		prompt_paste(t, key);
		return;
	}
	if (t->view != VIEW_SEARCH)
		return;		/* a paste is for the search line only */
	t->focus = FOCUS_SEARCH;
	app_query_insert(t, key);
}

void
keys_dispatch(struct tui *t, wint_t key, int function)
{
	enum where w = where_now(t);
	const struct key *k;

	if (function && key == KEY_RESIZE)
		return;		/* the next frame lays out for the new size */
	if (function && (key == TUI_KEY_PASTE_START ||
	    key == TUI_KEY_PASTE_END)) {
		t->pasting = key == TUI_KEY_PASTE_START;
		return;
	}
	if (t->pasting) {
		paste(t, key, function);
		return;
	}
	if (prompt_key(t, key, function))
		return;
	if ((k = find_key(w, key, function)) != NULL) {
		perform(t, k, key);
		return;
	}
	if (function || !iswprint((wint_t)key))
		return;
	/* Typing anywhere in the search view goes to the search line. */
	if (t->view == VIEW_SEARCH) {
		t->focus = FOCUS_SEARCH;
		app_query_insert(t, key);
	}
}

static const char *
where_label(unsigned where)
{
	static const struct {
		unsigned where;
		const char *label;
	} labels[] = {
		{ IN_ANY, "anywhere" },
		{ IN_SEARCH, "search line" },
		{ IN_LIST, "results" },
		{ IN_ANSWER, "answer" },
		{ IN_SEARCH | IN_LIST, "search, results" },
		{ IN_SEARCH | IN_LIST | IN_PREVIEW, "search view" },
		{ IN_PREVIEW | IN_ANSWER | IN_HELP, "text" },
		{ IN_BROWSE, "results, text" },
		{ IN_BROWSE | IN_HELP, "results, text" },
		{ IN_REVIEW, "review list" },
		{ IN_DIFF, "review diff" },
		{ IN_REVIEW | IN_DIFF, "kb review" },
		{ IN_ANY | IN_REVIEW | IN_DIFF, "anywhere" },
		{ IN_BROWSE | IN_REVIEW | IN_DIFF, "not in search" },
	};
	size_t i;

	for (i = 0; i < sizeof(labels) / sizeof(labels[0]); i++)
		if (labels[i].where == where)
			return labels[i].label;
	return "";
}

static void
push_line(char ***lines, size_t *n, const char *s, size_t len)
{
	*lines = realloc(*lines, (*n + 1) * sizeof(char *));
	if (*lines == NULL || ((*lines)[*n] = strndup(s, len)) == NULL)
		abort();
	(*n)++;
}

/* One key's line, its description wrapped under itself when long. */
static void
push_key(char ***lines, size_t *n, const struct key *k, int width)
{
	const int lead = 38;	/* label (20) and place (16) and spaces */
	const char *help = k->help;
	char buf[128];
	int room = width - lead > 20 ? width - lead : 20;

	snprintf(buf, sizeof(buf), "%-20s %-16s ", k->label,
	    where_label(k->where));
	for (;;) {
		size_t len = strlen(help), cut = len;
		char line[512];

		if ((int)len > room) {
			for (cut = (size_t)room; cut > 0 && help[cut] != ' ';
			    cut--)
				;
			if (cut == 0)
				cut = (size_t)room;
		}
		snprintf(line, sizeof(line), "%s%.*s", buf, (int)cut, help);
		push_line(lines, n, line, strlen(line));
		help += cut;
		while (*help == ' ')
			help++;
		if (*help == '\0')
			break;
		snprintf(buf, sizeof(buf), "%*s", lead, "");
	}
}

char **
keys_help_lines(size_t *n, int width)
{
	static const char title[] = "Keys (Esc, q, ? or F1 closes this help)";
	char **lines = NULL;
	size_t i;

	*n = 0;
	push_line(&lines, n, title, strlen(title));
	push_line(&lines, n, "", 0);
	for (i = 0; i < NKEYS; i++)
		if (keys[i].label != NULL)
			push_key(&lines, n, &keys[i], width);
	return lines;
}
