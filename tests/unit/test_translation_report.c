/*
 * Unit tests for the report's sections on translations (report.h):
 * "missing_translations" and "stale_translations", and the history
 * they read (store.h kb_store__last_changes), on real temporary git
 * repositories whose commits have set committer times.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include "helpers.h"
#include "kb/error.h"
#include "kb/kb.h"
#include "kb/report.h"
#include "store.h"

#define NITEMS(a) (sizeof(a) / sizeof((a)[0]))

/* The date th_env_setup() gives every commit. */
#define DEFAULT_GIT_DATE "2026-01-01T00:00:00+0000"

/* Commit everything in dir with author and committer date `date`. */
static void
commit_at(const char *dir, const char *date, const char *message)
{
	setenv("GIT_COMMITTER_DATE", date, 1);
	setenv("GIT_AUTHOR_DATE", date, 1);
	assert_int_equal(th_git_commit_all(dir, message), 0);
	setenv("GIT_COMMITTER_DATE", DEFAULT_GIT_DATE, 1);
	setenv("GIT_AUTHOR_DATE", DEFAULT_GIT_DATE, 1);
}

static struct kb_report *
report(struct th_kb *t)
{
	struct kb_report_options o;
	struct kb_report *r = NULL;
	int rc;

	memset(&o, 0, sizeof(o));
	rc = kb_report_build(&r, t->kb, &o);
	if (rc != 0 || r == NULL)
		fail_msg("kb_report_build: %d %s", rc, kb_error_last());
	return r;
}

static void
expect_section(struct th_kb *t, const char *name, const char *want)
{
	struct kb_report *r = report(t);
	char *got = th_table_rows(r, name);

	if (strcmp(got, want) != 0)
		fail_msg("%s (KB_NOW %s, TZ %s):\n--- want:\n%s--- got:\n%s",
		    name, getenv("KB_NOW") ? getenv("KB_NOW") : "unset",
		    getenv("TZ"), want, got);
	free(got);
	kb_report_free(r);
}

/* --- missing translations --------------------------------------------- */

#define ANSWER(title, extra) \
	"---\n" \
	"title: " title "\n" \
	"tags: t\n" \
	extra \
	"---\n" \
	"The text of " title ".\n"

/*
 * The languages expected are es and fr (the languages of answers that
 * say translation-of).  src-c has both; the translations themselves,
 * internal, expired (on 2026-03-01) and replaced answers are not listed.
 */
static const struct th_file missing_kb[] = {
	{ "answers/src-a.md", ANSWER("Source A", "translations: es:src-a-es\n") },
	{ "answers/es/src-a-es.md", ANSWER("Fuente A",
	  "lang: es\ntranslation-of: src-a\n") },
	{ "answers/src-b.md", ANSWER("Source B", "translations: fr:src-b-fr\n") },
	{ "answers/fr/src-b-fr.md", ANSWER("Source B fr",
	  "lang: fr\ntranslation-of: src-b\n") },
	{ "answers/src-c.md", ANSWER("Source C",
	  "translations: es:src-c-es, fr:src-c-fr\n") },
	{ "answers/es/src-c-es.md", ANSWER("Fuente C",
	  "lang: es\ntranslation-of: src-c\n") },
	{ "answers/fr/src-c-fr.md", ANSWER("Source C fr",
	  "lang: fr\ntranslation-of: src-c\n") },
	{ "answers/plain.md", ANSWER("Plain", "") },
	{ "answers/internal.md", ANSWER("Internal", "audience: internal\n") },
	{ "answers/expired.md", ANSWER("Expired", "expires: 2026-03-01\n") },
	{ "answers/expiring.md", ANSWER("Expiring", "expires: 2026-03-11\n") },
	{ "answers/replaced.md", ANSWER("Replaced", "") },
	{ "answers/replacer.md", ANSWER("Replacer",
	  "replaces: replaced\neffective: 2026-03-01\n") },
	{ "answers/soon-gone.md", ANSWER("Soon gone", "") },
	{ "answers/later.md", ANSWER("Later",
	  "replaces: soon-gone\neffective: 2026-04-01\n") },
	{ "answers/at-once-old.md", ANSWER("At once old", "") },
	{ "answers/at-once-new.md", ANSWER("At once new",
	  "replaces: at-once-old\n") },
	{ "answers/es/solo-es.md", ANSWER("Solo", "lang: es\n") },
	{ NULL, NULL }
};

