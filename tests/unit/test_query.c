/*
 * Unit tests for query.c: whatever is typed, kb_query__match() gives NULL or a
 * MATCH expression that FTS5 accepts, with one group id per phrase.
 *
 * Queries are cut by a tokenizer from kb_fts__tokenizer_open() on an
 * in-memory database and run against a real FTS5 table tokenized like
 * the index.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <sqlite3.h>

#include "fts.h"
#include "helpers.h"
#include "query.h"

#define NITEMS(a) (sizeof(a) / sizeof((a)[0]))

/* The fixture: an in-memory database and the tokenizers (helpers.h). */
#define fixture th_fts

/* phrase_count(t): FTS5's own count of the phrases in the MATCH text. */
static void
phrase_count_fn(const Fts5ExtensionApi *api, Fts5Context *ctx,
    sqlite3_context *out, int argc, sqlite3_value **argv)
{
	(void)argc;
	(void)argv;
	sqlite3_result_int(out, api->xPhraseCount(ctx));
}

static const char *const rows[][2] = {
	{ "Renew a passport", "Use form DS-82 to renew a passport by mail." },
	{ "Apply for a first passport", "Form DS-11, in person, with photo." },
	{ "Get a copy of a W-2", "Ask the employer for Form W-2." },
	{ "SNAP food benefits", "Apply for SNAP at the DMV? No: at the office." },
	{ "Pasaporte", "Información sobre el pasaporte y el formulario." },
	{ "護照", "申請 護照 passport" },
	{ "Line open 24/7", "Call the line 24/7 about not and or near." },
	{ "Driving license", "Renew your driving license." },
};

static int
setup(void **state)
{
	struct fixture *f;
	fts5_api *api;
	sqlite3_stmt *st;
	size_t i;

	if (th_fts_open(&f) < 0)
		return -1;
	*state = f;	/* th_fts_teardown() frees it whatever happens next */
	if (sqlite3_exec(f->db, "CREATE VIRTUAL TABLE t USING fts5(title, "
	    "body, tokenize='porter unicode61 remove_diacritics 2')", NULL,
	    NULL, NULL) != SQLITE_OK)
		return -1;
	if (sqlite3_prepare_v2(f->db, "INSERT INTO t(title, body) "
	    "VALUES(?, ?)", -1, &st, NULL) != SQLITE_OK)
		return -1;
	for (i = 0; i < NITEMS(rows); i++) {
		sqlite3_bind_text(st, 1, rows[i][0], -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 2, rows[i][1], -1, SQLITE_STATIC);
		if (sqlite3_step(st) != SQLITE_DONE)
			return -1;
		sqlite3_reset(st);
	}
	sqlite3_finalize(st);
	if ((api = kb_fts__api(f->db)) == NULL ||
	    api->xCreateFunction(api, "phrase_count", NULL, phrase_count_fn,
	    NULL) != SQLITE_OK)
		return -1;
	return kb_fts__register_rank(f->db) < 0 ? -1 : 0;
}

/* The quoted phrases of a MATCH text ("" inside is one quote). */
static size_t
count_phrases(const char *m)
{
	size_t n = 0;
	const char *p = m;

	while (*p) {
		if (*p != '"') {
			p++;
			continue;
		}
		n++;
		for (p++; *p; p++) {
			if (*p == '"' && p[1] == '"') {
				p++;
				continue;
			}
			if (*p == '"')
				break;
		}
		if (*p)
			p++;
	}
	return n;
}

/* Entries of a groups string such as "0 0 1"; all must be numbers. */
static size_t
count_groups(const char *g)
{
	size_t n = 0;
	const char *p = g;

	while (*p) {
		char *end;

		while (*p == ' ')
			p++;
		if (!*p)
			break;
		strtol(p, &end, 10);
		if (end == p)
			fail_msg("groups '%s': not a number at '%s'", g, p);
		n++;
		p = end;
	}
	return n;
}

