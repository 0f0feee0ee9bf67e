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
 */
int report__mark_refined(struct db *db);

/* Drop temp.refined (cleanup: never fails the caller). */
void report__unmark_refined(struct db *db);

#endif
