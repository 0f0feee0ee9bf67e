/*
 * Unit tests for kbsync (kb/sync.h) through the public API, on real
 * temporary repositories: a KB made with kb_init() is cloned bare as the
 * centre, kb_init_remote() makes the office from it, and the plain git
 * command plays the centre's side (new commits, a rewritten main, a hand
 * edit of an office's usage ref).  The JSON lines the centre receives are
 * checked with SQLite's own JSON functions.
 */
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>
#include <sqlite3.h>

#include "helpers.h"
#include "kb/kb.h"
#include "kb/report.h"
#include "kb/sync.h"
#include "kb/usage.h"
#include "usage_ref.h"

#define NITEMS(a) (sizeof(a) / sizeof((a)[0]))
#define FFFD "\xEF\xBF\xBD"

#define ANSWER(title) \
	"---\n" \
	"title: " title "\n" \
	"tags: sync, test\n" \
	"---\n" \
	"The text of " title ".\n"

static const struct th_file sample_files[] = {
	{ "answers/a/alpha.md", ANSWER("Alpha answer") },
	{ "answers/a/beta.md", ANSWER("Beta answer") },
	{ "answers/b/gamma.md", ANSWER("Gamma answer") },
	{ NULL, NULL }
};

/*
 * The office kb_init_remote() is given, the name its ref carries, the
 * station (this copy) and its ref.
 */
#define OFFICE "North Office"
#define SLUG "north-office"
#define STATION "pc-1"
#define STATIONS "refs/kb/station-usage/"
#define USAGE_REF STATIONS SLUG "/" STATION

/*
 * One test's world, under one temporary directory (root): the sample, the
 * KB it was made into (seed), the centre (a bare clone of it), and the
 * office made from the centre with kb_init_remote(): the usual fixture
 * (helpers.h), its folder office.dir, open as office.kb.
 */
struct world {
	char *root, *sample, *seed, *central, *work;
	struct th_kb office;
};

/* The world of the test running: its teardown frees it, failed or not. */
static struct world the_world;

static char *
world_path(struct world *w, const char *rel)
{
	return th_path(w->root, rel);
}

/* The centre and a KB to make offices from, with no office yet. */
static void
world_centre(struct world *w)
{
	size_t i;
	int rc;

	memset(w, 0, sizeof(*w));
	unsetenv("KB_NOW");
	w->root = th_tmpdir();
	assert_non_null(w->root);
	w->sample = world_path(w, "sample");
	w->seed = world_path(w, "seed");
	w->central = world_path(w, "central.git");
	w->office.dir = world_path(w, "office");
	w->work = world_path(w, "work");
	for (i = 0; sample_files[i].path; i++)
		assert_int_equal(th_write_file(w->sample, sample_files[i].path,
		    sample_files[i].content), 0);
	if ((rc = kb_init(w->seed, w->sample, NULL)) != 0)
		fail_msg("kb_init: %d %s", rc, kb_error_last());
	assert_int_equal(th_git(w->root, "clone -q --bare seed central.git"),
	    0);
}

/* The office made, then opened. */
static void
world_office(struct world *w)
{
	int rc;

	rc = kb_init_remote(w->office.dir, w->central, OFFICE, STATION, NULL,
	    NULL);
	if (rc != 0)
		fail_msg("kb_init_remote: %d %s", rc, kb_error_last());
	th_kb_reopen(&w->office);
}

static void
world_start(struct world *w)
{
	world_centre(w);
	world_office(w);
}

static void
world_free(struct world *w)
{
	kb_close(w->office.kb);
	free(w->office.dir);
	th_diags_free(&w->office.diags);
	free(w->root);
	free(w->sample);
	free(w->seed);
	free(w->central);
	free(w->work);
	memset(w, 0, sizeof(*w));
	unsetenv("KB_NOW");
}

/* The office's fixture finished (helpers.h), then the rest of the world. */
static void
world_finish(struct world *w)
{
	th_kb_finish(&w->office);
	assert_int_equal(th_rmrf(w->root), 0);
	world_free(w);
}

/* cmocka teardown: what a failed test left behind. */
static int
world_teardown(void **state)
{
	(void)state;
	if (the_world.root)
		th_rmrf(the_world.root);
	world_free(&the_world);
	return 0;
}

/* 1 when `ref` exists in the repository at dir. */
static int
has_ref(const char *dir, const char *ref)
{
	return th_git(dir, "show-ref -q --verify '%s' || exit 3", ref) == 0;
}

/* Without the noise th_git prints for a missing ref. */
static int
ref_absent(const char *dir, const char *ref)
{
	char *out = th_git_ok(dir, "for-each-ref --format='%%(refname)' '%s'",
	    ref);
	int absent = *out == '\0';

	free(out);
	return absent;
}

/* No usage ref, of a station or of an office from before stations. */
static int
no_usage_refs(const char *dir)
{
	return ref_absent(dir, STATIONS) && ref_absent(dir, "refs/kb/usage/");
}

/* <state dir>/name, whole, or NULL; caller frees. */
static char *
state_file(struct world *w, const char *name)
{
	char *path = th_path(kb_state_dir(w->office.kb), name);
	char *text = th_read_file(path, NULL);

	free(path);
	return text;
}

/* The centre gets a commit: files written (content NULL: removed). */
static void
centre_commit(struct world *w, const struct th_file *files,
    const char *message)
{
	size_t i;

	if (access(w->work, F_OK) != 0)
		assert_int_equal(th_git(w->root, "clone -q central.git work"),
		    0);
	else
		assert_int_equal(th_git(w->work, "pull -q --ff-only"), 0);
	for (i = 0; files[i].path; i++) {
		if (files[i].content)
			assert_int_equal(th_write_file(w->work, files[i].path,
			    files[i].content), 0);
		else
			assert_int_equal(th_git(w->work, "rm -q '%s'",
			    files[i].path), 0);
	}
	assert_int_equal(th_git_commit_all(w->work, message), 0);
	assert_int_equal(th_git(w->work, "push -q origin main"), 0);
}

/* One use of an answer, logged at the office. */
static void
log_event(struct world *w, enum kb_event_kind kind, const char *answer,
    const char *time, const char *query)
{
	struct kb_event e = KB_EVENT_INIT;
	int rc;

	e.kind = kind;
	e.agent = "ann";
	e.channel = KB_CHANNEL_PHONE;
	e.answer = answer;
	e.time = time;
	e.query = query;
	e.hits = kind == KB_EVENT_SEARCH ? 2 : -1;
	if ((rc = kb_usage_log(w->office.kb, &e, 1000)) != 0)
		fail_msg("kb_usage_log: %d %s", rc, kb_error_last());
}

static void
log_use(struct world *w, const char *answer, const char *time)
{
	log_event(w, KB_EVENT_USE, answer, time, NULL);
}

static void
sync_options(struct kb_sync_options *o)
{
	memset(o, 0, sizeof(*o));
	o->no_wait = 1;
}

/* kb_sync that must succeed. */
static void
sync_ok(struct world *w, const struct kb_sync_options *o,
    struct kb_sync_result *r)
{
	int rc = kb_sync(r, w->office.kb, o);

	if (rc != 0) {
		size_t i;

		for (i = 0; i < r->nrefused; i++)
			fprintf(stderr, "refused: %s\n", r->refused[i]);
		fail_msg("kb_sync: %d %s", rc, kb_error_last());
	}
	assert_int_equal(r->nrefused, 0);
	assert_int_equal(r->diverged, 0);
}

/* A plain sync, whose result is checked for the events sent only. */
static void
sync_sends(struct world *w, unsigned long events)
{
	struct kb_sync_options o;
	struct kb_sync_result r;

	sync_options(&o);
	sync_ok(w, &o, &r);
	if (r.events_sent != events)
		fail_msg("kb_sync sent %lu events, want %lu", r.events_sent,
		    events);
	kb_sync_result_clear(&r);
}

/* --- the JSON lines at the centre ---------------------------------------- */

/* An in-memory SQLite database with a table l(day, n, line). */
static sqlite3 *
lines_db(void)
{
	sqlite3 *db = NULL;

	assert_int_equal(sqlite3_open(":memory:", &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, "CREATE TABLE l(day TEXT,"
	    " n INTEGER, line TEXT)", NULL, NULL, NULL), SQLITE_OK);
	return db;
}

/*
 * Add the lines of day file `day` on `ref` at the centre to l, n from
 * 1: each commit's, oldest first, as each holds only the events it adds
 * (usage_ref.h).  Each must be a line of JSON text: no raw control
 * characters.
 */
