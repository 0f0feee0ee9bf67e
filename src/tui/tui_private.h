/* The TUI's state and the functions its files share (see tui.h). */
#ifndef KB_TUI_PRIVATE_H
#define KB_TUI_PRIVATE_H

#include <curses.h>
#include <stddef.h>
#include <time.h>

#include <kb/notice.h>
#include <kb/proposal.h>
#include <kb/search.h>
#include <kb/sync.h>

#include "tui.h"

#define TUI_QUERY_MAX 512	/* bytes an agent can type */
#define TUI_RESULTS 50		/* hits fetched per keystroke */
#define TUI_BACK_MAX 32		/* answers remembered for "back" */
#define TUI_MIN_COLS 80
#define TUI_MIN_ROWS 24
#define TUI_BANNER_MAX 3	/* rows the notice banner takes at most */

/* Keys of our own (term.c defines their sequences): a paste's ends. */
#define TUI_KEY_PASTE_START (KEY_MAX + 1)
#define TUI_KEY_PASTE_END (KEY_MAX + 2)

enum tui_view { VIEW_SEARCH, VIEW_ANSWER, VIEW_HELP, VIEW_REVIEW, VIEW_DIFF };
enum tui_focus { FOCUS_SEARCH, FOCUS_LIST, FOCUS_PREVIEW };

/* What the screen shows, by role; term.c maps roles to attributes. */
enum tui_role {
	ROLE_NORMAL, ROLE_TITLE, ROLE_TAGS, ROLE_MATCH, ROLE_SELECTED,
	ROLE_STATUS, ROLE_BANNER, ROLE_OVERDUE, ROLE_HEADING, ROLE_EMPH,
	ROLE_STRONG, ROLE_CODE, ROLE_LINK, ROLE_CHANNEL, ROLE_DIM,
	ROLE_ERROR, ROLE_PROMPT, ROLE_ADDED, ROLE_REMOVED, ROLE_COUNT
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
	char **related_titles;	/* NULL entries: no such answer */
	char *standing;		/* "EXPIRED on ...", or NULL when in use */
	struct kb_notices notices; /* active ones that apply to it */
};

struct tui {
	struct kb *kb;
	struct tui_options opt;
	enum kb_channel channel;
	char kb_name[64];
	char head[KB_OID_HEX + 1];
	struct kb_sync_status sync;	/* an office: when it last synced */
	struct kb_notices notices;	/* active now: the banner */
	char lang[16];			/* search in this language, or "" */

	char query[TUI_QUERY_MAX];
	size_t qlen;
	int query_dirty;
	char searched[TUI_QUERY_MAX];	/* the query results are for */
	struct kb_results *results;
	size_t sel, top;
	char *reselect_id;		/* keep this hit chosen after an update */
	char search_error[160];

	enum tui_view view, view_before_help;
	enum tui_focus focus;
	struct shown answer;		/* the reader's answer */
	size_t scroll;
	char *back[TUI_BACK_MAX];	/* ids the reader came from */
	int nback;
	struct shown preview;		/* the selected hit, beside the list */
	size_t preview_scroll;
	size_t help_scroll, help_lines;

	char message[256];		/* confirmation on the status line */
	int message_is_error;
	time_t message_time;

	/* Screen geometry of the last frame, for the mouse. */
	int list_y, list_h, list_x, list_w;
	int preview_y, preview_h, preview_x, preview_w;
	int body_y, body_h;

	/* The usage log (record.c). */
	char session_query[TUI_QUERY_MAX]; /* the search being worked on */
	long session_hits;
	int session_used;		/* an answer was used for it */
	struct queued *queue;		/* events not written yet */
	size_t nqueued;

	/* A question on the status line (flag reasons). */
	enum { PROMPT_NONE, PROMPT_CHOICE, PROMPT_TEXT } prompt;
	char prompt_question[300];
	int (*prompt_on_choice)(struct tui *t, wint_t key);
	void (*prompt_on_text)(struct tui *t, const char *text);
	char prompt_text[200];
	/* The answer the question is about, whatever happens meanwhile. */
	char prompt_id[4 * KB_ID_MAX + 1];
	char prompt_version[KB_OID_HEX + 1];
	size_t prompt_len;
	int prompt_cursor;

	int pasting;			/* between a paste's two ends */

	/* kb review (review.c). */
	struct kb_proposal *props;	/* pending, the most used first */
	long *prop_uses;
	size_t nprops, psel;
	char *diff;			/* of the chosen one */
	size_t diff_lines;

