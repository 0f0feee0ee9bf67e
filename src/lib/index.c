/*
 * The search index: building it from the branch and keeping it current.
 *
 * The index records the commit and tree it was built from.  An update
 * compares that tree with the branch's (store.c skips unchanged folders)
 * and re-indexes only the answers that changed, in one transaction.
 *
 * A full build writes a new file without a journal and renames it over
 * the old one, so readers keep the old index until the new one is whole.
 * The index is derived data: a missing, old or corrupt file is simply
 * built again.  Writers take <state>/index.lock, so two processes never
 * update it at once; the second finds the work done.
 */
#include "kb/index.h"

#include <errno.h>
#include <fcntl.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"
#include "config_cache.h"
#include "db.h"
#include "fts.h"
#include "gitref.h"
#include "index_cache.h"
#include "index_learn.h"
#include "kb/notice.h"
#include "kb_private.h"
#include "perm.h"
#include "prepare.h"
#include "schema.h"
#include "store.h"
#include "strlist.h"
#include "strmap.h"
#include "tape.h"
#include "vocab.h"
#include "xmalloc.h"

#define THREADED_FROM 64	/* prepare on a second thread from this many */

/* One file that differs between the indexed tree and the branch's. */
struct change {
	char *path;
	char old_oid[KB_OID_HEX + 1];	/* "" when added */
	char new_oid[KB_OID_HEX + 1];	/* "" when deleted */
	int was_indexed;		/* its old version had a row */
};

struct changes {
	struct change *v;
	size_t n, cap;
};

/* One update of one index database. */
struct update {
	struct kb *kb;
	struct db *db;
	struct kb_index_stats *stats;
	kb_diag_cb cb;
	void *payload;
	struct vocab_delta vocab;

	sqlite3_stmt *insert_answer, *insert_fts;
	sqlite3_stmt *find_path, *find_id;
	sqlite3_stmt *delete_answer, *delete_fts;
	sqlite3_stmt *insert_skipped, *delete_skipped, *take_skipped;
	sqlite3_stmt *insert_notice, *delete_notice;
	sqlite3_stmt *kb_learned__text;	/* kb_index_learn__text()'s */
	int learned_any;		/* the learned table has a row */
	struct strlist freed_ids;	/* ids whose answer was removed */
	int fresh;			/* a full build: the ids are all here */
	unsigned flags;			/* kb_index_update()'s */
	struct strmap ids;		/* ids indexed so far, when fresh */
	struct tape_player *player;	/* on a full build's connection */
};

static char *
index_path(const struct kb *kb, const char *suffix)
{
	return xasprintf("%s/index.db%s", kb->state_dir, suffix);
}

/* --- opening ------------------------------------------------------------ */

/* A failure to write the index: searches go on with the index there is. */
static int
write_failed(struct kb *kb, int rc)
{
	kb->index_unwritable = 1;
	return rc;
}

static void
set_warning(struct kb *kb, char *message)
{
	free(kb->index_warning);
	kb->index_warning = message;
}

/* The one line a front end shows after a damaged index was replaced. */
static void
note_damage(struct kb *kb, const char *path, const char *error)
{
	/* SQLite's own words, without the path and statement before them. */
	const char *why = strrchr(error, ':');

	set_warning(kb, xasprintf("the index %s was damaged (%s): built it "
	    "again from the branch", path, why ? why + 2 : error));
}

static void
index_close(struct kb *kb)
{
	kb_index_cache__reset(kb);
	kb_fts__tokenizer_close(kb->tokenizer);
	kb->tokenizer = NULL;
	kb_db__close(kb->index);
	kb->index = NULL;
}

/* The file's identity, to notice when another process replaced it. */
static ino_t
file_inode(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 ? st.st_ino : 0;
}

/*
 * Open the index file if it is usable: 1 when it is not (missing, of
 * another schema version, not a database), 0 when open.
 */
static int
try_open(struct kb *kb, const char *path)
{
	struct db *db = NULL;
	int version = 0, rc;

	if (access(path, F_OK) != 0)
		return 1;
	if ((rc = kb_db__open(&db, path, DB_ROLLBACK)) < 0 ||
	    (rc = kb_db__user_version(&version, db)) < 0 ||
	    version != INDEX_SCHEMA_VERSION) {
		/* An old schema is rebuilt silently; damage is said. */
		if (rc == KB_EINVALID)
			note_damage(kb, path, kb_error_last());
		kb_db__close(db);
		return 1;
	}
	if ((rc = kb_fts__register_rank(db->h)) < 0 ||
	    (rc = kb_fts__tokenizer_open(&kb->tokenizer, db->h)) < 0) {
		kb_db__close(db);
		return rc;
	}
	kb->index = db;
	kb->index_inode = file_inode(path);
	return 0;
}

/* --- locking ------------------------------------------------------------ */

