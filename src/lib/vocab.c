/* The vocabularies of the index: word and stem -> answer count. */
#include "vocab.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kb/error.h"
#include "xmalloc.h"

#define MAX_WORD 64		/* longer tokens are not words anyone types */

struct counting {
	struct vocab_seen *seen;
	struct strmap *counts;
	int sign;
};

static uint32_t *
seen_slot(struct vocab_seen *s, const char *w, size_t n)
{
	size_t i = (size_t)strmap_hash(w, n) & (s->cap - 1);

	while (s->slots[i]) {
		const char *k = s->arena + s->slots[i] - 1;

		if (strncmp(k, w, n) == 0 && k[n] == '\0')
			break;
		i = (i + 1) & (s->cap - 1);
	}
	return &s->slots[i];
}

static void
seen_grow(struct vocab_seen *s)
{
	uint32_t *old = s->slots;
	size_t old_cap = s->cap, i;

	s->cap = s->cap ? s->cap * 2 : 256;
	s->slots = xcalloc(s->cap, sizeof(*s->slots));
	for (i = 0; i < old_cap; i++)
		if (old[i]) {
			const char *k = s->arena + old[i] - 1;

			*seen_slot(s, k, strlen(k)) = old[i];
		}
	free(old);
}

/* 1 the first time an answer has this token. */
static int
seen_add(struct vocab_seen *s, const char *w, size_t n)
{
	uint32_t *slot;

	if (s->used * 2 >= s->cap)
		seen_grow(s);
	slot = seen_slot(s, w, n);
	if (*slot)
		return 0;
	/* Slots hold offsets, so the arena may move as it grows. */
	xgrow(&s->arena, &s->arena_cap, s->len + n + 1, 1);
	memcpy(s->arena + s->len, w, n);
	s->arena[s->len + n] = '\0';
	*slot = (uint32_t)(s->len + 1);
	s->len += n + 1;
	s->used++;
	return 1;
}

static void
seen_reset(struct vocab_seen *s)
{
	if (s->cap)
		memset(s->slots, 0, s->cap * sizeof(*s->slots));
	s->used = s->len = 0;
}

static void
on_token(const char *w, size_t n, size_t start, size_t end, void *payload)
{
	struct counting *c = payload;

	(void)start;
	(void)end;
	if (n <= MAX_WORD && seen_add(c->seen, w, n))
		*strmap_get(c->counts, w, n) += c->sign;
}

static void
count(struct vocab_delta *v, struct strmap *counts, struct fts_tokenizer *t,
    enum fts_tokenizer_kind kind, const char *const *texts, int sign)
{
	struct counting c = { &v->seen, counts, sign };
	int i;

	seen_reset(&v->seen);
	for (i = 0; texts[i]; i++)
		fts_tokenize(t, kind, texts[i], strlen(texts[i]), on_token, &c);
}

void
vocab_delta_answer(struct vocab_delta *v, struct fts_tokenizer *t,
    const char *title, const char *tags, const char *text, int sign)
{
	const char *words[] = { title, tags, NULL };
	const char *all[] = { title, tags, text ? text : "", NULL };

	count(v, &v->words, t, FTS_RAW, words, sign);
	count(v, &v->stems, t, FTS_STEMMED, all, sign);
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
	free(v->seen.arena);
	free(v->seen.slots);
	memset(&v->seen, 0, sizeof(v->seen));
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
