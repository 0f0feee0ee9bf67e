/*
 * Unit tests for present.c: an answer as text for staff (kb show) and as
 * a customer receives it (kb_answer_for_customer: the screen's copy,
 * print and save), compared byte for byte with what the customer must
 * get; and the warning before an internal answer goes out.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "helpers.h"
#include "kb/kb.h"
#include "kb/present.h"

#define NOW "2026-11-20T10:00"

/*
 * An answer written as the sample's are: an Email section that is the
 * message itself, greeting to signature, one line each; links whose
 * text is their address; an address given twice; staff-only notes in
 * the common text and inside the Email section.
 */
static const struct th_file kb_files[] = {
	{ "answers/dog-licence.md", "---\n"
	  "title: License your dog\n"
	  "tags: dog, licence\n"
	  "standard: Tags arrive by mail within 10 days\n"
	  "---\n"
	  "Every dog over **4 months** needs a licence. Apply at\n"
	  "[city.example.gov/dogs](https://city.example.gov/dogs).\n"
	  "\n"
	  "```staff\n"
	  "Seniors: waive the fee (code W12), only if they ask.\n"
	  "```\n"
	  "\n"
	  "## Phone\n"
	  "Say the fee slowly.\n"
	  "\n"
	  "## Email\n"
	  "Dear customer,\n"
	  "\n"
	  "Thank you for asking about the dog licence. Apply online at\n"
	  "[city.example.gov/dogs](https://city.example.gov/dogs); the fees "
	  "are on\n"
	  "[the same page](https://city.example.gov/dogs), and questions go "
	  "to\n"
	  "[licences@city.example.gov](mailto:licences@city.example.gov) or "
	  "the [help desk](https://city.example.gov/help).\n"
	  "\n"
	  "```staff\n"
	  "Attach the PDF form when they have no printer.\n"
	  "```\n"
	  "\n"
	  "Kind regards,\n"
	  "Rita Reyes\n"
	  "City Contact Centre\n"
	  "\n"
	  "## Walk-in\n"
	  "Hand over the form at the counter, Room 120: see the\n"
	  "[help desk](https://city.example.gov/help) for the hours.\n" },
	{ "answers/bulky-pickup.md", "---\n"
	  "title: Bulky item pickup\n"
	  "tags: furniture\n"
	  "audience: internal\n"
	  "---\n"
	  "Book it at [city.example.gov/bulky](https://city.example.gov/bulky)"
	  " and put\nthe sofa at the curb.\n" },
	{ "answers/parking-permit.md", "---\n"
	  "title: Parking permit\n"
	  "tags: parking\n"
	  "---\n"
	  "Permits are sold at the counter.\n"
	  "\n"
	  "## Email\n"
	  "```staff\n"
	  "Attach the form.\n"
	  "```\n" },
	{ "notices/counter-closed.md", "---\n"
	  "title: Licence counter closed on Friday\n"
	  "starts: 2026-11-20\n"
	  "ends: 2026-11-20\n"
	  "severity: warning\n"
	  "tags: dog\n"
	  "---\n"
	  "Phone and email stay open.\n" },
	{ NULL, NULL }
};

/* The email a customer gets, to the byte; %.12s is the version. */
static const char email_fixture[] =
    "WARNING: Licence counter closed on Friday (2026-11-20 to 2026-11-20)\n"
    "  Phone and email stay open.\n"
    "\n"
    "Dear customer,\n"
    "\n"
    "Thank you for asking about the dog licence. Apply online at\n"
    "https://city.example.gov/dogs; the fees are on\n"
    "the same page, and questions go to\n"
    "licences@city.example.gov or the help desk "
    "(https://city.example.gov/help).\n"
    "\n"
    "Kind regards,\n"
    "Rita Reyes\n"
    "City Contact Centre\n"
    "\n"
    "Reference: kb answer dog-licence, version %.12s, 2026-11-20\n";

/* Printed for a walk-in customer, at KB_PRINT_WIDTH. */
static const char walkin_fixture[] =
    "License your dog\n"
    "================\n"
    "Standard: Tags arrive by mail within 10 days\n"
    "\n"
    "WARNING: Licence counter closed on Friday (2026-11-20 to 2026-11-20)\n"
    "  Phone and email stay open.\n"
    "\n"
    "Every dog over 4 months needs a licence. Apply at\n"
    "https://city.example.gov/dogs.\n"
    "\n"
    "Hand over the form at the counter, Room 120: see the\n"
    "help desk (https://city.example.gov/help) for the hours.\n"
    "\n"
    "Reference: kb answer dog-licence, version %.12s, 2026-11-20\n";

static struct kb_answer *
load(struct kb *kb, const char *id)
{
	struct kb_answer *a = NULL;

	if (kb_answer_load(&a, kb, id) < 0)
		fail_msg("kb_answer_load %s: %s", id, kb_error_last());
	return a;
}

/* Byte for byte, showing both texts when they differ. */
static void
expect_text(const char *got, const char *want)
{
	if (strcmp(got, want) != 0)
		fail_msg("got:\n%s\n--- want:\n%s\n---", got, want);
}

