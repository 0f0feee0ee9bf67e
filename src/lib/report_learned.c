/* The report's learned section (report_learned.h). */
#include "report_learned.h"

#include <string.h>

#include "buf.h"
#include "utf8.h"
#include "xmalloc.h"

static const char *const cols[] = { "answer", "title", "word", "agents",
    "weight", NULL };

/*
 * agents is NULL for a word only the centre's published file gave: the
 * centre's agents are not known here, only the weight it gave the word.
 */
static const char sql[] =
    "SELECT l.id, a.title, l.word, nullif(l.agents, 0), l.weight"
    " FROM idx.learned l JOIN idx.answer a ON a.id = l.id"
    " ORDER BY l.id, l.weight DESC, l.agents DESC, l.word";

/* The words came from agents' queries: no control character passes. */
static char *
clean(const char *v)
{
	struct buf b = BUF_INIT;

	utf8_sanitize(&b, v, strlen(v), 0);
	return buf_detach(&b);
}

int
kb_report_learned__learned(struct kb_table *t, struct db *db)
{
	sqlite3_stmt *st;
	size_t cap = 0, c;
	int rc;

	memset(t, 0, sizeof(*t));
	t->name = "learned";
	t->title = "Learned from use: words of searches that ended with the "
	    "answer used";
	t->cols = cols;
	t->numeric = "...nn";
	t->ncols = sizeof(cols) / sizeof(cols[0]) - 1;
	if ((rc = kb_db__prepare(&st, db, sql)) < 0)
		return rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		xgrow(&t->cells, &cap, (t->nrows + 1) * t->ncols,
		    sizeof(char *));
		for (c = 0; c < t->ncols; c++) {
			const char *v = (const char *)
			    sqlite3_column_text(st, (int)c);

			t->cells[t->nrows * t->ncols + c] = v ? clean(v) : NULL;
		}
		t->nrows++;
	}
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 : kb_db__fail(db, rc, t->title);
}
