/*
 * The words that changed in a change of a diff (kb/worddiff.h): removed
 * lines paired with the added lines most like them, then a longest
 * common subsequence of words on each pair.  Every loop is bounded: see
 * the limits below and in the header.
 */
#include "kb/worddiff.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "utf8.h"
#include "worddiff_private.h"
#include "xmalloc.h"

/* Words of a line that its likeness to another is measured on. */
#define SIG_MAX 1024
/* Word comparisons spent pairing the lines of one change. */
#define PAIR_BUDGET (1u << 22)
/* Cells of word-by-word tables for one change, and for one pair. */
#define LCS_BUDGET (1u << 23)
#define LCS_CELLS_MAX (1u << 18)
/* Marks in one line; the last one reaches the last change beyond. */
#define LINE_MARKS_MAX 256
/* Pairs are at least this alike: 2 * shared / all words, in 1/65536. */
#define LIKENESS_MIN 32768

struct tok {
	size_t start, len;
	uint32_t hash;
	int word;		/* letters or digits, not punctuation */
};

struct toks {
	struct tok *v;
	size_t n, cap;
};

/* --- words ---------------------------------------------------------------- */

static int
is_blank(uint32_t cp)
{
	return cp == ' ' || (cp >= 0x09 && cp <= 0x0D) || cp == 0xA0 ||
	    cp == 0x1680 || (cp >= 0x2000 && cp <= 0x200B) || cp == 0x202F ||
	    cp == 0x205F || cp == 0x3000;
}

/* Letters and digits of any script; punctuation is a word of its own. */
static int
is_word_char(uint32_t cp)
{
	if (cp < 0x80)
		return (cp >= '0' && cp <= '9') || (cp >= 'a' && cp <= 'z') ||
		    (cp >= 'A' && cp <= 'Z') || cp == '_';
	return !(cp <= 0xBF || cp == 0xD7 || cp == 0xF7 ||
	    (cp >= 0x2010 && cp <= 0x205E) || (cp >= 0x3001 && cp <= 0x3003));
}

static uint32_t
hash_of(const char *s, size_t len)
{
	uint32_t h = 2166136261u;
	size_t i;

	for (i = 0; i < len; i++)
		h = (h ^ (unsigned char)s[i]) * 16777619u;
	return h;
}

static void
add_tok(struct toks *t, const char *s, size_t start, size_t end, int word)
{
	xgrow(&t->v, &t->cap, t->n + 1, sizeof(*t->v));
	t->v[t->n].start = start;
	t->v[t->n].len = end - start;
	t->v[t->n].hash = hash_of(s + start, end - start);
	t->v[t->n].word = word;
	t->n++;
}

/*
 * The words of s[0..len): runs of letters and digits, each other
 * character but blanks alone.  0 when there are more than `max`.
 */
static int
tokenize(const char *s, size_t len, struct toks *t, size_t max)
{
	size_t at = 0, start;
	uint32_t cp;

	t->n = 0;
	while (at < len) {
		size_t n = utf8_decode(s + at, len - at, &cp);

		if (is_blank(cp)) {
			at += n;
			continue;
		}
		if (t->n == max)
			return 0;
		start = at;
		at += n;
		if (is_word_char(cp)) {
			while (at < len && (n = utf8_decode(s + at, len - at,
			    &cp)) && is_word_char(cp))
				at += n;
			add_tok(t, s, start, at, 1);
		} else {
			add_tok(t, s, start, at, 0);
		}
	}
	return 1;
}

static int
same_tok(const char *a, const struct tok *x, const char *b,
    const struct tok *y)
{
	return x->hash == y->hash && x->len == y->len &&
	    memcmp(a + x->start, b + y->start, x->len) == 0;
}

/* --- how alike two lines are ---------------------------------------------- */

struct sig {
	uint32_t *v;		/* the words' hashes, sorted */
	size_t n;
};

static int
by_value(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return x < y ? -1 : x > y;
}

