/*
 * Unit tests for the usage log (usage.h) and its reports (report.h)
 * through the public API, on real temporary git repositories.  The log
 * is read back with SQLite directly, as any other tool would read it.
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
#include <sqlite3.h>
#include <unistd.h>

#include "helpers.h"
#include "kb/error.h"
#include "kb/index.h"
#include "kb/kb.h"
#include "kb/report.h"
#include "kb/usage.h"
#include "office_name.h"
#include "usage_check.h"

/*
 * With KB_NOW=2026-03-10: alpha's review is overdue, beta's due in 15
 * days, epsilon's exactly 30 days away (still listed), gamma's 31 days
 * away (not listed); delta has no review date.  Every answer has tags
 * and related ids, so that only the usage log is under test.
 */
#define TODAY "2026-03-10"

#define ANSWER(title, review) \
	"---\n" \
	"title: " title "\n" \
	"tags: usage, test\n" \
	"related: alpha\n" \
	review \
	"---\n" \
	"The text of " title ".\n"

static const struct th_file five_answers[] = {
	{ "answers/a/alpha.md", ANSWER("Alpha answer",
	    "review-by: 2026-03-01\n") },
	{ "answers/a/beta.md", ANSWER("Beta answer",
	    "review-by: 2026-03-25\n") },
	{ "answers/b/gamma.md", ANSWER("Gamma answer",
	    "review-by: 2026-04-10\n") },
	{ "answers/b/delta.md", ANSWER("Delta answer", "") },
	{ "answers/b/epsilon.md", ANSWER("Epsilon answer",
	    "review-by: 2026-04-09\n") },
	{ NULL, NULL }
};

/*
 * The rows a query gives on <gitdir>/kb/usage.db, read with a connection
 * of our own: "a|b|c\n" per row, NULL as "NULL".  "" when no row, and
 * "(no usage.db)" when the file does not exist.  Caller frees.
 */
static char *
usage_rows(struct th_kb *t, const char *sql)
{
	char *path = th_path(kb_state_dir(t->kb), "usage.db");
	char *out;

	if (access(path, F_OK) != 0) {
		free(path);
		out = malloc(20);
		assert_non_null(out);
		strcpy(out, "(no usage.db)");
		return out;
	}
	out = th_db_file_rows(path, sql);
	free(path);
	return out;
}

static void
expect_rows(struct th_kb *t, const char *sql, const char *want)
{
	char *got = usage_rows(t, sql);

	th_expect_str(got, want, sql);
	free(got);
}

static long
count_events(struct th_kb *t)
{
	char *got = usage_rows(t, "SELECT count(*) FROM event");
	long n = strcmp(got, "(no usage.db)") == 0 ? 0 : atol(got);

	free(got);
	return n;
}

/* An event that must be logged. */
struct ev {
	enum kb_event_kind kind;
	const char *time, *agent, *office;
	enum kb_channel channel;
	const char *answer, *query;
	long hits;
	const char *reason;
};

static void
log_ok(struct th_kb *t, const struct ev *v)
{
	struct kb_event e = KB_EVENT_INIT;
	int rc;

	e.kind = v->kind;
	e.time = v->time;
	e.agent = v->agent;
	e.office = v->office;
	e.channel = v->channel;
	e.answer = v->answer;
	e.query = v->query;
	e.hits = v->hits;
	e.reason = v->reason;
	rc = kb_usage_log(t->kb, &e, 1000);
	if (rc != 0)
		fail_msg("kb_usage_log %s %s: %d %s", kb_event_kind_name(
		    v->kind), v->answer ? v->answer : "-", rc, kb_error_last());
}

static void
log_all(struct th_kb *t, const struct ev *v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		log_ok(t, &v[i]);
}

#define USE KB_EVENT_USE
#define SEARCH KB_EVENT_SEARCH
#define FLAG KB_EVENT_FLAG
#define UNSAT KB_EVENT_UNSATISFIED
#define NONE KB_CHANNEL_NONE
#define PHONE KB_CHANNEL_PHONE
#define EMAIL KB_CHANNEL_EMAIL
#define WALKIN KB_CHANNEL_WALKIN

/* --- logging -------------------------------------------------------------- */

static void
usage__log__each_kind(void **state)
{
	static const struct ev evs[] = {
		{ USE, "2026-02-01T09:00:00Z", "ann", "North", PHONE, "alpha",
		  "alpha query", -1, NULL },
		{ SEARCH, "2026-02-01T09:01:00Z", "ann", "North", EMAIL, NULL,
		  "nothing found", 0, NULL },
		{ FLAG, "2026-02-01T09:02:00Z", "bob", NULL, WALKIN, "beta",
		  NULL, -1, "outdated" },
		{ UNSAT, "2026-02-01T09:03:00Z", "bob", "", NONE, "gamma",
		  NULL, -1, NULL },
	};
	struct kb_event e = KB_EVENT_INIT;
	struct th_kb t;
	char *blob, *want;

	(void)state;
	th_kb_start(&t, five_answers);
	log_all(&t, evs, 4);
	expect_rows(&t, "SELECT time, kind, agent, office, channel, answer,"
	    " version, query, hits, reason FROM event ORDER BY id",
	    "2026-02-01T09:00:00Z|use|ann|North|phone|alpha|NULL|alpha query"
	    "|NULL|NULL\n"
	    "2026-02-01T09:01:00Z|search|ann|North|email|NULL|NULL|"
	    "nothing found|0|NULL\n"
	    "2026-02-01T09:02:00Z|flag|bob|NULL|walk-in|beta|NULL|NULL|NULL|"
	    "outdated\n"
	    "2026-02-01T09:03:00Z|unsatisfied|bob|NULL|NULL|gamma|NULL|NULL|"
	    "NULL|NULL\n");
	th_expect_str(kb_event_kind_name(KB_EVENT_USE), "use", "kind name");
	th_expect_str(kb_event_kind_name(KB_EVENT_SEARCH), "search",
	    "kind name");
	th_expect_str(kb_event_kind_name(KB_EVENT_FLAG), "flag", "kind name");
	th_expect_str(kb_event_kind_name(KB_EVENT_UNSATISFIED), "unsatisfied",
	    "kind name");
	th_expect_str(kb_flag_reasons[0], "outdated", "reason 0");
	th_expect_str(kb_flag_reasons[1], "wrong", "reason 1");
	th_expect_str(kb_flag_reasons[2], "unclear", "reason 2");
	assert_null(kb_flag_reasons[3]);

	/* The version is stored as given: the answer's blob id. */
	blob = th_git_output(t.dir, "rev-parse main:answers/b/delta.md");
	assert_non_null(blob);
	e.agent = "ann";
	e.answer = "delta";
	e.version = blob;
	e.channel = PHONE;
	e.time = "2026-02-02T00:00:00Z";
	assert_int_equal(kb_usage_log(t.kb, &e, 1000), 0);
	want = malloc(strlen(blob) + 2);
	assert_non_null(want);
	sprintf(want, "%s\n", blob);
	expect_rows(&t, "SELECT version FROM event WHERE answer = 'delta'",
	    want);
	free(want);
	free(blob);

	/* The schema kb(1) documents. */
	expect_rows(&t, "SELECT group_concat(name, ',') FROM ("
	    "SELECT name FROM pragma_table_info('event') ORDER BY cid)",
	    "id,uid,time,kind,agent,office,channel,answer,version,query,hits,"
	    "reason,sure,undoes,closes\n");
	expect_rows(&t, "PRAGMA user_version", "4\n");
	expect_rows(&t, "PRAGMA journal_mode", "wal\n");
	th_kb_finish(&t);
}

static void
usage__log__required_fields(void **state)
{
	struct kb_event e = KB_EVENT_INIT;
	struct th_kb t;
	enum kb_event_kind k;

	(void)state;
	th_kb_start(&t, five_answers);

	/* No agent: refused, whatever the kind. */
	for (k = KB_EVENT_USE; k <= KB_EVENT_UNSATISFIED; k++) {
		e.kind = k;
		e.answer = "alpha";
		e.agent = NULL;
		e.channel = PHONE;
		assert_int_equal(kb_usage_log(t.kb, &e, 1000), KB_EINVALID);
		assert_non_null(strstr(kb_error_last(), "agent"));
		e.agent = "";
		assert_int_equal(kb_usage_log(t.kb, &e, 1000), KB_EINVALID);
		assert_non_null(strstr(kb_error_last(), "agent"));
	}
	/* No answer: refused for a use, a flag, an unsatisfied customer. */
	e.agent = "ann";
	for (k = KB_EVENT_USE; k <= KB_EVENT_UNSATISFIED; k++) {
		if (k == KB_EVENT_SEARCH)
			continue;
		e.kind = k;
		e.reason = k == KB_EVENT_FLAG ? "wrong" : NULL;
		e.answer = NULL;
		assert_int_equal(kb_usage_log(t.kb, &e, 1000), KB_EINVALID);
		assert_non_null(strstr(kb_error_last(), "answer"));
		e.answer = "";
		assert_int_equal(kb_usage_log(t.kb, &e, 1000), KB_EINVALID);
		assert_non_null(strstr(kb_error_last(), "answer"));
	}
	assert_int_equal(count_events(&t), 0);

	/* A search needs no answer. */
	e.kind = KB_EVENT_SEARCH;
	e.answer = NULL;
	e.reason = NULL;
	e.query = "anything";
	e.hits = 2;
	e.time = "2026-02-01T00:00:00Z";
	assert_int_equal(kb_usage_log(t.kb, &e, 1000), 0);
	expect_rows(&t, "SELECT kind, agent, answer, query, hits FROM event",
	    "search|ann|NULL|anything|2\n");
	th_kb_finish(&t);
}

