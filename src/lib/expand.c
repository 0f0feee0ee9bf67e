/* Synonyms, completions and corrections of typed words; see expand.h. */
#include "expand.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "cognate.h"
#include "db.h"
#include "dict.h"
#include "kb_private.h"
#include "strlist.h"
#include "synonyms.h"
#include "typo.h"
#include "xmalloc.h"

#define COMPLETIONS 6		/* words a half-typed word may stand for */
#define ABBREVIATIONS 4		/* words an abbreviation may stand for */
#define COMPLETE_MIN 3		/* a word typed further than the last one
				 * is completed from this many letters */

/* Give every term that is (part of) a synonym its group's other members. */
static void
add_synonyms(struct query *q, const struct synonyms *syn)
{
	char *stems[QUERY_MAX_TERMS];
	size_t i, j, k, phrase, len;

	if (syn == NULL)
		return;
	for (i = 0; i < q->n; i++)
		stems[i] = q->terms[i].stem;
	for (i = 0; i < q->n; i++) {
		struct query_term *t = &q->terms[i];
		int g = kb_synonyms__match(&phrase, &len, syn, stems, q->n, i);

		if (g < 0)
			continue;
		/* "motor vehicles" -> one term: the later words fold in. */
		if (len > 1) {
			struct buf w = BUF_INIT;

			for (j = i; j < i + len; j++) {
				if (j > i)
					buf_addc(&w, ' ');
				buf_adds(&w, q->terms[j].word);
				if (j > i)
					q->terms[j].skip = 1;
			}
			free(t->word);
			t->word = buf_detach(&w);
			t->prefix = q->terms[i + len - 1].prefix;
			t->stop = 0;
		}
		for (k = 0; k < syn->groups[g].nphrases; k++)
			if (k != phrase)
				kb_query__term_add_alt(t,
				    syn->groups[g].phrases[k].text);
		i += len - 1;
	}
}

/* Does a word of the KB stand for what was typed? */
typedef int (*stands_for_fn)(const char *typed, const char *word);

/* The range query gives only words `typed` begins. */
static int
completes(const char *typed, const char *word)
{
	(void)typed;
	(void)word;
	return 1;
}

/*
 * Add, as alternatives of `t`, up to `max` of the commonest words of the
 * KB between `lo` and `hi` that `stands_for` accepts: unstemmed title
 * and tag words first (they read as words), then the stems of every
 * answer.  Stop words never: "wher" must not stand for "where", which is
 * in every answer.  *added says how many were.
 */
static int
add_kb_words(struct kb *kb, struct query_term *t, const char *lo,
    const char *hi, int max, stands_for_fn stands_for, int *added)
{
	static const char *const sql[] = {
		"SELECT term FROM vocab WHERE term > ?1 AND term < ?2 "
		"ORDER BY df DESC LIMIT ?3",
		"SELECT term FROM stems WHERE term > ?1 AND term < ?2 "
		"ORDER BY df DESC LIMIT ?3",
	};
	size_t i;
	int rc = SQLITE_DONE;

	*added = 0;
	for (i = 0; i < 2 && *added < max; i++) {
		sqlite3_stmt *st;

		rc = sqlite3_prepare_v2(kb->index->h, sql[i], -1, &st, NULL);
		if (rc != SQLITE_OK)
			return kb_db__fail(kb->index, rc, "completing a word");
		sqlite3_bind_text(st, 1, lo, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 2, hi, -1, SQLITE_STATIC);
		/* Every word of the range stands for a half-typed one: the
		 * commonest few are enough, and a top-N sort is cheap. */
		sqlite3_bind_int(st, 3, stands_for == completes ? 2 * max : -1);
		while ((rc = sqlite3_step(st)) == SQLITE_ROW && *added < max) {
			const char *w = (const char *)sqlite3_column_text(st, 0);
			size_t before = t->alts.n;

			if (w == NULL || kb_query__is_stop_word(w) ||
			    !stands_for(t->word, w))
				continue;
			kb_query__term_add_alt(t, w);
			*added += t->alts.n > before;
		}
		sqlite3_finalize(st);
		if (rc != SQLITE_DONE && rc != SQLITE_ROW)
			return kb_db__fail(kb->index, rc, "completing a word");
	}
	return 0;
}

/* The commonest words of the KB that the half-typed word begins. */
static int
add_completions(struct kb *kb, struct query_term *t, int *added)
{
	char hi[128];

	*added = 0;
	if (strlen(t->word) + 2 > sizeof(hi))
		return 0;
	snprintf(hi, sizeof(hi), "%s\xff", t->word);
	return add_kb_words(kb, t, t->word, hi, COMPLETIONS, completes,
	    added);
}

/*
 * Are the letters of `abbr` in `word`, in order, the first one first,
 * and `word` at most three times as long?
 */
static int
abbreviates(const char *abbr, const char *word)
{
	size_t len = strlen(abbr);

	if (*abbr != *word || strlen(word) > 3 * len)
		return 0;
	for (; *word && *abbr; word++)
		if (*word == *abbr)
			abbr++;
	return *abbr == '\0';
}

/*
 * "wtr bill", "open acct", "wkly clm": agents drop letters, mostly
 * vowels.  The commonest words of the KB that have the typed letters in
 * order, starting with its first, stand for it.
 */
