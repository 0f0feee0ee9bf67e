/*
 * The screen's session with the KB: its name and commit, an office's
 * last sync, the notices in force, the channel and the search language
 * the agent chose, and the search as typed.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <kb/index.h>
#include <kb/standing.h>

#include "view.h"

void
tui_say(struct tui *t, int error, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	tui_message_vset(&t->message, error, fmt, ap);
	va_end(ap);
}

static void
name_kb(struct tui *t)
{
	const char *path = kb_path(t->kb), *base;
	size_t n = strlen(path);

	while (n > 1 && path[n - 1] == '/')
		n--;
	for (base = path + n; base > path && base[-1] != '/'; base--)
		;
	snprintf(t->set.kb_name, sizeof(t->set.kb_name), "%.*s",
	    (int)(path + n - base), base);
}

static int
same_notices(const struct kb_notices *a, const struct kb_notices *b)
{
	size_t i;

	if (a->n != b->n)
		return 0;
	for (i = 0; i < a->n; i++)
		if (strcmp(a->v[i]->version, b->v[i]->version) != 0)
			return 0;
	return 1;
}

/* Read the notices in force again (they start and end by the clock). */
static int
refresh_notices(struct tui *t)
{
	struct kb_notices fresh;
	int changed;

	if (kb_notices_list(&fresh, t->kb, 0) < 0)
		return 0;	/* keep what is shown */
	changed = !same_notices(&fresh, &t->set.notices);
	kb_notices_clear(&t->set.notices);
	t->set.notices = fresh;
	return changed;
}

void
session_start(struct tui *t)
{
	t->set.channel = t->opt.channel;
	t->set.high_contrast = t->opt.high_contrast;
	snprintf(t->set.lang, sizeof(t->set.lang), "%s", t->opt.lang ?
	    t->opt.lang : "");
	name_kb(t);
	if (kb_head(t->set.head, t->kb) < 0)
		t->set.head[0] = '\0';
	kb_sync_status(&t->set.sync, t->kb);
	refresh_notices(t);
	t->log.agent = t->opt.agent;
	t->log.office = t->opt.office;
}

void
session_free(struct tui *t)
{
	kb_notices_clear(&t->set.notices);
	tui_list_free(&t->list);
	tui_log_free(&t->log);
}

void
session_refresh_kb(struct tui *t)
{
	int rc = kb_index_refresh(t->kb), notices;

	kb_sync_status(&t->set.sync, t->kb);
	notices = refresh_notices(t);
	if (t->opt.review)
		review_poll(t);	/* proposals that arrived or moved */
	if (rc <= 0) {
		/* A notice started or ended: the answers shown say so. */
		if (notices)
			view_reload_all(t);
		return;
	}
	if (kb_head(t->set.head, t->kb) < 0)
		t->set.head[0] = '\0';
	tui_list_invalidate(&t->list);
	view_reload_all(t);
	tui_say(t, 0, "The KB was updated (now %.7s)",
	    t->set.head);
}

void
session_cycle_channel(struct tui *t)
{
	static const enum kb_channel order[] = { KB_CHANNEL_PHONE,
	    KB_CHANNEL_EMAIL, KB_CHANNEL_WALKIN, KB_CHANNEL_NONE };
	size_t i;

	for (i = 0; i < 4 && order[i] != t->set.channel; i++)
		;
	t->set.channel = order[(i + 1) % 4];
	tui_say(t, 0, "Channel: %s", t->set.channel ==
	    KB_CHANNEL_NONE ? "all" : kb_channel_heading(t->set.channel));
}

/* Search in the next language: all, then each one the KB has. */
void
session_cycle_lang(struct tui *t)
{
	char **langs = NULL;
	size_t n = 0, i;

	if (kb_languages(&langs, &n, t->kb) < 0) {
		tui_say(t, 1, "%s", kb_error_last());
		return;
	}
	for (i = 0; i < n && strcmp(langs[i], t->set.lang) != 0; i++)
		;
	/* "" (all) -> the first; the last -> "" */
	if (t->set.lang[0] == '\0')
		i = 0;
	else
		i = i < n ? i + 1 : n;
	snprintf(t->set.lang, sizeof(t->set.lang), "%s", i < n ? langs[i] :
	    "");
	for (i = 0; i < n; i++)
		free(langs[i]);
	free(langs);
	tui_list_invalidate(&t->list);
	tui_say(t, 0, "Search language: %s",
	    t->set.lang[0] ? t->set.lang : "all");
}

/*
 * Keys typed ahead are all applied before the search runs, so a query
 * the next keystroke makes stale is never run; an action on the results
 * (Enter, Down) runs it first, so it acts on the query as typed.
 */
int
session_search(struct tui *t)
{
	t->query.dirty = 0;
	if (!tui_list_search(&t->list, t->kb, t->query.text, t->set.lang))
		return 0;
	tui_log_query(&t->log, t->kb, t->query.text, t->list.results,
	    t->set.channel);
	return 1;
}
