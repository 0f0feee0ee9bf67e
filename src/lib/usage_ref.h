/*
 * The usage ref, refs/kb/usage/<office>: the office's usage events as
 * append-only commits of JSON lines, one file per UTC day, so that they
 * reach the centre with the rest of the repository and without
 * conflicts (each office writes only its own ref).  kbsync(1) documents
 * the format.
 */
#ifndef KB_USAGE_REF_H
#define KB_USAGE_REF_H

#include "kb/kb.h"

/*
 * The fields of a line, in the order they are written.  A field is only
 * ever added at the end, and a reader takes a line without it (an older
 * office's) as it was: "sure" came with usage.db schema 2, "undoes" (the
 * uid an undo takes back) with schema 3.
 */
extern const char *const usage_ref__fields[];
#define USAGE_REF_NFIELDS 13

/*
 * Append to `ref` the events logged since the event its tip says it
 * holds last (a commit per batch).  A new ref (the office was renamed)
 * starts after the highest event the centre has of this KB's other
 * usage refs: the copies named `sent_prefix` + office that this KB's
 * refs contain.  *count: how many.  With `dry_run`, count them only.
 */
int usage_ref__export(struct kb *kb, const char *ref, const char *office,
    const char *sent_prefix, int dry_run, unsigned long *count);

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
int usage_ref__rejoin(struct kb *kb, const char *ref, const char *office,
    const char *sent, const char *theirs, int dry_run,
    char tip[KB_OID_HEX + 1]);

/* Events in the commits `tip` has and `sent` ("" for none) has not. */
int usage_ref__count(struct kb *kb, const char *tip, const char *sent,
    unsigned long *count);

#endif
