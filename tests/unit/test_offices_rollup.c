/*
 * offices.db's daily roll-ups (offices.c: answer_day, agent_day) equal a
 * GROUP BY over the events that count: after imports of stations' usage
 * refs, an undo that comes in a later import and on the next day, an
 * event read twice, a second undo of one event, and after kb prune.
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

#include "buf.h"
#include "helpers.h"
#include "kb/error.h"
#include "kb/kb.h"
#include "kb/prune.h"
#include "kb/report.h"
#include "kb/usage.h"
#include "xmalloc.h"

static const struct th_file answers[] = {
	{ "answers/a/alpha.md", "---\ntitle: Alpha\ntags: t\n---\nAlpha.\n" },
	{ "answers/b/beta.md", "---\ntitle: Beta\ntags: t\n---\nBeta.\n" },
	{ NULL, NULL }
};

/* One event of a day file; answer and undoes JSON (quoted or null). */
#define EV(uid, time, kind, agent, channel, answer, undoes) \
	"{\"uid\":\"" uid "\",\"time\":\"" time "\",\"kind\":\"" kind "\"," \
	"\"agent\":\"" agent "\",\"office\":null,\"channel\":" channel "," \
	"\"answer\":" answer ",\"version\":null,\"query\":" \
	"\"fee\",\"hits\":1,\"reason\":null,\"sure\":1," \
	"\"undoes\":" undoes ",\"closes\":null}\n"
#define USE(uid, time, agent, channel, answer) \
	EV(uid, time, "use", agent, channel, "\"" answer "\"", "null")
#define UNDO(uid, time, agent, answer, undoes) \
	EV(uid, time, "undo", agent, "null", "\"" answer "\"", \
	"\"" undoes "\"")
#define SEARCH(uid, time, agent) \
	EV(uid, time, "search", agent, "\"email\"", "null", "null")

/* The roll-ups, and the same counted from the events (view semantics). */
static const char agent_day[] = "SELECT day, channel, kind, office,"
    " station, agent, events FROM agent_day ORDER BY 1, 2, 3, 4, 5, 6";
static const char agent_events[] = "SELECT substr(time, 1, 10),"
    " coalesce(channel, ''), kind, office, station, agent, count(*)"
    " FROM event e WHERE kind <> 'undo' AND NOT EXISTS (SELECT 1 FROM"
    " event u WHERE u.ref = e.ref AND u.undoes = e.uid)"
    " GROUP BY 1, 2, 3, 4, 5, 6 ORDER BY 1, 2, 3, 4, 5, 6";
static const char answer_day[] = "SELECT day, channel, answer, uses"
    " FROM answer_day ORDER BY 1, 2, 3";
static const char answer_events[] = "SELECT substr(time, 1, 10),"
    " coalesce(channel, ''), answer, count(*) FROM event e"
    " WHERE kind = 'use' AND NOT EXISTS (SELECT 1 FROM event u"
    " WHERE u.ref = e.ref AND u.undoes = e.uid)"
    " GROUP BY 1, 2, 3 ORDER BY 1, 2, 3";

/* The rows of `sql` over offices.db, "a|b|c\n" each. */
static char *
rows(struct th_kb *t, const char *sql)
{
	char *path = th_path(t->dir, ".git/kb/offices.db");
	struct buf b = BUF_INIT;
	sqlite3_stmt *st;
	sqlite3 *db;
	int i;

	assert_int_equal(sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY,
	    NULL), SQLITE_OK);
	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
		fail_msg("%s: %s", sql, sqlite3_errmsg(db));
	while (sqlite3_step(st) == SQLITE_ROW) {
		for (i = 0; i < sqlite3_column_count(st); i++)
			buf_addf(&b, "%s%s", i ? "|" : "",
			    (const char *)sqlite3_column_text(st, i));
		buf_addc(&b, '\n');
	}
	sqlite3_finalize(st);
	sqlite3_close(db);
	free(path);
	return b.data ? buf_detach(&b) : xstrdup("");
}

static void
expect_str(const char *got, const char *want, const char *what)
{
	if (strcmp(got, want) != 0)
		fail_msg("%s:\n--- got\n%s--- want\n%s", what, got, want);
}

/* Both roll-ups equal their GROUP BY; agent_day is `want`. */
static void
expect_rollups(struct th_kb *t, const char *want, const char *what)
{
	char *a = rows(t, agent_day), *b = rows(t, agent_events);
	char *c = rows(t, answer_day), *d = rows(t, answer_events);

	expect_str(a, b, what);
	expect_str(c, d, what);
	if (strcmp(a, want) != 0)
		th_diags_dump(&t->diags);
	expect_str(a, want, what);
	free(a);
	free(b);
	free(c);
	free(d);
}

/* The station's ref made anew (so read whole again) with these days. */
static void
station_ref(struct th_kb *t, const char *station, const char *day1,
    const char *day2)
{
	const struct th_file files[] = { { "2026-11-01.jsonl", day1 },
	    { day2 ? "2026-11-02.jsonl" : NULL, day2 }, { NULL, NULL } };
	char *src = th_make_kb(files);

	assert_non_null(src);
	assert_int_equal(th_git(t->dir, "fetch -q '%s' "
	    "+main:refs/kb/station-usage/north/%s", src, station), 0);
	th_rmrf(src);
	free(src);
}

static void
import(struct th_kb *t)
{
	unsigned long refs, events;

	if (kb_report_import(&refs, &events, t->kb, th_diag_collect,
	    &t->diags) != 0)
		fail_msg("kb_report_import: %s", kb_error_last());
}