static void
report__missing_translations(void **state)
{
	struct kb_report *r;
	const struct kb_table *tb;
	struct th_kb t;

	(void)state;
	th_kb_start(&t, missing_kb);
	setenv("KB_NOW", "2026-03-10", 1);
	r = report(&t);
	tb = th_table_of(r, "missing_translations");
	assert_string_equal(tb->title, "Answers missing a translation");
	assert_int_equal(tb->ncols, 3);
	assert_string_equal(tb->cols[0], "answer");
	assert_string_equal(tb->cols[1], "title");
	assert_string_equal(tb->cols[2], "missing");
	assert_string_equal(tb->numeric, "...");
	kb_report_free(r);
	expect_section(&t, "missing_translations",
	    "at-once-new|At once new|es, fr\n"
	    "expiring|Expiring|es, fr\n"
	    "later|Later|es, fr\n"
	    "plain|Plain|es, fr\n"
	    "replacer|Replacer|es, fr\n"
	    "solo-es|Solo|fr\n"
	    "soon-gone|Soon gone|es, fr\n"
	    "src-a|Source A|fr\n"
	    "src-b|Source B|es\n");

	/* Earlier: replaced and expired were still in use. */
	setenv("KB_NOW", "2026-02-15", 1);
	expect_section(&t, "missing_translations",
	    "at-once-new|At once new|es, fr\n"
	    "expired|Expired|es, fr\n"
	    "expiring|Expiring|es, fr\n"
	    "later|Later|es, fr\n"
	    "plain|Plain|es, fr\n"
	    "replaced|Replaced|es, fr\n"
	    "replacer|Replacer|es, fr\n"
	    "solo-es|Solo|fr\n"
	    "soon-gone|Soon gone|es, fr\n"
	    "src-a|Source A|fr\n"
	    "src-b|Source B|es\n");

	/* Later: expiring has expired, soon-gone is replaced. */
	setenv("KB_NOW", "2026-04-01", 1);
	expect_section(&t, "missing_translations",
	    "at-once-new|At once new|es, fr\n"
	    "later|Later|es, fr\n"
	    "plain|Plain|es, fr\n"
	    "replacer|Replacer|es, fr\n"
	    "solo-es|Solo|fr\n"
	    "src-a|Source A|fr\n"
	    "src-b|Source B|es\n");
	th_kb_finish(&t);
}

static void
report__missing_translations_none_expected(void **state)
{
	static const struct th_file files[] = {
		{ "answers/a.md", ANSWER("A", "") },
		{ "answers/b.md", ANSWER("B", "lang: es\n") },
		{ NULL, NULL }
	};
	struct th_kb t;

	(void)state;
	th_kb_start(&t, files);
	setenv("KB_NOW", "2026-03-10", 1);
	/* No answer is a translation: no language is expected. */
	expect_section(&t, "missing_translations", "");
	expect_section(&t, "stale_translations", "");
	th_kb_finish(&t);
}

/* --- stale translations ----------------------------------------------- */

#define C1 "2026-01-01T00:00:00+0000"
#define C2 "2026-02-01T09:30:00+0000"
#define C3 "2026-02-05T10:00:00+0000"
#define C4 "2026-02-10T12:00:00+0000"
#define C5 "2026-02-12T00:00:00+0000"
#define SIDE "2026-02-03T00:00:00+0000"
#define MERGE "2026-02-20T00:00:00+0000"

static const struct th_file stale_kb[] = {
	{ "answers/src.md", ANSWER("Source",
	  "translations: es:src-es, fr:src-fr\n") },
	{ "answers/es/src-es.md", ANSWER("Fuente",
	  "lang: es\ntranslation-of: src\n") },
	{ "answers/fr/src-fr.md", ANSWER("Source fr",
	  "lang: fr\ntranslation-of: src\n") },
	{ "answers/work.md", ANSWER("Work", "translations: es:work-es\n") },
	{ "answers/es/work-es.md", ANSWER("Otra",
	  "lang: es\ntranslation-of: work\n") },
	{ "answers/fresh.md", ANSWER("Fresh", "translations: es:fresh-es\n") },
	{ "answers/es/fresh-es.md", ANSWER("Fresca",
	  "lang: es\ntranslation-of: fresh\n") },
	{ "answers/untouched.md", ANSWER("Untouched",
	  "translations: es:untouched-es\n") },
	{ "answers/es/untouched-es.md", ANSWER("Intacta",
	  "lang: es\ntranslation-of: untouched\n") },
	{ NULL, NULL }
};

/*
 * C1 (th_make_kb, 2026-01-01 00:00 UTC): every file.  C2: src changes.
 * C3: src-fr follows.  C4: work changes.  A side branch from C4 changes
 * fresh-es (SIDE, 2026-02-03); C5 on main changes fresh; the side
 * branch is merged at MERGE (2026-02-20): on main's first-parent
 * history fresh-es changed then, after fresh.
 */
