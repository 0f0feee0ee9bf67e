/* The vocabulary of titles and tags, kept as word -> answer count. */
#include "vocab.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "kb/error.h"
#include "strlist.h"
#include "xmalloc.h"

#define MAX_WORD 64		/* longer tokens are not words anyone types */

struct slot {
	char *word;
	int delta;
};

struct vocab_delta {
	struct slot *slots;
	size_t cap;		/* a power of two */
	size_t used;
};

struct vocab_delta *
vocab_delta_new(void)
{
	struct vocab_delta *v = xcalloc(1, sizeof(*v));

	v->cap = 1024;
	v->slots = xcalloc(v->cap, sizeof(*v->slots));
	return v;
}

void
vocab_delta_free(struct vocab_delta *v)
{
	size_t i;

	if (v == NULL)
		return;
	for (i = 0; i < v->cap; i++)
		free(v->slots[i].word);
	free(v->slots);
	free(v);
}

static uint64_t
hash(const char *s, size_t n)
{
	uint64_t h = 1469598103934665603ULL;	/* FNV-1a */

	while (n--) {
		h ^= (unsigned char)*s++;
		h *= 1099511628211ULL;
	}
	return h;
}

static struct slot *
find_slot(struct slot *slots, size_t cap, const char *w, size_t n)
{
	size_t i = (size_t)hash(w, n) & (cap - 1);

	while (slots[i].word && (strncmp(slots[i].word, w, n) != 0 ||
	    slots[i].word[n] != '\0'))
		i = (i + 1) & (cap - 1);
	return &slots[i];
}

static void
rehash(struct vocab_delta *v)
{
	size_t cap = v->cap * 2, i;
	struct slot *slots = xcalloc(cap, sizeof(*slots));

	for (i = 0; i < v->cap; i++)
		if (v->slots[i].word)
			*find_slot(slots, cap, v->slots[i].word,
			    strlen(v->slots[i].word)) = v->slots[i];
	free(v->slots);
	v->slots = slots;
	v->cap = cap;
}

static void
add(struct vocab_delta *v, const char *w, size_t n, int delta)
{
	struct slot *s;

	if (v->used * 2 >= v->cap)
		rehash(v);
	s = find_slot(v->slots, v->cap, w, n);
	if (s->word == NULL) {
		s->word = xstrndup(w, n);
		v->used++;
	}
	s->delta += delta;
}

struct words {
	char seen[32][MAX_WORD + 1];	/* distinct words so far, small case */
	int nseen;
	struct vocab_delta *v;
	int sign;
};

/* Count each word once per answer, however often it appears. */
static void
on_word(const char *w, size_t n, size_t start, size_t end, void *payload)
{
	struct words *ws = payload;
	int i;

	(void)start;
	(void)end;
	if (n > MAX_WORD)
		return;
	for (i = 0; i < ws->nseen; i++)
		if (strncmp(ws->seen[i], w, n) == 0 && ws->seen[i][n] == '\0')
			return;
	if (ws->nseen < 32) {
		memcpy(ws->seen[ws->nseen], w, n);
		ws->seen[ws->nseen++][n] = '\0';
	}
	add(ws->v, w, n, ws->sign);
}

void
vocab_delta_answer(struct vocab_delta *v, struct fts_tokenizer *t,
    const char *title, const char *tags, int sign)
{
	struct words ws;

	ws.nseen = 0;
	ws.v = v;
	ws.sign = sign;
	fts_tokenize(t, FTS_RAW, title, strlen(title), on_word, &ws);
	fts_tokenize(t, FTS_RAW, tags, strlen(tags), on_word, &ws);
}

int
vocab_delta_write(struct vocab_delta *v, struct db *db)
{
	sqlite3_stmt *up = NULL;
	size_t i;
	int rc;

	if ((rc = db_prepare(db, &up, "INSERT INTO vocab(term, df) "
	    "VALUES(?1, ?2) ON CONFLICT(term) DO UPDATE SET df = df + ?2")) < 0)
		return rc;
	for (i = 0; i < v->cap; i++) {
		if (v->slots[i].word == NULL || v->slots[i].delta == 0)
			continue;
		sqlite3_bind_text(up, 1, v->slots[i].word, -1, SQLITE_STATIC);
		sqlite3_bind_int(up, 2, v->slots[i].delta);
		rc = sqlite3_step(up);
		sqlite3_reset(up);
		if (rc != SQLITE_DONE) {
			rc = db_fail(db, rc, "updating the vocabulary");
			goto done;
		}
	}
	rc = db_exec(db, "DELETE FROM vocab WHERE df <= 0");
done:
	sqlite3_finalize(up);
	return rc;
}
