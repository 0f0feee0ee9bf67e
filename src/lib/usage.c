/* The usage log (usage.h): one SQLite file in WAL mode, append only. */
#include "kb/usage.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "db.h"
#include "kb/answer.h"
#include "kb/clock.h"
#include "kb/error.h"
#include "kb_private.h"
#include "store.h"
#include "usage_db.h"
#include "xmalloc.h"

/* Pause between tries when the log is briefly not writable. */
#define RETRY_PAUSE_MS 20

const char *const kb_flag_reasons[] = { "outdated", "wrong", "unclear",
    NULL };

const char *
kb_event_kind_name(enum kb_event_kind kind)
{
	static const char *const names[] = { "use", "search", "flag",
	    "unsatisfied", "undo", "flag_close" };

	return kind <= KB_EVENT_FLAG_CLOSE ? names[kind] : "?";
}


static void
bind_or_null(sqlite3_stmt *st, int i, const char *s)
{
	if (s && *s)
		sqlite3_bind_text(st, i, s, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(st, i);
}

/* A random id, so that an event stays itself when offices merge logs. */
static void
event_uid(char out[33])
{
	unsigned char bytes[16];
	FILE *f = fopen("/dev/urandom", "rb");
	size_t i, got = 0;

	if (f) {
		got = fread(bytes, 1, sizeof(bytes), f);
		fclose(f);
	}
	if (got != sizeof(bytes)) {
		struct timespec ts;

		clock_gettime(CLOCK_REALTIME, &ts);
		srand((unsigned)(ts.tv_nsec ^ ts.tv_sec ^ getpid()));
		for (i = 0; i < sizeof(bytes); i++)
			bytes[i] = (unsigned char)rand();
	}
	for (i = 0; i < sizeof(bytes); i++)
		snprintf(out + 2 * i, 3, "%02x", bytes[i]);
}

/*
 * Worth another try: another process holds the log (the busy handler
 * waited already), or is recovering its WAL, for a moment.
 */
static int
transient(int rc)
{
	switch (rc) {
	case SQLITE_BUSY_RECOVERY:
	case SQLITE_READONLY_RECOVERY:
	case SQLITE_READONLY_CANTINIT:
	case SQLITE_PROTOCOL:
		return 1;
	default:
		return 0;
	}
}

static long long
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void
pause_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	nanosleep(&ts, NULL);
}

static void
bind_event(sqlite3_stmt *st, struct kb *kb, const struct kb_event *e,
    const char *uid, const char *now)
{
	sqlite3_bind_text(st, 1, uid, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, e->time ? e->time : now, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, kb_event_kind_name(e->kind), -1,
	    SQLITE_STATIC);
	sqlite3_bind_text(st, 4, e->agent, -1, SQLITE_STATIC);
	bind_or_null(st, 5, e->office);
	bind_or_null(st, 6, e->channel == KB_CHANNEL_NONE ? NULL :
	    kb_channel_name(e->channel));
	bind_or_null(st, 7, e->answer);
	bind_or_null(st, 8, e->version);
	bind_or_null(st, 9, kb_config_bool(kb, "kb.logQueries", 1) ?
	    e->query : NULL);
	if (e->hits >= 0)
		sqlite3_bind_int64(st, 10, e->hits);
	else
		sqlite3_bind_null(st, 10);
	bind_or_null(st, 11, e->reason);
	if (e->sure >= 0)
		sqlite3_bind_int64(st, 12, e->sure);
	else
		sqlite3_bind_null(st, 12);
}

/* One INSERT, tried again while the failure is a passing one. */
static int
insert_event(struct db *db, sqlite3_stmt *st, unsigned timeout_ms)
{
	long long until = now_ms() + timeout_ms;
	int rc;

	for (;;) {
		rc = sqlite3_step(st);
		if (rc == SQLITE_DONE || !transient(rc) || now_ms() >= until)
			break;
		sqlite3_reset(st);
		pause_ms(RETRY_PAUSE_MS);
	}
	return rc == SQLITE_DONE ? 0 :
	    kb_db__fail(db, rc, "writing the usage log");
}

/* KB_EINVALID when the event is not one kb could log; else 0. */
static int
event_check(const struct kb_event *e)
{
	if (e->agent == NULL || *e->agent == '\0')
		return kb_error_set(KB_EINVALID, "an event needs an agent");
	if (e->kind > KB_EVENT_FLAG_CLOSE)
		return kb_error_set(KB_EINVALID, "no such kind of event (%d)",
		    (int)e->kind);
	if (e->kind != KB_EVENT_SEARCH && (e->answer == NULL ||
	    *e->answer == '\0'))
		return kb_error_set(KB_EINVALID, "an event needs an answer id");
	if (e->sure >= 0 && e->hits < 0)
		return kb_error_set(KB_EINVALID, "an event with sure hits "
		    "needs its number of hits");
	if (e->sure > e->hits)
		return kb_error_set(KB_EINVALID, "an event's sure hits (%ld) "
		    "are more than its hits (%ld)", e->sure, e->hits);
	if (e->time && !kb_utc_time_valid(e->time))
		return kb_error_set(KB_EINVALID, "event time '%s' is not "
		    "YYYY-MM-DDTHH:MM:SSZ", e->time);
	return 0;
}