/* Run the MATCH text; returns the number of rows, fails on an error. */
static int
run_match(sqlite3 *db, const char *what, const char *match,
    const char *groups)
{
	sqlite3_stmt *st;
	int rc, count = -1;

	rc = sqlite3_prepare_v2(db, "SELECT count(*) FROM t WHERE t MATCH ?",
	    -1, &st, NULL);
	if (rc != SQLITE_OK)
		fail_msg("%s: prepare: %s", what, sqlite3_errmsg(db));
	sqlite3_bind_text(st, 1, match, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc != SQLITE_ROW)
		fail_msg("%s: FTS5 rejects MATCH '%s': %s", what, match,
		    sqlite3_errmsg(db));
	count = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);

	/* FTS5's phrases and the groups string agree; kb_rank runs. */
	rc = sqlite3_prepare_v2(db, "SELECT phrase_count(t), "
	    "kb_rank(t, 0.0, ?2) FROM t WHERE t MATCH ?1", -1, &st, NULL);
	if (rc != SQLITE_OK)
		fail_msg("%s: prepare: %s", what, sqlite3_errmsg(db));
	sqlite3_bind_text(st, 1, match, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, groups, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		if ((size_t)sqlite3_column_int(st, 0) != count_groups(groups))
			fail_msg("%s: MATCH '%s' has %d phrases, groups '%s'",
			    what, match, sqlite3_column_int(st, 0), groups);
	if (rc != SQLITE_DONE)
		fail_msg("%s: '%s' with kb_rank: %s", what, match,
		    sqlite3_errmsg(db));
	sqlite3_finalize(st);
	return count;
}

/*
 * Parse `text`, build every kind of MATCH text, check each.  Returns the
 * AND text (flags 0) or NULL; caller frees.
 */
static char *
check_query(struct fixture *f, const char *what, const char *text,
    size_t len)
{
	static const enum query_op ops[] = { QUERY_AND, QUERY_OR };
	static const unsigned flags[] = { 0, QUERY_NO_PREFIX };
	char *first = NULL;
	struct query q;
	size_t i, j;

	kb_query__parse(&q, f->tok, text, len);
	if (q.n > QUERY_MAX_TERMS)
		fail_msg("%s: %zu terms", what, q.n);
	for (i = 0; i < NITEMS(ops); i++)
		for (j = 0; j < NITEMS(flags); j++) {
			char *groups = (char *)1;
			char *m = kb_query__match(&groups, NULL, &q, ops[i],
			    flags[j]);

			if (m == NULL) {
				if (groups != NULL)
					fail_msg("%s: no MATCH but groups",
					    what);
				continue;
			}
			if (groups == NULL)
				fail_msg("%s: MATCH '%s' without groups", what,
				    m);
			if (count_phrases(m) != count_groups(groups))
				fail_msg("%s: MATCH '%s' vs groups '%s'", what,
				    m, groups);
			run_match(f->db, what, m, groups);
			if (i == 0 && j == 0)
				first = m;
			else
				free(m);
			free(groups);
		}
	if ((first == NULL) != (kb_query__active(&q) == 0))
		fail_msg("%s: MATCH %s but %zu active terms", what,
		    first ? first : "NULL", kb_query__active(&q));
	kb_query__free(&q);
	return first;
}

enum expect { ANY = -1, NONE = 0, SOME = 1 };

struct odd_case {
	const char *name;
	const char *text;
	enum expect expect;	/* for QUERY_AND without flags */
};

