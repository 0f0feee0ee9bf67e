/*
 * What every report query shares (report.c, report_trends.c): binding
 * a named parameter, and reading a statement's rows into a table whose
 * cells are valid UTF-8 without control characters.
 */
#ifndef KB_REPORT_ROWS_H
#define KB_REPORT_ROWS_H

#include <sqlite3.h>

#include "db.h"
#include "kb/report.h"

/* Bind `value` to :name when the statement has it and value is set. */
void kb_report_rows__bind_text(sqlite3_stmt *st, const char *name,
    const char *value);

/*
 * Step `st` to its end, appending each row's t->ncols columns to t,
 * then finalize it.  0, or kb_db__fail() naming `what`.
 */
int kb_report_rows__read_rows(struct kb_table *t, struct db *db,
    sqlite3_stmt *st, const char *what);

#endif
