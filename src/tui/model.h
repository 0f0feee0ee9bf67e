/*
 * The screen's model: what the agent typed, what was found, the answer
 * read, where each text is scrolled, what is waiting for the usage log.
 *
 * Nothing here includes curses or draws: the views lay this state out
 * and draw.c puts it on the terminal.  tests/unit/test_tui_model.c drives
 * it without a terminal (the Makefile links these files without curses,
 * so a curses call here breaks the build).
 */
#ifndef KB_TUI_MODEL_H
#define KB_TUI_MODEL_H

#include <stdarg.h>
#include <stddef.h>
#include <time.h>
#include <wchar.h>

#include <kb/kb.h>
#include <kb/notice.h>
#include <kb/render.h>
#include <kb/search.h>
#include <kb/usage.h>

#include "strlist.h"

#define TUI_QUERY_MAX 512	/* bytes an agent can type in a line */
#define TUI_RESULTS 50		/* hits fetched per keystroke */
#define TUI_BACK_MAX 32		/* answers remembered for "back" */
#define TUI_MESSAGE_MAX 512	/* a confirmation or an error */
#define TUI_MESSAGE_SECONDS 8	/* how long it stays on the status line */
#define TUI_UNDO_SECONDS 60	/* how long a logged action can be undone */

/* --- the search line (and any line typed on the status line) ---------- */

/* A line being edited: UTF-8 text and the cursor, a byte offset in it. */
struct tui_query {
	char text[TUI_QUERY_MAX];
	size_t len;
	size_t cursor;
	int dirty;		/* changed since the last search */
};

/* Insert a character at the cursor; 0, or -1 when it does not fit. */
int tui_query_insert(struct tui_query *q, wint_t ch);
void tui_query_backspace(struct tui_query *q);
void tui_query_delete(struct tui_query *q);	/* the one at the cursor */
void tui_query_delete_word(struct tui_query *q); /* the word before it */
void tui_query_left(struct tui_query *q);
void tui_query_right(struct tui_query *q);
void tui_query_home(struct tui_query *q);
void tui_query_end(struct tui_query *q);
void tui_query_clear(struct tui_query *q);
void tui_query_set(struct tui_query *q, const char *text);
/*
 * Where the line starts to be shown in `cols` columns so that the cursor
 * is in view (a long line scrolls, as a shell's does): a byte offset,
 * and in *cursor_col the cursor's column from there.
 */
size_t tui_query_window(const struct tui_query *q, size_t cols,
    size_t *cursor_col);

/* --- the results --------------------------------------------------------- */

/*
 * The hits of the last search and the chosen one.  On screen a hit takes
 * two rows (title, snippet); when there are weaker hits a row "not a
 * sure match" comes before the first of them.
 */
struct tui_list {
	struct kb_results *results;	/* owned; NULL before a search */
	size_t sel, top;		/* chosen hit, first hit shown */
	char searched[TUI_QUERY_MAX];	/* the query they are for */
	int fresh;			/* 0: search again even if the same */
	char *reselect_id;		/* keep it chosen after an update */
	char error[160];		/* the search failed: why */
	unsigned long searches;		/* results replaced this many times */
};

/*
 * Search for `query` unless the results are for it already: 1 when it
 * searched (the results changed), else 0.  A failed search leaves no
 * results and its message in l->error.
 */
int tui_list_search(struct tui_list *l, struct kb *kb, const char *query,
    const char *lang);
/* The KB or the language changed: the next tui_list_search() runs. */
void tui_list_invalidate(struct tui_list *l);
size_t tui_list_count(const struct tui_list *l);
size_t tui_list_nsure(const struct tui_list *l);
const struct kb_hit *tui_list_chosen(const struct tui_list *l);
void tui_list_select(struct tui_list *l, long delta);
void tui_list_select_at(struct tui_list *l, size_t index);
/* The row of hit i from the list's first row (the separator counted). */
int tui_list_row(const struct tui_list *l, size_t i);
/* The separator's row, or -1 when it is not in view. */
int tui_list_separator_row(const struct tui_list *l);
/* The hit shown at `row`, or -1 (the separator, or nothing there). */
long tui_list_hit_at(const struct tui_list *l, int row);
/* Scroll so the chosen hit is whole in a list of `height` rows. */
void tui_list_keep_visible(struct tui_list *l, int height);
void tui_list_free(struct tui_list *l);

/* --- scrolling ------------------------------------------------------------ */

/* A text of `total` lines in a window of `height`, from line `top`. */
struct tui_scroll {
	size_t top, total, height;
};

