/*
 * The search index: building it from the branch and keeping it current.
 *
 * The index records the commit and tree it was built from.  An update
 * compares that tree with the branch's (store.c skips unchanged folders)
 * and re-indexes only the answers that changed.  A missing, old or corrupt
 * index file is deleted and built again: it is derived data.
 */
#include "kb/index.h"

#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "buf.h"
#include "db.h"
#include "fts.h"
#include "kb/render.h"
#include "kb_private.h"
#include "schema.h"
#include "store.h"
#include "strlist.h"
#include "vocab.h"
#include "xmalloc.h"

/* One file that differs between the indexed tree and the branch's. */
struct change {
	char *path;
	char old_oid[KB_OID_HEX + 1];	/* "" when added */
	char new_oid[KB_OID_HEX + 1];	/* "" when deleted */
};

struct update {
	struct kb *kb;
	struct db *db;
	struct kb_index_stats *stats;
	kb_diag_cb cb;
	void *payload;
	struct vocab_delta *vocab;

	struct change *changes;
	size_t nchanges, cap;

	sqlite3_stmt *insert_answer, *insert_fts, *insert_title;
	sqlite3_stmt *find_path, *delete_answer, *delete_fts, *delete_title;
	sqlite3_stmt *find_id;
};

static const char *const index_file = "index.db";

static int
ensure_dir(const char *dir)
{
	if (mkdir(dir, 0777) < 0 && errno != EEXIST)
		return kb_error_set(KB_ERROR, "%s: %s", dir, strerror(errno));
	return 0;
}

/* Create the schema unless another process already did. */
static int
index_prepare_schema(struct db *db, int *usable)
{
	int version, rc;

	*usable = 0;
	if ((rc = db_user_version(db, &version)) < 0)
		return rc;
	if (version == INDEX_SCHEMA_VERSION) {
		*usable = 1;
		return 0;
	}
	if (version != 0)
		return 0;	/* another schema: the caller starts over */
	if ((rc = schema_index_create(db)) < 0) {
		/* Lost a race with another process creating it: look again. */
		if (db_user_version(db, &version) == 0 &&
		    version == INDEX_SCHEMA_VERSION)
			rc = 0;
		else
			return rc;
	}
	*usable = 1;
	return 0;
}

static int
index_open_file(struct kb *kb, const char *path, int *usable)
{
	struct db *db;
	int rc;

	*usable = 0;
	if ((rc = db_open(&db, path)) < 0)
		return rc;
	if ((rc = index_prepare_schema(db, usable)) < 0 || !*usable) {
		db_close(db);
		return rc;
	}
	if ((rc = fts_register_rank(db->h)) < 0 ||
	    (rc = fts_tokenizer_open(&kb->tokenizer, db->h)) < 0) {
		db_close(db);
		return rc;
	}
	kb->index = db;
	return 0;
}

static void
index_close(struct kb *kb)
{
	kb_search__reset(kb);
	fts_tokenizer_close(kb->tokenizer);
	kb->tokenizer = NULL;
	db_close(kb->index);
	kb->index = NULL;
}

int
kb_index__open(struct kb *kb)
{
	char *path;
	int rc, usable;

	if (kb->index)
		return 0;
	if ((rc = ensure_dir(kb->state_dir)) < 0)
		return rc;
	path = xasprintf("%s/%s", kb->state_dir, index_file);
	rc = index_open_file(kb, path, &usable);
	if (rc < 0 || !usable) {
		/* Unreadable, corrupt or of another version: start over. */
		db_unlink(path);
		rc = index_open_file(kb, path, &usable);
		if (rc == 0 && !usable)
			rc = kb_error_set(KB_ERROR, "%s: cannot create the index",
			    path);
	}
	free(path);
	return rc;
}

static int
meta_get(struct db *db, const char *key, char *out, size_t size)
{
	sqlite3_stmt *st;
	int rc;

	out[0] = '\0';
	rc = sqlite3_prepare_v2(db->h, "SELECT value FROM meta WHERE key = ?",
	    -1, &st, NULL);
	if (rc != SQLITE_OK)
		return db_fail(db, rc, "reading the index state");
	sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW && sqlite3_column_text(st, 0))
		snprintf(out, size, "%s", sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 :
	    db_fail(db, rc, "reading the index state");
}