static void
usage__log__queries_not_logged(void **state)
{
	static const struct ev evs[] = {
		{ SEARCH, "2026-02-01T10:00:00Z", "ann", NULL, PHONE, NULL,
		  "secret passport question", 3, NULL },
		{ SEARCH, "2026-02-01T10:01:00Z", "ann", NULL, PHONE, NULL,
		  "another secret", 0, NULL },
		{ USE, "2026-02-01T10:02:00Z", "ann", NULL, PHONE, "alpha",
		  "secret query", -1, NULL },
	};
	static const struct ev logged = { SEARCH, "2026-02-01T11:00:00Z",
	    "ann", NULL, PHONE, NULL, "visible again", 1, NULL };
	struct th_kb t;

	(void)state;
	th_kb_start(&t, five_answers);
	assert_int_equal(th_git(t.dir, "config kb.logQueries false"), 0);
	th_kb_reopen(&t);
	log_all(&t, evs, 3);
	expect_rows(&t, "SELECT kind, query, hits FROM event ORDER BY id",
	    "search|NULL|3\nsearch|NULL|0\nuse|NULL|NULL\n");

	/* Any spelling git takes for false. */
	assert_int_equal(th_git(t.dir, "config kb.logQueries Off"), 0);
	th_kb_reopen(&t);
	log_ok(&t, &evs[0]);
	expect_rows(&t, "SELECT count(*) FROM event WHERE query IS NULL"
	    " AND hits = 3", "2\n");

	/* Back to true: the text is kept again. */
	assert_int_equal(th_git(t.dir, "config kb.logQueries true"), 0);
	th_kb_reopen(&t);
	log_ok(&t, &logged);
	expect_rows(&t, "SELECT query, hits FROM event WHERE time ="
	    " '2026-02-01T11:00:00Z'", "visible again|1\n");
	expect_rows(&t, "SELECT count(*) FROM event WHERE query LIKE"
	    " '%secret%'", "0\n");
	th_kb_finish(&t);
}

static void
usage__log__times(void **state)
{
	static const struct ev explicit_times[] = {
		{ USE, "2025-12-31T23:59:59Z", "ann", NULL, PHONE, "alpha",
		  NULL, -1, NULL },
		{ USE, "2024-02-29T12:00:00Z", "ann", NULL, PHONE, "alpha",
		  NULL, -1, NULL },
	};
	struct ev now = { USE, NULL, "ann", NULL, PHONE, "beta", NULL, -1,
	    NULL };
	char before[32], after[32], *got;
	struct tm tm;
	time_t s;
	struct th_kb t;
	size_t i;

	(void)state;
	th_kb_start(&t, five_answers);

	/* Explicit times are stored as given, even with KB_NOW set. */
	setenv("KB_NOW", "2030-01-01T01:02:03", 1);
	log_all(&t, explicit_times, 2);
	expect_rows(&t, "SELECT time FROM event ORDER BY id",
	    "2025-12-31T23:59:59Z\n2024-02-29T12:00:00Z\n");

	/* No time: KB_NOW's date and time, taken as UTC. */
	{
		static const char *const env[][2] = {
			{ "2030-01-01T01:02:03", "2030-01-01T01:02:03Z" },
			{ "2030-01-02T04:05", "2030-01-02T04:05:00Z" },
			{ "2030-01-03", "2030-01-03T00:00:00Z" },
		};

		for (i = 0; i < 3; i++) {
			char sql[128], want[64];

			setenv("KB_NOW", env[i][0], 1);
			now.answer = i == 0 ? "beta" : i == 1 ? "gamma" :
			    "delta";
			log_ok(&t, &now);
			snprintf(sql, sizeof(sql), "SELECT time FROM event "
			    "WHERE answer = '%s'", now.answer);
			snprintf(want, sizeof(want), "%s\n", env[i][1]);
			expect_rows(&t, sql, want);
		}
	}

	/* Without KB_NOW: the real time, in UTC. */
	unsetenv("KB_NOW");
	s = time(NULL);
	gmtime_r(&s, &tm);
	strftime(before, sizeof(before), "%Y-%m-%dT%H:%M:%SZ\n", &tm);
	now.answer = "epsilon";
	log_ok(&t, &now);
	s = time(NULL);
	gmtime_r(&s, &tm);
	strftime(after, sizeof(after), "%Y-%m-%dT%H:%M:%SZ\n", &tm);
	got = usage_rows(&t, "SELECT time FROM event WHERE answer ="
	    " 'epsilon'");
	if (strlen(got) != 21 || strcmp(got, before) < 0 ||
	    strcmp(got, after) > 0)
		fail_msg("time of an event logged now: %s not within %s..%s",
		    got, before, after);
	free(got);
	th_kb_finish(&t);
}

static void
usage__log__uid_unique(void **state)
{
	struct ev v = { USE, "2026-02-01T00:00:00Z", "ann", NULL, PHONE,
	    "alpha", NULL, -1, NULL };
	char *path, *uid, *sql;
	sqlite3 *db;
	struct th_kb t;
	int i;

	(void)state;
	th_kb_start(&t, five_answers);
	/* The same event 300 times: 300 rows, 300 different uids. */
	for (i = 0; i < 300; i++)
		log_ok(&t, &v);
	expect_rows(&t, "SELECT count(*), count(DISTINCT uid) FROM event",
	    "300|300\n");
	expect_rows(&t, "SELECT count(*) FROM event WHERE length(uid) = 32"
	    " AND uid NOT GLOB '*[^0-9a-f]*'", "300\n");

	/* Two offices' logs can be merged: the database refuses a copy. */
	uid = usage_rows(&t, "SELECT uid FROM event WHERE id = 1");
	uid[strlen(uid) - 1] = '\0';
	path = th_path(kb_state_dir(t.kb), "usage.db");
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	sql = sqlite3_mprintf("INSERT INTO event(uid, time, kind, agent)"
	    " VALUES(%Q, '2026-02-01T00:00:00Z', 'use', 'x')", uid);
	assert_int_equal(sqlite3_exec(db, sql, NULL, NULL, NULL),
	    SQLITE_CONSTRAINT);
	sqlite3_free(sql);
	sqlite3_close(db);
	free(path);
	free(uid);
	assert_int_equal(count_events(&t), 300);
	th_kb_finish(&t);
}

static void
usage__log__busy_times_out(void **state)
{
	struct ev v = { USE, "2026-02-01T00:00:00Z", "ann", NULL, PHONE,
	    "alpha", NULL, -1, NULL };
	struct timespec t0, t1;
	sqlite3 *db;
	char *path;
	struct th_kb t;
	long ms;
	int rc;

	(void)state;
	th_kb_start(&t, five_answers);
	log_ok(&t, &v);
	/* Another writer holds the log: wait the time given, then give up. */
	path = th_path(kb_state_dir(t.kb), "usage.db");
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	free(path);
	assert_int_equal(sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL,
	    NULL), SQLITE_OK);
	{
		struct kb_event e = KB_EVENT_INIT;

		e.agent = "ann";
		e.answer = "beta";
		e.channel = PHONE;
		clock_gettime(CLOCK_MONOTONIC, &t0);
		rc = kb_usage_log(t.kb, &e, 300);
		clock_gettime(CLOCK_MONOTONIC, &t1);
	}
	ms = (t1.tv_sec - t0.tv_sec) * 1000 + (t1.tv_nsec - t0.tv_nsec) /
	    1000000;
	if (rc != KB_ELOCKED)
		fail_msg("kb_usage_log with the log locked: %d %s, want "
		    "KB_ELOCKED", rc, kb_error_last());
	if (ms < 250 || ms > 3000)
		fail_msg("kb_usage_log waited %ld ms for a 300 ms timeout", ms);
	assert_int_equal(sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL),
	    SQLITE_OK);
	sqlite3_close(db);
	expect_rows(&t, "SELECT answer FROM event", "alpha\n");
	/* The writer gone, the caller tries again and the event is kept. */
	v.answer = "beta";
	log_ok(&t, &v);
	expect_rows(&t, "SELECT answer FROM event ORDER BY id",
	    "alpha\nbeta\n");
	th_kb_finish(&t);
}