static void
lines_add(sqlite3 *db, struct world *w, const char *ref, const char *day)
{
	char *text = th_git_ok(w->central, "rev-list --reverse --first-parent"
	    " '%s' | while read -r c; do git -C '%s' show \"$c:%s.jsonl\""
	    " 2>/dev/null; done", ref, w->central, day);
	sqlite3_stmt *st;
	const char *p = text;
	int n = 0;

	assert_int_equal(sqlite3_prepare_v2(db, "INSERT INTO l VALUES(?, ?,"
	    " ?)", -1, &st, NULL), SQLITE_OK);
	while (*p) {
		const char *nl = strchr(p, '\n');
		size_t len = nl ? (size_t)(nl - p) : strlen(p);
		size_t i;

		for (i = 0; i < len; i++)
			if ((unsigned char)p[i] < 0x20)
				fail_msg("%s line %d: raw byte 0x%02x", day,
				    n + 1, (unsigned char)p[i]);
		sqlite3_bind_text(st, 1, day, -1, SQLITE_TRANSIENT);
		sqlite3_bind_int(st, 2, ++n);
		sqlite3_bind_text(st, 3, p, (int)len, SQLITE_TRANSIENT);
		assert_int_equal(sqlite3_step(st), SQLITE_DONE);
		sqlite3_reset(st);
		p += len + (nl ? 1 : 0);
	}
	sqlite3_finalize(st);
	free(text);
}

/* The lines of one day file. */
static sqlite3 *
central_lines(struct world *w, const char *ref, const char *day)
{
	sqlite3 *db = lines_db();

	lines_add(db, w, ref, day);
	return db;
}

/* The office's own log, attached to a lines database as "office". */
static void
attach_office_log(sqlite3 *db, struct world *w)
{
	char *path = th_path(kb_state_dir(w->office.kb), "usage.db");
	char *sql = sqlite3_mprintf("ATTACH %Q AS office", path);

	if (sqlite3_exec(db, sql, NULL, NULL, NULL) != SQLITE_OK)
		fail_msg("%s: %s", sql, sqlite3_errmsg(db));
	sqlite3_free(sql);
	free(path);
}

static void
expect_rows(sqlite3 *db, const char *sql, const char *want)
{
	char *got = th_db_rows(db, sql);

	if (strcmp(got, want) != 0)
		fail_msg("%s:\n--- got:\n%s--- want:\n%s", sql, got, want);
	free(got);
}

/* --- kb_init_remote and kb_sync_status ----------------------------------- */

static void
sync__init_remote__office_kb(void **state)
{
	struct kb_sync_status st;
	struct world *w = &the_world;
	char name[128], *head, *text, *want;
	time_t before, after;

	(void)state;
	world_centre(w);
	before = time(NULL);
	assert_int_equal(kb_init_remote(w->office.dir, w->central, OFFICE,
	    STATION, NULL, NULL), 0);
	after = time(NULL);
	th_kb_reopen(&w->office);

	/* A clone with main checked out, at the centre's main. */
	head = th_git_ok(w->central, "rev-parse main");
	th_expect_git(w->office.dir, head, "rev-parse main");
	th_expect_git(w->office.dir, "main", "symbolic-ref --short HEAD");
	th_expect_git(w->office.dir, "", "status --porcelain");
	{
		char *p = th_path(w->office.dir, "answers/b/gamma.md");

		assert_int_equal(access(p, F_OK), 0);
		free(p);
	}
	th_expect_git(w->office.dir, w->central, "config remote.origin.url");
	th_expect_git(w->office.dir, "origin", "config kb.remote");
	th_expect_git(w->office.dir, OFFICE, "config kb.office");
	assert_int_equal(kb_sync_office(name, w->office.kb), 0);
	assert_string_equal(name, SLUG);

	/* last-sync: when, the centre's main and its address. */
	text = state_file(w, "last-sync");
	assert_non_null(text);
	want = malloc(strlen(head) + strlen(w->central) + 32);
	assert_non_null(want);
	sprintf(want, "\ncentral %s\nurl %s\n", head, w->central);
	if (strncmp(text, "time ", 5) != 0 || strstr(text, want) == NULL)
		fail_msg("last-sync:\n%s", text);
	free(want);
	free(text);

	memset(&st, 0x55, sizeof(st));
	assert_int_equal(kb_sync_status(&st, w->office.kb), 0);
	assert_int_equal(st.office, 1);
	assert_true(st.last >= (long long)before - 1);
	assert_true(st.last <= (long long)after + 1);
	assert_true(st.age >= 0 && st.age < 600);
	assert_int_equal(st.warn_hours, 24);
	assert_int_equal(st.stale, 0);
	free(head);
	world_finish(w);
}

static void
sync__init_remote__kb_init_is_no_office(void **state)
{
	struct kb_sync_status st;
	struct world *w = &the_world;
	struct kb *kb;

	(void)state;
	world_centre(w);
	kb = th_kb_open(w->seed);
	memset(&st, 0x55, sizeof(st));
	assert_int_equal(kb_sync_status(&st, kb), 0);
	assert_int_equal(st.office, 0);
	assert_true(st.last == 0);
	assert_true(st.age == 0);
	assert_int_equal(st.warn_hours, 24);
	assert_int_equal(st.stale, 0);
	/* Whatever the config says: it is not an office. */
	assert_int_equal(th_git(w->seed, "config kb.syncWarnHours 1"), 0);
	kb_close(kb);
	kb = th_kb_open(w->seed);
	setenv("KB_NOW", "2031-01-01", 1);
	assert_int_equal(kb_sync_status(&st, kb), 0);
	assert_int_equal(st.office, 0);
	assert_int_equal(st.stale, 0);
	kb_close(kb);
	world_finish(w);
}

static void
sync__init_remote__office_defaults_to_host(void **state)
{
	static const char *const none[] = { NULL, "" };
	char host[256] = "", name[128], station[128];
	struct world *w = &the_world;
	size_t i;

	(void)state;
	/* kb.office is the host's name as it is; the usage ref's name is
	 * made of it with only a-z, 0-9, '_' and '-' (the rules themselves
	 * are tested with known names below). */
	assert_int_equal(gethostname(host, sizeof(host) - 1), 0);
	for (i = 0; i < NITEMS(none); i++) {
		world_centre(w);
		assert_int_equal(kb_init_remote(w->office.dir, w->central,
		    none[i], none[i], NULL, NULL), 0);
		th_kb_reopen(&w->office);
		th_expect_git(w->office.dir, host, "config kb.office");
		assert_int_equal(kb_sync_office(name, w->office.kb), 0);
		assert_true(name[0] != '\0');
		assert_int_equal(strspn(name, "abcdefghijklmnopqrstuvwxyz"
		    "0123456789_-"), strlen(name));
		/* The station too, kept as its ref carries it. */
		th_expect_git(w->office.dir, name, "config kb.station");
		assert_int_equal(kb_sync_station(station, w->office.kb), 0);
		assert_string_equal(station, name);
		world_finish(w);
	}
}

static void
sync__init_remote__centre_missing(void **state)
{
	struct world *w = &the_world;
	char *nowhere, *dir;

	(void)state;
	world_centre(w);
	nowhere = world_path(w, "not-mounted/central.git");
	dir = world_path(w, "office2");
	assert_int_equal(kb_init_remote(dir, nowhere, OFFICE, STATION, NULL,
	    NULL), KB_EOFFLINE);
	assert_non_null(strstr(kb_error_last(), nowhere));
	free(nowhere);
	free(dir);
	world_finish(w);
}

/* --- kb_sync: main -------------------------------------------------------- */

static void
sync__main__nothing_to_do(void **state)
{
	struct kb_sync_options o;
	struct kb_sync_result r;
	struct kb_sync_status st;
	struct world *w = &the_world;
	char *head, *refs;

	(void)state;
	world_start(w);
	head = th_git_ok(w->office.dir, "rev-parse main");
	refs = th_git_ok(w->central, "for-each-ref");
	setenv("KB_NOW", "2030-06-01T10:20:30", 1);
	sync_options(&o);
	sync_ok(w, &o, &r);
	assert_string_equal(r.url, w->central);
	assert_string_equal(r.office, SLUG);
	assert_string_equal(r.old_main, head);
	assert_string_equal(r.new_main, "");
	assert_int_equal(r.added, 0);
	assert_int_equal(r.changed, 0);
	assert_int_equal(r.removed, 0);
	assert_int_equal(r.proposals_sent, 0);
	assert_int_equal(r.decisions_received, 0);
	assert_true(r.events_sent == 0);
	assert_int_equal(r.local_only, 0);
	assert_int_equal(r.central_only, 0);
	assert_string_equal(r.backup_ref, "");
	assert_null(r.refused);
	kb_sync_result_clear(&r);
	assert_null(r.url);
	assert_int_equal(r.nrefused, 0);

	/* Nothing moved at either end; the sync is recorded. */
	th_expect_git(w->office.dir, head, "rev-parse main");
	th_expect_git(w->central, refs, "for-each-ref");
	assert_true(no_usage_refs(w->central));
	assert_int_equal(kb_sync_status(&st, w->office.kb), 0);
	assert_true(st.last == 1906539630LL);	/* 2030-06-01T10:20:30Z */
	assert_true(st.age == 0);
	/* The result is cleared on entry: clearing twice is harmless. */
	kb_sync_result_clear(&r);
	free(refs);
	free(head);
	world_finish(w);
}

