/*
 * Unit tests for kb_check (check.h) on real temporary git repositories:
 * the links that need the whole KB (translations both ways, replacements,
 * notice tags), files under notices/ that are not notices, and the
 * counts it returns.
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
#include "kb/check.h"
#include "kb/error.h"
#include "kb/kb.h"

#define NITEMS(a) (sizeof(a) / sizeof((a)[0]))

struct tkb {
	char *dir;
	struct kb *kb;
	struct th_diags d;
	struct kb_check_stats st;
};

/* Make the KB and check it. */
static void
check_kb(struct tkb *t, const struct th_file *files)
{
	int rc;

	memset(t, 0, sizeof(*t));
	t->dir = th_make_kb(files);
	assert_non_null(t->dir);
	t->kb = th_kb_open(t->dir);
	memset(&t->st, 0xAB, sizeof(t->st));
	rc = kb_check(&t->st, t->kb, th_diag_collect, &t->d);
	if (rc != 0)
		fail_msg("kb_check: %d %s", rc, kb_error_last());
}

static void
tkb_finish(struct tkb *t)
{
	kb_close(t->kb);
	assert_int_equal(th_rmrf(t->dir), 0);
	free(t->dir);
	th_diags_free(&t->d);
}

/* Exactly one diagnostic with this path, line, severity and message. */
static void
expect_diag(const struct tkb *t, const char *path, unsigned line,
    enum kb_severity severity, const char *message)
{
	size_t i, found = 0;

	for (i = 0; i < t->d.n; i++)
		if (strcmp(t->d.v[i].path, path) == 0 &&
		    t->d.v[i].line == line && t->d.v[i].severity == severity &&
		    strcmp(t->d.v[i].message, message) == 0)
			found++;
	if (found != 1) {
		th_diags_dump(&t->d);
		fail_msg("%zu times, want once: %s:%u: %s: %s", found, path,
		    line, severity == KB_SEVERITY_ERROR ? "error" : "warning",
		    message);
	}
}

static void
expect_counts(const struct tkb *t, unsigned answers, unsigned notices,
    unsigned errors, unsigned warnings)
{
	if (t->st.answers != answers || t->st.notices != notices ||
	    t->st.errors != errors || t->st.warnings != warnings ||
	    th_diags_count(&t->d, KB_SEVERITY_ERROR) != errors ||
	    th_diags_count(&t->d, KB_SEVERITY_WARNING) != warnings) {
		th_diags_dump(&t->d);
		fail_msg("answers %u notices %u errors %u warnings %u; want "
		    "%u %u %u %u", t->st.answers, t->st.notices, t->st.errors,
		    t->st.warnings, answers, notices, errors, warnings);
	}
}

#define A(front, body) "---\ntitle: T\ntags: t\n" front "---\n" body "\n"

static void
check__clean_kb(void **state)
{
	static const struct th_file files[] = {
		{ "answers/src.md", A("translations: es:src-es, fr:src-fr\n"
		  "related: src-es\n", "Source.") },
		{ "answers/es/src-es.md", A("lang: es\ntranslation-of: src\n",
		  "Fuente.") },
		{ "answers/fr/src-fr.md", A("lang: fr\ntranslation-of: src\n",
		  "Source fr.") },
		{ "answers/old.md", A("", "Old.") },
		{ "answers/new.md", A("replaces: old\neffective: 2026-03-01\n",
		  "New.") },
		{ "notices/closed.md", "---\ntitle: Closed\nstarts: 2026-03-01"
		  "\nends: 2026-03-02\nseverity: info\ntags: T\n---\nClosed.\n" },
		{ "notices/all.md", "---\ntitle: All\nstarts: 2026-03-01\n"
		  "ends: 2026-03-02\nseverity: warning\n---\nEveryone.\n" },
		{ NULL, NULL }
	};
	struct tkb t;

	(void)state;
	check_kb(&t, files);
	expect_counts(&t, 5, 2, 0, 0);
	tkb_finish(&t);
}

/*
 * src lists es (right), fr (in the wrong language), de (does not say
 * translation-of) and it (missing).  orphan-es names src, which does not
 * list it; ghost-es names nothing; chain-es names a translation;
 * same-en is in src's language.
 */
