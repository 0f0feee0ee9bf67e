/* Opening and creating the usage log's database (usage_db.h). */
#include "usage_db.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "kb/error.h"
#include "kb_private.h"
#include "xmalloc.h"

/*
 * event: one row per event, never updated or deleted.
 *   uid      random hex id, unique across offices
 *   time     UTC, "YYYY-MM-DDTHH:MM:SSZ"
 *   kind     use | search | flag | unsatisfied | undo | flag_close
 *   agent, office, channel (phone | email | walk-in, or NULL)
 *   answer   answer id (NULL for searches), version: its blob id
 *   query    what the agent typed (NULL with kb.logQueries=false)
 *   hits     searches: how many answers were found
 *   reason   flags: outdated | wrong | unclear | free text
 *   sure     searches: how many of the hits were sure (schema 2; NULL in
 *            rows written before, which count as sure = hits)
 *   undoes   undo (schema 3): the uid of the use, flag or unsatisfied
 *            event it takes back; reports count neither
 *   closes   flag_close (schema 4): the uid of the flag a reviewer
 *            closed, with the reason in reason (flags.h)
 *
 * The log is primary data: a file of an older schema is migrated in
 * place, step by step, never made again.  Step i takes schema i to i + 1.
 */
static const char *const steps[USAGE_SCHEMA_VERSION] = {
	/* 0 -> 1: the first schema. */
	"CREATE TABLE IF NOT EXISTS event("
	"  id INTEGER PRIMARY KEY,"
	"  uid TEXT NOT NULL UNIQUE,"
	"  time TEXT NOT NULL,"
	"  kind TEXT NOT NULL"
	"    CHECK(kind IN ('use', 'search', 'flag', 'unsatisfied')),"
	"  agent TEXT NOT NULL,"
	"  office TEXT,"
	"  channel TEXT,"
	"  answer TEXT,"
	"  version TEXT,"
	"  query TEXT,"
	"  hits INTEGER,"
	"  reason TEXT);"
	"CREATE INDEX IF NOT EXISTS event_time ON event(time);"
	"CREATE INDEX IF NOT EXISTS event_answer ON event(answer, time);",
	/* 1 -> 2: how many of a search's hits were sure.  Adding a column
	 * rewrites no row: the old ones read NULL. */
	"ALTER TABLE event ADD COLUMN sure INTEGER;",
	/* 2 -> 3: the kind undo and what it undoes.  A CHECK cannot be
	 * altered, so the table is copied, every row and id kept (kbsync
	 * and learning count events by id). */
	"CREATE TABLE event_3("
	"  id INTEGER PRIMARY KEY,"
	"  uid TEXT NOT NULL UNIQUE,"
	"  time TEXT NOT NULL,"
	"  kind TEXT NOT NULL CHECK(kind IN ('use', 'search', 'flag',"
	"    'unsatisfied', 'undo')),"
	"  agent TEXT NOT NULL,"
	"  office TEXT,"
	"  channel TEXT,"
	"  answer TEXT,"
	"  version TEXT,"
	"  query TEXT,"
	"  hits INTEGER,"
	"  reason TEXT,"
	"  sure INTEGER,"
	"  undoes TEXT CHECK((kind = 'undo') = (undoes IS NOT NULL)));"
	"INSERT INTO event_3(id, uid, time, kind, agent, office, channel,"
	"  answer, version, query, hits, reason, sure)"
	"  SELECT id, uid, time, kind, agent, office, channel, answer,"
	"  version, query, hits, reason, sure FROM event ORDER BY id;"
	"DROP TABLE event;"
	"ALTER TABLE event_3 RENAME TO event;"
	"CREATE INDEX event_time ON event(time);"
	"CREATE INDEX event_answer ON event(answer, time);"
	"CREATE INDEX event_undoes ON event(undoes) WHERE undoes IS NOT NULL;",
	/* 3 -> 4: the kind flag_close and the flag it closes (flags.h).
	 * Copied as 2 -> 3 was, every row and id kept. */
	"CREATE TABLE event_4("
	"  id INTEGER PRIMARY KEY,"
	"  uid TEXT NOT NULL UNIQUE,"
	"  time TEXT NOT NULL,"
	"  kind TEXT NOT NULL CHECK(kind IN ('use', 'search', 'flag',"
	"    'unsatisfied', 'undo', 'flag_close')),"
	"  agent TEXT NOT NULL,"
	"  office TEXT,"
	"  channel TEXT,"
	"  answer TEXT,"
	"  version TEXT,"
	"  query TEXT,"
	"  hits INTEGER,"
	"  reason TEXT,"
	"  sure INTEGER,"
	"  undoes TEXT CHECK((kind = 'undo') = (undoes IS NOT NULL)),"
	"  closes TEXT CHECK((kind = 'flag_close') = (closes IS NOT NULL)));"
	"INSERT INTO event_4(id, uid, time, kind, agent, office, channel,"
	"  answer, version, query, hits, reason, sure, undoes)"
	"  SELECT id, uid, time, kind, agent, office, channel, answer,"
	"  version, query, hits, reason, sure, undoes FROM event ORDER BY id;"
	"DROP TABLE event;"
	"ALTER TABLE event_4 RENAME TO event;"
	"CREATE INDEX event_time ON event(time);"
	"CREATE INDEX event_answer ON event(answer, time);"
	"CREATE INDEX event_undoes ON event(undoes) WHERE undoes IS NOT NULL;"
	"CREATE INDEX event_closes ON event(closes) WHERE closes IS NOT NULL;",
};

