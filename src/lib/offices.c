/*
 * Reading the offices' usage refs (offices.h).  Incremental in what
 * arrived: for each ref, the commits after the one read last
 * (source.tip), each against its first parent (kb_usage_ref__changes: a
 * file that only grew gives its new end).  A rewritten ref is read
 * whole; the uid keeps every event counted once.  Each ref is read in a
 * transaction of its own, with a page cache of IMPORT_CACHE; the import
 * keeps office_day (the daily counts) and source (each ref's last sync)
 * in step, for the report's syncs section; offices.db's triggers keep
 * the daily roll-ups of the counting sections (migrate_7).
 *
 * The refs are the stations' (refs/kb/station-usage/<office>/<station>)
 * and the offices' from before stations (refs/kb/usage/<office>):
 * usage_ref.h.  Whoever can push one can write anything into it, so
 * nothing in it is trusted: the office (and station) of an event is the
 * ref it came on, a uid is unique only within that ref's office (another
 * office's copy of a uid is another event, and replaces nothing; the
 * stations of one office push as that office, and an event two of its
 * refs carry counts once), every field is checked (usage_check.h) and a
 * bad line or a bad ref is skipped with a warning while the rest is
 * read.
 */
#include "offices.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "db.h"
#include "json.h"
#include "kb/error.h"
#include "kb/usage.h"
#include "kb_private.h"
#include "store.h"
#include "office_name.h"
#include "usage_check.h"
#include "usage_ref.h"
#include "utf8.h"
#include "xmalloc.h"

#define OFFICES_SCHEMA_VERSION 8	/* 3: the sure column; 4: undoes;
					   5: closes; 6: stations; 7: time
					   indexes, office_day, last syncs;
					   8: daily roll-ups */
#define STRINGIFY_(x) #x
#define STRINGIFY(x) STRINGIFY_(x)
/* Warnings about one ref: then one line says how many more were skipped. */
#define WARNINGS_PER_REF 20
/* offices.db's page cache while importing, KiB (SQLite's default: 2 MB). */
#define IMPORT_CACHE "-65536"

static const char schema[] =
    "CREATE TABLE IF NOT EXISTS event("
    "  ref TEXT NOT NULL, uid TEXT NOT NULL, time TEXT NOT NULL,"
    "  kind TEXT NOT NULL, agent TEXT NOT NULL, office TEXT NOT NULL,"
    "  channel TEXT, answer TEXT, version TEXT, query TEXT, hits INTEGER,"
    "  reason TEXT, sure INTEGER, undoes TEXT, closes TEXT,"
    "  office_slug TEXT NOT NULL DEFAULT '',"
    "  station TEXT NOT NULL DEFAULT '',"
    "  PRIMARY KEY(ref, uid));"
    "CREATE INDEX IF NOT EXISTS event_undoes ON event(ref, undoes)"
    "  WHERE undoes IS NOT NULL;"
    "CREATE INDEX IF NOT EXISTS event_office_uid ON event(office_slug, uid);"
    "CREATE INDEX IF NOT EXISTS event_closes ON event(closes)"
    "  WHERE closes IS NOT NULL;"
    "CREATE TABLE IF NOT EXISTS source("
    "  ref TEXT PRIMARY KEY, tip TEXT NOT NULL);"
    "PRAGMA user_version=6;";

/*
 * Schema 6 to 7, and the rest of a new file: what makes a report over a
 * period cost the period's events, not the history's.  event_time and
 * event_kind_time: every section's events of a period (and the flags of
 * all time) are an index range.  office_day: the events each station
 * sent, per day of their time, kept in step by the import, for the
 * report's syncs section.  source gains each ref's office, station and
 * last sync (its tip's commit time) and backlog (the events its station
 * had still to send, when its commit says so).
 */
static const char migrate_6[] =
    "CREATE INDEX event_time ON event(time);"
    "CREATE INDEX event_kind_time ON event(kind, time);"
    "CREATE TABLE office_day(office_slug TEXT NOT NULL,"
    "  station TEXT NOT NULL, day TEXT NOT NULL, events INTEGER NOT NULL,"
    "  PRIMARY KEY(office_slug, station, day)) WITHOUT ROWID;"
    "INSERT INTO office_day SELECT office_slug, station, substr(time, 1, 10),"
    "  count(*) FROM event GROUP BY 1, 2, 3;"
    "ALTER TABLE source ADD COLUMN office_slug TEXT;"
    "ALTER TABLE source ADD COLUMN station TEXT;"
    "ALTER TABLE source ADD COLUMN synced INTEGER;"
    "ALTER TABLE source ADD COLUMN backlog INTEGER;"
    "PRAGMA user_version=7";