static void
query__match__odd_inputs_accepted_by_fts5(void **state)
{
	static const struct odd_case cases[] = {
		{ "double quote", "\"", NONE },
		{ "two double quotes", "\"\"", NONE },
		{ "three double quotes", "\"\"\"", NONE },
		{ "single quote", "'", NONE },
		{ "AND(", "AND(", ANY },
		{ "OR", "OR", ANY },
		{ "NOT", "NOT", SOME },
		{ "AND OR NOT", "AND OR NOT", SOME },
		{ "NEAR(a b)", "NEAR(a b)", SOME },
		{ "NEAR/2", "NEAR/2", SOME },
		{ "star", "*", NONE },
		{ "word star", "pass*", SOME },
		{ "minus", "-", NONE },
		{ "two minus", "--", NONE },
		{ "minus word", "-passport", SOME },
		{ "colon", ":", NONE },
		{ "column filter", "title:passport", SOME },
		{ "column filter braces", "{title body}: passport", SOME },
		{ "open paren", "(", NONE },
		{ "close paren", ")", NONE },
		{ "caret", "^", NONE },
		{ "caret word", "^passport", SOME },
		{ "plus", "+", NONE },
		{ "plus words", "passport + renew", SOME },
		{ "quote inside word", "a\"b", SOME },
		{ "quotes around", "\"renew passport\"", SOME },
		{ "unbalanced quote", "\"renew passport", SOME },
		{ "emoji", "\xF0\x9F\x98\x80", NONE },
		{ "emoji and word", "passport \xF0\x9F\x98\x80", SOME },
		{ "CJK", "\xE8\xAD\xB7\xE7\x85\xA7", SOME },
		{ "accents", "informaci\xC3\xB3n", SOME },
		{ "invalid bytes", "\xFF\xFE", NONE },
		{ "invalid bytes in word", "pass\xFF\xFEport", SOME },
		{ "truncated 3-byte", "\xE2\x82", NONE },
		{ "truncated 4-byte after word", "passport\xF0\x9F\x98", SOME },
		{ "lone continuation", "\x80\x80\x80", NONE },
		{ "overlong slash", "a\xC0\xAF" "b", SOME },
		{ "control characters", "\x01\x02\x1B[31m\x07\x7F", SOME },
		{ "only controls", "\x01\x02\x07\x08\x1B\x7F", NONE },
		{ "tab and newline", "renew\tpassport\n", SOME },
		{ "C1 control", "\xC2\x9B" "2J", SOME },
		{ "bidi override", "\xE2\x80\xAE" "tropssap", SOME },
		{ "only spaces", "     ", NONE },
		{ "empty", "", NONE },
		{ "only stop words", "the of and to", ANY },
		{ "only stop words, space", "the of and to ", ANY },
		{ "punctuation soup", "!@#$%^&*()_+-=[]{}|;':\",./<>?`~", ANY },
		{ "FTS5 syntax soup", "\"a\" AND (b OR -c) NOT d* NEAR(e f, 3) "
		  "{title}:g ^h + i", SOME },
		{ "SQL injection", "'); DROP TABLE t; --", SOME },
		{ "form number", "DS-11", SOME },
		{ "W-2", "W-2", SOME },
		{ "dots and slashes", "./../..//", NONE },
		{ "joined punctuation", "a-.-b", SOME },
	};
	struct fixture *f = *state;
	size_t i;

	for (i = 0; i < NITEMS(cases); i++) {
		char *m = check_query(f, cases[i].name, cases[i].text,
		    strlen(cases[i].text));

		if (cases[i].expect == NONE && m != NULL)
			fail_msg("%s: want no MATCH, got '%s'", cases[i].name, m);
		if (cases[i].expect == SOME && m == NULL)
			fail_msg("%s: want a MATCH, got none", cases[i].name);
		free(m);
	}
}

/* Long inputs: 10,000 characters of several kinds. */
static void
query__match__long_inputs(void **state)
{
	static const char *const units[] = { "a", "passport ", "a-", "\"",
	    "(", "\xE8\xAD\xB7", "x\xFF", " ", "AND ", "\"a\" OR " };
	struct fixture *f = *state;
	size_t i;

	for (i = 0; i < NITEMS(units); i++) {
		size_t ulen = strlen(units[i]), n = 0;
		char *text = malloc(10000 + ulen + 1), *m;
		char name[64];

		assert_non_null(text);
		while (n < 10000) {
			memcpy(text + n, units[i], ulen);
			n += ulen;
		}
		text[10000] = '\0';
		snprintf(name, sizeof(name), "10000 x '%s'", units[i]);
		m = check_query(f, name, text, 10000);
		free(m);
		free(text);
	}
}

