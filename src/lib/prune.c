/*
 * kb prune (kb/prune.h).  What an office may drop: events the centre
 * has.  kbsync's usage commits name the last event they hold
 * (Kb-Usage-Last: <id> <uid>, usage_ref.h), and the copies it keeps of
 * the centre's refs (refs/kb/central/...) say which of them the centre
 * has; events up to the highest such mark are at the centre.  The
 * event a mark names stays (kbsync checks the log still holds it), and
 * so does the last row of a log, so that SQLite never numbers a new row
 * below one a warehouse has loaded (kb/export.h).  The usage refs'
 * history before the day goes too, where the centre has all of it
 * (kb_usage_ref__prune; kbsync sends the new history in its place).
 */
#include "kb/prune.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "db.h"
#include "kb/answer.h"
#include "kb/error.h"
#include "kb_private.h"
#include "offices.h"
#include "store.h"
#include "strlist.h"
#include "usage_db.h"
#include "usage_ref.h"
#include "xmalloc.h"

struct mark {
	struct kb *kb;
	struct db *db;
	long long id;		/* the highest the centre has, or 0 */
};

/* The Kb-Usage-Last mark of a usage commit: 0 when it has none. */
static long long
commit_mark(struct kb *kb, const char *commit, char uid[64])
{
	struct kb_store_commit c;
	const char *t;
	long long id = 0;

	uid[0] = '\0';
	if (kb_store__commit_read(&c, kb->store, commit) < 0)
		return 0;
	for (t = c.message; t && *t; t = strchr(t, '\n'), t = t ? t + 1 : t)
		if (strncmp(t, "Kb-Usage-Last: ", 15) == 0 &&
		    sscanf(t + 15, "%lld %63s", &id, uid) == 2)
			break;
	kb_store__commit_clear(&c);
	return uid[0] ? id : 0;
}

/* 1 when this log holds event `id` as `uid`: the mark is this log's. */
static int
log_holds(struct db *db, long long id, const char *uid)
{
	sqlite3_stmt *st;
	int same = 0;

	if (kb_db__prepare(&st, db, "SELECT uid FROM event WHERE id = ?") < 0)
		return 0;
	sqlite3_bind_int64(st, 1, id);
	if (sqlite3_step(st) == SQLITE_ROW)
		same = strcmp((const char *)sqlite3_column_text(st, 0),
		    uid) == 0;
	sqlite3_finalize(st);
	return same;
}

/* A copy of the centre's ref: its mark counts when this KB's own ref
 * contains it (this KB sent it) and the log holds the event named. */
static int
central_cb(const char *name, const char *tip, void *payload)
{
	struct mark *m = payload;
	char own[512], own_tip[KB_OID_HEX + 1], uid[64];
	long long id;

	snprintf(own, sizeof(own), "refs/kb/%s",
	    name + strlen(USAGE_REF_CENTRAL));
	if (kb_store__ref(own_tip, m->kb->store, own) == 0 &&
	    kb_store__contains(m->kb->store, own_tip, tip) == 1 &&
	    (id = commit_mark(m->kb, tip, uid)) > m->id &&
	    log_holds(m->db, id, uid))
		m->id = id;
	kb_error_clear();
	return 0;
}

static int
centre_mark(struct kb *kb, struct db *db, long long *id)
{
	struct mark m = { kb, db, 0 };
	int rc;

	if ((rc = kb__store(kb)) < 0)
		return rc;
	rc = kb_store__refs(kb->store, USAGE_REF_CENTRAL "usage/*",
	    central_cb, &m);
	if (rc == 0)
		rc = kb_store__refs(kb->store, USAGE_REF_CENTRAL
		    "station-usage/*", central_cb, &m);
	*id = m.id;
	return rc;
}

/* 1 when kbsync has a centre to send to (kbsync(1): kb.remote). */
static int
has_centre(struct kb *kb)
{
	char *name = NULL, *key, *url = NULL;
	int yes;

	if (kb_config_string(&name, kb, "kb.remote") < 0 || !*name) {
		free(name);
		name = xstrdup("origin");
	}
	key = xasprintf("remote.%s.url", name);
	yes = kb_config_string(&url, kb, key) == 0 && *url;
	kb_error_clear();
	free(url);
	free(key);
	free(name);
	return yes;
}

/* One number from `sql`, with ?1 the date and ?2 a row when it has them. */
static long long
single_number(struct db *db, const char *sql, const char *before,
    long long row)
{
	sqlite3_stmt *st;
	long long n = 0;

	if (kb_db__prepare(&st, db, sql) < 0)
		return -1;
	if (sqlite3_bind_parameter_count(st) >= 1)
		sqlite3_bind_text(st, 1, before, -1, SQLITE_STATIC);
	if (sqlite3_bind_parameter_count(st) >= 2)
		sqlite3_bind_int64(st, 2, row);
	if (sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return n;
}

/*
 * DELETE `sql` (?1 the date, ?2 the first row kept) in a write
 * transaction, its pages overwritten, then the WAL emptied into the
 * file, so that the dropped text is on disk nowhere.  `then` (may be
 * NULL) runs in the same transaction, after the DELETE.
 */
static int
drop_rows(struct db *db, const char *sql, const char *before,
    long long keep_from, unsigned long *dropped,
    int (*then)(struct db *, const char *))
{
	sqlite3_stmt *st;
	int rc;

	if ((rc = kb_db__exec(db, "PRAGMA secure_delete=ON")) < 0 ||
	    (rc = kb_db__exec(db, "BEGIN IMMEDIATE")) < 0)
		return rc;
	if ((rc = kb_db__prepare(&st, db, sql)) < 0) {
		kb_db__rollback(db);
		return rc;
	}
	sqlite3_bind_text(st, 1, before, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, keep_from);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		rc = kb_db__fail(db, rc, "dropping old events");
		kb_db__rollback(db);
		return rc;
	}
	*dropped = (unsigned long)sqlite3_changes(db->h);
	if (then && (rc = then(db, before)) < 0) {
		kb_db__rollback(db);
		return rc;
	}
	if ((rc = kb_db__exec(db, "COMMIT")) < 0)
		return rc;
	/* Readers may hold the WAL: then the next checkpoint does it. */
	sqlite3_wal_checkpoint_v2(db->h, NULL, SQLITE_CHECKPOINT_TRUNCATE,
	    NULL, NULL);
	return 0;
}

