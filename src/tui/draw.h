/*
 * Drawing: the only code that puts text on the screen (draw.c), and the
 * shared pieces every view uses: text, styled text, the notice banner,
 * the status line, a question on it.  Text is clipped by display
 * columns (wide characters count two) and never reaches the terminal
 * with a control character in it.
 *
 * A style is a set of roles (DRAW_ROLE(ROLE_TITLE) | ...), whose
 * attributes add up, and DRAW_BOLD or DRAW_REVERSE; draw.c gives each
 * role its attributes in colour, monochrome and high contrast.
 */
#ifndef KB_TUI_DRAW_H
#define KB_TUI_DRAW_H

#include <stddef.h>

#include <kb/notice.h>
#include <kb/render.h>

#include "model.h"

#define DRAW_ROLE(r) (1u << (r))
#define DRAW_BOLD (1u << 24)
#define DRAW_REVERSE (1u << 25)

/* The screen's size now. */
void draw_size(int *rows, int *cols);
/* A frame: begin() clears it, end() sends it with the cursor at y, x. */
void draw_begin(void);
void draw_end(int cursor_y, int cursor_x);
/* Roles' attributes: high contrast, or the usual ones. */
void draw_set_contrast(int high);
/* Everything again at the next frame (Ctrl-L, after another program). */
void draw_redraw(void);
/* 1 when line-drawing characters show (the agent's locale is UTF-8). */
int draw_utf8(void);

/* s[0..len) at y, x in at most `cols` columns; the columns used. */
int draw_text(int y, int x, int cols, const char *s, size_t len,
    unsigned style);
int draw_str(int y, int x, int cols, const char *s, unsigned style);
/* The same, cut between words, with "…" when something was left out. */
int draw_words(int y, int x, int cols, const char *s, unsigned style);
/* A line with style spans (sorted, not overlapping) over a base style. */
int draw_styled(int y, int x, int cols, const char *text, size_t len,
    const struct kb_span *spans, size_t nspans, unsigned base);
/* Blanks in a style (a bar across the row). */
void draw_fill(int y, int x, int cols, unsigned style);

/*
 * The notice banner: a row each, most severe first, at most `rows`; the
 * last row "+N more notices: kb notices" when `total` is more.
 */
void draw_banner(int y, int cols, const struct kb_notice *const *v,
    size_t shown, size_t total);

/* What the status line tells, each part drawn whole or not at all. */
struct draw_status {
	const char *message;	/* a confirmation or an error, or NULL */
	int message_error;
	const char *identity;	/* "kb@1234567 | Phone | alice@downtown" */
	const char *sync;	/* an office's last sync, or "" */
	int sync_stale;
	const char *position;	/* "more below, 37%", "end" or "" */
	const char *hints;	/* already fitted by the caller */
};

/*
 * The status line on row `y`; a message too long for it takes the rows
 * above as well, so that it is read whole.
 */
void draw_status(int y, int cols, const struct draw_status *s);
/* The columns the status line's fixed parts take (for the hints). */
int draw_status_width(const struct draw_status *s);

/*
 * A question on the status line and, for a text question, the line
 * typed: the question wraps to the rows above when it does not fit
 * beside the text, and the text scrolls to keep the cursor in view.
 * Returns the cursor's column on row y (its row is y).
 */
int draw_prompt(int y, int cols, const char *question,
    const struct tui_query *typed);

/* "kb needs 80x24 (now 60x20)". */
void draw_too_small(int rows, int cols, int min_rows, int min_cols);

#endif
