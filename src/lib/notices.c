/*
 * The KB's notices (notice.h): read from the index, where each update
 * keeps the notices that parse, and sorted for showing.  Whether one is
 * shown depends on the time, so it is decided here, at each call.
 */
#include "kb/notice.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "frontmatter.h"
#include "kb/error.h"
#include "kb_private.h"
#include "strlist.h"
#include "xmalloc.h"

void
kb_notices_clear(struct kb_notices *list)
{
	size_t i;

	for (i = 0; i < list->n; i++)
		kb_notice_free(list->v[i]);
	free(list->v);
	list->v = NULL;
	list->n = 0;
}

/* Most severe first, then the earliest start, then by id. */
static int
by_importance(const void *a, const void *b)
{
	const struct kb_notice *x = *(struct kb_notice *const *)a;
	const struct kb_notice *y = *(struct kb_notice *const *)b;
	int c;

	if (x->severity != y->severity)
		return x->severity > y->severity ? -1 : 1;
	if ((c = strcmp(x->from, y->from)) != 0)
		return c;
	return strcmp(x->id, y->id);
}

static int
load_all(struct kb_notices *out, struct kb *kb)
{
	sqlite3_stmt *st;
	size_t cap = 0;
	int rc;

	if ((rc = kb_index__refresh(kb)) < 0)
		return rc;
	rc = sqlite3_prepare_v2(kb->index->h, "SELECT path, version, text "
	    "FROM notice ORDER BY path", -1, &st, NULL);
	if (rc != SQLITE_OK)
		return kb_db__fail(kb->index, rc, "reading notices");
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct kb_notice *n = NULL;
		const char *text = (const char *)sqlite3_column_text(st, 2);

		if (kb_notice_parse(&n, (const char *)sqlite3_column_text(st,
		    0), text, (size_t)sqlite3_column_bytes(st, 2), NULL,
		    NULL) < 0)
			continue;
		snprintf(n->version, sizeof(n->version), "%s",
		    sqlite3_column_text(st, 1));
		xgrow(&out->v, &cap, out->n + 1, sizeof(*out->v));
		out->v[out->n++] = n;
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		kb_notices_clear(out);
		return kb_db__fail(kb->index, rc, "reading notices");
	}
	return 0;
}

/*
 * The tags a notice is matched against: the answer's own and, for a
 * translation, its source's, so that a caller in Spanish hears what a
 * caller in English hears even when the translation's tags are Spanish.
 */
static void
tags_for(struct kb *kb, const struct kb_answer *a, struct strlist *tags)
{
	sqlite3_stmt *st;
	size_t i, n;
	char **more;

	for (i = 0; i < a->ntags; i++)
		strlist_push(tags, xstrdup(a->tags[i]));
	if (a->translation_of == NULL || sqlite3_prepare_v2(kb->index->h,
	    "SELECT tags FROM answer WHERE id = ?", -1, &st, NULL) !=
	    SQLITE_OK)
		return;
	sqlite3_bind_text(st, 1, a->translation_of, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW) {
		more = kb_frontmatter__split_list(&n,
		    (const char *)sqlite3_column_text(st, 0));
		for (i = 0; i < n; i++)
			strlist_push(tags, more[i]);
		free(more);
	}
	sqlite3_finalize(st);
}

/* Keep the active notices (all of them with `all`) that apply to an
 * answer with `tags` (NULL: to anything), most important first. */
static void
filter(struct kb_notices *list, const char *now, const struct strlist *tags,
    int all)
{
	size_t i, kept = 0;

	for (i = 0; i < list->n; i++) {
		struct kb_notice *n = list->v[i];
		int keep = all || kb_notice_state_at(n, now) ==
		    KB_NOTICE_ACTIVE;

		if (keep && tags)
			keep = kb_notice_applies(n, tags->v, tags->n);
		if (keep)
			list->v[kept++] = n;
		else
			kb_notice_free(n);
	}
	list->n = kept;
	if (list->n > 1)
		qsort(list->v, list->n, sizeof(*list->v), by_importance);
}

/* The notices `filter` keeps, read at the time of the call. */
static int
collect(struct kb_notices *out, struct kb *kb, const struct kb_answer *a,
    int all)
{
	struct strlist tags = STRLIST_INIT;
	char now[KB_LOCAL_TIME_SIZE];
	int rc;

	memset(out, 0, sizeof(*out));
	if ((rc = load_all(out, kb)) < 0)
		return rc;
	if (a)
		tags_for(kb, a, &tags);
	kb_now_local(now);
	filter(out, now, a ? &tags : NULL, all);
	strlist_free(&tags);
	return 0;
}

int
kb_notices_list(struct kb_notices *out, struct kb *kb, unsigned flags)
{
	return collect(out, kb, NULL, (flags & KB_NOTICES_ALL) != 0);
}

int
kb_notices_for_answer(struct kb_notices *out, struct kb *kb,
    const struct kb_answer *a)
{
	return collect(out, kb, a, 0);
}

/* The tags of the answer `id` and of its source, from the index. */
static int
answer_tags(struct kb *kb, sqlite3_stmt *st, const char *id,
    struct strlist *out)
{
	int rc, col;

	sqlite3_reset(st);
	sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW)
		for (col = 0; col < 2; col++) {
			const char *list = (const char *)
			    sqlite3_column_text(st, col);
			size_t i, n;
			char **v;

			if (list == NULL)
				continue;
			v = kb_frontmatter__split_list(&n, list);
			for (i = 0; i < n; i++)
				strlist_push(out, v[i]);
			free(v);
		}
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return kb_db__fail(kb->index, rc, "reading the answers' tags");
	return 0;
}

int
kb_notice_tags_of(char ***tags, size_t *ntags, struct kb *kb,
    const char *const *ids, size_t nids)
{
	struct strlist out = STRLIST_INIT;
	sqlite3_stmt *st;
	size_t i;
	int rc;

	*tags = NULL;
	*ntags = 0;
	if ((rc = kb_index__open(kb)) < 0)
		return rc;
	rc = sqlite3_prepare_v2(kb->index->h, "SELECT a.tags, s.tags"
	    " FROM answer a LEFT JOIN answer s ON s.id = a.translation_of"
	    " WHERE a.id = ?", -1, &st, NULL);
	if (rc != SQLITE_OK)
		return kb_db__fail(kb->index, rc, "reading the answers' tags");
	for (i = 0, rc = 0; i < nids && rc == 0; i++)
		rc = answer_tags(kb, st, ids[i], &out);
	sqlite3_finalize(st);
	if (rc < 0) {
		strlist_free(&out);
		return rc;
	}
	*ntags = out.n;
	*tags = strlist_detach(&out);
	return 0;
}

void
kb_notice_tags_free(char **tags, size_t ntags)
{
	strlist_free_array(tags, ntags);
}

size_t
kb_notices_select(const struct kb_notice **out,
    const struct kb_notices *in_force, char *const *tags, size_t ntags)
{
	size_t i, n = 0;

	for (i = 0; i < in_force->n; i++)
		if (kb_notice_applies(in_force->v[i], tags, ntags))
			out[n++] = in_force->v[i];
	return n;
}
