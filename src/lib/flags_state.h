/*
 * Whether each flag is still open (kb/flags.h), as SQL on a usage log
 * connection, for kb flags, kb flag --close, kb review and the report.
 *
 * kb_flags_state__prepare() makes, in the connection's temp schema:
 *   flag_event  view: the flags and flag_closes that count (an undone
 *               one does not), own log first; with FLAGS_OFFICES, the
 *               offices' too (offices.db attached as "offices"), with
 *               ref, the usage ref it came on ('' for the log's own)
 *   flag_now    table (answer, version): each answer's blob on the branch
 *   flag_fix    table (answer, version, commit_id, time): with
 *               FLAGS_FIX_TIMES, the commit on the branch's first-parent
 *               history that last took the answer away from a version a
 *               flag was made on, and its time (UTC, as the log writes)
 *   flag_state  view: one row per flag, with its state (open, again,
 *               fixed, removed, closed) and how and when it closed
 * The views read the log when they are queried, so a report's read
 * transaction sees one state of it.  kb_flags_state__take_down() drops them
 * all.
 */
#ifndef KB_FLAGS_STATE_H
#define KB_FLAGS_STATE_H

#include "db.h"
#include "kb/kb.h"

#define FLAGS_OFFICES	1	/* offices.db attached: its flags too */
#define FLAGS_FIX_TIMES	2	/* fill flag_fix (walks the history) */

int kb_flags_state__prepare(struct kb *kb, struct db *db, unsigned how);

/* Drop what kb_flags_state__prepare() made (cleanup: never fails the
 * caller). */
void kb_flags_state__take_down(struct db *db);

/* flags_fix.c: fill temp.flag_fix, once flag_event and flag_now exist. */
int kb_flags_state__fill_fixes(struct kb *kb, struct db *db);

#endif
