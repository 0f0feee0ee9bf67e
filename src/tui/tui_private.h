/*
 * The screen's state, one concern a member, and the calls its files
 * share (see tui.h for what the rest of kb sees).  No curses here: only
 * terminal.c, draw.c and input.c include it.
 *
 * Who calls whom (no circle): loop.c runs input.c, keys.c and frame.c;
 * keys.c sends a key's action to the view on top (view.h), then to the
 * generic handling; frame.c lays the view out, then draws it through
 * draw.c; the views use the model (model.h) and the actions below
 * (export.c, record.c, propose.c, review.c, prompt.c, session.c).
 */
#ifndef KB_TUI_PRIVATE_H
#define KB_TUI_PRIVATE_H

#include <stddef.h>
#include <time.h>

#include <kb/flags.h>
#include <kb/notice.h>
#include <kb/proposal.h>
#include <kb/search.h>
#include <kb/sync.h>

#include "keymap.h"
#include "model.h"
#include "tui.h"

#define TUI_MIN_COLS 80
#define TUI_MIN_ROWS 24
#define TUI_BANNER_MAX 3	/* rows the notice banner takes at most */
#define TUI_VIEWS_MAX 8

struct tui;
struct view;

/* A key, or a mouse event, as keys.c receives it (input.c makes it). */
struct tui_mouse {
	int y, x;
	int click;		/* button 1 pressed or clicked */
	int double_click;
	int wheel;		/* -1 up, 1 down, 0 none */
};

struct tui_event {
	int key;		/* a character or a TK_* code (keymap.h) */
	struct tui_mouse mouse;	/* when key is TK_MOUSE */
};

/* What the agent chose, and what the screen knows of the KB. */
struct tui_settings {
	enum kb_channel channel;	/* KB_CHANNEL_NONE: every section */
	char lang[16];			/* search in this language, or "" */
	int high_contrast;
	char kb_name[64];
	char head[KB_OID_HEX + 1];
	struct kb_sync_status sync;	/* an office: when it last synced */
	struct kb_notices notices;	/* in force now */
};

/* A question on the status line (prompt.c). */
enum prompt_kind { PROMPT_NONE, PROMPT_CHOICE, PROMPT_TEXT };

struct tui_prompt {
	enum prompt_kind kind;
	char question[400];
	int (*on_choice)(struct tui *t, int key);
	void (*on_text)(struct tui *t, const char *text);
	struct tui_query line;		/* what is typed */
	int arg;			/* what the question is for */
	/* The answer it is about, whatever happens meanwhile. */
	char id[4 * KB_ID_MAX + 1];
	char version[KB_OID_HEX + 1];
};

/* The views, the first at the bottom; the last is on the screen. */
struct tui_views {
	struct view *v[TUI_VIEWS_MAX];
	int n;
};

/* kb review: the pending proposals, the most used answers first. */
struct tui_review {
	struct kb_proposal *props;
	long *uses;			/* in the last 30 days */
	size_t n, sel;
	unsigned long long stamp;	/* kb_proposals_stamp() when loaded */
	/* A question open about a proposal: which one, at which tip, and
	 * the files besides its answer that approving it merges too. */
	char *asked;
	char asked_tip[KB_OID_HEX + 1];
	char **extra;
	size_t nextra;
	/* The open flags of the answer whose diff is shown, and the one
	 * (a uid, or the answer's id for all) c asked why about
	 * (review_flags.c). */
	struct kb_flag *flags;
	size_t nflags;
	char *closing;
};

/* A proposal being written in the agent's editor (propose.c). */
struct tui_draft {
	char *path;
	char id[4 * KB_ID_MAX + 1];
};

struct tui {
	struct kb *kb;
	struct tui_options opt;
	struct tui_settings set;
	struct tui_query query;		/* the search line */
	struct tui_list list;		/* its results */
	struct tui_log log;
	struct tui_message message;
	struct tui_prompt prompt;
	struct tui_views views;
	struct tui_review review;
	struct tui_draft draft;
	int pasting;			/* between a paste's two ends */
	int quit;
};