static void
sync__main__fast_forward(void **state)
{
	static const struct th_file change[] = {
		{ "answers/c/delta.md", ANSWER("Delta answer") },
		{ "answers/a/beta.md", ANSWER("Beta answer, changed") },
		{ "answers/b/gamma.md", NULL },
		{ "README.txt", "not an answer\n" },
		{ NULL, NULL }
	};
	struct kb_sync_options o;
	struct kb_sync_result r;
	struct kb_answer *a = NULL;
	struct world *w = &the_world;
	char *old, *tip, *p;

	(void)state;
	world_start(w);
	old = th_git_ok(w->office.dir, "rev-parse main");
	centre_commit(w, change, "Delta added, beta changed, gamma gone");
	tip = th_git_ok(w->central, "rev-parse main");
	sync_options(&o);
	sync_ok(w, &o, &r);
	assert_string_equal(r.old_main, old);
	assert_string_equal(r.new_main, tip);
	/* Answers only: README.txt is not counted. */
	assert_int_equal(r.added, 1);
	assert_int_equal(r.changed, 1);
	assert_int_equal(r.removed, 1);
	kb_sync_result_clear(&r);
	th_expect_git(w->office.dir, tip, "rev-parse main");
	th_expect_git(w->office.dir, "", "status --porcelain");
	p = th_path(w->office.dir, "answers/c/delta.md");
	assert_int_equal(access(p, F_OK), 0);
	free(p);
	p = th_path(w->office.dir, "answers/b/gamma.md");
	assert_int_equal(access(p, F_OK), -1);
	free(p);
	/* The index follows. */
	assert_int_equal(kb_answer_load(&a, w->office.kb, "delta"), 0);
	assert_string_equal(a->title, "Delta answer");
	kb_answer_free(a);
	th_expect_ids(w->office.kb, "delta", "delta");

	/* The next sync has nothing to do. */
	sync_ok(w, &o, &r);
	assert_string_equal(r.new_main, "");
	assert_int_equal(r.added + r.changed + r.removed, 0);
	kb_sync_result_clear(&r);
	free(old);
	free(tip);
	world_finish(w);
}

/* --- usage: every event exactly once --------------------------------------- */

static void
sync__usage__exactly_once(void **state)
{
	struct kb_sync_options o;
	struct kb_sync_result r;
	struct world *w = &the_world;
	sqlite3 *db;

	(void)state;
	world_start(w);
	/* Nothing logged, no ref. */
	sync_sends(w, 0);
	assert_true(no_usage_refs(w->office.dir));

	log_use(w, "alpha", "2026-02-01T09:00:00Z");
	log_use(w, "alpha", "2026-02-01T10:00:00Z");
	log_use(w, "beta", "2026-02-01T23:59:59Z");
	log_use(w, "gamma", "2026-02-02T00:00:00Z");
	log_event(w, KB_EVENT_SEARCH, NULL, "2026-02-02T08:00:00Z",
	    "lost passport");
	sync_sends(w, 5);
	/* The office's ref and the centre's are one. */
	{
		char *a = th_git_ok(w->office.dir, "rev-parse " USAGE_REF);

		th_expect_git(w->central, a, "rev-parse " USAGE_REF);
		free(a);
	}
	/* Again: nothing more. */
	sync_sends(w, 0);
	sync_sends(w, 0);

	/* More events: only those. */
	log_use(w, "beta", "2026-02-02T09:00:00Z");
	log_use(w, "beta", "2026-02-03T09:00:00Z");
	log_use(w, "alpha", "2026-02-01T12:00:00Z");	/* an earlier day */
	sync_sends(w, 3);
	sync_sends(w, 0);

	/* A commit per sync, each saying how many it holds. */
	th_expect_git(w->central, "3\n5", "log --format='%(trailers:key="
	    "Kb-Usage-Events,valueonly)' " USAGE_REF " | sed '/^$/d'");
	th_expect_git(w->central, "2026-02-01.jsonl\n2026-02-02.jsonl\n"
	    "2026-02-03.jsonl", "ls-tree --name-only " USAGE_REF);

	/* One line per event, a day file per UTC day, every uid once. */
	db = central_lines(w, USAGE_REF, "2026-02-01");
	expect_rows(db, "SELECT count(*), sum(json_valid(line)),"
	    " count(DISTINCT json_extract(line, '$.uid')) FROM l", "4|4|4\n");
	expect_rows(db, "SELECT json_extract(line, '$.time'),"
	    " json_extract(line, '$.answer'), json_extract(line, '$.kind'),"
	    " json_extract(line, '$.agent'), json_extract(line, '$.channel'),"
	    " json_type(line, '$.office'), json_extract(line, '$.hits')"
	    " FROM l ORDER BY n",
	    "2026-02-01T09:00:00Z|alpha|use|ann|phone|null|NULL\n"
	    "2026-02-01T10:00:00Z|alpha|use|ann|phone|null|NULL\n"
	    "2026-02-01T23:59:59Z|beta|use|ann|phone|null|NULL\n"
	    "2026-02-01T12:00:00Z|alpha|use|ann|phone|null|NULL\n");
	sqlite3_close(db);
	db = central_lines(w, USAGE_REF, "2026-02-02");
	expect_rows(db, "SELECT json_extract(line, '$.kind'),"
	    " json_extract(line, '$.answer'), json_extract(line, '$.query'),"
	    " json_extract(line, '$.hits') FROM l ORDER BY n",
	    "use|gamma|NULL|NULL\n"
	    "search|NULL|lost passport|2\n"
	    "use|beta|NULL|NULL\n");
	sqlite3_close(db);

	/* The centre holds exactly the office's events, each once. */
	db = lines_db();
	lines_add(db, w, USAGE_REF, "2026-02-01");
	lines_add(db, w, USAGE_REF, "2026-02-02");
	lines_add(db, w, USAGE_REF, "2026-02-03");
	attach_office_log(db, w);
	expect_rows(db, "SELECT count(*), count(DISTINCT json_extract(line,"
	    " '$.uid')) FROM l", "8|8\n");
	expect_rows(db, "SELECT count(*) FROM office.event WHERE uid NOT IN"
	    " (SELECT json_extract(line, '$.uid') FROM l)", "0\n");
	/* Each line is its event: the same time, kind and answer. */
	expect_rows(db, "SELECT count(*) FROM l JOIN office.event e"
	    " ON e.uid = json_extract(line, '$.uid')"
	    " AND e.time = json_extract(line, '$.time')"
	    " AND e.kind = json_extract(line, '$.kind')"
	    " AND e.answer IS json_extract(line, '$.answer')"
	    " AND substr(e.time, 1, 10) = l.day", "8\n");
	sqlite3_close(db);

	/* A dry run now has nothing to send either. */
	sync_options(&o);
	o.dry_run = 1;
	sync_ok(w, &o, &r);
	assert_true(r.events_sent == 0);
	kb_sync_result_clear(&r);
	world_finish(w);
}

/* The office renamed: its new ref starts where the old one ended. */
static void
sync__usage__office_renamed(void **state)
{
	struct world *w = &the_world;
	sqlite3 *db;

	(void)state;
	world_start(w);
	log_use(w, "alpha", "2026-02-01T09:00:00Z");
	log_use(w, "beta", "2026-02-01T10:00:00Z");
	sync_sends(w, 2);
	assert_int_equal(th_git(w->office.dir,
	    "config kb.office 'South Branch'"), 0);
	th_kb_reopen(&w->office);
	log_use(w, "gamma", "2026-02-01T11:00:00Z");
	sync_sends(w, 1);
	sync_sends(w, 0);
	db = central_lines(w, STATIONS "south-branch/" STATION, "2026-02-01");
	expect_rows(db, "SELECT json_extract(line, '$.answer') FROM l",
	    "gamma\n");
	sqlite3_close(db);
	db = central_lines(w, USAGE_REF, "2026-02-01");
	expect_rows(db, "SELECT json_extract(line, '$.answer') FROM l",
	    "alpha\nbeta\n");
	sqlite3_close(db);
	world_finish(w);
}

struct odd {
	const char *name, *query, *want;
};

