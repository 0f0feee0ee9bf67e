/* The query builder: typed text -> quoted, grouped FTS5 MATCH text. */
#include "query.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "utf8.h"
#include "xmalloc.h"

/* Sorted, for bsearch. */
static const char *const stop_words[] = {
	"a", "about", "al", "all", "am", "an", "and", "any", "are", "as",
	"at", "be", "been", "but", "by", "can", "como", "con", "could", "cual",
	"cuando", "d", "de", "del", "did", "do", "does", "donde", "dont", "el",
	"en", "es", "for", "from", "get", "got", "had", "has", "have", "he",
	"hello", "hi", "hola", "how", "i", "if", "im", "in", "into", "is",
	"it", "its", "just", "la", "las", "le", "les", "ll", "lo", "los", "m",
	"me", "mi", "mis", "my", "necesito", "need", "o", "of", "on", "or",
	"our", "para", "please", "por", "puedo", "que", "quiero", "re", "s",
	"se", "she", "should", "so", "some", "son", "su", "sus", "t", "that",
	"the", "their", "them", "there", "these", "they", "this", "those",
	"to", "tu", "u", "un", "una", "unas", "unos", "us", "ve", "want", "was",
	"we", "were", "what", "when", "where", "which", "who", "why", "will",
	"with", "would", "y", "yes", "yo", "you", "your",
};

