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
 *   kind     use | search | flag | unsatisfied
 *   agent, office, channel (phone | email | walk-in, or NULL)
 *   answer   answer id (NULL for searches), version: its blob id
 *   query    what the agent typed (NULL with kb.logQueries=false)
 *   hits     searches: how many answers were found
 *   reason   flags: outdated | wrong | unclear | free text
 */
static const char schema[] =
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
    "CREATE INDEX IF NOT EXISTS event_answer ON event(answer, time);";

static int
create_schema(struct db *db)
{
	char sql[64];
	int rc, version;

	if ((rc = db_user_version(db, &version)) < 0)
		return rc;
	if (version == USAGE_SCHEMA_VERSION)
		return 0;
	if (version > USAGE_SCHEMA_VERSION)
		return kb_error_set(KB_EINVALID, "%s: made by a newer kb "
		    "(schema %d); not touched", db->path, version);
	if ((rc = db_exec(db, "BEGIN IMMEDIATE")) < 0)
		return rc;
	snprintf(sql, sizeof(sql), "PRAGMA user_version=%d",
	    USAGE_SCHEMA_VERSION);
	if ((rc = db_exec(db, schema)) < 0 || (rc = db_exec(db, sql)) < 0) {
		db_rollback(db);
		return rc;
	}
	return db_exec(db, "COMMIT");
}

int
usage_db__open(struct kb *kb, struct db **out)
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
		rc = db_open(&kb->usage, path, DB_WAL);
	free(path);
	if (rc == 0 && (rc = create_schema(kb->usage)) < 0) {
		db_close(kb->usage);
		kb->usage = NULL;
	}
	*out = kb->usage;
	return rc;
}
