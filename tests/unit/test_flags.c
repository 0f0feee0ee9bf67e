/*
 * Unit tests for flags as work with an end (flags.h): the open/closed
 * rule against the branch, a reviewer's close event, flags made again
 * after a fix, the report's two sections, and the centre reading the
 * offices' flags and closes from their usage refs (offices.db of the
 * previous schema migrated, nothing lost).  Real temporary git
 * repositories; the log is read back with SQLite directly.
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

#include "helpers.h"
#include "kb/error.h"
#include "kb/flags.h"
#include "kb/kb.h"
#include "kb/report.h"
#include "kb/usage.h"

#define ANSWER(title, body) \
	"---\ntitle: " title "\ntags: flags, test\nrelated: alpha\n---\n" \
	body "\n"

static const struct th_file answers[] = {
	{ "answers/a/alpha.md", ANSWER("Alpha", "The fee is $20.") },
	{ "answers/a/beta.md", ANSWER("Beta", "Open on Mondays.") },
	{ "answers/b/gamma.md", ANSWER("Gamma", "Call 555-0100.") },
	{ NULL, NULL }
};

/* Flag `id` as it is on the branch, at `time`, by `agent`. */
static void
flag(struct th_kb *t, const char *time, const char *agent, const char *id,
    const char *reason)
{
	struct kb_event e = KB_EVENT_INIT;

	e.kind = KB_EVENT_FLAG;
	e.agent = agent;
	e.answer = id;
	e.reason = reason;
	e.time = time;
	if (kb_usage_log_answer(t->kb, &e, 1000) != 0)
		fail_msg("flag %s: %s", id, kb_error_last());
}

/* Commit the KB's work tree as it is, at `date` (git's form). */
static void
commit_at(struct th_kb *t, const char *date, const char *message)
{
	setenv("GIT_COMMITTER_DATE", date, 1);
	assert_int_equal(th_git_commit_all(t->dir, message), 0);
	setenv("GIT_COMMITTER_DATE", "2026-01-01T00:00:00+0000", 1);
}

/*
 * The flags kb_flags_list() gives, a line each:
 * "answer|reason|state|fixed_in(12)|closed_time|closed_by|close_reason".
 */
static char *
flags_text(struct th_kb *t, int all)
{
	struct kb_flags_options o = { NULL, all, 1, NULL, NULL };
	struct kb_flag *v = NULL;
	size_t n = 0, i, len = 0;
	char *out = calloc(1, 1);
	int rc;

	assert_non_null(out);
	if ((rc = kb_flags_list(&v, &n, t->kb, &o)) != 0)
		fail_msg("kb_flags_list: %d %s", rc, kb_error_last());
	for (i = 0; i < n; i++) {
		char line[512];
		int k;

		k = snprintf(line, sizeof(line), "%s|%s|%s|%.12s|%s|%s|%s\n",
		    v[i].answer, v[i].reason, kb_flag_state_name(v[i].state),
		    v[i].fixed_in ? v[i].fixed_in : "-",
		    v[i].closed_time ? v[i].closed_time : "-",
		    v[i].closed_by ? v[i].closed_by : "-",
		    v[i].close_reason ? v[i].close_reason : "-");
		out = realloc(out, len + (size_t)k + 1);
		assert_non_null(out);
		memcpy(out + len, line, (size_t)k + 1);
		len += (size_t)k;
	}
	kb_flags_free(v, n);
	return out;
}

static void
expect_flags(struct th_kb *t, int all, const char *want, const char *what)
{
	char *got = flags_text(t, all);

	th_expect_str(got, want, what);
	free(got);
}

/* The uid of the n-th flag listed with all = 1. */
static char *
uid_of(struct th_kb *t, size_t n)
{
	struct kb_flags_options o = { NULL, 1, 0, NULL, NULL };
	struct kb_flag *v = NULL;
	size_t count = 0;
	char *uid;

	assert_int_equal(kb_flags_list(&v, &count, t->kb, &o), 0);
	assert_true(n < count);
	uid = strdup(v[n].uid);
	kb_flags_free(v, count);
	return uid;
}