	/* A proposal being written (propose.c). */
	char *draft_path;		/* the file in the agent's editor */
	char draft_id[4 * KB_ID_MAX + 1];

	int high_contrast;
	int quit;
};

/* term.c */
int term_start(void);
void term_stop(void);
void term_set_contrast(int high);
attr_t term_attr(enum tui_role role);
/* Around another program using the terminal (the editor). */
void term_suspend(void);
void term_resume(void);
/* Set by signal handlers: quit at the next chance. */
int term_interrupted(void);

/* keys.c */
void keys_dispatch(struct tui *t, wint_t key, int function);
/*
 * Lines of the help screen, from the key table, wrapped to `width`;
 * caller frees each and the array.
 */
char **keys_help_lines(size_t *n, int width);

/* app.c: what keys do */
void app_set_message(struct tui *t, int error, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
void app_search_now(struct tui *t);
void app_select(struct tui *t, long delta);
void app_select_at(struct tui *t, size_t index);
void app_open_selected(struct tui *t);
void app_open_id(struct tui *t, const char *id, int remember);
void app_back(struct tui *t);
void app_scroll(struct tui *t, long delta);
void app_cycle_channel(struct tui *t);
void app_follow_related(struct tui *t, int n);
void app_query_insert(struct tui *t, wint_t ch);
void app_query_backspace(struct tui *t);
void app_query_delete_word(struct tui *t);
void app_query_clear(struct tui *t);
void app_refresh_kb(struct tui *t);
/* Read the active notices again (they start and end by the clock). */
void app_refresh_notices(struct tui *t);
/* Open the answer's next language version (its source, translations). */
void app_switch_language(struct tui *t);
/* Search in the next language: all, then each one the KB has. */
void app_cycle_lang(struct tui *t);
/* The answer the action keys apply to: the open one, else the selected. */
const struct kb_answer *app_current_answer(struct tui *t);
void shown_clear(struct shown *s);
int shown_load(struct tui *t, struct shown *s, const char *id);
void shown_layout(struct tui *t, struct shown *s, unsigned width,
    enum kb_channel channel);

/* export.c: the answer leaves kb */
void export_copy(struct tui *t);
void export_print(struct tui *t);
void export_save(struct tui *t);
void export_mark_used(struct tui *t);
void export_not_satisfied(struct tui *t);
void export_flag_start(struct tui *t);

/* review.c: kb review */
void review_load(struct tui *t);
void review_free(struct tui *t);
void review_open(struct tui *t);
void review_approve(struct tui *t);
void review_reject(struct tui *t);
void review_resolve(struct tui *t);
void review_select(struct tui *t, long delta);
void review_draw_list(struct tui *t, int rows, int cols);
void review_draw_diff(struct tui *t, int rows, int cols);

/* propose.c: proposals from the screen */
void propose_edit(struct tui *t);
void propose_new(struct tui *t);
void propose_free(struct tui *t);
/* `text` edited in the agent's editor (NULL if that failed); caller frees. */
char *propose_edit_text(struct tui *t, const char *name, const char *text,
    size_t len, size_t *out_len);

/* prompt.c: a question on the status line */
void prompt_choice(struct tui *t, const char *question,
    int (*choice)(struct tui *t, wint_t key));
void prompt_text(struct tui *t, const char *question,
    void (*done)(struct tui *t, const char *text));
/* A key while a question is open: 1 when it took it. */
int prompt_key(struct tui *t, wint_t key, int function);
void prompt_paste(struct tui *t, wint_t key);

/* record.c: the usage log */
struct queued;
int record_use(struct tui *t, const struct kb_answer *a);
int record_flag(struct tui *t, const char *id, const char *version,
    const char *reason);
int record_unsatisfied(struct tui *t, const struct kb_answer *a);
void record_query_changed(struct tui *t);
void record_search_end(struct tui *t);
/* Write queued events: 0 when all are written. */
int record_flush(struct tui *t, int quitting);
void record_free(struct tui *t);

/* draw.c */
void draw_frame(struct tui *t);
/* A line of text, clipped to `cols`, controls shown as '?'. */
void draw_line_text(int y, int x, int cols, const char *text);
void draw_styled_line(int y, int x, int cols, const char *text, size_t len,
    const struct kb_span *spans, size_t nspans, attr_t base);

#endif
