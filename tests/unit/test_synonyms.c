/* Unit tests for synonyms.c: parsing synonyms.txt and matching words. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <sqlite3.h>

#include "buf.h"
#include "fts.h"
#include "helpers.h"
#include "synonyms.h"

#define NITEMS(a) (sizeof(a) / sizeof((a)[0]))
#define MAX_WORDS 16

/* The fixture: an in-memory database and the tokenizers (helpers.h). */
#define fixture th_fts

static int
setup(void **state)
{
	struct th_fts *f;

	if (th_fts_open(&f) < 0)
		return -1;
	*state = f;
	return 0;
}


static struct synonyms *
parse(struct fixture *f, const char *text, struct th_diags *d)
{
	struct synonyms *s = kb_synonyms__parse(text, f->tok, "synonyms.txt",
	    th_diag_collect, d);

	assert_non_null(s);
	return s;
}

/* Stems of each word of a query, as search.c gives kb_synonyms__match(). */
struct words {
	char *stems[MAX_WORDS];
	size_t n;
};

static void
on_word(const char *tok, size_t n, size_t start, size_t end, void *payload)
{
	struct words *w = payload;

	(void)start;
	(void)end;
	if (w->n < MAX_WORDS) {
		w->stems[w->n] = malloc(n + 1);
		memcpy(w->stems[w->n], tok, n);
		w->stems[w->n][n] = '\0';
		w->n++;
	}
}

static void
stem_words(struct fixture *f, const char *text, struct words *w)
{
	w->n = 0;
	assert_int_equal(kb_fts__tokenize(f->tok, FTS_STEMMED, text,
	    strlen(text), on_word, w), 0);
}

static void
words_free(struct words *w)
{
	size_t i;

	for (i = 0; i < w->n; i++)
		free(w->stems[i]);
	w->n = 0;
}

/* The text of the phrase matched at word i, or NULL. */
static const char *
match_at(const struct synonyms *s, const struct words *w, size_t i,
    int *group, size_t *len)
{
	size_t phrase = 999;

	*group = kb_synonyms__match(&phrase, len, s, w->stems, w->n, i);
	if (*group < 0)
		return NULL;
	assert_true((size_t)*group < s->ngroups);
	assert_true(phrase < s->groups[*group].nphrases);
	return s->groups[*group].phrases[phrase].text;
}

static void
synonyms__parse__comments_and_blank_lines(void **state)
{
	static const char text[] =
	    "# household waste\n"
	    "\n"
	    "   \n"
	    "\t\n"
	    "trash, garbage, rubbish\n"
	    "   # an indented comment, with, commas\n"
	    "#licence, license\n"
	    "car,automobile";	/* no final newline */
	struct th_diags d = TH_DIAGS_INIT;
	struct synonyms *s;

	s = parse(*state, text, &d);
	assert_int_equal(d.n, 0);
	assert_int_equal(s->ngroups, 2);
	assert_int_equal(s->groups[0].nphrases, 3);
	assert_string_equal(s->groups[0].phrases[0].text, "trash");
	assert_string_equal(s->groups[0].phrases[1].text, "garbage");
	assert_string_equal(s->groups[0].phrases[2].text, "rubbish");
	assert_int_equal(s->groups[1].nphrases, 2);
	assert_string_equal(s->groups[1].phrases[0].text, "car");
	assert_string_equal(s->groups[1].phrases[1].text, "automobile");
	kb_synonyms__free(s);
	th_diags_free(&d);
}

static void
synonyms__parse__empty_and_null(void **state)
{
	struct th_diags d = TH_DIAGS_INIT;
	struct synonyms *s;
	struct words w;
	size_t phrase, len = 99;

	s = kb_synonyms__parse(NULL, ((struct fixture *)*state)->tok,
	    "synonyms.txt", th_diag_collect, &d);
	assert_non_null(s);
	assert_int_equal(s->ngroups, 0);
	kb_synonyms__free(s);

	s = parse(*state, "", &d);
	assert_int_equal(s->ngroups, 0);
	stem_words(*state, "trash", &w);
	assert_int_equal(kb_synonyms__match(&phrase, &len, s, w.stems, w.n, 0),
	    -1);
	assert_int_equal(len, 0);
	kb_synonyms__free(s);
	assert_int_equal(d.n, 0);

	/* No synonyms at all (no synonyms.txt) matches nothing. */
	assert_int_equal(kb_synonyms__match(&phrase, &len, NULL, w.stems, w.n,
	    0), -1);
	words_free(&w);
	kb_synonyms__free(NULL);
	th_diags_free(&d);
}