static void
check__translations_both_directions(void **state)
{
	static const struct th_file files[] = {
		{ "answers/src.md", A("owner: o\ntranslations: es:src-es, "
		  "fr:src-fr, de:src-de, it:src-it\n", "Source.") },
		{ "answers/es/src-es.md", A("lang: es\ntranslation-of: src\n",
		  "Fuente.") },
		{ "answers/src-fr.md", A("lang: es\ntranslation-of: src\n",
		  "Not French.") },
		{ "answers/de/src-de.md", A("lang: de\n", "Quelle.") },
		{ "answers/es/orphan-es.md", A("lang: es\ntranslation-of: src\n",
		  "Hu\xC3\xA9rfano.") },
		{ "answers/es/ghost-es.md", A("lang: es\n"
		  "translation-of: nothing-here\n", "Fantasma.") },
		{ "answers/fr/chain-fr.md", A("lang: fr\n"
		  "translation-of: src-es\n", "Cha\xC3\xAEne.") },
		{ "answers/same-en.md", A("translation-of: src\n", "Same.") },
		{ NULL, NULL }
	};
	struct tkb t;

	(void)state;
	check_kb(&t, files);
	/* From the source. */
	expect_diag(&t, "answers/src.md", 5, KB_SEVERITY_ERROR,
	    "translation 'fr:src-fr': answers/src-fr.md is in 'es' "
	    "(lang: es)");
	expect_diag(&t, "answers/src.md", 5, KB_SEVERITY_ERROR,
	    "translation 'de:src-de': answers/de/src-de.md should say "
	    "'translation-of: src'");
	expect_diag(&t, "answers/src.md", 5, KB_SEVERITY_ERROR,
	    "translation 'it:src-it' does not exist");
	/* From the translations. */
	expect_diag(&t, "answers/es/orphan-es.md", 5, KB_SEVERITY_ERROR,
	    "translation-of: answers/src.md should list it: "
	    "'translations: es:orphan-es'");
	expect_diag(&t, "answers/es/ghost-es.md", 5, KB_SEVERITY_ERROR,
	    "translation-of: answer 'nothing-here' does not exist");
	expect_diag(&t, "answers/fr/chain-fr.md", 5, KB_SEVERITY_ERROR,
	    "translation-of: 'src-es' is itself a translation (of 'src'): "
	    "name the source");
	expect_diag(&t, "answers/same-en.md", 4, KB_SEVERITY_ERROR,
	    "translation-of: 'src' is in the same language (en)");
	expect_counts(&t, 8, 0, 7, 0);
	tkb_finish(&t);
}

static void
check__replaces(void **state)
{
	static const struct th_file files[] = {
		/* A loop of two and a loop of three. */
		{ "answers/loop-a.md", A("replaces: loop-b\n"
		  "effective: 2026-01-01\n", "A.") },
		{ "answers/loop-b.md", A("replaces: loop-a\n"
		  "effective: 2026-01-01\n", "B.") },
		{ "answers/c1.md", A("replaces: c3\neffective: 2026-01-01\n",
		  "C1.") },
		{ "answers/c2.md", A("replaces: c1\neffective: 2026-01-01\n",
		  "C2.") },
		{ "answers/c3.md", A("replaces: c2\neffective: 2026-01-01\n",
		  "C3.") },
		/* Into a loop without being part of it: no error. */
		{ "answers/d.md", A("replaces: c1\neffective: 2026-01-01\n",
		  "D.") },
		/* A replaced answer already removed. */
		{ "answers/new-x.md", A("replaces: gone-x\n"
		  "effective: 2026-01-01\n", "X.") },
		/* No effective date. */
		{ "answers/at-once.md", A("owner: o\nreplaces: old-y\n", "Y.") },
		{ "answers/old-y.md", A("", "Old Y.") },
		{ NULL, NULL }
	};
	static const char *const looped[] = { "loop-a", "loop-b", "c1", "c2",
	    "c3" };
	struct tkb t;
	size_t i;

	(void)state;
	check_kb(&t, files);
	for (i = 0; i < NITEMS(looped); i++) {
		char path[64], msg[128];

		snprintf(path, sizeof(path), "answers/%s.md", looped[i]);
		snprintf(msg, sizeof(msg), "replaces: answers replace each "
		    "other in a loop back to '%s'", looped[i]);
		expect_diag(&t, path, 4, KB_SEVERITY_ERROR, msg);
	}
	expect_diag(&t, "answers/new-x.md", 4, KB_SEVERITY_WARNING,
	    "replaces: answer 'gone-x' does not exist (already removed?)");
	expect_diag(&t, "answers/at-once.md", 5, KB_SEVERITY_WARNING,
	    "replaces 'old-y' without an 'effective' date: it takes over at "
	    "once");
	expect_counts(&t, 9, 0, 5, 2);
	tkb_finish(&t);
}