static void
expect_rows(struct th_kb *t, const char *file, const char *sql,
    const char *want)
{
	char *path = th_path(kb_state_dir(t->kb), file);
	char *got = th_db_file_rows(path, sql);

	th_expect_str(got, want, sql);
	free(got);
	free(path);
}

static void
write_at(struct th_kb *t, const char *path, const char *content)
{
	assert_int_equal(th_write_file(t->dir, path, content), 0);
}

/* --- the rule ---------------------------------------------------------- */

/*
 * Open while the branch has the text flagged; fixed by any commit that
 * changes it (the commit and its time kept); open again when the text
 * comes back; again after a fix; a move is no change; removed.
 */
static void
flags__rule__follows_the_branch(void **state)
{
	struct th_kb t;
	char *fix;

	(void)state;
	th_kb_start(&t, answers);
	expect_flags(&t, 1, "", "no log yet: no flag, and no log made");
	flag(&t, "2026-03-01T09:00:00Z", "ann", "alpha", "outdated");
	flag(&t, "2026-03-01T10:00:00Z", "bob", "beta", "unclear");
	flag(&t, "2026-03-01T11:00:00Z", "cat", "gamma", "wrong");
	expect_flags(&t, 0,
	    "alpha|outdated|open|-|-|-|-\n"
	    "beta|unclear|open|-|-|-|-\n"
	    "gamma|wrong|open|-|-|-|-\n", "three open flags");

	/* A change to alpha closes its flag: fixed, in that commit. */
	write_at(&t, "answers/a/alpha.md", ANSWER("Alpha", "The fee is $25."));
	commit_at(&t, "2026-03-05T12:00:00+0000", "Alpha: the new fee");
	fix = th_git_output(t.dir, "rev-parse --short=12 HEAD");
	{
		char want[512];

		snprintf(want, sizeof(want),
		    "alpha|outdated|fixed|%s|2026-03-05T12:00:00Z|-|-\n"
		    "beta|unclear|open|-|-|-|-\n"
		    "gamma|wrong|open|-|-|-|-\n", fix);
		expect_flags(&t, 1, want, "alpha's flag fixed");
	}
	expect_flags(&t, 0, "beta|unclear|open|-|-|-|-\n"
	    "gamma|wrong|open|-|-|-|-\n", "the open ones");

	/* Flagged again on the fixed text: open, apart. */
	flag(&t, "2026-03-06T09:00:00Z", "dan", "alpha",
	    "still $20 on the form");
	expect_flags(&t, 0, "beta|unclear|open|-|-|-|-\n"
	    "gamma|wrong|open|-|-|-|-\n"
	    "alpha|still $20 on the form|again|-|-|-|-\n", "again after a fix");

	/* Moved to another folder: the same text, still open.  Removed:
	 * closed.  A flag without a version stays open. */
	assert_int_equal(th_git(t.dir,
	    "mv answers/a/beta.md answers/b/beta.md"), 0);
	assert_int_equal(th_git(t.dir, "rm -q answers/b/gamma.md"), 0);
	commit_at(&t, "2026-03-07T08:00:00+0000", "Beta moved, gamma gone");
	expect_flags(&t, 0, "beta|unclear|open|-|-|-|-\n"
	    "alpha|still $20 on the form|again|-|-|-|-\n", "moved and removed");
	{
		char *all = flags_text(&t, 1);

		if (strstr(all, "gamma|wrong|removed|") == NULL ||
		    strstr(all, "|2026-03-07T08:00:00Z|-|-\n") == NULL)
			fail_msg("gamma's flag: %s", all);
		free(all);
	}

	/* The old text back: its flag is open again, the newer one fixed. */
	write_at(&t, "answers/a/alpha.md", ANSWER("Alpha", "The fee is $20."));
	commit_at(&t, "2026-03-08T08:00:00+0000", "Alpha: back to $20");
	expect_flags(&t, 0, "alpha|outdated|open|-|-|-|-\n"
	    "beta|unclear|open|-|-|-|-\n", "a change taken back");
	free(fix);
	th_kb_finish(&t);
}