static void
synonyms__parse__phrases(void **state)
{
	struct th_diags d = TH_DIAGS_INIT;
	struct synonyms *s;
	const struct synonym_phrase *p;

	s = parse(*state, "dmv ,  motor vehicles  , Department of Motor "
	    "Vehicles\n", &d);
	assert_int_equal(d.n, 0);
	assert_int_equal(s->ngroups, 1);
	assert_int_equal(s->groups[0].nphrases, 3);
	p = &s->groups[0].phrases[0];
	assert_string_equal(p->text, "dmv");
	assert_int_equal(p->nstems, 1);
	assert_string_equal(p->joined, "dmv");
	p = &s->groups[0].phrases[1];
	assert_string_equal(p->text, "motor vehicles");
	assert_int_equal(p->nstems, 2);
	assert_string_equal(p->stems[0], "motor");
	assert_string_equal(p->stems[1], "vehicl");
	assert_string_equal(p->joined, "motor vehicl");
	p = &s->groups[0].phrases[2];
	assert_string_equal(p->text, "Department of Motor Vehicles");
	assert_int_equal(p->nstems, 4);
	assert_string_equal(p->joined, "depart of motor vehicl");
	kb_synonyms__free(s);
	th_diags_free(&d);
}

static void
synonyms__parse__crlf(void **state)
{
	struct th_diags d = TH_DIAGS_INIT;
	struct synonyms *s;

	s = parse(*state, "# c\r\ntrash, garbage\r\n\r\nid, photo id\r\n", &d);
	assert_int_equal(d.n, 0);
	assert_int_equal(s->ngroups, 2);
	assert_string_equal(s->groups[0].phrases[1].text, "garbage");
	assert_string_equal(s->groups[1].phrases[1].text, "photo id");
	kb_synonyms__free(s);
	th_diags_free(&d);
}

static void
synonyms__parse__group_of_one(void **state)
{
	struct th_diags d = TH_DIAGS_INIT;
	struct synonyms *s;
	const struct th_diag *w;

	s = parse(*state, "trash, garbage\nlonely\nsolo,\n", &d);
	assert_int_equal(s->ngroups, 1);
	assert_int_equal(th_diags_count(&d, KB_SEVERITY_ERROR), 0);
	w = th_diags_find(&d, KB_SEVERITY_WARNING, "at least two");
	assert_non_null(w);
	assert_int_equal(w->line, 2);
	assert_string_equal(w->path, "synonyms.txt");
	/* "solo," is a group of one as well (and an empty entry). */
	assert_int_equal(d.v[d.n - 1].line, 3);
	assert_non_null(strstr(d.v[d.n - 1].message, "at least two"));
	kb_synonyms__free(s);
	th_diags_free(&d);
}

static void
synonyms__parse__empty_entry(void **state)
{
	struct th_diags d = TH_DIAGS_INIT;
	struct synonyms *s;
	const struct th_diag *w;

	s = parse(*state, "trash, , garbage\n", &d);
	assert_int_equal(s->ngroups, 1);
	assert_int_equal(s->groups[0].nphrases, 2);
	w = th_diags_find(&d, KB_SEVERITY_WARNING, "empty entry");
	assert_non_null(w);
	assert_int_equal(w->line, 1);
	kb_synonyms__free(s);
	th_diags_free(&d);
}

static void
synonyms__parse__repeated_entry(void **state)
{
	struct th_diags d = TH_DIAGS_INIT;
	struct synonyms *s;
	const struct th_diag *w;

	/* "Trash" and "trashes" have the stems of "trash". */
	s = parse(*state, "trash, garbage\n# c\nrubbish, Trash\n"
	    "refuse, trashes\n", &d);
	assert_int_equal(s->ngroups, 3);	/* groups are not merged */
	assert_int_equal(th_diags_count(&d, KB_SEVERITY_WARNING), 2);
	assert_int_equal(th_diags_count(&d, KB_SEVERITY_ERROR), 0);
	w = th_diags_find(&d, KB_SEVERITY_WARNING, "'Trash'");
	assert_non_null(w);
	assert_int_equal(w->line, 3);
	assert_non_null(strstr(w->message, "already in a group"));
	w = th_diags_find(&d, KB_SEVERITY_WARNING, "'trashes'");
	assert_non_null(w);
	assert_int_equal(w->line, 4);
	kb_synonyms__free(s);
	th_diags_free(&d);
}

struct match_case {
	const char *query;
	size_t at;
	const char *phrase;	/* NULL: no match */
	size_t len;
};

static const char kb_synonyms[] =
    "trash, garbage, rubbish, refuse\n"
    "licence, license, permit\n"
    "car, motor\n"
    "dmv, motor vehicles, department of motor vehicles\n"
    "food stamps, snap, ebt\n"
    "passport renewal, renew passport, ds-82\n";

