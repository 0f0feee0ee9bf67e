/*
 * Unit tests for the links between answers (standing.h): whether an
 * answer is in use on a day (effective, expires, replaces), the answer in
 * use in place of another, the language versions of an answer; search
 * leaving answers out on the day; the agent's search language
 * (identity.h kb_agent_lang) and the clock (clock.h) with KB_NOW.  On real
 * temporary git repositories; the date is always set with KB_NOW.
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
#include "kb/clock.h"
#include "kb/error.h"
#include "kb/identity.h"
#include "kb/index.h"
#include "kb/kb.h"
#include "kb/search.h"
#include "kb/standing.h"

#define NITEMS(a) (sizeof(a) / sizeof((a)[0]))

#define ANSWER(title, extra, body) \
	"---\n" \
	"title: " title "\n" \
	"tags: rules\n" \
	"related: current\n" \
	extra \
	"---\n" \
	body "\n"

/*
 * current: always in use.  future-rule: effective 2026-04-01.
 * old-rule: expires 2026-03-10 (gone that day).  fee-2026 replaces
 * fee-2025 from 2026-03-15; form-new replaces form-old with no date (at
 * once).  v2 replaces v1 from 2026-03-01, v3 replaces v2 from 2026-03-20.
 * loop-a and loop-b replace each other; l1 <- l2 <- l3 <- l1 too.
 */
static const struct th_file dated[] = {
	{ "answers/current.md", ANSWER("Current zebra rule", "",
	  "The zebra rule applies to every crossing.") },
	{ "answers/future-rule.md", ANSWER("Yak rule",
	  "effective: 2026-04-01\n", "The yak rule applies from April.") },
	{ "answers/old-rule.md", ANSWER("Walrus rule",
	  "expires: 2026-03-10\n", "The walrus rule applies until March.") },
	{ "answers/fee-2025.md", ANSWER("Parking permit fee",
	  "", "The parking permit fee is forty dollars.") },
	{ "answers/fee-2026.md", ANSWER("Parking permit fee",
	  "replaces: fee-2025\neffective: 2026-03-15\n",
	  "The parking permit fee is fifty dollars.") },
	{ "answers/form-old.md", ANSWER("Harbor form", "",
	  "Use the green harbor form.") },
	{ "answers/form-new.md", ANSWER("Harbor form", "replaces: form-old\n",
	  "Use the blue harbor form.") },
	{ "answers/v1.md", ANSWER("Vulture license", "",
	  "The first vulture license.") },
	{ "answers/v2.md", ANSWER("Vulture license",
	  "replaces: v1\neffective: 2026-03-01\n",
	  "The second vulture license.") },
	{ "answers/v3.md", ANSWER("Vulture license",
	  "replaces: v2\neffective: 2026-03-20\n",
	  "The third vulture license.") },
	{ "answers/loop-a.md", ANSWER("Loop alpha", "replaces: loop-b\n",
	  "Loop alpha text.") },
	{ "answers/loop-b.md", ANSWER("Loop beta", "replaces: loop-a\n",
	  "Loop beta text.") },
	{ "answers/l1.md", ANSWER("Ring one", "replaces: l3\n", "Ring one.") },
	{ "answers/l2.md", ANSWER("Ring two", "replaces: l1\n", "Ring two.") },
	{ "answers/l3.md", ANSWER("Ring three", "replaces: l2\n",
	  "Ring three.") },
	{ NULL, NULL }
};

/*
 * ssn-card lists es, fr and it (it does not exist); de says it
 * translates ssn-card without being listed.
 */
