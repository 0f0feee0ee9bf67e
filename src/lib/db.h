/*
 * SQLite connections: opening with kb's settings, errors, transactions.
 *
 * Modules prepare their own statements on db->h; this file owns how a
 * connection is opened and how SQLite errors become KB_E* codes, and
 * the index's meta table, which the index and its config cache share.
 */
#ifndef KB_DB_H
#define KB_DB_H

#include <stddef.h>

#include <sqlite3.h>

#define DB_BUSY_TIMEOUT_MS 5000

struct db {
	sqlite3 *h;
	char *path;
	/* set by kb_db__fail() when SQLite found damage */
	int corrupt;
	/* set by kb_db__fail(): disk full, permissions */
	int cannot_write;
};

enum db_mode {
	DB_WAL,		/* readers never wait for a writer: primary data */
	DB_ROLLBACK,	/* a rollback journal: a file that may be replaced */
	DB_BULK		/* no journal, no syncing: a file being built */
};

/* Open (creating) a database with a busy timeout. */
int kb_db__open(struct db **out, const char *path, enum db_mode mode);
void kb_db__close(struct db *db);

/* Record SQLite's message for `rc` and return the matching KB_E* code. */
int kb_db__fail(struct db *db, int rc, const char *what);

/*
 * End the open transaction, if SQLite has not ended it already, keeping
 * the message of the error that led here.
 */
void kb_db__rollback(struct db *db);

/* 1 when `rc` says the file is not a usable database. */
int kb_db__is_corrupt(int rc);

int kb_db__exec(struct db *db, const char *sql);
/*
 * Cleanup after a failure (ROLLBACK, DETACH, DROP): run `sql` and leave
 * kb_error_last() as it was, so that the first error is the one told.
 */
void kb_db__cleanup(struct db *db, const char *sql);
int kb_db__prepare(sqlite3_stmt **stmt, struct db *db, const char *sql);

/*
 * Attach the database file at `path` to `db` as `schema` (a name the
 * caller writes, never one it was given); `what` names it in an error.
 */
int kb_db__attach(struct db *db, const char *path, const char *schema,
    const char *what);

/* PRAGMA user_version. */
int kb_db__user_version(int *version, struct db *db);

/*
 * The index's meta table (schema.c): the value of `key` into `out`, cut
 * to `size` bytes; "" when it has none.
 */
int kb_db__meta_get(char *out, size_t size, struct db *db, const char *key);

/* The same, whole: *out (caller frees) is NULL when it has none. */
int kb_db__meta_dup(char **out, struct db *db, const char *key);

/* Set `key` to `value`, or remove it when `value` is NULL. */
int kb_db__meta_set(struct db *db, const char *key, const char *value);

/* Remove a database file and its WAL and shared-memory files. */
void kb_db__unlink(const char *path);

#endif