#define DAY1 \
	USE("u1", "2026-11-01T23:59:40Z", "ann", "\"phone\"", "alpha") \
	USE("u2", "2026-11-01T10:00:00Z", "ann", "\"phone\"", "alpha") \
	USE("u3", "2026-11-01T10:00:00Z", "bob", "null", "beta") \
	SEARCH("s1", "2026-11-01T09:00:00Z", "bob")
#define DAY2 \
	UNDO("x1", "2026-11-02T00:00:20Z", "ann", "alpha", "u1") \
	UNDO("x2", "2026-11-02T00:00:30Z", "ann", "alpha", "u1") \
	USE("u4", "2026-11-02T08:00:00Z", "ann", "\"email\"", "beta")

static void
rollup__undo_across_days_and_prune(void **state)
{
	struct kb_prune_result pr;
	struct th_kb t;
	char *uses;

	(void)state;
	th_kb_start(&t, answers);
	station_ref(&t, "pc1", DAY1, NULL);
	import(&t);
	expect_rollups(&t,
	    "2026-11-01||use|north|pc1|bob|1\n"
	    "2026-11-01|email|search|north|pc1|bob|1\n"
	    "2026-11-01|phone|use|north|pc1|ann|2\n", "the first day");
	/* The next day's file: two undos of u1, the first takes it back
	 * from its day; the ref rewritten, so day 1 is read again. */
	station_ref(&t, "pc1", DAY1, DAY2);
	import(&t);
	expect_rollups(&t,
	    "2026-11-01||use|north|pc1|bob|1\n"
	    "2026-11-01|email|search|north|pc1|bob|1\n"
	    "2026-11-01|phone|use|north|pc1|ann|1\n"
	    "2026-11-02|email|use|north|pc1|ann|1\n", "u1 undone once");
	/* Another station of the office sends u2 again: it counts once. */
	station_ref(&t, "pc2", USE("u2", "2026-11-01T10:00:00Z", "ann",
	    "\"phone\"", "alpha") USE("u5", "2026-11-01T11:00:00Z", "cy",
	    "\"phone\"", "alpha"), NULL);
	import(&t);
	uses = rows(&t, answer_day);
	expect_str(uses, "2026-11-01||beta|1\n2026-11-01|phone|alpha|2\n"
	    "2026-11-02|email|beta|1\n", "uses by day, channel, answer");
	free(uses);

	/* Prune day 1: its rows go but for the last event stored (u5: the
	 * prune keeps the last row, export's seq); day 2 keeps its count. */
	setenv("KB_NOW", "2026-11-20T12:00:00", 1);
	if (kb_prune(&pr, t.kb, "2026-11-02", 1, NULL, NULL) != 0)
		fail_msg("kb_prune: %s", kb_error_last());
	expect_rollups(&t, "2026-11-01|phone|use|north|pc2|cy|1\n"
	    "2026-11-02|email|use|north|pc1|ann|1\n",
	    "after kb prune --before 2026-11-02");
	unsetenv("KB_NOW");
	th_kb_finish(&t);
}

/* The migration from schema 7 fills the roll-ups from the events. */
static void
rollup__filled_by_the_migration(void **state)
{
	char *path, *sql;
	struct th_kb t;
	sqlite3 *db;

	(void)state;
	th_kb_start(&t, answers);
	station_ref(&t, "pc1", DAY1, DAY2);
	import(&t);
	path = th_path(t.dir, ".git/kb/offices.db");
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	sql = "DROP TRIGGER event_counted; DROP TRIGGER event_undone;"
	    " DROP TABLE agent_day; DROP TABLE answer_day;"
	    " PRAGMA user_version=7";
	assert_int_equal(sqlite3_exec(db, sql, NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(db);
	free(path);
	import(&t);
	expect_rollups(&t,
	    "2026-11-01||use|north|pc1|bob|1\n"
	    "2026-11-01|email|search|north|pc1|bob|1\n"
	    "2026-11-01|phone|use|north|pc1|ann|1\n"
	    "2026-11-02|email|use|north|pc1|ann|1\n", "migrated");
	th_kb_finish(&t);
}

/*
 * The centre's own log holding an office's event (its uid): it counts
 * once, as the log's, though the roll-ups count the office's copy.
 */
static void
rollup__report_takes_out_own_copies(void **state)
{
	struct kb_event e = KB_EVENT_INIT;
	struct kb_report_options o;
	struct kb_report *r;
	char *path, *got;
	struct th_kb t;
	sqlite3 *db;

	(void)state;
	th_kb_start(&t, answers);
	station_ref(&t, "pc1", DAY1, DAY2);
	import(&t);
	e.kind = KB_EVENT_USE;
	e.agent = "ann";
	e.answer = "alpha";
	e.time = "2026-11-01T10:00:00Z";
	assert_int_equal(kb_usage_log(t.kb, &e, 1000), 0);
	path = th_path(t.dir, ".git/kb/usage.db");
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, "UPDATE event SET uid = 'u2'",
	    NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(db);
	free(path);
	memset(&o, 0, sizeof(o));
	o.all_offices = 1;
	if (kb_report_build(&r, t.kb, &o) != 0)
		fail_msg("kb_report_build: %s", kb_error_last());
	got = th_table_rows(r, "top_answers");
	expect_str(got, "beta|Beta|2\nalpha|Alpha|1\n", "u2 once");
	free(got);
	got = th_table_rows(r, "offices");
	expect_str(got, "(none)|1|0|0|0\nnorth|2|1|0|0\n", "u2 the log's");
	free(got);
	kb_report_free(r);
	th_kb_finish(&t);
}

int
main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(rollup__undo_across_days_and_prune),
		cmocka_unit_test(rollup__filled_by_the_migration),
		cmocka_unit_test(rollup__report_takes_out_own_copies),
	};

	th_env_setup();
	return th_run(argc, argv, "offices_rollup", tests,
	    th_libkb_setup, th_libkb_teardown);
}