/* kb use's path: the version comes from git, the index is not needed. */
static void
usage__log_answer__without_the_index(void **state)
{
	struct kb_event e = KB_EVENT_INIT;
	char *path, *blob, *want;
	struct th_kb t;

	(void)state;
	th_kb_start(&t, five_answers);
	/* An index that cannot be opened at all: a directory in its place. */
	path = th_path(t.dir, ".git/kb/index.db");
	th_rmrf(path);
	assert_int_equal(th_write_file(t.dir, ".git/kb/index.db/x", "x"), 0);
	free(path);
	e.agent = "ann";
	e.channel = PHONE;
	e.answer = "beta";
	e.version = "not read";
	assert_int_equal(kb_usage_log_answer(t.kb, &e, 1000), 0);
	blob = th_git_output(t.dir, "rev-parse main:answers/a/beta.md");
	want = malloc(strlen(blob) + 16);
	sprintf(want, "beta|%s\n", blob);
	expect_rows(&t, "SELECT answer, version FROM event", want);
	free(want);
	free(blob);
	e.answer = "no-such-answer";
	assert_int_equal(kb_usage_log_answer(t.kb, &e, 1000), KB_ENOTFOUND);
	assert_non_null(strstr(kb_error_last(), "no-such-answer"));
	e.answer = "Beta";
	assert_int_equal(kb_usage_log_answer(t.kb, &e, 1000), KB_ENOTFOUND);
	e.answer = "a/beta";
	assert_int_equal(kb_usage_log_answer(t.kb, &e, 1000), KB_ENOTFOUND);
	assert_int_equal(count_events(&t), 1);
	th_kb_finish(&t);
}

/* A search's sure hits: a part of its hits, NULL when not known. */
static void
usage__log__sure(void **state)
{
	static const long good[][2] = { { 3, 0 }, { 3, 3 }, { 2, -1 },
	    { 0, 0 } };
	static const long bad[][2] = { { 2, 3 }, { -1, 0 }, { 0, 1 } };
	struct kb_event e = KB_EVENT_INIT;
	struct th_kb t;
	size_t i;

	(void)state;
	th_kb_start(&t, five_answers);
	assert_int_equal(e.sure, -1);	/* not known unless given */
	e.kind = KB_EVENT_SEARCH;
	e.agent = "ann";
	e.query = "river otters";
	e.time = "2026-02-01T00:00:00Z";
	for (i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
		e.hits = good[i][0];
		e.sure = good[i][1];
		assert_int_equal(kb_usage_log(t.kb, &e, 1000), 0);
	}
	expect_rows(&t, "SELECT hits, sure FROM event ORDER BY id",
	    "3|0\n3|3\n2|NULL\n0|0\n");
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		e.hits = bad[i][0];
		e.sure = bad[i][1];
		assert_int_equal(kb_usage_log(t.kb, &e, 1000), KB_EINVALID);
		if (strstr(kb_error_last(), "sure") == NULL)
			fail_msg("hits %ld, sure %ld: %s", bad[i][0], bad[i][1],
			    kb_error_last());
	}
	assert_int_equal(count_events(&t), 4);

	/* A use has none. */
	e = (struct kb_event)KB_EVENT_INIT;
	e.agent = "ann";
	e.answer = "alpha";
	e.channel = PHONE;
	assert_int_equal(kb_usage_log(t.kb, &e, 1000), 0);
	expect_rows(&t, "SELECT hits, sure FROM event WHERE kind = 'use'",
	    "NULL|NULL\n");
	th_kb_finish(&t);
}

#define GOOD_LINE(uid, time, kind, agent, office, channel, answer, version, \
    query, hits, reason) \
	"{\"uid\":" uid ",\"time\":" time ",\"kind\":" kind ",\"agent\":" \
	agent ",\"office\":" office ",\"channel\":" channel ",\"answer\":" \
	answer ",\"version\":" version ",\"query\":" query ",\"hits\":" hits \
	",\"reason\":" reason "}"
#define U "\"0123456789abcdef0123456789abcdef\""
#define T "\"2026-11-25T10:00:00Z\""
#define V "\"4a3ef5b2efdf518a51cd4d6637b0c566efdf4b84\""

static void
usage__check__every_field(void **state)
{
	static const struct th_usage_line_case cases[] = {
		{ GOOD_LINE(U, T, "\"use\"", "\"Ann\"", "\"North Side\"",
		    "\"phone\"", "\"dog-licence\"", V, "\"dog tag\"", "null",
		    "null"), "" },
		{ GOOD_LINE(U, T, "\"search\"", "\"Ann\"", "null", "null",
		    "null", "null", "\"dog\"", "3", "null"), "" },
		{ GOOD_LINE(U, T, "\"flag\"", "\"Ann\"", "null", "null",
		    "\"dog-licence\"", "null", "null", "null",
		    "\"Caf\\u00e9 hours\""), "" },
		{ "{\"uid\":" U ",\"time\":" T ",\"kind\":\"use\",\"agent\":"
		    "\"Ann\",\"answer\":\"x\"}", "" },
		{ GOOD_LINE("\"a b\"", T, "\"use\"", "\"Ann\"", "null", "null",
		    "\"x\"", "null", "null", "null", "null"), "uid" },
		{ GOOD_LINE("7", T, "\"use\"", "\"Ann\"", "null", "null",
		    "\"x\"", "null", "null", "null", "null"), "uid" },
		{ GOOD_LINE(U, "\"2026-11-25 10:00:00\"", "\"use\"", "\"Ann\"",
		    "null", "null", "\"x\"", "null", "null", "null", "null"),
		    "time" },
		{ GOOD_LINE(U, T, "\"delete\"", "\"Ann\"", "null", "null",
		    "\"x\"", "null", "null", "null", "null"), "kind" },
		{ GOOD_LINE(U, T, "\"use\"", "\"\"", "null", "null", "\"x\"",
		    "null", "null", "null", "null"), "agent" },
		{ GOOD_LINE(U, T, "\"use\"", "\"A\\u001bB\"", "null", "null",
		    "\"x\"", "null", "null", "null", "null"), "agent" },
		{ GOOD_LINE(U, T, "\"use\"", "\"A\\u202eB\"", "null", "null",
		    "\"x\"", "null", "null", "null", "null"), "agent" },
		{ GOOD_LINE(U, T, "\"use\"", "\"A\xff\"", "null", "null",
		    "\"x\"", "null", "null", "null", "null"), "agent" },
		{ GOOD_LINE(U, T, "\"use\"", "\"A\\u0000B\"", "null", "null",
		    "\"x\"", "null", "null", "null", "null"), "not JSON" },
		{ GOOD_LINE(U, T, "\"use\"", "\"Ann\"", "\"N\\nS\"", "null",
		    "\"x\"", "null", "null", "null", "null"), "office" },
		{ GOOD_LINE(U, T, "\"use\"", "\"Ann\"", "null", "\"Phone\"",
		    "\"x\"", "null", "null", "null", "null"), "channel" },
		{ GOOD_LINE(U, T, "\"use\"", "\"Ann\"", "null", "null", "null",
		    "null", "null", "null", "null"), "answer is missing" },
		{ GOOD_LINE(U, T, "\"use\"", "\"Ann\"", "null", "null",
		    "\"../x\"", "null", "null", "null", "null"), "answer" },
		{ GOOD_LINE(U, T, "\"use\"", "\"Ann\"", "null", "null", "\"x\"",
		    "\"HEAD\"", "null", "null", "null"), "version" },
		{ GOOD_LINE(U, T, "\"use\"", "\"Ann\"", "null", "null", "\"x\"",
		    "null", "7", "null", "null"), "query" },
		{ GOOD_LINE(U, T, "\"search\"", "\"Ann\"", "null", "null",
		    "null", "null", "null", "-1", "null"), "hits" },
		{ GOOD_LINE(U, T, "\"search\"", "\"Ann\"", "null", "null",
		    "null", "null", "null", "\"3\"", "null"), "hits" },
		{ GOOD_LINE(U, T, "\"flag\"", "\"Ann\"", "null", "null",
		    "\"x\"", "null", "null", "null", "\"a\\tb\""), "reason" },
	};

	(void)state;
	th_expect_usage_lines(cases, sizeof(cases) / sizeof(cases[0]));
}

/* Lengths: at the limit is kept, one byte more is not. */
static void
usage__check__lengths(void **state)
{
	char agent[USAGE_CHECK_NAME_MAX + 2], query[USAGE_CHECK_TEXT_MAX + 2];
	char line[4096];

	(void)state;
	memset(agent, 'a', sizeof(agent));
	memset(query, 'q', sizeof(query));
	agent[USAGE_CHECK_NAME_MAX] = '\0';
	query[USAGE_CHECK_TEXT_MAX] = '\0';
	snprintf(line, sizeof(line), GOOD_LINE(U, T, "\"use\"", "\"%s\"",
	    "null", "null", "\"x\"", "null", "\"%s\"", "null", "null"), agent,
	    query);
	assert_string_equal(th_usage_line_problem(line), "");
	agent[USAGE_CHECK_NAME_MAX] = 'a';
	agent[USAGE_CHECK_NAME_MAX + 1] = '\0';
	snprintf(line, sizeof(line), GOOD_LINE(U, T, "\"use\"", "\"%s\"",
	    "null", "null", "\"x\"", "null", "\"%s\"", "null", "null"), agent,
	    query);
	assert_non_null(strstr(th_usage_line_problem(line), "agent"));
	agent[USAGE_CHECK_NAME_MAX] = '\0';
	query[USAGE_CHECK_TEXT_MAX] = 'q';
	query[USAGE_CHECK_TEXT_MAX + 1] = '\0';
	snprintf(line, sizeof(line), GOOD_LINE(U, T, "\"use\"", "\"%s\"",
	    "null", "null", "\"x\"", "null", "\"%s\"", "null", "null"), agent,
	    query);
	assert_non_null(strstr(th_usage_line_problem(line), "query"));
}