/* A flag without a version (another tool's) is open until closed. */
static void
flags__rule__no_version_stays_open(void **state)
{
	struct kb_event e = KB_EVENT_INIT;
	struct th_kb t;

	(void)state;
	th_kb_start(&t, answers);
	e.kind = KB_EVENT_FLAG;
	e.agent = "ann";
	e.answer = "beta";
	e.reason = "typo";
	e.time = "2026-03-01T09:00:00Z";
	assert_int_equal(kb_usage_log(t.kb, &e, 1000), 0);
	write_at(&t, "answers/a/beta.md", ANSWER("Beta", "Open on Tuesdays."));
	commit_at(&t, "2026-03-02T00:00:00+0000", "Beta");
	expect_flags(&t, 0, "beta|typo|open|-|-|-|-\n", "no version");
	th_kb_finish(&t);
}

/* --- closing ----------------------------------------------------------- */

static void
be_reviewer(struct th_kb *t)
{
	assert_int_equal(th_git(t->dir, "config user.name Rita"), 0);
	assert_int_equal(th_git(t->dir, "config user.email rita@example.org"),
	    0);
	write_at(t, "REVIEWERS", "# reviewers\nrita@example.org\n");
	commit_at(t, "2026-02-01T00:00:00+0000", "Rita reviews");
}

static void
expect_close(struct th_kb *t, const char *id, const char *reason, int want,
    const char *words)
{
	size_t closed = 99;
	int rc = kb_flag_close(&closed, t->kb, id, reason, "centre");

	if (rc != want || (words && strstr(kb_error_last(), words) == NULL))
		fail_msg("close '%s': %d (want %d): %s", id, rc, want,
		    kb_error_last());
	if (rc != 0)
		assert_int_equal(closed, 0);
}

/*
 * Only a reviewer closes; a close is a flag_close event naming the flag
 * by its uid, with the reason; bad ids, an empty reason, a flag closed
 * already: clear errors, nothing written.
 */
