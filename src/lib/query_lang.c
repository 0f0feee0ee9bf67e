/* Which language a query is written in; see query_lang.h. */
#include "query_lang.h"

#include <stdlib.h>
#include <string.h>

#include "kb/search.h"

#define OTHER_LANGUAGE 0.9	/* an answer in another language than the
				 * query's weighs this much of its score */
#define DEFAULT_LANGUAGE "en"	/* a query's when its words do not tell */

/*
 * Small words that only one of the two languages uses: "the", "my",
 * "how" are English; "el", "mi", "para" Spanish.  Words both use ("a",
 * "me", "no", "son") tell nothing.  Each list is sorted for bsearch.
 */
static const char *const english_words[] = {
	"about", "am", "and", "are", "at", "be", "can", "could", "did", "do",
	"does", "for", "from", "get", "got", "have", "how", "i", "if", "in",
	"is", "it", "my", "need", "of", "on", "our", "she", "that", "the",
	"there", "they", "this", "to", "want", "was", "we", "what", "when",
	"where", "why", "will", "with", "would", "you", "your",
};

static const char *const spanish_words[] = {
	"al", "como", "con", "cual", "cuando", "cuanto", "de", "del", "donde",
	"el", "en", "es", "esta", "hay", "la", "las", "lo", "los", "mi",
	"mis", "necesito", "para", "pero", "por", "porque", "puedo", "que",
	"quiero", "se", "su", "sus", "tengo", "un", "una", "y",
};

static int
cmp_word(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static int
listed(const char *word, const char *const *list, size_t n)
{
	return bsearch(&word, list, n, sizeof(*list), cmp_word) != NULL;
}

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))
#define MAX_WORD 16

/* "ñ", "¿", "á"...: two-byte letters only Spanish text has. */
static int
spanish_letter(const unsigned char *p)
{
	/* The second byte after 0xC3: á é í ó ú ñ ü Á É Í Ó Ú Ñ. */
	static const char after_c3[] = "\xa1\xa9\xad\xb3\xba\xb1\xbc"
	    "\x81\x89\x8d\x93\x9a\x91";

	if (p[0] == 0xC2)
		return p[1] == 0xBF || p[1] == 0xA1;	/* ¿ ¡ */
	return p[0] == 0xC3 && p[1] != 0 && strchr(after_c3, p[1]) != NULL;
}

const char *
kb_query_lang__guess(const char *text)
{
	const unsigned char *p = (const unsigned char *)text;
	int english = 0, spanish = 0;

	while (p && *p) {
		char word[MAX_WORD + 1];
		size_t n = 0;

		if (spanish_letter(p)) {
			spanish++;
			p += 2;
			continue;
		}
		while ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z')) {
			if (n < MAX_WORD)
				word[n++] = (char)(*p | 0x20);
			p++;
		}
		if (n == 0) {
			p++;
			continue;
		}
		word[n] = '\0';
		english += listed(word, english_words, COUNT(english_words));
		spanish += listed(word, spanish_words, COUNT(spanish_words));
	}
	return english > spanish ? "en" : spanish > english ? "es" : NULL;
}

static int
by_score(const void *a, const void *b)
{
	const struct kb_hit *x = a, *y = b;

	if (x->score != y->score)
		return x->score < y->score ? 1 : -1;
	return strcmp(x->id, y->id);
}

static int
in_language(const struct kb_hit *h, const char *lang)
{
	const char *l = h->lang ? h->lang : "";
	size_t n = strlen(lang);

	return strncmp(l, lang, n) == 0 && (l[n] == '\0' || l[n] == '-');
}

void
kb_query_lang__prefer(struct kb_results *r, const char *text)
{
	const char *lang = kb_query_lang__guess(text);
	size_t i;

	if (lang == NULL)
		lang = DEFAULT_LANGUAGE;
	for (i = 0; i < r->nhits; i++)
		if (!in_language(&r->hits[i], lang))
			r->hits[i].score *= OTHER_LANGUAGE;
	if (r->nhits > 1)
		qsort(r->hits, r->nhits, sizeof(*r->hits), by_score);
}
