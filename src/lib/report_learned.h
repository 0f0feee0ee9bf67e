/*
 * kb report's section "learned" (report.h): the words search learned
 * from use for each answer of the KB (index_learn.h), with how many
 * agents taught each and the weight it has, so that a reviewer can make
 * them tags or synonyms.  It is what search uses now, whatever the
 * report's dates and channel.
 */
#ifndef KB_REPORT_LEARNED_H
#define KB_REPORT_LEARNED_H

#include "db.h"
#include "kb/report.h"

/* Fill `t` from the index attached to `db` as idx (in a transaction). */
int kb_report_learned__learned(struct kb_table *t, struct db *db);

#endif