/* Deterministic pseudo-random strings of syntax, words and odd bytes. */
static void
query__match__random_inputs(void **state)
{
	static const char *const pieces[] = { "\"", "'", "(", ")", "*", "-",
	    ":", "^", "+", " ", " ", " ", "AND", "OR", "NOT", "NEAR", "{",
	    "}", ",", ".", "/", "passport", "w", "2", "ds", "11", "the",
	    "\xE8\xAD\xB7", "\xC3\xB3", "\xFF", "\xE2\x82", "\x1B", "\t",
	    "\xF0\x9F\x98\x80", "\xCC\x81", "snap", "DMV" };
	struct fixture *f = *state;
	uint32_t seed = 12345;
	int iter;

	for (iter = 0; iter < 1500; iter++) {
		char text[256], name[32];
		size_t len = 0, k, count;
		char *m;

		seed = seed * 1103515245u + 12345u;
		count = 1 + (seed >> 16) % 20;
		for (k = 0; k < count; k++) {
			const char *p;

			seed = seed * 1103515245u + 12345u;
			p = pieces[(seed >> 16) % NITEMS(pieces)];
			if (len + strlen(p) >= sizeof(text))
				break;
			memcpy(text + len, p, strlen(p));
			len += strlen(p);
		}
		text[len] = '\0';
		snprintf(name, sizeof(name), "random #%d", iter);
		m = check_query(f, name, text, len);
		free(m);
	}
}

struct match_case {
	const char *text;
	const char *match;	/* QUERY_AND, no flags; NULL: none */
	const char *groups;
};

static void
check_match_table(struct fixture *f, const struct match_case *cases,
    size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		struct query q;
		char *groups = NULL, *m;

		kb_query__parse(&q, f->tok, cases[i].text,
		    strlen(cases[i].text));
		m = kb_query__match(&groups, NULL, &q, QUERY_AND, 0);
		if (cases[i].match == NULL ? m != NULL :
		    m == NULL || strcmp(m, cases[i].match) != 0)
			fail_msg("'%s': MATCH '%s', want '%s'", cases[i].text,
			    m ? m : "NULL", cases[i].match ? cases[i].match :
			    "NULL");
		if (cases[i].groups && strcmp(groups, cases[i].groups) != 0)
			fail_msg("'%s': groups '%s', want '%s'", cases[i].text,
			    groups, cases[i].groups);
		if (m)
			run_match(f->db, cases[i].text, m, groups);
		free(m);
		free(groups);
		kb_query__free(&q);
	}
}

static void
query__parse__last_word_is_prefix(void **state)
{
	static const struct match_case cases[] = {
		{ "pass", "\"pass\"*", "0" },
		{ "Pass", "\"pass\"*", "0" },
		{ "pass ", "\"pass\"", "0" },
		{ "pass\t", "\"pass\"", "0" },
		{ "pass.", "\"pass\"", "0" },
		{ "pass?", "\"pass\"", "0" },
		{ "pass!", "\"pass\"", "0" },
		{ "pass\"", "\"pass\"", "0" },
		{ "renew pass", "\"renew\" AND \"pass\"*", "0 1" },
		{ "renew, pass", "\"renew\" AND \"pass\"*", "0 1" },
		{ "renew pass ", "\"renew\" AND \"pass\"", "0 1" },
		{ "  renew   pass", "\"renew\" AND \"pass\"*", "0 1" },
		{ "informaci\xC3\xB3n", "\"informacion\"*", "0" },
		{ "\xE8\xAD\xB7\xE7\x85\xA7", "\"\xE8\xAD\xB7\xE7\x85\xA7\"*",
		  "0" },
	};

	check_match_table(*state, cases, NITEMS(cases));
}

static void
query__parse__joined_words_are_one_phrase(void **state)
{
	static const struct match_case cases[] = {
		{ "W-2", "\"w 2\"*", "0" },
		{ "w-2 ", "\"w 2\"", "0" },
		{ "DS-11", "\"ds 11\"*", "0" },
		{ "DS-11 form", "\"ds 11\" AND \"form\"*", "0 1" },
		{ "form DS-11", "\"form\" AND \"ds 11\"*", "0 1" },
		{ "24/7 line", "\"24 7\" AND \"line\"*", "0 1" },
		{ "U.S. passport", "\"u s\" AND \"passport\"*", "0 1" },
		{ "I-94 W-2 1099", "\"i 94\" AND \"w 2\" AND \"1099\"*",
		  "0 1 2" },
		{ "W - 2 form", "\"w\" AND \"2\" AND \"form\"*", "0 1 2" },
		{ "W--2", "\"w\" AND \"2\"*", "0 1" },
	};
	struct fixture *f = *state;
	struct query q;

	check_match_table(f, cases, NITEMS(cases));

	kb_query__parse(&q, f->tok, "DS-11 form", 10);
	assert_int_equal(q.n, 2);
	assert_string_equal(q.terms[0].word, "ds 11");
	assert_int_equal(q.terms[0].prefix, 0);
	assert_string_equal(q.terms[1].word, "form");
	assert_int_equal(q.terms[1].prefix, 1);
	kb_query__free(&q);

	/* The phrase finds the row that has the form number. */
	assert_int_equal(run_match(f->db, "W-2", "\"w 2\"", "0"), 1);
	assert_int_equal(run_match(f->db, "DS-11", "\"ds 11\"", "0"), 1);
}