static int
lock_index(struct kb *kb, int *fd)
{
	char *path = xasprintf("%s/index.lock", kb->state_dir);
	int rc;

	if ((rc = kb__state_file_make(kb, path, NULL)) < 0) {
		free(path);
		return write_failed(kb, rc);
	}
	/* flock needs no write access: a lock file another user made with
	 * a narrower umask still serves. */
	*fd = open(path, O_RDWR | O_CLOEXEC);
	if (*fd < 0 && errno == EACCES)
		*fd = open(path, O_RDONLY | O_CLOEXEC);
	if (*fd < 0) {
		rc = write_failed(kb, kb_perm__fail(path,
		    "opening the index lock", errno));
		free(path);
		return rc;
	}
	free(path);
	while (flock(*fd, LOCK_EX) < 0)
		if (errno != EINTR) {
			close(*fd);
			return kb_error_set(KB_ELOCKED, "cannot lock the index: %s",
			    strerror(errno));
		}
	return 0;
}

static void
unlock_index(int fd)
{
	if (fd >= 0)
		close(fd);	/* releases the flock */
}

/* --- state kept in the meta table --------------------------------------- */

/*
 * Where the commit came from: the branch, and the config file that named
 * it, so that a search can tell from files alone that nothing moved.
 */
static int
meta_set_source(struct db *db, struct kb *kb)
{
	char stamp[128];
	int rc;

	kb_gitref__config_stamp(stamp, sizeof(stamp), kb->gitdir);
	kb_config_cache__fill(kb, db);
	if ((rc = kb_db__meta_set(db, "branch", kb->branch)) < 0)
		return rc;
	return kb_db__meta_set(db, "config", stamp);
}

/*
 * 1 when the index was built from the commit the branch is at now, found
 * without libgit2 (gitref.h); 0 when that cannot be told so cheaply.
 */
static int
index_is_current(struct kb *kb)
{
	char built[2], commit[KB_OID_HEX + 1], head[KB_OID_HEX + 1];
	char branch[256], stamp[128], now[128];

	if (kb_db__meta_get(built, sizeof(built), kb->index, "built") < 0 ||
	    kb_db__meta_get(commit, sizeof(commit), kb->index, "commit") < 0 ||
	    kb_db__meta_get(branch, sizeof(branch), kb->index, "branch") < 0 ||
	    kb_db__meta_get(stamp, sizeof(stamp), kb->index, "config") < 0)
		return 0;
	kb_gitref__config_stamp(now, sizeof(now), kb->gitdir);
	return built[0] && branch[0] && strcmp(stamp, now) == 0 &&
	    kb_gitref__read(head, kb->gitdir, branch) == 0 &&
	    strcmp(head, commit) == 0;
}

/* --- changes between two trees ------------------------------------------ */

static int
collect_change(const char *path, const char *old_oid, const char *new_oid,
    void *payload)
{
	struct changes *cs = payload;
	struct change *c;

	xgrow(&cs->v, &cs->cap, cs->n + 1, sizeof(*cs->v));
	c = &cs->v[cs->n++];
	c->path = xstrdup(path);
	c->was_indexed = 0;
	snprintf(c->old_oid, sizeof(c->old_oid), "%s", old_oid ? old_oid : "");
	snprintf(c->new_oid, sizeof(c->new_oid), "%s", new_oid ? new_oid : "");
	return 0;
}

static void
changes_free(struct changes *cs)
{
	size_t i;

	for (i = 0; i < cs->n; i++)
		free(cs->v[i].path);
	free(cs->v);
	memset(cs, 0, sizeof(*cs));
}

/* --- writing rows ------------------------------------------------------- */

static int
prepare_statements(struct update *u)
{
	static const struct {
		size_t offset;
		const char *sql;
	} stmts[] = {
		{ offsetof(struct update, insert_answer),
		  "INSERT INTO answer(id, path, version, title, tags, lang,"
		  " audience, review_by, standard, related, translation_of,"
		  " translations, effective, expires, replaces)"
		  " VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)" },
		{ offsetof(struct update, insert_fts),
		  "INSERT INTO answer_fts(rowid, title, tags, body, learned)"
		  " VALUES(?,?,?,?,?)" },
		{ offsetof(struct update, find_path),
		  "SELECT a.rowid, a.title, a.tags, a.id, f.body, f.learned"
		  " FROM answer a JOIN answer_fts f ON f.rowid = a.rowid"
		  " WHERE a.path = ?" },
		{ offsetof(struct update, find_id),
		  "SELECT path FROM answer WHERE id = ?" },
		{ offsetof(struct update, delete_answer),
		  "DELETE FROM answer WHERE rowid = ?" },
		{ offsetof(struct update, delete_fts),
		  "DELETE FROM answer_fts WHERE rowid = ?" },
		{ offsetof(struct update, insert_skipped),
		  "INSERT OR REPLACE INTO skipped(path, id, version)"
		  " VALUES(?,?,?)" },
		{ offsetof(struct update, delete_skipped),
		  "DELETE FROM skipped WHERE path = ?" },
		{ offsetof(struct update, take_skipped),
		  "DELETE FROM skipped WHERE id = ? RETURNING path, version" },
		{ offsetof(struct update, insert_notice),
		  "INSERT OR REPLACE INTO notice(path, id, version, text)"
		  " VALUES(?,?,?,?)" },
		{ offsetof(struct update, delete_notice),
		  "DELETE FROM notice WHERE path = ?" },
	};
	size_t i;
	int rc;

	for (i = 0; i < sizeof(stmts) / sizeof(stmts[0]); i++) {
		sqlite3_stmt **st = (sqlite3_stmt **)((char *)u +
		    stmts[i].offset);

		if ((rc = kb_db__prepare(st, u->db, stmts[i].sql)) < 0)
			return rc;
	}
	return 0;
}

