/* The vocabularies of the index: word and stem -> answer count. */
#include "vocab.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kb/error.h"
#include "tape.h"
#include "xmalloc.h"

#define MAX_WORD 64		/* longer tokens are not words anyone types */

struct counting {
	struct vocab_seen *seen;
	struct strmap *counts;
	struct tape *tape;	/* or NULL */
	int sign;
};

static size_t
seen_slot(struct vocab_seen *s, const char *w, size_t n, uint32_t hash)
{
	size_t i = hash & (s->cap - 1);

	while (s->slots[i]) {
		const char *k = s->arena + s->slots[i] - 1;

		if (s->hashes[i] == hash && strncmp(k, w, n) == 0 &&
		    k[n] == '\0')
			break;
		i = (i + 1) & (s->cap - 1);
	}
	return i;
}

static void
seen_grow(struct vocab_seen *s)
{
	uint32_t *old = s->slots, *old_hashes = s->hashes;
	size_t old_cap = s->cap, i, j;

	s->cap = s->cap ? s->cap * 2 : 256;
	s->slots = xcalloc(s->cap, sizeof(*s->slots));
	s->hashes = xcalloc(s->cap, sizeof(*s->hashes));
	for (i = 0; i < old_cap; i++)
		if (old[i]) {
			const char *k = s->arena + old[i] - 1;

			j = seen_slot(s, k, strlen(k), old_hashes[i]);
			s->slots[j] = old[i];
			s->hashes[j] = old_hashes[i];
		}
	free(old);
	free(old_hashes);
}

/* 1 the first time an answer has this token. */
static int
seen_add(struct vocab_seen *s, const char *w, size_t n, uint64_t hash)
{
	size_t i;

	if (s->used * 2 >= s->cap)
		seen_grow(s);
	i = seen_slot(s, w, n, (uint32_t)hash);
	if (s->slots[i])
		return 0;
	/* Slots hold offsets, so the arena may move as it grows. */
	xgrow(&s->arena, &s->arena_cap, s->len + n + 1, 1);
	memcpy(s->arena + s->len, w, n);
	s->arena[s->len + n] = '\0';
	s->slots[i] = (uint32_t)(s->len + 1);
	s->hashes[i] = (uint32_t)hash;
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
	uint64_t hash;

	if (c->tape)
		kb_tape__add(c->tape, w, n, start, end);
	if (n > MAX_WORD)
		return;
	hash = strmap_hash(w, n);
	if (seen_add(c->seen, w, n, hash))
		*strmap_get_hashed(c->counts, w, n, hash) += c->sign;
}

static void
count(struct vocab_delta *v, struct strmap *counts, struct fts_tokenizer *t,
    enum fts_tokenizer_kind kind, const char *const *texts,
    struct tape *tape, int sign)
{
	struct counting c = { &v->seen, counts, tape, sign };
	int i;

	seen_reset(&v->seen);
	for (i = 0; texts[i]; i++) {
		size_t len = strlen(texts[i]);

		if (tape)
			kb_tape__begin(tape, texts[i], len);
		kb_fts__tokenize(t, kind, texts[i], len, on_token, &c);
	}
}

void
kb_vocab__delta_answer(struct vocab_delta *v, struct tape *tape,
    struct fts_tokenizer *t, const char *title, const char *tags,
    const char *text, int sign)
{
	const char *words[] = { title, tags, NULL };
	const char *all[] = { title, tags, text ? text : "", NULL };

	count(v, &v->words, t, FTS_RAW, words, NULL, sign);
	count(v, &v->stems, t, FTS_STEMMED, all, tape, sign);
}

void
kb_vocab__delta_learned(struct vocab_delta *v, struct fts_tokenizer *t,
    const char *title, const char *tags, const char *text,
    const char *before, const char *after)
{
	const char *words_before[] = { title, tags, before ? before : "",
	    NULL };
	const char *words_after[] = { title, tags, after ? after : "", NULL };
	const char *all_before[] = { title, tags, text ? text : "",
	    before ? before : "", NULL };
	const char *all_after[] = { title, tags, text ? text : "",
	    after ? after : "", NULL };

	/* What the answer's own text gives counts -1 and +1: no change. */
	count(v, &v->words, t, FTS_RAW, words_before, NULL, -1);
	count(v, &v->words, t, FTS_RAW, words_after, NULL, 1);
	count(v, &v->stems, t, FTS_STEMMED, all_before, NULL, -1);
	count(v, &v->stems, t, FTS_STEMMED, all_after, NULL, 1);
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
kb_vocab__delta_merge(struct vocab_delta *into, struct vocab_delta *from)
{
	merge_map(&into->words, &from->words);
	merge_map(&into->stems, &from->stems);
}

void
kb_vocab__delta_clear(struct vocab_delta *v)
{
	strmap_clear(&v->words);
	strmap_clear(&v->stems);
	free(v->seen.arena);
	free(v->seen.slots);
	free(v->seen.hashes);
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
	if ((rc = kb_db__prepare(&up, db, sql)) < 0)
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
			rc = kb_db__fail(db, rc, "updating the vocabulary");
			goto done;
		}
	}
	snprintf(sql, sizeof(sql), "DELETE FROM %s WHERE df <= 0", table);
	rc = kb_db__exec(db, sql);
done:
	sqlite3_finalize(up);
	return rc;
}

int
kb_vocab__delta_write(struct vocab_delta *v, struct db *db)
{
	int rc;

	if ((rc = write_map(db, &v->words, "vocab")) < 0)
		return rc;
	return write_map(db, &v->stems, "stems");
}