void tui_scroll_size(struct tui_scroll *s, size_t total, size_t height);
void tui_scroll_by(struct tui_scroll *s, long delta);
/* Line `line` in view, at the top when it had to move. */
void tui_scroll_show(struct tui_scroll *s, size_t line);
/* A page (the height less one line) and half a page, at least 1. */
long tui_scroll_page(const struct tui_scroll *s);
long tui_scroll_half(const struct tui_scroll *s);
/*
 * The position, as less shows it: "more below, 37%" while text continues
 * under the window (the share of the text down to its last row), "end"
 * at the end of a text longer than the window, "" when it all fits.
 */
void tui_scroll_position(const struct tui_scroll *s, char *out,
    size_t size);

/* --- finding text in a text ------------------------------------------- */

#define TUI_FIND_MAX 128

/* Line i of a text (its bytes and length), for find. */
typedef const char *tui_line_fn(const void *ctx, size_t i, size_t *len);

struct tui_find {
	char text[TUI_FIND_MAX];	/* "" before the first find */
	size_t len;
	long line;			/* the current match, or -1 */
};

/* Where pat is in s[0..n), ASCII letters in either case: 1 and *at. */
int tui_find_in(const char *s, size_t n, const char *pat, size_t plen,
    size_t *at);
/*
 * The next line from `from` (itself included) that matches, going down
 * (dir 1) or up (dir -1), round the end of the text once; *wrapped says
 * it went round.  -1 when no line matches.
 */
long tui_find_next(const struct tui_find *f, tui_line_fn *line,
    const void *ctx, size_t nlines, size_t from, int dir, int *wrapped);
/* How many lines match, and in *nth the 1-based number of line `at`. */
size_t tui_find_count(const struct tui_find *f, tui_line_fn *line,
    const void *ctx, size_t nlines, size_t at, size_t *nth);

/* A text that scrolls and can be searched: the views' common part. */
struct tui_pager {
	struct tui_scroll scroll;
	struct tui_find find;
};

/* --- the status line's message ---------------------------------------- */

struct tui_message {
	char text[TUI_MESSAGE_MAX];
	int error;
	time_t when;
};