/*
 * An event counts (report_events.h) unless it is an undo or an undo on
 * its ref takes it back: the roll-ups' rows of what counts, from `where`
 * on (an SQL condition on the event e).
 */
#define COUNTED(where) " FROM event e WHERE kind <> 'undo' AND NOT EXISTS" \
    " (SELECT 1 FROM event u WHERE u.ref = e.ref AND u.undoes = e.uid)" \
    where
#define FILL_AGENT_DAY(where) "INSERT INTO agent_day SELECT" \
    " substr(time, 1, 10), coalesce(channel, ''), kind, office, station," \
    " agent, count(*)" COUNTED(where) " GROUP BY 1, 2, 3, 4, 5, 6"
#define FILL_ANSWER_DAY(where) "INSERT INTO answer_day SELECT" \
    " substr(time, 1, 10), coalesce(channel, ''), answer, count(*)" \
    COUNTED(" AND kind = 'use'" where) " GROUP BY 1, 2, 3"

/* The key of the event an undo takes back, in a roll-up (the trigger's). */
#define UNDONE(cols, kinds) " IN (SELECT substr(time, 1, 10)," \
    " coalesce(channel, ''), " cols " FROM event" \
    " WHERE ref = new.ref AND uid = new.undoes AND kind " kinds ")"
#define AGENT_KEY "(day, channel, kind, office, station, agent)"
#define AGENT_UNDONE UNDONE("kind, office, station, agent", "<> 'undo'")
#define ANSWER_UNDONE UNDONE("answer", "= 'use'")

/*
 * Schema 7 to 8: the daily roll-ups of the report's counting sections,
 * so that a month's report reads the month's roll-up rows, not its
 * events (report.c).  Two tables, the fewest that serve them: answer_day
 * (uses by day, channel and answer: top_answers, top_answers_by_channel,
 * use_by_channel, never_used) and agent_day (every event that counts by
 * day, channel, kind, office, station and agent: agents, offices,
 * stations and the report's scope).  One table of both grains would
 * hold a row per agent and answer, about one per use.  A channel is ''
 * for none (a key has no NULL).  Triggers keep them in step with event,
 * in the transaction that writes it, whoever inserts (the import, a
 * bench): an event counts once (INSERT OR IGNORE fires nothing), an
 * undo takes one off its event's day, however late, and only the first
 * undo of an event does; an event read again after its undo (a ref
 * rewritten) is not counted.  kb prune counts its days again
 * (kb_offices__recount).  event_uid replaces event_office_uid: the same
 * import's look-up by office and uid, and the report's of the offices'
 * copies of the centre's own events, by uid alone.
 */
static const char migrate_7[] =
    "DROP INDEX IF EXISTS event_office_uid;"
    "DROP INDEX IF EXISTS event_uid;"	/* all made anew from event */
    "DROP TRIGGER IF EXISTS event_counted;"
    "DROP TRIGGER IF EXISTS event_undone;"
    "DROP TABLE IF EXISTS answer_day;"
    "DROP TABLE IF EXISTS agent_day;"
    "CREATE INDEX event_uid ON event(uid);"
    "CREATE TABLE answer_day(day TEXT NOT NULL, channel TEXT NOT NULL,"
    "  answer TEXT NOT NULL, uses INTEGER NOT NULL,"
    "  PRIMARY KEY(day, channel, answer)) WITHOUT ROWID;"
    "CREATE TABLE agent_day(day TEXT NOT NULL, channel TEXT NOT NULL,"
    "  kind TEXT NOT NULL, office TEXT NOT NULL, station TEXT NOT NULL,"
    "  agent TEXT NOT NULL, events INTEGER NOT NULL,"
    "  PRIMARY KEY" AGENT_KEY ") WITHOUT ROWID;"
    FILL_AGENT_DAY("") ";"
    FILL_ANSWER_DAY("") ";"
    "CREATE TRIGGER event_counted AFTER INSERT ON event"
    " WHEN new.kind <> 'undo' AND NOT EXISTS (SELECT 1 FROM event u"
    "  WHERE u.ref = new.ref AND u.undoes = new.uid) BEGIN"
    " INSERT INTO agent_day VALUES (substr(new.time, 1, 10),"
    "  coalesce(new.channel, ''), new.kind, new.office, new.station,"
    "  new.agent, 1) ON CONFLICT DO UPDATE SET events = events + 1;"
    " INSERT INTO answer_day SELECT substr(new.time, 1, 10),"
    "  coalesce(new.channel, ''), new.answer, 1 WHERE new.kind = 'use'"
    "  ON CONFLICT DO UPDATE SET uses = uses + 1;"
    " END;"
    "CREATE TRIGGER event_undone AFTER INSERT ON event"
    " WHEN new.kind = 'undo' AND (SELECT count(*) FROM event u"
    "  WHERE u.ref = new.ref AND u.undoes = new.undoes) = 1 BEGIN"
    " UPDATE agent_day SET events = events - 1 WHERE " AGENT_KEY
    AGENT_UNDONE ";"
    " DELETE FROM agent_day WHERE events <= 0 AND " AGENT_KEY
    AGENT_UNDONE ";"
    " UPDATE answer_day SET uses = uses - 1 WHERE (day, channel, answer)"
    ANSWER_UNDONE ";"
    " DELETE FROM answer_day WHERE uses <= 0 AND (day, channel, answer)"
    ANSWER_UNDONE ";"
    " END;"
    "PRAGMA user_version=" STRINGIFY(OFFICES_SCHEMA_VERSION);

