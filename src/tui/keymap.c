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
	{ .code = 0, .label = "typing", .where = IN_SEARCH_VIEW,
	  .action = A_TYPE,
	  .help = "what the customer says: letters, digits and punctuation go "
	  "to the search line whichever pane has the focus; the results "
	  "follow every key" },
	{ .code = TK_UP, .label = "Up  Down", .where = IN_SEARCH | IN_LIST,
	  .action = A_UP, .help = "choose a result" },
	{ .code = TK_DOWN, .where = IN_SEARCH | IN_LIST, .action = A_DOWN },
	{ .code = TK_PGUP, .label = "PgUp  PgDn", .where = IN_SEARCH | IN_LIST,
	  .action = A_PAGE_UP,
	  .help = "choose a result a screenful up or down" },
	{ .code = TK_PGDN, .where = IN_SEARCH | IN_LIST,
	  .action = A_PAGE_DOWN },
	{ .code = TK_ENTER, .label = "Enter", .where = IN_SEARCH_VIEW,
	  .action = A_OPEN, .help = "open the chosen answer",
	  .hint = "Enter open", .priority = 1 },
	{ .code = TK_TAB, .label = "Tab  Shift-Tab", .where = IN_SEARCH_VIEW,
	  .action = A_NEXT_PANE,
	  .help = "the next or the previous pane: search line, results, "
	  "preview",
	  .hint = "Tab pane", .priority = 4 },
	{ .code = TK_BTAB, .where = IN_SEARCH_VIEW, .action = A_PREV_PANE },
	{ .code = TK_LEFT, .label = "Left  Right", .where = IN_SEARCH_VIEW,
	  .action = A_LINE_LEFT, .help = "move the cursor in the search line" },
	{ .code = TK_RIGHT, .where = IN_SEARCH_VIEW, .action = A_LINE_RIGHT },
	{ .code = TK_HOME, .label = "Home  End", .where = IN_SEARCH,
	  .action = A_LINE_HOME,
	  .help = "the start or the end of the search line" },
	{ .code = TK_END, .where = IN_SEARCH, .action = A_LINE_END },
	{ .code = TK_CTRL('A'), .label = "Ctrl-A  Ctrl-E",
	  .where = IN_SEARCH_VIEW, .action = A_LINE_HOME,
	  .help = "the same, as in a shell" },
	{ .code = TK_CTRL('E'), .where = IN_SEARCH_VIEW, .action = A_LINE_END },
	{ .code = TK_BACKSPACE, .label = "Backspace", .where = IN_SEARCH_VIEW,
	  .action = A_LINE_BACKSPACE,
	  .help = "delete the character before the cursor" },
	{ .code = TK_DELETE, .label = "Delete", .where = IN_SEARCH_VIEW,
	  .action = A_LINE_DELETE,
	  .help = "delete the character under the cursor" },
	{ .code = TK_CTRL('W'), .label = "Ctrl-W  Alt-Backspace",
	  .where = IN_SEARCH_VIEW, .action = A_LINE_DELETE_WORD,
	  .help = "delete the word before the cursor" },
	{ .code = TK_ALT_BACKSPACE, .where = IN_SEARCH_VIEW,
	  .action = A_LINE_DELETE_WORD },
	{ .code = TK_CTRL('U'), .label = "Ctrl-U", .where = IN_SEARCH_VIEW,
	  .action = A_LINE_CLEAR,
	  .help = "clear the search and start again (a new caller)" },
	{ .code = TK_ESC, .label = "Esc", .where = IN_SEARCH_VIEW,
	  .action = A_BACK,
	  .help = "from the results or the preview, back to the search line; "
	  "in the search line, clear it" },
	{ .code = TK_HOME, .label = "Home  End", .where = IN_LIST | IN_PREVIEW,
	  .action = A_FIRST,
	  .help = "the first or the last result; in the preview, the top or "
	  "the end of its text" },
	{ .code = TK_END, .where = IN_LIST | IN_PREVIEW, .action = A_LAST },
	{ .code = TK_UP, .label = "Up  Down", .where = IN_PREVIEW,
	  .action = A_UP, .help = "scroll the preview a line" },
	{ .code = TK_DOWN, .where = IN_PREVIEW, .action = A_DOWN },
	{ .code = TK_PGUP, .label = "PgUp  PgDn", .where = IN_PREVIEW,
	  .action = A_PAGE_UP, .help = "scroll the preview a page" },
	{ .code = TK_PGDN, .where = IN_PREVIEW, .action = A_PAGE_DOWN },
	{ .code = TK_F5, .label = "F5", .where = IN_SEARCH_VIEW,
	  .action = A_PROPOSE_NEW,
	  .help = "propose a new answer, when none fits" },

	/* Text that is read: an answer, a diff, the help. */
	{ .code = TK_UP, .label = "Up  Down  k  j", .where = IN_TEXT,
	  .action = A_UP, .help = "scroll a line" },
	{ .code = TK_DOWN, .where = IN_TEXT, .action = A_DOWN },
	{ .code = 'k', .where = IN_TEXT, .action = A_UP },
	{ .code = 'j', .where = IN_TEXT, .action = A_DOWN },
	{ .code = ' ', .label = "Space  PgDn  Ctrl-F", .where = IN_TEXT,
	  .action = A_PAGE_DOWN, .help = "a page down" },
	{ .code = TK_PGDN, .where = IN_TEXT, .action = A_PAGE_DOWN },
	{ .code = TK_CTRL('F'), .where = IN_TEXT, .action = A_PAGE_DOWN },
	{ .code = 'b', .label = "b  PgUp  Ctrl-B", .where = IN_TEXT,
	  .action = A_PAGE_UP, .help = "a page up" },
	{ .code = TK_PGUP, .where = IN_TEXT, .action = A_PAGE_UP },
	{ .code = TK_CTRL('B'), .where = IN_TEXT, .action = A_PAGE_UP },
	{ .code = TK_CTRL('D'), .label = "Ctrl-D  Ctrl-U", .where = IN_TEXT,
	  .action = A_HALF_DOWN, .help = "half a page down or up" },
	{ .code = TK_CTRL('U'), .where = IN_TEXT, .action = A_HALF_UP },
	{ .code = 'g', .label = "g  G  Home  End", .where = IN_TEXT,
	  .action = A_FIRST, .help = "the top or the end of the text" },
	{ .code = 'G', .where = IN_TEXT, .action = A_LAST },
	{ .code = TK_HOME, .where = IN_TEXT, .action = A_FIRST },
	{ .code = TK_END, .where = IN_TEXT, .action = A_LAST },
	{ .code = '/', .label = "/", .where = IN_TEXT, .action = A_FIND,
	  .help = "find text in it (letters of either case): type it, then "
	  "Enter",
	  .hint = "/ find", .priority = 7 },
	{ .code = 'n', .label = "n  N", .where = IN_TEXT, .action = A_FIND_NEXT,
	  .help = "the next or the previous line with the text found" },
	{ .code = 'N', .where = IN_TEXT, .action = A_FIND_PREV },
	{ .code = 'q', .label = "q  Esc", .where = IN_TEXT, .action = A_BACK,
	  .help = "back one level: from an answer to the one it was opened "
	  "from, or to the results; from a diff to the proposals; close the "
	  "help",
	  .hint = "q back", .priority = 1 },
	{ .code = TK_ESC, .where = IN_TEXT, .action = A_BACK },
	{ .code = -1, .where = IN_HELP, .action = A_NONE, .hint = "Esc close",
	  .priority = 1 },
	{ .code = TK_F1, .where = IN_HELP, .action = A_BACK },
	{ .code = '?', .where = IN_HELP, .action = A_BACK },

	/* An answer. */
	{ .code = TK_BACKSPACE, .label = "Backspace  h  Left",
	  .where = IN_ANSWER, .action = A_BACK, .help = "the same as q" },
	{ .code = 'h', .where = IN_ANSWER, .action = A_BACK },
	{ .code = TK_LEFT, .where = IN_ANSWER, .action = A_BACK },
	{ .code = '1', .label = "1 ... 9", .where = IN_ANSWER,
	  .action = A_RELATED, .help = "open related answer 1 to 9" },
	{ .code = 'c', .label = "c", .where = IN_ANSWER, .action = A_CHANNEL,
	  .help = "the channel: phone, email, walk-in, all (F2 too)",
	  .hint = "c channel", .priority = 8 },
	{ .code = 't', .label = "t", .where = IN_ANSWER,
	  .action = A_TRANSLATION,
	  .help = "the answer in its next language: its source, then its "
	  "translations" },
	{ .code = 'u', .label = "u", .where = IN_ANSWER, .action = A_USED,
	  .help = "mark it as used with this customer: logged once per "
	  "search, with the channel, the version and the search",
	  .hint = "u used", .priority = 3 },
	{ .code = 'y', .label = "y", .where = IN_ANSWER, .action = A_COPY,
	  .help = "copy it to send by email: the email wording with its "
	  "reference line, without staff-only notes; logged as used",
	  .hint = "y copy", .priority = 2 },
	{ .code = 'p', .label = "p", .where = IN_ANSWER, .action = A_PRINT,
	  .help = "print it for a walk-in customer (lpr), else save it; "
	  "logged as used",
	  .hint = "p print", .priority = 4 },
	{ .code = 's', .label = "s", .where = IN_ANSWER, .action = A_SAVE,
	  .help = "save it to a text file, walk-in wording; logged as used",
	  .hint = "s save", .priority = 10 },
	{ .code = 'f', .label = "f", .where = IN_ANSWER, .action = A_FLAG,
	  .help = "flag it: outdated, wrong, unclear, or say why",
	  .hint = "f flag", .priority = 6 },
	{ .code = 'x', .label = "x", .where = IN_ANSWER,
	  .action = A_UNSATISFIED,
	  .help = "log that the customer was not satisfied with it",
	  .hint = "x unsatisfied", .priority = 11 },
	{ .code = 'U', .label = "U", .where = IN_ANSWER, .action = A_UNDO,
	  .help = "undo the last use, flag or \"not satisfied\" logged, "
	  "within a minute",
	  .hint = "U undo", .priority = 12 },
	{ .code = 'e', .label = "e", .where = IN_ANSWER, .action = A_PROPOSE,
	  .help = "propose a change to it: it opens in your editor ($VISUAL, "
	  "$EDITOR, vi)" },
	{ .code = 'a', .label = "a", .where = IN_ANSWER,
	  .action = A_PROPOSE_NEW,
	  .help = "propose a new answer (or a notice: notices/ID)" },
	{ .code = '?', .label = "?", .where = IN_ANSWER, .action = A_HELP,
	  .help = "this help" },

	/* kb review: the proposals, one proposal's diff. */
	{ .code = TK_UP, .label = "Up  Down  k  j", .where = IN_REVIEW,
	  .action = A_UP, .help = "choose a proposal" },
	{ .code = TK_DOWN, .where = IN_REVIEW, .action = A_DOWN },
	{ .code = 'k', .where = IN_REVIEW, .action = A_UP },
	{ .code = 'j', .where = IN_REVIEW, .action = A_DOWN },
	{ .code = TK_PGUP, .label = "PgUp  PgDn", .where = IN_REVIEW,
	  .action = A_PAGE_UP, .help = "a screenful of proposals up or down" },
	{ .code = TK_PGDN, .where = IN_REVIEW, .action = A_PAGE_DOWN },
	{ .code = TK_HOME, .label = "Home  End  g  G", .where = IN_REVIEW,
	  .action = A_FIRST, .help = "the first or the last proposal" },
	{ .code = TK_END, .where = IN_REVIEW, .action = A_LAST },
	{ .code = 'g', .where = IN_REVIEW, .action = A_FIRST },
	{ .code = 'G', .where = IN_REVIEW, .action = A_LAST },
	{ .code = TK_ENTER, .label = "Enter", .where = IN_REVIEW,
	  .action = A_OPEN,
	  .help = "the proposal's changes against main, every file, long "
	  "lines wrapped, the changed words in reverse video",
	  .hint = "Enter diff", .priority = 1 },
	{ .code = 'a', .label = "a", .where = IN_REVIEW | IN_DIFF,
	  .action = A_APPROVE,
	  .help = "approve: merge it into main (REVIEWERS only); one that "
	  "changes other files too asks you to type yes",
	  .hint = "a approve", .priority = 2 },
	{ .code = 'r', .label = "r", .where = IN_REVIEW | IN_DIFF,
	  .action = A_REJECT, .help = "reject, with a reason the proposer sees",
	  .hint = "r reject", .priority = 3 },
	{ .code = 'e', .label = "e", .where = IN_REVIEW | IN_DIFF,
	  .action = A_RESOLVE,
	  .help = "after a conflict, make the result yourself: both versions "
	  "open in your editor; what you save is merged" },
	{ .code = 'c', .label = "c", .where = IN_DIFF, .action = A_CLOSE_FLAG,
	  .help = "close an open flag of the answer (listed above the diff), "
	  "or all of them, saying why (REVIEWERS only)" },
	{ .code = 'q', .label = "q", .where = IN_REVIEW, .action = A_QUIT,
	  .help = "quit", .hint = "q quit", .priority = 4 },

	/* Anywhere. */
	{ .code = TK_F2, .label = "F2", .where = IN_ANY, .action = A_CHANNEL,
	  .help = "the channel: phone, email, walk-in, all",
	  .hint = "F2 channel", .priority = 3 },
	{ .code = TK_F4, .label = "F4", .where = IN_ANY, .action = A_LANG,
	  .help = "the search language: all, or one language in turn" },
	{ .code = TK_F3, .label = "F3", .where = IN_ANY, .action = A_CONTRAST,
	  .help = "high contrast on or off" },
	{ .code = TK_F1, .label = "F1", .where = IN_ANY, .action = A_HELP,
	  .help = "this help; again to close it", .hint = "F1 help",
	  .priority = 5 },
	{ .code = TK_CTRL('L'), .label = "Ctrl-L", .where = IN_ANY,
	  .action = A_REDRAW,
	  .help = "redraw the screen; in kb review, read the proposals again" },
	{ .code = TK_CTRL('Z'), .label = "Ctrl-Z", .where = IN_ANY,
	  .action = A_SUSPEND,
	  .help = "suspend kb and go back to the shell; fg brings it back" },
	{ .code = TK_MOUSE, .label = "mouse", .where = IN_ANY,
	  .action = A_MOUSE,
	  .help = "click a result to choose it, again to open it; click a "
	  "related answer to open it; the wheel scrolls" },
	{ .code = TK_CTRL('C'), .label = "Ctrl-C", .where = IN_ANY,
	  .action = A_QUIT, .help = "quit", .hint = "^C quit", .priority = 6 },
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
