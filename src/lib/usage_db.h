/*
 * The usage log's database file: <gitdir>/kb/usage.db, WAL, created on
 * first use with the schema kb(1) documents under FILES.
 */
#ifndef KB_USAGE_DB_H
#define KB_USAGE_DB_H

#include "db.h"
#include "kb/kb.h"

#define USAGE_SCHEMA_VERSION 3

/* The KB's usage database, opened (and created) on first need. */
int usage_db__open(struct kb *kb, struct db **out);

#endif
