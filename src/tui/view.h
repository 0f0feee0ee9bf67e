/*
 * Views: the search (results and preview), an answer, the help, kb
 * review's list and a proposal's diff, each in its own file behind the
 * same operations, as tig's views are.
 *
 * A frame is laid out, then drawn: layout() loads what the frame needs
 * (searches, answers, lines at the width) and decides where things go;
 * draw() only puts that on the screen and changes nothing (it gets the
 * state const).  action() does the view's own actions and returns 0 for
 * the generic ones (quit, help, scrolling, finding: keys.c).
 */
#ifndef KB_TUI_VIEW_H
#define KB_TUI_VIEW_H

#include "tui_private.h"

struct view_ops {
	const char *name;
	/* Where the keys are now (one IN_* bit: keymap.h). */
	unsigned (*place)(const struct tui *t, const struct view *v);
	/* `rows` above the status line, `cols` wide. */
	void (*layout)(struct tui *t, struct view *v, int rows, int cols);
	void (*draw)(const struct tui *t, const struct view *v);
	/* 1 when the view did the action, 0: not its own. */
	int (*action)(struct tui *t, struct view *v, enum tui_action a,
	    int key);
	void (*mouse)(struct tui *t, struct view *v,
	    const struct tui_mouse *m);		/* may be NULL */
	/* The text that scrolls with the pager keys, or NULL. */
	struct tui_pager *(*pager)(struct view *v);
	/* Line i of that text, for finding (ctx: the view). */
	tui_line_fn *line;
	/* The KB changed (or a notice started or ended): show it now;
	 * -1 when what it showed is gone (it closes, if on top). */
	int (*reload)(struct tui *t, struct view *v);	/* may be NULL */
	void (*done)(struct view *v);
};

struct view {
	const struct view_ops *ops;
	void *state;			/* the view's own, freed by done() */
	int cursor_y, cursor_x;		/* set by layout(): where the real
					 * cursor goes, for screen readers */
};

/* view.c: the stack of views */
void view_push(struct tui *t, const struct view_ops *ops, void *state);
/* Close the view on top (never the last one). */
void view_pop(struct tui *t);
/* Back to the first view (kb review's list after a decision). */
void view_pop_to_first(struct tui *t);
struct view *view_top(const struct tui *t);
void view_free_all(struct tui *t);
/* Every view's reload(): the KB or the notices changed. */
void view_reload_all(struct tui *t);

/* The views, and how each is opened. */
void search_view_open(struct tui *t);
/* An answer from the results: a new chain of answers for "back". */
void answer_view_open(struct tui *t, const char *id);
void help_view_open(struct tui *t);
void review_view_open(struct tui *t);
void diff_view_open(struct tui *t);

#endif
