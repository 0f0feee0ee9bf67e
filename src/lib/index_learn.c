/* Learning from use in the index (index_learn.h). */
#include "index_learn.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "fts.h"
#include "gitref.h"
#include "kb/error.h"
#include "kb/sync.h"
#include "kb_private.h"
#include "learn_evidence.h"
#include "learn_file.h"
#include "learned.h"
#include "offices.h"
#include "store.h"
#include "xmalloc.h"

/* Bump when what is learned from the same logs changes. */
#define LEARN_RULES "1"
/*
 * A search refresh learns again at most once per LEARN_PAUSE times what
 * learning took the last time, when that was LEARN_SLOW_MS or more: a
 * busy log's 100,000 uses take about a second to read, and the screen
 * must not spend more than a tenth of its time on it.  kb index and kb
 * learn never wait.
 */
#define LEARN_PAUSE 10
#define LEARN_SLOW_MS 50

/* --- what learning reads, and how to tell it changed -------------------- */

static int
is_file(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

/* One number from a query on `db`, "?" when there is none. */
static void
number_of(struct db *db, const char *sql, char *out, size_t size)
{
	sqlite3_stmt *st;

	snprintf(out, size, "?");
	if (sqlite3_prepare_v2(db->h, sql, -1, &st, NULL) != SQLITE_OK)
		return;
	if (sqlite3_step(st) == SQLITE_ROW)
		snprintf(out, size, "%lld", (long long)sqlite3_column_int64(st,
		    0));
	sqlite3_finalize(st);
}

/* The centre's learned commit as fetched, "-" for none. */
static void
central_commit(struct kb *kb, char out[KB_OID_HEX + 1])
{
	if (kb_gitref__read_ref(out, kb->gitdir, INDEX_LEARN_CENTRAL_REF) < 0)
		snprintf(out, KB_OID_HEX + 1, "-");
}

/* A file's identity and last change: "-" when there is none. */
static void
file_stamp(const char *path, char *out, size_t size)
{
	struct stat st;

	if (stat(path, &st) == 0)
		snprintf(out, size, "%lld.%09ld:%lld:%llu",
		    (long long)st.st_mtim.tv_sec, (long)st.st_mtim.tv_nsec,
		    (long long)st.st_size, (unsigned long long)st.st_ino);
	else
		snprintf(out, size, "-");
}

/*
 * What every search compares: the usage log's files (an event written
 * changes the -wal file, a checkpoint the database) and the centre's
 * learned commit.  A few stat calls, no database opened: an update then
 * tells whether there are new uses (learn_state).
 */
static void
cheap_check(struct kb *kb, char *out, size_t size)
{
	char central[KB_OID_HEX + 1], db[80], wal[80];
	char *path = xasprintf("%s/usage.db", kb->state_dir);
	char *wal_path = xasprintf("%s-wal", path);

	file_stamp(path, db, sizeof(db));
	file_stamp(wal_path, wal, sizeof(wal));
	central_commit(kb, central);
	snprintf(out, size, "%s %s %s", db, wal, central);
	free(path);
	free(wal_path);
}

static long long
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* 1 while the last learning, if slow, is too recent to do again. */
static int
pausing(struct kb *kb)
{
	char cost[64];
	long long end = 0, took = 0, now = now_ms();

	if (kb_db__meta_get(cost, sizeof(cost), kb->index, "learn_cost") < 0 ||
	    sscanf(cost, "%lld %lld", &end, &took) != 2) {
		kb_error_clear();
		return 0;
	}
	return took >= LEARN_SLOW_MS && now >= end &&
	    now - end < LEARN_PAUSE * took;
}

int
kb_index_learn__current(struct kb *kb)
{
	char stored[256], now[256];

	if (kb->index == NULL ||
	    kb_db__meta_get(stored, sizeof(stored), kb->index,
	    "learn_check") < 0) {
		kb_error_clear();
		return 0;
	}
	cheap_check(kb, now, sizeof(now));
	return strcmp(stored, now) == 0 || pausing(kb);
}

/* The logs, attached to a connection of their own. */
struct sources {
	struct db *db;
	int usage, offices;
	int failed;		/* a log is there but cannot be read */
	char central[KB_OID_HEX + 1];
	char state[200];
};

static int
count_ref(const char *name, const char *tip, void *payload)
{
	(void)name;
	(void)tip;
	++*(int *)payload;
	return 1;	/* one is enough */
}

/*
 * The centre: a KB that is no office (it has no last-sync file) and to
 * which offices push their usage refs.
 */
static int
is_centre(struct kb *kb)
{
	struct kb_sync_status st;
	int refs = 0;

	if (kb_sync_status(&st, kb) < 0 || st.office || kb__store(kb) < 0) {
		kb_error_clear();
		return 0;
	}
	kb_store__refs(kb->store, "refs/kb/usage/*", count_ref, &refs);
	kb_store__refs(kb->store, "refs/kb/station-usage/*", count_ref, &refs);
	kb_error_clear();
	return refs > 0;
}

/* A source that cannot be read is told and left out. */
static void
warn(kb_diag_cb cb, void *payload, const char *path, const char *why)
{
	char message[700];
	struct kb_diag d = { path, 0, KB_SEVERITY_WARNING, message };

	snprintf(message, sizeof(message), "not read for learning from use "
	    "(%s); search keeps what it learned before", why);
	if (cb)
		cb(&d, payload);
	kb_error_clear();
}

static int
sources_open(struct sources *s, struct kb *kb, int import_offices,
    kb_diag_cb cb, void *payload)
{
	char *usage = xasprintf("%s/usage.db", kb->state_dir);
	char *offices = NULL, use[32] = "-", office[32] = "-";
	int rc, centre = is_centre(kb);

	memset(s, 0, sizeof(*s));
	if ((rc = kb_db__open(&s->db, ":memory:", DB_ROLLBACK)) < 0)
		goto done;
	if (is_file(usage)) {
		if (kb_db__attach(s->db, usage, "u",
		    "opening a usage log") == 0)
			s->usage = 1;
		else {
			warn(cb, payload, usage, kb_error_last());
			s->failed = 1;
		}
	}
	/* A bad line of an office is told once, when it is first read:
	 * by whoever asked for the import (kb index, kb learn, kb report
	 * --all-offices), never by a search. */
	if (centre && import_offices &&
	    kb_offices__import(&offices, kb, cb, payload) < 0)
		warn(cb, payload, "refs/kb/usage/", kb_error_last());
	free(offices);
	offices = xasprintf("%s/offices.db", kb->state_dir);
	if (centre && is_file(offices)) {
		if (kb_db__attach(s->db, offices, "o",
		    "opening the offices' usage") == 0)
			s->offices = 1;
		else {
			warn(cb, payload, offices, kb_error_last());
			s->failed = 1;
		}
	}
	/* The log's last use or undo (searches logged since teach nothing),
	 * the offices' last event read. */
	if (s->usage)
		number_of(s->db, "SELECT id FROM u.event WHERE kind IN ('use',"
		    " 'undo') ORDER BY id DESC LIMIT 1", use, sizeof(use));
	if (s->offices)
		number_of(s->db, "SELECT max(rowid) FROM o.event", office,
		    sizeof(office));
	central_commit(kb, s->central);
	snprintf(s->state, sizeof(s->state), "%s %s %s %s", LEARN_RULES, use,
	    office, s->central);
done:
	free(usage);
	free(offices);
	return rc;
}

/* --- reading what was learned ------------------------------------------- */

/* The file the centre published, as fetched: hostile until checked. */
static void
read_central(struct learned *into, struct kb *kb, const char *central,
    kb_diag_cb cb, void *payload)
{
	const char *path = INDEX_LEARN_CENTRAL_REF ":" LEARN_FILE_PATH;
	struct kb_store_commit c;
	char blob[KB_OID_HEX + 1];
	char *text = NULL;
	size_t len;
	int rc;

	if (strcmp(central, "-") == 0)
		return;
	if ((rc = kb__store(kb)) < 0 ||
	    (rc = kb_store__commit_read(&c, kb->store, central)) < 0) {
		warn(cb, payload, INDEX_LEARN_CENTRAL_REF, kb_error_last());
		return;
	}
	rc = kb_store__lookup_path(blob, kb->store, c.tree, LEARN_FILE_PATH);
	kb_store__commit_clear(&c);
	if (rc == 0)
		rc = kb_store__read_blob_max(&text, &len, kb->store, blob,
		    LEARN_FILE_MAX);
	if (rc == KB_EINVALID)
		warn(cb, payload, path, "larger than " LEARN_FILE_MAX_TEXT);
	else if (rc < 0)
		warn(cb, payload, path, kb_error_last());
	else
		kb_learn_file__parse(into, kb->tokenizer, text, len, path, cb,
		    payload);
	free(text);
}

void
kb_index_learn__check_central(struct kb *kb, kb_diag_cb cb, void *payload)
{
	struct learned l = LEARNED_INIT;
	char central[KB_OID_HEX + 1];

	central_commit(kb, central);
	if (kb->tokenizer == NULL)
		return;		/* the index is not open */
	read_central(&l, kb, central, cb, payload);
	kb_learned__free(&l);
}

/* The learned table as it is. */
static int
read_table(struct db *db, struct learned *into)
{
	sqlite3_stmt *st;
	int rc;

	if ((rc = kb_db__prepare(&st, db, "SELECT id, word, agents, weight"
	    " FROM learned")) < 0)
		return rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		/* The stem only tells words apart: the word does too here. */
		kb_learned__put(into, (const char *)sqlite3_column_text(st, 0),
		    (const char *)sqlite3_column_text(st, 1),
		    (const char *)sqlite3_column_text(st, 1),
		    (unsigned)sqlite3_column_int(st, 2),
		    (unsigned)sqlite3_column_int(st, 3));
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return kb_db__fail(db, rc, "reading the learned words");
	kb_learned__finish(into);
	return 0;
}

/* --- writing it --------------------------------------------------------- */

struct apply {
	struct kb *kb;
	struct db *db;
	struct vocab_delta *vocab;
	sqlite3_stmt *find, *update, *insert;
	unsigned changed;
};

static int
step_done(struct db *db, sqlite3_stmt *st, const char *what)
{
	int rc = sqlite3_step(st);

	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	return rc == SQLITE_DONE ? 0 : kb_db__fail(db, rc, what);
}

/* The answer's learned column becomes `text`, if it is indexed. */
static int
set_column(struct apply *a, const char *id, const char *text)
{
	sqlite3_stmt *f = a->find;
	sqlite3_int64 rowid;
	int rc;

	sqlite3_bind_text(f, 1, id, -1, SQLITE_STATIC);
	if ((rc = sqlite3_step(f)) != SQLITE_ROW) {
		sqlite3_reset(f);
		return rc == SQLITE_DONE ? 0 : kb_db__fail(a->db, rc,
		    "reading an answer's learned words");
	}
	rowid = sqlite3_column_int64(f, 0);
	kb_vocab__delta_learned(a->vocab, a->kb->tokenizer,
	    (const char *)sqlite3_column_text(f, 1),
	    (const char *)sqlite3_column_text(f, 2),
	    (const char *)sqlite3_column_text(f, 3),
	    (const char *)sqlite3_column_text(f, 4), text);
	sqlite3_reset(f);
	sqlite3_bind_text(a->update, 1, text, -1, SQLITE_STATIC);
	sqlite3_bind_int64(a->update, 2, rowid);
	return step_done(a->db, a->update, "indexing learned words");
}

static int
insert_words(struct apply *a, const struct learned_answer *la)
{
	size_t i;
	int rc = 0;

	for (i = 0; i < la->n && rc == 0; i++) {
		sqlite3_bind_text(a->insert, 1, la->id, -1, SQLITE_STATIC);
		sqlite3_bind_text(a->insert, 2, la->words[i].word, -1,
		    SQLITE_STATIC);
		sqlite3_bind_int(a->insert, 3, (int)la->words[i].agents);
		sqlite3_bind_int(a->insert, 4, (int)la->words[i].weight);
		rc = step_done(a->db, a->insert, "storing learned words");
	}
	return rc;
}

/* One answer: its column when its text changed, its rows always. */
static int
apply_answer(struct apply *a, const char *id,
    const struct learned_answer *before, const struct learned_answer *after)
{
	char *old = before ? kb_learned__text(before->words, before->n) :
	    xstrdup("");
	char *new = after ? kb_learned__text(after->words, after->n) :
	    xstrdup("");
	int rc = 0;

	if (strcmp(old, new) != 0) {
		a->changed++;
		rc = set_column(a, id, new);
	}
	if (rc == 0 && after)
		rc = insert_words(a, after);
	free(old);
	free(new);
	return rc;
}

static int
apply(struct apply *a, const struct learned *before,
    const struct learned *after)
{
	size_t i;
	int rc;

	if ((rc = kb_db__exec(a->db, "DELETE FROM learned")) < 0 ||
	    (rc = kb_db__prepare(&a->find, a->db, "SELECT a.rowid, f.title,"
	    " f.tags, f.body, f.learned FROM answer a JOIN answer_fts f"
	    " ON f.rowid = a.rowid WHERE a.id = ?")) < 0 ||
	    (rc = kb_db__prepare(&a->update, a->db, "UPDATE answer_fts"
	    " SET learned = ? WHERE rowid = ?")) < 0 ||
	    (rc = kb_db__prepare(&a->insert, a->db, "INSERT INTO learned(id,"
	    " word, agents, weight) VALUES(?, ?, ?, ?)")) < 0)
		return rc;
	for (i = 0; i < after->n && rc == 0; i++)
		rc = apply_answer(a, after->v[i].id,
		    kb_learned__find(before, after->v[i].id), &after->v[i]);
	for (i = 0; i < before->n && rc == 0; i++)
		if (kb_learned__find(after, before->v[i].id) == NULL)
			rc = apply_answer(a, before->v[i].id, &before->v[i],
			    NULL);
	return rc;
}

/*
 * What the logs and the centre's file teach now; -1 when a log could
 * not be read (said through `cb`): then what was learned before stays.
 */
static int
learn_now(struct learned *now, struct kb *kb, struct sources *s,
    kb_diag_cb cb, void *payload)
{
	unsigned long uses;

	if (kb_learn_evidence__read(now, &uses, kb->tokenizer, s->db, s->usage,
	    s->offices) < 0) {
		warn(cb, payload, s->usage ? "usage.db" : "offices.db",
		    kb_error_last());
		return -1;
	}
	read_central(now, kb, s->central, cb, payload);
	kb_learned__finish(now);
	return 0;
}

int
kb_index_learn__update(unsigned *changed, struct kb *kb, struct db *db,
    struct vocab_delta *vocab, int import_offices, kb_diag_cb cb, void *payload)
{
	struct learned before = LEARNED_INIT, now = LEARNED_INIT;
	struct apply a;
	struct sources s;
	char stored[256], check[256], cost[64];
	long long start = now_ms();
	int rc;

	*changed = 0;
	memset(&a, 0, sizeof(a));
	cheap_check(kb, check, sizeof(check));
	if ((rc = sources_open(&s, kb, import_offices, cb, payload)) < 0 ||
	    (rc = kb_db__meta_get(stored, sizeof(stored), db,
	    "learn_state")) < 0)
		goto done;
	/* A log that is there but cannot be read leaves what was learned
	 * from it as it is, and the next update tries again. */
	if (strcmp(stored, s.state) != 0 && !s.failed &&
	    learn_now(&now, kb, &s, cb, payload) == 0) {
		a.kb = kb;
		a.db = db;
		a.vocab = vocab;
		if ((rc = read_table(db, &before)) < 0 ||
		    (rc = apply(&a, &before, &now)) < 0 ||
		    (rc = kb_db__meta_set(db, "learn_state", s.state)) < 0)
			goto done;
		*changed = a.changed;
		snprintf(cost, sizeof(cost), "%lld %lld", now_ms(),
		    now_ms() - start);
		if ((rc = kb_db__meta_set(db, "learn_cost", cost)) < 0)
			goto done;
	}
	rc = kb_db__meta_set(db, "learn_check", check);
done:
	sqlite3_finalize(a.find);
	sqlite3_finalize(a.update);
	sqlite3_finalize(a.insert);
	kb_learned__free(&before);
	kb_learned__free(&now);
	kb_db__close(s.db);
	return rc;
}

int
kb_index_learn__any(int *any, struct db *db)
{
	sqlite3_stmt *st;
	int rc;

	*any = 0;
	if ((rc = kb_db__prepare(&st, db, "SELECT 1 FROM learned LIMIT 1")) < 0)
		return rc;
	rc = sqlite3_step(st);
	*any = rc == SQLITE_ROW;
	sqlite3_finalize(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 :
	    kb_db__fail(db, rc, "reading the learned words");
}

int
kb_index_learn__text(char **text, struct db *db, sqlite3_stmt **st,
    const char *id)
{
	struct learned l = LEARNED_INIT;
	const struct learned_answer *a;
	int rc;

	*text = NULL;
	if (*st == NULL && (rc = kb_db__prepare(st, db, "SELECT word, agents,"
	    " weight FROM learned WHERE id = ?")) < 0)
		return rc;
	sqlite3_bind_text(*st, 1, id, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(*st)) == SQLITE_ROW)
		kb_learned__put(&l, id,
		    (const char *)sqlite3_column_text(*st, 0),
		    (const char *)sqlite3_column_text(*st, 0),
		    (unsigned)sqlite3_column_int(*st, 1),
		    (unsigned)sqlite3_column_int(*st, 2));
	sqlite3_reset(*st);
	if (rc != SQLITE_DONE) {
		kb_learned__free(&l);
		return kb_db__fail(db, rc, "reading an answer's learned words");
	}
	kb_learned__finish(&l);
	a = kb_learned__find(&l, id);
	*text = a ? kb_learned__text(a->words, a->n) : xstrdup("");
	kb_learned__free(&l);
	return 0;
}