void tui_message_set(struct tui_message *m, int error, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
void tui_message_vset(struct tui_message *m, int error, const char *fmt,
    va_list ap) __attribute__((format(printf, 3, 0)));
/* Add to the message shown (its error state stays unless `error`). */
void tui_message_add(struct tui_message *m, int error, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* The message to show at `now`, or NULL once it is old. */
const char *tui_message_current(const struct tui_message *m, time_t now);

/* --- text cut only between words ---------------------------------------- */

/*
 * Bytes of the longest start of s[0..len) that fits in `cols` columns and
 * ends between words (a blank follows, or the text ends).  A first word
 * wider than `cols` is cut where it must: there is no other way.  Its
 * width goes to *width (may be NULL).
 */
size_t tui_fit_words(const char *s, size_t len, size_t cols, size_t *width);

/* Where a wrapped line starts and how long it is. */
struct tui_span_line {
	size_t start, len;
};

/*
 * s wrapped at `cols` columns between words: the first `max` lines go to
 * out[], and the return value is how many lines it takes.  Blanks where
 * a line breaks are dropped.
 */
size_t tui_wrap_words(const char *s, size_t cols, struct tui_span_line *out,
    size_t max);

/* --- an answer as the screen shows it ------------------------------------ */

/* What a piece of the screen is; draw.c gives each role its attributes. */
enum tui_role {
	ROLE_NORMAL, ROLE_TITLE, ROLE_TAGS, ROLE_MATCH, ROLE_SELECTED,
	ROLE_STATUS, ROLE_BANNER, ROLE_OVERDUE, ROLE_HEADING, ROLE_EMPH,
	ROLE_STRONG, ROLE_CODE, ROLE_LINK, ROLE_CHANNEL, ROLE_DIM,
	ROLE_ERROR, ROLE_PROMPT, ROLE_ADDED, ROLE_REMOVED, ROLE_STAFF,
	ROLE_COUNT
};

/* One line of an answer as the reader shows it. */
struct view_line {
	const char *text;	/* borrowed from `lines` or owned below */
	size_t len;
	const struct kb_span *spans;
	size_t nspans;
	char *owned;
	enum tui_role role;
	enum kb_channel channel; /* a channel section: marked in the gutter */
	int related;		/* 1-based related answer on this line, or 0 */
};

/* An answer loaded, rendered and laid out at one width and channel. */
struct shown {
	struct kb_answer *answer;
	struct kb_doc *doc;
	struct kb_lines *lines;
	struct view_line *v;
	size_t nv;
	unsigned width;
	enum kb_channel channel;
	size_t channel_line;	/* where the channel's own wording starts */
	char **related_titles;	/* NULL entries: no such answer */
	char *standing;		/* "EXPIRED on ...", or NULL when in use */
	struct kb_notices notices; /* active ones that apply to it */
};

/* Load answer `id` (the previous one is cleared only on success). */
int shown_load(struct shown *s, struct kb *kb, const char *id);
/*
 * Lay it out for `width` columns and `channel` (nothing to do when it is
 * laid out so already): the meta lines, the notices about it, then the
 * channel's own wording first when it has a section for the channel,
 * then the rest of the text, then the related answers.
 */
void shown_layout(struct shown *s, unsigned width, enum kb_channel channel);
void shown_clear(struct shown *s);
/* Line i's text, as tui_line_fn (ctx: the struct shown). */
const char *shown_line(const void *ctx, size_t i, size_t *len);

/* --- the notices that concern the call -------------------------------- */

/*
 * The banner: of the notices in force, those without tags and those
 * sharing a tag with an answer on the screen (the results listed, or the
 * open answer), not every notice everywhere.  The answers' tags are read
 * again only when what is on the screen changed.
 */
struct tui_banner {
	char **tags;			/* of the answers on the screen */
	size_t ntags;
	char key[4 * KB_ID_MAX + 32];	/* what they are the tags of */
	int tags_read;			/* 0: no notice had tags to match */
	const struct kb_notice **shown;	/* borrowed from the notices */
	size_t nshown, room;
};

void tui_banner_for_results(struct tui_banner *b, struct kb *kb,
    const struct tui_list *l, const struct kb_notices *in_force);
void tui_banner_for_answer(struct tui_banner *b, struct kb *kb,
    const struct kb_answer *a, const struct kb_notices *in_force);
void tui_banner_free(struct tui_banner *b);

/* --- the usage log ------------------------------------------------------- */

struct tui_queued;

/* An action the agent logged, so that it can be undone for a minute. */
struct tui_logged {
	enum kb_event_kind kind;	/* use, flag or unsatisfied */
	char answer[4 * KB_ID_MAX + 1];
	char what[160];			/* "use of ID (phone)" */
	time_t when;
	unsigned long seq;		/* its event, while still queued */
};

#define TUI_LOGGED_MAX 16	/* actions remembered for undo */

/*
 * A search "session" runs from the first key typed until the query is
 * empty again (or kb quits): answers used in it are logged once each; if
 * none was used it is logged as a search with its last query.  Events the
 * log cannot take yet (another writer) wait here, oldest first.
 */
struct tui_log {
	const char *agent, *office;	/* borrowed: the options' */
	char query[TUI_QUERY_MAX];	/* the search being worked on */
	long hits, sure;
	int used;			/* an answer was used for it */
	struct strlist ids;		/* the answers used for it */
	struct tui_queued *queue;
	size_t nqueued;
	struct tui_logged logged[TUI_LOGGED_MAX];	/* the last is newest */
	size_t nlogged;
};

/*
 * Answer `a` given to the customer on `channel`: 1 when it was logged
 * for this search already (nothing written), else as tui_log_flush().
 */
int tui_log_use(struct tui_log *log, struct kb *kb, const struct kb_answer *a,
    enum kb_channel channel);
int tui_log_flag(struct tui_log *log, struct kb *kb, const char *id,
    const char *version, const char *reason, enum kb_channel channel);
int tui_log_unsatisfied(struct tui_log *log, struct kb *kb,
    const struct kb_answer *a, enum kb_channel channel);
/* The query is now `query` with these results ("" ends the search). */
void tui_log_query(struct tui_log *log, struct kb *kb, const char *query,
    const struct kb_results *r, enum kb_channel channel);
/* The search ends (cleared, or kb quits): logged if nothing was used. */
void tui_log_search_end(struct tui_log *log, struct kb *kb,
    enum kb_channel channel);
/* Write what is queued, oldest first: 0 when all is written. */
int tui_log_flush(struct tui_log *log, struct kb *kb, int quitting);
/*
 * Undo the last use, flag or "not satisfied" the agent logged, if less
 * than TUI_UNDO_SECONDS old at `now` (again: the one before it): 0 and
 * what was undone in `what` ("use of ID (phone)"), KB_ENOTFOUND when
 * there is nothing to undo, or another error.  An event not written yet
 * is dropped; a written one is undone by kb_usage_undo_last(), which
 * adds an undo event to the log (it never deletes).  An undone use no
 * longer counts for the search: u logs it again.
 */
int tui_log_undo(struct tui_log *log, struct kb *kb, time_t now, char *what,
    size_t size);
void tui_log_free(struct tui_log *log);

#endif
