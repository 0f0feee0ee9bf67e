/* The centre's published file of learned words (learn_file.h). */
#include "learn_file.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "kb/answer.h"
#include "strmap.h"
#include "xmalloc.h"

#define STR_(x) #x
#define STR(x) STR_(x)
#define HEADER "# Words learned from use at the centre: kb learn " \
	"--publish; see kb(1).\n"

/* --- writing ------------------------------------------------------------ */

static void
format_line(struct buf *line, const struct learned_answer *a, size_t *words)
{
	size_t i;

	buf_truncate(line, 0);
	*words = 0;
	for (i = 0; i < a->n; i++) {
		if (a->words[i].agents == 0)
			continue;
		buf_addf(line, "%s%s %u", *words ? " " : "", a->words[i].word,
		    a->words[i].weight);
		++*words;
	}
}

char *
kb_learn_file__format(size_t *answers, size_t *words, size_t *left_out,
    const struct learned *l)
{
	struct buf b = BUF_INIT, line = BUF_INIT;
	size_t i, n;

	*answers = *words = *left_out = 0;
	buf_adds(&b, HEADER);
	for (i = 0; i < l->n; i++) {
		format_line(&line, &l->v[i], &n);
		if (n == 0)
			continue;
		if (b.len + strlen(l->v[i].id) + line.len + 2 >
		    LEARN_FILE_MAX) {
			++*left_out;
			continue;
		}
		buf_addf(&b, "%s\t%s\n", l->v[i].id, buf_cstr(&line));
		++*answers;
		*words += n;
	}
	buf_free(&line);
	return buf_detach(&b);
}

/* --- reading ------------------------------------------------------------ */

struct parse {
	struct learned *into;
	struct fts_tokenizer *tok;
	const char *path;
	kb_diag_cb cb;
	void *payload;
	unsigned warnings;
	struct strmap ids;	/* the answers of lines read */
};

static void
warn(struct parse *p, unsigned line, const char *message)
{
	struct kb_diag d = { p->path, line, KB_SEVERITY_WARNING, message };

	if (p->cb && ++p->warnings <= LEARN_FILE_WARNINGS)
		p->cb(&d, p->payload);
}

/* A weight: 1 .. LEARNED_WEIGHT_MAX, digits only; else 0. */
static unsigned
weight_of(const char *s, size_t n)
{
	if (n != 1 || s[0] < '1' || s[0] > '0' + LEARNED_WEIGHT_MAX)
		return 0;
	return (unsigned)(s[0] - '0');
}

/* The next field of `s` up to a space or the end; NULL at the end. */
static const char *
field(const char **s, const char *end, size_t *n)
{
	const char *f = *s, *sp;

	if (f >= end)
		return NULL;
	sp = memchr(f, ' ', (size_t)(end - f));
	*n = (size_t)((sp ? sp : end) - f);
	*s = sp ? sp + 1 : end;
	return f;
}

/* The words of one line into `words`; NULL, or what is wrong. */
static const char *
parse_words(struct parse *p, const char *s, const char *end,
    struct learned *words, const char *id)
{
	const char *w, *wt;
	size_t wn, wtn, count = 0;
	unsigned weight;
	char *stem, *word;

	while ((w = field(&s, end, &wn)) != NULL) {
		if ((wt = field(&s, end, &wtn)) == NULL)
			return "a word without its weight";
		if (++count > LEARNED_WORDS_MAX)
			return "more than " STR(LEARNED_WORDS_MAX) " words";
		if ((weight = weight_of(wt, wtn)) == 0)
			return "a weight that is not a number from 1 to "
			    STR(LEARNED_WEIGHT_MAX);
		if ((stem = kb_learned__stem(p->tok, w, wn)) == NULL)
			return "a word that is not one word as kb cuts words "
			    "(lower case, no accents, not a stop word, at most "
			    STR(LEARNED_WORD_MAX) " bytes)";
		word = xstrndup(w, wn);
		kb_learned__put(words, id, word, stem, 0, weight);
		free(word);
		free(stem);
	}
	return count ? NULL : "no words";
}

/* The answer id before the tab, checked: 1, or 0 when there is none. */
static int
id_of(const char *s, const char *tab, char id[KB_ID_MAX + 1])
{
	size_t n = (size_t)(tab - s);

	if (n == 0 || n > KB_ID_MAX)
		return 0;
	memcpy(id, s, n);
	id[n] = '\0';
	return kb_answer_id_valid(id);
}

static void
parse_line(struct parse *p, unsigned lineno, const char *s, size_t len)
{
	const char *tab = memchr(s, '\t', len), *problem;
	struct learned words = LEARNED_INIT;
	char id[KB_ID_MAX + 1], message[200];
	int64_t *seen = NULL;
	size_t i;

	if (len > LEARN_FILE_LINE_MAX)
		problem = "longer than " STR(LEARN_FILE_LINE_MAX) " bytes";
	else if (tab == NULL)
		problem = "no tab after the answer id";
	else if (!id_of(s, tab, id))
		problem = "not an answer id before the tab";
	else if (*(seen = strmap_get(&p->ids, id, strlen(id))) != 0)
		problem = "a second line for this answer";
	else
		problem = parse_words(p, tab + 1, s + len, &words, id);
	if (problem) {
		snprintf(message, sizeof(message), "%s; line skipped", problem);
		warn(p, lineno, message);
	} else {
		*seen = lineno;
		for (i = 0; i < words.n; i++) {
			const struct learned_answer *a = &words.v[i];
			size_t j;

			for (j = 0; j < a->n; j++)
				kb_learned__put(p->into, a->id,
				    a->words[j].word, a->words[j].stem, 0,
				    a->words[j].weight);
		}
	}
	kb_learned__free(&words);
}

void
kb_learn_file__parse(struct learned *into, struct fts_tokenizer *tok,
    const char *text, size_t len, const char *path, kb_diag_cb cb,
    void *payload)
{
	struct parse p = { into, tok, path, cb, payload, 0, STRMAP_INIT };
	size_t at = 0;
	unsigned lineno = 1;
	char message[120];

	while (at < len) {
		const char *nl = memchr(text + at, '\n', len - at);
		size_t n = nl ? (size_t)(nl - (text + at)) : len - at;

		if (n > 0 && text[at] != '#')
			parse_line(&p, lineno, text + at, n);
		at += n + 1;
		lineno++;
	}
	if (p.warnings > LEARN_FILE_WARNINGS) {
		snprintf(message, sizeof(message), "%u lines skipped in all "
		    "(the first %d are told above)", p.warnings,
		    LEARN_FILE_WARNINGS);
		p.warnings = 0;
		warn(&p, 0, message);
	}
	strmap_clear(&p.ids);
}
