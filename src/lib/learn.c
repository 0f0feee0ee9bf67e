/*
 * Learning from use (kb/learn.h): what kb learn shows, and the centre
 * publishing it on refs/kb/learned.
 */
#include "kb/learn.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "kb/error.h"
#include "kb/index.h"
#include "kb/sync.h"
#include "kb_private.h"
#include "learn_file.h"
#include "learned.h"
#include "store.h"
#include "xmalloc.h"

int
kb_learn_update(struct kb_learn_summary *out, struct kb *kb, kb_diag_cb cb,
    void *payload)
{
	struct kb_index_stats stats;
	sqlite3_stmt *st;
	int rc;

	memset(out, 0, sizeof(*out));
	if ((rc = kb_index_update(&stats, kb, KB_INDEX_OFFICES, cb,
	    payload)) < 0)
		return rc;
	out->changed = stats.learned;
	/* Words for answers no longer in the KB wait in the table, unused. */
	if ((rc = kb_db__prepare(&st, kb->index, "SELECT count(DISTINCT l.id),"
	    " count(*) FROM learned l JOIN answer a ON a.id = l.id")) < 0)
		return rc;
	if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		out->answers = (size_t)sqlite3_column_int64(st, 0);
		out->words = (size_t)sqlite3_column_int64(st, 1);
	}
	sqlite3_finalize(st);
	return rc == SQLITE_ROW ? 0 : kb_db__fail(kb->index, rc,
	    "counting the learned words");
}

/* What the centre learned itself, for the answers of the KB. */
static int
read_own(struct kb *kb, struct learned *l)
{
	sqlite3_stmt *st;
	int rc;

	if ((rc = kb_index__open(kb)) < 0 ||
	    (rc = kb_db__prepare(&st, kb->index,
	    "SELECT l.id, l.word, l.agents,"
	    " l.weight FROM learned l JOIN answer a ON a.id = l.id"
	    " WHERE l.agents > 0")) < 0)
		return rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		kb_learned__put(l, (const char *)sqlite3_column_text(st, 0),
		    (const char *)sqlite3_column_text(st, 1),
		    (const char *)sqlite3_column_text(st, 1),
		    (unsigned)sqlite3_column_int(st, 2),
		    (unsigned)sqlite3_column_int(st, 3));
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return kb_db__fail(kb->index, rc, "reading the learned words");
	kb_learned__finish(l);
	return 0;
}

/* 1 when refs/kb/learned at `commit` holds exactly `text`. */
static int
same_file(struct kb *kb, const char *commit, const char *text)
{
	struct kb_store_commit c;
	char blob[KB_OID_HEX + 1];
	char *old = NULL;
	size_t len = 0;
	int same = 0;

	if (kb_store__commit_read(&c, kb->store, commit) < 0)
		goto done;
	if (kb_store__lookup_path(blob, kb->store, c.tree,
	    LEARN_FILE_PATH) == 0 &&
	    kb_store__read_blob_max(&old, &len, kb->store, blob,
	    LEARN_FILE_MAX) == 0)
		same = len == strlen(text) && memcmp(old, text, len) == 0;
	kb_store__commit_clear(&c);
done:
	free(old);
	kb_error_clear();
	return same;
}

static int
write_file(struct kb *kb, const char *old, const char *text,
    struct kb_learn_published *out)
{
	struct kb_store_sig who = { "kb learn", "kb@kb.invalid" };
	struct kb_store_file file = { LEARN_FILE_PATH, text, strlen(text) };
	char *message;
	int rc;

	message = xasprintf("learned: %zu word%s for %zu answer%s\n\n"
	    "Kb-Learned-Answers: %zu\nKb-Learned-Words: %zu\n", out->words,
	    out->words == 1 ? "" : "s", out->answers,
	    out->answers == 1 ? "" : "s", out->answers, out->words);
	/* No parent: an office fetches this file, never its history. */
	rc = kb_store__commit_files(out->commit, kb->store, "", &file, 1, &who,
	    message);
	free(message);
	if (rc == 0)
		rc = kb_store__ref_set(kb->store, KB_LEARN_REF, old,
		    out->commit, "kb learn --publish");
	if (rc == KB_ECONFLICT)
		rc = kb_error_set(rc, "%s moved while kb learn --publish wrote "
		    "it; run it again", KB_LEARN_REF);
	return rc;
}

int
kb_learn_publish(struct kb_learn_published *out, struct kb *kb)
{
	struct learned l = LEARNED_INIT;
	struct kb_sync_status sync;
	char old[KB_OID_HEX + 1] = "";
	char *text = NULL;
	int rc;

	memset(out, 0, sizeof(*out));
	if ((rc = kb_sync_status(&sync, kb)) < 0)
		return rc;
	if (sync.office)
		return kb_error_set(KB_EINVALID, "%s is an office's KB: "
		    "learning is published at the centre (kb learn --publish "
		    "there), and kbsync brings it here", kb_path(kb));
	if ((rc = kb__store(kb)) < 0 || (rc = read_own(kb, &l)) < 0)
		goto done;
	text = kb_learn_file__format(&out->answers, &out->words, &out->left_out,
	    &l);
	if (kb_store__ref(old, kb->store, KB_LEARN_REF) < 0)
		old[0] = '\0';
	kb_error_clear();
	if (*old && same_file(kb, old, text)) {
		memcpy(out->commit, old, sizeof(old));
		goto done;
	}
	out->changed = 1;
	rc = write_file(kb, old, text, out);
done:
	free(text);
	kb_learned__free(&l);
	return rc;
}
