/*
 * Unit tests for the search pipeline's stages, on a small real KB:
 * half-typed words anywhere (expand.c), no rewriting of real words
 * (dict.c), abbreviations, long pasted text (focus.c) and confidence
 * (confidence.c).  The e2e tests hold the command-line contract.
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
#include "dict.h"
#include "focus.h"

#define ANSWER(title, tags, body) \
	"---\ntitle: " title "\ntags: " tags "\n---\n" body "\n"

static const struct th_file kb_files[] = {
	{ "answers/passports/passport-renew.md", ANSWER(
	    "Renew a passport by mail", "passport, renewal, mail",
	    "Use form DS-82 to renew your passport by mail. Send your most "
	    "recent passport and a new photo. Renewal takes six weeks.") },
	{ "answers/health/medical-card-replace.md", ANSWER(
	    "Replace a lost medical card", "medical card, lost, replacement",
	    "If your medical card is lost or stolen, call member services to "
	    "order a replacement card. It arrives in ten days.") },
	{ "answers/utilities/water-bill-high.md", ANSWER(
	    "Why is my water bill high", "water, bill, leak",
	    "A high water bill often means a leak. Check toilets and "
	    "faucets, then read your meter twice an hour apart.") },
	{ "answers/courts/traffic-ticket-contest.md", ANSWER(
	    "Contest a traffic ticket", "ticket, court, hearing",
	    "To contest a ticket you think is unfair, ask for a hearing "
	    "before the due date on the citation.") },
	{ "answers/business/business-license.md", ANSWER(
	    "Apply for a business license", "business, license",
	    "Every business in the city needs a business license. Apply "
	    "online and pay the fee; businesses that fail to renew pay a "
	    "late fee.") },
	{ "answers/trash/bulky-pickup.md", ANSWER(
	    "Bulky item pickup", "furniture, sofa, curb",
	    "Put the sofa or mattress at the curb by 6 am on Monday; the "
	    "truck takes two bulky items a week.") },
	{ "answers/animals/barking-dog.md", ANSWER(
	    "Report a barking dog", "dog, noise, complaint",
	    "A dog that barks for more than ten minutes is a noise "
	    "violation. File a complaint with animal control.") },
	{ "answers/voting/register-to-vote.md", ANSWER(
	    "Register to vote", "voter, registration, election",
	    "Register online, by mail or at the elections office at least "
	    "thirty days before the election.") },
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

/* The query's first hit is `id`, and it is sure. */
static void
expect_sure_top(const char *query, const char *id)
{
	struct kb_results *r = th_search(fixture.kb, query);

	if (r->nhits == 0 || strcmp(r->hits[0].id, id) != 0)
		fail_msg("'%s': first hit %s, want %s", query,
		    r->nhits ? r->hits[0].id : "(none)", id);
	if (!r->hits[0].sure || r->nsure == 0)
		fail_msg("'%s': %s found but not sure (confidence %.2f)",
		    query, id, r->hits[0].confidence);
	kb_results_free(r);
}

/* How many words a MATCH text searches: its quoted phrases. */
static size_t
count_phrases(const char *match)
{
	size_t n = 0;
	const char *p;

	for (p = match; *p; p++)
		n += *p == '"';
	return n / 2;
}

static void
search__half_typed_words_anywhere(void **state)
{
	(void)state;
	expect_sure_top("renew passp by mail", "passport-renew");
	expect_sure_top("repl lost medic card", "medical-card-replace");
	expect_sure_top("passp renew", "passport-renew");
	/* Not the last word, yet completed. */
	th_expect_searched(fixture.kb, "renew passp by mail", "passport");
	th_expect_searched(fixture.kb, "repl lost medic card", "replacement");
}

static void
search__abbreviations(void **state)
{
	(void)state;
	expect_sure_top("wtr bill hi", "water-bill-high");
	th_expect_searched(fixture.kb, "wtr bill hi", "water");
}

