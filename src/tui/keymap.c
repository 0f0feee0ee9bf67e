/*
 * The key table (keymap.h).  Letters, digits and punctuation are keys
 * only where no line is typed into: the answer, the help, kb review.  In
 * the search view they are always text for the search line, so that no
 * query typed can log, flag, open an editor or quit.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "keymap.h"
#include "strlist.h"
#include "utf8.h"
#include "xmalloc.h"

#define HINTS_MAX 32

/* A hint shown in other places than the key works (0: where it works). */
struct hint_place {
	enum tui_action action;
	unsigned where;
};

static const struct tui_key keys[] = {
	/* The search view: typing, the results, the preview. */
	{ 0, "typing", IN_SEARCH_VIEW, A_TYPE,
	  "what the customer says: letters, digits and punctuation go to "
	  "the search line whichever pane has the focus; the results "
	  "follow every key", NULL, 0 },
	{ TK_UP, "Up  Down", IN_SEARCH | IN_LIST, A_UP, "choose a result",
	  NULL, 0 },
	{ TK_DOWN, NULL, IN_SEARCH | IN_LIST, A_DOWN, NULL, NULL, 0 },
	{ TK_PGUP, "PgUp  PgDn", IN_SEARCH | IN_LIST, A_PAGE_UP,
	  "choose a result a screenful up or down", NULL, 0 },
	{ TK_PGDN, NULL, IN_SEARCH | IN_LIST, A_PAGE_DOWN, NULL, NULL, 0 },
	{ TK_ENTER, "Enter", IN_SEARCH_VIEW, A_OPEN, "open the chosen answer",
	  "Enter open", 1 },
	{ TK_TAB, "Tab  Shift-Tab", IN_SEARCH_VIEW, A_NEXT_PANE,
	  "the next or the previous pane: search line, results, preview",
	  "Tab pane", 4 },
	{ TK_BTAB, NULL, IN_SEARCH_VIEW, A_PREV_PANE, NULL, NULL, 0 },
	{ TK_LEFT, "Left  Right", IN_SEARCH_VIEW, A_LINE_LEFT,
	  "move the cursor in the search line", NULL, 0 },
	{ TK_RIGHT, NULL, IN_SEARCH_VIEW, A_LINE_RIGHT, NULL, NULL, 0 },
	{ TK_HOME, "Home  End", IN_SEARCH, A_LINE_HOME,
	  "the start or the end of the search line", NULL, 0 },
	{ TK_END, NULL, IN_SEARCH, A_LINE_END, NULL, NULL, 0 },
	{ TK_CTRL('A'), "Ctrl-A  Ctrl-E", IN_SEARCH_VIEW, A_LINE_HOME,
	  "the same, as in a shell", NULL, 0 },
	{ TK_CTRL('E'), NULL, IN_SEARCH_VIEW, A_LINE_END, NULL, NULL, 0 },
	{ TK_BACKSPACE, "Backspace", IN_SEARCH_VIEW, A_LINE_BACKSPACE,
	  "delete the character before the cursor", NULL, 0 },
	{ TK_DELETE, "Delete", IN_SEARCH_VIEW, A_LINE_DELETE,
	  "delete the character under the cursor", NULL, 0 },
	{ TK_CTRL('W'), "Ctrl-W  Alt-Backspace", IN_SEARCH_VIEW,
	  A_LINE_DELETE_WORD, "delete the word before the cursor", NULL, 0 },
	{ TK_ALT_BACKSPACE, NULL, IN_SEARCH_VIEW, A_LINE_DELETE_WORD, NULL,
	  NULL, 0 },
	{ TK_CTRL('U'), "Ctrl-U", IN_SEARCH_VIEW, A_LINE_CLEAR,
	  "clear the search and start again (a new caller)", NULL, 0 },
	{ TK_ESC, "Esc", IN_SEARCH_VIEW, A_BACK, "from the results or the "
	  "preview, back to the search line; in the search line, clear it",
	  NULL, 0 },
	{ TK_HOME, "Home  End", IN_LIST | IN_PREVIEW, A_FIRST,
	  "the first or the last result; in the preview, the top or the "
	  "end of its text", NULL, 0 },
	{ TK_END, NULL, IN_LIST | IN_PREVIEW, A_LAST, NULL, NULL, 0 },
	{ TK_UP, "Up  Down", IN_PREVIEW, A_UP, "scroll the preview a line",
	  NULL, 0 },
	{ TK_DOWN, NULL, IN_PREVIEW, A_DOWN, NULL, NULL, 0 },
	{ TK_PGUP, "PgUp  PgDn", IN_PREVIEW, A_PAGE_UP,
	  "scroll the preview a page", NULL, 0 },
	{ TK_PGDN, NULL, IN_PREVIEW, A_PAGE_DOWN, NULL, NULL, 0 },
	{ TK_F5, "F5", IN_SEARCH_VIEW, A_PROPOSE_NEW,
	  "propose a new answer, when none fits", NULL, 0 },

	/* Text that is read: an answer, a diff, the help. */
	{ TK_UP, "Up  Down  k  j", IN_TEXT, A_UP, "scroll a line", NULL, 0 },
	{ TK_DOWN, NULL, IN_TEXT, A_DOWN, NULL, NULL, 0 },
	{ 'k', NULL, IN_TEXT, A_UP, NULL, NULL, 0 },
	{ 'j', NULL, IN_TEXT, A_DOWN, NULL, NULL, 0 },
	{ ' ', "Space  PgDn  Ctrl-F", IN_TEXT, A_PAGE_DOWN, "a page down",
	  NULL, 0 },
	{ TK_PGDN, NULL, IN_TEXT, A_PAGE_DOWN, NULL, NULL, 0 },
	{ TK_CTRL('F'), NULL, IN_TEXT, A_PAGE_DOWN, NULL, NULL, 0 },
	{ 'b', "b  PgUp  Ctrl-B", IN_TEXT, A_PAGE_UP, "a page up", NULL, 0 },
	{ TK_PGUP, NULL, IN_TEXT, A_PAGE_UP, NULL, NULL, 0 },
	{ TK_CTRL('B'), NULL, IN_TEXT, A_PAGE_UP, NULL, NULL, 0 },
	{ TK_CTRL('D'), "Ctrl-D  Ctrl-U", IN_TEXT, A_HALF_DOWN,
	  "half a page down or up", NULL, 0 },
	{ TK_CTRL('U'), NULL, IN_TEXT, A_HALF_UP, NULL, NULL, 0 },
	{ 'g', "g  G  Home  End", IN_TEXT, A_FIRST,
	  "the top or the end of the text", NULL, 0 },
	{ 'G', NULL, IN_TEXT, A_LAST, NULL, NULL, 0 },
	{ TK_HOME, NULL, IN_TEXT, A_FIRST, NULL, NULL, 0 },
	{ TK_END, NULL, IN_TEXT, A_LAST, NULL, NULL, 0 },
	{ '/', "/", IN_TEXT, A_FIND, "find text in it (letters of either "
	  "case): type it, then Enter", "/ find", 7 },
	{ 'n', "n  N", IN_TEXT, A_FIND_NEXT,
	  "the next or the previous line with the text found", NULL, 0 },
	{ 'N', NULL, IN_TEXT, A_FIND_PREV, NULL, NULL, 0 },
	{ 'q', "q  Esc", IN_TEXT, A_BACK, "back one level: from an answer to "
	  "the one it was opened from, or to the results; from a diff to "
	  "the proposals; close the help", "q back", 1 },
	{ TK_ESC, NULL, IN_TEXT, A_BACK, NULL, NULL, 0 },
	{ -1, NULL, IN_HELP, A_NONE, NULL, "Esc close", 1 },
	{ TK_F1, NULL, IN_HELP, A_BACK, NULL, NULL, 0 },
	{ '?', NULL, IN_HELP, A_BACK, NULL, NULL, 0 },

	/* An answer. */
	{ TK_BACKSPACE, "Backspace  h  Left", IN_ANSWER, A_BACK,
	  "the same as q", NULL, 0 },
	{ 'h', NULL, IN_ANSWER, A_BACK, NULL, NULL, 0 },
	{ TK_LEFT, NULL, IN_ANSWER, A_BACK, NULL, NULL, 0 },
	{ '1', "1 ... 9", IN_ANSWER, A_RELATED, "open related answer 1 to 9",
	  NULL, 0 },
	{ 'c', "c", IN_ANSWER, A_CHANNEL, "the channel: phone, email, "
	  "walk-in, all (F2 too)", "c channel", 8 },
	{ 't', "t", IN_ANSWER, A_TRANSLATION, "the answer in its next "
	  "language: its source, then its translations", NULL, 0 },
	{ 'u', "u", IN_ANSWER, A_USED, "mark it as used with this customer: "
	  "logged once per search, with the channel, the version and the "
	  "search", "u used", 3 },
	{ 'y', "y", IN_ANSWER, A_COPY, "copy it to send by email: the email "
	  "wording with its reference line, without staff-only notes; "
	  "logged as used", "y copy", 2 },
	{ 'p', "p", IN_ANSWER, A_PRINT, "print it for a walk-in customer "
	  "(lpr), else save it; logged as used", "p print", 4 },
	{ 's', "s", IN_ANSWER, A_SAVE, "save it to a text file, walk-in "
	  "wording; logged as used", "s save", 10 },
	{ 'f', "f", IN_ANSWER, A_FLAG, "flag it: outdated, wrong, unclear, "
	  "or say why", "f flag", 6 },
	{ 'x', "x", IN_ANSWER, A_UNSATISFIED, "log that the customer was not "
	  "satisfied with it", "x unsatisfied", 11 },
	{ 'U', "U", IN_ANSWER, A_UNDO, "undo the last use, flag or \"not "
	  "satisfied\" logged, within a minute", "U undo", 12 },
	{ 'e', "e", IN_ANSWER, A_PROPOSE, "propose a change to it: it opens "
	  "in your editor ($VISUAL, $EDITOR, vi)", NULL, 0 },
	{ 'a', "a", IN_ANSWER, A_PROPOSE_NEW, "propose a new answer (or a "
	  "notice: notices/ID)", NULL, 0 },
	{ '?', "?", IN_ANSWER, A_HELP, "this help", NULL, 0 },

	/* kb review: the proposals, one proposal's diff. */
	{ TK_UP, "Up  Down  k  j", IN_REVIEW, A_UP, "choose a proposal", NULL,
	  0 },
	{ TK_DOWN, NULL, IN_REVIEW, A_DOWN, NULL, NULL, 0 },
	{ 'k', NULL, IN_REVIEW, A_UP, NULL, NULL, 0 },
	{ 'j', NULL, IN_REVIEW, A_DOWN, NULL, NULL, 0 },
	{ TK_PGUP, "PgUp  PgDn", IN_REVIEW, A_PAGE_UP,
	  "a screenful of proposals up or down", NULL, 0 },
	{ TK_PGDN, NULL, IN_REVIEW, A_PAGE_DOWN, NULL, NULL, 0 },
	{ TK_HOME, "Home  End  g  G", IN_REVIEW, A_FIRST,
	  "the first or the last proposal", NULL, 0 },
	{ TK_END, NULL, IN_REVIEW, A_LAST, NULL, NULL, 0 },
	{ 'g', NULL, IN_REVIEW, A_FIRST, NULL, NULL, 0 },
	{ 'G', NULL, IN_REVIEW, A_LAST, NULL, NULL, 0 },
	{ TK_ENTER, "Enter", IN_REVIEW, A_OPEN, "the proposal's changes "
	  "against main, every file, long lines wrapped, the changed words "
	  "in reverse video", "Enter diff", 1 },
	{ 'a', "a", IN_REVIEW | IN_DIFF, A_APPROVE,
	  "approve: merge it into main (REVIEWERS only); one that changes "
	  "other files too asks you to type yes", "a approve", 2 },
	{ 'r', "r", IN_REVIEW | IN_DIFF, A_REJECT,
	  "reject, with a reason the proposer sees", "r reject", 3 },
	{ 'e', "e", IN_REVIEW | IN_DIFF, A_RESOLVE, "after a conflict, make "
	  "the result yourself: both versions open in your editor; what you "
	  "save is merged", NULL, 0 },
	{ 'c', "c", IN_DIFF, A_CLOSE_FLAG, "close an open flag of the answer "
	  "(listed above the diff), or all of them, saying why (REVIEWERS "
	  "only)", NULL, 0 },
	{ 'q', "q", IN_REVIEW, A_QUIT, "quit", "q quit", 4 },

	/* Anywhere. */
	{ TK_F2, "F2", IN_ANY, A_CHANNEL,
	  "the channel: phone, email, walk-in, all", "F2 channel", 3 },
	{ TK_F4, "F4", IN_ANY, A_LANG,
	  "the search language: all, or one language in turn", NULL, 0 },
	{ TK_F3, "F3", IN_ANY, A_CONTRAST, "high contrast on or off", NULL,
	  0 },
	{ TK_F1, "F1", IN_ANY, A_HELP, "this help; again to close it",
	  "F1 help", 5 },
	{ TK_CTRL('L'), "Ctrl-L", IN_ANY, A_REDRAW, "redraw the screen; in "
	  "kb review, read the proposals again", NULL, 0 },
	{ TK_CTRL('Z'), "Ctrl-Z", IN_ANY, A_SUSPEND, "suspend kb and go back "
	  "to the shell; fg brings it back", NULL, 0 },
	{ TK_MOUSE, "mouse", IN_ANY, A_MOUSE, "click a result to choose it, "
	  "again to open it; click a related answer to open it; the wheel "
	  "scrolls", NULL, 0 },
	{ TK_CTRL('C'), "Ctrl-C", IN_ANY, A_QUIT, "quit", "^C quit", 6 },
};