static int
meta_set(struct db *db, const char *key, const char *value)
{
	sqlite3_stmt *st;
	int rc;

	rc = sqlite3_prepare_v2(db->h, value ?
	    "INSERT OR REPLACE INTO meta(key, value) VALUES(?, ?)" :
	    "DELETE FROM meta WHERE key = ?", -1, &st, NULL);
	if (rc != SQLITE_OK)
		return db_fail(db, rc, "writing the index state");
	sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
	if (value)
		sqlite3_bind_text(st, 2, value, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 : db_fail(db, rc,
	    "writing the index state");
}

static int
collect_change(const char *path, const char *old_oid, const char *new_oid,
    void *payload)
{
	struct update *u = payload;
	struct change *c;

	xgrow(&u->changes, &u->cap, u->nchanges + 1, sizeof(*u->changes));
	c = &u->changes[u->nchanges++];
	c->path = xstrdup(path);
	snprintf(c->old_oid, sizeof(c->old_oid), "%s", old_oid ? old_oid : "");
	snprintf(c->new_oid, sizeof(c->new_oid), "%s", new_oid ? new_oid : "");
	return 0;
}

static int
prepare_statements(struct update *u)
{
	static const struct {
		size_t offset;
		const char *sql;
	} stmts[] = {
		{ offsetof(struct update, insert_answer),
		  "INSERT INTO answer(id, path, version, title, tags, lang,"
		  " audience, review_by, standard, related, body)"
		  " VALUES(?,?,?,?,?,?,?,?,?,?,?)" },
		{ offsetof(struct update, insert_fts),
		  "INSERT INTO answer_fts(rowid, title, tags, body)"
		  " VALUES(?,?,?,?)" },
		{ offsetof(struct update, insert_title),
		  "INSERT INTO title_fts(rowid, title, tags) VALUES(?,?,?)" },
		{ offsetof(struct update, find_path),
		  "SELECT rowid, title, tags, body FROM answer WHERE path = ?" },
		{ offsetof(struct update, find_id),
		  "SELECT path FROM answer WHERE id = ?" },
		{ offsetof(struct update, delete_answer),
		  "DELETE FROM answer WHERE rowid = ?" },
		{ offsetof(struct update, delete_fts),
		  "INSERT INTO answer_fts(answer_fts, rowid, title, tags, body)"
		  " VALUES('delete', ?, ?, ?, ?)" },
		{ offsetof(struct update, delete_title),
		  "INSERT INTO title_fts(title_fts, rowid, title, tags)"
		  " VALUES('delete', ?, ?, ?)" },
	};
	size_t i;
	int rc;

	for (i = 0; i < sizeof(stmts) / sizeof(stmts[0]); i++) {
		sqlite3_stmt **st = (sqlite3_stmt **)((char *)u +
		    stmts[i].offset);

		if ((rc = db_prepare(u->db, st, stmts[i].sql)) < 0)
			return rc;
	}
	return 0;
}

static void
finalize_statements(struct update *u)
{
	sqlite3_finalize(u->insert_answer);
	sqlite3_finalize(u->insert_fts);
	sqlite3_finalize(u->insert_title);
	sqlite3_finalize(u->find_path);
	sqlite3_finalize(u->find_id);
	sqlite3_finalize(u->delete_answer);
	sqlite3_finalize(u->delete_fts);
	sqlite3_finalize(u->delete_title);
}

/* Run a statement that returns no rows, then reset it. */
static int
step_done(struct update *u, sqlite3_stmt *st, const char *what)
{
	int rc = sqlite3_step(st);

	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	return rc == SQLITE_DONE ? 0 : db_fail(u->db, rc, what);
}

static int
remove_path(struct update *u, const char *path, int *removed)
{
	sqlite3_stmt *f = u->find_path;
	sqlite3_int64 rowid;
	int rc;

	*removed = 0;
	sqlite3_bind_text(f, 1, path, -1, SQLITE_STATIC);
	rc = sqlite3_step(f);
	if (rc != SQLITE_ROW) {
		sqlite3_reset(f);
		/* A path never indexed (it was skipped) is not an error. */
		return rc == SQLITE_DONE ? 0 : db_fail(u->db, rc, path);
	}
	rowid = sqlite3_column_int64(f, 0);
	vocab_delta_answer(u->vocab, u->kb->tokenizer,
	    (const char *)sqlite3_column_text(f, 1),
	    (const char *)sqlite3_column_text(f, 2), -1);
	sqlite3_bind_int64(u->delete_fts, 1, rowid);
	sqlite3_bind_value(u->delete_fts, 2, sqlite3_column_value(f, 1));
	sqlite3_bind_value(u->delete_fts, 3, sqlite3_column_value(f, 2));
	sqlite3_bind_value(u->delete_fts, 4, sqlite3_column_value(f, 3));
	sqlite3_bind_int64(u->delete_title, 1, rowid);
	sqlite3_bind_value(u->delete_title, 2, sqlite3_column_value(f, 1));
	sqlite3_bind_value(u->delete_title, 3, sqlite3_column_value(f, 2));
	if ((rc = step_done(u, u->delete_fts, "removing from the index")) < 0 ||
	    (rc = step_done(u, u->delete_title, "removing from the index")) <
	    0) {
		sqlite3_reset(f);
		return rc;
	}
	sqlite3_reset(f);
	sqlite3_bind_int64(u->delete_answer, 1, rowid);
	if ((rc = step_done(u, u->delete_answer, "removing an answer")) < 0)
		return rc;
	*removed = 1;
	return 0;
}

/* Problems in an answer being indexed become warnings: it is skipped. */
static void
on_answer_diag(const struct kb_diag *diag, void *payload)
{
	struct update *u = payload;
	struct kb_diag d = *diag;
	char message[600];

	if (diag->severity != KB_SEVERITY_ERROR || u->cb == NULL)
		return;
	snprintf(message, sizeof(message), "%s (answer not indexed)",
	    diag->message);
	d.severity = KB_SEVERITY_WARNING;
	d.message = message;
	u->cb(&d, u->payload);
}

static void
warn(struct update *u, const char *path, const char *message)
{
	struct kb_diag d = { path, 0, KB_SEVERITY_WARNING, message };

	if (u->cb)
		u->cb(&d, u->payload);
}

static char *
join_list(char **items, size_t n)
{
	struct buf b = BUF_INIT;
	size_t i;

	for (i = 0; i < n; i++) {
		if (i)
			buf_adds(&b, ", ");
		buf_adds(&b, items[i]);
	}
	return buf_detach(&b);
}

/* 1 when another path already holds this id (a kb check error). */
static int
id_taken(struct update *u, const struct kb_answer *a)
{
	char message[300];
	int rc;

	sqlite3_bind_text(u->find_id, 1, a->id, -1, SQLITE_STATIC);
	rc = sqlite3_step(u->find_id);
	if (rc == SQLITE_ROW) {
		snprintf(message, sizeof(message),
		    "duplicate id '%s': %s has it already (answer not indexed)",
		    a->id, sqlite3_column_text(u->find_id, 0));
		warn(u, a->path, message);
	}
	sqlite3_reset(u->find_id);
	return rc == SQLITE_ROW;
}

static int
insert_answer(struct update *u, const struct kb_answer *a, const char *body)
{
	sqlite3_stmt *st = u->insert_answer;
	char *tags = join_list(a->tags, a->ntags);
	char *related = join_list(a->related, a->nrelated);
	sqlite3_int64 rowid;
	int rc;

	sqlite3_bind_text(st, 1, a->id, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, a->path, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, a->version, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, a->title, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, tags, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 6, a->lang, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 7, a->audience, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 8, a->review_by, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 9, a->standard, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 10, related, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 11, body, -1, SQLITE_STATIC);
	if ((rc = step_done(u, st, "adding an answer")) < 0)
		goto done;
	rowid = sqlite3_last_insert_rowid(u->db->h);

	sqlite3_bind_int64(u->insert_fts, 1, rowid);
	sqlite3_bind_text(u->insert_fts, 2, a->title, -1, SQLITE_STATIC);
	sqlite3_bind_text(u->insert_fts, 3, tags, -1, SQLITE_STATIC);
	sqlite3_bind_text(u->insert_fts, 4, body, -1, SQLITE_STATIC);
	if ((rc = step_done(u, u->insert_fts, "indexing an answer")) < 0)
		goto done;
	sqlite3_bind_int64(u->insert_title, 1, rowid);
	sqlite3_bind_text(u->insert_title, 2, a->title, -1, SQLITE_STATIC);
	sqlite3_bind_text(u->insert_title, 3, tags, -1, SQLITE_STATIC);
	if ((rc = step_done(u, u->insert_title, "indexing an answer")) < 0)
		goto done;
	vocab_delta_answer(u->vocab, u->kb->tokenizer, a->title, tags, +1);
done:
	free(tags);
	free(related);
	return rc;
}

/* Read, check, render and insert one answer; bad answers are skipped. */
static int
add_path(struct update *u, const struct change *c, int *added)
{
	struct kb_answer *a = NULL;
	struct kb_doc *doc = NULL;
	char *data, *body;
	size_t len;
	int rc;

	*added = 0;
	if ((rc = kb_store__read_blob(u->kb->store, c->new_oid, &data,
	    &len)) < 0)
		return rc;
	rc = kb_answer_parse(&a, c->path, data, len, on_answer_diag, u);
	free(data);
	if (rc < 0)
		return 0;
	memcpy(a->version, c->new_oid, sizeof(a->version));
	if (id_taken(u, a)) {
		kb_answer_free(a);
		return 0;
	}
	if ((rc = kb_render(&doc, a->body, a->body_len)) < 0) {
		warn(u, c->path, "cannot render the Markdown (answer not "
		    "indexed)");
		kb_answer_free(a);
		return 0;
	}
	body = kb_doc_text(doc);
	rc = insert_answer(u, a, body);
	free(body);
	kb_doc_free(doc);
	kb_answer_free(a);
	*added = rc == 0;
	return rc;
}

static int
update_synonyms(struct update *u, const struct change *c)
{
	char *text;
	size_t len;
	int rc;

	if (c->new_oid[0] == '\0')
		return meta_set(u->db, "synonyms", NULL);
	if ((rc = kb_store__read_blob(u->kb->store, c->new_oid, &text,
	    &len)) < 0)
		return rc;
	rc = meta_set(u->db, "synonyms", text);
	free(text);
	return rc;
}

/*
 * Deletions first, then additions, so that an answer moved to another
 * folder (same id, new path) never meets itself.
 */
static int
apply_changes(struct update *u)
{
	struct kb_index_stats *s = u->stats;
	size_t i;
	int rc, done;

	for (i = 0; i < u->nchanges; i++) {
		struct change *c = &u->changes[i];

		if (strcmp(c->path, "synonyms.txt") == 0) {
			if ((rc = update_synonyms(u, c)) < 0)
				return rc;
			continue;
		}
		if (!kb_answer_path_is_answer(c->path) || !c->old_oid[0])
			continue;
		if ((rc = remove_path(u, c->path, &done)) < 0)
			return rc;
		if (done && !c->new_oid[0])
			s->removed++;
	}
	for (i = 0; i < u->nchanges; i++) {
		struct change *c = &u->changes[i];

		if (!kb_answer_path_is_answer(c->path) || !c->new_oid[0])
			continue;
		if ((rc = add_path(u, c, &done)) < 0)
			return rc;
		if (!done)
			s->skipped++;
		else if (c->old_oid[0])
			s->changed++;
		else
			s->added++;
	}
	return 0;
}

static int
clear_index(struct update *u)
{
	int rc;

	if ((rc = db_exec(u->db, "DELETE FROM answer")) < 0 ||
	    (rc = db_exec(u->db, "INSERT INTO answer_fts(answer_fts) "
	    "VALUES('delete-all')")) < 0 ||
	    (rc = db_exec(u->db, "INSERT INTO title_fts(title_fts) "
	    "VALUES('delete-all')")) < 0 ||
	    (rc = db_exec(u->db, "DELETE FROM vocab")) < 0 ||
	    (rc = db_exec(u->db, "DELETE FROM meta")) < 0)
		return rc;
	return 0;
}

static int
count_answers(struct db *db, unsigned *total)
{
	sqlite3_stmt *st;
	int rc;

	rc = sqlite3_prepare_v2(db->h, "SELECT count(*) FROM answer", -1, &st,
	    NULL);
	if (rc != SQLITE_OK)
		return db_fail(db, rc, "counting answers");
	if ((rc = sqlite3_step(st)) == SQLITE_ROW)
		*total = (unsigned)sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return rc == SQLITE_ROW ? 0 : db_fail(db, rc, "counting answers");
}

/* The body of an update, inside the write transaction. */
static int
update_locked(struct update *u, unsigned flags, const char *commit,
    const char *tree)
{
	char indexed_tree[KB_OID_HEX + 1], indexed_commit[KB_OID_HEX + 1];
	int rc, full;

	if ((rc = meta_get(u->db, "tree", indexed_tree,
	    sizeof(indexed_tree))) < 0 ||
	    (rc = meta_get(u->db, "commit", indexed_commit,
	    sizeof(indexed_commit))) < 0)
		return rc;
	if (!(flags & KB_INDEX_REBUILD) && strcmp(indexed_tree, tree) == 0) {
		u->stats->up_to_date = strcmp(indexed_commit, commit) == 0;
		return meta_set(u->db, "commit", commit);
	}
	full = (flags & KB_INDEX_REBUILD) || indexed_tree[0] == '\0' ||
	    !kb_store__exists(u->kb->store, indexed_tree);
	if (full && (rc = clear_index(u)) < 0)
		return rc;
	u->stats->rebuilt = full;
	if (*tree && (rc = kb_store__diff(u->kb->store, full ? NULL :
	    indexed_tree, tree, collect_change, u)) < 0)
		return rc;
	if ((rc = prepare_statements(u)) < 0 || (rc = apply_changes(u)) < 0 ||
	    (rc = vocab_delta_write(u->vocab, u->db)) < 0 ||
	    (rc = meta_set(u->db, "tree", tree)) < 0 ||
	    (rc = meta_set(u->db, "commit", commit)) < 0)
		return rc;
	if (full)
		rc = db_exec(u->db, "INSERT INTO answer_fts(answer_fts) "
		    "VALUES('optimize')");
	return rc;
}

static int
update_once(struct kb *kb, unsigned flags, struct kb_index_stats *stats,
    kb_diag_cb cb, void *payload)
{
	char commit[KB_OID_HEX + 1] = "", tree[KB_OID_HEX + 1] = "";
	struct update u;
	size_t i;
	int rc;

	memset(&u, 0, sizeof(u));
	memset(stats, 0, sizeof(*stats));
	rc = kb_store__branch(kb->store, kb->branch, commit, tree);
	if (rc == KB_ENOTFOUND) {
		/* An empty KB has an empty index. */
		commit[0] = tree[0] = '\0';
	} else if (rc < 0) {
		return rc;
	}
	if ((rc = kb_index__open(kb)) < 0)
		return rc;
	u.kb = kb;
	u.db = kb->index;
	u.stats = stats;
	u.cb = cb;
	u.payload = payload;
	u.vocab = vocab_delta_new();
	if ((rc = db_exec(u.db, "BEGIN IMMEDIATE")) < 0)
		goto done;
	if ((rc = update_locked(&u, flags, commit, tree)) < 0 ||
	    (rc = count_answers(u.db, &stats->total)) < 0)
		db_exec(u.db, "ROLLBACK");
	else
		rc = db_exec(u.db, "COMMIT");
	memcpy(stats->commit, commit, sizeof(stats->commit));
done:
	finalize_statements(&u);
	for (i = 0; i < u.nchanges; i++)
		free(u.changes[i].path);
	free(u.changes);
	vocab_delta_free(u.vocab);
	kb_search__reset(kb);
	return rc;
}

int
kb_index_update(struct kb *kb, unsigned flags, struct kb_index_stats *stats,
    kb_diag_cb cb, void *payload)
{
	struct kb_index_stats local;
	int rc;

	if (stats == NULL)
		stats = &local;
	rc = update_once(kb, flags, stats, cb, payload);
	if (rc < 0 && kb->index && db_is_corrupt(sqlite3_errcode(kb->index->h))) {
		/* A damaged index is thrown away and built again. */
		char *path = xstrdup(kb->index->path);

		index_close(kb);
		db_unlink(path);
		free(path);
		rc = update_once(kb, flags | KB_INDEX_REBUILD, stats, cb,
		    payload);
	}
	return rc;
}

int
kb_index__refresh(struct kb *kb)
{
	char commit[KB_OID_HEX + 1] = "", tree[KB_OID_HEX + 1];
	char indexed[KB_OID_HEX + 1];
	int rc;

	if ((rc = kb_index__open(kb)) < 0)
		return rc;
	rc = kb_store__branch(kb->store, kb->branch, commit, tree);
	if (rc < 0 && rc != KB_ENOTFOUND)
		return rc;
	if (meta_get(kb->index, "commit", indexed, sizeof(indexed)) == 0 &&
	    strcmp(indexed, commit) == 0 && (commit[0] || indexed[0] == '\0'))
		return 0;
	return kb_index_update(kb, 0, NULL, NULL, NULL);
}