struct protect_case {
	const char *text;
	int protect;
};

static void
query__parse__protected_words(void **state)
{
	static const struct protect_case cases[] = {
		{ "SNAP", 1 }, { "DMV", 1 }, { "WIC", 1 }, { "EBT card", 1 },
		{ "DS-11", 1 }, { "W-2", 1 }, { "I-94", 1 }, { "1099", 1 },
		{ "W2", 1 }, { "DS82", 1 }, { "2form", 1 }, { "1099int", 1 },
		{ "24/7", 1 }, { "2027", 1 },
		{ "snap", 0 }, { "Snap", 0 }, { "passport", 0 },
		{ "Passport", 0 }, { "A", 0 }, { "ABCDEFGH", 0 },
		{ "informaci\xC3\xB3n", 0 }, { "DMVs", 0 },
	};
	struct fixture *f = *state;
	size_t i;

	for (i = 0; i < NITEMS(cases); i++) {
		struct query q;

		kb_query__parse(&q, f->tok, cases[i].text,
		    strlen(cases[i].text));
		if (q.n < 1 || q.terms[0].protect != cases[i].protect)
			fail_msg("'%s': protect %d, want %d", cases[i].text,
			    q.n ? q.terms[0].protect : -1, cases[i].protect);
		kb_query__free(&q);
	}
}

/*
 * query.h: protect is set for "digits or an acronym: never corrected".
 * Agents type form numbers in lower case as often as not; a word with a
 * digit is protected wherever the digit is.
 */
static void
query__parse__lowercase_form_numbers_protected(void **state)
{
	static const char *const texts[] = { "ds82", "i94", "n400", "form2",
	    "w2", "w-2", "ds-11", "i-130" };
	struct fixture *f = *state;
	size_t i;
	int failed = 0;

	for (i = 0; i < NITEMS(texts); i++) {
		struct query q;

		kb_query__parse(&q, f->tok, texts[i], strlen(texts[i]));
		assert_int_equal(q.n, 1);
		if (!q.terms[0].protect) {
			print_error("'%s' (a word with digits) is not "
			    "protected\n", texts[i]);
			failed++;
		}
		kb_query__free(&q);
	}
	assert_int_equal(failed, 0);
}

static void
query__match__stop_words_dropped(void **state)
{
	static const struct match_case cases[] = {
		{ "how do I renew my passport",
		  "\"renew\" AND \"passport\"*", "0 1" },
		{ "the passport of the", "\"passport\"", "0" },
		{ "the passport of the ", "\"passport\"", "0" },
	};
	static const char *const texts[] = {
		"how do I renew my passport",
		"what is the fee for a passport renewal",
		"i need to get a w-2 from my employer please",
		"quiero renovar mi pasaporte",
	};
	struct fixture *f = *state;
	size_t i, k;

	/* The list may change; these words are stop words in any version. */
	assert_true(kb_query__is_stop_word("the"));
	assert_true(kb_query__is_stop_word("how"));
	assert_true(kb_query__is_stop_word("my"));
	assert_false(kb_query__is_stop_word("passport"));
	assert_false(kb_query__is_stop_word("renew"));
	check_match_table(f, cases, NITEMS(cases));

	/* Whatever the list: a stop word (not the last word) is left out. */
	for (i = 0; i < NITEMS(texts); i++) {
		struct query q;
		char *groups = NULL, *m;

		kb_query__parse(&q, f->tok, texts[i], strlen(texts[i]));
		m = kb_query__match(&groups, NULL, &q, QUERY_AND, 0);
		assert_non_null(m);
		for (k = 0; k < q.n; k++) {
			const struct query_term *t = &q.terms[k];
			char quoted[128];

			snprintf(quoted, sizeof(quoted), "\"%s\"", t->word);
			if (!t->prefix && kb_query__is_stop_word(t->word) &&
			    (!t->stop || strstr(m, quoted)))
				fail_msg("'%s': stop word '%s' in '%s'",
				    texts[i], t->word, m);
			if (!kb_query__is_stop_word(t->word) &&
			    (t->stop || !strstr(m, quoted)))
				fail_msg("'%s': word '%s' missing from '%s'",
				    texts[i], t->word, m);
		}
		free(m);
		free(groups);
		kb_query__free(&q);
	}
}

