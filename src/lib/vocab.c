/* The vocabularies of the index: word and stem -> answer count. */
#include "vocab.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kb/error.h"
#include "xmalloc.h"

#define MAX_WORD 64		/* longer tokens are not words anyone types */

/* The distinct tokens of one answer, counted once however often seen. */
struct seen {
	struct strmap once;
	struct strmap *counts;
	int sign;
};

static void
on_token(const char *w, size_t n, size_t start, size_t end, void *payload)
{
	struct seen *s = payload;
	int64_t *mark;

	(void)start;
	(void)end;
	if (n > MAX_WORD)
		return;
	mark = strmap_get(&s->once, w, n);
	if (*mark)
		return;
	*mark = 1;
	*strmap_get(s->counts, w, n) += s->sign;
}

static void
count(struct strmap *counts, struct fts_tokenizer *t,
    enum fts_tokenizer_kind kind, const char *const *texts, int sign)
{
	struct seen s = { STRMAP_INIT, counts, sign };
	int i;

	for (i = 0; texts[i]; i++)
		fts_tokenize(t, kind, texts[i], strlen(texts[i]), on_token, &s);
	strmap_clear(&s.once);
}

void
vocab_delta_answer(struct vocab_delta *v, struct fts_tokenizer *t,
    const char *title, const char *tags, const char *text, int sign)
{
	const char *words[] = { title, tags, NULL };
	const char *all[] = { title, tags, text ? text : "", NULL };

	count(&v->words, t, FTS_RAW, words, sign);
	count(&v->stems, t, FTS_STEMMED, all, sign);
}

static void
merge_map(struct strmap *into, struct strmap *from)
{
	size_t i;

	for (i = 0; i < from->cap; i++)
		if (from->slots[i].key)
			*strmap_get(into, from->slots[i].key,
			    strlen(from->slots[i].key)) += from->slots[i].value;
	strmap_clear(from);
}

void
vocab_delta_merge(struct vocab_delta *into, struct vocab_delta *from)
{
	merge_map(&into->words, &from->words);
	merge_map(&into->stems, &from->stems);
}

void
vocab_delta_clear(struct vocab_delta *v)
{
	strmap_clear(&v->words);
	strmap_clear(&v->stems);
}

static int
write_map(struct db *db, const struct strmap *m, const char *table)
{
	sqlite3_stmt *up = NULL;
	char sql[160];
	size_t i;
	int rc;

	snprintf(sql, sizeof(sql), "INSERT INTO %s(term, df) VALUES(?1, ?2) "
	    "ON CONFLICT(term) DO UPDATE SET df = df + ?2", table);
	if ((rc = db_prepare(db, &up, sql)) < 0)
		return rc;
	for (i = 0; i < m->cap; i++) {
		const struct strmap_slot *slot = &m->slots[i];

		if (slot->key == NULL || slot->value == 0)
			continue;
		sqlite3_bind_text(up, 1, slot->key, -1, SQLITE_STATIC);
		sqlite3_bind_int64(up, 2, slot->value);
		rc = sqlite3_step(up);
		sqlite3_reset(up);
		if (rc != SQLITE_DONE) {
			rc = db_fail(db, rc, "updating the vocabulary");
			goto done;
		}
	}
	snprintf(sql, sizeof(sql), "DELETE FROM %s WHERE df <= 0", table);
	rc = db_exec(db, sql);
done:
	sqlite3_finalize(up);
	return rc;
}

int
vocab_delta_write(struct vocab_delta *v, struct db *db)
{
	int rc;

	if ((rc = write_map(db, &v->words, "vocab")) < 0)
		return rc;
	return write_map(db, &v->stems, "stems");
}