/* "sure": absent (an older office) or null, else a count within hits. */
static void
usage__check__sure(void **state)
{
#define SEARCH_LINE(hits, sure) "{\"uid\":" U ",\"time\":" T \
	",\"kind\":\"search\",\"agent\":\"Ann\",\"answer\":null," \
	"\"query\":\"q\",\"hits\":" hits ",\"reason\":null,\"sure\":" sure "}"
	static const struct th_usage_line_case cases[] = {
		{ SEARCH_LINE("3", "0"), "" },
		{ SEARCH_LINE("3", "3"), "" },
		{ SEARCH_LINE("0", "0"), "" },
		{ SEARCH_LINE("3", "null"), "" },
		{ SEARCH_LINE("null", "null"), "" },
		{ SEARCH_LINE("3", "4"), "sure is given without hits, or is "
		  "more than hits" },
		{ SEARCH_LINE("null", "0"), "sure is given without hits" },
		{ SEARCH_LINE("3", "-1"), "sure is not a count" },
		{ SEARCH_LINE("3", "\"1\""), "sure is not a count" },
		{ SEARCH_LINE("3", "true"), "sure is not a count" },
	};

	(void)state;
	th_expect_usage_lines(cases, sizeof(cases) / sizeof(cases[0]));
#undef SEARCH_LINE
}

/* An undo names a uid, and only an undo does. */
static void
usage__check__undo(void **state)
{
#define UNDO_LINE(kind, undoes) "{\"uid\":" U ",\"time\":" T \
	",\"kind\":" kind ",\"agent\":\"Ann\",\"answer\":\"x\"," \
	"\"undoes\":" undoes "}"
	static const struct th_usage_line_case cases[] = {
		{ UNDO_LINE("\"undo\"", U), "" },
		{ UNDO_LINE("\"use\"", "null"), "" },
		{ UNDO_LINE("\"undo\"", "null"), "undoes is missing" },
		{ UNDO_LINE("\"undo\"", "\"a b\""), "undoes is missing" },
		{ UNDO_LINE("\"undo\"", "7"), "undoes is missing" },
		{ UNDO_LINE("\"use\"", U), "undoes is given in an event that "
		  "is not an undo" },
		{ UNDO_LINE("\"search\"", U), "undoes is given" },
		{ "{\"uid\":" U ",\"time\":" T ",\"kind\":\"undo\","
		  "\"agent\":\"Ann\",\"answer\":\"x\"}", "undoes is missing" },
	};

	(void)state;
	th_expect_usage_lines(cases, sizeof(cases) / sizeof(cases[0]));
#undef UNDO_LINE
}

static void
usage__check__office_names(void **state)
{
	(void)state;
	assert_true(kb_office_name__valid("north"));
	assert_true(kb_office_name__valid("north-side-2"));
	assert_true(kb_office_name__valid("o_1"));
	assert_false(kb_office_name__valid(""));
	assert_false(kb_office_name__valid("North"));
	assert_false(kb_office_name__valid("north/x"));
	assert_false(kb_office_name__valid("north."));
	assert_false(kb_office_name__valid("north-"));
	assert_false(kb_office_name__valid("a--b"));
	/* The name a line may show for the office of its ref. */
	assert_true(kb_usage_check__names_office("North Side", "north-side"));
	assert_true(kb_usage_check__names_office("north side!", "north-side"));
	assert_true(kb_usage_check__names_office("East", "east"));
	assert_false(kb_usage_check__names_office("West", "east"));
	assert_false(kb_usage_check__names_office("", "office"));
	assert_false(kb_usage_check__names_office("East 2", "east"));
}

/* A report that fails says why: not what its cleanup found after. */
static void
usage__report__first_error_kept(void **state)
{
	struct kb_report *rep = NULL;
	struct kb_report_options o;
	struct th_kb t;

	(void)state;
	th_kb_start(&t, five_answers);
	assert_int_equal(th_write_file(t.dir, ".git/kb/offices.db/x", "x"), 0);
	memset(&o, 0, sizeof(o));
	o.all_offices = 1;
	assert_true(kb_report_build(&rep, t.kb, &o) < 0);
	assert_null(rep);
	if (strstr(kb_error_last(), "offices.db") == NULL ||
	    strstr(kb_error_last(), "DETACH") != NULL)
		fail_msg("the error told: %s", kb_error_last());
	/* The connection is left clean: a report without the offices works. */
	o.all_offices = 0;
	assert_int_equal(kb_report_build(&rep, t.kb, &o), 0);
	kb_report_free(rep);
	th_kb_finish(&t);
}

static void
usage__log__survives_the_index(void **state)
{
	struct ev v = { USE, "2026-02-01T00:00:00Z", "ann", "North", PHONE,
	    "alpha", "q", -1, NULL };
	struct kb_index_stats st;
	struct kb_report *rep = NULL;
	struct kb_report_options o;
	char *path, *before;
	struct th_kb t;

	(void)state;
	th_kb_start(&t, five_answers);
	assert_int_equal(kb_index_update(&st, t.kb, 0, NULL, NULL), 0);
	log_ok(&t, &v);
	v.answer = "beta";
	log_ok(&t, &v);
	before = usage_rows(&t, "SELECT * FROM event ORDER BY id");

	/* Rebuilding the index leaves the log alone. */
	assert_int_equal(kb_index_update(&st, t.kb, KB_INDEX_REBUILD, NULL,
	    NULL), 0);
	assert_int_equal(st.rebuilt, 1);
	expect_rows(&t, "SELECT * FROM event ORDER BY id", before);
	th_kb_reopen(&t);
	assert_int_equal(kb_index_update(&st, t.kb, KB_INDEX_REBUILD, NULL,
	    NULL), 0);
	expect_rows(&t, "SELECT * FROM event ORDER BY id", before);

	/* So does deleting it, with its WAL and shared-memory files. */
	kb_close(t.kb);
	t.kb = NULL;
	path = th_path(t.dir, ".git/kb/index.db");
	assert_int_equal(th_rmrf(path), 0);
	free(path);
	path = th_path(t.dir, ".git/kb/index.db-wal");
	th_rmrf(path);
	free(path);
	path = th_path(t.dir, ".git/kb/index.db-shm");
	th_rmrf(path);
	free(path);
	th_kb_reopen(&t);
	expect_rows(&t, "SELECT * FROM event ORDER BY id", before);
	assert_int_equal(kb_index_update(&st, t.kb, 0, NULL, NULL), 0);
	assert_int_equal(st.rebuilt, 1);
	expect_rows(&t, "SELECT * FROM event ORDER BY id", before);
	free(before);

	/* The log still takes events, and the report still reads it. */
	v.answer = "alpha";
	log_ok(&t, &v);
	assert_int_equal(count_events(&t), 3);
	memset(&o, 0, sizeof(o));
	assert_int_equal(kb_report_build(&rep, t.kb, &o), 0);
	assert_string_equal(rep->tables[0].name, "top_answers");
	assert_int_equal(rep->tables[0].nrows, 2);
	assert_string_equal(rep->tables[0].cells[0], "alpha");
	assert_string_equal(rep->tables[0].cells[2], "2");
	kb_report_free(rep);
	th_kb_finish(&t);
}

/* --- kb_query_normalize ---------------------------------------------------- */

static void
expect_normal(const char *query, const char *want)
{
	char *got = kb_query_normalize(query);
	char what[200];

	snprintf(what, sizeof(what), "kb_query_normalize(\"%s\")", query);
	th_expect_str(got, want, what);
	free(got);
}

static void
usage__normalize__queries(void **state)
{
	(void)state;
	expect_normal("Lost  Passport!", "lost passport");
	expect_normal("lost passport", "lost passport");
	expect_normal("  LOST\tPASSPORT  ", "lost passport");
	expect_normal("lost-passport?!", "lost passport");
	expect_normal("Form DS-82", "form ds 82");
	/*
	 * Words are cut as search cuts them: any letter folded, accents
	 * removed, so "CAFÉ" and "café" are one group.
	 */
	expect_normal("Café Hours", "cafe hours");
	expect_normal("naïve  résumé.", "naive resume");
	expect_normal("CAFÉ", "cafe");
	expect_normal("¿Dónde está la OFICINA?", "donde esta la oficina");
	expect_normal("护照 丢失", "护照 丢失");
	/* Nothing but punctuation or space: nothing. */
	expect_normal("?!...", "");
	expect_normal("   ", "");
	expect_normal("", "");
	expect_normal("--- !!", "");
}

/* --- reports --------------------------------------------------------------- */

/*
 * The hand-made log of the report tests: February 2026, three agents in
 * two offices (one agent without an office), every kind of event.
 */