static void
finalize_statements(struct update *u)
{
	sqlite3_finalize(u->insert_answer);
	sqlite3_finalize(u->insert_fts);
	sqlite3_finalize(u->find_path);
	sqlite3_finalize(u->find_id);
	sqlite3_finalize(u->delete_answer);
	sqlite3_finalize(u->delete_fts);
	sqlite3_finalize(u->insert_skipped);
	sqlite3_finalize(u->delete_skipped);
	sqlite3_finalize(u->take_skipped);
	sqlite3_finalize(u->insert_notice);
	sqlite3_finalize(u->delete_notice);
	sqlite3_finalize(u->kb_learned__text);
	strlist_free(&u->freed_ids);
	strmap_clear(&u->ids);
}

/* Run a statement that returns no rows, then reset it. */
static int
step_done(struct update *u, sqlite3_stmt *st, const char *what)
{
	int rc = sqlite3_step(st);

	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	return rc == SQLITE_DONE ? 0 : kb_db__fail(u->db, rc, what);
}

static int
remove_path(struct update *u, const char *path, int *removed)
{
	sqlite3_stmt *f = u->find_path;
	sqlite3_int64 rowid;
	int rc;

	*removed = 0;
	sqlite3_bind_text(u->delete_skipped, 1, path, -1, SQLITE_STATIC);
	if ((rc = step_done(u, u->delete_skipped, "forgetting an answer")) < 0)
		return rc;
	sqlite3_bind_text(f, 1, path, -1, SQLITE_STATIC);
	rc = sqlite3_step(f);
	if (rc != SQLITE_ROW) {
		sqlite3_reset(f);
		/* A path never indexed (it was skipped) is not an error. */
		return rc == SQLITE_DONE ? 0 : kb_db__fail(u->db, rc, path);
	}
	rowid = sqlite3_column_int64(f, 0);
	strlist_push(&u->freed_ids, xstrdup((const char *)
	    sqlite3_column_text(f, 3)));
	kb_vocab__delta_answer(&u->vocab, NULL, u->kb->tokenizer,
	    (const char *)sqlite3_column_text(f, 1),
	    (const char *)sqlite3_column_text(f, 2),
	    (const char *)sqlite3_column_text(f, 4), -1);
	/* Its learned words go with it (they stay in the learned table). */
	if (sqlite3_column_bytes(f, 5) > 0)
		kb_vocab__delta_learned(&u->vocab, u->kb->tokenizer,
		    (const char *)sqlite3_column_text(f, 1),
		    (const char *)sqlite3_column_text(f, 2),
		    (const char *)sqlite3_column_text(f, 4),
		    (const char *)sqlite3_column_text(f, 5), "");
	sqlite3_reset(f);
	sqlite3_bind_int64(u->delete_fts, 1, rowid);
	sqlite3_bind_int64(u->delete_answer, 1, rowid);
	if ((rc = step_done(u, u->delete_fts, "removing from the index")) < 0 ||
	    (rc = step_done(u, u->delete_answer, "removing an answer")) < 0)
		return rc;
	*removed = 1;
	return 0;
}

static void
warn(struct update *u, const char *path, unsigned line, const char *message)
{
	struct kb_diag d = { path, line, KB_SEVERITY_WARNING, message };

	if (u->cb)
		u->cb(&d, u->payload);
}

/* A bad answer's errors reach the caller as warnings: it is skipped. */
static void
report_skipped(struct update *u, const struct prepared *r)
{
	char message[600];
	size_t i;

	for (i = 0; i < r->ndiags; i++) {
		if (r->diags[i].severity != KB_SEVERITY_ERROR)
			continue;
		snprintf(message, sizeof(message), "%s (answer not indexed)",
		    r->diags[i].message);
		warn(u, r->diags[i].path, r->diags[i].line, message);
	}
}

/*
 * 1 when another path already holds this id (a kb check error).  A full
 * build knows every id it added and asks the database only on a clash.
 */