/* A line's words (its punctuation when it has no word), at most SIG_MAX. */
static void
sig_make(struct sig *sig, const struct kb_wordline *l, struct toks *t)
{
	size_t i, words = 0;

	tokenize(l->text, l->len, t, SIG_MAX);
	for (i = 0; i < t->n; i++)
		words += t->v[i].word;
	sig->v = xcalloc(t->n ? t->n : 1, sizeof(*sig->v));
	sig->n = 0;
	for (i = 0; i < t->n; i++)
		if (t->v[i].word || words == 0)
			sig->v[sig->n++] = t->v[i].hash;
	qsort(sig->v, sig->n, sizeof(*sig->v), by_value);
}

/* 2 * shared words / all words, in 1/65536 (0 for two empty lines). */
static uint32_t
likeness(const struct sig *a, const struct sig *b)
{
	size_t i = 0, j = 0, shared = 0;

	if (a->n + b->n == 0)
		return 0;
	while (i < a->n && j < b->n) {
		if (a->v[i] == b->v[j]) {
			shared++;
			i++;
			j++;
		} else if (a->v[i] < b->v[j]) {
			i++;
		} else {
			j++;
		}
	}
	return (uint32_t)((uint64_t)2 * shared * 65536 / (a->n + b->n));
}

/* --- pairing the lines of a change ---------------------------------------- */

struct cand {
	size_t i, j, dist;
	uint32_t score;
};

struct cands {
	struct cand *v;
	size_t n, cap;
	size_t *budget;		/* word comparisons left */
};

static void
consider(struct cands *c, const struct sig *r, const struct sig *a,
    size_t i, size_t j, size_t dist)
{
	uint32_t score;
	size_t cost = r[i].n + a[j].n + 1;

	if (cost > *c->budget) {
		*c->budget = 0;
		return;
	}
	*c->budget -= cost;
	if ((score = likeness(&r[i], &a[j])) < LIKENESS_MIN)
		return;
	xgrow(&c->v, &c->cap, c->n + 1, sizeof(*c->v));
	c->v[c->n++] = (struct cand){ i, j, dist, score };
}

/* The most alike first; then the nearest, then the first. */
static int
by_likeness(const void *x, const void *y)
{
	const struct cand *a = x, *b = y;

	if (a->score != b->score)
		return a->score > b->score ? -1 : 1;
	if (a->dist != b->dist)
		return a->dist < b->dist ? -1 : 1;
	if (a->i != b->i)
		return a->i < b->i ? -1 : 1;
	return a->j < b->j ? -1 : a->j > b->j;
}

/*
 * Every pair alike enough, the lines at the same distance from the
 * change's start first, so that a budget spent still pairs the likely
 * ones.
 */
static void
candidates(struct cands *c, const struct sig *r, size_t nr,
    const struct sig *a, size_t na)
{
	size_t d, i, far = nr > na ? nr : na;

	for (d = 0; d < far && *c->budget > 0; d++) {
		for (i = 0; i < nr && *c->budget > 0; i++) {
			if (i + d < na)
				consider(c, r, a, i, i + d, d);
			if (d > 0 && i >= d && i - d < na)
				consider(c, r, a, i, i - d, d);
		}
	}
}

static void
pair_lines(struct kb_wordline *removed, size_t nr, struct kb_wordline *added,
    size_t na, size_t *budget)
{
	struct sig *r = xcalloc(nr, sizeof(*r)), *a = xcalloc(na, sizeof(*a));
	struct cands c = { NULL, 0, 0, budget };
	struct toks t = { NULL, 0, 0 };
	size_t k;

	for (k = 0; k < nr; k++)
		sig_make(&r[k], &removed[k], &t);
	for (k = 0; k < na; k++)
		sig_make(&a[k], &added[k], &t);
	candidates(&c, r, nr, a, na);
	if (c.n > 1)
		qsort(c.v, c.n, sizeof(*c.v), by_likeness);
	for (k = 0; k < c.n; k++) {
		if (removed[c.v[k].i].pair >= 0 || added[c.v[k].j].pair >= 0)
			continue;
		removed[c.v[k].i].pair = (long)c.v[k].j;
		added[c.v[k].j].pair = (long)c.v[k].i;
	}
	for (k = 0; k < nr; k++)
		free(r[k].v);
	for (k = 0; k < na; k++)
		free(a[k].v);
	free(r);
	free(a);
	free(c.v);
	free(t.v);
}

