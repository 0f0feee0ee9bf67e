/*
 * Unit tests for reviewers.c (kb/reviewers.h): which names may be a line
 * of REVIEWERS, the list as committed on main, and adding and removing
 * one by a commit on main, on real temporary repositories.  (Who may
 * decide, kb_reviewer, is tested with proposals: test_proposal.c.)
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "helpers.h"
#include "kb/kb.h"
#include "kb/reviewers.h"

#define WALRUS "---\ntitle: Walrus\ntags: zoo\n---\nFed at noon.\n"

static const struct th_file with_reviewers[] = {
	{ "answers/zoo/walrus.md", WALRUS },
	{ "REVIEWERS", "# Who decides\n  Rita Reviewer  \n\n# Sam, below\n"
	  "sam@example.invalid" },
	{ NULL, NULL }
};

static const struct th_file without_reviewers[] = {
	{ "answers/zoo/walrus.md", WALRUS },
	{ NULL, NULL }
};

static void
identity(struct th_kb *t, const char *name, const char *email)
{
	assert_int_equal(th_git(t->dir, "config user.name '%s'", name), 0);
	assert_int_equal(th_git(t->dir, "config user.email '%s'", email), 0);
}

/* The names kb_reviewers_list gives, one a line ("" for none). */
static void
expect_list(struct kb *kb, int exists, const char *want)
{
	struct kb_reviewers r;
	char got[1024] = "";
	size_t i;

	if (kb_reviewers_list(&r, kb) < 0)
		fail_msg("kb_reviewers_list: %s", kb_error_last());
	assert_int_equal(r.exists, exists);
	for (i = 0; i < r.n; i++)
		snprintf(got + strlen(got), sizeof(got) - strlen(got), "%s%s",
		    i ? "\n" : "", r.names[i]);
	assert_string_equal(got, want);
	kb_reviewers_clear(&r);
}

static char *
main_of(struct th_kb *t)
{
	return th_git_output(t->dir, "rev-parse main");
}

static void
valid__what_a_line_may_be(void **state)
{
	static const struct {
		const char *who;
		int ok;
	} cases[] = {
		{ "Rita Reviewer", 1 }, { "rita@example.org", 1 },
		{ "Mar\xc3\xad" "a Jos\xc3\xa9", 1 }, { "x", 1 },
		{ "", 0 }, { " Rita", 0 }, { "Rita ", 0 }, { "# Rita", 0 },
		{ "a\nb", 0 }, { "a\tb", 0 }, { "a\rb", 0 }, { "a\x1b" "[31m", 0 },
		{ "a\x7f", 0 }, { "caf\xe9", 0 }, { "a\xc2\x85" "z", 0 },
		{ "a\xe2\x80\xae" "z", 0 }, { "a\xe2\x80\xa8" "z", 0 },
	};
	char long_name[KB_REVIEWER_MAX + 2];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		if ((kb_reviewer_valid(cases[i].who) == 0) != cases[i].ok)
			fail_msg("case %zu: want %s", i, cases[i].ok ? "valid" :
			    "refused");
	memset(long_name, 'a', sizeof(long_name));
	long_name[KB_REVIEWER_MAX] = '\0';
	assert_int_equal(kb_reviewer_valid(long_name), 0);
	long_name[KB_REVIEWER_MAX] = 'a';
	long_name[KB_REVIEWER_MAX + 1] = '\0';
	assert_int_equal(kb_reviewer_valid(long_name), KB_EINVALID);
	assert_int_equal(kb_reviewer_valid(NULL), KB_EINVALID);
}

static void
list__names_not_comments(void **state)
{
	struct th_kb t;

	(void)state;
	th_kb_start(&t, with_reviewers);
	expect_list(t.kb, 1, "Rita Reviewer\nsam@example.invalid");
	th_kb_finish(&t);
	th_kb_start(&t, without_reviewers);
	expect_list(t.kb, 0, "");
	th_kb_finish(&t);
}