static void
flags__close__event(void **state)
{
	char *uid, prefix[KB_FLAG_ID_MIN + 1], want[512];
	size_t closed = 0;
	struct th_kb t;

	(void)state;
	th_kb_start(&t, answers);
	setenv("KB_NOW", "2026-03-10T15:00:00", 1);
	flag(&t, "2026-03-01T09:00:00Z", "ann", "alpha", "outdated");
	flag(&t, "2026-03-01T10:00:00Z", "bob", "alpha", "wrong fee");
	flag(&t, "2026-03-01T11:00:00Z", "cat", "beta", "unclear");
	uid = uid_of(&t, 2);
	snprintf(prefix, sizeof(prefix), "%s", uid);

	expect_close(&t, prefix, "dup", KB_EINVALID, "only a reviewer");
	be_reviewer(&t);
	expect_close(&t, prefix, "  ", KB_EINVALID, "reason");
	expect_close(&t, "nosuch", "dup", KB_ENOTFOUND, "kb flags");
	expect_close(&t, "1234567", "dup", KB_ENOTFOUND, NULL);
	expect_close(&t, "gamma", "dup", KB_ENOTFOUND, NULL);
	expect_rows(&t, "usage.db", "SELECT count(*) FROM event"
	    " WHERE kind = 'flag_close'", "0\n");

	/* The first 8 characters of the uid name it. */
	assert_int_equal(kb_flag_close(&closed, t.kb, prefix,
	    "duplicate of #12", "centre"), 0);
	assert_int_equal(closed, 1);
	snprintf(want, sizeof(want), "flag_close|Rita|centre|beta|%s|"
	    "duplicate of #12|2026-03-10T15:00:00Z\n", uid);
	expect_rows(&t, "usage.db", "SELECT kind, agent, office, answer,"
	    " closes, reason, time FROM event WHERE kind = 'flag_close'", want);
	expect_rows(&t, "usage.db", "SELECT count(*) FROM event e JOIN event f"
	    " ON f.uid = e.closes WHERE e.version = f.version", "1\n");
	expect_flags(&t, 0, "alpha|outdated|open|-|-|-|-\n"
	    "alpha|wrong fee|open|-|-|-|-\n", "beta's flag closed");
	expect_close(&t, uid, "again", KB_EINVALID, "closed already");

	/* An answer id closes its open flags, all at once. */
	assert_int_equal(kb_flag_close(&closed, t.kb, "alpha", "rewritten",
	    NULL), 0);
	assert_int_equal(closed, 2);
	expect_flags(&t, 0, "", "every flag closed");
	expect_close(&t, "alpha", "again", KB_EINVALID, "no open flag");
	expect_flags(&t, 1, "alpha|outdated|closed|-|2026-03-10T15:00:00Z|Rita|"
	    "rewritten\nalpha|wrong fee|closed|-|2026-03-10T15:00:00Z|Rita|"
	    "rewritten\nbeta|unclear|closed|-|2026-03-10T15:00:00Z|Rita|"
	    "duplicate of #12\n", "how each closed");

	/* kb_usage_log() writes no close: only kb_flag_close() does. */
	{
		struct kb_event e = KB_EVENT_INIT;

		e.kind = KB_EVENT_FLAG_CLOSE;
		e.agent = "mallory";
		e.answer = "alpha";
		e.reason = "x";
		assert_int_equal(kb_usage_log(t.kb, &e, 1000), KB_EINVALID);
	}
	free(uid);
	th_kb_finish(&t);
}

/* Two flags whose ids start alike: the part is refused, the whole not. */
static void
flags__close__ambiguous_part(void **state)
{
	char *path;
	sqlite3 *db;
	struct th_kb t;

	(void)state;
	th_kb_start(&t, answers);
	be_reviewer(&t);
	flag(&t, "2026-03-01T09:00:00Z", "ann", "alpha", "outdated");
	path = th_path(kb_state_dir(t.kb), "usage.db");
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, "UPDATE event SET uid ="
	    " 'abcdef0011112222' WHERE kind = 'flag';"
	    " INSERT INTO event(uid, time, kind, agent, answer, version,"
	    " reason)"
	    " SELECT 'abcdef0033334444', time, kind, 'bob', answer, version,"
	    " 'also' FROM event", NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(db);
	expect_close(&t, "abcdef00", "x", KB_EINVALID, "more than one");
	expect_close(&t, "abcdef003333", "x", 0, NULL);
	expect_flags(&t, 0, "alpha|outdated|open|-|-|-|-\n", "the other open");
	free(path);
	th_kb_finish(&t);
}

/* An undone flag is no flag: nothing to list, nothing to close. */
static void
flags__close__undone_flag(void **state)
{
	struct th_kb t;
	char *what = NULL;

	(void)state;
	th_kb_start(&t, answers);
	be_reviewer(&t);
	setenv("KB_NOW", "2026-03-10T15:00:00", 1);
	flag(&t, NULL, "ann", "alpha", "oops");
	assert_int_equal(kb_usage_undo_last(&what, t.kb, "ann"), 0);
	free(what);
	expect_flags(&t, 1, "", "undone");
	expect_close(&t, "alpha", "x", KB_ENOTFOUND, NULL);
	th_kb_finish(&t);
}

/* --- the report -------------------------------------------------------- */

static struct kb_report *
report(struct th_kb *t, const char *since, const char *until, int all)
{
	struct kb_report_options o;
	struct kb_report *r = NULL;

	memset(&o, 0, sizeof(o));
	o.since = since;
	o.until = until;
	o.all_offices = all;
	if (kb_report_build(&r, t->kb, &o) != 0)
		fail_msg("kb_report_build: %s", kb_error_last());
	return r;
}