/* --- the words that changed in a pair ------------------------------------- */

static void
add_mark(struct kb_wordline *l, size_t start, size_t end)
{
	if (end <= start)
		return;
	l->marks = xreallocarray(l->marks, l->nmarks + 1, sizeof(*l->marks));
	l->marks[l->nmarks++] = (struct kb_span){ start, end - start,
	    KB_STYLE_MARK };
}

/* Spans over the changed words: a run of them, blanks between, is one. */
static void
spans_of(struct kb_wordline *l, const struct toks *t, const char *changed)
{
	size_t i = 0, end;

	while (i < t->n) {
		if (!changed[i]) {
			i++;
			continue;
		}
		for (end = i; end + 1 < t->n && changed[end + 1]; end++)
			;
		if (l->nmarks == LINE_MARKS_MAX)	/* the last reaches on */
			l->marks[l->nmarks - 1].len = t->v[end].start +
			    t->v[end].len - l->marks[l->nmarks - 1].start;
		else
			add_mark(l, t->v[i].start, t->v[end].start +
			    t->v[end].len);
		i = end + 1;
	}
}

static size_t
utf8_back(const char *s, size_t at)
{
	while (at > 0 && ((unsigned char)s[at] & 0xC0) == 0x80)
		at--;
	return at;
}

/*
 * The bytes between the two lines' common start and common end; widened
 * to whole words when `words`, else as they are (blanks that differ).
 */
static void
mark_between(struct kb_wordline *x, struct kb_wordline *y, int words)
{
	size_t p = 0, s = 0, n = x->len < y->len ? x->len : y->len;
	size_t xs, xe, ys, ye;

	while (p < n && x->text[p] == y->text[p])
		p++;
	p = utf8_back(x->text, p);
	while (s < n - p && x->text[x->len - 1 - s] == y->text[y->len - 1 - s])
		s++;
	while (s > 0 && ((unsigned char)x->text[x->len - s] & 0xC0) == 0x80)
		s--;
	xs = ys = p;
	xe = x->len - s;
	ye = y->len - s;
	if (words) {
		while (xs > 0 && x->text[xs - 1] != ' ')
			xs--;
		ys = xs;
		while (xe < x->len && x->text[xe] != ' ')
			xe++;
		while (ye < y->len && y->text[ye] != ' ')
			ye++;
	}
	add_mark(x, xs, xe);
	add_mark(y, ys, ye);
}

/*
 * Suffix tables of the heaviest common subsequence of a[0..n) and
 * b[0..m) (n * m <= LCS_CELLS_MAX), a word weighing its bytes: a shared
 * word is kept rather than a shared comma.
 */
static uint32_t *
lcs_table(const char *sa, const struct tok *a, size_t n, const char *sb,
    const struct tok *b, size_t m)
{
	uint32_t *L = xcalloc((n + 1) * (m + 1), sizeof(*L));
	size_t i, j, w = m + 1;

	for (i = n; i-- > 0;)
		for (j = m; j-- > 0;) {
			uint32_t down = L[(i + 1) * w + j], right = L[i * w + j + 1];

			L[i * w + j] = down > right ? down : right;
			if (same_tok(sa, &a[i], sb, &b[j]) &&
			    L[(i + 1) * w + j + 1] + a[i].len > L[i * w + j])
				L[i * w + j] = L[(i + 1) * w + j + 1] +
				    (uint32_t)a[i].len;
		}
	return L;
}