static void
query__match__or_and_short_prefix(void **state)
{
	struct fixture *f = *state;
	struct query q;
	char *groups = NULL, *m;

	(void)state;
	kb_query__parse(&q, f->tok, "renew passport", 14);
	m = kb_query__match(&groups, NULL, &q, QUERY_OR, 0);
	assert_string_equal(m, "\"renew\" OR \"passport\"*");
	assert_string_equal(groups, "0 1");
	assert_int_equal(run_match(f->db, "or", m, groups), 4);
	free(m);
	free(groups);
	assert_non_null(kb_query__prefix_term(&q));
	assert_string_equal(kb_query__prefix_term(&q)->word, "passport");
	kb_query__free(&q);

	/* For the body index the half-typed word is exact: no "pa"*. */
	kb_query__parse(&q, f->tok, "renew pa", 8);
	m = kb_query__match(&groups, NULL, &q, QUERY_AND, QUERY_NO_PREFIX);
	assert_string_equal(m, "\"renew\" AND \"pa\"");
	assert_string_equal(groups, "0 1");
	free(m);
	free(groups);
	m = kb_query__match(&groups, NULL, &q, QUERY_AND, 0);
	assert_string_equal(m, "\"renew\" AND \"pa\"*");
	free(m);
	free(groups);
	kb_query__free(&q);

	/* Ending with a space: nothing is half-typed. */
	kb_query__parse(&q, f->tok, "renew ", 6);
	assert_null(kb_query__prefix_term(&q));
	kb_query__free(&q);

	/* A first letter is a word begun, even when it is a stop word. */
	kb_query__parse(&q, f->tok, "a", 1);
	assert_non_null(kb_query__prefix_term(&q));
	kb_query__free(&q);
	kb_query__parse(&q, f->tok, "passport for", 12);
	assert_null(kb_query__prefix_term(&q));
	m = kb_query__match(&groups, NULL, &q, QUERY_AND, 0);
	assert_string_equal(m, "\"passport\"");
	free(m);
	free(groups);
	kb_query__free(&q);
}

static void
query__term_add_alt__or_group(void **state)
{
	struct fixture *f = *state;
	struct query q;
	char *groups = NULL, *m;

	kb_query__parse(&q, f->tok, "licence renew", 13);
	assert_int_equal(q.n, 2);
	kb_query__term_add_alt(&q.terms[0], "license");
	kb_query__term_add_alt(&q.terms[0], "driving permit");
	kb_query__term_add_alt(&q.terms[0], "license");	/* duplicate */
	kb_query__term_add_alt(&q.terms[0], "licence");	/* the word itself */
	kb_query__term_add_alt(&q.terms[1], "renewal");
	assert_int_equal(q.terms[0].alts.n, 2);
	assert_int_equal(q.terms[1].alts.n, 1);

	m = kb_query__match(&groups, NULL, &q, QUERY_AND, 0);
	assert_string_equal(m, "(\"licence\" OR \"license\" OR "
	    "\"driving permit\") AND (\"renew\"* OR \"renewal\")");
	assert_string_equal(groups, "0 0 0 1 1");
	assert_int_equal(run_match(f->db, "alts", m, groups), 1);
	free(m);
	free(groups);

	m = kb_query__match(&groups, NULL, &q, QUERY_OR, 0);
	assert_string_equal(groups, "0 0 0 1 1");
	run_match(f->db, "alts or", m, groups);
	free(m);
	free(groups);
	kb_query__free(&q);
}

