/*
 * Unit tests for what orders hits and says which are sure, on a small
 * real KB: a completion never outweighs the word typed (fts.c, group
 * idf), telling words close together rank higher (fts.c, near), a
 * dictionary word the answers lack is completed (expand.c), of two
 * corrections as near the one that begins as typed wins (typo.c), the
 * caller's language comes first (query_lang.c), a question in Spanish
 * finds an answer written in English through its words' cognates
 * (cognate.c, expand.c), and hits that follow a sure best one are sure
 * too (confidence.c).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "helpers.h"
#include "kb/error.h"
#include "kb/kb.h"
#include "kb/search.h"
#include "cognate.h"
#include "dict.h"
#include "query_lang.h"

#define ANSWER(title, tags, lang, body) \
	"---\ntitle: " title "\ntags: " tags "\nlang: " lang "\n---\n" \
	body "\n"

static const struct th_file kb_files[] = {
	/* "wic" is common; "wichita", a word it begins, is in one answer. */
	{ "answers/food/wic-apply.md", ANSWER(
	    "Apply for WIC", "wic, nutrition", "en",
	    "WIC helps women, infants and children with healthy food. "
	    "Apply for WIC at the clinic.") },
	{ "answers/food/wic-card.md", ANSWER(
	    "Use your WIC card", "wic, card", "en",
	    "Your WIC card works at any store that takes WIC.") },
	{ "answers/food/wic-move.md", ANSWER(
	    "Moving with WIC", "wic, moving", "en",
	    "Tell your WIC clinic before you move.") },
	{ "answers/events/wichita-parade.md", ANSWER(
	    "Wichita parade permit", "parade, permit", "en",
	    "Wichita wichita wichita: a parade in Wichita needs a permit "
	    "from the city; apply a month ahead.") },
	/* Both have "library" and "card": one together, one apart; the
	 * one with them apart is shorter. */
	{ "answers/library/borrowing.md", ANSWER(
	    "Borrowing books", "borrowing, loans", "en",
	    "Any resident can get a library card at a branch. It is free "
	    "and lets you borrow books for three weeks.") },
	{ "answers/library/branch-hours.md", ANSWER(
	    "Branch opening hours", "hours, branch", "en",
	    "The library opens at nine. Parking is free for two hours; "
	    "pay at the machine by card.") },
	/* "property" is in the answers; "prop", a real word, is not. */
	{ "answers/taxes/property-tax-exemption.md", ANSWER(
	    "Senior property tax exemption", "property tax, seniors", "en",
	    "Homeowners over 65 may lower their property tax. Apply to the "
	    "assessor by April 1.") },
	/* The same need in English and in Spanish. */
	{ "answers/passports/passport-renew.md", ANSWER(
	    "Renew a passport by mail", "passport, renewal", "en",
	    "Fill in form DS-82 and mail it with your old passport.") },
	{ "answers/passports/pasaporte-renovar.md", ANSWER(
	    "Renovar el pasaporte por correo", "pasaporte, renovación", "es",
	    "Llene el DS-82 y envíelo con su pasaporte.") },
	/* Two offices answer how to register to vote: one online, one
	 * at the counter, which says nothing of "online". */
	{ "answers/voting/register-online.md", ANSWER(
	    "Online sign-up", "online, new voters", "en",
	    "You can register to vote online with your driver license "
	    "number.") },
	{ "answers/voting/register-county.md", ANSWER(
	    "County elections office", "elections, office", "en",
	    "Register at the county office to vote; bring an ID.") },
	/* "garbge" is one letter from "garbage" and from "garage", the
	 * commoner word. */
	{ "answers/trash/garbage-day.md", ANSWER(
	    "Garbage day", "garbage, trash", "en",
	    "Garbage is picked up on Mondays; put the cart out by 6 am.") },
	{ "answers/permits/garage-sale.md", ANSWER(
	    "Garage sale permit", "garage sale", "en",
	    "A garage sale needs a permit from the city clerk.") },
	{ "answers/permits/garage-build.md", ANSWER(
	    "Building a garage", "garage, building permit", "en",
	    "A new garage needs a building permit and an inspection.") },
	{ NULL, NULL }
};

