/*
 * The notices that concern the call: the banner shows those for every
 * answer (no tags) and those about an answer on the screen, not every
 * notice everywhere (kb_notices_select() decides).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model.h"
#include "xmalloc.h"

static void
forget_tags(struct tui_banner *b)
{
	kb_notice_tags_free(b->tags, b->ntags);
	b->tags = NULL;
	b->ntags = 0;
}

static void
select_shown(struct tui_banner *b, const struct kb_notices *in_force)
{
	if (in_force->n + 1 > b->room) {
		free(b->shown);
		b->room = in_force->n + 1;
		b->shown = xcalloc(b->room, sizeof(*b->shown));
	}
	b->nshown = kb_notices_select(b->shown, in_force, b->tags, b->ntags);
}

static int
any_tagged(const struct kb_notices *in_force)
{
	size_t i;

	for (i = 0; i < in_force->n; i++)
		if (in_force->v[i]->ntags)
			return 1;
	return 0;
}

/*
 * The tags of `ids`, read again only when `key` says they changed, and
 * only when a notice in force has tags: else they decide nothing, and a
 * keystroke need not wait for them.
 */
static void
tags_of(struct tui_banner *b, struct kb *kb, const char *key,
    const char *const *ids, size_t nids, const struct kb_notices *in_force)
{
	int tagged = any_tagged(in_force);

	if (strcmp(b->key, key) == 0 && b->tags_read == tagged)
		return;
	forget_tags(b);
	snprintf(b->key, sizeof(b->key), "%s", key);
	b->tags_read = tagged;
	/* Without the tags, the untagged notices still show. */
	if (nids && tagged &&
	    kb_notice_tags_of(&b->tags, &b->ntags, kb, ids, nids) < 0)
		forget_tags(b);
}

void
tui_banner_for_results(struct tui_banner *b, struct kb *kb,
    const struct tui_list *l, const struct kb_notices *in_force)
{
	const char *ids[TUI_RESULTS];
	size_t n = tui_list_count(l), i;
	char key[32];

	snprintf(key, sizeof(key), "results %lu", l->searches);
	if (n > TUI_RESULTS)
		n = TUI_RESULTS;
	for (i = 0; i < n; i++)
		ids[i] = l->results->hits[i].id;
	tags_of(b, kb, key, ids, n, in_force);
	select_shown(b, in_force);
}

void
tui_banner_for_answer(struct tui_banner *b, struct kb *kb,
    const struct kb_answer *a, const struct kb_notices *in_force)
{
	const char *ids[1];
	char key[sizeof(b->key)];

	ids[0] = a ? a->id : "";
	snprintf(key, sizeof(key), "answer %s %.12s", ids[0],
	    a ? a->version : "");
	tags_of(b, kb, key, ids, a ? 1 : 0, in_force);
	select_shown(b, in_force);
}

void
tui_banner_free(struct tui_banner *b)
{
	forget_tags(b);
	free(b->shown);
	memset(b, 0, sizeof(*b));
}