static const struct th_file translated[] = {
	{ "answers/ssn-card.md", "---\ntitle: Replace a Social Security card"
	  "\ntags: card\nrelated: ssn-card-es\n"
	  "translations: es:ssn-card-es,fr:ssn-card-fr ,  it:ssn-card-it\n"
	  "---\nAsk for a replacement Social Security card online.\n" },
	{ "answers/es/ssn-card-es.md", "---\ntitle: Reemplazar la tarjeta del "
	  "Seguro Social\ntags: card\nrelated: ssn-card\nlang: es\n"
	  "translation-of: ssn-card\n---\nPida una tarjeta nueva con su "
	  "n\xC3\xBAmero de Seguro Social.\n" },
	{ "answers/fr/ssn-card-fr.md", "---\ntitle: Remplacer la carte de "
	  "s\xC3\xA9" "curit\xC3\xA9 sociale\ntags: card\nrelated: ssn-card\n"
	  "lang: fr\ntranslation-of: ssn-card\n---\nDemandez une carte "
	  "neuve en ligne.\n" },
	{ "answers/de/ssn-card-de.md", "---\ntitle: Sozialversicherungskarte "
	  "ersetzen\ntags: card\nrelated: ssn-card\nlang: de\n"
	  "translation-of: ssn-card\n---\nBeantragen Sie eine neue Karte.\n" },
	{ "answers/alone.md", "---\ntitle: Alone\ntags: x\nrelated: ssn-card\n"
	  "---\nAn answer in one language.\n" },
	{ NULL, NULL }
};

static const char *const state_names[] = { "current", "not yet",
    "expired", "replaced" };

static void
expect_standing(struct kb *kb, const char *id, enum kb_standing_state state,
    const char *date, const char *by)
{
	struct kb_answer *a = NULL;
	struct kb_standing s;
	int rc;

	if ((rc = kb_answer_load(&a, kb, id)) != 0)
		fail_msg("kb_answer_load %s: %d %s", id, rc, kb_error_last());
	memset(&s, 0xAB, sizeof(s));
	rc = kb_answer_standing(&s, kb, a);
	kb_answer_free(a);
	if (rc != 0)
		fail_msg("kb_answer_standing %s: %d %s", id, rc,
		    kb_error_last());
	if (s.state != state || strcmp(s.date, date) != 0 ||
	    strcmp(s.by, by) != 0)
		fail_msg("%s on %s: %s '%s' by '%s'; want %s '%s' by '%s'", id,
		    getenv("KB_NOW"), (unsigned)s.state < 4 ?
		    state_names[s.state] : "?", s.date, s.by,
		    state_names[state], date, by);
}

static void
standing__current_not_yet_expired(void **state)
{
	struct th_kb t;

	(void)state;
	th_kb_start(&t, dated);
	setenv("KB_NOW", "2026-03-09", 1);
	expect_standing(t.kb, "current", KB_STANDING_CURRENT, "", "");
	expect_standing(t.kb, "old-rule", KB_STANDING_CURRENT, "", "");
	expect_standing(t.kb, "future-rule", KB_STANDING_NOT_YET,
	    "2026-04-01", "");
	/* expires: the first day it is gone. */
	setenv("KB_NOW", "2026-03-10", 1);
	expect_standing(t.kb, "old-rule", KB_STANDING_EXPIRED, "2026-03-10",
	    "");
	setenv("KB_NOW", "2027-01-01T08:00", 1);
	expect_standing(t.kb, "old-rule", KB_STANDING_EXPIRED, "2026-03-10",
	    "");
	/* effective: in use from that day. */
	setenv("KB_NOW", "2026-03-31T23:59", 1);
	expect_standing(t.kb, "future-rule", KB_STANDING_NOT_YET,
	    "2026-04-01", "");
	setenv("KB_NOW", "2026-04-01", 1);
	expect_standing(t.kb, "future-rule", KB_STANDING_CURRENT, "", "");
	expect_standing(t.kb, "current", KB_STANDING_CURRENT, "", "");
	th_kb_finish(&t);
}

