/* A set of words learned from use, per answer (learned.h). */
#include "learned.h"

#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "query.h"
#include "utf8.h"
#include "xmalloc.h"

/* "id" or "id\037stem": the unit separator is in no id and no word. */
static char *
key_of(const char *id, const char *stem)
{
	return stem ? xasprintf("%s\037%s", id, stem) : xstrdup(id);
}

static int64_t *
slot(struct learned *l, const char *id, const char *stem)
{
	char *key = key_of(id, stem);
	int64_t *v = strmap_get(&l->where, key, strlen(key));

	free(key);
	return v;
}

static struct learned_answer *
answer_of(struct learned *l, const char *id)
{
	int64_t *pos = slot(l, id, NULL);

	if (*pos == 0) {
		xgrow(&l->v, &l->cap, l->n + 1, sizeof(*l->v));
		memset(&l->v[l->n], 0, sizeof(l->v[l->n]));
		l->v[l->n].id = xstrdup(id);
		*pos = (int64_t)++l->n;
	}
	return &l->v[*pos - 1];
}

void
kb_learned__put(struct learned *l, const char *id, const char *word,
    const char *stem, unsigned agents, unsigned weight)
{
	struct learned_answer *a = answer_of(l, id);
	struct learned_word *w;
	int64_t *pos = slot(l, id, stem);

	if (weight > LEARNED_WEIGHT_MAX)
		weight = LEARNED_WEIGHT_MAX;
	if (*pos) {
		w = &a->words[*pos - 1];
		if (agents > w->agents)
			w->agents = agents;
		if (weight > w->weight)
			w->weight = weight;
		return;
	}
	xgrow(&a->words, &a->cap, a->n + 1, sizeof(*a->words));
	w = &a->words[a->n];
	w->word = xstrdup(word);
	w->stem = xstrdup(stem);
	w->agents = agents;
	w->weight = weight;
	*pos = (int64_t)++a->n;
}

const struct learned_answer *
kb_learned__find(const struct learned *l, const char *id)
{
	int64_t *pos = strmap_find((struct strmap *)&l->where, id,
	    strlen(id));

	return pos && *pos ? &l->v[*pos - 1] : NULL;
}

static int
by_strength(const void *pa, const void *pb)
{
	const struct learned_word *a = pa, *b = pb;

	if (a->weight != b->weight)
		return a->weight > b->weight ? -1 : 1;
	if (a->agents != b->agents)
		return a->agents > b->agents ? -1 : 1;
	return strcmp(a->word, b->word);
}

static int
by_id(const void *pa, const void *pb)
{
	const struct learned_answer *a = pa, *b = pb;

	return strcmp(a->id, b->id);
}

static void
word_free(struct learned_word *w)
{
	free(w->word);
	free(w->stem);
}

void
kb_learned__finish(struct learned *l)
{
	size_t i, j;

	for (i = 0; i < l->n; i++) {
		struct learned_answer *a = &l->v[i];

		if (a->n > 1)
			qsort(a->words, a->n, sizeof(*a->words), by_strength);
		for (j = LEARNED_WORDS_MAX; j < a->n; j++)
			word_free(&a->words[j]);
		if (a->n > LEARNED_WORDS_MAX)
			a->n = LEARNED_WORDS_MAX;
	}
	if (l->n > 1)
		qsort(l->v, l->n, sizeof(*l->v), by_id);
	/* Positions moved: the map is made again. */
	strmap_clear(&l->where);
	for (i = 0; i < l->n; i++) {
		*slot(l, l->v[i].id, NULL) = (int64_t)i + 1;
		for (j = 0; j < l->v[i].n; j++)
			*slot(l, l->v[i].id, l->v[i].words[j].stem) =
			    (int64_t)j + 1;
	}
}

static int
by_weight(const void *pa, const void *pb)
{
	const struct learned_word *a = *(const struct learned_word *const *)pa;
	const struct learned_word *b = *(const struct learned_word *const *)pb;

	if (a->weight != b->weight)
		return a->weight > b->weight ? -1 : 1;
	return strcmp(a->word, b->word);
}

char *
kb_learned__text(const struct learned_word *words, size_t n)
{
	const struct learned_word **order;
	struct buf b = BUF_INIT;
	size_t i;
	unsigned k;

	if (n == 0)
		return xstrdup("");
	/* By weight and word alone: a new agent behind a word that keeps
	 * its weight changes no text, and so nothing in FTS5. */
	order = xcalloc(n, sizeof(*order));
	for (i = 0; i < n; i++)
		order[i] = &words[i];
	qsort(order, n, sizeof(*order), by_weight);
	for (i = 0; i < n; i++)
		for (k = 0; k < order[i]->weight; k++) {
			if (b.len)
				buf_addc(&b, ' ');
			buf_adds(&b, order[i]->word);
		}
	free(order);
	return buf_detach(&b);
}

size_t
kb_learned__count_words(const struct learned *l)
{
	size_t i, n = 0;

	for (i = 0; i < l->n; i++)
		n += l->v[i].n;
	return n;
}

struct one_token {
	char *text;
	size_t start, end;
	int n;
};

static void
on_token(const char *w, size_t n, size_t start, size_t end, void *payload)
{
	struct one_token *t = payload;

	if (t->n++ == 0) {
		t->text = xstrndup(w, n);
		t->start = start;
		t->end = end;
	}
}

char *
kb_learned__stem(struct fts_tokenizer *tok, const char *word, size_t n)
{
	struct one_token raw = { NULL, 0, 0, 0 }, stem = { NULL, 0, 0, 0 };
	char *out = NULL;

	if (n == 0 || n > LEARNED_WORD_MAX || !utf8_valid(word, n, NULL))
		return NULL;
	kb_fts__tokenize(tok, FTS_RAW, word, n, on_token, &raw);
	if (raw.n == 1 && raw.start == 0 && raw.end == n &&
	    strlen(raw.text) == n && memcmp(raw.text, word, n) == 0 &&
	    !kb_query__is_stop_word(raw.text)) {
		kb_fts__tokenize(tok, FTS_STEMMED, word, n, on_token, &stem);
		if (stem.n == 1 && *stem.text)
			out = stem.text, stem.text = NULL;
	}
	free(raw.text);
	free(stem.text);
	return out;
}

void
kb_learned__free(struct learned *l)
{
	size_t i, j;

	for (i = 0; i < l->n; i++) {
		for (j = 0; j < l->v[i].n; j++)
			word_free(&l->v[i].words[j]);
		free(l->v[i].words);
		free(l->v[i].id);
	}
	free(l->v);
	strmap_clear(&l->where);
	memset(l, 0, sizeof(*l));
}
