/*
 * kb export (kb/export.h).  The seq of an event is its row's number:
 * usage.db's id at an office (the log is append only), offices.db's
 * rowid at the centre (rows are only added, in the order the refs are
 * read).  Neither goes back, because kb prune never drops the last row.
 */
#include "kb/export.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "buf.h"
#include "db.h"
#include "json.h"
#include "kb/error.h"
#include "kb_private.h"
#include "offices.h"
#include "usage_db.h"
#include "utf8.h"
#include "xmalloc.h"

const char *const kb_export_columns[] = { "seq", "uid", "time", "kind",
    "agent", "office", "office_slug", "station", "channel", "answer",
    "version", "query", "hits", "reason", "sure", "undoes", "closes",
    NULL };

#define NCOLUMNS 17
#define QUERY_COLUMN 11

/* At an office, an event's office slug and station are not known. */
static const char own_sql[] = "SELECT id, uid, time, kind, agent, office,"
    " NULL, NULL, channel, answer, version, query, hits, reason, sure,"
    " undoes, closes FROM event WHERE id > ? ORDER BY id";
static const char offices_sql[] = "SELECT rowid, uid, time, kind, agent,"
    " office, office_slug, station, channel, answer, version, query, hits,"
    " reason, sure, undoes, closes FROM event WHERE rowid > ?"
    " ORDER BY rowid";
static const char own_last_sql[] = "SELECT coalesce(max(id), 0) FROM event";
static const char offices_last_sql[] =
    "SELECT coalesce(max(rowid), 0) FROM event";

struct export {
	const struct kb_export_options *o;
	kb_export_line_cb cb;
	void *payload;
	struct buf line;
	struct buf text;	/* one cell, made safe */
};

/* A cell's text: valid UTF-8, no control character, one line. */
static const char *
safe_text(struct export *x, sqlite3_stmt *st, int col)
{
	const char *s = (const char *)sqlite3_column_text(st, col);

	buf_truncate(&x->text, 0);
	utf8_sanitize(&x->text, s, (size_t)sqlite3_column_bytes(st, col), 0);
	return buf_cstr(&x->text);
}

/* NULL is an empty field, "" a quoted one: as PostgreSQL's COPY reads. */
static void
csv_cell(struct export *x, sqlite3_stmt *st, int col)
{
	const char *s, *p;

	if (sqlite3_column_type(st, col) == SQLITE_NULL)
		return;
	if (sqlite3_column_type(st, col) == SQLITE_INTEGER) {
		buf_addf(&x->line, "%lld", (long long)
		    sqlite3_column_int64(st, col));
		return;
	}
	s = safe_text(x, st, col);
	buf_addc(&x->line, '"');
	for (p = s; *p; p++) {
		if (*p == '"')
			buf_addc(&x->line, '"');
		buf_addc(&x->line, *p);
	}
	buf_addc(&x->line, '"');
}

static void
json_cell(struct export *x, sqlite3_stmt *st, int col)
{
	json_add_string(&x->line, kb_export_columns[col]);
	buf_addc(&x->line, ':');
	if (sqlite3_column_type(st, col) == SQLITE_NULL)
		buf_adds(&x->line, "null");
	else if (sqlite3_column_type(st, col) == SQLITE_INTEGER)
		buf_addf(&x->line, "%lld", (long long)
		    sqlite3_column_int64(st, col));
	else
		json_add_string(&x->line, safe_text(x, st, col));
}

static int
emit(struct export *x)
{
	return x->cb(x->line.data, x->line.len, x->payload);
}

static int
write_row(struct export *x, sqlite3_stmt *st)
{
	int col, csv = x->o->format == KB_EXPORT_CSV;

	buf_truncate(&x->line, 0);
	if (!csv)
		buf_addc(&x->line, '{');
	for (col = 0; col < NCOLUMNS; col++) {
		if (col > 0)
			buf_addc(&x->line, ',');
		if (col == QUERY_COLUMN && x->o->redact_queries)
			buf_adds(&x->line, csv ? "" : "\"query\":null");
		else if (csv)
			csv_cell(x, st, col);
		else
			json_cell(x, st, col);
	}
	buf_adds(&x->line, csv ? "\n" : "}\n");
	return emit(x);
}