/* Run the steps from `version` on and record the version reached. */
static int
migrate(struct db *db, int version)
{
	char sql[64];
	int rc = 0, v;

	for (v = version; v < USAGE_SCHEMA_VERSION && rc == 0; v++)
		rc = kb_db__exec(db, steps[v]);
	if (rc < 0)
		return rc;
	snprintf(sql, sizeof(sql), "PRAGMA user_version=%d",
	    USAGE_SCHEMA_VERSION);
	return kb_db__exec(db, sql);
}

/*
 * Bring the log to this kb's schema, in one write transaction: a failed
 * step leaves the file as it was, and of two kb starting at once the
 * second finds the work done (the version is read again once the
 * transaction holds the write lock).
 */
static int
create_schema(struct db *db)
{
	int rc, version;

	if ((rc = kb_db__user_version(&version, db)) < 0)
		return rc;
	if (version == USAGE_SCHEMA_VERSION)
		return 0;
	if (version > USAGE_SCHEMA_VERSION)
		return kb_error_set(KB_EINVALID, "%s: made by a newer kb "
		    "(schema %d); not touched", db->path, version);
	if ((rc = kb_db__exec(db, "BEGIN IMMEDIATE")) < 0)
		return rc;
	if ((rc = kb_db__user_version(&version, db)) == 0 &&
	    version > USAGE_SCHEMA_VERSION)
		rc = kb_error_set(KB_EINVALID, "%s: made by a newer kb "
		    "(schema %d); not touched", db->path, version);
	else if (rc == 0 && version < USAGE_SCHEMA_VERSION &&
	    (rc = migrate(db, version)) < 0 && version > 0)
		rc = kb_error_set(rc, "%s: cannot migrate the usage log from "
		    "schema %d to %d (%s); it was left as it was", db->path,
		    version, USAGE_SCHEMA_VERSION, kb_error_last());
	if (rc < 0) {
		kb_db__rollback(db);
		return rc;
	}
	return kb_db__exec(db, "COMMIT");
}

int
kb_usage_db__open(struct db **out, struct kb *kb)
{
	char *path;
	int rc;

	if (kb->usage) {
		*out = kb->usage;
		return 0;
	}
	path = xasprintf("%s/usage.db", kb->state_dir);
	/* Made with the group's mode first: its -wal and -shm follow it. */
	if ((rc = kb__state_file_make(kb, path, NULL)) == 0)
		rc = kb_db__open(&kb->usage, path, DB_WAL);
	free(path);
	if (rc == 0 && (rc = create_schema(kb->usage)) < 0) {
		kb_db__close(kb->usage);
		kb->usage = NULL;
	}
	*out = kb->usage;
	return rc;
}
