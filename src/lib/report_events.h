/*
 * The events a report counts, as a temporary view named event that hides
 * the log's own table (SQLite looks in temp first): an undo, and the
 * event it takes back, are as if they never happened.  With
 * --all-offices, the offices' events too (offices.db attached as
 * "offices"), each office's undos taking back only its own.
 *
 * The report's sections (report.c) and the trends (report_trends.c)
 * both read through these, so both count the same events.
 */
#ifndef KB_REPORT_EVENTS_H
#define KB_REPORT_EVENTS_H

#define REPORT_OWN_EVENTS \
    " SELECT uid, time, kind, agent, office, channel, answer, version," \
    "  query, hits, reason, sure, NULL AS station FROM main.event own_event" \
    "  WHERE kind <> 'undo' AND NOT EXISTS (SELECT 1 FROM main.event" \
    "   own_undo WHERE own_undo.undoes = own_event.uid)"

#define REPORT_OWN_VIEW "CREATE TEMP VIEW event AS" REPORT_OWN_EVENTS

/*
 * The aliases own_event, own_undo, own_copy, office_event and office_undo
 * name the event tables in a query plan: the report's plan test
 * (tests/unit/test_report_plan.c) fails on a full scan of any of them.
 * report.c reads the period's events through these once, into a
 * temporary table named event; the trends read through the views.
 */
#define REPORT_ALL_OFFICES_VIEW \
    "CREATE TEMP VIEW event AS" REPORT_ALL_OFFICES_EVENTS

#define REPORT_ALL_OFFICES_EVENTS REPORT_OWN_EVENTS \
    " UNION ALL" \
    " SELECT uid, time, kind, agent," \
    "  coalesce(office, substr(ref, 15)), channel, answer, version," \
    "  query, hits, reason, sure, station FROM offices.event office_event" \
    "  WHERE kind <> 'undo' AND NOT EXISTS (SELECT 1 FROM main.event" \
    "   own_copy WHERE own_copy.uid = office_event.uid)" \
    "  AND NOT EXISTS (SELECT 1 FROM offices.event office_undo" \
    "   WHERE office_undo.ref = office_event.ref" \
    "   AND office_undo.undoes = office_event.uid)"

/*
 * Every event query filters with REPORT_FILTER: times are
 * "YYYY-MM-DDTHH:MM:SSZ", so "until" is inclusive when compared with the
 * date followed by 'U' (which sorts after the 'T' of any time that day).
 */
#define REPORT_FILTER " time >= :since AND time < :until || 'U'" \
	" AND (:channel IS NULL OR channel = :channel) "

#endif
