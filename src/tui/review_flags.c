/*
 * kb review: the open flags of the answer under review (kb/flags.h),
 * above its diff, so that the reviewer sees what agents said was wrong
 * with the text being changed; c closes one (or all of them), saying
 * why, as kb flag --close does.  Approving a change closes them anyway
 * (a fix): c is for a flag the change does not answer, or a flag that
 * was no problem.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <kb/flags.h>

#include "draw.h"
#include "view.h"
#include "xmalloc.h"

/* Flags listed under the heading; more are counted on the last row. */
#define FLAGS_LISTED 5

void
review_flags_free(struct tui *t)
{
	kb_flags_free(t->review.flags, t->review.nflags);
	t->review.flags = NULL;
	t->review.nflags = 0;
	free(t->review.closing);
	t->review.closing = NULL;
}

void
review_flags_load(struct tui *t, const char *answer)
{
	struct kb_flags_options o = { NULL, 0, 0, NULL, NULL };

	review_flags_free(t);
	o.answer = answer;
	if (kb_flags_list(&t->review.flags, &t->review.nflags, t->kb, &o) < 0)
		tui_say(t, 1, "The open flags could not be read: %s",
		    kb_error_last());
}

/* How many flags have a row (and a number to close them by). */
static size_t
listed(const struct tui *t)
{
	size_t n = t->review.nflags;

	return n <= FLAGS_LISTED ? n : FLAGS_LISTED - 1;
}

int
review_flags_rows(const struct tui *t)
{
	size_t n = t->review.nflags;

	if (n == 0)
		return 0;
	return 1 + (int)listed(t) + (n > listed(t));
}

static void
draw_flag(int y, int width, size_t i, const struct kb_flag *f)
{
	char line[600];

	snprintf(line, sizeof(line), "  %zu  %.10s  %s%s%s  %s%s", i + 1,
	    f->time, f->agent, f->office ? "@" : "", f->office ? f->office :
	    "", f->reason, f->state == KB_FLAG_AGAIN ? "  (again after a fix)" :
	    "");
	draw_words(y, 0, width, line, DRAW_ROLE(ROLE_ERROR));
}

int
review_flags_draw(const struct tui *t, int y, int width)
{
	size_t i, n = t->review.nflags, shown = listed(t);
	char line[300];
	int rows = 0;

	if (n == 0)
		return 0;
	snprintf(line, sizeof(line), "%zu open flag%s on %s (c closes %s, "
	    "saying why):", n, n == 1 ? "" : "s", t->review.flags[0].answer,
	    n == 1 ? "it" : "one");
	draw_words(y + rows++, 0, width, line, DRAW_ROLE(ROLE_ERROR) |
	    DRAW_BOLD);
	for (i = 0; i < shown; i++)
		draw_flag(y + rows++, width, i, &t->review.flags[i]);
	if (n > shown) {
		snprintf(line, sizeof(line), "  and %zu more (kb flags %s)",
		    n - shown, t->review.flags[0].answer);
		draw_words(y + rows++, 0, width, line, DRAW_ROLE(ROLE_DIM));
	}
	return rows;
}

static void
close_done(struct tui *t, const char *reason)
{
	char *what = t->review.closing, *answer;
	size_t closed = 0;

	t->review.closing = NULL;
	if (what == NULL || t->review.nflags == 0) {
		free(what);
		return;
	}
	answer = xstrdup(t->review.flags[0].answer);
	if (kb_flag_close(&closed, t->kb, what, reason, t->opt.office) < 0)
		tui_say(t, 1, "%s", kb_error_last());
	else {
		tui_say(t, 0, "Closed %zu flag%s on %s", closed, closed == 1 ?
		    "" : "s", answer);
		review_flags_load(t, answer);
	}
	free(answer);
	free(what);
}

/* Ask why, for the flag (its uid) or the answer's flags (its id). */
static void
ask_reason(struct tui *t, const char *what, const char *about)
{
	char q[400];

	free(t->review.closing);
	t->review.closing = xstrdup(what);
	snprintf(q, sizeof(q), "Close %s: why? (whoever flagged it sees it)",
	    about);
	prompt_text(t, q, close_done);
}

static int
which_choice(struct tui *t, int key)
{
	size_t n = listed(t);
	char about[200];

	t->prompt.kind = PROMPT_NONE;
	if (t->review.nflags == 0)
		return 1;
	if (key == 'a') {
		snprintf(about, sizeof(about), "the %zu open flags on %s",
		    t->review.nflags, t->review.flags[0].answer);
		ask_reason(t, t->review.flags[0].answer, about);
	} else if (key >= '1' && key < '1' + (int)n) {
		const struct kb_flag *f = &t->review.flags[key - '1'];

		snprintf(about, sizeof(about), "flag %d (%.60s)", key - '0',
		    f->reason);
		ask_reason(t, f->uid, about);
	} else
		tui_say(t, 0, "No flag closed");
	return 1;
}

void
review_flags_close(struct tui *t)
{
	char q[300];

	if (t->review.nflags == 0) {
		tui_say(t, 0, "No open flag on this answer");
		return;
	}
	if (t->review.nflags == 1) {
		ask_reason(t, t->review.flags[0].uid, "its open flag");
		return;
	}
	snprintf(q, sizeof(q), "Close which flag on %s? 1-%zu as listed, a: "
	    "all %zu; Esc: none", t->review.flags[0].answer, listed(t),
	    t->review.nflags);
	prompt_choice(t, q, which_choice);
}