static int
id_taken(struct update *u, const struct kb_answer *a)
{
	char message[300];
	int rc;

	if (u->fresh) {
		int64_t *seen = strmap_get(&u->ids, a->id, strlen(a->id));

		if ((*seen)++ == 0)
			return 0;
	}
	sqlite3_bind_text(u->find_id, 1, a->id, -1, SQLITE_STATIC);
	rc = sqlite3_step(u->find_id);
	if (rc == SQLITE_ROW) {
		snprintf(message, sizeof(message),
		    "duplicate id '%s': %s has it already (answer not indexed)",
		    a->id, sqlite3_column_text(u->find_id, 0));
		warn(u, a->path, 0, message);
	}
	sqlite3_reset(u->find_id);
	if (rc != SQLITE_ROW)
		return 0;
	/* Remembered, to come in when the other file lets the id go. */
	sqlite3_bind_text(u->insert_skipped, 1, a->path, -1, SQLITE_STATIC);
	sqlite3_bind_text(u->insert_skipped, 2, a->id, -1, SQLITE_STATIC);
	sqlite3_bind_text(u->insert_skipped, 3, a->version, -1, SQLITE_STATIC);
	step_done(u, u->insert_skipped, "remembering a skipped answer");
	return 1;
}

/* "es:ssn-card-es, fr:ssn-card-fr", as the answer table keeps them. */
static char *
translations_text(const struct kb_answer *a)
{
	struct buf b = BUF_INIT;
	size_t i;

	buf_adds(&b, "");
	for (i = 0; i < a->ntranslations; i++)
		buf_addf(&b, "%s%s:%s", i ? ", " : "", a->translations[i].lang,
		    a->translations[i].id);
	return buf_detach(&b);
}

static int
insert_answer(struct update *u, const struct prepared *r)
{
	sqlite3_stmt *st = u->insert_answer;
	const struct kb_answer *a = r->answer;
	const char *tags = r->tags, *text = r->text;
	char *related = strlist_join(a->related, a->nrelated, ", ");
	char *translations = translations_text(a), *learned = NULL;
	sqlite3_int64 rowid;
	int rc;

	if (!u->learned_any)
		learned = xstrdup("");
	else if ((rc = kb_index_learn__text(&learned, u->db,
	    &u->kb_learned__text, a->id)) < 0)
		goto done;
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
	sqlite3_bind_text(st, 11, a->translation_of, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 12, translations, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 13, a->effective, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 14, a->expires, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 15, a->replaces, -1, SQLITE_STATIC);
	if ((rc = step_done(u, st, "adding an answer")) < 0)
		goto done;
	rowid = sqlite3_last_insert_rowid(u->db->h);
	sqlite3_bind_int64(u->insert_fts, 1, rowid);
	sqlite3_bind_text(u->insert_fts, 2, a->title, -1, SQLITE_STATIC);
	sqlite3_bind_text(u->insert_fts, 3, tags, -1, SQLITE_STATIC);
	sqlite3_bind_text(u->insert_fts, 4, text, -1, SQLITE_STATIC);
	sqlite3_bind_text(u->insert_fts, 5, learned, -1, SQLITE_STATIC);
	if ((rc = step_done(u, u->insert_fts, "indexing an answer")) < 0)
		goto done;
	/* The text's words were counted where it was prepared; the words
	 * learned for it are counted here. */
	if (*learned)
		kb_vocab__delta_learned(&u->vocab, u->kb->tokenizer, a->title,
		    tags, text, "", learned);
done:
	free(related);
	free(translations);
	free(learned);
	return rc;
}

static int
update_synonyms(struct update *u, const struct change *c)
{
	char *text;
	size_t len;
	int rc;

	if (c->new_oid[0] == '\0')
		return kb_db__meta_set(u->db, "synonyms", NULL);
	if ((rc = kb_store__read_blob(&text, &len, u->kb->store,
	    c->new_oid)) < 0)
		return rc;
	rc = kb_db__meta_set(u->db, "synonyms", text);
	free(text);
	return rc;
}

/* The first error of a notice that does not parse. */
struct first_error {
	unsigned line;
	char message[500];
};

static void
keep_first_error(const struct kb_diag *d, void *payload)
{
	struct first_error *e = payload;

	if (d->severity == KB_SEVERITY_ERROR && e->message[0] == '\0') {
		e->line = d->line;
		snprintf(e->message, sizeof(e->message), "%s", d->message);
	}
}

/*
 * A notice added, changed or removed.  One with errors is left out and
 * said so, as an answer would be (kb check gives the details).
 */
static int
update_notice(struct update *u, const struct change *c)
{
	struct kb_notice *n = NULL;
	struct first_error error = { 0, "" };
	char message[600];
	size_t len;
	char *text;
	int rc;

	sqlite3_bind_text(u->delete_notice, 1, c->path, -1, SQLITE_STATIC);
	if ((rc = step_done(u, u->delete_notice, "removing a notice")) < 0 ||
	    c->new_oid[0] == '\0')
		return rc;
	if ((rc = kb_store__read_blob(&text, &len, u->kb->store,
	    c->new_oid)) < 0)
		return rc;
	if (kb_notice_parse(&n, c->path, text, len, keep_first_error,
	    &error) < 0) {
		snprintf(message, sizeof(message), "%s (notice not shown; "
		    "kb check lists every problem)", error.message);
		warn(u, c->path, error.line, message);
		free(text);
		return 0;
	}
	sqlite3_bind_text(u->insert_notice, 1, c->path, -1, SQLITE_STATIC);
	sqlite3_bind_text(u->insert_notice, 2, n->id, -1, SQLITE_STATIC);
	sqlite3_bind_text(u->insert_notice, 3, c->new_oid, -1, SQLITE_STATIC);
	sqlite3_bind_text(u->insert_notice, 4, text, (int)len, SQLITE_STATIC);
	rc = step_done(u, u->insert_notice, "adding a notice");
	kb_notice_free(n);
	free(text);
	return rc;
}