#define NKEYS (sizeof(keys) / sizeof(keys[0]))

/*
 * Hints shown only in some of the places where the key works: the
 * status line says what matters there, not everything that works.
 */
static const struct hint_place hint_places[] = {
	{ A_CHANNEL, IN_SEARCH_VIEW },		/* F2; c in an answer */
	{ A_QUIT, IN_SEARCH_VIEW | IN_REVIEW },	/* ^C; q in kb review */
	{ A_HELP, IN_SEARCH_VIEW | IN_ANSWER | IN_REVIEW | IN_DIFF },
	{ A_BACK, IN_ANSWER | IN_DIFF },
};

static unsigned
hint_where(const struct tui_key *k)
{
	size_t i;

	for (i = 0; i < sizeof(hint_places) / sizeof(hint_places[0]); i++)
		if (hint_places[i].action == k->action)
			return k->where & hint_places[i].where;
	return k->where;
}

const struct tui_key *
keymap_find(unsigned place, int code)
{
	size_t i;

	for (i = 0; i < NKEYS; i++) {
		const struct tui_key *k = &keys[i];

		if (!(k->where & place) || k->code == 0)
			continue;
		if (k->action == A_RELATED && code >= '1' && code <= '9')
			return k;
		if (k->code == code)
			return k;
	}
	return NULL;
}