static void
stale_history(const char *dir)
{
	assert_int_equal(th_write_file(dir, "answers/src.md", ANSWER("Source",
	    "translations: es:src-es, fr:src-fr\nowner: o\n")), 0);
	commit_at(dir, C2, "src changes");
	assert_int_equal(th_write_file(dir, "answers/fr/src-fr.md",
	    ANSWER("Source fr", "lang: fr\ntranslation-of: src\nowner: o\n")),
	    0);
	commit_at(dir, C3, "src-fr follows");
	assert_int_equal(th_write_file(dir, "answers/work.md", ANSWER("Work",
	    "translations: es:work-es\nowner: o\n")), 0);
	commit_at(dir, C4, "work changes");
	assert_int_equal(th_git(dir, "checkout -q -b side"), 0);
	assert_int_equal(th_write_file(dir, "answers/es/fresh-es.md",
	    ANSWER("Fresca", "lang: es\ntranslation-of: fresh\nowner: o\n")),
	    0);
	commit_at(dir, SIDE, "fresh-es on a side branch");
	assert_int_equal(th_git(dir, "checkout -q main"), 0);
	assert_int_equal(th_write_file(dir, "answers/fresh.md", ANSWER("Fresh",
	    "translations: es:fresh-es\nowner: o\n")), 0);
	commit_at(dir, C5, "fresh changes");
	setenv("GIT_COMMITTER_DATE", MERGE, 1);
	setenv("GIT_AUTHOR_DATE", MERGE, 1);
	assert_int_equal(th_git(dir, "merge -q --no-ff -m merge side"), 0);
	setenv("GIT_COMMITTER_DATE", DEFAULT_GIT_DATE, 1);
	setenv("GIT_AUTHOR_DATE", DEFAULT_GIT_DATE, 1);
}

static void
report__stale_translations(void **state)
{
	struct kb_report *r;
	const struct kb_table *tb;
	struct th_kb t;
	size_t i;
	static const char *const cols[] = { "translation", "lang", "source",
	    "translated", "source changed" };

	(void)state;
	th_kb_start(&t, stale_kb);
	setenv("KB_NOW", "2026-03-10", 1);
	/* Nothing changed since the first commit: nothing is stale. */
	expect_section(&t, "stale_translations", "");
	stale_history(t.dir);

	r = report(&t);
	tb = th_table_of(r, "stale_translations");
	assert_string_equal(tb->title, "Translations older than their source");
	assert_int_equal(tb->ncols, NITEMS(cols));
	for (i = 0; i < NITEMS(cols); i++)
		assert_string_equal(tb->cols[i], cols[i]);
	assert_string_equal(tb->numeric, ".....");
	kb_report_free(r);
	/* Oldest first: the longest since the source changed. */
	expect_section(&t, "stale_translations",
	    "work-es|es|work|2026-01-01 00:00|2026-02-10 12:00\n"
	    "src-es|es|src|2026-01-01 00:00|2026-02-01 09:30\n");

	/* Times are local (TZ); the order does not change. */
	setenv("TZ", "America/New_York", 1);
	tzset();
	expect_section(&t, "stale_translations",
	    "work-es|es|work|2025-12-31 19:00|2026-02-10 07:00\n"
	    "src-es|es|src|2025-12-31 19:00|2026-02-01 04:30\n");
	setenv("TZ", "UTC", 1);
	tzset();

	/* src-es is translated again: only work-es is left. */
	assert_int_equal(th_write_file(t.dir, "answers/es/src-es.md",
	    ANSWER("Fuente", "lang: es\ntranslation-of: src\nowner: o\n")), 0);
	commit_at(t.dir, "2026-03-01T08:15:00+0000", "src-es follows");
	expect_section(&t, "stale_translations",
	    "work-es|es|work|2026-01-01 00:00|2026-02-10 12:00\n");
	th_kb_finish(&t);
}

/* --- kb_store__last_changes ------------------------------------------- */

static long long
epoch(const char *iso_utc)
{
	struct tm tm;

	memset(&tm, 0, sizeof(tm));
	assert_int_equal(sscanf(iso_utc, "%d-%d-%dT%d:%d:%d", &tm.tm_year,
	    &tm.tm_mon, &tm.tm_mday, &tm.tm_hour, &tm.tm_min, &tm.tm_sec), 6);
	tm.tm_year -= 1900;
	tm.tm_mon -= 1;
	return (long long)timegm(&tm);
}

