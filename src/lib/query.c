/* The query builder: typed text -> quoted, grouped FTS5 MATCH text. */
#include "query.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "utf8.h"
#include "xmalloc.h"

/*
 * Words that say nothing about which answer is wanted: function words,
 * fillers and the verbs of every request ("i need to get").  Sorted, for
 * bsearch.
 */
static const char *const stop_words[] = {
	"a", "about", "after", "again", "ago", "al", "algo", "all", "already",
	"also", "although", "am", "an", "and", "another", "any", "anybody",
	"anyone", "anything", "are", "aren", "around", "as", "at", "back",
	"be", "because", "been", "before", "being", "both", "but", "by",
	"came", "can", "cant", "come", "comes", "coming", "como", "con",
	"could", "couldn", "cual", "cuando", "d", "de", "del", "desde", "did",
	"didn", "do", "does", "doesn", "doing", "don", "donde", "done",
	"dont", "each", "either", "el", "en", "entre", "era", "es", "esa",
	"ese", "eso", "esta", "estan", "estar", "estas", "este", "esto",
	"estos", "estoy", "every", "everybody", "everyone", "everything",
	"for", "from", "fue", "get", "gets", "getting", "go", "goes", "going",
	"gone", "got", "gotten", "hace", "hacer", "had", "hadn", "hago",
	"han", "has", "hasn", "hasta", "have", "haven", "having", "he",
	"hello", "help", "hey", "hi", "hola", "how", "i", "if", "im", "in",
	"into", "is", "isn", "it", "its", "just", "know", "la", "las", "le",
	"les", "let", "like", "ll", "lo", "los", "m", "ma", "maam", "me",
	"mi", "mis", "more", "most", "much", "my", "nada", "nadie",
	"necesito", "need", "needs", "nobody", "nos", "nothing", "now", "o",
	"of", "off", "oh", "ok", "okay", "on", "one", "only", "or", "other",
	"our", "out", "over", "para", "pero", "please", "por", "porque",
	"puedo", "que", "quiero", "re", "really", "s", "said", "say", "says",
	"se", "sea", "see", "ser", "she", "should", "shouldn", "si", "sin",
	"sir", "so", "some", "somebody", "someone", "something", "son", "soy",
	"still", "su", "such", "sus", "t", "tambien", "te", "tell", "tenemos",
	"tengo", "than", "thank", "thanks", "that", "the", "their", "them",
	"then", "there", "these", "they", "thing", "things", "think", "this",
	"those", "though", "tiene", "tienen", "to", "told", "too", "try",
	"trying", "tu", "u", "uh", "um", "un", "una", "unas", "unos", "us",
	"ve", "very", "want", "wanted", "wants", "was", "wasn", "way", "we",
	"well", "went", "were", "what", "when", "where", "which", "while",
	"who", "why", "will", "with", "without", "won", "would", "wouldn",
	"y", "ya", "yeah", "yes", "yo", "you", "your",
};

