/*
 * When each fix came (flags_state.h, temp.flag_fix): the branch's
 * first-parent history, newest first, so that an approved proposal
 * counts from when it was merged.  Each commit is compared with its
 * first parent as kb_store__diff() compares trees (unchanged folders are
 * skipped unread), until the commit that last took each answer away
 * from each version its closed flags were made on is found, or the
 * history ends: the cost is the history's changes, once per report.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "flags_state.h"
#include "kb/error.h"
#include "kb_private.h"
#include "store.h"
#include "strmap.h"
#include "valid.h"
#include "xmalloc.h"

/* Wanted: the (answer, version) pairs of flags the branch has left. */
static const char wanted_sql[] =
    "SELECT DISTINCT f.answer, f.version FROM temp.flag_event f"
    " LEFT JOIN temp.flag_now n ON n.answer = f.answer"
    " WHERE f.kind = 'flag' AND f.answer IS NOT NULL"
    " AND f.version IS NOT NULL AND n.version IS NOT f.version";

struct change {
	char id[KB_ID_MAX + 1];
	char old[KB_OID_HEX + 1];	/* "" when the file was added */
	char new[KB_OID_HEX + 1];	/* "" when it was removed */
};

struct fixes {
	struct strmap want;	/* "<id> <version>" -> 1 until found */
	struct strmap ids;	/* the ids in `want` */
	size_t left;		/* pairs not found yet */
	struct change *changes;	/* of the commit being looked at */
	size_t n, cap;
	struct db *db;
	sqlite3_stmt *put;
};

static int
load_wanted(struct fixes *f)
{
	sqlite3_stmt *st;
	char key[KB_ID_MAX + KB_OID_HEX + 2];
	int rc;

	if ((rc = kb_db__prepare(&st, f->db, wanted_sql)) < 0)
		return rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *id = (const char *)sqlite3_column_text(st, 0);
		const char *v = (const char *)sqlite3_column_text(st, 1);
		int64_t *w;

		if (strlen(id) > KB_ID_MAX || strlen(v) > KB_OID_HEX)
			continue;	/* no file has such a name or blob */
		snprintf(key, sizeof(key), "%s %s", id, v);
		if (*(w = strmap_get(&f->want, key, strlen(key))) == 0) {
			*w = 1;
			f->left++;
		}
		*strmap_get(&f->ids, id, strlen(id)) = 1;
	}
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 :
	    kb_db__fail(f->db, rc, "reading the flags");
}

static int
note_change(const char *path, const char *old_oid, const char *new_oid,
    void *payload)
{
	struct fixes *f = payload;
	char id[KB_ID_MAX + 1];
	struct change *c;

	if (!kb_valid__path_id(id, path) ||
	    strmap_find(&f->ids, id, strlen(id)) == NULL)
		return 0;
	xgrow(&f->changes, &f->cap, f->n + 1, sizeof(*f->changes));
	c = &f->changes[f->n++];
	memcpy(c->id, id, sizeof(id));
	snprintf(c->old, sizeof(c->old), "%s", old_oid ? old_oid : "");
	snprintf(c->new, sizeof(c->new), "%s", new_oid ? new_oid : "");
	return 0;
}

/* A file moved in the commit: the same id and blob added elsewhere. */
static int
moved(const struct fixes *f, const struct change *c)
{
	size_t i;

	for (i = 0; i < f->n; i++)
		if (strcmp(f->changes[i].id, c->id) == 0 &&
		    strcmp(f->changes[i].new, c->old) == 0)
			return 1;
	return 0;
}

static int
record(struct fixes *f, const struct change *c, const char *commit,
    long long when)
{
	int rc;

	sqlite3_bind_text(f->put, 1, c->id, -1, SQLITE_STATIC);
	sqlite3_bind_text(f->put, 2, c->old, -1, SQLITE_STATIC);
	sqlite3_bind_text(f->put, 3, commit, -1, SQLITE_STATIC);
	sqlite3_bind_int64(f->put, 4, when);
	rc = sqlite3_step(f->put);
	sqlite3_reset(f->put);
	return rc == SQLITE_DONE ? 0 : kb_db__fail(f->db, rc, "noting a fix");
}

/* The versions the commit took answers away from, that flags wanted. */
static int
settle(struct fixes *f, const char *commit, long long when)
{
	char key[KB_ID_MAX + KB_OID_HEX + 2];
	size_t i;
	int rc;

	for (i = 0; i < f->n; i++) {
		const struct change *c = &f->changes[i];
		int64_t *w;

		if (*c->old == '\0' || moved(f, c))
			continue;
		snprintf(key, sizeof(key), "%s %s", c->id, c->old);
		if ((w = strmap_find(&f->want, key, strlen(key))) == NULL ||
		    *w == 0)
			continue;
		if ((rc = record(f, c, commit, when)) < 0)
			return rc;
		*w = 0;
		f->left--;
	}
	return 0;
}

static int
walk(struct kb *kb, struct fixes *f, const char *head)
{
	struct kb_store_commit c, parent;
	int rc, have_parent;

	if ((rc = kb_store__commit_read(&c, kb->store, head)) < 0)
		return rc;
	while (f->left > 0) {
		have_parent = c.parent[0] &&
		    kb_store__commit_read(&parent, kb->store, c.parent) == 0;
		f->n = 0;
		/* A commit without parent added everything it has. */
		rc = kb_store__diff(kb->store, have_parent ? parent.tree : NULL,
		    c.tree, note_change, f);
		if (rc == 0)
			rc = settle(f, c.id, c.committed);
		kb_store__commit_clear(&c);
		if (rc < 0 || !have_parent) {
			if (have_parent)
				kb_store__commit_clear(&parent);
			if (rc == 0)
				kb_error_clear();  /* a shallow history ends */
			return rc;
		}
		c = parent;
	}
	kb_store__commit_clear(&c);
	return 0;
}

int
kb_flags_state__fill_fixes(struct kb *kb, struct db *db)
{
	char head[KB_OID_HEX + 1];
	struct fixes f;
	int rc;

	memset(&f, 0, sizeof(f));
	f.db = db;
	if ((rc = load_wanted(&f)) < 0 || f.left == 0)
		goto done;
	if ((rc = kb_head(head, kb)) == KB_ENOTFOUND) {
		kb_error_clear();	/* no history: no fix to find */
		rc = 0;
		goto done;
	}
	if (rc < 0 || (rc = kb__store(kb)) < 0 ||
	    (rc = kb_db__prepare(&f.put, db,
	    "INSERT OR IGNORE INTO temp.flag_fix"
	    "(answer, version, commit_id, time) VALUES (?1, ?2, ?3,"
	    " strftime('%Y-%m-%dT%H:%M:%SZ', ?4, 'unixepoch'))")) < 0)
		goto done;
	rc = walk(kb, &f, head);
done:
	sqlite3_finalize(f.put);
	strmap_clear(&f.want);
	strmap_clear(&f.ids);
	free(f.changes);
	return rc;
}
