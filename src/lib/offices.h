/*
 * The offices' usage at the centre: the events each copy of an office's
 * KB (a station) pushed to refs/kb/station-usage/<office>/<station>, and
 * each office to refs/kb/usage/<office> before stations, read into
 * <gitdir>/kb/offices.db for kb report --all-offices.  That file is
 * derived (delete it and the next report reads every ref again, and a
 * damaged one is made again by itself); events are keyed by their ref
 * and uid, and one uid counts once per office, so an event read twice
 * counts once, and an office that copies another's uids replaces
 * nothing.  The office and station of an event are its ref's: a line
 * may only give its office's display name ("North Side" on
 * refs/kb/station-usage/north-side/pc1).
 */
#ifndef KB_OFFICES_H
#define KB_OFFICES_H

#include "kb/diag.h"
#include "kb/kb.h"

/*
 * Read what the usage refs gained since the last call.  Lines that are
 * not events, refs not named for an office and refs that cannot be read
 * are skipped and reported through `cb` (may be NULL) as warnings; so is
 * a damaged offices.db, made again.  *path: the database, for ATTACH;
 * caller frees.
 */
int kb_offices__import(char **path, struct kb *kb, kb_diag_cb cb,
    void *payload);

struct db;

/*
 * kb_offices__import(), then offices.db attached to `db` as "offices", for
 * the queries that read every office's events (report, trends, flags).
 */
int kb_offices__attach(struct kb *kb, struct db *db, kb_diag_cb cb,
    void *payload);

/* What an import brought: refs with new commits, events new to it. */
struct offices_counts {
	unsigned long refs, events;
};

/* kb_offices__import(), saying what it brought in *counts (may be NULL). */
int kb_offices__import_counted(char **path, struct offices_counts *counts,
    struct kb *kb, kb_diag_cb cb, void *payload);

/*
 * Count the roll-ups' days before `before` (a date) again from the events
 * of offices.db open as `db`, in the caller's transaction: kb prune
 * dropped the events of those days (report.c reads the roll-ups).
 */
int kb_offices__recount(struct db *db, const char *before);

/*
 * 1 when offices.db is damaged (SQLite's quick_check), for a failure
 * noticed only when a report read it.  It does not touch kb_error_last().
 */
int kb_offices__damaged(struct kb *kb);

/* Remove offices.db (it is derived: the next import makes it again). */
void kb_offices__remove(struct kb *kb);

#endif