static int
prune_own(struct kb *kb, const char *before, struct kb_prune_result *r)
{
	char *path = xasprintf("%s/usage.db", kb->state_dir);
	long long keep_from, sent, waiting;
	struct stat sb;
	struct db *db;
	int rc, exists = kb->usage != NULL || stat(path, &sb) == 0;

	free(path);
	if (!exists)
		return 0;	/* no log: nothing to drop, and none made */
	if ((rc = kb_usage_db__open(&db, kb)) < 0)
		return rc;
	keep_from = single_number(db, "SELECT coalesce(max(id), 0) FROM event",
	    NULL, 0);
	if (keep_from < 0)
		return KB_ERROR;
	if (has_centre(kb)) {
		if ((rc = centre_mark(kb, db, &sent)) < 0)
			return rc;
		keep_from = sent < keep_from ? sent : keep_from;
		if ((waiting = single_number(db, "SELECT count(*) FROM event"
		    " WHERE time < ?1 AND id > ?2", before, sent)) < 0)
			return KB_ERROR;
		r->waiting = (unsigned long)waiting;
	}
	return drop_rows(db, "DELETE FROM event WHERE time < ?1 AND id < ?2",
	    before, keep_from, &r->dropped, NULL);
}

/*
 * A station's usage ref this KB wrote: when the centre has its tip (its
 * copy, as kbsync last saw it, is that tip), the history before the day
 * is replaced (kb_usage_ref__prune), and the next kbsync sends the new one
 * in place of it.  One the centre has not all of yet is left, so that no
 * event is lost on the way.  The refs and their tips are gathered
 * first, so that none moves while they are listed.
 */
static int
station_ref_cb(const char *name, const char *tip, void *payload)
{
	struct strlist *refs = payload;

	strlist_push(refs, xstrdup(name));
	strlist_push(refs, xstrdup(tip));
	return 0;
}

static int
prune_ref(struct kb *kb, const char *name, const char *tip,
    const char *before, struct kb_prune_result *r)
{
	char central[512], theirs[KB_OID_HEX + 1], at[KB_OID_HEX + 1];
	int rc;

	snprintf(central, sizeof(central), "%s%s", USAGE_REF_CENTRAL,
	    name + strlen("refs/kb/"));
	if (kb_store__ref(theirs, kb->store, central) < 0 ||
	    strcmp(theirs, tip) != 0) {
		kb_error_clear();
		r->refs_unsent++;
		return 0;
	}
	snprintf(at, sizeof(at), "%s", tip);
	if ((rc = kb_usage_ref__prune(kb, name, before, at)) < 0)
		return rc;
	r->refs_pruned += (unsigned long)rc;
	return 0;
}

static int
prune_history(struct kb *kb, const char *before, struct kb_prune_result *r)
{
	struct strlist refs = STRLIST_INIT;
	size_t i;
	int rc;

	if (!has_centre(kb))
		return 0;
	if ((rc = kb__store(kb)) < 0)
		return rc;
	rc = kb_store__refs(kb->store, USAGE_REF_STATIONS "*", station_ref_cb,
	    &refs);
	for (i = 0; rc == 0 && i + 1 < refs.n; i += 2)
		rc = prune_ref(kb, refs.v[i], refs.v[i + 1], before, r);
	strlist_free(&refs);
	return rc;
}

/* The centre's copy of the offices' events (derived from their refs). */
static int
prune_offices(struct kb *kb, const char *before, kb_diag_cb cb,
    void *payload, struct kb_prune_result *r)
{
	struct db *db = NULL;
	long long last;
	char *path;
	int rc;

	if ((rc = kb_offices__import(&path, kb, cb, payload)) < 0)
		return rc;
	if ((rc = kb_db__open(&db, path, DB_WAL)) == 0 &&
	    (last = single_number(db, "SELECT coalesce(max(rowid), 0)"
	    " FROM event", NULL, 0)) < 0)
		rc = KB_ERROR;
	else if (rc == 0)
		rc = drop_rows(db, "DELETE FROM event WHERE time < ?1"
		    " AND rowid < ?2", before, last, &r->office_dropped,
		    kb_offices__recount);
	kb_db__close(db);
	free(path);
	return rc;
}

int
kb_prune(struct kb_prune_result *out, struct kb *kb, const char *before,
    int all_offices, kb_diag_cb cb, void *payload)
{
	int rc;

	memset(out, 0, sizeof(*out));
	if (before == NULL || !kb_date_valid(before))
		return kb_error_set(KB_EINVALID, "--before '%s': not a date "
		    "(YYYY-MM-DD)", before ? before : "");
	if ((rc = prune_own(kb, before, out)) < 0 ||
	    (rc = prune_history(kb, before, out)) < 0)
		return rc;
	return all_offices ? prune_offices(kb, before, cb, payload, out) : 0;
}