static const struct ev february[] = {
	/* uses */
	{ USE, "2026-02-01T00:00:00Z", "ann", "North", PHONE, "alpha", NULL,
	  -1, NULL },
	{ USE, "2026-02-03T10:00:00Z", "bob", "North", PHONE, "alpha", NULL,
	  -1, NULL },
	{ USE, "2026-02-10T12:00:00Z", "ann", "North", EMAIL, "alpha", NULL,
	  -1, NULL },
	{ USE, "2026-02-11T09:00:00Z", "cat", "South", WALKIN, "beta", NULL,
	  -1, NULL },
	{ USE, "2026-02-12T09:00:00Z", "cat", "South", PHONE, "beta", NULL,
	  -1, NULL },
	{ USE, "2026-02-14T09:00:00Z", "bob", "North", EMAIL, "delta", NULL,
	  -1, NULL },
	{ USE, "2026-02-15T23:59:59Z", "ann", "North", NONE, "delta", NULL,
	  -1, NULL },
	{ USE, "2026-02-16T08:00:00Z", "dan", NULL, PHONE, "retired", NULL,
	  -1, NULL },
	/* searches that ended with no answer used */
	{ SEARCH, "2026-02-02T08:00:00Z", "ann", "North", PHONE, NULL,
	  "Lost  Passport!", 0, NULL },
	{ SEARCH, "2026-02-05T08:00:00Z", "bob", "North", EMAIL, NULL,
	  "lost passport", 3, NULL },
	{ SEARCH, "2026-02-06T08:00:00Z", "cat", "South", PHONE, NULL,
	  "LOST PASSPORT?", 0, NULL },
	{ SEARCH, "2026-02-07T08:00:00Z", "ann", "North", PHONE, NULL,
	  "dog tag", 2, NULL },
	{ SEARCH, "2026-02-08T08:00:00Z", "cat", "South", WALKIN, NULL,
	  "Café hours", 0, NULL },
	{ SEARCH, "2026-02-08T09:00:00Z", "cat", "South", WALKIN, NULL,
	  "café  HOURS", 0, NULL },
	/* flags and unsatisfied customers */
	{ FLAG, "2026-02-09T08:00:00Z", "ann", "North", PHONE, "beta", NULL,
	  -1, "outdated" },
	{ FLAG, "2026-02-13T08:00:00Z", "cat", "South", WALKIN, "beta", NULL,
	  -1, "the fee is now $20" },
	{ FLAG, "2026-02-13T09:00:00Z", "bob", "North", EMAIL, "alpha", NULL,
	  -1, "unclear" },
	{ UNSAT, "2026-02-14T10:00:00Z", "cat", "South", WALKIN, "beta",
	  NULL, -1, NULL },
	{ UNSAT, "2026-02-20T10:00:00Z", "ann", "North", PHONE, "delta",
	  NULL, -1, NULL },
};

#define NFEBRUARY (sizeof(february) / sizeof(february[0]))

static struct kb_report *
report(struct th_kb *t, const char *since, const char *until,
    enum kb_channel channel, unsigned top)
{
	struct kb_report_options o;
	struct kb_report *r = NULL;
	int rc;

	memset(&o, 0, sizeof(o));
	o.since = since;
	o.until = until;
	o.channel = channel;
	o.top = top;
	rc = kb_report_build(&r, t->kb, &o);
	if (rc != 0 || r == NULL)
		fail_msg("kb_report_build: %d %s", rc, kb_error_last());
	return r;
}

static void
report_start(struct th_kb *t)
{
	th_kb_start(t, five_answers);
	setenv("KB_NOW", TODAY, 1);
	log_all(t, february, NFEBRUARY);
}

static void
usage__report__sections(void **state)
{
	static const char *const names[] = { "top_answers",
	    "top_answers_by_channel", "use_by_channel", "content_gaps",
	    "review_due", "missing_translations", "stale_translations",
	    "never_used", "flagged", "flags_closed", "agents", "offices",
	    "learned" };
	static const char *const top_cols[] = { "answer", "title", "uses" };
	struct kb_report *r;
	struct th_kb t;
	size_t i;

	(void)state;
	report_start(&t);
	r = report(&t, NULL, NULL, NONE, 0);
	assert_int_equal(r->ntables, sizeof(names) / sizeof(names[0]));
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		const struct kb_table *tb = &r->tables[i];
		size_t c;

		assert_string_equal(tb->name, names[i]);
		assert_non_null(tb->title);
		assert_true(strlen(tb->title) > 0);
		assert_true(tb->ncols > 0);
		assert_int_equal(strlen(tb->numeric), tb->ncols);
		for (c = 0; c < tb->ncols; c++)
			assert_non_null(tb->cols[c]);
	}
	for (i = 0; i < 3; i++)
		assert_string_equal(r->tables[0].cols[i], top_cols[i]);
	assert_string_equal(r->tables[0].numeric, "..n");
	kb_report_free(r);
	kb_report_free(NULL);
	th_kb_finish(&t);
}

static void
usage__report__top_answers(void **state)
{
	struct kb_report *r;
	struct th_kb t;

	(void)state;
	report_start(&t);
	r = report(&t, NULL, NULL, NONE, 0);
	/* Most used first; equal counts by id; a removed answer says so. */
	th_expect_table(r, "top_answers",
	    "alpha|Alpha answer|3\n"
	    "beta|Beta answer|2\n"
	    "delta|Delta answer|2\n"
	    "retired|(not in the KB now)|1\n");
	/* Uses without a channel are in no channel's list. */
	th_expect_table(r, "top_answers_by_channel",
	    "email|alpha|Alpha answer|1\n"
	    "email|delta|Delta answer|1\n"
	    "phone|alpha|Alpha answer|2\n"
	    "phone|beta|Beta answer|1\n"
	    "phone|retired|(not in the KB now)|1\n"
	    "walk-in|beta|Beta answer|1\n");
	kb_report_free(r);

	/* --top 1: one row overall, one row per channel. */
	r = report(&t, NULL, NULL, NONE, 1);
	th_expect_table(r, "top_answers", "alpha|Alpha answer|3\n");
	th_expect_table(r, "top_answers_by_channel",
	    "email|alpha|Alpha answer|1\n"
	    "phone|alpha|Alpha answer|2\n"
	    "walk-in|beta|Beta answer|1\n");
	/* The other sections are not cut. */
	assert_int_equal(th_table_of(r, "use_by_channel")->nrows, 4);
	kb_report_free(r);
	th_kb_finish(&t);
}

static void
usage__report__use_by_channel(void **state)
{
	struct kb_report *r;
	struct th_kb t;

	(void)state;
	report_start(&t);
	r = report(&t, NULL, NULL, NONE, 0);
	th_expect_table(r, "use_by_channel",
	    "alpha|2|1|0|0|3|walk-in\n"
	    "beta|1|0|1|0|2|email\n"
	    "delta|0|1|0|1|2|phone walk-in\n"
	    "retired|1|0|0|0|1|email walk-in\n");
	assert_string_equal(th_table_of(r, "use_by_channel")->numeric,
	    ".nnnnn.");
	kb_report_free(r);
	th_kb_finish(&t);
}

static void
usage__report__content_gaps(void **state)
{
	static const struct ev unlogged = { SEARCH, "2026-02-09T00:00:00Z",
	    "ann", "North", PHONE, NULL, "private matter", 0, NULL };
	struct kb_report *r;
	struct th_kb t;

	(void)state;
	report_start(&t);
	r = report(&t, NULL, NULL, NONE, 0);
	/*
	 * Grouped by normalised query, the most gaps first, then the most
	 * searched: "no results" counts searches that found nothing, "not
	 * sure" those that found only weaker hits (none here: searches
	 * logged without a sure count have every hit sure), "abandoned"
	 * those that found sure answers but used none.
	 */
	th_expect_table(r, "content_gaps",
	    "lost passport|3|2|0|1\n"
	    "cafe hours|2|2|0|0\n"
	    "dog tag|1|0|0|1\n");
	kb_report_free(r);

	/* Searches whose text was not logged still count. */
	assert_int_equal(th_git(t.dir, "config kb.logQueries false"), 0);
	th_kb_reopen(&t);
	log_ok(&t, &unlogged);
	log_ok(&t, &unlogged);
	r = report(&t, NULL, NULL, NONE, 0);
	th_expect_table(r, "content_gaps",
	    "lost passport|3|2|0|1\n"
	    "(query not logged)|2|2|0|0\n"
	    "cafe hours|2|2|0|0\n"
	    "dog tag|1|0|0|1\n");
	kb_report_free(r);
	th_kb_finish(&t);
}

static void
usage__report__review_due(void **state)
{
	struct kb_report *r;
	struct th_kb t;

	(void)state;
	report_start(&t);
	r = report(&t, NULL, NULL, NONE, 0);
	th_expect_table(r, "review_due",
	    "alpha|Alpha answer|2026-03-01|overdue\n"
	    "beta|Beta answer|2026-03-25|due in 15 days\n"
	    "epsilon|Epsilon answer|2026-04-09|due in 30 days\n");
	kb_report_free(r);
	/* It depends on today, not on the period. */
	r = report(&t, "2020-01-01", "2020-01-31", PHONE, 0);
	th_expect_table(r, "review_due",
	    "alpha|Alpha answer|2026-03-01|overdue\n"
	    "beta|Beta answer|2026-03-25|due in 15 days\n"
	    "epsilon|Epsilon answer|2026-04-09|due in 30 days\n");
	kb_report_free(r);
	/* Another day, another list. */
	setenv("KB_NOW", "2026-02-20", 1);
	r = report(&t, NULL, NULL, NONE, 0);
	th_expect_table(r, "review_due",
	    "alpha|Alpha answer|2026-03-01|due in 9 days\n");
	kb_report_free(r);
	th_kb_finish(&t);
}