static void
standing__replaced(void **state)
{
	struct th_kb t;

	(void)state;
	th_kb_start(&t, dated);
	/* Before the replacement's effective date: both stand as they are. */
	setenv("KB_NOW", "2026-03-14", 1);
	expect_standing(t.kb, "fee-2025", KB_STANDING_CURRENT, "", "");
	expect_standing(t.kb, "fee-2026", KB_STANDING_NOT_YET, "2026-03-15",
	    "");
	/* From that date the old one is replaced. */
	setenv("KB_NOW", "2026-03-15", 1);
	expect_standing(t.kb, "fee-2025", KB_STANDING_REPLACED, "2026-03-15",
	    "fee-2026");
	expect_standing(t.kb, "fee-2026", KB_STANDING_CURRENT, "", "");
	/* A replacement without a date takes over at once. */
	setenv("KB_NOW", "2020-01-01", 1);
	expect_standing(t.kb, "form-old", KB_STANDING_REPLACED, "",
	    "form-new");
	expect_standing(t.kb, "form-new", KB_STANDING_CURRENT, "", "");
	/* A chain: each is replaced by the next once it is effective. */
	setenv("KB_NOW", "2026-03-10", 1);
	expect_standing(t.kb, "v1", KB_STANDING_REPLACED, "2026-03-01", "v2");
	expect_standing(t.kb, "v2", KB_STANDING_CURRENT, "", "");
	expect_standing(t.kb, "v3", KB_STANDING_NOT_YET, "2026-03-20", "");
	setenv("KB_NOW", "2026-03-20", 1);
	expect_standing(t.kb, "v1", KB_STANDING_REPLACED, "2026-03-01", "v2");
	expect_standing(t.kb, "v2", KB_STANDING_REPLACED, "2026-03-20", "v3");
	expect_standing(t.kb, "v3", KB_STANDING_CURRENT, "", "");
	th_kb_finish(&t);
}

static void
expect_current_id(struct kb *kb, const char *id, const char *want)
{
	char *got = (char *)1;
	int rc = kb_answer_current_id(&got, kb, id);

	if (rc != 0 || got == NULL || strcmp(got, want) != 0)
		fail_msg("current id of %s on %s: %d '%s', want '%s'", id,
		    getenv("KB_NOW"), rc, rc == 0 && got ? got : "-", want);
	free(got);
}

static void
standing__current_id_follows_chain(void **state)
{
	struct th_kb t;

	(void)state;
	th_kb_start(&t, dated);
	setenv("KB_NOW", "2026-02-15", 1);
	expect_current_id(t.kb, "v1", "v1");
	expect_current_id(t.kb, "v2", "v2");
	setenv("KB_NOW", "2026-03-01", 1);
	expect_current_id(t.kb, "v1", "v2");
	setenv("KB_NOW", "2026-03-19", 1);
	expect_current_id(t.kb, "v1", "v2");
	setenv("KB_NOW", "2026-03-20", 1);
	expect_current_id(t.kb, "v1", "v3");
	expect_current_id(t.kb, "v2", "v3");
	expect_current_id(t.kb, "v3", "v3");
	expect_current_id(t.kb, "form-old", "form-new");
	expect_current_id(t.kb, "fee-2025", "fee-2026");
	expect_current_id(t.kb, "current", "current");
	setenv("KB_NOW", "2026-03-14", 1);
	expect_current_id(t.kb, "fee-2025", "fee-2025");
	th_kb_finish(&t);
}

/* A loop of replacements ends (it does not go round for ever). */
static void
standing__current_id_stops_on_loop(void **state)
{
	static const struct {
		const char *id;
		const char *members;	/* ",a,b," */
	} cases[] = {
		{ "loop-a", ",loop-a,loop-b," },
		{ "loop-b", ",loop-a,loop-b," },
		{ "l1", ",l1,l2,l3," },
		{ "l3", ",l1,l2,l3," },
	};
	struct th_kb t;
	size_t i;

	(void)state;
	th_kb_start(&t, dated);
	setenv("KB_NOW", "2026-03-10", 1);
	for (i = 0; i < NITEMS(cases); i++) {
		char *got = NULL, needle[80];
		int rc = kb_answer_current_id(&got, t.kb, cases[i].id);

		assert_int_equal(rc, 0);
		assert_non_null(got);
		snprintf(needle, sizeof(needle), ",%s,", got);
		if (strstr(cases[i].members, needle) == NULL)
			fail_msg("current id of %s: '%s', not in the loop",
			    cases[i].id, got);
		free(got);
	}
	/* Both ends of a loop are replaced: neither is in search. */
	th_expect_ids(t.kb, "loop alpha", "");
	th_expect_ids(t.kb, "ring", "");
	th_kb_finish(&t);
}