/*
 * The roll-ups' days before ?1 counted again from the events left (kb
 * prune dropped the events of those days, but for the last row).
 */
static const char *const recount[] = {
	"DELETE FROM agent_day WHERE day < ?1",
	"DELETE FROM answer_day WHERE day < ?1",
	FILL_AGENT_DAY(" AND time < ?1"),
	FILL_ANSWER_DAY(" AND time < ?1"),
};

static const char migrate_4[] =
    "ALTER TABLE event ADD COLUMN closes TEXT;"
    "CREATE INDEX event_closes ON event(closes) WHERE closes IS NOT NULL;"
    "DELETE FROM source;"
    "PRAGMA user_version=5";

/*
 * Schema 5 to 6: the office and station of each event's ref (usage_ref.h:
 * refs/kb/station-usage/<office>/<station>).  A schema 5 file was read
 * from refs/kb/usage/<office> only: the office is the ref's end, and
 * there is no station.
 */
static const char migrate_5[] =
    "ALTER TABLE event ADD COLUMN office_slug TEXT NOT NULL DEFAULT '';"
    "ALTER TABLE event ADD COLUMN station TEXT NOT NULL DEFAULT '';"
    "UPDATE event SET office_slug = substr(ref, 15);"
    "CREATE INDEX event_office_uid ON event(office_slug, uid);"
    "PRAGMA user_version=6";

struct import {
	struct kb *kb;
	struct db *db;
	sqlite3_stmt *insert;
	sqlite3_stmt *undoable;	/* is an undo's event the ref's own? */
	sqlite3_stmt *known;	/* has another ref of the office the uid? */
	sqlite3_stmt *day;	/* office_day: one more event that day */
	const char *ref;
	/* The ref's office and station (usage_ref.h); no station ("")
	 * for an office's ref from before stations. */
	char office[OFFICE_NAME_MAX + 1];
	char station[OFFICE_NAME_MAX + 1];
	unsigned warnings;	/* about this ref */
	struct offices_counts counts;	/* what this import brought */
	int db_failed;		/* offices.db itself failed: stop */
	int damaged;		/* offices.db is no database */
	kb_diag_cb cb;
	void *payload;
};

/* `s` with nothing a terminal would act on (a file name is any bytes). */
static char *
shown(const char *s)
{
	struct buf b = BUF_INIT;

	utf8_sanitize(&b, s, strlen(s), UTF8_STRICT);
	return buf_detach(&b);
}

static void
emit(struct import *im, const char *path, unsigned line, const char *msg)
{
	struct kb_diag d;

	d.path = path;
	d.line = line;
	d.severity = KB_SEVERITY_WARNING;
	d.message = msg;
	im->cb(&d, im->payload);
}

/*
 * "<ref>:<file>" (what git show takes), line, and what is wrong; the
 * message too is made safe, as it may quote git quoting the ref.
 */
static void
warn(struct import *im, const char *file, unsigned line, const char *what)
{
	char *ref, *name, *path, *msg;

	if (im->cb == NULL || ++im->warnings > WARNINGS_PER_REF)
		return;
	ref = shown(im->ref);
	name = file ? shown(file) : NULL;
	path = name ? xasprintf("%s:%s", ref, name) : xstrdup(ref);
	msg = shown(im->warnings == WARNINGS_PER_REF ? "more problems in "
	    "this ref; the rest are counted, not shown, and skipped as well" :
	    what);
	emit(im, path, line, msg);
	free(msg);
	free(path);
	free(name);
	free(ref);
}

static int
db_failed(struct import *im, int rc, const char *what)
{
	im->db_failed = 1;
	return kb_db__fail(im->db, rc, what);
}

/*
 * 1 when another ref of the same office brought this uid already (a
 * station renamed, or the office's ref from before stations): each
 * event of an office counts once, whichever of its refs it came on.
 */
