/*
 * The searches an agent refined (report.h, KB_REPORT_REFINE_SECONDS):
 * not content gaps, since the agent found the answer a moment later.
 */
#ifndef KB_REPORT_GAPS_H
#define KB_REPORT_GAPS_H

#include "db.h"

/*
 * Fill temp.refined(uid) with the uids of the searches of the event
 * view that were refined; the content gaps section leaves them out.
 * Only the searches from `since` to the day after `until` (NULL: no
 * bound) are read, so the cost is the period's.
 */
int kb_report_gaps__mark_refined(struct db *db, const char *since,
    const char *until);

/* Its SQL (:since, :until), for the test of the report's query plans. */
const char *kb_report_gaps__refined_sql(void);

/* Drop temp.refined (cleanup: never fails the caller). */
void kb_report_gaps__unmark_refined(struct db *db);

#endif