/* Whatever an agent typed reaches the centre as one valid JSON line. */
static void
sync__usage__odd_text(void **state)
{
	static const struct odd odd[] = {
		{ "quotes", "say \"hello\"", NULL },
		{ "backslashes", "C:\\temp\\ \\\"x\\u0041", NULL },
		{ "newlines", "line one\nline two\r\nthree\n", NULL },
		{ "tab", "a\tb", NULL },
		{ "controls", "\x01\x02\x1b[31mred\x1b[0m\x1f", NULL },
		{ "DEL", "rub\x7fout", NULL },
		{ "JSON inside", "{\"uid\":\"x\"}\n{\"kind\":\"use\"}", NULL },
		{ "emoji", "passport \xF0\x9F\x9B\x82 lost \xF0\x9F\x98\xA2",
		  NULL },
		{ "CJK and accents", "\xE6\x8A\xA4\xE7\x85\xA7 caf\xC3\xA9",
		  NULL },
		{ "line separators", "a\xE2\x80\xA8" "b\xE2\x80\xA9" "c",
		  NULL },
		{ "Latin-1", "caf\xE9 cr\xE8me", "caf" FFFD " cr" FFFD "me" },
		{ "cut emoji", "x\xF0\x9F\x98", "x" FFFD FFFD FFFD },
		{ "lone bytes", "\xFF\xFE\x80", FFFD FFFD FFFD },
		{ "overlong quote", "\xC0\xA2", FFFD FFFD },
	};
	struct world *w = &the_world;
	sqlite3 *db;
	sqlite3_stmt *st;
	size_t i;

	(void)state;
	world_start(w);
	for (i = 0; i < NITEMS(odd); i++)
		log_event(w, KB_EVENT_SEARCH, NULL, "2026-02-05T10:00:00Z",
		    odd[i].query);
	{
		/* Odd text in the other fields too. */
		struct kb_event e = KB_EVENT_INIT;

		e.kind = KB_EVENT_FLAG;
		e.agent = "O'Brien \"Bob\"\n\xFF";
		e.office = "Nord\\Ost \xF0\x9F\x8F\xA2";
		e.answer = "alpha";
		e.reason = "the fee is \"$20\"\tnow";
		e.time = "2026-02-05T11:00:00Z";
		assert_int_equal(kb_usage_log(w->office.kb, &e, 1000), 0);
	}
	sync_sends(w, NITEMS(odd) + 1);

	db = central_lines(w, USAGE_REF, "2026-02-05");
	expect_rows(db, "SELECT count(*), sum(json_valid(line)),"
	    " sum(json_type(line) = 'object') FROM l", "15|15|15\n");
	assert_int_equal(sqlite3_prepare_v2(db, "SELECT json_extract(line,"
	    " '$.query') FROM l WHERE n = ?", -1, &st, NULL), SQLITE_OK);
	for (i = 0; i < NITEMS(odd); i++) {
		const char *want = odd[i].want ? odd[i].want : odd[i].query;
		const char *got;

		sqlite3_bind_int(st, 1, (int)i + 1);
		assert_int_equal(sqlite3_step(st), SQLITE_ROW);
		got = (const char *)sqlite3_column_text(st, 0);
		if (got == NULL || strcmp(got, want) != 0)
			fail_msg("%s: the centre has '%s'", odd[i].name,
			    got ? got : "(NULL)");
		sqlite3_reset(st);
	}
	sqlite3_finalize(st);
	expect_rows(db, "SELECT json_extract(line, '$.agent'),"
	    " json_extract(line, '$.office'), json_extract(line, '$.reason')"
	    " FROM l WHERE n = 15",
	    "O'Brien \"Bob\"\n" FFFD "|Nord\\Ost \xF0\x9F\x8F\xA2|"
	    "the fee is \"$20\"\tnow\n");
	sqlite3_close(db);

	/* Every event came through, once. */
	db = central_lines(w, USAGE_REF, "2026-02-05");
	attach_office_log(db, w);
	expect_rows(db, "SELECT count(DISTINCT json_extract(line, '$.uid'))"
	    " FROM l JOIN office.event e ON e.uid = json_extract(line,"
	    " '$.uid')", "15\n");
	sqlite3_close(db);
	world_finish(w);
}

/* 0 when `ref` is a name git takes for a ref. */
static int
ref_name_ok(const char *root, const char *ref)
{
	return th_git(root, "check-ref-format '%s'", ref);
}

/*
 * Whatever the office is called (kb init --remote --office), its usage
 * ref has a valid name and the office can sync.
 */
static void
sync__usage__office_names_make_valid_refs(void **state)
{
	static const char *const names[] = { "Zweigstelle S\xC3\xBC" "d",
	    "a/b\\c", "..hidden", "@{upstream}", "trailing.", "-lead",
	    "North..East", "Main.lock", "hq.lock", "x...y", NULL };
	char failed[2048] = "";
	struct world *w = &the_world;
	size_t i;

	(void)state;
	world_centre(w);
	for (i = 0; names[i]; i++) {
		char dir[32], slug[128], station[128], ref[300];
		struct kb_sync_options o;
		struct kb_sync_result r;
		struct kb_event e = KB_EVENT_INIT;
		char *path;
		int rc;

		snprintf(dir, sizeof(dir), "office%zu", i);
		path = world_path(w, dir);
		assert_int_equal(kb_init_remote(path, w->central, names[i],
		    names[i], NULL, NULL), 0);
		w->office.kb = th_kb_open(path);
		free(path);
		assert_int_equal(kb_sync_office(slug, w->office.kb), 0);
		assert_int_equal(kb_sync_station(station, w->office.kb), 0);
		assert_string_equal(slug, station);
		snprintf(ref, sizeof(ref), STATIONS "%s/%s", slug, station);
		e.agent = "ann";
		e.answer = "alpha";
		e.time = "2026-02-01T09:00:00Z";
		assert_int_equal(kb_usage_log(w->office.kb, &e, 1000), 0);
		sync_options(&o);
		rc = kb_sync(&r, w->office.kb, &o);
		if (ref_name_ok(w->root, ref) != 0 || rc != 0 ||
		    r.events_sent != 1)
			snprintf(failed + strlen(failed), sizeof(failed) -
			    strlen(failed), "\n  office '%s' -> %s: kb_sync %d "
			    "%s", names[i], ref, rc, rc ? kb_error_last() : "");
		kb_sync_result_clear(&r);
		kb_close(w->office.kb);
		w->office.kb = NULL;
	}
	if (*failed)
		fail_msg("offices that cannot sync:%s", failed);
	world_finish(w);
}

/*
 * kb_usage_log() takes the event's time from the caller.  One it takes
 * must never stop the usage from reaching the centre (each sync would
 * try the same event again, for ever).
 */
static void
sync__usage__odd_time_does_not_block(void **state)
{
	static const char *const times[] = { "../../x", "x/../y", "/abs",
	    "", "2026-02-01", NULL };
	char failed[2048] = "";
	struct world *w = &the_world;
	size_t i;

	(void)state;
	world_start(w);
	for (i = 0; times[i]; i++) {
		struct kb_sync_options o;
		struct kb_sync_result r;
		struct kb_event e = KB_EVENT_INIT;
		int rc;

		e.agent = "ann";
		e.answer = "alpha";
		e.time = times[i];
		rc = kb_usage_log(w->office.kb, &e, 1000);
		if (rc == KB_EINVALID)
			continue;	/* refused: fine */
		assert_int_equal(rc, 0);
		/* A good event after it must go, whatever became of it. */
		log_use(w, "beta", "2026-02-02T09:00:00Z");
		sync_options(&o);
		rc = kb_sync(&r, w->office.kb, &o);
		if (rc != 0)
			snprintf(failed + strlen(failed), sizeof(failed) -
			    strlen(failed), "\n  time '%s': kb_sync %d %s",
			    times[i], rc, kb_error_last());
		kb_sync_result_clear(&r);
		if (rc != 0)
			break;	/* the log is stuck: later ones would be too */
	}
	if (*failed)
		fail_msg("events whose time stops every later sync:%s", failed);
	world_finish(w);
}

/* --- the centre's report over every office -------------------------------- */

/* The report at the KB in `dir` with every office's usage. */
static void
expect_report(const char *dir, const char *table, const char *want,
    struct th_diags *diags)
{
	struct kb_report_options o;
	struct kb_report *r = NULL;
	struct kb *kb = th_kb_open(dir);
	char *got;
	int rc;

	memset(&o, 0, sizeof(o));
	o.all_offices = 1;
	o.on_bad_line = diags ? th_diag_collect : NULL;
	o.payload = diags;
	if ((rc = kb_report_build(&r, kb, &o)) != 0)
		fail_msg("kb_report_build: %d %s", rc, kb_error_last());
	got = th_table_rows(r, table);
	if (strcmp(got, want) != 0)
		fail_msg("%s at %s:\n--- got:\n%s--- want:\n%s", table, dir,
		    got, want);
	free(got);
	kb_report_free(r);
	kb_close(kb);
}