/*
 * flagged: open flags only, those made again after a fix counted apart,
 * customers not satisfied with the text now; flags_closed: closed in the
 * period, by a fix (its commit's day), a reviewer, or a removal.
 */
static void
flags__report__sections(void **state)
{
	struct kb_event e = KB_EVENT_INIT;
	struct kb_report *r;
	struct th_kb t;

	(void)state;
	th_kb_start(&t, answers);
	be_reviewer(&t);
	flag(&t, "2026-03-01T09:00:00Z", "ann", "alpha", "outdated");
	flag(&t, "2026-03-01T10:00:00Z", "bob", "beta", "unclear");
	flag(&t, "2026-03-01T11:00:00Z", "cat", "gamma", "wrong");
	e.kind = KB_EVENT_UNSATISFIED;
	e.agent = "ann";
	e.answer = "alpha";
	e.time = "2026-03-02T09:00:00Z";
	assert_int_equal(kb_usage_log_answer(t.kb, &e, 1000), 0);

	r = report(&t, NULL, NULL, 0);
	th_expect_table(r, "flagged", "alpha|Alpha|1|0|1|outdated\n"
	    "beta|Beta|1|0|0|unclear\n" "gamma|Gamma|1|0|0|wrong\n");
	th_expect_table(r, "flags_closed", "");
	kb_report_free(r);

	/* Alpha fixed on 5 March and flagged again; beta closed by Rita on
	 * 10 March; gamma removed on 12 March. */
	write_at(&t, "answers/a/alpha.md", ANSWER("Alpha", "The fee is $25."));
	commit_at(&t, "2026-03-05T12:00:00+0000", "Alpha: the new fee");
	flag(&t, "2026-03-06T09:00:00Z", "dan", "alpha", "form says $20");
	setenv("KB_NOW", "2026-03-10T15:00:00", 1);
	assert_int_equal(kb_flag_close(NULL, t.kb, "beta", "not a problem",
	    NULL), 0);
	assert_int_equal(th_git(t.dir, "rm -q answers/b/gamma.md"), 0);
	commit_at(&t, "2026-03-12T08:00:00+0000", "Gamma gone");

	r = report(&t, NULL, NULL, 0);
	th_expect_table(r, "flagged", "alpha|Alpha|1|1|0|form says $20\n");
	th_expect_table(r, "flags_closed",
	    "alpha|Alpha|1|1|0|0\n"
	    "beta|Beta|1|0|1|0\n"
	    "gamma|(not in the KB now)|1|0|0|1\n");
	kb_report_free(r);

	/* The period counts flags closed in it, by the day they closed. */
	r = report(&t, "2026-03-06", "2026-03-11", 0);
	th_expect_table(r, "flagged", "alpha|Alpha|1|1|0|form says $20\n");
	th_expect_table(r, "flags_closed", "beta|Beta|1|0|1|0\n");
	kb_report_free(r);
	r = report(&t, "2026-03-01", "2026-03-05", 0);
	th_expect_table(r, "flagged", "");
	th_expect_table(r, "flags_closed", "alpha|Alpha|1|1|0|0\n");
	kb_report_free(r);
	th_kb_finish(&t);
}

/* --- the centre --------------------------------------------------------- */

/*
 * A usage ref holding one day file, as an office sends it:
 * refs/kb/usage/<office>, or a station's
 * refs/kb/station-usage/<office>/<station>.
 */
static void
usage_ref(struct th_kb *t, const char *ref, const char *lines)
{
	const struct th_file files[] = { { "2026-03-01.jsonl", lines },
	    { NULL, NULL } };
	char *src = th_make_kb(files);

	assert_non_null(src);
	assert_int_equal(th_git(t->dir, "fetch -q '%s' +main:%s", src, ref),
	    0);
	th_rmrf(src);
	free(src);
}