const struct tui_key *
keymap_table(size_t *n)
{
	*n = NKEYS;
	return keys;
}

const char *
keymap_where_label(unsigned where)
{
	static const struct {
		unsigned where;
		const char *label;
	} labels[] = {
		{ IN_ANY, "anywhere" },
		{ IN_SEARCH_VIEW, "search view" },
		{ IN_SEARCH, "search line" },
		{ IN_SEARCH | IN_LIST, "search, results" },
		{ IN_LIST | IN_PREVIEW, "results, preview" },
		{ IN_PREVIEW, "preview" },
		{ IN_TEXT, "text" },
		{ IN_ANSWER, "answer" },
		{ IN_REVIEW, "review list" },
		{ IN_DIFF, "review diff" },
		{ IN_REVIEW | IN_DIFF, "kb review" },
	};
	size_t i;

	for (i = 0; i < sizeof(labels) / sizeof(labels[0]); i++)
		if (labels[i].where == where)
			return labels[i].label;
	return "";
}

static int
by_priority(const void *a, const void *b)
{
	const struct tui_key *x = *(const struct tui_key *const *)a;
	const struct tui_key *y = *(const struct tui_key *const *)b;

	if (x->priority != y->priority)
		return x->priority - y->priority;
	return x < y ? -1 : x > y;	/* the table's order */
}