static int
known_in_office(struct import *im, const struct json_field *uid)
{
	sqlite3_stmt *st = im->known;
	int rc;

	sqlite3_reset(st);
	sqlite3_bind_text(st, 1, im->office, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, uid->text, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc == SQLITE_ROW)
		return 1;
	return rc == SQLITE_DONE ? 0 : db_failed(im, rc,
	    "looking for an office's event");
}

static void
bind_named(sqlite3_stmt *st, const char *name, const char *value)
{
	sqlite3_bind_text(st, sqlite3_bind_parameter_index(st, name), value,
	    -1, SQLITE_STATIC);
}

/* A line's field by name (kb_usage_ref__fields has every one). */
static const char *
field(const struct json_field *f, const char *name)
{
	size_t i;

	for (i = 0; i < USAGE_REF_NFIELDS; i++)
		if (strcmp(kb_usage_ref__fields[i], name) == 0)
			return f[i].kind == JSON_STRING ? f[i].text : NULL;
	return NULL;
}

/* An event stored (not one seen before): office_day counts it. */
static int
count_day(struct import *im, const struct json_field *f)
{
	sqlite3_stmt *st = im->day;
	const char *time = field(f, "time");
	int rc;

	sqlite3_reset(st);
	sqlite3_bind_text(st, 1, im->office, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, im->station, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, time ? time : "", time && strlen(time) >= 10 ?
	    10 : 0, SQLITE_STATIC);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return db_failed(im, rc, "counting an office's events of the "
		    "day");
	im->counts.events++;
	return 0;
}

static int
store_event(struct import *im, struct json_field *f)
{
	sqlite3_stmt *st = im->insert;
	size_t i;
	int rc;

	/* kb_usage_ref__fields[0] is the uid, which kb_usage_check__event made
	 * sure of. */
	if ((rc = known_in_office(im, &f[0])) != 0)
		return rc < 0 ? rc : 0;
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	sqlite3_bind_text(st, 1, im->ref, -1, SQLITE_STATIC);
	for (i = 0; i < USAGE_REF_NFIELDS; i++) {
		int col = (int)i + 2;

		if (strcmp(kb_usage_ref__fields[i], "office") == 0)
			sqlite3_bind_text(st, col, f[i].kind == JSON_STRING &&
			    kb_usage_check__names_office(f[i].text,
			    im->office) ? f[i].text : im->office, -1,
			    SQLITE_TRANSIENT);
		else if (f[i].kind == JSON_STRING)
			sqlite3_bind_text(st, col, f[i].text, -1,
			    SQLITE_TRANSIENT);
		else if (f[i].kind == JSON_NUMBER)
			sqlite3_bind_int64(st, col, f[i].number);
	}
	bind_named(st, ":office_slug", im->office);
	bind_named(st, ":station", im->station);
	if ((rc = sqlite3_step(st)) != SQLITE_DONE)
		return db_failed(im, rc, "storing an office's event");
	return sqlite3_changes(im->db->h) == 1 ? count_day(im, f) : 0;
}

/*
 * An office may take back only its own events, as kb_usage_undo_last()
 * does: one that came on the same ref, a use, flag or "not satisfied" of
 * the same agent, at most KB_UNDO_SECONDS before the undo.  1 when the
 * undo `f` is such, 0 when not (it is skipped with a warning), or an
 * error of offices.db.
 */
static int
own_undo(struct import *im, const char *file, unsigned lineno,
    const struct json_field *f)
{
	sqlite3_stmt *st = im->undoable;
	int rc;

	sqlite3_reset(st);
	sqlite3_bind_text(st, 1, im->ref, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, field(f, "undoes"), -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, field(f, "agent"), -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, field(f, "time"), -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 5, KB_UNDO_SECONDS);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc == SQLITE_ROW)
		return 1;
	if (rc != SQLITE_DONE)
		return db_failed(im, rc, "checking an office's undo");
	warn(im, file, lineno, "undoes no event of this office's by the same "
	    "agent in the minute before; line skipped");
	return 0;
}

