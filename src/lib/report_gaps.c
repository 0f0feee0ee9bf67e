/* The searches an agent refined into a use (report_gaps.h). */
#include "report_gaps.h"

#include "kb/report.h"

#define STR_(x) #x
#define STR(x) STR_(x)
/* The time `t` plus the refining window, as the log writes times. */
#define WITHIN(t) "strftime('%Y-%m-%dT%H:%M:%SZ', " t ", '+" \
	STR(KB_REPORT_REFINE_SECONDS) " seconds')"
/* The time `t` less the window: a bound an index on time can take. */
#define BEFORE(t) "strftime('%Y-%m-%dT%H:%M:%SZ', " t ", '-" \
	STR(KB_REPORT_REFINE_SECONDS) " seconds')"
/*
 * The searches of the period, and of the day after it (a refining that
 * crosses the end of the period), and the uses of the same days: a
 * report of a month reads the month's events, not the history's.  The
 * bounds are constants, so that SQLite takes them into each part of the
 * event view (one compared with s.time, a column of another table, it
 * would not).  :since and :until as the
 * report's (report_events.h); :until "9999" for no end (not a date:
 * SQLite's date() would take it for a Julian day number).
 */
#define IN_PERIOD(t) " " t " >= :since AND " t " < iif(length(:until)" \
	" = 10, date(:until, '+1 day'), :until) || 'U' "

/*
 * A search is refined when the same agent, in the same office, used an
 * answer within the window after it, or made a search within the window
 * after it that is refined in turn.  Times are UTC strings of one form,
 * so they compare as text.
 */
static const char mark_sql[] =
    "INSERT INTO temp.refined"
    " WITH RECURSIVE r(uid, agent, office, time) AS ("
    "  SELECT s.uid, s.agent, s.office, s.time FROM event s"
    "  WHERE s.kind = 'search' AND" IN_PERIOD("s.time")
    "  AND EXISTS (SELECT 1 FROM event u"
    "   WHERE u.kind = 'use' AND" IN_PERIOD("u.time") "AND u.agent = s.agent"
    "   AND u.office IS s.office AND u.time >= s.time"
    "   AND u.time <= " WITHIN("s.time") ")"
    "  UNION"
    "  SELECT s.uid, s.agent, s.office, s.time FROM event s JOIN r"
    "  ON s.agent = r.agent AND s.office IS r.office"
    "  WHERE s.kind = 'search' AND s.uid <> r.uid AND s.time <= r.time"
    "  AND s.time >= " BEFORE("r.time") " AND" IN_PERIOD("s.time")
    " ) SELECT DISTINCT uid FROM r";

const char *
kb_report_gaps__refined_sql(void)
{
	return mark_sql;
}

int
kb_report_gaps__mark_refined(struct db *db, const char *since,
    const char *until)
{
	sqlite3_stmt *st;
	int rc;

	if ((rc = kb_db__exec(db, "CREATE TEMP TABLE IF NOT EXISTS refined("
	    "uid TEXT PRIMARY KEY)")) < 0 ||
	    (rc = kb_db__exec(db, "DELETE FROM temp.refined")) < 0 ||
	    (rc = kb_db__prepare(&st, db, mark_sql)) < 0)
		return rc;
	sqlite3_bind_text(st, sqlite3_bind_parameter_index(st, ":since"),
	    since ? since : "0000", -1, SQLITE_STATIC);
	sqlite3_bind_text(st, sqlite3_bind_parameter_index(st, ":until"),
	    until ? until : "9999", -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 : kb_db__fail(db, rc,
	    "finding the searches refined");
}

void
kb_report_gaps__unmark_refined(struct db *db)
{
	kb_db__cleanup(db, "DROP TABLE IF EXISTS temp.refined");
}