static void
check__notices(void **state)
{
	static const struct th_file files[] = {
		{ "answers/passport.md", "---\ntitle: Passport\n"
		  "tags: passport, renewal\n---\nRenew.\n" },
		{ "answers/dog.md", "---\ntitle: Dog\ntags: Dog\n---\nDog.\n" },
		/* PASSPORT and dog match (any case); nosuchtag does not. */
		{ "notices/outage.md", "---\ntitle: Outage\nstarts: 2026-03-01"
		  "\nends: 2026-03-02\nseverity: critical\n"
		  "tags: PASSPORT, nosuchtag, dog\n---\nDown.\n" },
		{ "notices/broken.md", "---\ntitle: Broken\nstarts: 2026-03-01"
		  "\nends: 2026-03-02\nseverity: urgent\ntags: nowhere\n---\n"
		  "Body.\n" },
		{ "notices/wordy.md", "---\ntitle: Wordy\nstarts: 2026-03-01\n"
		  "ends: 2026-03-02\nseverity: info\nmood: calm\n---\nText.\n" },
		{ "notices/sub/deep.md", "---\ntitle: Deep\n---\nx\n" },
		{ "notices/readme.txt", "Notices go here.\n" },
		{ NULL, NULL }
	};
	struct tkb t;

	(void)state;
	check_kb(&t, files);
	/* Reported on the line of `tags:`. */
	expect_diag(&t, "notices/outage.md", 6, KB_SEVERITY_WARNING,
	    "tag 'nosuchtag' matches no answer: the notice is shown with "
	    "none for it");
	expect_diag(&t, "notices/broken.md", 5, KB_SEVERITY_ERROR,
	    "severity 'urgent' should be info, warning or critical");
	expect_diag(&t, "notices/wordy.md", 6, KB_SEVERITY_WARNING,
	    "unknown key 'mood' (kept, but kb does not use it)");
	expect_diag(&t, "notices/sub/deep.md", 0, KB_SEVERITY_WARNING,
	    "not a notice (notices are notices/<id>.md, no subfolders); "
	    "ignored");
	expect_diag(&t, "notices/readme.txt", 0, KB_SEVERITY_WARNING,
	    "not a notice (notices are notices/<id>.md, no subfolders); "
	    "ignored");
	/* The broken notice's tags are not checked (it is not shown). */
	assert_null(th_diags_find(&t.d, KB_SEVERITY_WARNING, "nowhere"));
	expect_counts(&t, 2, 3, 1, 4);
	tkb_finish(&t);
}

static void
check__no_stats_pointer(void **state)
{
	static const struct th_file files[] = {
		{ "answers/a.md", A("translations: es:missing\n", "A.") },
		{ NULL, NULL }
	};
	struct th_diags d = TH_DIAGS_INIT;
	char *dir;
	struct kb *kb;

	(void)state;
	dir = th_make_kb(files);
	assert_non_null(dir);
	kb = th_kb_open(dir);
	assert_int_equal(kb_check(NULL, kb, th_diag_collect, &d), 0);
	assert_int_equal(d.n, 1);
	assert_string_equal(d.v[0].message,
	    "translation 'es:missing' does not exist");
	assert_int_equal(kb_check(NULL, kb, NULL, NULL), 0);
	kb_close(kb);
	th_diags_free(&d);
	assert_int_equal(th_rmrf(dir), 0);
	free(dir);
}

int
main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(check__clean_kb),
		cmocka_unit_test(check__translations_both_directions),
		cmocka_unit_test(check__replaces),
		cmocka_unit_test(check__notices),
		cmocka_unit_test(check__no_stats_pointer),
	};

	th_env_setup();
	return th_run(argc, argv, "check", tests, th_libkb_setup,
	    th_libkb_teardown);
}
