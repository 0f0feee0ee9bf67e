/*
 * The TUI's life: start, read keys, draw, keep the index current while
 * the agent is idle, and give the terminal back.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <kb/index.h>

#include "tui_private.h"

#define IDLE_MS 500		/* a read waits this long for a key */
#define REFRESH_SECONDS 2	/* how often an idle TUI looks for updates */

struct tui *
tui_new(struct kb *kb, const struct tui_options *opts)
{
	struct tui *t = calloc(1, sizeof(*t));
	const char *path = kb_path(kb), *base;
	size_t n;

	if (t == NULL)
		abort();
	t->kb = kb;
	t->opt = *opts;
	t->channel = opts->channel;
	t->high_contrast = opts->high_contrast;
	n = strlen(path);
	while (n > 1 && path[n - 1] == '/')
		n--;
	for (base = path + n; base > path && base[-1] != '/'; base--)
		;
	snprintf(t->kb_name, sizeof(t->kb_name), "%.*s",
	    (int)(path + n - base), base);
	if (kb_head(kb, t->head) < 0)
		t->head[0] = '\0';
	kb_sync_status(kb, &t->sync);
	snprintf(t->lang, sizeof(t->lang), "%s", opts->lang ? opts->lang : "");
	app_refresh_notices(t);
	term_set_contrast(t->high_contrast);
	if (opts->review) {
		t->view = VIEW_REVIEW;
		review_load(t);
	}
	return t;
}

void
tui_key(struct tui *t, wint_t key, int function)
{
	keys_dispatch(t, key, function);
}

void
tui_frame(struct tui *t)
{
	if (t->query_dirty)
		app_search_now(t);
	draw_frame(t);
}

void
tui_free(struct tui *t)
{
	int i;

	if (t == NULL)
		return;
	record_free(t);
	propose_free(t);
	review_free(t);
	free(t->reselect_id);
	kb_results_free(t->results);
	shown_clear(&t->answer);
	shown_clear(&t->preview);
	kb_notices_clear(&t->notices);
	for (i = 0; i < t->nback; i++)
		free(t->back[i]);
	free(t);
}

/*
 * Keys already typed are all applied before the next search, so a query
 * the next keystroke makes stale is never run.
 */
static void
read_keys(struct tui *t, time_t *last_refresh)
{
	wint_t ch;
	int rc;

	timeout(IDLE_MS);
	rc = get_wch(&ch);
	if (rc == ERR) {
		if (t->nqueued)
			record_flush(t, 0);
		if (time(NULL) - *last_refresh >= REFRESH_SECONDS) {
			app_refresh_kb(t);
			*last_refresh = time(NULL);
		}
		return;
	}
	tui_key(t, ch, rc == KEY_CODE_YES);
	nodelay(stdscr, TRUE);
	while (!t->quit && (rc = get_wch(&ch)) != ERR)
		tui_key(t, ch, rc == KEY_CODE_YES);
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
	if (kb_index_update(kb, 0, NULL, NULL, NULL) < 0)
		return -1;
	if (term_start() < 0)
		return kb_error_set(KB_ERROR, "cannot start the interactive "
		    "screen (is TERM set to a terminal this system knows?)");
	t = tui_new(kb, opts);
	while (!t->quit && !term_interrupted()) {
		tui_frame(t);
		read_keys(t, &last_refresh);
	}
	term_stop();
	/* The search in progress, and anything the log could not take. */
	record_search_end(t);
	rc = record_flush(t, 1);
	if (rc < 0)
		fprintf(stderr, "kb: %zu usage events could not be written: "
		    "%s\n", t->nqueued, kb_error_last());
	tui_free(t);
	return rc < 0 ? rc : 0;
}