static void
sync__report__all_offices(void **state)
{
	static const char top[] =
	    "alpha|Alpha answer|3\n"
	    "beta|Beta answer|1\n";
	struct world *w = &the_world;
	char *db;

	(void)state;
	world_start(w);
	log_use(w, "alpha", "2026-02-01T09:00:00Z");
	log_use(w, "alpha", "2026-02-01T10:00:00Z");
	log_use(w, "beta", "2026-02-02T10:00:00Z");
	sync_sends(w, 3);

	/* The centre (a bare repository) has no usage of its own. */
	expect_report(w->central, "top_answers", "alpha|Alpha answer|2\n"
	    "beta|Beta answer|1\n", NULL);
	/* Events without an office count under the ref's name. */
	expect_report(w->central, "offices", SLUG "|3|0|0|0\n", NULL);

	/* What is read once is not read again; new events are. */
	log_use(w, "alpha", "2026-02-02T11:00:00Z");
	sync_sends(w, 1);
	expect_report(w->central, "top_answers", top, NULL);
	expect_report(w->central, "top_answers", top, NULL);

	/* The same events under another ref are that ref's office's: a
	 * copy of an office's uids adds to the copier, replacing nothing. */
	assert_int_equal(th_git(w->central, "update-ref refs/kb/usage/copy "
	    USAGE_REF), 0);
	expect_report(w->central, "offices", "copy|4|0|0|0\n" SLUG
	    "|4|0|0|0\n", NULL);
	assert_int_equal(th_git(w->central, "update-ref -d "
	    "refs/kb/usage/copy"), 0);
	/* And read afresh: offices.db is derived. */
	db = th_path(w->central, "kb/offices.db");
	assert_int_equal(access(db, F_OK), 0);
	assert_int_equal(th_rmrf(db), 0);
	free(db);
	expect_report(w->central, "top_answers", top, NULL);

	/* At the office its own log and its own ref are the same events. */
	expect_report(w->office.dir, "top_answers", top, NULL);
	world_finish(w);
}

/* --- stations: many copies of one office's KB ----------------------------- */

/* A second copy of the office in `rel`, station `station`, open. */
static struct kb *
second_copy(struct world *w, const char *rel, const char *station)
{
	char *dir = world_path(w, rel);
	struct kb *kb;
	int rc;

	if ((rc = kb_init_remote(dir, w->central, OFFICE, station, NULL,
	    NULL)) != 0)
		fail_msg("kb_init_remote %s: %d %s", station, rc,
		    kb_error_last());
	kb = th_kb_open(dir);
	free(dir);
	return kb;
}

static void
sync__stations__two_copies_one_office(void **state)
{
	struct world *w = &the_world;
	struct kb_sync_options o;
	struct kb_sync_result r;
	struct kb *first;
	char name[128];

	(void)state;
	world_start(w);
	assert_int_equal(kb_sync_station(name, w->office.kb), 0);
	assert_string_equal(name, STATION);
	log_use(w, "alpha", "2026-02-01T09:00:00Z");
	log_use(w, "beta", "2026-02-01T10:00:00Z");
	sync_sends(w, 2);
	first = w->office.kb;
	w->office.kb = second_copy(w, "office2", "PC 2");
	assert_int_equal(kb_sync_station(name, w->office.kb), 0);
	assert_string_equal(name, "pc-2");
	log_use(w, "alpha", "2026-02-01T11:00:00Z");
	sync_options(&o);
	sync_ok(w, &o, &r);
	assert_string_equal(r.office, SLUG);
	assert_string_equal(r.station, "pc-2");
	assert_true(r.events_sent == 1);
	kb_sync_result_clear(&r);
	kb_close(w->office.kb);
	w->office.kb = first;
	sync_sends(w, 0);
	assert_true(has_ref(w->central, USAGE_REF));
	assert_true(has_ref(w->central, STATIONS SLUG "/pc-2"));
	expect_report(w->central, "offices", SLUG "|3|0|0|0\n", NULL);
	expect_report(w->central, "stations", SLUG "|" STATION "|2|0|0|0\n"
	    SLUG "|pc-2|1|0|0|0\n", NULL);
	world_finish(w);
}

static void
sync__stations__same_name_refused(void **state)
{
	struct world *w = &the_world;
	struct kb_sync_options o;
	struct kb_sync_result r;
	char *dir;
	struct kb *first;

	(void)state;
	world_start(w);
	log_use(w, "alpha", "2026-02-01T09:00:00Z");
	sync_sends(w, 1);
	/* kb init --remote sees the centre's ref, and makes nothing. */
	dir = world_path(w, "office2");
	assert_int_equal(kb_init_remote(dir, w->central, OFFICE, STATION,
	    NULL, NULL), KB_ECONFLICT);
	assert_non_null(strstr(kb_error_last(), "--station"));
	assert_int_not_equal(access(dir, F_OK), 0);
	free(dir);
	/* Renamed into it: kbsync refuses, writing nothing under it. */
	first = w->office.kb;
	w->office.kb = second_copy(w, "office3", "pc-3");
	kb_close(w->office.kb);
	dir = world_path(w, "office3");
	assert_int_equal(th_git(dir, "config kb.station " STATION), 0);
	w->office.kb = th_kb_open(dir);
	free(dir);
	log_use(w, "beta", "2026-02-01T10:00:00Z");
	sync_options(&o);
	assert_int_equal(kb_sync(&r, w->office.kb, &o), KB_ECONFLICT);
	assert_int_equal(r.nrefused, 1);
	assert_non_null(strstr(r.refused[0], "Pick another station name"));
	assert_true(r.events_sent == 0);
	kb_sync_result_clear(&r);
	kb_close(w->office.kb);
	w->office.kb = first;
	expect_report(w->central, "stations", SLUG "|" STATION "|1|0|0|0\n",
	    NULL);
	world_finish(w);
}

static void
sync__stations__ref_names(void **state)
{
	static const struct {
		const char *ref, *office, *station;
		int ok;
	} cases[] = {
		{ "refs/kb/station-usage/north/pc-1", "north", "pc-1", 1 },
		{ "refs/kb/usage/north", "north", "", 1 },
		{ "refs/kb/usage/north/pc-1", "", "", 0 },
		{ "refs/kb/station-usage/north", "", "", 0 },
		{ "refs/kb/station-usage/north/", "", "", 0 },
		{ "refs/kb/station-usage//pc-1", "", "", 0 },
		{ "refs/kb/station-usage/north/pc-1/x", "", "", 0 },
		{ "refs/kb/station-usage/North/pc-1", "", "", 0 },
		{ "refs/kb/station-usage/north/pc.1", "", "", 0 },
		{ "refs/kb/station-usage/north/pc--1", "", "", 0 },
		{ "refs/kb/usage/", "", "", 0 },
		{ "refs/heads/main", "", "", 0 },
	};
	char office[OFFICE_NAME_MAX + 1], station[OFFICE_NAME_MAX + 1];
	char ref[USAGE_REF_MAX];
	size_t i;

	(void)state;
	for (i = 0; i < NITEMS(cases); i++) {
		int ok = kb_usage_ref__parse(office, station, cases[i].ref);

		if (ok != cases[i].ok || (ok && (strcmp(office,
		    cases[i].office) != 0 || strcmp(station,
		    cases[i].station) != 0)))
			fail_msg("%s: %d '%s' '%s'", cases[i].ref, ok, office,
			    station);
	}
	kb_usage_ref__station(ref, "north", "pc-1");
	assert_string_equal(ref, "refs/kb/station-usage/north/pc-1");
}

/* The day file's lines after a hand edit at the centre. */
static void
centre_edits_usage(struct world *w, const char *day, const char *append)
{
	char *hand = world_path(w, "hand"), *file, *text, *all;

	assert_int_equal(th_git(w->root, "clone -q central.git hand"), 0);
	assert_int_equal(th_git(hand, "fetch -q origin " USAGE_REF), 0);
	assert_int_equal(th_git(hand, "checkout -q FETCH_HEAD"), 0);
	file = th_path(hand, day);
	text = th_read_file(file, NULL);
	assert_non_null(text);
	all = malloc(strlen(text) + strlen(append) + 1);
	assert_non_null(all);
	strcpy(all, text);
	strcat(all, append);
	assert_int_equal(th_write_file(hand, day, all), 0);
	assert_int_equal(th_git_commit_all(hand, "by hand"), 0);
	assert_int_equal(th_git(hand, "push -q origin HEAD:" USAGE_REF), 0);
	free(all);
	free(text);
	free(file);
	free(hand);
}

static void
expect_bad_lines(const struct th_diags *d, unsigned first)
{
	const char *path = USAGE_REF ":2026-02-01.jsonl";

	if (d->n != 2) {
		th_diags_dump(d);
		fail_msg("%zu bad lines reported, want 2", d->n);
	}
	assert_string_equal(d->v[0].path, path);
	assert_int_equal(d->v[0].line, first);
	assert_int_equal(d->v[0].severity, KB_SEVERITY_WARNING);
	assert_non_null(strstr(d->v[0].message, "not a JSON object"));
	assert_non_null(strstr(d->v[0].message, "skipped"));
	assert_string_equal(d->v[1].path, path);
	assert_int_equal(d->v[1].line, first + 2);
	assert_non_null(strstr(d->v[1].message, "kind is"));
}