/*
 * The usual KB with a reviewer, alpha's blob id on main (which the
 * offices' flags name), and a buffer of *n bytes for their day files.
 */
static void
centre_start(struct th_kb *t, char **alpha, char **lines, size_t *n)
{
	th_kb_start(t, answers);
	be_reviewer(t);
	*alpha = th_git_ok(t->dir, "rev-parse main:answers/a/alpha.md");
	*n = strlen(*alpha) * 2 + 4096;
	*lines = malloc(*n);
	assert_non_null(*lines);
}

#define LINE(uid, time, kind, agent, answer, version, reason, closes) \
	"{\"uid\":\"" uid "\",\"time\":\"" time "\",\"kind\":\"" kind "\"," \
	"\"agent\":\"" agent "\",\"office\":null,\"channel\":null," \
	"\"answer\":\"" answer "\",\"version\":" version ",\"query\":null," \
	"\"hits\":null,\"reason\":\"" reason "\",\"sure\":null," \
	"\"undoes\":null,\"closes\":" closes "}\n"

/*
 * At the centre the offices' flags and closes count: an office's close
 * for its own flag, never for another office's; the centre's reviewer
 * closes any.  kb report --all-offices agrees.
 */
static void
flags__centre__offices(void **state)
{
	char *alpha, *lines, *r_rows;
	struct kb_report *r;
	struct th_kb t;
	size_t n;

	(void)state;
	centre_start(&t, &alpha, &lines, &n);
	snprintf(lines, n,
	    LINE("n1", "2026-03-01T09:00:00Z", "flag", "Nora", "alpha",
	    "\"%s\"", "outdated", "null")
	    LINE("n2", "2026-03-01T09:10:00Z", "flag", "Nick", "alpha",
	    "\"%s\"", "typo", "null")
	    LINE("n3", "2026-03-01T09:20:00Z", "flag_close", "Nadia", "alpha",
	    "\"%s\"", "fixed the typo", "\"n2\"")
	    LINE("n4", "2026-03-01T09:30:00Z", "flag_close", "Nadia", "alpha",
	    "null", "", "\"n1\""), alpha, alpha, alpha);
	usage_ref(&t, "refs/kb/usage/north", lines);
	snprintf(lines, n,
	    LINE("s1", "2026-03-01T10:00:00Z", "flag_close", "Sam", "alpha",
	    "null", "not yours", "\"n1\"")
	    LINE("s2", "2026-03-01T10:05:00Z", "flag", "Sue", "beta", "null",
	    "unclear", "null"));
	usage_ref(&t, "refs/kb/usage/south", lines);

	/* n4 has no reason: skipped; s1 names north's flag: no effect. */
	expect_flags(&t, 1,
	    "alpha|outdated|open|-|-|-|-\n"
	    "alpha|typo|closed|-|2026-03-01T09:20:00Z|Nadia|fixed the typo\n"
	    "beta|unclear|open|-|-|-|-\n", "the offices' flags at the centre");
	r = report(&t, NULL, NULL, 1);
	th_expect_table(r, "flagged", "alpha|Alpha|1|0|0|outdated\n"
	    "beta|Beta|1|0|0|unclear\n");
	th_expect_table(r, "flags_closed", "alpha|Alpha|1|0|1|0\n");
	kb_report_free(r);

	/* The centre's reviewer closes north's flag by its id. */
	setenv("KB_NOW", "2026-03-10T15:00:00", 1);
	assert_int_equal(kb_flag_close(NULL, t.kb, "n1", "new text coming",
	    NULL), 0);
	r = report(&t, NULL, NULL, 1);
	th_expect_table(r, "flagged", "beta|Beta|1|0|0|unclear\n");
	r_rows = th_table_rows(r, "flags_closed");
	th_expect_str(r_rows, "alpha|Alpha|2|0|2|0\n", "closed at the centre");
	free(r_rows);
	kb_report_free(r);
	/* Without the offices: the centre's own log has no flag. */
	r = report(&t, NULL, NULL, 0);
	th_expect_table(r, "flagged", "");
	kb_report_free(r);
	free(lines);
	free(alpha);
	th_kb_finish(&t);
}

