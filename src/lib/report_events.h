/*
 * The events a report counts, as a temporary view named event that hides
 * the log's own table (SQLite looks in temp first): an undo, and the
 * event it takes back, are as if they never happened.  With
 * --all-offices, the offices' events too (offices.db attached as
 * "offices"), each office's undos taking back only its own.
 *
 * report.c keeps the same text for the report's sections; the trends
 * (report_trends.c) read through these, so both count the same events.
 */
#ifndef KB_REPORT_EVENTS_H
#define KB_REPORT_EVENTS_H

#define REPORT_OWN_EVENTS \
    " SELECT uid, time, kind, agent, office, channel, answer, version," \
    "  query, hits, reason, sure, NULL AS station FROM main.event e" \
    "  WHERE kind <> 'undo' AND NOT EXISTS (SELECT 1 FROM main.event u" \
    "   WHERE u.undoes = e.uid)"

#define REPORT_OWN_VIEW "CREATE TEMP VIEW event AS" REPORT_OWN_EVENTS

#define REPORT_ALL_OFFICES_VIEW \
    "CREATE TEMP VIEW event AS" REPORT_OWN_EVENTS \
    " UNION ALL" \
    " SELECT uid, time, kind, agent," \
    "  coalesce(office, substr(ref, 15)), channel, answer, version," \
    "  query, hits, reason, sure, station FROM offices.event o" \
    "  WHERE kind <> 'undo' AND uid NOT IN (SELECT uid FROM main.event)" \
    "  AND NOT EXISTS (SELECT 1 FROM offices.event u" \
    "   WHERE u.ref = o.ref AND u.undoes = o.uid)"

/*
 * Every event query filters with REPORT_FILTER: times are
 * "YYYY-MM-DDTHH:MM:SSZ", so "until" is inclusive when compared with the
 * date followed by 'U' (which sorts after the 'T' of any time that day).
 */
#define REPORT_FILTER " time >= :since AND time < :until || 'U'" \
	" AND (:channel IS NULL OR channel = :channel) "

#endif
