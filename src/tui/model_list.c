/*
 * The results of the search as typed, and the chosen one: the sure hits
 * first, then a row "not a sure match" that is not a result (the choice
 * moves over it), then the weaker hits.  Two rows a hit.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model.h"
#include "xmalloc.h"

/* After a KB update, the agent's choice stays chosen if it is still there. */
static void
reselect(struct tui_list *l)
{
	size_t i;

	if (l->reselect_id == NULL)
		return;
	for (i = 0; i < tui_list_count(l); i++)
		if (strcmp(l->results->hits[i].id, l->reselect_id) == 0)
			l->sel = i;
	free(l->reselect_id);
	l->reselect_id = NULL;
}

int
tui_list_search(struct tui_list *l, struct kb *kb, const char *query,
    const char *lang)
{
	struct kb_search_options opts = KB_SEARCH_OPTIONS_INIT;
	struct kb_results *r = NULL;

	if (l->fresh && strcmp(l->searched, query) == 0)
		return 0;
	snprintf(l->searched, sizeof(l->searched), "%s", query);
	l->fresh = 1;
	l->searches++;
	kb_results_free(l->results);
	l->results = NULL;
	l->sel = l->top = 0;
	l->error[0] = '\0';
	if (*query) {
		opts.limit = TUI_RESULTS;
		opts.no_refresh = 1;	/* the idle loop keeps it current */
		opts.lang = lang && *lang ? lang : NULL;
		if (kb_search(&r, kb, query, &opts) < 0)
			snprintf(l->error, sizeof(l->error), "%s",
			    kb_error_last());
		else
			l->results = r;
	}
	reselect(l);
	return 1;
}

void
tui_list_invalidate(struct tui_list *l)
{
	const struct kb_hit *h = tui_list_chosen(l);

	free(l->reselect_id);
	l->reselect_id = h ? xstrdup(h->id) : NULL;
	l->fresh = 0;
}

size_t
tui_list_count(const struct tui_list *l)
{
	return l->results ? l->results->nhits : 0;
}

size_t
tui_list_nsure(const struct tui_list *l)
{
	size_t n = tui_list_count(l);

	return l->results && l->results->nsure < n ? l->results->nsure : n;
}

const struct kb_hit *
tui_list_chosen(const struct tui_list *l)
{
	return l->sel < tui_list_count(l) ? &l->results->hits[l->sel] : NULL;
}

void
tui_list_select_at(struct tui_list *l, size_t index)
{
	size_t n = tui_list_count(l);

	if (n > 0)
		l->sel = index < n ? index : n - 1;
}

void
tui_list_select(struct tui_list *l, long delta)
{
	long n = (long)tui_list_count(l), s = (long)l->sel + delta;

	if (n > 0)
		tui_list_select_at(l, (size_t)(s < 0 ? 0 : s >= n ? n - 1 : s));
}

/* The separator is on screen: weaker hits, and not scrolled past. */
static int
separator_shown(const struct tui_list *l)
{
	return tui_list_nsure(l) < tui_list_count(l) &&
	    l->top <= tui_list_nsure(l);
}

int
tui_list_row(const struct tui_list *l, size_t i)
{
	return 2 * (int)(i - l->top) + (separator_shown(l) &&
	    i >= tui_list_nsure(l));
}

int
tui_list_separator_row(const struct tui_list *l)
{
	return separator_shown(l) ? 2 * (int)(tui_list_nsure(l) - l->top) :
	    -1;
}

long
tui_list_hit_at(const struct tui_list *l, int row)
{
	size_t i;

	for (i = l->top; i < tui_list_count(l) && tui_list_row(l, i) <= row;
	    i++)
		if (row < tui_list_row(l, i) + 2)
			return (long)i;
	return -1;
}

void
tui_list_keep_visible(struct tui_list *l, int height)
{
	int h = height >= 2 ? height : 2;

	if (l->sel < l->top)
		l->top = l->sel;
	while (l->top < l->sel && tui_list_row(l, l->sel) + 2 > h)
		l->top++;
}

void
tui_list_free(struct tui_list *l)
{
	kb_results_free(l->results);
	free(l->reselect_id);
	memset(l, 0, sizeof(*l));
}
