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

/* The fields of a line, in the order they are written. */
extern const char *const usage_ref__fields[];
#define USAGE_REF_NFIELDS 11

/*
 * Append to `ref` the events logged since the event its tip says it
 * holds last (a commit per batch).  A new ref (the office was renamed)
 * starts after the highest event the centre has of this KB's other
 * usage refs: the copies named `sent_prefix` + office that this KB's
 * refs contain.  *count: how many.  With `dry_run`, count them only.
 */
int usage_ref__export(struct kb *kb, const char *ref, const char *office,
    const char *sent_prefix, int dry_run, unsigned long *count);

/* Events in the commits `tip` has and `sent` ("" for none) has not. */
int usage_ref__count(struct kb *kb, const char *tip, const char *sent,
    unsigned long *count);

#endif
