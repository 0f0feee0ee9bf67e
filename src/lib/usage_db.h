/*
 * The usage log's database file: <gitdir>/kb/usage.db, WAL, created on
 * first use with the schema kb(1) documents under FILES.
 */
#ifndef KB_USAGE_DB_H
#define KB_USAGE_DB_H

#include "db.h"
#include "kb/kb.h"

#define USAGE_SCHEMA_VERSION 4

/* The KB's usage database, opened (and created) on first need. */
int kb_usage_db__open(struct db **out, struct kb *kb);

/*
 * Append a flag_close event (e->kind KB_EVENT_FLAG_CLOSE, with its
 * reason) naming the uid of the flag it closes: for kb_flag_close()
 * (flags.c), which checks who may close what.  As kb_usage_log().
 */
struct kb_event;
int kb_usage_db__log_close(struct kb *kb, const struct kb_event *e,
    const char *closes, unsigned timeout_ms);

#endif