/* One JSON line into the table; a bad one is reported and skipped. */
static int
import_line(struct import *im, const char *file, unsigned lineno,
    const char *line, size_t len)
{
	struct json_field f[USAGE_REF_NFIELDS];
	const char *problem;
	size_t i, where;
	int rc = 0;

	if (len > USAGE_CHECK_LINE_MAX) {
		warn(im, file, lineno, "longer than 8192 bytes; line skipped");
		return 0;
	}
	for (i = 0; i < USAGE_REF_NFIELDS; i++) {
		memset(&f[i], 0, sizeof(f[i]));
		f[i].name = kb_usage_ref__fields[i];
	}
	if (json_parse_object(line, len, f, USAGE_REF_NFIELDS, &where) < 0)
		warn(im, file, lineno, "not a JSON object; line skipped");
	else if ((problem = kb_usage_check__event(f)) != NULL) {
		char msg[256];

		snprintf(msg, sizeof(msg), "%s; line skipped", problem);
		warn(im, file, lineno, msg);
	} else if (strcmp(field(f, "kind"), "undo") != 0 ||
	    (rc = own_undo(im, file, lineno, f)) == 1)
		rc = store_event(im, f);
	json_fields_clear(f, USAGE_REF_NFIELDS);
	return rc;
}

static int
import_text(struct import *im, const char *file, const char *text,
    size_t len, unsigned first_line)
{
	size_t at = 0;
	unsigned lineno = first_line;
	int rc = 0;

	while (rc == 0 && at < len) {
		const char *nl = memchr(text + at, '\n', len - at);
		size_t n = nl ? (size_t)(nl - (text + at)) : len - at;

		if (n > 0)
			rc = import_line(im, file, lineno, text + at, n);
		at += n + 1;
		lineno++;
	}
	return rc;
}

static unsigned
count_lines(const char *s, size_t len)
{
	unsigned n = 0;
	size_t i;

	for (i = 0; i < len; i++)
		n += s[i] == '\n';
	return n;
}

/* "YYYY-MM-DD.jsonl" or "undated.jsonl", at the top: what kbsync writes. */
static int
day_file(const char *path)
{
	size_t i;

	if (strcmp(path, "undated.jsonl") == 0)
		return 1;
	if (strlen(path) != 16 || strcmp(path + 10, ".jsonl") != 0)
		return 0;
	for (i = 0; i < 10; i++)
		if ((i == 4 || i == 7) ? path[i] != '-' :
		    path[i] < '0' || path[i] > '9')
			return 0;
	return 1;
}

/* A day file that changed: its new end when it only grew, else all. */
static int
file_changed(const char *path, const char *old_oid, const char *new_oid,
    void *payload)
{
	struct import *im = payload;
	char *old = NULL, *new = NULL;
	size_t old_len = 0, new_len = 0;
	int rc = 0;

	if (new_oid == NULL)
		return 0;	/* a file removed: its events stay counted */
	if (!day_file(path)) {
		warn(im, path, 0, "not a day file (YYYY-MM-DD.jsonl); "
		    "skipped");
		return 0;
	}
	rc = kb_store__read_blob_max(&new, &new_len, im->kb->store, new_oid,
	    USAGE_CHECK_DAY_MAX);
	if (rc == KB_EINVALID) {
		warn(im, path, 0, "larger than a day of events can be "
		    "(" USAGE_CHECK_DAY_MAX_TEXT "); skipped");
		return 0;
	}
	if (rc < 0)
		return rc;
	if (old_oid && kb_store__read_blob_max(&old, &old_len, im->kb->store,
	    old_oid, USAGE_CHECK_DAY_MAX) == 0 && old_len <= new_len &&
	    memcmp(old, new, old_len) == 0 &&
	    (old_len == 0 || old[old_len - 1] == '\n'))
		rc = import_text(im, path, new + old_len, new_len - old_len,
		    count_lines(old, old_len) + 1);
	else
		rc = import_text(im, path, new, new_len, 1);
	if (rc == 0)
		kb_error_clear();	/* the old blob may be gone: no error */
	free(old);
	free(new);
	return rc;
}

/* The tip read last, and whether its sync time is known (schema 7). */
static int
read_source(struct import *im, char tip[KB_OID_HEX + 1], int *dated)
{
	sqlite3_stmt *st;
	int rc;

	tip[0] = '\0';
	*dated = 0;
	if ((rc = kb_db__prepare(&st, im->db,
	    "SELECT tip, synced IS NOT NULL FROM source WHERE ref = ?")) < 0) {
		im->db_failed = 1;
		return rc;
	}
	sqlite3_bind_text(st, 1, im->ref, -1, SQLITE_STATIC);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		snprintf(tip, KB_OID_HEX + 1, "%s",
		    (const char *)sqlite3_column_text(st, 0));
		*dated = sqlite3_column_int(st, 1);
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return db_failed(im, rc, "reading what was read before");
	return 0;
}

/*
 * The backlog a usage commit names (Kb-Usage-Backlog: N, the events its
 * station had still to send), or -1 when it names none.
 */
static long long
commit_backlog(const char *message)
{
	static const char key[] = "\nKb-Usage-Backlog: ";
	const char *at = message ? strstr(message, key) : NULL;
	char *end;
	long long n;

	if (at == NULL)
		return -1;
	n = strtoll(at + sizeof(key) - 1, &end, 10);
	return end != at + sizeof(key) - 1 && (*end == '\n' || !*end) &&
	    n >= 0 ? n : -1;
}

