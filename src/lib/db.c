/*
 * SQLite connections: settings, error translation, small helpers, the
 * index's meta table.
 */
#include "db.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "kb/error.h"
#include "perm.h"
#include "xmalloc.h"

int
kb_db__is_corrupt(int rc)
{
	rc &= 0xFF;
	return rc == SQLITE_CORRUPT || rc == SQLITE_NOTADB;
}

/* 1 when SQLite's failure says the disk (or the user's quota) is full. */
static int
is_full(struct db *db, int rc)
{
	if ((rc & 0xFF) == SQLITE_FULL)
		return 1;
	return (rc & 0xFF) == SQLITE_IOERR && db && db->h &&
	    kb_perm__is_full(sqlite3_system_errno(db->h));
}

/* A file kb may not write: who owns it, and what to do. */
static int
fail_permission(struct db *db, const char *what, const char *msg)
{
	char who[400];
	const char *path = db ? db->path : "database";

	kb_perm__describe(who, sizeof(who), path);
	return kb_error_set(KB_ERROR, "%s: %s: %s (%s): its owner can make it "
	    "and its folder group-writable (chmod g+w), or see README "
	    "'Several users on one KB'", path, what, msg, who);
}

int
kb_db__fail(struct db *db, int rc, const char *what)
{
	int code = KB_ERROR;
	const char *msg = db && db->h ? sqlite3_errmsg(db->h) :
	    sqlite3_errstr(rc);

	if (is_full(db, rc)) {
		if (db)
			db->cannot_write = 1;
		return kb_error_set(KB_EFULL, "the disk is full (%s): free space",
		    db ? db->path : "database");
	}
	switch (rc & 0xFF) {
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
		code = KB_ELOCKED;
		break;
	case SQLITE_CORRUPT:
	case SQLITE_NOTADB:
		code = KB_EINVALID;
		if (db)
			db->corrupt = 1;
		break;
	case SQLITE_READONLY:
	case SQLITE_CANTOPEN:
	case SQLITE_PERM:
	case SQLITE_IOERR:
		if (db)
			db->cannot_write = 1;
		if ((rc & 0xFF) != SQLITE_IOERR)
			return fail_permission(db, what, msg);
		break;
	default:
		break;
	}
	return kb_error_set(code, "%s: %s: %s", db ? db->path : "database",
	    what, msg);
}

void
kb_db__rollback(struct db *db)
{
	/* SQLite rolls back by itself after some failures (a full disk, an
	 * I/O error): a ROLLBACK then would only replace the first error's
	 * message with "no transaction is active". */
	if (db && db->h && !sqlite3_get_autocommit(db->h))
		sqlite3_exec(db->h, "ROLLBACK", NULL, NULL, NULL);
}

int
kb_db__exec(struct db *db, const char *sql)
{
	int rc = sqlite3_exec(db->h, sql, NULL, NULL, NULL);

	return rc == SQLITE_OK ? 0 : kb_db__fail(db, rc, sql);
}

void
kb_db__cleanup(struct db *db, const char *sql)
{
	if (db && db->h)
		sqlite3_exec(db->h, sql, NULL, NULL, NULL);
}

int
kb_db__prepare(sqlite3_stmt **stmt, struct db *db, const char *sql)
{
	int rc = sqlite3_prepare_v3(db->h, sql, -1, SQLITE_PREPARE_PERSISTENT,
	    stmt, NULL);

	return rc == SQLITE_OK ? 0 :
	    kb_db__fail(db, rc, "preparing a statement");
}

int
kb_db__user_version(int *version, struct db *db)
{
	sqlite3_stmt *st;
	int rc;

	*version = 0;
	rc = sqlite3_prepare_v2(db->h, "PRAGMA user_version", -1, &st, NULL);
	if (rc != SQLITE_OK)
		return kb_db__fail(db, rc, "reading the schema version");
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*version = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	return rc == SQLITE_ROW ? 0 : kb_db__fail(db, rc,
	    "reading the schema version");
}

static const char *const mode_pragmas[] = {
	[DB_WAL] = "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL",
	[DB_ROLLBACK] = "PRAGMA journal_mode=DELETE; PRAGMA synchronous=NORMAL",
	/* One string in two pieces (clang's -Wstring-concatenation). */
	[DB_BULK] = ("PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF;"
	    "PRAGMA locking_mode=EXCLUSIVE; PRAGMA cache_size=-65536"),
};

int
kb_db__open(struct db **out, const char *path, enum db_mode mode)
{
	struct db *db = xcalloc(1, sizeof(*db));
	int rc;

	*out = NULL;
	db->path = xstrdup(path);
	rc = sqlite3_open_v2(path, &db->h, SQLITE_OPEN_READWRITE |
	    SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL);
	if (rc != SQLITE_OK) {
		rc = kb_db__fail(db, rc, "opening");
		kb_db__close(db);
		return rc;
	}
	sqlite3_busy_timeout(db->h, DB_BUSY_TIMEOUT_MS);
	sqlite3_extended_result_codes(db->h, 1);
	if ((rc = kb_db__exec(db, mode_pragmas[mode])) < 0) {
		kb_db__close(db);
		return rc;
	}
	*out = db;
	return 0;
}

void
kb_db__close(struct db *db)
{
	if (db == NULL)
		return;
	sqlite3_close_v2(db->h);
	free(db->path);
	free(db);
}

int
kb_db__attach(struct db *db, const char *path, const char *schema,
    const char *what)
{
	char *sql = xasprintf("ATTACH DATABASE ? AS %s", schema);
	sqlite3_stmt *st;
	int rc;

	rc = kb_db__prepare(&st, db, sql);
	free(sql);
	if (rc < 0)
		return rc;
	sqlite3_bind_text(st, 1, path, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 : kb_db__fail(db, rc, what);
}

int
kb_db__meta_dup(char **out, struct db *db, const char *key)
{
	sqlite3_stmt *st;
	int rc;

	*out = NULL;
	rc = sqlite3_prepare_v2(db->h, "SELECT value FROM meta WHERE key = ?",
	    -1, &st, NULL);
	if (rc != SQLITE_OK)
		return kb_db__fail(db, rc, "reading the index state");
	sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW && sqlite3_column_text(st, 0))
		*out = xstrdup((const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 :
	    kb_db__fail(db, rc, "reading the index state");
}

int
kb_db__meta_get(char *out, size_t size, struct db *db, const char *key)
{
	char *value;
	int rc;

	out[0] = '\0';
	if ((rc = kb_db__meta_dup(&value, db, key)) == 0 && value)
		snprintf(out, size, "%s", value);
	free(value);
	return rc;
}

int
kb_db__meta_set(struct db *db, const char *key, const char *value)
{
	sqlite3_stmt *st;
	int rc;

	rc = sqlite3_prepare_v2(db->h, value ?
	    "INSERT OR REPLACE INTO meta(key, value) VALUES(?, ?)" :
	    "DELETE FROM meta WHERE key = ?", -1, &st, NULL);
	if (rc != SQLITE_OK)
		return kb_db__fail(db, rc, "writing the index state");
	sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
	if (value)
		sqlite3_bind_text(st, 2, value, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 : kb_db__fail(db, rc,
	    "writing the index state");
}

void
kb_db__unlink(const char *path)
{
	char *p;

	unlink(path);
	p = xasprintf("%s-journal", path);
	unlink(p);
	free(p);
	p = xasprintf("%s-wal", path);
	unlink(p);
	free(p);
	p = xasprintf("%s-shm", path);
	unlink(p);
	free(p);
}