/* With a token player on the connection, FTS5 gets the tokens of `r`. */
static int
play_and_insert(struct update *u, const struct prepared *r)
{
	int rc;

	if (u->player)
		kb_tape__player_load(u->player, &r->tape);
	rc = insert_answer(u, r);
	if (u->player)
		kb_tape__player_load(u->player, NULL);
	return rc;
}

/* Insert the answers added or changed, prepared on worker threads. */
static int
add_answers(struct update *u, const struct changes *cs)
{
	struct prepare_item *items = xcalloc(cs->n + 1, sizeof(*items));
	int *was_there = xcalloc(cs->n + 1, sizeof(*was_there));
	struct prepare *p = NULL;
	struct prepared *r;
	size_t n = 0, i;
	int rc;

	for (i = 0; i < cs->n; i++)
		if (kb_answer_path_is_answer(cs->v[i].path) &&
		    cs->v[i].new_oid[0]) {
			items[n].path = cs->v[i].path;
			items[n].oid = cs->v[i].new_oid;
			was_there[n] = cs->v[i].was_indexed;
			n++;
		}
	rc = 0;
	if (n == 0 || (rc = kb_prepare__start(&p,
	    kb_store__gitdir(u->kb->store), items, n, n >= THREADED_FROM)) < 0)
		goto done;
	for (i = 0; (rc = kb_prepare__next(&r, p)) == 0 && r; i++) {
		if (r->answer == NULL) {
			report_skipped(u, r);
			u->stats->skipped++;
		} else if (id_taken(u, r->answer)) {
			/* Counted by the worker, but not in the index. */
			kb_vocab__delta_answer(&u->vocab, NULL,
			    u->kb->tokenizer, r->answer->title, r->tags,
			    r->text, -1);
			u->stats->skipped++;
		} else if ((rc = play_and_insert(u, r)) == 0) {
			if (was_there[i])
				u->stats->changed++;
			else
				u->stats->added++;
		}
		kb_prepare__prepared_free(r);
		if (rc < 0)
			break;
	}
	if (rc == 0)
		kb_prepare__take_counts(&u->vocab, p);
done:
	kb_prepare__finish(p);
	free(items);
	free(was_there);
	return rc;
}

/*
 * Answers skipped for a duplicate id whose other file was just removed:
 * they are added now, as if they had changed.
 */
static int
take_freed_ids(struct update *u, struct changes *cs)
{
	size_t i;
	int rc;

	for (i = 0; i < u->freed_ids.n; i++) {
		sqlite3_bind_text(u->take_skipped, 1, u->freed_ids.v[i], -1,
		    SQLITE_STATIC);
		while ((rc = sqlite3_step(u->take_skipped)) == SQLITE_ROW)
			collect_change((const char *)
			    sqlite3_column_text(u->take_skipped, 0), NULL,
			    (const char *)sqlite3_column_text(u->take_skipped,
			    1), cs);
		sqlite3_reset(u->take_skipped);
		if (rc != SQLITE_DONE)
			return kb_db__fail(u->db, rc,
			    "reading skipped answers");
	}
	return 0;
}

/*
 * Deletions first, then additions, so that an answer moved to another
 * folder (same id, new path) never meets itself.
 */
static int
apply_changes(struct update *u, struct changes *cs)
{
	size_t i;
	int rc, removed;

	for (i = 0; i < cs->n; i++) {
		struct change *c = &cs->v[i];

		if (strcmp(c->path, "synonyms.txt") == 0) {
			if ((rc = update_synonyms(u, c)) < 0)
				return rc;
			continue;
		}
		if (kb_notice_path_is_notice(c->path)) {
			if ((rc = update_notice(u, c)) < 0)
				return rc;
			continue;
		}
		if (!kb_answer_path_is_answer(c->path) || !c->old_oid[0])
			continue;
		if ((rc = remove_path(u, c->path, &removed)) < 0)
			return rc;
		c->was_indexed = removed;
		if (removed && !c->new_oid[0])
			u->stats->removed++;
	}
	if ((rc = take_freed_ids(u, cs)) < 0)
		return rc;
	return add_answers(u, cs);
}

static int
count_answers(struct db *db, unsigned *total)
{
	sqlite3_stmt *st;
	int rc;

	rc = sqlite3_prepare_v2(db->h, "SELECT count(*) FROM answer", -1, &st,
	    NULL);
	if (rc != SQLITE_OK)
		return kb_db__fail(db, rc, "counting answers");
	if ((rc = sqlite3_step(st)) == SQLITE_ROW)
		*total = (unsigned)sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return rc == SQLITE_ROW ? 0 : kb_db__fail(db, rc, "counting answers");
}