static struct th_kb fixture;

static int
setup(void **state)
{
	if (th_libkb_setup(state) != 0)
		return -1;
	th_kb_start(&fixture, kb_files);
	return 0;
}

static int
teardown(void **state)
{
	th_kb_finish(&fixture);
	kb_dict__unload();
	return th_libkb_teardown(state);
}

static void
rank__completion_never_outweighs_the_word_typed(void **state)
{
	struct kb_results *r;

	(void)state;
	/* "wic" is being typed and may become "wichita", a rarer word in
	 * one answer: that answer must not lead for it. */
	th_expect_first(fixture.kb, "apply for wic", "wic-apply");
	r = th_search(fixture.kb, "wic");
	assert_true(r->nhits >= 4);
	assert_true(strncmp(r->hits[0].id, "wic-", 4) == 0);
	kb_results_free(r);
}

static void
rank__telling_words_close_together_first(void **state)
{
	(void)state;
	/* branch-hours is shorter and has both words too, apart. */
	th_expect_first(fixture.kb, "library card", "borrowing");
	th_expect_first(fixture.kb, "card library", "borrowing");
}

static void
expand__dictionary_word_the_answers_lack_is_completed(void **state)
{
	(void)state;
	/* "prop" is a real word, but no answer has it: half-typed, it
	 * stands for "property" too. */
	th_expect_searched(fixture.kb, "prop tax", "property");
	th_expect_first(fixture.kb, "prop tax", "property-tax-exemption");
}

static void
typo__nearest_word_that_keeps_the_beginning(void **state)
{
	(void)state;
	/* Of two words as near, the one that begins as typed: typos come
	 * later in a word. */
	th_expect_corrected(fixture.kb, "garbge day", "garbage day",
	    "garbage-day");
}

static void
language__guessed_from_small_words_and_letters(void **state)
{
	(void)state;
	assert_string_equal(kb_query_lang__guess("how do I renew my passport"),
	    "en");
	assert_string_equal(kb_query_lang__guess("¿cómo renuevo mi pasaporte?"),
	    "es");
	assert_string_equal(kb_query_lang__guess("renovar pasaporte por correo"),
	    "es");
	assert_string_equal(kb_query_lang__guess("perdí la tarjeta"), "es");
	assert_null(kb_query_lang__guess("W-2"));
	assert_null(kb_query_lang__guess("passport renewal"));
	assert_null(kb_query_lang__guess(""));
	assert_null(kb_query_lang__guess("\xff\xfe\xc3"));
}

static void
language__the_callers_first(void **state)
{
	struct kb_results *r;

	(void)state;
	/* The Spanish answer is shorter, so DS-82 weighs more in it;
	 * still, a query that does not tell its language is taken as
	 * English. */
	th_expect_first(fixture.kb, "ds-82", "passport-renew");
	th_expect_first(fixture.kb,
	    "how do I renew my passport with the ds-82", "passport-renew");
	th_expect_first(fixture.kb, "renovar el pasaporte con el ds-82",
	    "pasaporte-renovar");
	/* Preferred, not filtered: the other language still shows. */
	r = th_search(fixture.kb, "ds-82");
	assert_true(r->nhits >= 2);
	kb_results_free(r);
	/* With a limit of one, the answer in the caller's language is the
	 * one kept. */
	{
		struct kb_search_options opts = KB_SEARCH_OPTIONS_INIT;

		opts.limit = 1;
		assert_int_equal(kb_search(&r, fixture.kb, "ds-82", &opts), 0);
		assert_int_equal(r->nhits, 1);
		assert_string_equal(r->hits[0].id, "passport-renew");
		kb_results_free(r);
	}
}

/* Is `want` among the n spellings? */
static int
spelled(char out[COGNATE_MAX][COGNATE_WORD], size_t n, const char *want)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strcmp(out[i], want) == 0)
			return 1;
	return 0;
}