static void
synonyms__match__table(void **state)
{
	static const struct match_case cases[] = {
		{ "trash", 0, "trash", 1 },
		{ "Garbage", 0, "garbage", 1 },
		{ "garbages pickup", 0, "garbage", 1 },
		{ "licenses", 0, "license", 1 },
		{ "licensed", 0, "license", 1 },
		{ "permits", 0, "permit", 1 },
		{ "renew my licenses", 2, "license", 1 },
		{ "motor", 0, "motor", 1 },
		{ "motor vehicles", 0, "motor vehicles", 2 },
		{ "motor vehicle office", 0, "motor vehicles", 2 },
		{ "department of motor vehicles", 0,
		  "department of motor vehicles", 4 },
		{ "the department of motor vehicles", 1,
		  "department of motor vehicles", 4 },
		{ "department of motor", 0, NULL, 0 },
		{ "department of motor", 2, "motor", 1 },
		{ "food stamps", 0, "food stamps", 2 },
		{ "food", 0, NULL, 0 },
		{ "stamps", 0, NULL, 0 },
		{ "SNAP", 0, "snap", 1 },
		{ "DS-82", 0, "ds-82", 2 },
		{ "renewing passports", 0, "renew passport", 2 },
		{ "dog", 0, NULL, 0 },
		{ "trashcan", 0, NULL, 0 },
		{ "vehicles", 0, NULL, 0 },
	};
	struct th_diags d = TH_DIAGS_INIT;
	struct synonyms *s;
	size_t i;

	s = parse(*state, kb_synonyms, &d);
	if (d.n) {
		th_diags_dump(&d);
		fail_msg("unexpected diagnostics");
	}
	for (i = 0; i < NITEMS(cases); i++) {
		struct words w;
		const char *got;
		size_t len = 99;
		int group;

		stem_words(*state, cases[i].query, &w);
		got = match_at(s, &w, cases[i].at, &group, &len);
		if (cases[i].phrase == NULL) {
			if (got != NULL || group != -1 || len != 0)
				fail_msg("'%s' at %zu: matched '%s' (group %d, "
				    "len %zu), want none", cases[i].query,
				    cases[i].at, got ? got : "", group, len);
		} else if (got == NULL || strcmp(got, cases[i].phrase) != 0 ||
		    len != cases[i].len) {
			fail_msg("'%s' at %zu: matched '%s' len %zu, want '%s' "
			    "len %zu", cases[i].query, cases[i].at,
			    got ? got : "(none)", len, cases[i].phrase,
			    cases[i].len);
		}
		words_free(&w);
	}
	kb_synonyms__free(s);
	th_diags_free(&d);
}

/* "motor" is in one group, "motor vehicles" in another: longest wins. */
static void
synonyms__match__longest_wins(void **state)
{
	struct th_diags d = TH_DIAGS_INIT;
	struct synonyms *s;
	struct words w;
	const char *got;
	size_t len;
	int group;

	s = parse(*state, kb_synonyms, &d);
	stem_words(*state, "motor vehicles", &w);
	got = match_at(s, &w, 0, &group, &len);
	assert_non_null(got);
	assert_string_equal(got, "motor vehicles");
	assert_int_equal(group, 3);
	assert_int_equal(len, 2);
	words_free(&w);

	stem_words(*state, "motor boat", &w);
	got = match_at(s, &w, 0, &group, &len);
	assert_non_null(got);
	assert_string_equal(got, "motor");
	assert_int_equal(group, 2);
	assert_int_equal(len, 1);
	words_free(&w);

	/* Past the end of the words: nothing. */
	stem_words(*state, "trash", &w);
	got = match_at(s, &w, 1, &group, &len);
	assert_null(got);
	assert_int_equal(group, -1);
	words_free(&w);
	kb_synonyms__free(s);
	th_diags_free(&d);
}

int
main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(synonyms__parse__comments_and_blank_lines),
		cmocka_unit_test(synonyms__parse__empty_and_null),
		cmocka_unit_test(synonyms__parse__phrases),
		cmocka_unit_test(synonyms__parse__crlf),
		cmocka_unit_test(synonyms__parse__group_of_one),
		cmocka_unit_test(synonyms__parse__empty_entry),
		cmocka_unit_test(synonyms__parse__repeated_entry),
		cmocka_unit_test(synonyms__match__table),
		cmocka_unit_test(synonyms__match__longest_wins),
	};

	th_env_setup();
	return th_run(argc, argv, "synonyms", tests, setup,
	    th_fts_teardown);
}