/* "id/lang,id/lang" of an answer's language versions (caller frees). */
static char *
versions_of(struct kb *kb, const char *id)
{
	struct kb_translation *v = (struct kb_translation *)1;
	size_t n = 99, i;
	char *s = calloc(1, 1024);
	int rc;

	assert_non_null(s);
	rc = kb_answer_translations(&v, &n, kb, id);
	if (rc != 0)
		fail_msg("kb_answer_translations %s: %d %s", id, rc,
		    kb_error_last());
	for (i = 0; i < n; i++) {
		if (i)
			strcat(s, ",");
		strncat(s, v[i].id, 100);
		strcat(s, "/");
		strncat(s, v[i].lang, 20);
	}
	kb_translations_free(v, n);
	return s;
}

static void
expect_versions(struct kb *kb, const char *id, const char *want)
{
	char *got = versions_of(kb, id);

	if (strcmp(got, want) != 0)
		fail_msg("versions of %s: '%s', want '%s'", id, got, want);
	free(got);
}

static void
standing__translations_both_sides(void **state)
{
	static const char all[] = "ssn-card/en,ssn-card-de/de,ssn-card-es/es,"
	    "ssn-card-fr/fr";
	struct kb_translation *v = (struct kb_translation *)1;
	size_t n = 99;
	struct th_kb t;

	(void)state;
	th_kb_start(&t, translated);
	/* The source first, then by language; it-id is not in the KB. */
	expect_versions(t.kb, "ssn-card", all);
	expect_versions(t.kb, "ssn-card-es", all);
	expect_versions(t.kb, "ssn-card-fr", all);
	expect_versions(t.kb, "ssn-card-de", all);
	expect_versions(t.kb, "alone", "alone/en");
	assert_int_equal(kb_answer_translations(&v, &n, t.kb, "no-such"),
	    KB_ENOTFOUND);
	assert_null(v);
	assert_int_equal(n, 0);
	kb_translations_free(NULL, 0);
	th_kb_finish(&t);
}

/* The source lists a translation that does not say so: still listed. */
static void
standing__translations_listed_by_source_only(void **state)
{
	static const struct th_file files[] = {
		{ "answers/a.md", "---\ntitle: A\ntags: t\nrelated: a-pt\n"
		  "translations: pt-BR:a-pt\n---\nAlpha.\n" },
		{ "answers/a-pt.md", "---\ntitle: A pt\ntags: t\n"
		  "related: a\nlang: pt-BR\n---\nAlfa.\n" },
		{ NULL, NULL }
	};
	struct th_kb t;

	(void)state;
	th_kb_start(&t, files);
	expect_versions(t.kb, "a", "a/en,a-pt/pt-BR");
	/* From a-pt, which names no source, only itself. */
	expect_versions(t.kb, "a-pt", "a-pt/pt-BR");
	th_kb_finish(&t);
}

static void
standing__search_leaves_out_by_date(void **state)
{
	static const struct {
		const char *now;
		const char *query;
		const char *want;
	} cases[] = {
		{ "2026-03-14", "parking permit fee", "fee-2025" },
		{ "2026-03-15", "parking permit fee", "fee-2026" },
		{ "2026-03-14T23:59", "parking permit fee", "fee-2025" },
		{ "2026-01-01", "harbor form", "form-new" },
		{ "2026-03-09", "walrus", "old-rule" },
		{ "2026-03-10", "walrus", "" },
		{ "2026-03-31", "yak", "" },
		{ "2026-04-01", "yak", "future-rule" },
		{ "2026-02-28", "vulture license", "v1" },
		{ "2026-03-01", "vulture license", "v2" },
		{ "2026-03-19", "vulture license", "v2" },
		{ "2026-03-20", "vulture license", "v3" },
		{ "2026-02-28", "vulture license", "v1" },
		{ "2026-03-10", "zebra", "current" },
	};
	struct kb_index_stats st;
	struct th_kb t;
	size_t i;

	(void)state;
	th_kb_start(&t, dated);
	setenv("KB_NOW", "2026-03-10", 1);
	assert_int_equal(kb_index_update(&st, t.kb, 0, NULL, NULL), 0);
	assert_int_equal(st.total, NITEMS(dated) - 1);
	for (i = 0; i < NITEMS(cases); i++) {
		setenv("KB_NOW", cases[i].now, 1);
		th_expect_ids(t.kb, cases[i].query, cases[i].want);
	}
	/* The index was never touched: only the date changed. */
	assert_int_equal(kb_index_refresh(t.kb), 0);
	assert_int_equal(kb_index_update(&st, t.kb, 0, NULL, NULL), 0);
	assert_int_equal(st.up_to_date, 1);
	th_kb_finish(&t);
}

