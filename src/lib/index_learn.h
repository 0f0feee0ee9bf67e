/*
 * Learning from use in the index: the words learned for each answer
 * (learned.h) kept in the learned table and, for each indexed answer, as
 * the text of answer_fts's learned column, which kb_rank() weighs beside
 * title, tags and body.
 *
 * What is learned comes from the usage log (<state>/usage.db), at the
 * centre also from the offices' usage (offices.h: read into offices.db
 * from refs/kb/usage/<office>), and at an office also from the file the
 * centre published (refs/kb/central/learned, learn_file.h), merged
 * (kb_learned__put).  The meta table records what it was read from, so an
 * update reads the logs again only when they changed:
 *
 *   learn_check  the usage log's files as stat() sees them and the
 *                centre's learned commit: what every search compares,
 *                cheaply;
 *   learn_state  the log's last use, the offices' last event, the
 *                centre's learned commit: what an update compares.
 *
 * The learned table holds the words of every answer that has any,
 * indexed or not, so that an answer added or changed gets its words when
 * it is inserted (kb_index_learn__text), with no log read then.
 */
#ifndef KB_INDEX_LEARN_H
#define KB_INDEX_LEARN_H

#include "db.h"
#include "kb/diag.h"
#include "kb/kb.h"
#include "vocab.h"

#define INDEX_LEARN_CENTRAL_REF "refs/kb/central/learned"

/*
 * 1 when neither the usage log nor the centre's learned ref moved since
 * the open index (kb->index) learned: a row of the index, two stat()
 * calls and a ref read, for every search.  Also 1 while learning, when it took
 * long (a big log), would take more than a tenth of the time since it
 * last ran: the refresh learns a little later.
 */
int kb_index_learn__current(struct kb *kb);

/*
 * In the write transaction open on `db` (kb->index, or a full build's new
 * file), before the answers that changed are removed and added: when
 * what learning reads changed, read it again, write the
 * learned table and the learned column of every indexed answer whose
 * words changed, and count their vocabulary into `vocab`.  *changed: how
 * many answers' words changed.  At the centre, with `import_offices`,
 * offices.db first reads what the usage refs gained (offices.h), its
 * warnings through `cb`; else it is read as it is.  A log or a
 * published file that cannot
 * be read is a warning through `cb` (may be NULL), and what was learned
 * before stays; only a failure to write the index is an error.
 */
int kb_index_learn__update(unsigned *changed, struct kb *kb, struct db *db,
    struct vocab_delta *vocab, int import_offices, kb_diag_cb cb,
    void *payload);

/*
 * Read the centre's learned words as fetched (INDEX_LEARN_CENTRAL_REF)
 * only to tell what is wrong in them, through `cb`: for kbsync, which
 * fetched them.  Words are read with the index's tokenizer: the caller
 * opens the index first (kb_index__open).
 */
void kb_index_learn__check_central(struct kb *kb, kb_diag_cb cb,
    void *payload);

/* *any: 1 when the learned table has a row (else no answer has words). */
int kb_index_learn__any(int *any, struct db *db);

/*
 * The learned column's text for answer `id` from the learned table, in
 * *text (caller frees; "" when it has none).  *st is a statement cached
 * by the caller between calls (finalize it when done).
 */
int kb_index_learn__text(char **text, struct db *db, sqlite3_stmt **st,
    const char *id);

#endif