/* The tip read, with when it landed: the station's last sync. */
static int
write_source(struct import *im, const char *tip)
{
	struct kb_store_commit c;
	long long backlog = -1;
	sqlite3_stmt *st;
	int rc;

	memset(&c, 0, sizeof(c));
	if (kb_store__commit_read(&c, im->kb->store, tip) == 0)
		backlog = commit_backlog(c.message);
	kb_error_clear();	/* no time known: the report says so */
	if ((rc = kb_db__prepare(&st, im->db, "INSERT OR REPLACE INTO source"
	    "(ref, tip, office_slug, station, synced, backlog)"
	    " VALUES (?, ?, ?, ?, nullif(?, 0), nullif(?, -1))")) < 0) {
		kb_store__commit_clear(&c);
		im->db_failed = 1;
		return rc;
	}
	sqlite3_bind_text(st, 1, im->ref, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, tip, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, im->office, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, im->station, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 5, c.committed);
	sqlite3_bind_int64(st, 6, backlog);
	kb_store__commit_clear(&c);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 : db_failed(im, rc, "noting what was read");
}

/*
 * A ref whose history the office pruned (kb_usage_ref__prune): its root
 * holds events of the tip it replaced, `old`.  When this centre still
 * has `old` and it holds what was read last, what was not read of it,
 * then what came after the root, is what the ref gained (the root's
 * events are in `old`): nothing the office sent before it pruned is
 * lost here, even if not read before.  1 when so read, 0 when not
 * (the caller reads all of the ref: the uids count each event once).
 */
static int
import_pruned(struct import *im, const char *tip, const char *seen)
{
	char old[KB_OID_HEX + 1], root[KB_OID_HEX + 1];
	struct kb_store *st = im->kb->store;
	int rc;

	if (kb_usage_ref__pruned_from(old, root, im->kb, tip) != 1 ||
	    kb_store__exists(st, old) != 1 || (*seen && strcmp(old,
	    seen) != 0 && kb_store__contains(st, old, seen) != 1)) {
		kb_error_clear();
		return 0;
	}
	if ((rc = kb_usage_ref__changes(im->kb, old, seen, file_changed,
	    im)) < 0 || (rc = kb_usage_ref__changes(im->kb, tip, root,
	    file_changed, im)) < 0)
		return rc;
	return 1;
}

/* What the ref gained since the tip read last (all of it if rewritten). */
static int
import_ref(struct import *im, const char *tip)
{
	char seen[KB_OID_HEX + 1];
	int rc, dated;

	if ((rc = read_source(im, seen, &dated)) < 0)
		return rc;
	if (strcmp(seen, tip) == 0)	/* nothing new; dated once */
		return dated ? 0 : write_source(im, tip);
	if ((!*seen || kb_store__contains(im->kb->store, tip, seen) != 1) &&
	    (rc = import_pruned(im, tip, seen)) != 0) {
		if (rc < 0)
			return rc;
		im->counts.refs++;
		return write_source(im, tip);
	}
	if (*seen && kb_store__contains(im->kb->store, tip, seen) != 1)
		seen[0] = '\0';
	kb_error_clear();
	/* Commit by commit: each adds its own events (usage_ref.h). */
	if ((rc = kb_usage_ref__changes(im->kb, tip, seen, file_changed,
	    im)) < 0)
		return rc;
	im->counts.refs++;
	return write_source(im, tip);
}

/*
 * One office's ref, in a transaction of its own (what one ref brought
 * since the last import: the transactions stay as small as what
 * arrived, and another report waits for one ref at most): what is wrong
 * with it (not a commit, an object missing) leaves it out with a
 * warning, and the other offices are read all the same.
 */