/* Append a checked event; `closes`: a flag_close's flag, else NULL. */
static int
append(struct kb *kb, const struct kb_event *e, const char *closes,
    unsigned timeout_ms)
{
	static const char sql[] = "INSERT INTO event(uid, time, kind, agent,"
	    " office, channel, answer, version, query, hits, reason, sure,"
	    " closes) VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?)";
	char now[KB_UTC_TIME_SIZE], uid[33];
	sqlite3_stmt *st = NULL;
	struct db *db;
	int rc;

	if ((rc = event_check(e)) < 0 || (rc = kb_usage_db__open(&db, kb)) < 0)
		return rc;
	kb_now_utc(now);
	event_uid(uid);
	sqlite3_busy_timeout(db->h, (int)timeout_ms);
	if ((rc = kb_db__prepare(&st, db, sql)) == 0) {
		bind_event(st, kb, e, uid, now);
		bind_or_null(st, 13, closes);
		rc = insert_event(db, st, timeout_ms);
	}
	sqlite3_finalize(st);
	sqlite3_busy_timeout(db->h, DB_BUSY_TIMEOUT_MS);
	return rc;
}

int
kb_usage_log(struct kb *kb, const struct kb_event *e, unsigned timeout_ms)
{
	if (e->kind == KB_EVENT_UNDO)
		return kb_error_set(KB_EINVALID, "an undo names the event it "
		    "takes back: use kb_usage_undo_last()");
	if (e->kind == KB_EVENT_FLAG_CLOSE)
		return kb_error_set(KB_EINVALID, "a flag_close names the flag "
		    "it closes: use kb_flag_close()");
	return append(kb, e, NULL, timeout_ms);
}

int
kb_usage_db__log_close(struct kb *kb, const struct kb_event *e,
    const char *closes, unsigned timeout_ms)
{
	if (e->kind != KB_EVENT_FLAG_CLOSE || closes == NULL || *closes == '\0')
		return kb_error_set(KB_EINVALID, "a flag_close needs the uid "
		    "of the flag it closes");
	if (e->reason == NULL || *e->reason == '\0')
		return kb_error_set(KB_EINVALID, "a flag_close needs a reason");
	return append(kb, e, closes, timeout_ms);
}

/*
 * The answer's blob on the branch, from git itself: the index may be
 * in the middle of a rebuild, locked, or damaged, and logging never
 * waits for it.
 */
static int
current_version(struct kb *kb, const char *id, char version[KB_OID_HEX + 1])
{
	char commit[KB_OID_HEX + 1], tree[KB_OID_HEX + 1], *path = NULL;
	int rc;

	if (!kb_answer_id_valid(id))
		return kb_error_set(KB_ENOTFOUND, "no answer '%s' in the KB "
		    "(not a valid answer id)", id);
	if ((rc = kb__store(kb)) < 0)
		return rc;
	rc = kb_store__branch(commit, tree, kb->store, kb_branch(kb));
	if (rc == 0)
		rc = kb_store__find_answer(&path, kb->store, commit, id);
	if (rc == 0)
		rc = kb_store__lookup_path(version, kb->store, tree, path);
	free(path);
	if (rc == KB_ENOTFOUND)
		return kb_error_set(KB_ENOTFOUND, "no answer '%s' in the KB",
		    id);
	return rc;
}

int
kb_usage_log_answer(struct kb *kb, const struct kb_event *e,
    unsigned timeout_ms)
{
	char version[KB_OID_HEX + 1];
	struct kb_event with = *e;
	int rc;

	if (e->answer == NULL || *e->answer == '\0')
		return kb_error_set(KB_EINVALID, "an event needs an answer id");
	if ((rc = current_version(kb, e->answer, version)) < 0)
		return rc;
	with.version = version;
	return kb_usage_log(kb, &with, timeout_ms);
}

/* No log yet: nothing was recorded, and reading must not make one. */
static int
log_exists(struct kb *kb)
{
	struct stat sb;
	char *path;
	int rc;

	if (kb->usage)
		return 1;
	path = xasprintf("%s/usage.db", kb_state_dir(kb));
	rc = stat(path, &sb);
	free(path);
	return rc == 0;
}

int
kb_usage_logged_version(struct kb *kb, const char *id, const char *version)
{
	sqlite3_stmt *st;
	struct db *db;
	int rc;

	if (!log_exists(kb))
		return 0;
	if ((rc = kb_usage_db__open(&db, kb)) < 0 ||
	    (rc = kb_db__prepare(&st, db, "SELECT 1 FROM event WHERE answer = ?"
	    " AND version = ? LIMIT 1")) < 0)
		return rc;
	sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, version, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc == SQLITE_ROW)
		return 1;
	return rc == SQLITE_DONE ? 0 :
	    kb_db__fail(db, rc, "reading the usage log");
}