static void
query__term_add_alt__limits_and_quotes(void **state)
{
	struct fixture *f = *state;
	struct query q;
	char *groups = NULL, *m;
	char alt[16];
	int i;

	kb_query__parse(&q, f->tok, "passport", 8);
	for (i = 0; i < QUERY_MAX_ALTS + 5; i++) {
		snprintf(alt, sizeof(alt), "alt%d", i);
		kb_query__term_add_alt(&q.terms[0], alt);
	}
	assert_int_equal(q.terms[0].alts.n, QUERY_MAX_ALTS);
	m = kb_query__match(&groups, NULL, &q, QUERY_AND, 0);
	assert_int_equal(count_phrases(m), QUERY_MAX_ALTS + 1);
	assert_int_equal(count_groups(groups), QUERY_MAX_ALTS + 1);
	run_match(f->db, "max alts", m, groups);
	free(m);
	free(groups);
	kb_query__free(&q);

	/* A quote in an alternative is doubled, never FTS5 syntax. */
	kb_query__parse(&q, f->tok, "renew", 5);
	kb_query__term_add_alt(&q.terms[0], "by \"mail\" OR x");
	m = kb_query__match(&groups, NULL, &q, QUERY_AND, 0);
	assert_string_equal(m, "(\"renew\"* OR \"by \"\"mail\"\" OR x\")");
	assert_string_equal(groups, "0 0");
	run_match(f->db, "quoted alt", m, groups);
	free(m);
	free(groups);
	kb_query__free(&q);
}

static void
query__parse__term_limit(void **state)
{
	struct fixture *f = *state;
	char text[QUERY_MAX_TERMS * 16] = "";
	struct query q;
	char *groups = NULL, *m;
	int i;

	for (i = 0; i < QUERY_MAX_TERMS + 8; i++) {
		char w[16];

		snprintf(w, sizeof(w), "word%c%c ", 'a' + i % 26, 'a' + i / 26);
		strcat(text, w);
	}
	kb_query__parse(&q, f->tok, text, strlen(text));
	assert_int_equal(q.n, QUERY_MAX_TERMS);
	assert_int_equal(kb_query__active(&q), QUERY_MAX_TERMS);
	assert_string_equal(q.terms[0].word, "wordaa");
	m = kb_query__match(&groups, NULL, &q, QUERY_AND, 0);
	assert_int_equal(count_phrases(m), QUERY_MAX_TERMS);
	run_match(f->db, "term limit", m, groups);
	free(m);
	free(groups);
	kb_query__free(&q);
}

static void
query__parse__stems(void **state)
{
	struct fixture *f = *state;
	struct query q;

	kb_query__parse(&q, f->tok, "Licenses motor vehicles W-2", 27);
	assert_int_equal(q.n, 4);
	assert_string_equal(q.terms[0].word, "licenses");
	assert_string_equal(q.terms[0].stem, "licens");
	assert_string_equal(q.terms[1].stem, "motor");
	assert_string_equal(q.terms[2].stem, "vehicl");
	assert_string_equal(q.terms[3].word, "w 2");
	assert_string_equal(q.terms[3].stem, "w 2");
	kb_query__free(&q);
}

int
main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(query__match__odd_inputs_accepted_by_fts5),
		cmocka_unit_test(query__match__long_inputs),
		cmocka_unit_test(query__match__random_inputs),
		cmocka_unit_test(query__parse__last_word_is_prefix),
		cmocka_unit_test(query__parse__joined_words_are_one_phrase),
		cmocka_unit_test(query__parse__protected_words),
		cmocka_unit_test(query__parse__lowercase_form_numbers_protected),
		cmocka_unit_test(query__match__stop_words_dropped),
		cmocka_unit_test(query__match__or_and_short_prefix),
		cmocka_unit_test(query__term_add_alt__or_group),
		cmocka_unit_test(query__term_add_alt__limits_and_quotes),
		cmocka_unit_test(query__parse__term_limit),
		cmocka_unit_test(query__parse__stems),
	};

	th_env_setup();
	return th_run(argc, argv, "query", tests, setup,
	    th_fts_teardown);
}