static char *
search_lang(struct kb *kb, const char *query, const char *lang)
{
	struct kb_search_options opts = KB_SEARCH_OPTIONS_INIT;
	struct kb_results *r = NULL;
	char *ids = calloc(1, 1024);
	size_t i;

	assert_non_null(ids);
	opts.lang = lang;
	if (kb_search(&r, kb, query, &opts) != 0 || r == NULL)
		fail_msg("kb_search '%s': %s", query, kb_error_last());
	for (i = 0; i < r->nhits; i++) {
		if (i)
			strcat(ids, ",");
		strncat(ids, r->hits[i].id, 100);
	}
	kb_results_free(r);
	return ids;
}

static void
expect_lang(struct kb *kb, const char *query, const char *lang,
    const char *want)
{
	char *got = search_lang(kb, query, lang);

	if (strcmp(got, want) != 0)
		fail_msg("search '%s' in %s: '%s', want '%s'", query,
		    lang ? lang : "all", got, want);
	free(got);
}

static void
standing__search_language(void **state)
{
	struct th_kb t;

	(void)state;
	th_kb_start(&t, translated);
	expect_lang(t.kb, "tarjeta", "es", "ssn-card-es");
	expect_lang(t.kb, "tarjeta", "en", "");
	/* With or without the accent. */
	expect_lang(t.kb, "n\xC3\xBAmero", "es", "ssn-card-es");
	expect_lang(t.kb, "numero", "es", "ssn-card-es");
	expect_lang(t.kb, "NUMERO seguro", NULL, "ssn-card-es");
	expect_lang(t.kb, "carte", "fr", "ssn-card-fr");
	expect_lang(t.kb, "carte", "es", "");
	th_kb_finish(&t);
}

/* kb_agent_lang: "xx" or NULL (every language), and its error. */
static void
expect_agent_lang(struct kb *kb, const char *given, const char *want)
{
	char *got = (char *)1;
	int rc = kb_agent_lang(&got, kb, given);

	if (rc != 0)
		fail_msg("kb_agent_lang(%s): %d %s", given ? given : "NULL",
		    rc, kb_error_last());
	if (want == NULL ? got != NULL : got == NULL || strcmp(got, want))
		fail_msg("kb_agent_lang(%s) with KB_LANG %s: '%s', want '%s'",
		    given ? given : "NULL", getenv("KB_LANG") ?
		    getenv("KB_LANG") : "unset", got ? got : "NULL",
		    want ? want : "NULL");
	free(got);
}

static void
expect_agent_lang_error(struct kb *kb, const char *given, const char *msg)
{
	char *got = (char *)1;
	int rc = kb_agent_lang(&got, kb, given);

	if (rc != KB_EINVALID || got != NULL)
		fail_msg("kb_agent_lang(%s): %d, want KB_EINVALID and NULL",
		    given ? given : "NULL", rc);
	if (strstr(kb_error_last(), msg) == NULL)
		fail_msg("error '%s', want '%s'", kb_error_last(), msg);
}