static void
sync__report__bad_line(void **state)
{
	struct th_diags diags = TH_DIAGS_INIT;
	struct kb_sync_options o;
	struct kb_sync_result r;
	struct world *w = &the_world;
	char *db;

	(void)state;
	world_start(w);
	log_use(w, "alpha", "2026-02-01T09:00:00Z");
	log_use(w, "beta", "2026-02-01T10:00:00Z");
	log_use(w, "beta", "2026-02-01T11:00:00Z");
	sync_sends(w, 3);
	expect_report(w->central, "top_answers", "beta|Beta answer|2\n"
	    "alpha|Alpha answer|1\n", &diags);
	assert_int_equal(diags.n, 0);

	/*
	 * Lines 4 to 7 added by hand: not JSON, empty (ignored), not an
	 * event, and an event.
	 */
	centre_edits_usage(w, "2026-02-01.jsonl",
	    "this is {not JSON\n"
	    "\n"
	    "{\"uid\":\"u-dance\",\"time\":\"2026-02-01T00:00:00Z\","
	    "\"kind\":\"dance\",\"agent\":\"zed\"}\n"
	    "{\"uid\":\"u-hand\",\"time\":\"2026-02-01T12:00:00Z\","
	    "\"kind\":\"use\",\"agent\":\"zed\",\"answer\":\"gamma\"}\n");
	/* Read incrementally: only the new lines, numbered in the file. */
	expect_report(w->central, "top_answers", "beta|Beta answer|2\n"
	    "alpha|Alpha answer|1\n" "gamma|Gamma answer|1\n", &diags);
	expect_bad_lines(&diags, 4);
	th_diags_clear(&diags);
	/* Reported once: the next report has nothing new to read. */
	expect_report(w->central, "top_answers", "beta|Beta answer|2\n"
	    "alpha|Alpha answer|1\n" "gamma|Gamma answer|1\n", &diags);
	assert_int_equal(diags.n, 0);
	/* Read whole again: the same lines. */
	db = th_path(w->central, "kb/offices.db");
	assert_int_equal(th_rmrf(db), 0);
	free(db);
	expect_report(w->central, "top_answers", "beta|Beta answer|2\n"
	    "alpha|Alpha answer|1\n" "gamma|Gamma answer|1\n", &diags);
	expect_bad_lines(&diags, 4);
	th_diags_free(&diags);

	/*
	 * The centre's ref was moved by someone else (the hand edit): the
	 * office joins its own to it, sends its next event, and says so,
	 * once (kbsync(1), Usage moved at the centre).
	 */
	log_use(w, "gamma", "2026-02-01T13:00:00Z");
	sync_options(&o);
	assert_int_equal(kb_sync(&r, w->office.kb, &o), 0);
	assert_int_equal(r.nrefused, 0);
	assert_non_null(r.usage_note);
	assert_non_null(strstr(r.usage_note, USAGE_REF));
	assert_true(r.events_sent == 1);
	kb_sync_result_clear(&r);
	assert_int_equal(kb_sync(&r, w->office.kb, &o), 0);
	assert_null(r.usage_note);
	kb_sync_result_clear(&r);
	world_finish(w);
}

/*
 * kbsync(1): readers skip keys they do not know, so that newer writers
 * may add some.  A line with such a key is an event like any other.
 * (The report runs in a child process: a crash fails this test only.)
 */
static void
sync__report__newer_writer_keys(void **state)
{
	struct world *w = &the_world;

	(void)state;
	world_start(w);
	log_use(w, "alpha", "2026-02-01T09:00:00Z");
	sync_sends(w, 1);
	/*
	 * The first line has a nested value under a key nobody knows:
	 * skipped.  The second has keys nobody knows: it counts.
	 */
	centre_edits_usage(w, "2026-02-01.jsonl",
	    "{\"uid\":\"u-new\",\"time\":\"2026-02-01T12:00:00Z\","
	    "\"kind\":\"use\",\"agent\":\"zed\",\"answer\":\"gamma\","
	    "\"extra\":{}}\n"
	    "{\"uid\":\"u-newer\",\"site\":\"annex\",\"time\":"
	    "\"2026-02-01T13:00:00Z\",\"kind\":\"use\",\"agent\":\"zed\","
	    "\"device\":\"tablet 7\",\"answer\":\"beta\",\"score\":5,"
	    "\"ok\":true}\n");
	expect_report(w->central, "top_answers", "alpha|Alpha answer|1\n"
	    "beta|Beta answer|1\n", NULL);
	world_finish(w);
}

/* --- dry run, offline ------------------------------------------------------ */

static void
sync__dry_run__changes_nothing(void **state)
{
	static const struct th_file change[] = {
		{ "answers/c/delta.md", ANSWER("Delta answer") },
		{ NULL, NULL }
	};
	struct kb_sync_options o;
	struct kb_sync_result r;
	struct world *w = &the_world;
	char *office_refs, *central_refs, *last, *tip, *head, *p;

	(void)state;
	world_start(w);
	centre_commit(w, change, "Delta");
	tip = th_git_ok(w->central, "rev-parse main");
	head = th_git_ok(w->office.dir, "rev-parse main");
	log_use(w, "alpha", "2026-02-01T09:00:00Z");
	log_use(w, "beta", "2026-02-01T09:00:00Z");
	log_use(w, "gamma", "2026-02-03T09:00:00Z");
	office_refs = th_git_ok(w->office.dir, "for-each-ref");
	central_refs = th_git_ok(w->central, "for-each-ref");
	last = state_file(w, "last-sync");
	assert_non_null(last);

	sync_options(&o);
	o.dry_run = 1;
	setenv("KB_NOW", "2030-01-01", 1);
	sync_ok(w, &o, &r);
	/* What would change... */
	assert_int_equal(r.added, 1);
	assert_int_equal(r.changed + r.removed, 0);
	assert_string_equal(r.old_main, head);
	assert_string_equal(r.new_main, tip);
	assert_true(r.events_sent == 3);
	assert_string_equal(r.office, SLUG);
	kb_sync_result_clear(&r);
	/* ...and nothing changed, here or there. */
	th_expect_git(w->office.dir, head, "rev-parse main");
	th_expect_git(w->office.dir, "", "status --porcelain");
	p = th_path(w->office.dir, "answers/c/delta.md");
	assert_int_equal(access(p, F_OK), -1);
	free(p);
	th_expect_git(w->office.dir, office_refs, "for-each-ref");
	th_expect_git(w->central, central_refs, "for-each-ref");
	assert_true(no_usage_refs(w->office.dir));
	assert_true(no_usage_refs(w->central));
	{
		char *now = state_file(w, "last-sync");

		assert_string_equal(now, last);
		free(now);
	}

	/* Twice: the same answer. */
	sync_ok(w, &o, &r);
	assert_true(r.events_sent == 3);
	assert_int_equal(r.added, 1);
	kb_sync_result_clear(&r);
	th_expect_git(w->office.dir, office_refs, "for-each-ref");

	/* The real sync does what the dry run said. */
	o.dry_run = 0;
	sync_ok(w, &o, &r);
	assert_true(r.events_sent == 3);
	assert_int_equal(r.added, 1);
	assert_string_equal(r.new_main, tip);
	kb_sync_result_clear(&r);
	th_expect_git(w->office.dir, tip, "rev-parse main");
	assert_true(has_ref(w->central, USAGE_REF));

	/* A dry run with events logged after a sync counts those only. */
	log_use(w, "alpha", "2026-02-04T09:00:00Z");
	o.dry_run = 1;
	sync_ok(w, &o, &r);
	assert_true(r.events_sent == 1);
	assert_string_equal(r.new_main, "");
	kb_sync_result_clear(&r);
	o.dry_run = 0;
	sync_ok(w, &o, &r);
	assert_true(r.events_sent == 1);
	kb_sync_result_clear(&r);
	free(office_refs);
	free(central_refs);
	free(last);
	free(tip);
	free(head);
	world_finish(w);
}

