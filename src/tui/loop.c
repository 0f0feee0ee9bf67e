/*
 * The screen's life: start, read keys, draw, keep the index current
 * while the agent is idle, and give the terminal back.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <kb/index.h>

#include "draw.h"
#include "input.h"
#include "terminal.h"
#include "view.h"
#include "xmalloc.h"

#define IDLE_MS 500		/* a read waits this long for a key */
#define REFRESH_SECONDS 2	/* how often an idle screen looks for updates */

struct tui *
tui_new(struct kb *kb, const struct tui_options *opts)
{
	struct tui *t = xcalloc(1, sizeof(*t));

	t->kb = kb;
	t->opt = *opts;
	session_start(t);
	draw_set_contrast(t->set.high_contrast);
	if (opts->review)
		review_view_open(t);
	else
		search_view_open(t);
	return t;
}

void
tui_key(struct tui *t, wint_t key, int function)
{
	struct tui_event ev;

	input_translate(key, function, &ev);
	keys_dispatch(t, &ev);
}

void
tui_frame(struct tui *t)
{
	frame_draw(t);
}

void
tui_free(struct tui *t)
{
	if (t == NULL)
		return;
	propose_free(t);
	view_free_all(t);
	review_free(t);
	session_free(t);
	free(t);
}

/*
 * Keys already typed are all applied before the next frame, so a query
 * the next keystroke makes stale is never searched for.
 */
static void
read_keys(struct tui *t, time_t *last_refresh)
{
	struct tui_event ev;

	if (!input_read(IDLE_MS, &ev)) {
		if (t->log.nqueued)
			tui_log_flush(&t->log, t->kb, 0);
		if (time(NULL) - *last_refresh >= REFRESH_SECONDS) {
			session_refresh_kb(t);
			*last_refresh = time(NULL);
		}
		return;
	}
	keys_dispatch(t, &ev);
	while (!t->quit && input_read(0, &ev))
		keys_dispatch(t, &ev);
}

int
tui_run(struct kb *kb, const struct tui_options *opts)
{
	time_t last_refresh = time(NULL);
	struct tui *t;
	int rc;

	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO))
		return kb_error_set(KB_ERROR, "the interactive screen needs a "
		    "terminal (for scripts: kb search, kb show)");
	/* A new or moved KB is indexed before the screen opens. */
	if (kb_index_update(NULL, kb, 0, NULL, NULL) < 0)
		return -1;
	if (terminal_start() < 0)
		return kb_error_set(KB_ERROR, "cannot start the interactive "
		    "screen (is TERM set to a terminal this system knows?)");
	t = tui_new(kb, opts);
	while (!t->quit && !terminal_interrupted()) {
		tui_frame(t);
		read_keys(t, &last_refresh);
	}
	terminal_stop();
	/* The search in progress, and anything the log could not take. */
	tui_log_search_end(&t->log, kb, t->set.channel);
	rc = tui_log_flush(&t->log, kb, 1);
	if (rc < 0)
		fprintf(stderr, "kb: %zu usage events could not be written: "
		    "%s\n", t->log.nqueued, kb_error_last());
	tui_free(t);
	return rc < 0 ? rc : 0;
}