static void
standing__agent_lang_given_and_env(void **state)
{
	struct th_kb t;

	(void)state;
	th_kb_start(&t, translated);
	unsetenv("KB_LANG");
	expect_agent_lang(t.kb, NULL, NULL);
	expect_agent_lang(NULL, NULL, NULL);
	expect_agent_lang(t.kb, "es", "es");
	expect_agent_lang(t.kb, "pt-BR", "pt-BR");
	expect_agent_lang(t.kb, "all", NULL);
	expect_agent_lang(t.kb, "", NULL);
	expect_agent_lang_error(t.kb, "xx1", "--lang: 'xx1' is not a "
	    "language such as en or es (or all)");
	expect_agent_lang_error(t.kb, "Spanish", "--lang: 'Spanish'");

	setenv("KB_LANG", "fr", 1);
	expect_agent_lang(t.kb, NULL, "fr");
	expect_agent_lang(NULL, NULL, "fr");
	expect_agent_lang(t.kb, "es", "es");	/* --lang wins */
	expect_agent_lang(t.kb, "all", NULL);
	setenv("KB_LANG", "all", 1);
	expect_agent_lang(t.kb, NULL, NULL);
	setenv("KB_LANG", "xx1", 1);
	expect_agent_lang_error(t.kb, NULL, "KB_LANG: 'xx1' is not a "
	    "language such as en or es (or all)");
	expect_agent_lang(t.kb, "de", "de");
	th_kb_finish(&t);
}

static void
write_home_gitconfig(const char *content)
{
	const char *home = getenv("HOME");

	assert_non_null(home);
	assert_int_equal(th_write_file(home, ".gitconfig", content), 0);
}

static void
remove_home_gitconfig(void)
{
	char *p = th_path(getenv("HOME"), ".gitconfig");

	assert_int_equal(th_rmrf(p), 0);
	free(p);
}

static void
standing__agent_lang_git_config(void **state)
{
	struct th_kb t;

	(void)state;
	unsetenv("KB_LANG");
	/* The KB repository's config. */
	memset(&t, 0, sizeof(t));
	t.dir = th_make_kb(translated);
	assert_non_null(t.dir);
	assert_int_equal(th_git(t.dir, "config kb.lang es"), 0);
	t.kb = th_kb_open(t.dir);
	expect_agent_lang(t.kb, NULL, "es");
	setenv("KB_LANG", "fr", 1);
	expect_agent_lang(t.kb, NULL, "fr");	/* KB_LANG wins */
	setenv("KB_LANG", "", 1);
	expect_agent_lang(t.kb, NULL, "es");	/* empty: not set */
	unsetenv("KB_LANG");
	expect_agent_lang(t.kb, "en", "en");
	kb_close(t.kb);

	assert_int_equal(th_git(t.dir, "config kb.lang english"), 0);
	t.kb = th_kb_open(t.dir);
	expect_agent_lang_error(t.kb, NULL, "git config kb.lang: 'english' is "
	    "not a language such as en or es (or all)");
	kb_close(t.kb);
	assert_int_equal(th_git(t.dir, "config kb.lang all"), 0);
	t.kb = th_kb_open(t.dir);
	expect_agent_lang(t.kb, NULL, NULL);
	kb_close(t.kb);

	/* The agent's ~/.gitconfig, which the KB's own config overrides. */
	assert_int_equal(th_git(t.dir, "config --unset kb.lang"), 0);
	write_home_gitconfig("[kb]\n\tlang = de\n");
	t.kb = th_kb_open(t.dir);
	expect_agent_lang(t.kb, NULL, "de");
	kb_close(t.kb);
	assert_int_equal(th_git(t.dir, "config kb.lang pt-BR"), 0);
	t.kb = th_kb_open(t.dir);
	expect_agent_lang(t.kb, NULL, "pt-BR");
	remove_home_gitconfig();
	th_kb_finish(&t);
}

/*
 * kb.lang is remembered in the index (config_cache.c): a change to any
 * config file it may come from is seen at once, by the same open KB.
 */
static void
standing__agent_lang_cache_follows_config(void **state)
{
	struct th_kb t;

	(void)state;
	unsetenv("KB_LANG");
	th_kb_start(&t, translated);
	assert_int_equal(kb_index_update(NULL, t.kb, 0, NULL, NULL), 0);
	expect_agent_lang(t.kb, NULL, NULL);
	expect_agent_lang(t.kb, NULL, NULL);	/* from the cache */
	write_home_gitconfig("[kb]\n\tlang = de\n");
	expect_agent_lang(t.kb, NULL, "de");
	write_home_gitconfig("[kb]\n\tlang = fr\n");
	expect_agent_lang(t.kb, NULL, "fr");
	assert_int_equal(th_git(t.dir, "config kb.lang es"), 0);
	expect_agent_lang(t.kb, NULL, "es");
	assert_int_equal(th_git(t.dir, "config --unset kb.lang"), 0);
	expect_agent_lang(t.kb, NULL, "fr");
	/* libgit2 keeps a deleted config file's values while the repository
	 * is open; a new process (every command) reads afresh. */
	remove_home_gitconfig();
	kb_close(t.kb);
	t.kb = th_kb_open(t.dir);
	expect_agent_lang(t.kb, NULL, NULL);
	th_kb_finish(&t);
}