static int
add_abbreviated(struct kb *kb, struct query_term *t, int *added)
{
	char lo[2] = { t->word[0], '\0' }, hi[2] = { (char)(t->word[0] + 1),
	    '\0' };

	*added = 0;
	if ((unsigned char)t->word[0] >= 0x7F || strlen(t->word) < 2)
		return 0;
	return add_kb_words(kb, t, lo, hi, ABBREVIATIONS, abbreviates, added);
}

/* "wtr", "acct": no vowel after the first letter. */
static int
looks_abbreviated(const char *word)
{
	return word[0] && strpbrk(word + 1, "aeiou") == NULL;
}

/* Is `word` in the answers' own text (not only in words learned from
 * use, which may well be half-typed themselves)? */
static int
in_answers(struct kb *kb, const char *word, int *found)
{
	static const char sql[] = "SELECT 1 FROM answer_fts WHERE answer_fts "
	    "MATCH '{title tags body} : ' || ?1 LIMIT 1";
	sqlite3_stmt *st;
	char *phrase;
	int rc;

	*found = 0;
	if ((rc = sqlite3_prepare_v2(kb->index->h, sql, -1, &st, NULL)) !=
	    SQLITE_OK)
		return kb_db__fail(kb->index, rc, "looking a word up");
	phrase = kb_query__quote(word);
	sqlite3_bind_text(st, 1, phrase, -1, SQLITE_STATIC);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW)
		*found = 1;
	sqlite3_finalize(st);
	free(phrase);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return kb_db__fail(kb->index, rc, "looking a word up");
	return 0;
}

/* Is the word in the answers' own text, or in the dictionary? */
static int
known_word(struct kb *kb, const struct query_term *t, int *in_kb,
    int *in_dict)
{
	int rc = in_answers(kb, t->word, in_kb);

	if (rc < 0)
		return rc;
	*in_dict = *in_kb || kb_dict__has(t->word, strlen(t->word));
	return 0;
}

/*
 * A question asked in Spanish about an answer written only in English:
 * the English spellings of the word's cognates that the answers have
 * ("licencia" -> "license", "garaje" -> "garage").  *added says how many.
 */
static int
add_cognates(struct kb *kb, struct query_term *t, int *added)
{
	char spellings[COGNATE_MAX][COGNATE_WORD];
	size_t n = kb_cognate__english(t->word, spellings), i;
	int found, rc;

	*added = 0;
	/* Each spelling costs a lookup: none for one that could not be
	 * added (the word's alternatives full, or it is one already). */
	for (i = 0; i < n && t->alts.n < QUERY_MAX_ALTS; i++) {
		size_t before = t->alts.n;

		if (strlist_has(&t->alts, spellings[i]))
			continue;
		if ((rc = in_answers(kb, spellings[i], &found)) < 0)
			return rc;
		if (found)
			kb_query__term_add_alt(t, spellings[i]);
		*added += t->alts.n > before;
	}
	return 0;
}

/*
 * Complete the word being typed, and any word the answers lack ("prop",
 * "sen", "waiv"): half-typed words are often real words too.  A word the
 * answers have is taken as meant.
 */
static int
wants_completion(const struct query_term *t, int in_kb)
{
	return t->prefix || (!in_kb && strlen(t->word) >= COMPLETE_MIN);
}

static int
expand_term(struct kb *kb, struct query_term *t, int spanish, char **fix)
{
	int in_kb = 0, in_dict = 0, completed = 0, cognates = 0, rc;

	*fix = NULL;
	/* Phrases ("w 2") and stop words are taken as typed. */
	if (strchr(t->word, ' ') != NULL)
		return 0;
	if ((rc = known_word(kb, t, &in_kb, &in_dict)) < 0)
		return rc;
	if (spanish && !t->protect &&
	    (rc = add_cognates(kb, t, &cognates)) < 0)
		return rc;
	if (wants_completion(t, in_kb) &&
	    (rc = add_completions(kb, t, &completed)) < 0)
		return rc;
	/* A cognate found is what the word meant, not a typo. */
	if (in_kb || in_dict || completed || cognates || t->protect)
		return 0;
	if (looks_abbreviated(t->word) &&
	    ((rc = add_abbreviated(kb, t, &completed)) < 0 || completed))
		return rc;
	if ((rc = kb_typo__correct(fix, kb->index, t->word, t->stem,
	    t->prefix)) < 0)
		return rc;
	if (*fix) {
		kb_query__term_add_alt(t, *fix);
		return 0;
	}
	return add_abbreviated(kb, t, &completed);
}

int
kb_expand__query(char **corrected, struct kb *kb, struct query *q,
    const struct synonyms *syn, int spanish)
{
	struct buf shown = BUF_INIT;
	size_t i;
	int fixes = 0, rc = 0;

	*corrected = NULL;
	add_synonyms(q, syn);
	for (i = 0; i < q->n && rc == 0; i++) {
		struct query_term *t = &q->terms[i];
		char *fix = NULL;

		if (t->skip)
			continue;
		if (!t->stop &&
		    (rc = expand_term(kb, t, spanish, &fix)) < 0)
			break;
		if (shown.len)
			buf_addc(&shown, ' ');
		buf_adds(&shown, fix ? fix : t->word);
		fixes += fix != NULL;
		free(fix);
	}
	if (rc == 0 && fixes)
		*corrected = buf_detach(&shown);
	buf_free(&shown);
	return rc;
}