/* Apply a diff to an open index database and record the new state. */
static int
write_update(struct update *u, const char *old_tree, const char *commit,
    const char *tree)
{
	struct changes cs = { NULL, 0, 0 };
	int rc;

	/* Learning first: answers added then take their learned words. */
	if ((*tree && (rc = kb_store__diff(u->kb->store, old_tree, tree,
	    collect_change, &cs)) < 0) ||
	    (rc = kb_index_learn__update(&u->stats->learned, u->kb, u->db,
	    &u->vocab, u->flags & KB_INDEX_OFFICES, u->cb, u->payload)) < 0 ||
	    (rc = kb_index_learn__any(&u->learned_any, u->db)) < 0 ||
	    (rc = prepare_statements(u)) < 0 ||
	    (rc = apply_changes(u, &cs)) < 0 ||
	    (rc = kb_vocab__delta_write(&u->vocab, u->db)) < 0 ||
	    (rc = kb_db__meta_set(u->db, "tree", tree)) < 0 ||
	    (rc = kb_db__meta_set(u->db, "commit", commit)) < 0 ||
	    (rc = kb_db__meta_set(u->db, "built", "1")) < 0 ||
	    (rc = meta_set_source(u->db, u->kb)) < 0)
		goto done;
	rc = count_answers(u->db, &u->stats->total);
done:
	finalize_statements(u);
	kb_vocab__delta_clear(&u->vocab);
	changes_free(&cs);
	return rc;
}

/* --- full builds -------------------------------------------------------- */

static int
sync_path(const char *path, int flags)
{
	int fd = open(path, flags | O_CLOEXEC), rc = 0;

	if (fd < 0 || fsync(fd) < 0)
		rc = kb_perm__fail(path, "saving", errno);
	if (fd >= 0)
		close(fd);
	return rc;
}

/* Make the new file the index: durable first, then one rename. */
static int
install(struct kb *kb, const char *new_path)
{
	char *path = index_path(kb, ""), *journal = index_path(kb, "-journal");
	char *wal = index_path(kb, "-wal"), *shm = index_path(kb, "-shm");
	int rc;

	if ((rc = sync_path(new_path, O_RDONLY)) == 0) {
		/* A journal left by a writer that died belongs to the old
		 * file; we hold the lock, so no writer is alive. */
		unlink(journal);
		unlink(wal);
		unlink(shm);
		if (rename(new_path, path) < 0)
			rc = kb_perm__fail(path, "replacing the index", errno);
		else
			rc = sync_path(kb->state_dir, O_RDONLY | O_DIRECTORY);
	}
	free(path);
	free(journal);
	free(wal);
	free(shm);
	return rc;
}

static int
build_full(struct kb *kb, unsigned flags, const char *commit,
    const char *tree, struct kb_index_stats *stats, kb_diag_cb cb,
    void *payload)
{
	char *new_path = index_path(kb, ".new"), *path = index_path(kb, "");
	struct update u;
	struct db *db = NULL;
	int rc;

	memset(&u, 0, sizeof(u));
	index_close(kb);
	kb_db__unlink(new_path);
	/* The new file takes the mode and group of the one it replaces,
	 * so a rebuild by one member of a group leaves it usable by all.
	 * The player goes in after kb's own tokenizer takes the real porter. */
	if ((rc = kb__state_file_make(kb, new_path, path)) < 0 ||
	    (rc = kb_db__open(&db, new_path, DB_BULK)) < 0 ||
	    (rc = kb_fts__tokenizer_open(&kb->tokenizer, db->h)) < 0 ||
	    (rc = kb_tape__player_install(&u.player, db->h)) < 0 ||
	    (rc = kb_schema__index_create(db)) < 0)
		goto done;
	u.kb = kb;
	u.db = db;
	u.stats = stats;
	u.cb = cb;
	u.payload = payload;
	u.flags = flags;
	u.fresh = 1;
	stats->rebuilt = 1;
	/* The build ends with one full merge ('optimize'), so the merges
	 * FTS5 would do along the way are wasted: none until then. */
	if ((rc = kb_db__exec(db, "INSERT INTO answer_fts(answer_fts, rank) "
	    "VALUES('automerge', 0);"
	    "INSERT INTO answer_fts(answer_fts, rank) "
	    "VALUES('crisismerge', 64)")) < 0)
		goto done;
	if ((rc = kb_db__exec(db, "BEGIN")) < 0 ||
	    (rc = write_update(&u, NULL, commit, tree)) < 0 ||
	    (rc = kb_db__exec(db, "COMMIT")) < 0)
		goto done;
	/* One segment per table answers queries fastest; later updates
	 * merge as FTS5 normally does. */
	if ((rc = kb_db__exec(db, "INSERT INTO answer_fts(answer_fts) "
	    "VALUES('optimize')")) < 0 ||
	    (rc = kb_db__exec(db, "INSERT INTO answer_fts(answer_fts, rank) "
	    "VALUES('automerge', 4);"
	    "INSERT INTO answer_fts(answer_fts, rank) "
	    "VALUES('crisismerge', 16)")) < 0 ||
	    (rc = kb_db__exec(db, "PRAGMA journal_mode=DELETE")) < 0)
		goto done;
	kb_db__close(db);
	db = NULL;
	kb_fts__tokenizer_close(kb->tokenizer);
	kb->tokenizer = NULL;
	rc = install(kb, new_path);
done:
	if (rc < 0 && (db == NULL || db->cannot_write || rc == KB_EFULL ||
	    kb->index_unwritable))
		write_failed(kb, rc);
	kb_db__close(db);
	if (rc < 0)
		kb_db__unlink(new_path);
	free(new_path);
	free(path);
	return rc;
}