long
kb_usage_versions_like(char (*out)[KB_OID_HEX + 1], size_t max, struct kb *kb,
    const char *id, const char *prefix)
{
	sqlite3_stmt *st;
	struct db *db;
	long n = 0;
	int rc;

	if (!log_exists(kb))
		return 0;
	if ((rc = kb_usage_db__open(&db, kb)) < 0 ||
	    (rc = kb_db__prepare(&st, db, "SELECT DISTINCT version FROM event"
	    " WHERE answer = ? AND substr(version, 1, ?) = ?"
	    " ORDER BY version")) < 0)
		return rc;
	sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 2, (int)strlen(prefix));
	sqlite3_bind_text(st, 3, prefix, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if ((size_t)n < max)
			snprintf(out[n], KB_OID_HEX + 1, "%s",
			    (const char *)sqlite3_column_text(st, 0));
		n++;
	}
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? n :
	    kb_db__fail(db, rc, "reading the usage log");
}

long
kb_usage_uses_since(struct kb *kb, const char *id, const char *since)
{
	sqlite3_stmt *st;
	struct db *db;
	long n = 0;

	if (!log_exists(kb))
		return 0;
	if (kb_usage_db__open(&db, kb) < 0 || kb_db__prepare(&st, db,
	    "SELECT count(*) FROM event e WHERE kind = 'use' AND answer = ?"
	    " AND time >= ? AND NOT EXISTS (SELECT 1 FROM event u"
	    " WHERE u.undoes = e.uid)") < 0)
		return 0;
	sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, since, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW)
		n = (long)sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return n;
}

/*
 * The undo and the event it names, in one statement: of two undos at
 * once, each takes back its own event.  ?2 is now, ?4 the seconds.
 */
static const char undo_sql[] =
    "INSERT INTO event(uid, time, kind, agent, office, channel, answer,"
    " version, undoes)"
    " SELECT ?1, ?2, 'undo', ?3, office, channel, answer, version, uid"
    " FROM event e WHERE agent = ?3"
    " AND kind IN ('use', 'flag', 'unsatisfied')"
    " AND time >= strftime('%Y-%m-%dT%H:%M:%SZ', ?2, '-' || ?4 || ' seconds')"
    " AND NOT EXISTS (SELECT 1 FROM event u WHERE u.undoes = e.uid)"
    " ORDER BY id DESC LIMIT 1";

/* "use of ID (phone)", "flag of ID (outdated)": what was taken back. */
static char *
describe_undone(struct db *db, const char *uid)
{
	sqlite3_stmt *st;
	char *what = NULL;

	if (kb_db__prepare(&st, db, "SELECT e.kind, e.answer,"
	    " coalesce(e.channel, ''), coalesce(e.reason, '')"
	    " FROM event u JOIN event e ON e.uid = u.undoes"
	    " WHERE u.uid = ?") < 0)
		return NULL;
	sqlite3_bind_text(st, 1, uid, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW) {
		const char *kind = (const char *)sqlite3_column_text(st, 0);
		const char *id = (const char *)sqlite3_column_text(st, 1);
		const char *channel = (const char *)sqlite3_column_text(st, 2);
		const char *reason = (const char *)sqlite3_column_text(st, 3);

		if (strcmp(kind, "use") == 0)
			what = xasprintf("use of %s (%s)", id, *channel ?
			    channel : "no channel");
		else if (strcmp(kind, "flag") == 0)
			what = xasprintf("flag of %s (%s)", id, reason);
		else
			what = xasprintf("\"not satisfied\" for %s", id);
	}
	sqlite3_finalize(st);
	return what;
}

int
kb_usage_undo_last(char **what, struct kb *kb, const char *agent)
{
	char now[KB_UTC_TIME_SIZE], uid[33];
	sqlite3_stmt *st = NULL;
	struct db *db;
	int rc;

	if (what)
		*what = NULL;
	if (agent == NULL || *agent == '\0')
		return kb_error_set(KB_EINVALID, "an undo needs an agent");
	if ((rc = kb_usage_db__open(&db, kb)) < 0)
		return rc;
	kb_now_utc(now);
	event_uid(uid);
	sqlite3_busy_timeout(db->h, KB_UNDO_WAIT_MS);
	if ((rc = kb_db__prepare(&st, db, undo_sql)) == 0) {
		sqlite3_bind_text(st, 1, uid, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 2, now, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 3, agent, -1, SQLITE_STATIC);
		sqlite3_bind_int(st, 4, KB_UNDO_SECONDS);
		rc = insert_event(db, st, KB_UNDO_WAIT_MS);
	}
	sqlite3_finalize(st);
	sqlite3_busy_timeout(db->h, DB_BUSY_TIMEOUT_MS);
	if (rc == 0 && sqlite3_changes(db->h) == 0)
		rc = kb_error_set(KB_ENOTFOUND, "nothing to undo: %s logged no "
		    "use, flag or \"not satisfied\" in the last %d seconds "
		    "that is not undone already", agent, KB_UNDO_SECONDS);
	if (rc == 0 && what)
		*what = describe_undone(db, uid);
	return rc;
}
