/*
 * The agent's full-screen interface: search as you type, read an answer
 * for a channel, use it (copy, print, save), follow related answers.
 *
 * Everything it shows comes from libkb (search.h, present.h, render.h);
 * this layer only draws and reads keys.  tui_run() is what `kb` without a
 * command starts; tui_new()/tui_key()/tui_frame() let a benchmark drive
 * the same code on a terminal that is not there.
 */
#ifndef KB_TUI_H
#define KB_TUI_H

#include <wchar.h>

#include <kb/kb.h>
#include <kb/render.h>

struct tui_options {
	enum kb_channel channel;	/* KB_CHANNEL_NONE: every section */
	const char *agent;		/* shown on the status line */
	const char *office;		/* or NULL */
	const char *lang;		/* search in this language; NULL: all */
	int high_contrast;
	int review;			/* kb review: the proposals */
};

struct tui;

/* Run until the agent quits: 0, or non-zero on an error (message set). */
int tui_run(struct kb *kb, const struct tui_options *opts);

/* For benchmarks: the state over an already initialised curses screen. */
struct tui *tui_new(struct kb *kb, const struct tui_options *opts);
/* One key as wget_wch() returns it: `function` for KEY_* codes. */
void tui_key(struct tui *t, wint_t key, int function);
/* Search if the query changed, draw, and update the terminal. */
void tui_frame(struct tui *t);
void tui_free(struct tui *t);

#endif
