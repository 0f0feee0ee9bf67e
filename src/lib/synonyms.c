/* synonyms.txt: parsing it and matching query words against it. */
#include "synonyms.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "diag_report.h"
#include "strlist.h"
#include "xmalloc.h"

struct parse {
	const char *path;
	kb_diag_cb cb;
	void *payload;
};

static void warn(struct parse *p, unsigned line, const char *fmt, ...)
    KB_PRINTF(3, 4);

static void
warn(struct parse *p, unsigned line, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	kb_diag_report__vemit(p->cb, p->payload, p->path, line,
	    KB_SEVERITY_WARNING, fmt, ap);
	va_end(ap);
}

static void
on_stem(const char *tok, size_t n, size_t start, size_t end, void *payload)
{
	(void)start;
	(void)end;
	strlist_push(payload, xstrndup(tok, n));
}

static char *
join_stems(char **stems, size_t n)
{
	struct buf b = BUF_INIT;
	size_t i;

	for (i = 0; i < n; i++) {
		if (i)
			buf_addc(&b, ' ');
		buf_adds(&b, stems[i]);
	}
	return buf_detach(&b);
}

static int
same_stems(const struct synonym_phrase *a, const struct synonym_phrase *b)
{
	size_t i;

	if (a->nstems != b->nstems)
		return 0;
	for (i = 0; i < a->nstems; i++)
		if (strcmp(a->stems[i], b->stems[i]) != 0)
			return 0;
	return 1;
}

/* The group already holding a phrase with these stems, or -1. */
static int
find_group(const struct synonyms *s, const struct synonym_phrase *p)
{
	size_t g, i;

	for (g = 0; g < s->ngroups; g++)
		for (i = 0; i < s->groups[g].nphrases; i++)
			if (same_stems(&s->groups[g].phrases[i], p))
				return (int)g;
	return -1;
}

static void
phrase_free(struct synonym_phrase *p)
{
	free(p->text);
	free(p->joined);
	strlist_free_array(p->stems, p->nstems);
}

static void
parse_line(struct synonyms *s, size_t *cap, struct fts_tokenizer *t,
    struct parse *p, const char *line, size_t len, unsigned lineno)
{
	struct synonym_group g = { NULL, 0 };
	size_t gcap = 0, start = 0, i;

	for (i = 0; i <= len; i++) {
		struct synonym_phrase ph;
		struct strlist stems = STRLIST_INIT;
		struct buf text = BUF_INIT;
		const char *item = line + start;
		size_t n = i - start;

		if (i < len && line[i] != ',')
			continue;
		start = i + 1;
		while (n && isspace((unsigned char)*item)) {
			item++;
			n--;
		}
		while (n && isspace((unsigned char)item[n - 1]))
			n--;
		buf_add(&text, item, n);
		kb_fts__tokenize(t, FTS_STEMMED, item, n, on_stem, &stems);
		if (stems.n == 0) {
			warn(p, lineno, "empty entry in a synonym group");
			buf_free(&text);
			continue;
		}
		ph.text = buf_detach(&text);
		ph.nstems = stems.n;
		ph.stems = strlist_detach(&stems);
		ph.joined = join_stems(ph.stems, ph.nstems);
		if (find_group(s, &ph) >= 0)
			warn(p, lineno, "'%s' is already in a group on an "
			    "earlier line; groups are not merged", ph.text);
		xgrow(&g.phrases, &gcap, g.nphrases + 1, sizeof(*g.phrases));
		g.phrases[g.nphrases++] = ph;
	}
	if (g.nphrases < 2) {
		if (g.nphrases == 1)
			warn(p, lineno, "a synonym group needs at least two "
			    "entries separated by commas");
		for (i = 0; i < g.nphrases; i++)
			phrase_free(&g.phrases[i]);
		free(g.phrases);
		return;
	}
	xgrow(&s->groups, cap, s->ngroups + 1, sizeof(*s->groups));
	s->groups[s->ngroups++] = g;
}

struct synonyms *
kb_synonyms__parse(const char *text, struct fts_tokenizer *t, const char *path,
    kb_diag_cb cb, void *payload)
{
	struct synonyms *s = xcalloc(1, sizeof(*s));
	struct parse p = { path, cb, payload };
	unsigned lineno = 0;
	size_t cap = 0;

	while (text && *text) {
		size_t n = strcspn(text, "\n"), skip = 0;

		lineno++;
		while (skip < n && isspace((unsigned char)text[skip]))
			skip++;
		if (skip < n && text[skip] != '#')
			parse_line(s, &cap, t, &p, text, n, lineno);
		text += n + (text[n] == '\n');
	}
	return s;
}

void
kb_synonyms__free(struct synonyms *s)
{
	size_t g, i;

	if (s == NULL)
		return;
	for (g = 0; g < s->ngroups; g++) {
		for (i = 0; i < s->groups[g].nphrases; i++)
			phrase_free(&s->groups[g].phrases[i]);
		free(s->groups[g].phrases);
	}
	free(s->groups);
	free(s);
}

#define MAX_WORDS_MATCHED 5

int
kb_synonyms__match(size_t *phrase, size_t *len, const struct synonyms *s,
    char *const *stems, size_t n, size_t i)
{
	struct buf joined = BUF_INIT;
	size_t k, g, p;
	int best = -1;

	*len = 0;
	if (s == NULL)
		return -1;
	/* Try the words from i on, one more each time; keep the longest. */
	for (k = 0; k < MAX_WORDS_MATCHED && i + k < n; k++) {
		if (k)
			buf_addc(&joined, ' ');
		buf_adds(&joined, stems[i + k]);
		for (g = 0; g < s->ngroups; g++)
			for (p = 0; p < s->groups[g].nphrases; p++)
				if (strcmp(s->groups[g].phrases[p].joined,
				    buf_cstr(&joined)) == 0) {
					best = (int)g;
					*phrase = p;
					*len = k + 1;
				}
	}
	buf_free(&joined);
	return best;
}