static void
sync__offline__centre_unreachable(void **state)
{
	struct kb_sync_options o;
	struct kb_sync_result r;
	struct kb_sync_status before, after;
	struct world *w = &the_world;
	char *nowhere, *last, *head, *now;

	(void)state;
	world_start(w);
	log_use(w, "alpha", "2026-02-01T09:00:00Z");
	nowhere = world_path(w, "unmounted-share/central.git");
	last = state_file(w, "last-sync");
	head = th_git_ok(w->office.dir, "rev-parse main");
	assert_int_equal(kb_sync_status(&before, w->office.kb), 0);
	setenv("KB_NOW", "2030-01-01", 1);

	/* An address given. */
	sync_options(&o);
	o.remote = nowhere;
	assert_int_equal(kb_sync(&r, w->office.kb, &o), KB_EOFFLINE);
	assert_int_equal(r.nrefused, 0);
	assert_true(r.events_sent == 0);
	kb_sync_result_clear(&r);

	/* The configured remote, moved away. */
	assert_int_equal(th_git(w->office.dir, "remote set-url origin '%s'",
	    nowhere), 0);
	th_kb_reopen(&w->office);
	sync_options(&o);
	assert_int_equal(kb_sync(&r, w->office.kb, &o), KB_EOFFLINE);
	assert_non_null(strstr(kb_error_last(), nowhere));
	kb_sync_result_clear(&r);
	/* file:// too. */
	{
		char *url = malloc(strlen(nowhere) + 8);

		assert_non_null(url);
		sprintf(url, "file://%s", nowhere);
		o.remote = url;
		assert_int_equal(kb_sync(&r, w->office.kb, &o), KB_EOFFLINE);
		kb_sync_result_clear(&r);
		free(url);
	}

	/* Nothing recorded, nothing moved. */
	now = state_file(w, "last-sync");
	assert_string_equal(now, last);
	free(now);
	assert_int_equal(kb_sync_status(&after, w->office.kb), 0);
	assert_true(after.last == before.last);
	assert_int_equal(after.office, 1);
	th_expect_git(w->office.dir, head, "rev-parse main");
	assert_true(no_usage_refs(w->office.dir));

	/* A remote name that does not exist is not "offline". */
	o.remote = "nosuchremote";
	assert_int_equal(kb_sync(&r, w->office.kb, &o), KB_ENOTFOUND);
	kb_sync_result_clear(&r);

	/* The centre back: the event goes, the sync is recorded. */
	o.remote = w->central;
	sync_ok(w, &o, &r);
	assert_true(r.events_sent == 1);
	kb_sync_result_clear(&r);
	assert_int_equal(kb_sync_status(&after, w->office.kb), 0);
	assert_true(after.last == 1893456000LL);	/* 2030-01-01 */
	free(nowhere);
	free(last);
	free(head);
	world_finish(w);
}

/* --- a rewritten central history ----------------------------------------- */

static void
sync__diverged__conflict_then_reset(void **state)
{
	static const struct th_file first[] = {
		{ "answers/c/delta.md", ANSWER("Delta answer") },
		{ NULL, NULL }
	};
	static const struct th_file other[] = {
		{ "answers/c/epsilon.md", ANSWER("Epsilon answer") },
		{ NULL, NULL }
	};
	struct kb_sync_options o;
	struct kb_sync_result r;
	struct world *w = &the_world;
	char *old, *rewritten, *last, *now, *p, *backup;

	(void)state;
	world_start(w);
	centre_commit(w, first, "Delta");
	sync_sends(w, 0);
	old = th_git_ok(w->office.dir, "rev-parse main");

	/* The centre drops Delta and commits Epsilon instead, forced. */
	assert_int_equal(th_git(w->work, "reset -q --hard HEAD~1"), 0);
	assert_int_equal(th_write_file(w->work, other[0].path,
	    other[0].content), 0);
	assert_int_equal(th_git_commit_all(w->work, "Epsilon"), 0);
	assert_int_equal(th_git(w->work, "push -q --force origin main"), 0);
	rewritten = th_git_ok(w->central, "rev-parse main");
	assert_string_not_equal(rewritten, old);

	log_use(w, "alpha", "2026-02-01T09:00:00Z");
	last = state_file(w, "last-sync");
	sync_options(&o);
	assert_int_equal(kb_sync(&r, w->office.kb, &o), KB_ECONFLICT);
	assert_int_equal(r.diverged, 1);
	assert_int_equal(r.local_only, 1);
	assert_int_equal(r.central_only, 1);
	assert_string_equal(r.old_main, old);
	assert_string_equal(r.new_main, "");
	assert_string_equal(r.backup_ref, "");
	assert_non_null(strstr(kb_error_last(), "reset-to-remote"));
	kb_sync_result_clear(&r);
	/* main and its work tree as they were; no sync recorded. */
	th_expect_git(w->office.dir, old, "rev-parse main");
	th_expect_git(w->office.dir, "", "status --porcelain");
	p = th_path(w->office.dir, "answers/c/delta.md");
	assert_int_equal(access(p, F_OK), 0);
	free(p);
	now = state_file(w, "last-sync");
	assert_string_equal(now, last);
	free(now);
	assert_true(ref_absent(w->office.dir, "refs/kb/backup/"));
	/* Asking again gives the same answer. */
	assert_int_equal(kb_sync(&r, w->office.kb, &o), KB_ECONFLICT);
	assert_int_equal(r.diverged, 1);
	kb_sync_result_clear(&r);
	th_expect_git(w->office.dir, old, "rev-parse main");

	/* --reset-to-remote: the centre's main, the old one kept. */
	o.reset_to_remote = 1;
	sync_ok(w, &o, &r);
	assert_string_equal(r.old_main, old);
	assert_string_equal(r.new_main, rewritten);
	assert_int_equal(r.added, 1);
	assert_int_equal(r.removed, 1);
	if (strncmp(r.backup_ref, "refs/kb/backup/main-", 20) != 0)
		fail_msg("backup ref '%s'", r.backup_ref);
	backup = th_git_ok(w->office.dir, "rev-parse '%s'", r.backup_ref);
	assert_string_equal(backup, old);
	free(backup);
	kb_sync_result_clear(&r);
	th_expect_git(w->office.dir, rewritten, "rev-parse main");
	th_expect_git(w->office.dir, "", "status --porcelain");
	p = th_path(w->office.dir, "answers/c/delta.md");
	assert_int_equal(access(p, F_OK), -1);
	free(p);
	p = th_path(w->office.dir, "answers/c/epsilon.md");
	assert_int_equal(access(p, F_OK), 0);
	free(p);
	th_expect_ids(w->office.kb, "epsilon", "epsilon");
	th_expect_ids(w->office.kb, "delta", "");
	now = state_file(w, "last-sync");
	assert_non_null(strstr(now, rewritten));
	free(now);

	/* In step again: a plain sync has nothing to do. */
	o.reset_to_remote = 0;
	sync_ok(w, &o, &r);
	assert_string_equal(r.new_main, "");
	assert_string_equal(r.backup_ref, "");
	kb_sync_result_clear(&r);
	free(old);
	free(rewritten);
	free(last);
	world_finish(w);
}

/* --- one sync at a time ---------------------------------------------------- */

struct waited {
	int calls;
	long pid;
	int fd;
};

static void
on_waiting(long pid, void *payload)
{
	struct waited *wt = payload;

	wt->calls++;
	wt->pid = pid;
	/* The other sync ends. */
	close(wt->fd);
	wt->fd = -1;
}

/* An open file description of the lock, locked; the pid written in it. */
static int
hold_lock(struct world *w)
{
	char *path = th_path(kb_state_dir(w->office.kb), "sync.lock");
	char pid[32];
	int fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0666);

	if (fd < 0)
		fail_msg("open %s: %s", path, strerror(errno));
	free(path);
	snprintf(pid, sizeof(pid), "%ld\n", (long)getpid());
	assert_int_equal(ftruncate(fd, 0), 0);
	assert_int_equal(pwrite(fd, pid, strlen(pid), 0), (ssize_t)strlen(pid));
	assert_int_equal(flock(fd, LOCK_EX | LOCK_NB), 0);
	return fd;
}

/* 1 when the lock can be taken now (and leaves it free). */
static int
lock_free(struct world *w)
{
	char *path = th_path(kb_state_dir(w->office.kb), "sync.lock");
	int fd = open(path, O_RDWR | O_CLOEXEC), ok;

	free(path);
	assert_true(fd >= 0);
	ok = flock(fd, LOCK_EX | LOCK_NB) == 0;
	close(fd);
	return ok;
}

static void
sync__lock__one_at_a_time(void **state)
{
	struct kb_sync_options o;
	struct kb_sync_result r;
	struct waited wt = { 0, 0, -1 };
	struct world *w = &the_world;
	char pid[64], *last, *now;
	int fd;

	(void)state;
	world_start(w);
	log_use(w, "alpha", "2026-02-01T09:00:00Z");
	fd = hold_lock(w);
	/*
	 * flock locks belong to the open file description: another open()
	 * in this same process conflicts, as another process would.
	 */
	assert_int_equal(lock_free(w), 0);

	last = state_file(w, "last-sync");
	setenv("KB_NOW", "2030-01-01", 1);
	sync_options(&o);
	assert_int_equal(kb_sync(&r, w->office.kb, &o), KB_ELOCKED);
	snprintf(pid, sizeof(pid), "pid %ld", (long)getpid());
	if (strstr(kb_error_last(), pid) == NULL)
		fail_msg("the message does not name the holder (%s): %s", pid,
		    kb_error_last());
	assert_true(r.events_sent == 0);
	kb_sync_result_clear(&r);
	now = state_file(w, "last-sync");
	assert_string_equal(now, last);
	free(now);
	assert_true(no_usage_refs(w->office.dir));
	/* The holder's lock is still held: kb_sync did not take it away. */
	assert_int_equal(lock_free(w), 0);

	/* Waiting: told once who holds it, then it goes on. */
	wt.fd = fd;
	o.no_wait = 0;
	o.waiting = on_waiting;
	o.payload = &wt;
	sync_ok(w, &o, &r);
	assert_int_equal(wt.calls, 1);
	assert_int_equal(wt.pid, (long)getpid());
	assert_true(r.events_sent == 1);
	kb_sync_result_clear(&r);
	/* Let go when kb_sync returns. */
	assert_int_equal(lock_free(w), 1);

	/* Nobody holding it: no waiting. */
	wt.calls = 0;
	sync_ok(w, &o, &r);
	assert_int_equal(wt.calls, 0);
	kb_sync_result_clear(&r);
	free(last);
	world_finish(w);
}

