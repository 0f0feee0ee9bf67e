/*
 * Retention: kb prune drops the usage log's events older than a day, so
 * that customers' words in queries are not kept for ever.  An office
 * drops only what the centre has received (kbsync's Kb-Usage-Last mark),
 * and never the event that mark names nor the last event, so that kbsync
 * goes on sending exactly once and seq (kb/export.h) never goes back.
 */
#ifndef KB_PRUNE_H
#define KB_PRUNE_H

#include "diag.h"
#include "kb.h"

struct kb_prune_result {
	unsigned long dropped;	/* events dropped from this KB's log */
	unsigned long waiting;	/* older ones kept: the centre has not
				   received them yet (run kbsync first) */
	unsigned long office_dropped;	/* all_offices: from offices.db */
	unsigned long refs_pruned;	/* usage refs whose history before the
					   day was replaced (kbsync sends it) */
	unsigned long refs_unsent;	/* ones left: the centre's copy is not
					   their tip (run kbsync first) */
};

/*
 * Drop the events logged before `before` (YYYY-MM-DD, UTC): from this
 * KB's usage log, and with `all_offices` (the centre) from the offices'
 * events read into offices.db too.  Deleted pages are overwritten
 * (SQLite's secure_delete), so the words are gone from the files.
 * A station's usage ref whose tip the centre has is replaced by a new
 * history without those days (usage_ref.h), which kbsync sends in place
 * of the old one.
 * KB_EINVALID for a date that is not one.
 */
int kb_prune(struct kb_prune_result *out, struct kb *kb, const char *before,
    int all_offices, kb_diag_cb cb, void *payload);

#endif