static void
change__add_and_remove_by_a_commit(void **state)
{
	struct th_kb t;
	char *before, *after, *text, *subject;

	(void)state;
	th_kb_start(&t, with_reviewers);
	identity(&t, "Rita Reviewer", "rita@example.invalid");
	before = main_of(&t);
	assert_int_equal(kb_reviewers_change(NULL, t.kb, KB_REVIEWERS_ADD,
	    "Ted Third"), 0);
	after = main_of(&t);
	assert_string_not_equal(before, after);
	/* The file had no newline at its end: the new line is a line. */
	text = th_git_output(t.dir, "show main:REVIEWERS");
	assert_string_equal(text, "# Who decides\n  Rita Reviewer  \n\n"
	    "# Sam, below\nsam@example.invalid\nTed Third");
	free(text);
	subject = th_git_output(t.dir, "log -1 --format=%%s%%n%%an main");
	assert_string_equal(subject, "Add Ted Third to REVIEWERS\n"
	    "Rita Reviewer");
	free(subject);
	assert_int_equal(th_git(t.dir, "diff --quiet HEAD"), 0);

	/* Removed: the email in any case; the comments stay. */
	assert_int_equal(kb_reviewers_change(NULL, t.kb, KB_REVIEWERS_REMOVE,
	    "SAM@example.invalid"), 0);
	expect_list(t.kb, 1, "Rita Reviewer\nTed Third");
	text = th_git_output(t.dir, "show main:REVIEWERS");
	assert_non_null(strstr(text, "# Sam, below\n"));
	free(text);
	free(before);
	free(after);
	th_kb_finish(&t);
}

static void
change__refused_leaves_main(void **state)
{
	struct th_kb t;
	char *before, *now;

	(void)state;
	th_kb_start(&t, with_reviewers);
	identity(&t, "Rita Reviewer", "rita@example.invalid");
	before = main_of(&t);
	assert_int_equal(kb_reviewers_change(NULL, t.kb, KB_REVIEWERS_ADD,
	    "Sam@Example.Invalid"), KB_EINVALID);
	assert_non_null(strstr(kb_error_last(), "already"));
	assert_int_equal(kb_reviewers_change(NULL, t.kb, KB_REVIEWERS_REMOVE,
	    "Nora Nobody"), KB_ENOTFOUND);
	assert_int_equal(kb_reviewers_change(NULL, t.kb, KB_REVIEWERS_ADD,
	    "bad\nname"), KB_EINVALID);
	/* Part of a name is not the name: nothing to remove. */
	assert_int_equal(kb_reviewers_change(NULL, t.kb, KB_REVIEWERS_REMOVE,
	    "Rita"), KB_ENOTFOUND);
	assert_int_equal(kb_reviewers_change(NULL, t.kb, KB_REVIEWERS_REMOVE,
	    "sam@example.invalid"), 0);
	free(before);
	before = main_of(&t);
	assert_int_equal(kb_reviewers_change(NULL, t.kb, KB_REVIEWERS_REMOVE,
	    "Rita Reviewer"), KB_EINVALID);
	assert_non_null(strstr(kb_error_last(), "only reviewer"));
	identity(&t, "Nora Nobody", "nora@example.invalid");
	assert_int_equal(kb_reviewers_change(NULL, t.kb, KB_REVIEWERS_ADD,
	    "Nora Nobody"), KB_EINVALID);
	assert_non_null(strstr(kb_error_last(), "may not change REVIEWERS"));
	now = main_of(&t);
	assert_string_equal(before, now);
	free(now);
	free(before);
	th_kb_finish(&t);
}

static void
change__anyone_adds_the_first(void **state)
{
	struct th_kb t;
	char *text;

	(void)state;
	th_kb_start(&t, without_reviewers);
	identity(&t, "Nora Nobody", "nora@example.invalid");
	assert_int_equal(kb_reviewers_change(NULL, t.kb, KB_REVIEWERS_REMOVE,
	    "Nora Nobody"), KB_EINVALID);
	assert_non_null(strstr(kb_error_last(), "no REVIEWERS file"));
	assert_int_equal(kb_reviewers_change(NULL, t.kb, KB_REVIEWERS_ADD,
	    "rita@example.invalid"), 0);
	text = th_git_output(t.dir, "show main:REVIEWERS");
	assert_non_null(strstr(text, "\nrita@example.invalid"));
	assert_true(text[0] == '#');
	free(text);
	/* Nora added Rita; Nora is not a reviewer for it. */
	assert_int_equal(kb_reviewers_change(NULL, t.kb, KB_REVIEWERS_ADD,
	    "Nora Nobody"), KB_EINVALID);
	th_kb_finish(&t);
}

int
main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(valid__what_a_line_may_be),
		cmocka_unit_test(list__names_not_comments),
		cmocka_unit_test(change__add_and_remove_by_a_commit),
		cmocka_unit_test(change__refused_leaves_main),
		cmocka_unit_test(change__anyone_adds_the_first),
	};

	th_env_setup();
	return th_run(argc, argv, "reviewers", tests,
	    th_libkb_setup, th_libkb_teardown);
}