/*
 * An office is all its stations: a close sent by one PC of North counts
 * for a flag another PC of North sent; a close from South's PC does not.
 */
static void
flags__centre__stations_of_one_office(void **state)
{
	char *alpha, *lines;
	struct th_kb t;
	size_t n;

	(void)state;
	centre_start(&t, &alpha, &lines, &n);
	snprintf(lines, n,
	    LINE("p1", "2026-03-01T09:00:00Z", "flag", "Nora", "alpha",
	    "\"%s\"", "outdated", "null")
	    LINE("p2", "2026-03-01T09:05:00Z", "flag", "Nick", "alpha",
	    "\"%s\"", "typo", "null"), alpha, alpha);
	usage_ref(&t, "refs/kb/station-usage/north/pc-1", lines);
	snprintf(lines, n,
	    LINE("q1", "2026-03-01T10:00:00Z", "flag_close", "Nadia",
	    "alpha", "null", "fixed the typo", "\"p2\""));
	usage_ref(&t, "refs/kb/station-usage/north/pc-2", lines);
	snprintf(lines, n,
	    LINE("r1", "2026-03-01T10:30:00Z", "flag_close", "Sam", "alpha",
	    "null", "not yours", "\"p1\""));
	usage_ref(&t, "refs/kb/station-usage/south/pc-1", lines);

	expect_flags(&t, 1,
	    "alpha|outdated|open|-|-|-|-\n"
	    "alpha|typo|closed|-|2026-03-01T10:00:00Z|Nadia|fixed the typo\n",
	    "closes across one office's stations, not across offices");
	free(lines);
	free(alpha);
	th_kb_finish(&t);
}

/*
 * offices.db of schema 4 (before closes) is migrated, not made again:
 * its rows stay (an event of a day file since removed is only there),
 * and every ref is read again, so a close an older kb skipped comes in.
 */
static void
flags__centre__offices_db_migrated(void **state)
{
	struct th_kb t;
	char *path;
	sqlite3 *db;

	(void)state;
	th_kb_start(&t, answers);
	usage_ref(&t, "refs/kb/usage/north",
	    LINE("n1", "2026-03-01T09:00:00Z", "flag", "Nora", "beta", "null",
	    "unclear", "null")
	    LINE("n2", "2026-03-01T09:20:00Z", "flag_close", "Nadia", "beta",
	    "null", "done", "\"n1\""));
	assert_int_equal(th_git(t.dir, "rev-parse -q --verify"
	    " refs/kb/usage/north >/dev/null"), 0);
	path = th_path(kb_state_dir(t.kb), "offices.db");
	assert_int_equal(th_write_file(kb_state_dir(t.kb), ".keep", ""), 0);
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db,
	    "CREATE TABLE event(ref TEXT NOT NULL, uid TEXT NOT NULL,"
	    " time TEXT NOT NULL, kind TEXT NOT NULL, agent TEXT NOT NULL,"
	    " office TEXT NOT NULL, channel TEXT, answer TEXT, version TEXT,"
	    " query TEXT, hits INTEGER, reason TEXT, sure INTEGER, undoes TEXT,"
	    " PRIMARY KEY(ref, uid));"
	    "CREATE INDEX event_undoes ON event(ref, undoes)"
	    " WHERE undoes IS NOT NULL;"
	    "CREATE TABLE source(ref TEXT PRIMARY KEY, tip TEXT NOT NULL);"
	    "INSERT INTO event(ref, uid, time, kind, agent, office, answer,"
	    " reason) VALUES ('refs/kb/usage/north', 'gone', "
	    " '2026-02-01T09:00:00Z', 'flag', 'Old', 'north', 'gamma', 'old');"
	    "INSERT INTO event(ref, uid, time, kind, agent, office, answer,"
	    " reason) VALUES ('refs/kb/usage/north', 'n1', "
	    " '2026-03-01T09:00:00Z', 'flag', 'Nora', 'north', 'beta',"
	    " 'unclear');"
	    "PRAGMA user_version=4;", NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(db);
	/* As an older kb left it: the ref read (n2 skipped as unknown). */
	{
		char *tip = th_git_output(t.dir,
		    "rev-parse refs/kb/usage/north");
		char sql[256];

		snprintf(sql, sizeof(sql), "INSERT INTO source VALUES"
		    "('refs/kb/usage/north', '%s')", tip);
		assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
		assert_int_equal(sqlite3_exec(db, sql, NULL, NULL, NULL),
		    SQLITE_OK);
		sqlite3_close(db);
		free(tip);
	}
	expect_flags(&t, 1, "gamma|old|open|-|-|-|-\n"
	    "beta|unclear|closed|-|2026-03-01T09:20:00Z|Nadia|done\n",
	    "the old row kept, the skipped close read");
	expect_rows(&t, "offices.db", "SELECT user_version > 4, count(*) FROM"
	    " pragma_user_version, pragma_table_info('event')"
	    " WHERE name = 'closes'", "1|1\n");
	expect_rows(&t, "offices.db", "SELECT uid, closes FROM event ORDER BY"
	    " uid", "gone|NULL\nn1|NULL\nn2|n1\n");
	free(path);
	th_kb_finish(&t);
}