/* session.c: a confirmation or an error on the status line. */
void tui_say(struct tui *t, int error, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* keys.c: a key to its action, to the view, else the generic one. */
void keys_dispatch(struct tui *t, const struct tui_event *ev);

/* frame.c: lay the view on top out, draw it and the status line. */
void frame_draw(struct tui *t);

/* session.c: the KB, the channel, the language, the notices. */
void session_start(struct tui *t);
void session_free(struct tui *t);
/* The KB moved (a sync, an approval): search again, show new versions. */
void session_refresh_kb(struct tui *t);
void session_cycle_channel(struct tui *t);
void session_cycle_lang(struct tui *t);
/* The search as typed, if not run yet; 1 when the results changed. */
int session_search(struct tui *t);

/* record.c: what the agent logs, said on the status line */
void record_used(struct tui *t, const struct kb_answer *a);
void record_unsatisfied(struct tui *t, const struct kb_answer *a);
void record_flag(struct tui *t, const struct kb_answer *a);
void record_undo(struct tui *t);
/* After a copy, print or save: the use, said after what was done. */
void record_given(struct tui *t, const struct kb_answer *a,
    enum kb_channel channel);

/* export.c: the answer leaves kb (each logged as a use) */
void export_copy(struct tui *t, const struct kb_answer *a);
void export_print(struct tui *t, const struct kb_answer *a);
void export_save(struct tui *t, const struct kb_answer *a);

/* propose.c: proposals from the screen */
void propose_edit(struct tui *t, const struct kb_answer *a);
void propose_new(struct tui *t);
void propose_free(struct tui *t);
/* `text` edited in the agent's editor (NULL if that failed); caller frees. */
char *propose_edit_text(struct tui *t, const char *name, const char *text,
    size_t len, size_t *out_len);

/*
 * review.c: kb review's proposals and what the reviewer decides.  The
 * list is loaded again when proposals or main move (review_poll(), when
 * idle; Ctrl-L) and keeps the chosen proposal by name.  The decisions
 * act on a proposal by branch (NULL: the chosen one), so that a list
 * loaded again meanwhile never changes what is decided.
 */
void review_load(struct tui *t);
/* Load again when the proposals' stamp moved: 1 when it did. */
int review_sync(struct tui *t);
/* When idle: review_sync(), and the views shown again if it moved. */
void review_poll(struct tui *t);
/* Ctrl-L: load again whatever the stamp says. */
void review_refresh(struct tui *t);
void review_free(struct tui *t);
const struct kb_proposal *review_chosen(const struct tui *t);
/* The pending proposal on `branch`, or NULL when it is not waiting. */
const struct kb_proposal *review_find(const struct tui *t,
    const char *branch);
void review_select(struct tui *t, long delta);
/* Its diff as shown (extra files marked, safe for the screen), or NULL. */
char *review_diff(struct tui *t, const struct kb_proposal *p);
void review_approve(struct tui *t, const char *branch);
void review_reject(struct tui *t, const char *branch);
void review_resolve(struct tui *t, const char *branch);
#define REVIEW_EXTRA_MARK "EXTRA FILE"

/*
 * review_flags.c: the open flags of the answer under review, drawn above
 * its diff (review_flags_rows() rows from y; both 0 without a flag), and
 * c, which closes one or all, asking why.
 */
void review_flags_load(struct tui *t, const char *answer);
void review_flags_free(struct tui *t);
int review_flags_rows(const struct tui *t);
int review_flags_draw(const struct tui *t, int y, int width);
void review_flags_close(struct tui *t);

/* prompt.c: a question on the status line */
void prompt_choice(struct tui *t, const char *question,
    int (*choice)(struct tui *t, int key));
void prompt_text(struct tui *t, const char *question,
    void (*done)(struct tui *t, const char *text));
/* A key while a question is open: 1 when it took it. */
int prompt_key(struct tui *t, int key);
void prompt_paste(struct tui *t, int key);

#endif