/* The number of times that differ from `want` (each is printed). */
static size_t
wrong_times(struct kb_store *s, const char *commit, const char *const *paths,
    size_t n, const long long *want)
{
	long long *got = malloc(n ? n * sizeof(*got) : 1);
	size_t i, bad = 0;
	int rc;

	assert_non_null(got);
	memset(got, 0xAB, n * sizeof(*got));
	rc = kb_store__last_changes(got, s, commit, paths, n);
	if (rc != 0)
		fail_msg("kb_store__last_changes: %d %s", rc, kb_error_last());
	for (i = 0; i < n; i++)
		if (got[i] != want[i]) {
			print_error("%s at %.8s: %lld, want %lld\n", paths[i],
			    commit, got[i], want[i]);
			bad++;
		}
	free(got);
	return bad;
}

static void
expect_times(struct kb_store *s, const char *commit, const char *const *paths,
    size_t n, const long long *want)
{
	size_t bad = wrong_times(s, commit, paths, n, want);

	if (bad)
		fail_msg("%zu of %zu times wrong", bad, n);
}

static void
store__last_changes__first_parent(void **state)
{
	static const char *const paths[] = {
		"answers/src.md", "answers/es/src-es.md",
		"answers/fr/src-fr.md", "answers/es/fresh-es.md",
		"answers/fresh.md", "answers/untouched.md",
		"answers/nope.md",
	};
	long long want[NITEMS(paths)];
	struct kb_store *s = NULL;
	char *head, *c2;
	struct th_kb t;

	(void)state;
	th_kb_start(&t, stale_kb);
	stale_history(t.dir);
	head = th_git_output(t.dir, "rev-parse main");
	c2 = th_git_output(t.dir, "rev-parse main~4");
	assert_non_null(head);
	assert_non_null(c2);
	assert_int_equal(kb_store__open(&s, t.dir), 0);

	want[0] = epoch("2026-02-01T09:30:00");
	want[1] = epoch("2026-01-01T00:00:00");
	want[2] = epoch("2026-02-05T10:00:00");
	want[3] = epoch("2026-02-20T00:00:00");	/* merged, not SIDE */
	want[4] = epoch("2026-02-12T00:00:00");
	want[5] = epoch("2026-01-01T00:00:00");
	want[6] = 0;				/* not on the branch */
	expect_times(s, head, paths, NITEMS(paths), want);

	/* At C2 (main~4): what had changed by then. */
	want[0] = epoch("2026-02-01T09:30:00");
	want[1] = want[2] = want[3] = want[4] = want[5] =
	    epoch("2026-01-01T00:00:00");
	want[6] = 0;
	expect_times(s, c2, paths, NITEMS(paths), want);
	/* No paths: nothing to do. */
	expect_times(s, head, paths, 0, want);

	kb_store__close(s);
	free(head);
	free(c2);
	th_kb_finish(&t);
}

/*
 * A path that is not in the commit (deleted before it) must not stop
 * the others from being found: "0 for a path not in `commit`".
 */
static void
store__last_changes__deleted_path(void **state)
{
	static const struct th_file files[] = {
		{ "answers/x.md", ANSWER("X", "") },
		{ "answers/y.md", ANSWER("Y", "") },
		{ NULL, NULL }
	};
	static const char *const paths[] = { "answers/x.md", "answers/y.md" };
	static const char *const y_only[] = { "answers/y.md" };
	long long want[2];
	struct kb_store *s = NULL;
	struct th_kb t;
	size_t bad;
	char *head;

	(void)state;
	th_kb_start(&t, files);
	assert_int_equal(th_write_file(t.dir, "answers/x.md",
	    ANSWER("X", "owner: o\n")), 0);
	commit_at(t.dir, "2026-02-01T00:00:00+0000", "x changes");
	assert_int_equal(th_git(t.dir, "rm -q answers/x.md"), 0);
	commit_at(t.dir, "2026-03-01T00:00:00+0000", "x removed");
	head = th_git_output(t.dir, "rev-parse main");
	assert_non_null(head);
	assert_int_equal(kb_store__open(&s, t.dir), 0);

	want[0] = epoch("2026-01-01T00:00:00");
	expect_times(s, head, y_only, 1, want);
	want[0] = 0;
	want[1] = epoch("2026-01-01T00:00:00");
	bad = wrong_times(s, head, paths, 2, want);

	kb_store__close(s);
	free(head);
	th_kb_finish(&t);
	if (bad)
		fail_msg("%zu of 2 times wrong when one path is not in the "
		    "commit", bad);
}

int
main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(report__missing_translations),
		cmocka_unit_test(report__missing_translations_none_expected),
		cmocka_unit_test(report__stale_translations),
		cmocka_unit_test(store__last_changes__first_parent),
		cmocka_unit_test(store__last_changes__deleted_path),
	};

	th_env_setup();
	return th_run(argc, argv, "translation_report", tests,
	    th_libkb_setup, th_libkb_teardown);
}