/* --- what the centre accepts from an office ---------------------------- */

/* A flag_close names a uid and gives a reason; nothing else names one. */
static void
flags__check__close_lines(void **state)
{
	static const struct th_usage_line_case cases[] = {
		{ LINE("c1", "2026-03-01T09:00:00Z", "flag_close", "Rita",
		  "alpha", "null", "done", "\"n1\""), "" },
		{ LINE("c1", "2026-03-01T09:00:00Z", "flag_close", "Rita",
		  "alpha", "null", "done", "null"), "closes is missing" },
		{ LINE("c1", "2026-03-01T09:00:00Z", "flag_close", "Rita",
		  "alpha", "null", "done", "\"a b\""), "closes is missing" },
		{ LINE("c1", "2026-03-01T09:00:00Z", "flag", "Rita",
		  "alpha", "null", "done", "\"n1\""), "closes is given" },
		{ "{\"uid\":\"c1\",\"time\":\"2026-03-01T09:00:00Z\",\"kind\":"
		  "\"flag_close\",\"agent\":\"Rita\",\"answer\":\"alpha\","
		  "\"closes\":\"n1\"}", "reason is missing" },
		{ LINE("c1", "2026-03-01T09:00:00Z", "flag_close", "Rita",
		  "alpha", "null", "a\\u001b[2Jb", "\"n1\""), "reason" },
		/* An older office's line, without the field: as it was. */
		{ "{\"uid\":\"u1\",\"time\":\"2026-03-01T09:00:00Z\",\"kind\":"
		  "\"flag\",\"agent\":\"Ann\",\"answer\":\"alpha\","
		  "\"reason\":\"x\",\"undoes\":null}", "" },
	};

	(void)state;
	th_expect_usage_lines(cases, sizeof(cases) / sizeof(cases[0]));
}

int
main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(flags__rule__follows_the_branch),
		cmocka_unit_test(flags__rule__no_version_stays_open),
		cmocka_unit_test(flags__close__event),
		cmocka_unit_test(flags__close__ambiguous_part),
		cmocka_unit_test(flags__close__undone_flag),
		cmocka_unit_test(flags__report__sections),
		cmocka_unit_test(flags__centre__offices),
		cmocka_unit_test(flags__centre__stations_of_one_office),
		cmocka_unit_test(flags__centre__offices_db_migrated),
		cmocka_unit_test(flags__check__close_lines),
	};

	th_env_setup();
	return th_run(argc, argv, "flags", tests,
	    th_libkb_setup, th_libkb_teardown);
}
