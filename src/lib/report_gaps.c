/* The searches an agent refined into a use (report_gaps.h). */
#include "report_gaps.h"

#include "kb/report.h"

#define STR_(x) #x
#define STR(x) STR_(x)
/* The time `t` plus the refining window, as the log writes times. */
#define WITHIN(t) "strftime('%Y-%m-%dT%H:%M:%SZ', " t ", '+" \
	STR(KB_REPORT_REFINE_SECONDS) " seconds')"

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
    "  WHERE s.kind = 'search' AND EXISTS (SELECT 1 FROM event u"
    "   WHERE u.kind = 'use' AND u.agent = s.agent"
    "   AND u.office IS s.office AND u.time >= s.time"
    "   AND u.time <= " WITHIN("s.time") ")"
    "  UNION"
    "  SELECT s.uid, s.agent, s.office, s.time FROM event s JOIN r"
    "  ON s.agent = r.agent AND s.office IS r.office"
    "  WHERE s.kind = 'search' AND s.uid <> r.uid AND s.time <= r.time"
    "  AND r.time <= " WITHIN("s.time")
    " ) SELECT DISTINCT uid FROM r";

int
report__mark_refined(struct db *db)
{
	int rc;

	if ((rc = db_exec(db, "CREATE TEMP TABLE IF NOT EXISTS refined("
	    "uid TEXT PRIMARY KEY)")) < 0 ||
	    (rc = db_exec(db, "DELETE FROM temp.refined")) < 0)
		return rc;
	return db_exec(db, mark_sql);
}

void
report__unmark_refined(struct db *db)
{
	db_cleanup(db, "DROP TABLE IF EXISTS temp.refined");
}