size_t
keymap_hints(unsigned place, size_t cols, char *out, size_t size)
{
	const struct tui_key *cand[HINTS_MAX];
	size_t n = 0, i, used = 0, len = 0, w;

	for (i = 0; i < NKEYS && n < HINTS_MAX; i++)
		if (keys[i].hint && (hint_where(&keys[i]) & place))
			cand[n++] = &keys[i];
	qsort(cand, n, sizeof(cand[0]), by_priority);
	out[0] = '\0';
	for (i = 0; i < n; i++) {
		w = utf8_strwidth(cand[i]->hint) + (used ? 2 : 0);
		if (used + w > cols || len + w + 1 > size)
			continue;	/* the next, shorter one may fit */
		len += (size_t)snprintf(out + len, size - len, "%s%s",
		    used ? "  " : "", cand[i]->hint);
		used += w;
	}
	return used;
}

#define LABEL_COLS 22
#define WHERE_COLS 17
#define LEAD_COLS (LABEL_COLS + 1 + WHERE_COLS + 1)

/* One key's line, its description wrapped under itself when long. */
static void
push_key(struct strlist *lines, const struct tui_key *k, int width)
{
	const char *help = k->help;
	char lead[LEAD_COLS + 1], line[512];
	size_t room = width - LEAD_COLS > 20 ? (size_t)(width - LEAD_COLS) :
	    20, cut;

	snprintf(lead, sizeof(lead), "%-*s %-*s ", LABEL_COLS, k->label,
	    WHERE_COLS, keymap_where_label(k->where));
	while (*help) {
		size_t len = strlen(help);

		cut = len;
		if (utf8_strwidth(help) > room) {
			for (cut = room; cut > 0 && help[cut] != ' '; cut--)
				;
			if (cut == 0)
				cut = room;
		}
		snprintf(line, sizeof(line), "%s%.*s", lead, (int)cut, help);
		strlist_push(lines, xstrdup(line));
		help += cut;
		while (*help == ' ')
			help++;
		snprintf(lead, sizeof(lead), "%*s", LEAD_COLS, "");
	}
}

char **
keymap_help_lines(size_t *n, int width)
{
	struct strlist lines = STRLIST_INIT;
	size_t i;

	strlist_push(&lines,
	    xstrdup("Keys (Esc, q, ? or F1 closes this help)"));
	strlist_push(&lines, xstrdup(""));
	for (i = 0; i < NKEYS; i++)
		if (keys[i].label != NULL)
			push_key(&lines, &keys[i], width);
	*n = lines.n;
	return strlist_detach(&lines);
}
