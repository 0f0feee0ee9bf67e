/* The index database's tables; see schema.h and kb(1), FILES. */
#include "schema.h"

#include <stdio.h>

#include "fts.h"

/*
 * answer:     one row per indexed answer: what a result list shows.
 * answer_fts: title, tags and the rendered text of the body (every
 *             channel), stemmed; it keeps the text snippets come from.
 *             Its fourth column, learned, holds the words learned from
 *             use (learned.h), each as often as its weight.
 * vocab:      the words of titles and tags, unstemmed, with the number of
 *             answers using each: word completion and typo correction.
 * stems:      the stems answer_fts holds, with the number of answers
 *             using each: document frequencies for ranking, typo
 *             correction (see vocab.h).
 * learned:    the words learned from use, per answer id (whether or
 *             not that answer is indexed now), with their agents and
 *             weight: what answer_fts's learned column holds
 *             (index_learn.h), and what kb report and kb learn
 *             --publish show.
 * skipped:    answers left out because another file has their id; they
 *             come in when that id is free again.
 * notice:     the notices (notices/<id>.md) that parse, as written: few
 *             and short, they are parsed again when read, since whether
 *             one is shown depends on the time of day.
 * meta:       indexed commit and tree, synonyms.txt, and what the
 *             learned words were read from (index_learn.h).
 */
static const char *const schema[] = {
	"CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT) WITHOUT ROWID",
	"CREATE TABLE answer("
	"  rowid INTEGER PRIMARY KEY,"
	"  id TEXT NOT NULL UNIQUE,"
	"  path TEXT NOT NULL UNIQUE,"
	"  version TEXT NOT NULL,"
	"  title TEXT NOT NULL,"
	"  tags TEXT NOT NULL,"
	"  lang TEXT NOT NULL,"
	"  audience TEXT NOT NULL,"
	"  review_by TEXT,"
	"  standard TEXT,"
	"  related TEXT NOT NULL,"
	"  translation_of TEXT,"
	"  translations TEXT NOT NULL,"	/* "es:id, fr:id" */
	"  effective TEXT,"
	"  expires TEXT,"
	"  replaces TEXT)",
	"CREATE INDEX answer_replaces ON answer(replaces)"
	"  WHERE replaces IS NOT NULL",
	"CREATE INDEX answer_translation_of ON answer(translation_of)"
	"  WHERE translation_of IS NOT NULL",
	"CREATE TABLE notice(path TEXT PRIMARY KEY, id TEXT NOT NULL,"
	"  version TEXT NOT NULL, text TEXT NOT NULL) WITHOUT ROWID",
	"CREATE VIRTUAL TABLE answer_fts USING fts5(title, tags, body,"
	"  learned, tokenize='" FTS_TOKENIZE_STEMMED "')",
	"CREATE TABLE vocab(term TEXT PRIMARY KEY, df INTEGER NOT NULL)"
	"  WITHOUT ROWID",
	"CREATE TABLE stems(term TEXT PRIMARY KEY, df INTEGER NOT NULL)"
	"  WITHOUT ROWID",
	"CREATE TABLE learned(id TEXT NOT NULL, word TEXT NOT NULL,"
	"  agents INTEGER NOT NULL, weight INTEGER NOT NULL,"
	"  PRIMARY KEY(id, word)) WITHOUT ROWID",
	"CREATE TABLE skipped(path TEXT PRIMARY KEY, id TEXT NOT NULL,"
	"  version TEXT NOT NULL) WITHOUT ROWID",
	"CREATE INDEX skipped_id ON skipped(id)",
	NULL
};

int
kb_schema__index_create(struct db *db)
{
	char sql[64];
	int rc, i;

	if ((rc = kb_db__exec(db, "BEGIN IMMEDIATE")) < 0)
		return rc;
	for (i = 0; schema[i]; i++)
		if ((rc = kb_db__exec(db, schema[i])) < 0)
			goto fail;
	snprintf(sql, sizeof(sql), "PRAGMA user_version=%d",
	    INDEX_SCHEMA_VERSION);
	if ((rc = kb_db__exec(db, sql)) < 0)
		goto fail;
	return kb_db__exec(db, "COMMIT");
fail:
	kb_db__rollback(db);
	return rc;
}