/* --- updates ------------------------------------------------------------ */

/*
 * After an update that could not write (a full disk, permissions): the
 * index there was stays open for searches, if there is one, and the
 * message says so.  Returns `rc`.
 */
static int
keep_old_index(struct kb *kb, int rc)
{
	char *path = index_path(kb, ""), *why = xstrdup(kb_error_last());
	char built[2] = "";

	if (kb->index == NULL || kb->index_inode != file_inode(path)) {
		index_close(kb);
		try_open(kb, path);
		set_warning(kb, NULL);
	}
	if (kb->index == NULL ||
	    kb_db__meta_get(built, sizeof(built), kb->index, "built") < 0 ||
	    !built[0]) {
		kb->index_unwritable = 0;	/* nothing to fall back on */
		rc = kb_error_set(rc, "%s", why);
	} else
		rc = kb_error_set(rc, "%s; kb searches the index it has "
		    "meanwhile", why);
	free(path);
	free(why);
	return rc;
}

int
kb_index__open(struct kb *kb)
{
	char *path;
	int rc;

	path = index_path(kb, "");
	if (kb->index && kb->index_inode == file_inode(path)) {
		free(path);
		return 0;
	}
	index_close(kb);	/* replaced by another process: reopen */
	if ((rc = try_open(kb, path)) > 0)
		rc = kb_index_update(NULL, kb, 0, NULL, NULL);
	free(path);
	return rc;
}

/* The branch has not moved: only what was learned from use may have. */
static int
learn_only(struct kb *kb, unsigned flags, struct kb_index_stats *stats,
    kb_diag_cb cb, void *payload)
{
	struct vocab_delta vocab;
	int rc;

	memset(&vocab, 0, sizeof(vocab));
	if ((rc = kb_index_learn__update(&stats->learned, kb, kb->index, &vocab,
	    flags & KB_INDEX_OFFICES, cb, payload)) == 0)
		rc = kb_vocab__delta_write(&vocab, kb->index);
	kb_vocab__delta_clear(&vocab);
	return rc;
}

/* The incremental path, on the open index; 1 when a full build is due. */
static int
update_incremental(struct kb *kb, unsigned flags, const char *commit,
    const char *tree, struct kb_index_stats *stats, kb_diag_cb cb,
    void *payload)
{
	char indexed_tree[KB_OID_HEX + 1], indexed_commit[KB_OID_HEX + 1];
	char built[2];
	struct update u;
	int rc;

	kb->index->cannot_write = 0;
	if ((rc = kb_db__exec(kb->index, "BEGIN IMMEDIATE")) < 0)
		goto fail;
	if ((rc = kb_db__meta_get(indexed_tree, sizeof(indexed_tree),
	    kb->index, "tree")) < 0 ||
	    (rc = kb_db__meta_get(indexed_commit, sizeof(indexed_commit),
	    kb->index, "commit")) < 0 ||
	    (rc = kb_db__meta_get(built, sizeof(built), kb->index,
	    "built")) < 0)
		goto fail;
	if (built[0] && strcmp(indexed_tree, tree) == 0) {
		if ((rc = learn_only(kb, flags, stats, cb, payload)) < 0 ||
		    (rc = kb_db__meta_set(kb->index, "commit", commit)) < 0 ||
		    (rc = meta_set_source(kb->index, kb)) < 0 ||
		    (rc = count_answers(kb->index, &stats->total)) < 0 ||
		    (rc = kb_db__exec(kb->index, "COMMIT")) < 0)
			goto fail;
		stats->up_to_date = strcmp(indexed_commit, commit) == 0 &&
		    stats->learned == 0;
		return 0;
	}
	/* Never built, or built from a tree the repository lost. */
	if (!built[0] || (indexed_tree[0] &&
	    !kb_store__exists(kb->store, indexed_tree))) {
		kb_db__rollback(kb->index);
		return 1;
	}
	memset(&u, 0, sizeof(u));
	u.kb = kb;
	u.db = kb->index;
	u.stats = stats;
	u.cb = cb;
	u.payload = payload;
	u.flags = flags;
	if ((rc = write_update(&u, indexed_tree[0] ? indexed_tree : NULL,
	    commit, tree)) < 0 ||
	    (rc = kb_db__exec(kb->index, "COMMIT")) < 0)
		goto fail;
	return 0;
fail:
	if (kb->index->cannot_write || rc == KB_EFULL)
		write_failed(kb, rc);
	kb_db__rollback(kb->index);
	return rc;
}

