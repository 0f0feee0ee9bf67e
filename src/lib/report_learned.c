/* The report's learned section (report_learned.h). */
#include "report_learned.h"

#include <string.h>

#include "report_rows.h"

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

int
kb_report_learned__learned(struct kb_table *t, struct db *db)
{
	sqlite3_stmt *st;
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
	/* The words came from agents' queries: the reader cleans each cell. */
	return kb_report_rows__read_rows(t, db, st, t->title);
}