static int
ref_cb(const char *name, const char *tip, void *payload)
{
	struct import *im = payload;
	struct offices_counts before;
	int rc;

	im->ref = name;
	im->warnings = 0;
	if (!kb_usage_ref__parse(im->office, im->station, name)) {
		warn(im, NULL, 0, strncmp(name, USAGE_REF_OFFICES,
		    strlen(USAGE_REF_OFFICES)) == 0 ? "not an office's name as "
		    "kbsync makes it ([a-z0-9_-]); this ref is not read" :
		    "not an office's and a station's name as kbsync makes them "
		    "(<office>/<station>, each [a-z0-9_-]); this ref is not "
		    "read");
		return 0;
	}
	if ((rc = kb_db__exec(im->db, "BEGIN IMMEDIATE")) < 0) {
		im->db_failed = 1;
		return rc;
	}
	before = im->counts;
	if ((rc = import_ref(im, tip)) < 0 && !im->db_failed) {
		char msg[512];

		snprintf(msg, sizeof(msg), "not read (%s); the other offices "
		    "are", kb_error_last());
		kb_db__cleanup(im->db, "ROLLBACK");
		im->counts = before;	/* nothing of it is kept */
		im->warnings = 0;
		warn(im, NULL, 0, msg);
		return 0;
	}
	if (rc == 0 && (rc = kb_db__exec(im->db, "COMMIT")) < 0)
		im->db_failed = 1;
	if (im->warnings >= WARNINGS_PER_REF) {
		char msg[128];

		snprintf(msg, sizeof(msg), "%u problems in all; every line "
		    "with one was skipped", im->warnings);
		im->warnings = 0;
		warn(im, NULL, 0, msg);
	}
	return rc;
}

/* 1 when the file has no table yet: new, or made empty. */
static int
empty_file(struct db *db)
{
	sqlite3_stmt *st;
	int rc;

	if (kb_db__prepare(&st, db, "SELECT 1 FROM sqlite_master LIMIT 1") < 0)
		return 0;
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	return rc == SQLITE_DONE;
}

/*
 * Open offices.db as this kb makes it, in a write transaction: a file
 * of another schema (an older kb's, keyed by uid alone) is derived, so
 * it is removed and made again.  The schema is made inside the
 * transaction, so that another report never sees half of it.
 */
static int
open_offices(struct import *im, const char *path)
{
	int rc, version, tries;

	for (tries = 0; tries < 2; tries++) {
		/* Made with the group's mode first, as usage.db is. */
		if ((rc = kb__state_file_make(im->kb, path, NULL)) < 0)
			return rc;
		if ((rc = kb_db__open(&im->db, path, DB_WAL)) < 0) {
			im->damaged = rc == KB_EINVALID;  /* not a database */
			return rc;
		}
		/* Room for a ref's new events and their indexes' pages. */
		if ((rc = kb_db__exec(im->db,
		    "PRAGMA cache_size=" IMPORT_CACHE)) < 0 ||
		    (rc = kb_db__exec(im->db, "BEGIN IMMEDIATE")) < 0 ||
		    (rc = kb_db__user_version(&version, im->db)) < 0)
			return rc;
		if (version == OFFICES_SCHEMA_VERSION)
			return 0;
		if (version == 0 && empty_file(im->db)) {
			if ((rc = kb_db__exec(im->db, schema)) < 0)
				return rc;
			version = 6;
		}
		if (version == 4 && (rc = kb_db__exec(im->db, migrate_4)) < 0)
			return rc;
		if ((version == 4 || version == 5) &&
		    (rc = kb_db__exec(im->db, migrate_5)) < 0)
			return rc;
		if (version >= 4 && version <= 6 &&
		    (rc = kb_db__exec(im->db, migrate_6)) < 0)
			return rc;
		if (version >= 4 && version <= 7)
			return kb_db__exec(im->db, migrate_7);
		kb_db__rollback(im->db);
		kb_db__close(im->db);
		im->db = NULL;
		kb_db__unlink(path);
	}
	return kb_error_set(KB_ERROR, "%s: made again, and still not of "
	    "schema %d", path, OFFICES_SCHEMA_VERSION);
}

static int
import_all(struct import *im, const char *path)
{
	int rc;

	if ((rc = open_offices(im, path)) < 0)
		return rc;
	rc = kb_db__prepare(&im->insert, im->db, "INSERT OR IGNORE INTO event("
	    "ref, uid, time, kind, agent, office, channel, answer, version,"
	    " query, hits, reason, sure, undoes, closes, office_slug, station)"
	    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,"
	    " :office_slug, :station)");
	if (rc == 0)
		rc = kb_db__prepare(&im->known, im->db, "SELECT 1 FROM event"
		    " WHERE office_slug = ? AND uid = ?");
	if (rc == 0)
		rc = kb_db__prepare(&im->day, im->db, "INSERT INTO office_day"
		    " VALUES (?, ?, ?, 1) ON CONFLICT DO UPDATE"
		    " SET events = events + 1");
	/* The schema (made or moved on) alone; then a transaction a ref. */
	if (rc == 0)
		rc = kb_db__exec(im->db, "COMMIT");
	if (rc == 0)
		rc = kb_db__prepare(&im->undoable, im->db, "SELECT 1 FROM event"
		    " WHERE ref = ?1 AND uid = ?2 AND agent = ?3"
		    " AND kind IN ('use', 'flag', 'unsatisfied')"
		    " AND strftime('%s', ?4) - strftime('%s', time)"
		    "  BETWEEN 0 AND ?5");
	/* The offices' refs from before stations, then the stations'. */
	if (rc == 0)
		rc = kb_store__refs(im->kb->store, USAGE_REF_OFFICES "*",
		    ref_cb, im);
	if (rc == 0)
		rc = kb_store__refs(im->kb->store, USAGE_REF_STATIONS "*",
		    ref_cb, im);
	sqlite3_finalize(im->insert);
	sqlite3_finalize(im->undoable);
	sqlite3_finalize(im->known);
	sqlite3_finalize(im->day);
	im->insert = NULL;
	im->undoable = NULL;
	im->known = NULL;
	im->day = NULL;
	if (rc < 0)
		kb_db__rollback(im->db);
	return rc;
}