static void
expect_now(const char *kb_now, const char *want)
{
	char out[KB_LOCAL_TIME_SIZE];

	setenv("KB_NOW", kb_now, 1);
	memset(out, 'x', sizeof(out));
	kb_now_local(out);
	if (strcmp(out, want) != 0)
		fail_msg("KB_NOW '%s': kb_now_local '%s', want '%s'", kb_now,
		    out, want);
}

static void
standing__now_local_with_kb_now(void **state)
{
	char out[KB_LOCAL_TIME_SIZE], before[KB_LOCAL_TIME_SIZE],
	    after[KB_LOCAL_TIME_SIZE], today[11];
	struct tm tm;
	time_t now;

	(void)state;
	expect_now("2026-03-10", "2026-03-10T00:00:00");
	expect_now("2026-03-10T08:30", "2026-03-10T08:30:00");
	expect_now("2026-03-10 08:30", "2026-03-10T08:30:00");
	expect_now("2026-03-10T08:30:15", "2026-03-10T08:30:15");
	expect_now("2026-12-31T23:59:59", "2026-12-31T23:59:59");
	/* A bad time: the date at midnight. */
	expect_now("2026-03-10T25:00", "2026-03-10T00:00:00");
	/* KB_NOW is local time whatever TZ says. */
	setenv("TZ", "America/New_York", 1);
	tzset();
	expect_now("2026-03-10T08:30", "2026-03-10T08:30:00");
	kb_today(today);
	assert_string_equal(today, "2026-03-10");
	setenv("TZ", "UTC", 1);
	tzset();
	setenv("KB_NOW", "2026-03-10T23:59:59", 1);
	kb_today(today);
	assert_string_equal(today, "2026-03-10");

	/* An invalid KB_NOW, or none: the real clock. */
	unsetenv("KB_NOW");
	for (;;) {
		now = time(NULL);
		localtime_r(&now, &tm);
		strftime(before, sizeof(before), "%Y-%m-%dT%H:%M:%S", &tm);
		kb_now_local(out);
		now = time(NULL);
		localtime_r(&now, &tm);
		strftime(after, sizeof(after), "%Y-%m-%dT%H:%M:%S", &tm);
		if (strcmp(before, after) == 0)
			break;		/* not across a second */
	}
	assert_string_equal(out, before);
	setenv("KB_NOW", "2026-02-30T08:00", 1);
	kb_now_local(out);
	assert_int_equal(strlen(out), 19);
	assert_true(strncmp(out, "2026-02-30", 10) != 0);
	assert_true(out[10] == 'T' && out[13] == ':' && out[16] == ':');
	unsetenv("KB_NOW");
}

int
main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(standing__current_not_yet_expired),
		cmocka_unit_test(standing__replaced),
		cmocka_unit_test(standing__current_id_follows_chain),
		cmocka_unit_test(standing__current_id_stops_on_loop),
		cmocka_unit_test(standing__translations_both_sides),
		cmocka_unit_test(standing__translations_listed_by_source_only),
		cmocka_unit_test(standing__search_leaves_out_by_date),
		cmocka_unit_test(standing__search_language),
		cmocka_unit_test(standing__agent_lang_given_and_env),
		cmocka_unit_test(standing__agent_lang_git_config),
		cmocka_unit_test(standing__agent_lang_cache_follows_config),
		cmocka_unit_test(standing__now_local_with_kb_now),
	};

	th_env_setup();
	unsetenv("KB_LANG");
	return th_run(argc, argv, "standing", tests, th_libkb_setup,
	    th_libkb_teardown);
}