static void
usage__report__never_used(void **state)
{
	struct kb_report *r;
	struct th_kb t;

	(void)state;
	report_start(&t);
	r = report(&t, NULL, NULL, NONE, 0);
	th_expect_table(r, "never_used",
	    "epsilon|Epsilon answer\n"
	    "gamma|Gamma answer\n");
	kb_report_free(r);
	/* In the period: beta was used on the 11th and 12th only. */
	r = report(&t, "2026-02-13", NULL, NONE, 0);
	th_expect_table(r, "never_used",
	    "alpha|Alpha answer\n"
	    "beta|Beta answer\n"
	    "epsilon|Epsilon answer\n"
	    "gamma|Gamma answer\n");
	kb_report_free(r);
	/* On a channel: walk-in saw beta only. */
	r = report(&t, NULL, NULL, WALKIN, 0);
	th_expect_table(r, "never_used",
	    "alpha|Alpha answer\n"
	    "delta|Delta answer\n"
	    "epsilon|Epsilon answer\n"
	    "gamma|Gamma answer\n");
	kb_report_free(r);
	th_kb_finish(&t);
}

static void
usage__report__flagged(void **state)
{
	struct kb_report *r;
	struct th_kb t;

	(void)state;
	report_start(&t);
	r = report(&t, NULL, NULL, NONE, 0);
	/* Most flags and unsatisfied customers first; reasons joined.
	 * Flags without a version (another tool's) stay open. */
	th_expect_table(r, "flagged",
	    "beta|Beta answer|2|0|1|outdated; the fee is now $20\n"
	    "alpha|Alpha answer|1|0|0|unclear\n"
	    "delta|Delta answer|0|0|1|NULL\n");
	kb_report_free(r);
	th_kb_finish(&t);
}

static void
usage__report__agents_offices(void **state)
{
	struct kb_report *r;
	struct th_kb t;

	(void)state;
	report_start(&t);
	r = report(&t, NULL, NULL, NONE, 0);
	th_expect_table(r, "agents",
	    "ann|North|3|2|1|1\n"
	    "bob|North|2|1|1|0\n"
	    "cat|South|2|3|1|1\n"
	    "dan|NULL|1|0|0|0\n");
	th_expect_table(r, "offices",
	    "(none)|1|0|0|0\n"
	    "North|5|3|2|1\n"
	    "South|2|3|1|1\n");
	kb_report_free(r);
	th_kb_finish(&t);
}

static void
usage__report__since_until(void **state)
{
	static const struct {
		const char *day, *top;
	} days[] = {
		{ "2026-02-15", "delta|Delta answer|1\n" },
		{ "2026-02-16", "retired|(not in the KB now)|1\n" },
		{ "2026-02-01", "alpha|Alpha answer|1\n" },
		{ "2026-03-01", "gamma|Gamma answer|1\n" },
		{ "2026-01-31", "gamma|Gamma answer|1\n" },
	};
	size_t i;
	static const struct ev edges[] = {
		{ USE, "2026-01-31T23:59:59Z", "eve", NULL, PHONE, "gamma",
		  NULL, -1, NULL },
		{ USE, "2026-02-28T23:59:59Z", "eve", NULL, PHONE, "gamma",
		  NULL, -1, NULL },
		{ USE, "2026-03-01T00:00:00Z", "eve", NULL, PHONE, "gamma",
		  NULL, -1, NULL },
	};
	struct kb_report *r;
	struct th_kb t;

	(void)state;
	report_start(&t);
	log_all(&t, edges, 3);

	/* Both ends inclusive, whole days in UTC. */
	r = report(&t, "2026-02-01", "2026-02-28", NONE, 0);
	th_expect_table(r, "top_answers",
	    "alpha|Alpha answer|3\n"
	    "beta|Beta answer|2\n"
	    "delta|Delta answer|2\n"
	    "gamma|Gamma answer|1\n"
	    "retired|(not in the KB now)|1\n");
	th_expect_table(r, "agents",
	    "ann|North|3|2|1|1\n"
	    "bob|North|2|1|1|0\n"
	    "cat|South|2|3|1|1\n"
	    "dan|NULL|1|0|0|0\n"
	    "eve|NULL|1|0|0|0\n");
	kb_report_free(r);

	/* A single day: 00:00:00 and 23:59:59 are in, the next second not. */
	for (i = 0; i < sizeof(days) / sizeof(days[0]); i++) {
		r = report(&t, days[i].day, days[i].day, NONE, 0);
		th_expect_table(r, "top_answers", days[i].top);
		kb_report_free(r);
	}

	/* Only one end given. */
	r = report(&t, "2026-02-16", NULL, NONE, 0);
	th_expect_table(r, "top_answers",
	    "gamma|Gamma answer|2\n"
	    "retired|(not in the KB now)|1\n");
	kb_report_free(r);
	r = report(&t, NULL, "2026-02-01", NONE, 0);
	th_expect_table(r, "top_answers",
	    "alpha|Alpha answer|1\n"
	    "gamma|Gamma answer|1\n");
	kb_report_free(r);

	/* Every section honours the period. */
	r = report(&t, "2026-02-06", "2026-02-13", NONE, 0);
	th_expect_table(r, "top_answers",
	    "beta|Beta answer|2\n"
	    "alpha|Alpha answer|1\n");
	th_expect_table(r, "content_gaps",
	    "cafe hours|2|2|0|0\n"
	    "lost passport|1|1|0|0\n"
	    "dog tag|1|0|0|1\n");
	th_expect_table(r, "flagged",
	    "beta|Beta answer|2|0|0|outdated; the fee is now $20\n"
	    "alpha|Alpha answer|1|0|0|unclear\n");
	th_expect_table(r, "offices",
	    "North|1|1|2|0\n"
	    "South|2|3|1|0\n");
	kb_report_free(r);

	/* A period with nothing in it. */
	r = report(&t, "2027-01-01", "2027-12-31", NONE, 0);
	th_expect_table(r, "top_answers", "");
	th_expect_table(r, "content_gaps", "");
	th_expect_table(r, "flagged", "");
	th_expect_table(r, "agents", "");
	assert_int_equal(th_table_of(r, "never_used")->nrows, 5);
	kb_report_free(r);
	th_kb_finish(&t);
}

static void
usage__report__channel(void **state)
{
	struct kb_report *r;
	struct th_kb t;

	(void)state;
	report_start(&t);
	r = report(&t, NULL, NULL, PHONE, 0);
	th_expect_table(r, "top_answers",
	    "alpha|Alpha answer|2\n"
	    "beta|Beta answer|1\n"
	    "retired|(not in the KB now)|1\n");
	th_expect_table(r, "top_answers_by_channel",
	    "phone|alpha|Alpha answer|2\n"
	    "phone|beta|Beta answer|1\n"
	    "phone|retired|(not in the KB now)|1\n");
	th_expect_table(r, "use_by_channel",
	    "alpha|2|0|0|0|2|email walk-in\n"
	    "beta|1|0|0|0|1|email walk-in\n"
	    "retired|1|0|0|0|1|email walk-in\n");
	th_expect_table(r, "content_gaps",
	    "lost passport|2|2|0|0\n"
	    "dog tag|1|0|0|1\n");
	th_expect_table(r, "flagged",
	    "beta|Beta answer|1|0|0|outdated\n"
	    "delta|Delta answer|0|0|1|NULL\n");
	th_expect_table(r, "agents",
	    "ann|North|1|2|1|1\n"
	    "bob|North|1|0|0|0\n"
	    "cat|South|1|1|0|0\n"
	    "dan|NULL|1|0|0|0\n");
	th_expect_table(r, "offices",
	    "(none)|1|0|0|0\n"
	    "North|2|2|1|1\n"
	    "South|1|1|0|0\n");
	kb_report_free(r);

	/* Channel and period together. */
	r = report(&t, "2026-02-10", "2026-02-14", EMAIL, 0);
	th_expect_table(r, "top_answers",
	    "alpha|Alpha answer|1\n"
	    "delta|Delta answer|1\n");
	th_expect_table(r, "flagged", "alpha|Alpha answer|1|0|0|unclear\n");
	kb_report_free(r);
	th_kb_finish(&t);
}

static void
usage__report__invalid_dates(void **state)
{
	static const char *const bad[] = { "2026-02-30", "2026-2-1",
	    "yesterday", "2026-02-01T00:00:00Z", "", "2026/02/01",
	    "2025-02-29", "2026-13-01", NULL };
	static struct kb_report sentinel;
	struct kb_report_options o;
	struct kb_report *r;
	struct th_kb t;
	size_t i;

	(void)state;
	report_start(&t);
	memset(&o, 0, sizeof(o));
	for (i = 0; bad[i]; i++) {
		/* *out is set to NULL on failure. */
		r = &sentinel;
		o.since = bad[i];
		o.until = NULL;
		assert_int_equal(kb_report_build(&r, t.kb, &o), KB_EINVALID);
		assert_null(r);
		if (strstr(kb_error_last(), bad[i]) == NULL ||
		    strstr(kb_error_last(), "since") == NULL)
			fail_msg("--since '%s': the message names neither the "
			    "option nor the date: %s", bad[i], kb_error_last());
		o.since = NULL;
		o.until = bad[i];
		r = &sentinel;
		assert_int_equal(kb_report_build(&r, t.kb, &o), KB_EINVALID);
		assert_null(r);
		if (strstr(kb_error_last(), bad[i]) == NULL ||
		    strstr(kb_error_last(), "until") == NULL)
			fail_msg("--until '%s': the message names neither the "
			    "option nor the date: %s", bad[i], kb_error_last());
	}
	/* A leap day is a date. */
	o.since = "2024-02-29";
	o.until = NULL;
	assert_int_equal(kb_report_build(&r, t.kb, &o), 0);
	kb_report_free(r);
	th_kb_finish(&t);
}

