/*
 * The index database's schema.  The index is derived data: a file of
 * another schema version is deleted and built again, never migrated.
 */
#ifndef KB_SCHEMA_H
#define KB_SCHEMA_H

#include "db.h"

#define INDEX_SCHEMA_VERSION 7	/* 6: learned words; 7: no title_fts */

/* Create the tables in an empty database (inside a transaction). */
int kb_schema__index_create(struct db *db);

#endif