static int
cmp_word(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

int
query_is_stop_word(const char *word)
{
	return bsearch(&word, stop_words, sizeof(stop_words) /
	    sizeof(stop_words[0]), sizeof(stop_words[0]), cmp_word) != NULL;
}

struct token {
	char *word;
	size_t start, end;
};

struct tokens {
	struct token v[QUERY_MAX_TERMS * 2];
	size_t n;
};

static void
on_token(const char *tok, size_t n, size_t start, size_t end, void *payload)
{
	struct tokens *ts = payload;

	if (ts->n >= sizeof(ts->v) / sizeof(ts->v[0]))
		return;
	ts->v[ts->n].word = xstrndup(tok, n);
	ts->v[ts->n].start = start;
	ts->v[ts->n].end = end;
	ts->n++;
}

static void
on_stem(const char *tok, size_t n, size_t start, size_t end, void *payload)
{
	struct buf *b = payload;

	(void)start;
	(void)end;
	if (b->len)
		buf_addc(b, ' ');
	buf_add(b, tok, n);
}

/* "W-2", "DS-11", "24/7": words joined by one of these are one phrase. */
static int
joins(char c)
{
	return c == '-' || c == '/' || c == '.';
}

/* Form numbers and acronyms (SNAP, DMV) are never "corrected". */
static int
protected_text(const char *s, size_t n)
{
	size_t i, upper = 0;

	for (i = 0; i < n; i++) {
		if (isdigit((unsigned char)s[i]))
			return 1;
		if (isupper((unsigned char)s[i]))
			upper++;
		else if (isalpha((unsigned char)s[i]) ||
		    (unsigned char)s[i] >= 0x80)
			return 0;
	}
	return upper >= 2 && upper <= 6;
}

static void
add_term(struct query *q, struct fts_tokenizer *t, const char *text,
    struct buf *word, size_t start, size_t end)
{
	struct query_term *term = &q->terms[q->n++];
	struct buf stem = BUF_INIT;

	memset(term, 0, sizeof(*term));
	term->word = buf_detach(word);
	fts_tokenize(t, FTS_STEMMED, term->word, strlen(term->word), on_stem,
	    &stem);
	term->stem = buf_detach(&stem);
	term->protect = protected_text(text + start, end - start);
	term->stop = strchr(term->word, ' ') == NULL &&
	    query_is_stop_word(term->word);
}

void
query_parse(struct query *q, struct fts_tokenizer *t, const char *text,
    size_t len)
{
	struct buf clean = BUF_INIT, word = BUF_INIT;
	struct tokens ts;
	size_t i, start = 0, end = 0;

	memset(q, 0, sizeof(*q));
	ts.n = 0;
	utf8_sanitize(&clean, text, len, 0);
	fts_tokenize(t, FTS_RAW, buf_cstr(&clean), clean.len, on_token, &ts);
	for (i = 0; i < ts.n; i++) {
		if (word.len && ts.v[i].start == end + 1 &&
		    joins(clean.data[end])) {
			buf_addc(&word, ' ');
		} else {
			if (word.len && q->n < QUERY_MAX_TERMS)
				add_term(q, t, clean.data, &word, start, end);
			buf_truncate(&word, 0);
			start = ts.v[i].start;
		}
		buf_adds(&word, ts.v[i].word);
		end = ts.v[i].end;
		free(ts.v[i].word);
	}
	if (word.len && q->n < QUERY_MAX_TERMS) {
		add_term(q, t, clean.data, &word, start, end);
		/* Nothing typed after the last word: it may be unfinished. */
		q->terms[q->n - 1].prefix = end == clean.len;
		if (q->terms[q->n - 1].prefix)
			q->terms[q->n - 1].stop = 0;
	}
	buf_free(&word);
	buf_free(&clean);
}

void
query_free(struct query *q)
{
	size_t i;

	for (i = 0; i < q->n; i++) {
		free(q->terms[i].word);
		free(q->terms[i].stem);
		strlist_free(&q->terms[i].alts);
		strlist_free(&q->terms[i].prefix_alts);
	}
	q->n = 0;
}

/* When every word is a stop word ("who are you"), stop words count. */
static int
stop_words_count(const struct query *q)
{
	size_t i;

	for (i = 0; i < q->n; i++)
		if (!q->terms[i].stop && !q->terms[i].skip)
			return 0;
	return 1;
}

static int
term_active(const struct query *q, size_t i, int with_stop)
{
	return !q->terms[i].skip && (with_stop || !q->terms[i].stop);
}

size_t
query_active(const struct query *q)
{
	int with_stop = stop_words_count(q);
	size_t i, n = 0;

	for (i = 0; i < q->n; i++)
		n += term_active(q, i, with_stop);
	return n;
}

int
query_has_short_prefix(const struct query *q)
{
	const struct query_term *last;

	if (q->n == 0)
		return 0;
	last = &q->terms[q->n - 1];
	return last->prefix && !last->skip &&
	    strlen(last->word) < QUERY_SHORT_PREFIX;
}

void
query_term_add_alt(struct query_term *term, const char *phrase,
    int as_prefix)
{
	struct strlist *l = as_prefix ? &term->prefix_alts : &term->alts;

	if (strcmp(phrase, term->word) == 0 || strlist_has(l, phrase) ||
	    term->alts.n + term->prefix_alts.n >= QUERY_MAX_ALTS)
		return;
	strlist_push(l, xstrdup(phrase));
}

/* Append "phrase" (quotes doubled) and, for a prefix, a '*'. */
static void
add_phrase(struct buf *b, const char *phrase, int prefix)
{
	const char *p;

	buf_addc(b, '"');
	for (p = phrase; *p; p++) {
		if (*p == '"')
			buf_addc(b, '"');
		buf_addc(b, *p);
	}
	buf_addc(b, '"');
	if (prefix)
		buf_addc(b, '*');
}

static void
add_group_id(struct buf *groups, size_t group)
{
	if (groups->len)
		buf_addc(groups, ' ');
	buf_addf(groups, "%zu", group);
}

static void
add_term_expr(struct buf *b, struct buf *groups, const struct query_term *t,
    size_t group)
{
	size_t nalts = t->alts.n + t->prefix_alts.n, i;

	if (nalts)
		buf_addc(b, '(');
	add_phrase(b, t->word, t->prefix);
	add_group_id(groups, group);
	for (i = 0; i < t->alts.n; i++) {
		buf_adds(b, " OR ");
		add_phrase(b, t->alts.v[i], 0);
		add_group_id(groups, group);
	}
	for (i = 0; i < t->prefix_alts.n; i++) {
		buf_adds(b, " OR ");
		add_phrase(b, t->prefix_alts.v[i], 1);
		add_group_id(groups, group);
	}
	if (nalts)
		buf_addc(b, ')');
}

char *
query_match(const struct query *q, enum query_op op, unsigned flags,
    char **groups)
{
	struct buf b = BUF_INIT, g = BUF_INIT;
	int with_stop = stop_words_count(q);
	size_t i, group = 0;

	for (i = 0; i < q->n; i++) {
		const struct query_term *t = &q->terms[i];

		if (!term_active(q, i, with_stop))
			continue;
		if ((flags & QUERY_NO_SHORT_PREFIX) && t->prefix &&
		    strlen(t->word) < QUERY_SHORT_PREFIX)
			continue;
		if (b.len)
			buf_adds(&b, op == QUERY_AND ? " AND " : " OR ");
		add_term_expr(&b, &g, t, group++);
	}
	if (b.len == 0) {
		buf_free(&b);
		buf_free(&g);
		*groups = NULL;
		return NULL;
	}
	*groups = buf_detach(&g);
	return buf_detach(&b);
}