/* --- status and age ---------------------------------------------------------- */

static void
sync__status__age_text(void **state)
{
	static const struct {
		long long seconds;
		const char *want;
	} cases[] = {
		{ -3600, "just now" },
		{ 0, "just now" },
		{ 59, "just now" },
		{ 60, "1 minute ago" },
		{ 119, "1 minute ago" },
		{ 120, "2 minutes ago" },
		{ 300, "5 minutes ago" },
		{ 3599, "59 minutes ago" },
		{ 3600, "1 hour ago" },
		{ 7199, "1 hour ago" },
		{ 7200, "2 hours ago" },
		{ 3 * 3600, "3 hours ago" },
		{ 24 * 3600, "24 hours ago" },
		{ 48 * 3600 - 1, "47 hours ago" },
		{ 48 * 3600, "2 days ago" },
		{ 3 * 86400 - 1, "2 days ago" },
		{ 3 * 86400, "3 days ago" },
		{ 400 * 86400LL, "400 days ago" },
	};
	char out[64];
	size_t i;

	(void)state;
	for (i = 0; i < NITEMS(cases); i++) {
		memset(out, 'x', sizeof(out));
		kb_sync_age_text(out, sizeof(out), cases[i].seconds);
		if (strcmp(out, cases[i].want) != 0)
			fail_msg("kb_sync_age_text(%lld) = '%s', want '%s'",
			    cases[i].seconds, out, cases[i].want);
	}
	/* Cut to the buffer, always terminated. */
	memset(out, 'x', sizeof(out));
	kb_sync_age_text(out, 6, 300);
	assert_string_equal(out, "5 min");
	assert_int_equal(out[6], 'x');
}

static void
expect_status(struct world *w, const char *now, long long age,
    unsigned warn, int stale)
{
	struct kb_sync_status st;

	setenv("KB_NOW", now, 1);
	assert_int_equal(kb_sync_status(&st, w->office.kb), 0);
	assert_int_equal(st.office, 1);
	if (st.age != age || st.warn_hours != warn || st.stale != stale)
		fail_msg("KB_NOW=%s: age %lld, warn %u, stale %d; want %lld, "
		    "%u, %d", now, st.age, st.warn_hours, st.stale, age, warn,
		    stale);
}

static void
sync__status__stale(void **state)
{
	static const char *const ignored[] = { "0", "-5", "abc", "12x", "",
	    "100000" };
	struct kb_sync_status st;
	struct world *w = &the_world;
	char *path;
	size_t i;

	(void)state;
	world_centre(w);
	setenv("KB_NOW", "2026-03-01T12:00:00", 1);
	assert_int_equal(kb_init_remote(w->office.dir, w->central, OFFICE,
	    STATION, NULL, NULL), 0);
	th_kb_reopen(&w->office);
	assert_int_equal(kb_sync_status(&st, w->office.kb), 0);
	assert_true(st.last == 1772366400LL);	/* 2026-03-01T12:00:00Z */

	expect_status(w, "2026-03-01T12:00:00", 0, 24, 0);
	expect_status(w, "2026-03-01T12:59", 59 * 60, 24, 0);
	/* Stale only past kb.syncWarnHours (24 by default). */
	expect_status(w, "2026-03-02T12:00:00", 86400, 24, 0);
	expect_status(w, "2026-03-02T12:00:01", 86401, 24, 1);
	expect_status(w, "2026-03-03T12:00:00", 2 * 86400, 24, 1);
	/* A clock before the sync: no negative age. */
	expect_status(w, "2026-02-01", 0, 24, 0);
	{
		char text[64];

		setenv("KB_NOW", "2026-03-03T12:00:00", 1);
		assert_int_equal(kb_sync_status(&st, w->office.kb), 0);
		kb_sync_age_text(text, sizeof(text), st.age);
		assert_string_equal(text, "2 days ago");
	}

	/* git config kb.syncWarnHours. */
	assert_int_equal(th_git(w->office.dir, "config kb.syncWarnHours 72"), 0);
	th_kb_reopen(&w->office);
	expect_status(w, "2026-03-03T12:00:00", 2 * 86400, 72, 0);
	expect_status(w, "2026-03-04T12:00:00", 3 * 86400, 72, 0);
	expect_status(w, "2026-03-04T12:00:01", 3 * 86400 + 1, 72, 1);
	assert_int_equal(th_git(w->office.dir, "config kb.syncWarnHours 1"), 0);
	th_kb_reopen(&w->office);
	expect_status(w, "2026-03-01T13:00:00", 3600, 1, 0);
	expect_status(w, "2026-03-01T13:00:01", 3601, 1, 1);
	/* Values that are not a number of hours: the default. */
	for (i = 0; i < NITEMS(ignored); i++) {
		assert_int_equal(th_git(w->office.dir, "config kb.syncWarnHours "
		    "'%s'", ignored[i]), 0);
		th_kb_reopen(&w->office);
		expect_status(w, "2026-03-02T12:00:01", 86401, 24, 1);
	}

	/* A sync records KB_NOW's time: fresh again. */
	assert_int_equal(th_git(w->office.dir,
	    "config --unset kb.syncWarnHours"), 0);
	th_kb_reopen(&w->office);
	setenv("KB_NOW", "2026-03-10T08:00:00", 1);
	sync_sends(w, 0);
	assert_int_equal(kb_sync_status(&st, w->office.kb), 0);
	assert_true(st.last == 1773129600LL);	/* 2026-03-10T08:00:00Z */
	expect_status(w, "2026-03-10T08:00:00", 0, 24, 0);

	/* A last-sync that cannot be read: an office, never synced, stale. */
	path = th_path(kb_state_dir(w->office.kb), "last-sync");
	assert_int_equal(th_write_file(kb_state_dir(w->office.kb), "last-sync",
	    "time yesterday\n"), 0);
	assert_int_equal(kb_sync_status(&st, w->office.kb), 0);
	assert_int_equal(st.office, 1);
	assert_true(st.last == 0);
	assert_int_equal(st.stale, 1);
	free(path);
	world_finish(w);
}

int
main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_teardown(sync__init_remote__office_kb, world_teardown),
		cmocka_unit_test_teardown(sync__init_remote__kb_init_is_no_office, world_teardown),
		cmocka_unit_test_teardown(sync__init_remote__office_defaults_to_host, world_teardown),
		cmocka_unit_test_teardown(sync__init_remote__centre_missing, world_teardown),
		cmocka_unit_test_teardown(sync__main__nothing_to_do, world_teardown),
		cmocka_unit_test_teardown(sync__main__fast_forward, world_teardown),
		cmocka_unit_test_teardown(sync__usage__exactly_once, world_teardown),
		cmocka_unit_test_teardown(sync__usage__office_renamed, world_teardown),
		cmocka_unit_test_teardown(sync__usage__odd_text, world_teardown),
		cmocka_unit_test_teardown(sync__usage__office_names_make_valid_refs, world_teardown),
		cmocka_unit_test_teardown(sync__usage__odd_time_does_not_block, world_teardown),
		cmocka_unit_test_teardown(sync__report__all_offices, world_teardown),
		cmocka_unit_test_teardown(sync__report__bad_line, world_teardown),
		cmocka_unit_test_teardown(sync__stations__two_copies_one_office, world_teardown),
		cmocka_unit_test_teardown(sync__stations__same_name_refused, world_teardown),
		cmocka_unit_test(sync__stations__ref_names),
		cmocka_unit_test_teardown(sync__dry_run__changes_nothing, world_teardown),
		cmocka_unit_test_teardown(sync__offline__centre_unreachable, world_teardown),
		cmocka_unit_test_teardown(sync__diverged__conflict_then_reset, world_teardown),
		cmocka_unit_test_teardown(sync__lock__one_at_a_time, world_teardown),
		cmocka_unit_test_teardown(sync__status__age_text, world_teardown),
		cmocka_unit_test_teardown(sync__status__stale, world_teardown),
		/*
		 * Last: when the report crashes on such a line, every other
		 * test has run and said so.
		 */
		cmocka_unit_test_teardown(sync__report__newer_writer_keys, world_teardown),
	};

	th_env_setup();
	return th_run(argc, argv, "sync", tests, th_libkb_setup,
	    th_libkb_teardown);
}