/* SQLite found the file damaged (or no database at all). */
static int
damaged(struct import *im)
{
	return im->damaged || (im->db && (im->db->corrupt ||
	    kb_db__is_corrupt(sqlite3_extended_errcode(im->db->h))));
}

static void
import_start(struct import *im, struct kb *kb, kb_diag_cb cb, void *payload)
{
	memset(im, 0, sizeof(*im));
	im->kb = kb;
	im->cb = cb;
	im->payload = payload;
}

int
kb_offices__import(char **path, struct kb *kb, kb_diag_cb cb, void *payload)
{
	return kb_offices__import_counted(path, NULL, kb, cb, payload);
}

int
kb_offices__import_counted(char **path, struct offices_counts *counts,
    struct kb *kb, kb_diag_cb cb, void *payload)
{
	struct import im;
	int rc;

	import_start(&im, kb, cb, payload);
	*path = xasprintf("%s/offices.db", kb->state_dir);
	if ((rc = kb__store(kb)) < 0)
		goto done;
	if ((rc = import_all(&im, *path)) < 0 && damaged(&im)) {
		/* Derived from the refs: made again, once. */
		char *msg = xasprintf("damaged (%s); removed and made again "
		    "from the usage refs", kb_error_last());

		kb_db__close(im.db);
		import_start(&im, kb, cb, payload);
		kb_db__unlink(*path);
		im.ref = *path;
		warn(&im, NULL, 0, msg);
		free(msg);
		rc = import_all(&im, *path);
	}
done:
	kb_db__close(im.db);
	if (counts)
		*counts = im.counts;
	if (rc < 0) {
		free(*path);
		*path = NULL;
	}
	return rc;
}

int
kb_offices__recount(struct db *db, const char *before)
{
	sqlite3_stmt *st;
	size_t i;
	int rc = 0;

	for (i = 0; rc == 0 && i < sizeof(recount) / sizeof(*recount); i++) {
		if ((rc = kb_db__prepare(&st, db, recount[i])) < 0)
			return rc;
		sqlite3_bind_text(st, 1, before, -1, SQLITE_STATIC);
		rc = sqlite3_step(st);
		sqlite3_finalize(st);
		rc = rc == SQLITE_DONE ? 0 : kb_db__fail(db, rc,
		    "counting the days left again");
	}
	return rc;
}

int
kb_offices__damaged(struct kb *kb)
{
	char *path = xasprintf("%s/offices.db", kb->state_dir);
	char *told = xstrdup(kb_error_last());
	sqlite3_stmt *st = NULL;
	struct db *db = NULL;
	int rc, damaged = 0;

	if ((rc = kb_db__open(&db, path, DB_WAL)) == KB_EINVALID)
		damaged = 1;
	else if (rc == 0) {
		rc = sqlite3_prepare_v2(db->h, "PRAGMA quick_check(1)", -1, &st,
		    NULL);
		if (rc == SQLITE_OK)
			rc = sqlite3_step(st);
		damaged = kb_db__is_corrupt(rc) || (rc == SQLITE_ROW &&
		    strcmp((const char *)sqlite3_column_text(st, 0), "ok") != 0);
		sqlite3_finalize(st);
	}
	kb_db__close(db);
	free(path);
	kb_error_set(KB_ERROR, "%s", told);	/* the report's, as it was */
	free(told);
	return damaged;
}

void
kb_offices__remove(struct kb *kb)
{
	char *path = xasprintf("%s/offices.db", kb->state_dir);

	kb_db__unlink(path);
	free(path);
}

int
kb_offices__attach(struct kb *kb, struct db *db, kb_diag_cb cb, void *payload)
{
	char *path;
	int rc;

	if ((rc = kb_offices__import(&path, kb, cb, payload)) < 0)
		return rc;
	rc = kb_db__attach(db, path, "offices", "opening the offices' usage");
	free(path);
	return rc;
}
