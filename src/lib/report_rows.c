/* Reading report queries into tables (report_rows.h). */
#include "report_rows.h"

#include <string.h>

#include "buf.h"
#include "utf8.h"
#include "xmalloc.h"

void
kb_report_rows__bind_text(sqlite3_stmt *st, const char *name, const char *value)
{
	int i = sqlite3_bind_parameter_index(st, name);

	if (i > 0 && value)
		sqlite3_bind_text(st, i, value, -1, SQLITE_TRANSIENT);
}

/* A cell as reports show it: valid UTF-8, no control character. */
static char *
clean(const char *v)
{
	struct buf b = BUF_INIT;

	utf8_sanitize(&b, v, strlen(v), 0);
	return buf_detach(&b);
}

int
kb_report_rows__read_rows(struct kb_table *t, struct db *db, sqlite3_stmt *st,
    const char *what)
{
	size_t cap = 0, c;
	int rc;

	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		xgrow(&t->cells, &cap, (t->nrows + 1) * t->ncols,
		    sizeof(char *));
		for (c = 0; c < t->ncols; c++) {
			const char *v = (const char *)
			    sqlite3_column_text(st, (int)c);

			t->cells[t->nrows * t->ncols + c] = v ? clean(v) :
			    NULL;
		}
		t->nrows++;
	}
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 : kb_db__fail(db, rc, what);
}
