/*
 * Dates, replacements and translations between answers (standing.h):
 * questions about the links, answered from the index.
 */
#include "kb/standing.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "kb/clock.h"
#include "kb_private.h"
#include "standing_sql.h"
#include "strlist.h"
#include "xmalloc.h"

char *
kb_standing_sql__in_use(const char *alias, int today_param)
{
	return xasprintf("(%1$s.effective IS NULL OR %1$s.effective <= ?%2$d)"
	    " AND (%1$s.expires IS NULL OR %1$s.expires > ?%2$d)"
	    " AND NOT EXISTS (SELECT 1 FROM answer rep WHERE rep.replaces ="
	    " %1$s.id AND (rep.effective IS NULL OR rep.effective <= ?%2$d))",
	    alias, today_param);
}

/* The replacement of `id` in effect on `today`, if any. */
static int
replacement(struct kb *kb, const char *id, const char *today,
    char by[KB_ID_MAX + 1], char date[11])
{
	sqlite3_stmt *st;
	int rc, found = 0;

	rc = sqlite3_prepare_v2(kb->index->h, "SELECT id, effective FROM "
	    "answer WHERE replaces = ?1 AND (effective IS NULL OR effective "
	    "<= ?2) ORDER BY effective DESC, id LIMIT 1", -1, &st, NULL);
	if (rc != SQLITE_OK)
		return kb_db__fail(kb->index, rc, "reading replacements");
	sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, today, -1, SQLITE_STATIC);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *eff = (const char *)sqlite3_column_text(st, 1);

		snprintf(by, KB_ID_MAX + 1, "%s", sqlite3_column_text(st, 0));
		snprintf(date, 11, "%s", eff ? eff : "");
		found = 1;
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return kb_db__fail(kb->index, rc, "reading replacements");
	return found;
}

int
kb_answer_standing(struct kb_standing *out, struct kb *kb,
    const struct kb_answer *a)
{
	char today[11];
	int rc;

	memset(out, 0, sizeof(*out));
	kb_today(today);
	if (a->effective && strcmp(today, a->effective) < 0) {
		out->state = KB_STANDING_NOT_YET;
		snprintf(out->date, sizeof(out->date), "%s", a->effective);
		return 0;
	}
	if (a->expires && strcmp(today, a->expires) >= 0) {
		out->state = KB_STANDING_EXPIRED;
		snprintf(out->date, sizeof(out->date), "%s", a->expires);
		return 0;
	}
	if ((rc = kb_index__refresh(kb)) < 0 ||
	    (rc = replacement(kb, a->id, today, out->by, out->date)) < 0)
		return rc;
	if (rc == 1)
		out->state = KB_STANDING_REPLACED;
	return 0;
}

#define CHAIN_MAX 16	/* replacements followed at most (a loop stops) */

int
kb_answer_current_id(char **out, struct kb *kb, const char *id)
{
	char at[KB_ID_MAX + 1], by[KB_ID_MAX + 1], date[11], today[11];
	int rc, steps;

	*out = NULL;
	if ((rc = kb_index__refresh(kb)) < 0)
		return rc;
	kb_today(today);
	snprintf(at, sizeof(at), "%s", id);
	for (steps = 0; steps < CHAIN_MAX; steps++) {
		if ((rc = replacement(kb, at, today, by, date)) < 0)
			return rc;
		if (rc == 0 || strcmp(by, id) == 0)
			break;
		memcpy(at, by, sizeof(at));
	}
	*out = xstrdup(at);
	return 0;
}

void
kb_translations_free(struct kb_translation *v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		free(v[i].lang);
		free(v[i].id);
	}
	free(v);
}

/* The source of `id`'s family: its translation_of, else itself. */
static int
source_of(struct kb *kb, const char *id, char **out)
{
	sqlite3_stmt *st;
	int rc;

	*out = NULL;
	rc = sqlite3_prepare_v2(kb->index->h, "SELECT coalesce(translation_of,"
	    " id) FROM answer WHERE id = ?", -1, &st, NULL);
	if (rc != SQLITE_OK)
		return kb_db__fail(kb->index, rc, "reading translations");
	sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW)
		*out = xstrdup((const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	if (rc == SQLITE_DONE)
		return kb_error_set(KB_ENOTFOUND, "no answer '%s'", id);
	return rc == SQLITE_ROW ? 0 : kb_db__fail(kb->index, rc,
	    "reading translations");
}

int
kb_answer_translations(struct kb_translation **out, size_t *n, struct kb *kb,
    const char *id)
{
	sqlite3_stmt *st;
	char *source = NULL;
	size_t cap = 0;
	int rc;

	*out = NULL;
	*n = 0;
	if ((rc = kb_index__refresh(kb)) < 0 ||
	    (rc = source_of(kb, id, &source)) < 0)
		return rc;
	/* The source, the answers saying they translate it, and the ones
	 * it names: "es:x, fr:y" is matched as ", es:x, fr:y,". */
	rc = sqlite3_prepare_v2(kb->index->h, "SELECT id, lang FROM answer "
	    "WHERE id = ?1 OR translation_of = ?1 OR instr((SELECT ', ' || "
	    "translations || ',' FROM answer WHERE id = ?1), ', ' || lang || "
	    "':' || id || ',') > 0 ORDER BY id <> ?1, lang, id", -1, &st, NULL);
	if (rc != SQLITE_OK) {
		free(source);
		return kb_db__fail(kb->index, rc, "reading translations");
	}
	sqlite3_bind_text(st, 1, source, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		xgrow(out, &cap, *n + 1, sizeof(**out));
		(*out)[*n].id = xstrdup((const char *)sqlite3_column_text(st,
		    0));
		(*out)[*n].lang = xstrdup((const char *)sqlite3_column_text(st,
		    1));
		(*n)++;
	}
	sqlite3_finalize(st);
	free(source);
	if (rc != SQLITE_DONE) {
		kb_translations_free(*out, *n);
		*out = NULL;
		*n = 0;
		return kb_db__fail(kb->index, rc, "reading translations");
	}
	return 0;
}

int
kb_languages(char ***out, size_t *n, struct kb *kb)
{
	struct strlist list = STRLIST_INIT;
	sqlite3_stmt *st;
	int rc;

	*out = NULL;
	*n = 0;
	if ((rc = kb_index__refresh(kb)) < 0)
		return rc;
	rc = sqlite3_prepare_v2(kb->index->h, "SELECT DISTINCT lang FROM "
	    "answer ORDER BY lang", -1, &st, NULL);
	if (rc != SQLITE_OK)
		return kb_db__fail(kb->index, rc, "reading languages");
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		strlist_push(&list, xstrdup((const char *)
		    sqlite3_column_text(st, 0)));
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		strlist_free(&list);
		return kb_db__fail(kb->index, rc, "reading languages");
	}
	*n = list.n;
	*out = strlist_detach(&list);
	return 0;
}