static int
cmp_word(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

int
kb_query__is_stop_word(const char *word)
{
	return bsearch(&word, stop_words, sizeof(stop_words) /
	    sizeof(stop_words[0]), sizeof(stop_words[0]), cmp_word) != NULL;
}

struct token {
	char *word;
	size_t start, end;
};

struct tokens {
	struct token *v;
	size_t n, cap;
};

static void
on_token(const char *tok, size_t n, size_t start, size_t end, void *payload)
{
	struct tokens *ts = payload;

	if (ts->n >= QUERY_MAX_TOKENS)
		return;
	xgrow(&ts->v, &ts->cap, ts->n + 1, sizeof(*ts->v));
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

/*
 * Form numbers (ds82, W-2, 1040) and acronyms typed in capitals (SNAP,
 * DMV) are never "corrected".
 */
static int
protected_text(const char *s, size_t n)
{
	size_t i, upper = 0, other = 0;

	for (i = 0; i < n; i++) {
		if (isdigit((unsigned char)s[i]))
			return 1;
		if (isupper((unsigned char)s[i]))
			upper++;
		else if (isalpha((unsigned char)s[i]) ||
		    (unsigned char)s[i] >= 0x80)
			other++;
	}
	return other == 0 && upper >= 2 && upper <= 6;
}

/* 1 when an earlier term has the same stems: said twice, counted once. */
static int
said_before(const struct query *q, const char *stem)
{
	size_t i;

	for (i = 0; i < q->n; i++)
		if (!q->terms[i].stop && strcmp(q->terms[i].stem, stem) == 0)
			return 1;
	return 0;
}

static int
add_term(struct query *q, struct fts_tokenizer *t, const char *text,
    struct buf *word, size_t start, size_t end)
{
	struct query_term *term;
	struct buf stem = BUF_INIT;
	int stop = strchr(buf_cstr(word), ' ') == NULL &&
	    kb_query__is_stop_word(buf_cstr(word)), again;

	kb_fts__tokenize(t, FTS_STEMMED, buf_cstr(word), word->len, on_stem,
	    &stem);
	again = said_before(q, buf_cstr(&stem));
	/* A long text keeps its telling words only, each once. */
	if (q->n >= QUERY_SHORT && (stop || again)) {
		buf_free(&stem);
		return 0;
	}
	term = &q->terms[q->n++];
	memset(term, 0, sizeof(*term));
	term->word = buf_detach(word);
	term->stem = buf_detach(&stem);
	term->protect = protected_text(text + start, end - start);
	term->stop = stop;
	term->skip = !stop && again;
	return 1;
}

void
kb_query__parse(struct query *q, struct fts_tokenizer *t, const char *text,
    size_t len)
{
	struct buf clean = BUF_INIT, word = BUF_INIT;
	struct tokens ts;
	size_t i, start = 0, end = 0;

	memset(q, 0, sizeof(*q));
	memset(&ts, 0, sizeof(ts));
	utf8_sanitize(&clean, text, len, 0);
	kb_fts__tokenize(t, FTS_RAW, buf_cstr(&clean), clean.len, on_token,
	    &ts);
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
	/* Nothing typed after the last word: it may be unfinished. */
	if (word.len && q->n < QUERY_MAX_TERMS &&
	    add_term(q, t, clean.data, &word, start, end))
		q->terms[q->n - 1].prefix = end == clean.len;
	/* A first letter typed ("a", "i") is the start of a word, not a
	 * stop word; after other words it may well be one ("passport for"). */
	if (q->n == 1 && q->terms[0].prefix)
		q->terms[0].stop = 0;
	free(ts.v);
	buf_free(&word);
	buf_free(&clean);
}

void
kb_query__free(struct query *q)
{
	size_t i;

	for (i = 0; i < q->n; i++) {
		free(q->terms[i].word);
		free(q->terms[i].stem);
		strlist_free(&q->terms[i].alts);
	}
	q->n = 0;
}

/* Stop words never take part: "and the of" is no question at all. */
static int
term_active(const struct query *q, size_t i)
{
	return !q->terms[i].skip && !q->terms[i].stop;
}

size_t
kb_query__active(const struct query *q)
{
	size_t i, n = 0;

	for (i = 0; i < q->n; i++)
		n += term_active(q, i);
	return n;
}

struct query_term *
kb_query__prefix_term(struct query *q)
{
	struct query_term *last;

	if (q->n == 0)
		return NULL;
	last = &q->terms[q->n - 1];
	return last->prefix && !last->skip && !last->stop ? last : NULL;
}

void
kb_query__term_add_alt(struct query_term *term, const char *phrase)
{
	if (strcmp(phrase, term->word) == 0 || strlist_has(&term->alts, phrase) ||
	    term->alts.n >= QUERY_MAX_ALTS)
		return;
	strlist_push(&term->alts, xstrdup(phrase));
}

char *
kb_query__quote(const char *phrase)
{
	struct buf b = BUF_INIT;
	const char *p;

	buf_addc(&b, '"');
	for (p = phrase; *p; p++) {
		if (*p == '"')
			buf_addc(&b, '"');
		buf_addc(&b, *p);
	}
	buf_addc(&b, '"');
	return buf_detach(&b);
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

/* Is the term searched as a prefix ("renew"*) under these flags? */
static int
as_prefix(const struct query_term *t, unsigned flags)
{
	const char *last;

	if (!t->prefix)
		return 0;
	if (!(flags & QUERY_NO_PREFIX))
		return 1;
	last = strrchr(t->word, ' ');
	return strlen(last ? last + 1 : t->word) >= QUERY_PREFIX_MIN;
}

static void
add_term_expr(struct buf *b, struct buf *groups, struct strlist *phrases,
    const struct query_term *t, size_t group, unsigned flags)
{
	size_t i;

	if (t->alts.n)
		buf_addc(b, '(');
	add_phrase(b, t->word, as_prefix(t, flags));
	add_group_id(groups, group);
	if (phrases)
		strlist_push(phrases, xstrdup(t->word));
	for (i = 0; i < t->alts.n; i++) {
		buf_adds(b, " OR ");
		add_phrase(b, t->alts.v[i], 0);
		add_group_id(groups, group);
		if (phrases)
			strlist_push(phrases, xstrdup(t->alts.v[i]));
	}
	if (t->alts.n)
		buf_addc(b, ')');
}

char *
kb_query__match(char **groups, struct strlist *phrases, const struct query *q,
    enum query_op op, unsigned flags)
{
	struct buf b = BUF_INIT, g = BUF_INIT;
	size_t i, group = 0;

	for (i = 0; i < q->n; i++) {
		const struct query_term *t = &q->terms[i];

		if (!term_active(q, i))
			continue;
		if (b.len)
			buf_adds(&b, op == QUERY_AND ? " AND " : " OR ");
		add_term_expr(&b, &g, phrases, t, group++, flags);
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