static int
update_locked(struct kb *kb, unsigned flags, struct kb_index_stats *stats,
    kb_diag_cb cb, void *payload)
{
	char commit[KB_OID_HEX + 1] = "", tree[KB_OID_HEX + 1] = "";
	char *path = index_path(kb, ""), *new_path;
	int rc;

	if ((rc = kb__store(kb)) < 0)
		goto done;
	/* What a build killed part-way left: no writer is alive, as we
	 * hold the lock, and on a full disk it holds the space needed. */
	new_path = index_path(kb, ".new");
	kb_db__unlink(new_path);
	free(new_path);
	rc = kb_store__branch(commit, tree, kb->store, kb->branch);
	if (rc < 0 && rc != KB_ENOTFOUND)
		goto done;
	/* An empty KB (no branch yet) has an empty index. */
	if (kb->index == NULL || kb->index_inode != file_inode(path)) {
		index_close(kb);
		if ((rc = try_open(kb, path)) < 0)
			goto done;
	}
	rc = 1;
	if (kb->index && !(flags & KB_INDEX_REBUILD))
		rc = update_incremental(kb, flags, commit, tree, stats, cb,
		    payload);
	if (rc < 0 && kb->index && (kb->index->corrupt ||
	    kb_db__is_corrupt(sqlite3_errcode(kb->index->h)))) {
		note_damage(kb, path, kb_error_last());
		rc = 1;	/* a damaged index is built again */
	}
	if (rc == 1) {
		memset(stats, 0, sizeof(*stats));
		if ((rc = build_full(kb, flags, commit, tree, stats, cb,
		    payload)) == 0)
			rc = try_open(kb, path) > 0 ? kb_error_set(KB_ERROR,
			    "%s: the new index cannot be opened", path) : 0;
	}
	memcpy(stats->commit, commit, sizeof(stats->commit));
done:
	free(path);
	return rc;
}

int
kb_index_update(struct kb_index_stats *stats, struct kb *kb, unsigned flags,
    kb_diag_cb cb, void *payload)
{
	struct kb_index_stats local;
	int rc, fd;

	if (stats == NULL)
		stats = &local;
	memset(stats, 0, sizeof(*stats));
	kb->index_unwritable = 0;
	if ((rc = kb__state_dir_make(kb)) < 0)
		return write_failed(kb, rc);
	if ((rc = lock_index(kb, &fd)) < 0)
		return rc;
	rc = update_locked(kb, flags, stats, cb, payload);
	unlock_index(fd);
	kb_index_cache__reset(kb);
	if (rc < 0) {
		set_warning(kb, NULL);	/* nothing was built again */
		if (kb->index_unwritable)
			rc = keep_old_index(kb, rc);
	}
	return rc;
}

int
kb_index__recover(struct kb *kb)
{
	char *path;

	if (kb->index == NULL || !kb->index->corrupt)
		return 0;
	path = index_path(kb, "");
	note_damage(kb, path, kb_error_last());
	free(path);
	return kb_index_update(NULL, kb, KB_INDEX_REBUILD, NULL, NULL) == 0;
}

/* 1 when the index was built from the branch's commit, asking libgit2. */
static int
index_has_branch(struct kb *kb)
{
	char commit[KB_OID_HEX + 1] = "", tree[KB_OID_HEX + 1];
	char indexed[KB_OID_HEX + 1], built[2];
	int rc;

	if ((rc = kb__store(kb)) < 0)
		return rc;
	rc = kb_store__branch(commit, tree, kb->store, kb->branch);
	if (rc < 0 && rc != KB_ENOTFOUND)
		return rc;
	return kb_db__meta_get(indexed, sizeof(indexed), kb->index,
	    "commit") == 0 &&
	    kb_db__meta_get(built, sizeof(built), kb->index, "built") == 0 &&
	    built[0] && strcmp(indexed, commit) == 0;
}

int
kb_index__refresh(struct kb *kb)
{
	int rc, learned;

	if ((rc = kb_index__open(kb)) < 0)
		return rc;
	/* New uses, or the centre's learned words, are learned as the
	 * branch's commits are indexed: by an update. */
	learned = kb_index_learn__current(kb);
	if (learned && index_is_current(kb))
		return 0;
	if (learned && (rc = index_has_branch(kb)) != 0)
		return rc < 0 ? rc : 0;
	rc = kb_index_update(NULL, kb, 0, NULL, NULL);
	if (rc < 0 && kb->index_unwritable && kb->index) {
		/* Read-only, on the index there is: answers a little old
		 * beat no answers at the counter. */
		set_warning(kb, xstrdup(kb_error_last()));
		kb_error_clear();
		return 0;
	}
	return rc < 0 ? rc : 1;
}

int
kb_index_refresh(struct kb *kb)
{
	return kb_index__refresh(kb);
}

char *
kb_index_warning_take(struct kb *kb)
{
	char *warning = kb->index_warning;

	kb->index_warning = NULL;
	return warning;
}