static void
cognate__english_spellings_of_spanish_endings(void **state)
{
	char out[COGNATE_MAX][COGNATE_WORD];
	char long_word[200];
	size_t n;

	(void)state;
	n = kb_cognate__english("licencia", out);
	assert_true(spelled(out, n, "licence") && spelled(out, n, "license"));
	n = kb_cognate__english("seccion", out);
	assert_true(spelled(out, n, "section"));
	n = kb_cognate__english("titulo", out);
	assert_true(spelled(out, n, "title"));
	n = kb_cognate__english("garaje", out);
	assert_true(spelled(out, n, "garage"));
	n = kb_cognate__english("identificaciones", out);
	assert_true(spelled(out, n, "identifications"));
	assert_true(n <= COGNATE_MAX);
	assert_false(spelled(out, n, "identificaciones"));
	/* Short words have no ending to take off; a long one is not a
	 * word, and never overflows a spelling. */
	assert_int_equal(kb_cognate__english("casa", out), 0);
	assert_int_equal(kb_cognate__english("", out), 0);
	memset(long_word, 'a', sizeof(long_word) - 1);
	long_word[sizeof(long_word) - 1] = '\0';
	assert_int_equal(kb_cognate__english(long_word, out), 0);
}

static void
cognate__spanish_question_finds_english_answer(void **state)
{
	char *match;

	(void)state;
	/* Only the English answer says "garage"; the Spanish question
	 * says "garaje". */
	th_expect_searched(fixture.kb, "permiso para venta de garaje",
	    "garage");
	th_expect_first(fixture.kb, "permiso para venta de garaje",
	    "garage-sale");
	/* An English question's words are taken as typed. */
	match = th_search_match(fixture.kb, "the garaje sale");
	assert_null(strstr(match, "\"garage\""));
	free(match);
}

static void
confidence__close_followers_of_a_sure_best_are_sure(void **state)
{
	struct kb_results *r;
	size_t i;

	(void)state;
	/* The counter's page lacks "online", the query's rarest word: not
	 * sure on its own, but close behind a sure best hit. */
	r = th_search(fixture.kb, "register to vote online");
	assert_true(r->nhits >= 2);
	assert_string_equal(r->hits[0].id, "register-online");
	assert_string_equal(r->hits[1].id, "register-county");
	assert_int_equal(r->nsure, 2);
	for (i = 0; i < r->nhits; i++) {
		assert_int_equal(r->hits[i].sure, i < r->nsure);
		assert_true((r->hits[i].confidence >= 0.5) == (i < r->nsure));
	}
	kb_results_free(r);
}

static void
confidence__nothing_sure_means_no_followers(void **state)
{
	struct kb_results *r;
	size_t i;

	(void)state;
	/* Parking and a clerk: several answers share a word, about as
	 * weakly; none answers it, and none is sure because another one
	 * scored close to it. */
	r = th_search(fixture.kb, "free parking at the city clerk");
	assert_true(r->nhits >= 2);
	assert_int_equal(r->nsure, 0);
	for (i = 0; i < r->nhits; i++)
		assert_true(r->hits[i].confidence < 0.5);
	kb_results_free(r);
}

int
main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(rank__completion_never_outweighs_the_word_typed),
		cmocka_unit_test(rank__telling_words_close_together_first),
		cmocka_unit_test(
		    expand__dictionary_word_the_answers_lack_is_completed),
		cmocka_unit_test(typo__nearest_word_that_keeps_the_beginning),
		cmocka_unit_test(language__guessed_from_small_words_and_letters),
		cmocka_unit_test(language__the_callers_first),
		cmocka_unit_test(cognate__english_spellings_of_spanish_endings),
		cmocka_unit_test(cognate__spanish_question_finds_english_answer),
		cmocka_unit_test(confidence__close_followers_of_a_sure_best_are_sure),
		cmocka_unit_test(confidence__nothing_sure_means_no_followers),
	};

	th_env_setup();
	return th_run(argc, argv, "search_rank", tests, setup, teardown);
}
