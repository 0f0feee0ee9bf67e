/*
 * The usage refs: the office's usage events as append-only commits of
 * JSON lines, one file per UTC day, so that they reach the centre with
 * the rest of the repository and without conflicts.  kbsync(1)
 * documents the format.
 *
 * Each KB copy (a station: one PC, or one office server) writes its own
 * ref, refs/kb/station-usage/<office>/<station>, so that an office has
 * as many copies as it has PCs.  Why not refs/kb/usage/<office>/<station>:
 * an office synced by an older kbsync has refs/kb/usage/<office>, and git
 * cannot hold that ref and refs/kb/usage/<office>/<station> at once (a
 * ref is a file, and a folder of the same name cannot be beside it).
 * Moving the old ref would mean deleting a usage ref at the centre
 * (which its hook refuses) and an office not yet upgraded pushing into
 * a name that is gone.  With a prefix of their own, the old ref stays
 * where it is, the centre goes on reading it, an office not yet
 * upgraded goes on pushing it, and an upgraded copy starts its station
 * ref after the last event the centre has of the old one.
 */
#ifndef KB_USAGE_REF_H
#define KB_USAGE_REF_H

#include "kb/kb.h"
#include "office_name.h"
#include "store.h"

/* A copy's ref: USAGE_REF_STATIONS <office>/<station>. */
#define USAGE_REF_STATIONS "refs/kb/station-usage/"
/* An office's one ref, as kbsync wrote it before stations: <office>. */
#define USAGE_REF_OFFICES "refs/kb/usage/"
/* Where kbsync keeps the centre's copy of a ref refs/kb/<x>. */
#define USAGE_REF_CENTRAL "refs/kb/central/"
#define USAGE_REF_MAX (sizeof(USAGE_REF_STATIONS) + 2 * OFFICE_NAME_MAX + 2)

/* refs/kb/station-usage/<office>/<station>, both slugs. */
void kb_usage_ref__station(char out[USAGE_REF_MAX], const char *office,
    const char *station);

/*
 * A usage ref's office and station, as the centre reads them: 1 for
 * refs/kb/station-usage/<office>/<station> (two valid slugs) and for
 * refs/kb/usage/<office> (station ""), else 0.
 */
int kb_usage_ref__parse(char office[OFFICE_NAME_MAX + 1],
    char station[OFFICE_NAME_MAX + 1], const char *ref);

/*
 * The fields of a line, in the order they are written.  A field is only
 * ever added at the end, and a reader takes a line without it (an older
 * office's) as it was: "sure" came with usage.db schema 2, "undoes" (the
 * uid an undo takes back) with schema 3, "closes" (the uid of the flag a
 * flag_close closes) with schema 4.
 */
extern const char *const kb_usage_ref__fields[];
#define USAGE_REF_NFIELDS 14

/*
 * Append to `ref` (office `office`, station `station`) the events logged
 * since the last one sent: after the event its tip says it holds last,
 * or, when higher, the last event the centre has of this KB's other
 * usage refs (the office or the station renamed, an office's ref from
 * before stations, a name used before and again): the copies
 * USAGE_REF_CENTRAL <x> of this KB's refs refs/kb/<x> that those refs
 * contain.  At most `max` of them (the rest wait for the next export),
 * a commit per batch, each naming the events still waiting after it
 * (Kb-Usage-Backlog).  *count: how many.  With `dry_run`, count them
 * only.
 */
int kb_usage_ref__export(unsigned long *count, struct kb *kb, const char *ref,
    const char *office, const char *station, unsigned long max, int dry_run);

/*
 * The centre's copy of the usage ref, `theirs`, is not part of the
 * office's ref `tip`.  When the centre had this office's usage before
 * (`sent`, its copy as this office last knew it, is part of `tip`),
 * someone else moved the ref there: a commit joining `tip` to `theirs`
 * (the office's own tree, both as parents: see kbsync(1), USAGE MOVED AT
 * THE CENTRE) becomes the ref's tip, so that the push is a fast-forward,
 * nothing at the centre is lost, and every event of this office is
 * there again (the centre counts each once).  Returns 1 when joined
 * (*tip is the new commit; with `dry_run` nothing is written and *tip is
 * as it was), 0 when this office never had its usage there: another
 * knowledge base uses the name, and nothing is done.
 */
int kb_usage_ref__rejoin(struct kb *kb, const char *ref, const char *office,
    const char *station, const char *sent, const char *theirs, int dry_run,
    char tip[KB_OID_HEX + 1]);

/*
 * Reading a ref (the centre's import).  Two layouts, read alike:
 *  - since issue 18, a commit's tree holds only the events it adds, in
 *    one file per UTC day (YYYY-MM-DD.jsonl, undated.jsonl);
 *  - before, a commit's tree held every day file whole, each one
 *    growing at its end at every sync.
 * What a commit adds is, for each file, what it has beyond the same file
 * of its first parent: the new end of a file that only grew, else the
 * whole file.  A file not carried on is not an event removed.  Only
 * the first-parent history is the ref's own: a join (kb_usage_ref__rejoin)
 * adds nothing, and what it joins (someone else's commits) is not read.
 */

/*
 * For each commit on the first-parent history of `tip` down to `since`
 * ("" for none: all; or to a commit `since` has), oldest first, `cb`
 * with each file it changed against its first parent
 * (kb_store__diff_files: old_oid NULL for a file the parent lacks).
 */
int kb_usage_ref__changes(struct kb *kb, const char *tip, const char *since,
    kb_store_change_cb cb, void *payload);

/* One event line (no '\n', not empty) of `file`, its line `lineno`. */
typedef int (*usage_ref_line_cb)(const char *file, unsigned lineno,
    const char *line, size_t len, void *payload);

/*
 * The event lines the commits of `tip` since `since` added, oldest
 * commit first, read as kb_usage_ref__changes says.  A file larger than
 * `max_file` bytes fails the read (KB_EINVALID).  A non-zero return
 * from `cb` stops it and is returned.
 */
int kb_usage_ref__lines(struct kb *kb, const char *tip, const char *since,
    size_t max_file, usage_ref_line_cb cb, void *payload);

/* Events in the commits `tip` has and `sent` ("" for none) has not. */
int kb_usage_ref__count(unsigned long *count, struct kb *kb, const char *tip,
    const char *sent);

/*
 * Pruning a station's ref (kb prune --before DATE, kbsync(1) PRUNED
 * HISTORY): the ref at `tip` is replaced by one root commit whose day
 * files hold the events of `tip`'s history on or after `before`
 * (and undated ones), with the mark of `tip` (Kb-Usage-Last) and
 * "Kb-Usage-Pruned: <tip>".  The ref moves only if still at `tip`.
 * 1 when done (*tip is the new root), 0 when the history holds nothing
 * before `before` (nothing is written), or an error.
 */
int kb_usage_ref__prune(struct kb *kb, const char *ref, const char *before,
    char tip[KB_OID_HEX + 1]);

/*
 * 1 when the root of `tip`'s first-parent history (*root) is such a
 * commit, with the tip it replaced in *old; 0 when not; or an error.
 */
int kb_usage_ref__pruned_from(char old[KB_OID_HEX + 1],
    char root[KB_OID_HEX + 1], struct kb *kb, const char *tip);

#endif