/* --- migrating an older usage.db ------------------------------------------ */

/* The schema of usage.db version 1, exactly as kb made it. */
#define USAGE_SCHEMA_1 \
	"CREATE TABLE IF NOT EXISTS event(" \
	"  id INTEGER PRIMARY KEY," \
	"  uid TEXT NOT NULL UNIQUE," \
	"  time TEXT NOT NULL," \
	"  kind TEXT NOT NULL" \
	"    CHECK(kind IN ('use', 'search', 'flag', 'unsatisfied'))," \
	"  agent TEXT NOT NULL," \
	"  office TEXT," \
	"  channel TEXT," \
	"  answer TEXT," \
	"  version TEXT," \
	"  query TEXT," \
	"  hits INTEGER," \
	"  reason TEXT);" \
	"CREATE INDEX IF NOT EXISTS event_time ON event(time);" \
	"CREATE INDEX IF NOT EXISTS event_answer ON event(answer, time);" \
	"PRAGMA journal_mode=WAL;" \
	"PRAGMA user_version=1;"

#define OLD_ROWS \
	"INSERT INTO event(uid, time, kind, agent, office, channel, answer," \
	" query, hits, reason) VALUES" \
	" ('o1', '2026-02-01T09:00:00Z', 'use', 'ann', 'North', 'phone'," \
	"  'alpha', 'alpha things', NULL, NULL)," \
	" ('o2', '2026-02-01T09:01:00Z', 'search', 'ann', NULL, NULL, NULL," \
	"  'old abandoned', 2, NULL)," \
	" ('o3', '2026-02-01T09:02:00Z', 'search', 'bob', NULL, 'email'," \
	"  NULL, 'old nothing', 0, NULL)," \
	" ('o4', '2026-02-01T09:03:00Z', 'flag', 'bob', NULL, NULL, 'beta'," \
	"  NULL, NULL, 'outdated');"

#define OLD_ROWS_READ \
	"o1|2026-02-01T09:00:00Z|use|ann|North|phone|alpha|alpha things|" \
	"NULL|NULL\n" \
	"o2|2026-02-01T09:01:00Z|search|ann|NULL|NULL|NULL|old abandoned|2|" \
	"NULL\n" \
	"o3|2026-02-01T09:02:00Z|search|bob|NULL|email|NULL|old nothing|0|" \
	"NULL\n" \
	"o4|2026-02-01T09:03:00Z|flag|bob|NULL|NULL|beta|NULL|NULL|outdated\n"

#define OLD_COLUMNS "SELECT uid, time, kind, agent, office, channel, answer," \
	" query, hits, reason FROM event WHERE uid LIKE 'o_' ORDER BY id"

/* usage.db as an older kb left it, then `sql` run on it (or NULL). */
static void
make_old_log(struct th_kb *t, const char *sql)
{
	char *path = th_path(kb_state_dir(t->kb), "usage.db"), *err = NULL;
	sqlite3 *db;

	assert_int_equal(th_write_file(kb_state_dir(t->kb), "made", ""), 0);
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	if (sqlite3_exec(db, USAGE_SCHEMA_1 OLD_ROWS, NULL, NULL, &err) !=
	    SQLITE_OK || (sql && sqlite3_exec(db, sql, NULL, NULL, &err) !=
	    SQLITE_OK))
		fail_msg("making the old usage.db: %s", err);
	sqlite3_close(db);
	free(path);
}

static void
log_search(struct th_kb *t, const char *query, long hits, long sure, int want)
{
	struct kb_event e = KB_EVENT_INIT;
	int rc;

	e.kind = KB_EVENT_SEARCH;
	e.agent = "cat";
	e.query = query;
	e.hits = hits;
	e.sure = sure;
	e.time = "2026-02-02T10:00:00Z";
	if ((rc = kb_usage_log(t->kb, &e, 1000)) != want)
		fail_msg("kb_usage_log: %d, want %d: %s", rc, want,
		    kb_error_last());
}

static void
usage__migrate__keeps_every_row(void **state)
{
	struct kb_report *r;
	struct th_kb t;

	(void)state;
	th_kb_start(&t, five_answers);
	make_old_log(&t, NULL);
	expect_rows(&t, "PRAGMA user_version", "1\n");

	/* The first event migrates the file, then goes in. */
	log_search(&t, "new weaker", 2, 0, 0);
	expect_rows(&t, "PRAGMA user_version", "4\n");
	expect_rows(&t, OLD_COLUMNS, OLD_ROWS_READ);
	expect_rows(&t, "SELECT uid, sure FROM event WHERE uid LIKE 'o_'"
	    " ORDER BY id", "o1|NULL\no2|NULL\no3|NULL\no4|NULL\n");
	expect_rows(&t, "SELECT id, query, hits, sure FROM event WHERE uid"
	    " NOT LIKE 'o_'", "5|new weaker|2|0\n");
	expect_rows(&t, "SELECT group_concat(name, ',') FROM (SELECT name"
	    " FROM sqlite_master WHERE type = 'index' AND name LIKE 'event_%'"
	    " ORDER BY name)",
	    "event_answer,event_closes,event_time,event_undoes\n");
	expect_rows(&t, "PRAGMA integrity_check", "ok\n");

	/* Old searches count their hits as sure: abandoned, not gaps. */
	setenv("KB_NOW", TODAY, 1);
	r = report(&t, NULL, NULL, NONE, 0);
	th_expect_table(r, "content_gaps",
	    "new weaker|1|0|1|0\n"
	    "old nothing|1|1|0|0\n"
	    "old abandoned|1|0|0|1\n");
	kb_report_free(r);

	/* Opened again: nothing more to do. */
	th_kb_reopen(&t);
	log_search(&t, "again", 1, 1, 0);
	expect_rows(&t, "SELECT count(*), max(id) FROM event", "6|6\n");
	th_kb_finish(&t);
}

/* --- undo ------------------------------------------------------------- */

/* kb_usage_undo_last() as an agent calls it: 0, and what it took back. */
static void
undo_ok(struct th_kb *t, const char *agent, const char *want)
{
	char *what = NULL;
	int rc = kb_usage_undo_last(&what, t->kb, agent);

	if (rc != 0)
		fail_msg("undo by %s: %d %s", agent, rc, kb_error_last());
	th_expect_str(what, want, "what was undone");
	free(what);
}

static void
undo_nothing(struct th_kb *t, const char *agent)
{
	char *what = (char *)"unset";
	int rc = kb_usage_undo_last(&what, t->kb, agent);

	if (rc != KB_ENOTFOUND)
		fail_msg("undo by %s: %d, want KB_ENOTFOUND (%s)", agent, rc,
		    kb_error_last());
	assert_null(what);
	assert_non_null(strstr(kb_error_last(), "nothing to undo"));
}

/*
 * The last use, flag or "not satisfied" of the agent, then the one
 * before, within the minute: searches and other agents' events are never
 * taken back, and the log only grows.
 */
static void
usage__undo__last_within_a_minute(void **state)
{
	static const struct ev evs[] = {
		{ USE, NULL, "ann", "North", PHONE, "alpha", "alpha q", -1,
		  NULL },
		{ FLAG, NULL, "ann", "North", NONE, "beta", NULL, -1,
		  "outdated" },
		{ USE, NULL, "bob", "South", EMAIL, "gamma", NULL, -1, NULL },
		{ UNSAT, NULL, "ann", "North", WALKIN, "gamma", NULL, -1,
		  NULL },
		{ SEARCH, NULL, "ann", "North", PHONE, NULL, "lost", 0, NULL },
	};
	struct kb_event e = KB_EVENT_INIT;
	struct th_kb t;

	(void)state;
	th_kb_start(&t, five_answers);
	setenv("KB_NOW", "2026-03-10T12:00:00", 1);
	undo_nothing(&t, "ann");
	log_all(&t, evs, sizeof(evs) / sizeof(evs[0]));
	undo_ok(&t, "ann", "\"not satisfied\" for gamma");
	undo_ok(&t, "ann", "flag of beta (outdated)");
	undo_ok(&t, "ann", "use of alpha (phone)");
	undo_nothing(&t, "ann");
	undo_nothing(&t, "cat");
	/* Each undo names its event, with that event's office and answer. */
	expect_rows(&t, "SELECT u.id, u.kind, u.agent, u.office, u.channel,"
	    " u.answer, e.id FROM event u JOIN event e ON e.uid = u.undoes"
	    " ORDER BY u.id",
	    "6|undo|ann|North|walk-in|gamma|4\n"
	    "7|undo|ann|North|NULL|beta|2\n"
	    "8|undo|ann|North|phone|alpha|1\n");
	expect_rows(&t, "SELECT count(*) FROM event WHERE kind = 'undo'"
	    " AND time = '2026-03-10T12:00:00Z'", "3\n");
	undo_ok(&t, "bob", "use of gamma (email)");

	/* A minute, to the second. */
	e.kind = KB_EVENT_USE;
	e.agent = "ann";
	e.channel = KB_CHANNEL_PHONE;
	e.answer = "delta";
	e.time = "2026-03-10T12:00:00Z";
	assert_int_equal(kb_usage_log(t.kb, &e, 1000), 0);
	setenv("KB_NOW", "2026-03-10T12:01:01", 1);
	undo_nothing(&t, "ann");
	setenv("KB_NOW", "2026-03-10T12:01:00", 1);
	undo_ok(&t, "ann", "use of delta (phone)");

	/* An undo is written only by kb_usage_undo_last(). */
	e.kind = KB_EVENT_UNDO;
	assert_int_equal(kb_usage_log(t.kb, &e, 1000), KB_EINVALID);
	assert_int_equal(kb_usage_undo_last(NULL, t.kb, ""), KB_EINVALID);
	expect_rows(&t, "SELECT count(*) FROM event", "11\n");
	th_kb_finish(&t);
}

