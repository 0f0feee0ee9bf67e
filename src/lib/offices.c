/*
 * Reading the offices' usage refs (offices.h).  A ref normally only
 * grows: each day file gains lines at its end, so only the new end is
 * read.  Anything else (a rewritten ref) is read whole; the uid keeps
 * every event counted once.
 */
#include "offices.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "json.h"
#include "kb/error.h"
#include "kb_private.h"
#include "store.h"
#include "usage_ref.h"
#include "xmalloc.h"

static const char schema[] =
    "CREATE TABLE IF NOT EXISTS event("
    "  uid TEXT PRIMARY KEY, time TEXT NOT NULL, kind TEXT NOT NULL,"
    "  agent TEXT NOT NULL, office TEXT, channel TEXT, answer TEXT,"
    "  version TEXT, query TEXT, hits INTEGER, reason TEXT,"
    "  ref TEXT NOT NULL);"
    "CREATE TABLE IF NOT EXISTS source("
    "  ref TEXT PRIMARY KEY, tip TEXT NOT NULL);";

struct import {
	struct kb *kb;
	struct db *db;
	sqlite3_stmt *insert;
	const char *ref;
	kb_diag_cb cb;
	void *payload;
};

static void
diag(struct import *im, const char *file, unsigned line, const char *what)
{
	char path[512], msg[256];
	struct kb_diag d;

	if (im->cb == NULL)
		return;
	snprintf(path, sizeof(path), "%s:%s", im->ref, file);
	snprintf(msg, sizeof(msg), "%s; line skipped", what);
	d.path = path;
	d.line = line;
	d.severity = KB_SEVERITY_WARNING;
	d.message = msg;
	im->cb(&d, im->payload);
}

static const char *const kinds[] = { "use", "search", "flag",
    "unsatisfied", NULL };

static int
known_kind(const char *k)
{
	size_t i;

	for (i = 0; k && kinds[i]; i++)
		if (strcmp(k, kinds[i]) == 0)
			return 1;
	return 0;
}

/* One JSON line into the table; a bad one is reported and skipped. */
static int
import_line(struct import *im, const char *file, unsigned lineno,
    const char *line, size_t len)
{
	struct json_field f[USAGE_REF_NFIELDS];
	sqlite3_stmt *st = im->insert;
	size_t i, where;
	int rc = 0;

	for (i = 0; i < USAGE_REF_NFIELDS; i++) {
		memset(&f[i], 0, sizeof(f[i]));
		f[i].name = usage_ref__fields[i];
	}
	if (json_parse_object(line, len, f, USAGE_REF_NFIELDS, &where) < 0)
		diag(im, file, lineno, "not a JSON object");
	else if (f[0].kind != JSON_STRING || f[1].kind != JSON_STRING ||
	    !known_kind(f[2].text) || f[3].kind != JSON_STRING)
		diag(im, file, lineno, "not an event (uid, time, kind and "
		    "agent are required)");
	else {
		sqlite3_reset(st);
		for (i = 0; i < USAGE_REF_NFIELDS; i++) {
			int col = (int)i + 1;

			if (f[i].kind == JSON_STRING)
				sqlite3_bind_text(st, col, f[i].text, -1,
				    SQLITE_TRANSIENT);
			else if (f[i].kind == JSON_NUMBER)
				sqlite3_bind_int64(st, col, f[i].number);
			else
				sqlite3_bind_null(st, col);
		}
		sqlite3_bind_text(st, USAGE_REF_NFIELDS + 1, im->ref, -1,
		    SQLITE_STATIC);
		if ((rc = sqlite3_step(st)) != SQLITE_DONE)
			rc = db_fail(im->db, rc, "storing an office's event");
		else
			rc = 0;
	}
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
	if ((rc = kb_store__read_blob(im->kb->store, new_oid, &new,
	    &new_len)) < 0)
		return rc;
	if (old_oid && kb_store__read_blob(im->kb->store, old_oid, &old,
	    &old_len) == 0 && old_len <= new_len &&
	    memcmp(old, new, old_len) == 0 &&
	    (old_len == 0 || old[old_len - 1] == '\n'))
		rc = import_text(im, path, new + old_len, new_len - old_len,
		    count_lines(old, old_len) + 1);
	else
		rc = import_text(im, path, new, new_len, 1);
	kb_error_clear();
	free(old);
	free(new);
	return rc;
}

static int
read_source(struct import *im, char tip[KB_OID_HEX + 1])
{
	sqlite3_stmt *st;
	int rc;

	tip[0] = '\0';
	if ((rc = db_prepare(im->db, &st,
	    "SELECT tip FROM source WHERE ref = ?")) < 0)
		return rc;
	sqlite3_bind_text(st, 1, im->ref, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW)
		snprintf(tip, KB_OID_HEX + 1, "%s",
		    (const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	return 0;
}

static int
write_source(struct import *im, const char *tip)
{
	sqlite3_stmt *st;
	int rc;

	if ((rc = db_prepare(im->db, &st, "INSERT OR REPLACE INTO source"
	    "(ref, tip) VALUES (?, ?)")) < 0)
		return rc;
	sqlite3_bind_text(st, 1, im->ref, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, tip, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 : db_fail(im->db, rc, "offices.db");
}

static int
ref_cb(const char *name, const char *tip, void *payload)
{
	struct import *im = payload;
	char seen[KB_OID_HEX + 1];
	int rc;

	im->ref = name;
	if ((rc = read_source(im, seen)) < 0 || strcmp(seen, tip) == 0)
		return rc;
	/* The part read before, if it is still in this ref's history. */
	if (*seen && kb_store__contains(im->kb->store, tip, seen) != 1)
		seen[0] = '\0';
	kb_error_clear();
	if ((rc = kb_store__diff_files(im->kb->store, seen, tip,
	    file_changed, im)) < 0)
		return rc;
	return write_source(im, tip);
}

int
offices__import(struct kb *kb, kb_diag_cb cb, void *payload, char **path)
{
	struct import im;
	int rc;

	memset(&im, 0, sizeof(im));
	im.kb = kb;
	im.cb = cb;
	im.payload = payload;
	*path = xasprintf("%s/offices.db", kb->state_dir);
	if ((rc = kb__store(kb)) < 0 ||
	    (rc = db_open(&im.db, *path, DB_WAL)) < 0)
		goto done;
	if ((rc = db_exec(im.db, schema)) < 0 ||
	    (rc = db_exec(im.db, "BEGIN IMMEDIATE")) < 0)
		goto done;
	rc = db_prepare(im.db, &im.insert, "INSERT OR IGNORE INTO event("
	    "uid, time, kind, agent, office, channel, answer, version, query,"
	    " hits, reason, ref) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
	if (rc == 0)
		rc = kb_store__refs(kb->store, "refs/kb/usage/*", ref_cb, &im);
	sqlite3_finalize(im.insert);
	db_exec(im.db, rc == 0 ? "COMMIT" : "ROLLBACK");
done:
	db_close(im.db);
	if (rc < 0) {
		free(*path);
		*path = NULL;
	}
	return rc;
}