/* The words of each middle that are not in their common subsequence. */
static void
lcs_changed(const char *sa, const struct tok *a, size_t n, char *ca,
    const char *sb, const struct tok *b, size_t m, char *cb)
{
	uint32_t *L = lcs_table(sa, a, n, sb, b, m);
	size_t i = 0, j = 0, w = m + 1;

	memset(ca, 1, n);
	memset(cb, 1, m);
	while (i < n && j < m) {
		if (same_tok(sa, &a[i], sb, &b[j]) && L[i * w + j] ==
		    L[(i + 1) * w + j + 1] + a[i].len) {
			ca[i++] = 0;
			cb[j++] = 0;
		} else if (L[(i + 1) * w + j] >= L[i * w + j + 1]) {
			i++;
		} else {
			j++;
		}
	}
	free(L);
}

struct pair_work {
	struct toks a, b;
	char *ca, *cb;
	size_t cap;
	size_t *budget;		/* table cells left */
};

static void
mark_pair(struct kb_wordline *x, struct kb_wordline *y, struct pair_work *w)
{
	size_t p = 0, s = 0, n, m, nx, ny;

	if (!tokenize(x->text, x->len, &w->a, KB_WORDDIFF_MAX_WORDS) ||
	    !tokenize(y->text, y->len, &w->b, KB_WORDDIFF_MAX_WORDS)) {
		mark_between(x, y, 1);
		return;
	}
	nx = w->a.n;
	ny = w->b.n;
	while (p < nx && p < ny && same_tok(x->text, &w->a.v[p], y->text,
	    &w->b.v[p]))
		p++;
	while (s < nx - p && s < ny - p && same_tok(x->text,
	    &w->a.v[nx - 1 - s], y->text, &w->b.v[ny - 1 - s]))
		s++;
	n = nx - p - s;
	m = ny - p - s;
	xgrow(&w->ca, &w->cap, (nx > ny ? nx : ny) + 1, 1);
	w->cb = xreallocarray(w->cb, w->cap, 1);
	memset(w->ca, 0, nx);
	memset(w->cb, 0, ny);
	if (n > 0 && m > 0 && n * m <= LCS_CELLS_MAX && n * m <= *w->budget) {
		*w->budget -= n * m;
		lcs_changed(x->text, w->a.v + p, n, w->ca + p, y->text,
		    w->b.v + p, m, w->cb + p);
	} else {
		memset(w->ca + p, 1, n);
		memset(w->cb + p, 1, m);
	}
	spans_of(x, &w->a, w->ca);
	spans_of(y, &w->b, w->cb);
	/* The same words, other blanks: the blanks are what changed. */
	if (x->nmarks == 0 && y->nmarks == 0)
		mark_between(x, y, 0);
}

/* --- the public calls ----------------------------------------------------- */

void
kb_worddiff__budgeted(struct kb_wordline *removed, size_t nremoved,
    struct kb_wordline *added, size_t nadded, struct worddiff_budget *b)
{
	struct pair_work w;
	size_t i;

	for (i = 0; i < nremoved; i++) {
		removed[i].pair = -1;
		removed[i].marks = NULL;
		removed[i].nmarks = 0;
	}
	for (i = 0; i < nadded; i++) {
		added[i].pair = -1;
		added[i].marks = NULL;
		added[i].nmarks = 0;
	}
	if (nremoved == 0 || nadded == 0 || b->compare == 0 ||
	    nremoved > KB_WORDDIFF_MAX_LINES || nadded > KB_WORDDIFF_MAX_LINES)
		return;
	pair_lines(removed, nremoved, added, nadded, &b->compare);
	memset(&w, 0, sizeof(w));
	w.budget = &b->cells;
	for (i = 0; i < nremoved; i++)
		if (removed[i].pair >= 0)
			mark_pair(&removed[i], &added[removed[i].pair], &w);
	free(w.a.v);
	free(w.b.v);
	free(w.ca);
	free(w.cb);
}

void
kb_worddiff(struct kb_wordline *removed, size_t nremoved,
    struct kb_wordline *added, size_t nadded)
{
	struct worddiff_budget b = { PAIR_BUDGET, LCS_BUDGET };

	kb_worddiff__budgeted(removed, nremoved, added, nadded, &b);
}

void
kb_wordlines_clear(struct kb_wordline *v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		free(v[i].marks);
		v[i].marks = NULL;
		v[i].nmarks = 0;
	}
}