static void
present__customer__email_fixture(void **state)
{
	struct kb_answer *a;
	struct th_kb t;
	char want[2048], *text = NULL;

	(void)state;
	th_kb_start(&t, kb_files);
	setenv("KB_NOW", NOW, 1);
	a = load(t.kb, "dog-licence");
	assert_int_equal(kb_answer_for_customer(&text, t.kb, a,
	    KB_CHANNEL_EMAIL, 0), 0);
	snprintf(want, sizeof(want), email_fixture, a->version);
	expect_text(text, want);
	assert_null(strstr(text, "W12"));
	assert_null(strstr(text, "PDF"));
	free(text);
	kb_answer_free(a);
	th_kb_finish(&t);
}

static void
present__customer__walkin_fixture(void **state)
{
	struct kb_answer *a;
	struct th_kb t;
	char want[2048], *text = NULL;

	(void)state;
	th_kb_start(&t, kb_files);
	setenv("KB_NOW", NOW, 1);
	a = load(t.kb, "dog-licence");
	assert_int_equal(kb_answer_for_customer(&text, t.kb, a,
	    KB_CHANNEL_WALKIN, KB_PRINT_WIDTH), 0);
	snprintf(want, sizeof(want), walkin_fixture, a->version);
	expect_text(text, want);
	free(text);
	kb_answer_free(a);
	th_kb_finish(&t);
}

/* No Email section: the common text, its lines as written, no title. */
static void
present__customer__email_without_section(void **state)
{
	struct kb_answer *a;
	struct th_kb t;
	char want[512], *text = NULL;

	(void)state;
	th_kb_start(&t, kb_files);
	setenv("KB_NOW", NOW, 1);
	a = load(t.kb, "bulky-pickup");
	assert_int_equal(kb_answer_for_customer(&text, t.kb, a,
	    KB_CHANNEL_EMAIL, 0), 0);
	snprintf(want, sizeof(want), "Book it at "
	    "https://city.example.gov/bulky and put\nthe sofa at the curb.\n"
	    "\nReference: kb answer bulky-pickup, version %.12s, "
	    "2026-11-20\n", a->version);
	expect_text(text, want);
	free(text);
	kb_answer_free(a);

	/* An Email section with nothing for the customer is none. */
	a = load(t.kb, "parking-permit");
	assert_int_equal(kb_answer_for_customer(&text, t.kb, a,
	    KB_CHANNEL_EMAIL, 0), 0);
	snprintf(want, sizeof(want), "Permits are sold at the counter.\n"
	    "\nReference: kb answer parking-permit, version %.12s, "
	    "2026-11-20\n", a->version);
	expect_text(text, want);
	free(text);
	kb_answer_free(a);
	th_kb_finish(&t);
}

/* kb show: staff-only notes only when asked, labelled, else counted. */
static void
present__staff__shown_only_when_asked(void **state)
{
	struct kb_answer *a;
	struct th_kb t;
	char *text = NULL;

	(void)state;
	th_kb_start(&t, kb_files);
	setenv("KB_NOW", NOW, 1);
	a = load(t.kb, "dog-licence");
	assert_int_equal(kb_answer_present(&text, t.kb, a, KB_CHANNEL_EMAIL,
	    80, KB_PRESENT_META), 0);
	assert_null(strstr(text, "W12"));
	assert_null(strstr(text, "PDF form"));
	assert_null(strstr(text, KB_STAFF_LABEL));
	assert_non_null(strstr(text, "Staff:     2 staff-only notes, not "
	    "shown here\n"));
	free(text);
	assert_int_equal(kb_answer_present(&text, t.kb, a, KB_CHANNEL_EMAIL,
	    80, KB_PRESENT_META | KB_PRESENT_STAFF), 0);
	assert_non_null(strstr(text, KB_STAFF_LABEL "\n  Seniors: waive the "
	    "fee (code W12), only if they ask.\n"));
	assert_non_null(strstr(text, KB_STAFF_LABEL "\n  Attach the PDF form "
	    "when they have no printer.\n"));
	assert_null(strstr(text, "staff-only notes, not shown"));
	free(text);
	/* What is copied with the old flags leaves them out too. */
	assert_int_equal(kb_answer_present(&text, t.kb, a, KB_CHANNEL_EMAIL,
	    0, KB_PRESENT_STANDARD | KB_PRESENT_REFERENCE), 0);
	assert_null(strstr(text, "W12"));
	assert_null(strstr(text, "Staff"));
	free(text);
	kb_answer_free(a);
	th_kb_finish(&t);
}

static void
present__warning__internal_answers(void **state)
{
	struct kb_answer *a;
	struct th_kb t;
	char *w;

	(void)state;
	th_kb_start(&t, kb_files);
	a = load(t.kb, "dog-licence");
	assert_null(kb_answer_customer_warning(a));
	kb_answer_free(a);
	a = load(t.kb, "bulky-pickup");
	w = kb_answer_customer_warning(a);
	assert_non_null(w);
	assert_non_null(strstr(w, "bulky-pickup"));
	assert_non_null(strstr(w, "audience: internal"));
	free(w);
	kb_answer_free(a);
	th_kb_finish(&t);
}

int
main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(present__customer__email_fixture),
		cmocka_unit_test(present__customer__walkin_fixture),
		cmocka_unit_test(present__customer__email_without_section),
		cmocka_unit_test(present__staff__shown_only_when_asked),
		cmocka_unit_test(present__warning__internal_answers),
	};

	th_env_setup();
	return th_run(argc, argv, "present", tests, th_libkb_setup,
	    th_libkb_teardown);
}