static void
search__real_word_never_rewritten(void **state)
{
	struct kb_results *r;

	(void)state;
	if (!kb_dict__has("fair", 4))
		skip();		/* no word list: nothing to tell real words by */
	r = th_search(fixture.kb, "I got a ticket I don't think is fair");
	assert_null(r->corrected);
	assert_true(r->nhits > 0);
	assert_string_equal(r->hits[0].id, "traffic-ticket-contest");
	kb_results_free(r);
}

static void
search__typo_corrected_and_said(void **state)
{
	(void)state;
	th_expect_corrected(fixture.kb, "pasport renewel", "passport renewal",
	    "passport-renew");
}

static void
dict__knows_words_with_and_without_accents(void **state)
{
	(void)state;
	if (!kb_dict__has("fair", 4))
		skip();
	assert_true(kb_dict__has("passport", 8));
	assert_true(kb_dict__has("nino", 4));	/* "niño" as indexed */
	assert_false(kb_dict__has("pasport", 7));
	assert_false(kb_dict__has("", 0));
}

static const char email[] =
    "Dear Sir or Madam,\n\n"
    "I hope this email finds you well. My name is Maria and I have lived "
    "at the same address on Oak Street for eleven years. I am writing "
    "because last month our household received a water bill that was "
    "almost three times higher than usual, and nobody in the house has "
    "changed anything about how we use water. We are a family of four, "
    "we did not fill a pool, and we were away for a week visiting my "
    "mother. Could you please tell me what could cause such a high bill "
    "and what I should check before I call again? I do not want to pay "
    "for something that is a mistake, but I also want to find out if "
    "there is a problem in the house.\n\n"
    "Thank you very much for your time and help.\n\n"
    "Best regards,\nMaria Gonzalez\n123 Oak Street\nApartment 4\n";

static void
search__long_email_finds_its_answer(void **state)
{
	char *match;

	(void)state;
	expect_sure_top(email, "water-bill-high");
	/* Its cost is a short question's: FOCUS_TERMS words at most, each
	 * with its few alternatives. */
	match = th_search_match(fixture.kb, email);
	assert_true(count_phrases(match) > 0);
	assert_true(count_phrases(match) <= FOCUS_TERMS * 9);
	assert_null(strstr(match, "\"maria\""));
	assert_null(strstr(match, "\"regards\""));
	free(match);
}

static void
confidence__other_topic_is_not_sure_but_shown(void **state)
{
	struct kb_results *r;
	size_t i;

	(void)state;
	/* A dog found in a yard shares "dog" with the barking dog, "lost"
	 * with the medical card: related, shown, but no answer. */
	r = th_search(fixture.kb, "lost dog found in my yard");
	assert_true(r->nhits > 0);
	assert_int_equal(r->nsure, 0);
	for (i = 0; i < r->nhits; i++) {
		assert_false(r->hits[i].sure);
		assert_true(r->hits[i].confidence < 0.5);
	}
	kb_results_free(r);
}

static void
confidence__sure_hits_come_first(void **state)
{
	struct kb_results *r;
	size_t i;

	(void)state;
	r = th_search(fixture.kb, "barking dog noise complaint");
	assert_true(r->nsure >= 1);
	assert_string_equal(r->hits[0].id, "barking-dog");
	assert_true(r->hits[0].confidence >= 0.5);
	for (i = 0; i < r->nhits; i++) {
		assert_int_equal(r->hits[i].sure, i < r->nsure);
		assert_true(r->hits[i].confidence >= 0.0 &&
		    r->hits[i].confidence <= 1.0);
	}
	kb_results_free(r);
}

int
main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(dict__knows_words_with_and_without_accents),
		cmocka_unit_test(search__half_typed_words_anywhere),
		cmocka_unit_test(search__abbreviations),
		cmocka_unit_test(search__real_word_never_rewritten),
		cmocka_unit_test(search__typo_corrected_and_said),
		cmocka_unit_test(search__long_email_finds_its_answer),
		cmocka_unit_test(confidence__other_topic_is_not_sure_but_shown),
		cmocka_unit_test(confidence__sure_hits_come_first),
	};

	th_env_setup();
	return th_run(argc, argv, "search", tests, setup, teardown);
}