/*
 * Every report counts an undone event as if it never happened, and the
 * undo itself as nothing: the report with a use, a flag and a "not
 * satisfied" logged and undone is the report without them.
 */
static void
usage__undo__reports_count_neither(void **state)
{
	static const char *const sections[] = { "top_answers",
	    "top_answers_by_channel", "use_by_channel", "content_gaps",
	    "never_used", "flagged", "agents", "offices" };
	static const struct ev evs[] = {
		{ USE, NULL, "zed", "East", PHONE, "epsilon", NULL, -1, NULL },
		{ FLAG, NULL, "zed", "East", PHONE, "epsilon", NULL, -1,
		  "wrong" },
		{ UNSAT, NULL, "zed", "East", PHONE, "alpha", NULL, -1, NULL },
	};
	char *before[sizeof(sections) / sizeof(sections[0])], *rows;
	struct kb_report *r;
	struct th_kb t;
	size_t i;

	(void)state;
	report_start(&t);
	r = report(&t, NULL, NULL, NONE, 0);
	for (i = 0; i < sizeof(sections) / sizeof(sections[0]); i++)
		before[i] = th_table_rows(r, sections[i]);
	kb_report_free(r);
	assert_int_equal(kb_usage_uses_since(t.kb, "epsilon", "2026-01-01"),
	    0);

	log_all(&t, evs, sizeof(evs) / sizeof(evs[0]));
	assert_int_equal(kb_usage_uses_since(t.kb, "epsilon", "2026-01-01"),
	    1);
	r = report(&t, NULL, NULL, NONE, 0);
	rows = th_table_rows(r, "agents");
	assert_non_null(strstr(rows, "zed|East|1|0|1|1\n"));
	free(rows);
	kb_report_free(r);

	undo_ok(&t, "zed", "\"not satisfied\" for alpha");
	undo_ok(&t, "zed", "flag of epsilon (wrong)");
	undo_ok(&t, "zed", "use of epsilon (phone)");
	assert_int_equal(kb_usage_uses_since(t.kb, "epsilon", "2026-01-01"),
	    0);
	r = report(&t, NULL, NULL, NONE, 0);
	for (i = 0; i < sizeof(sections) / sizeof(sections[0]); i++) {
		th_expect_table(r, sections[i], before[i]);
		free(before[i]);
	}
	kb_report_free(r);
	th_kb_finish(&t);
}

/*
 * A log of schema 2 (with sure counts) gains undo: the table is copied,
 * every row and id kept, and an undo can be written at once.
 */
static void
usage__migrate__from_2_keeps_ids(void **state)
{
	struct th_kb t;

	(void)state;
	th_kb_start(&t, five_answers);
	make_old_log(&t, "ALTER TABLE event ADD COLUMN sure INTEGER;"
	    "UPDATE event SET sure = 0 WHERE uid = 'o3';"
	    "DELETE FROM event WHERE uid = 'o2';"
	    "PRAGMA user_version=2;");
	setenv("KB_NOW", "2026-03-10T12:00:00", 1);
	undo_nothing(&t, "ann");	/* migrates; its uses are old */
	expect_rows(&t, "PRAGMA user_version", "4\n");
	expect_rows(&t, "SELECT id, uid, sure, undoes FROM event ORDER BY id",
	    "1|o1|NULL|NULL\n3|o3|0|NULL\n4|o4|NULL|NULL\n");
	log_search(&t, "new", 1, 1, 0);
	expect_rows(&t, "SELECT max(id) FROM event", "5\n");
	log_ok(&t, &(struct ev){ USE, NULL, "ann", NULL, PHONE, "alpha", NULL,
	    -1, NULL });
	undo_ok(&t, "ann", "use of alpha (phone)");
	expect_rows(&t, "SELECT id, kind FROM event WHERE id > 4 ORDER BY id",
	    "5|search\n6|use\n7|undo\n");
	expect_rows(&t, "PRAGMA integrity_check", "ok\n");
	th_kb_finish(&t);
}

/* A step that fails leaves the file as it was, and says so. */
static void
usage__migrate__failure_changes_nothing(void **state)
{
	char *before;
	struct th_kb t;

	(void)state;
	th_kb_start(&t, five_answers);
	/* A tool added a column of that name: the migration cannot. */
	make_old_log(&t, "ALTER TABLE event ADD COLUMN sure TEXT;");
	before = usage_rows(&t, "SELECT * FROM event ORDER BY id");
	log_search(&t, "lost", 1, 1, KB_ERROR);
	if (strstr(kb_error_last(), "usage.db") == NULL ||
	    strstr(kb_error_last(), "schema 1 to 4") == NULL ||
	    strstr(kb_error_last(), "left as it was") == NULL)
		fail_msg("the error told: %s", kb_error_last());
	expect_rows(&t, "PRAGMA user_version", "1\n");
	expect_rows(&t, "SELECT * FROM event ORDER BY id", before);
	free(before);
	th_kb_finish(&t);
}

/* A log of a newer schema is neither migrated nor written. */
static void
usage__migrate__newer_untouched(void **state)
{
	char *path, *before, *after;
	size_t n_before, n_after;
	struct th_kb t;

	(void)state;
	th_kb_start(&t, five_answers);
	make_old_log(&t, "PRAGMA user_version=5;");
	path = th_path(kb_state_dir(t.kb), "usage.db");
	before = th_read_file(path, &n_before);
	assert_non_null(before);
	log_search(&t, "lost", 1, 1, KB_EINVALID);
	assert_non_null(strstr(kb_error_last(), "newer kb (schema 5)"));
	after = th_read_file(path, &n_after);
	assert_non_null(after);
	assert_int_equal(n_before, n_after);
	assert_memory_equal(before, after, n_before);
	free(before);
	free(after);
	free(path);
	th_kb_finish(&t);
}

int
main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(usage__log__each_kind),
		cmocka_unit_test(usage__log__required_fields),
		cmocka_unit_test(usage__log__queries_not_logged),
		cmocka_unit_test(usage__log__times),
		cmocka_unit_test(usage__log__uid_unique),
		cmocka_unit_test(usage__log__busy_times_out),
		cmocka_unit_test(usage__log__survives_the_index),
		cmocka_unit_test(usage__log_answer__without_the_index),
		cmocka_unit_test(usage__log__sure),
		cmocka_unit_test(usage__migrate__keeps_every_row),
		cmocka_unit_test(usage__migrate__failure_changes_nothing),
		cmocka_unit_test(usage__migrate__newer_untouched),
		cmocka_unit_test(usage__migrate__from_2_keeps_ids),
		cmocka_unit_test(usage__undo__last_within_a_minute),
		cmocka_unit_test(usage__undo__reports_count_neither),
		cmocka_unit_test(usage__check__undo),
		cmocka_unit_test(usage__check__every_field),
		cmocka_unit_test(usage__check__lengths),
		cmocka_unit_test(usage__check__sure),
		cmocka_unit_test(usage__check__office_names),
		cmocka_unit_test(usage__report__first_error_kept),
		cmocka_unit_test(usage__normalize__queries),
		cmocka_unit_test(usage__report__sections),
		cmocka_unit_test(usage__report__top_answers),
		cmocka_unit_test(usage__report__use_by_channel),
		cmocka_unit_test(usage__report__content_gaps),
		cmocka_unit_test(usage__report__review_due),
		cmocka_unit_test(usage__report__never_used),
		cmocka_unit_test(usage__report__flagged),
		cmocka_unit_test(usage__report__agents_offices),
		cmocka_unit_test(usage__report__since_until),
		cmocka_unit_test(usage__report__channel),
		cmocka_unit_test(usage__report__invalid_dates),
	};

	th_env_setup();
	return th_run(argc, argv, "usage", tests,
	    th_libkb_setup, th_libkb_teardown);
}