static int
write_header(struct export *x)
{
	int col;

	buf_truncate(&x->line, 0);
	for (col = 0; col < NCOLUMNS; col++)
		buf_addf(&x->line, "%s%s", col ? "," : "",
		    kb_export_columns[col]);
	buf_addc(&x->line, '\n');
	return emit(x);
}

/* --after beyond the last seq: the rows were numbered again. */
static int
check_after(struct db *db, const char *sql, long long after)
{
	sqlite3_stmt *st;
	long long last = 0;
	int rc;

	if (after <= 0)
		return 0;
	if ((rc = kb_db__prepare(&st, db, sql)) < 0)
		return rc;
	if ((rc = sqlite3_step(st)) == SQLITE_ROW)
		last = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW)
		return kb_db__fail(db, rc, "reading the last seq");
	if (after > last)
		return kb_error_set(KB_ECONFLICT, "%s: no event has a seq "
		    "above %lld (the last is %lld), so its events were "
		    "numbered again: load them all again (--after 0), "
		    "keeping one row per office and uid", db->path, after,
		    last);
	return 0;
}

/*
 * In one read transaction, so that the check of --after and the rows
 * are of one state of the log (a reader never holds up a writer).
 */
static int
export_rows(struct export *x, struct db *db, int offices,
    unsigned long *count)
{
	sqlite3_stmt *st;
	int rc;

	if ((rc = kb_db__exec(db, "BEGIN")) < 0)
		return rc;
	if ((rc = check_after(db, offices ? offices_last_sql : own_last_sql,
	    x->o->after)) < 0 || (x->o->format == KB_EXPORT_CSV &&
	    (rc = write_header(x)) != 0) || (rc = kb_db__prepare(&st, db,
	    offices ? offices_sql : own_sql)) < 0) {
		kb_db__rollback(db);
		return rc;
	}
	sqlite3_bind_int64(st, 1, x->o->after);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if ((rc = write_row(x, st)) != 0)
			break;
		(*count)++;
	}
	sqlite3_finalize(st);
	kb_db__rollback(db);	/* it only read */
	if (rc == SQLITE_DONE)
		return 0;
	return rc < 0 ? rc : kb_error_set(KB_ERROR, "%s: cannot read the "
	    "events (%s)", db->path, sqlite3_errstr(rc));
}

/* This KB's own log; none yet is an empty export, and makes none. */
static int
export_own(struct export *x, struct kb *kb, unsigned long *count)
{
	char *path = xasprintf("%s/usage.db", kb->state_dir);
	struct db *db;
	struct stat sb;
	int rc, exists = kb->usage != NULL || stat(path, &sb) == 0;

	free(path);
	if (!exists && x->o->after > 0)
		return kb_error_set(KB_ECONFLICT, "this KB has no usage log, "
		    "so no event has a seq above %lld: was the log replaced?",
		    x->o->after);
	if (!exists)
		return x->o->format == KB_EXPORT_CSV ? write_header(x) : 0;
	if ((rc = kb_usage_db__open(&db, kb)) < 0)
		return rc;
	return export_rows(x, db, 0, count);
}

static int
export_offices(struct export *x, struct kb *kb, unsigned long *count)
{
	struct db *db = NULL;
	char *path;
	int rc;

	if ((rc = kb_offices__import(&path, kb, x->o->on_bad_line,
	    x->o->payload)) < 0)
		return rc;
	if ((rc = kb_db__open(&db, path, DB_WAL)) == 0)
		rc = export_rows(x, db, 1, count);
	kb_db__close(db);
	free(path);
	return rc;
}

int
kb_export(unsigned long *count, struct kb *kb,
    const struct kb_export_options *o, kb_export_line_cb cb, void *payload)
{
	struct export x = { o, cb, payload, BUF_INIT, BUF_INIT };
	int rc;

	*count = 0;
	if (o->after < 0)
		return kb_error_set(KB_EINVALID, "--after %lld: a seq is 0 or "
		    "more", o->after);
	rc = o->all_offices ? export_offices(&x, kb, count) :
	    export_own(&x, kb, count);
	buf_free(&x.line);
	buf_free(&x.text);
	return rc;
}
