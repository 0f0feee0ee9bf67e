/*
 * The offices' usage at the centre: the events each office pushed to
 * refs/kb/usage/<office>, read into <gitdir>/kb/offices.db for kb report
 * --all-offices.  That file is derived (delete it and the next report
 * reads every ref again); events are keyed by uid, so an event read
 * twice counts once.
 */
#ifndef KB_OFFICES_H
#define KB_OFFICES_H

#include "kb/diag.h"
#include "kb/kb.h"

/*
 * Read what the usage refs gained since the last call.  Lines that are
 * not events are skipped and reported through `cb` (may be NULL).
 * *path: the database, for ATTACH; caller frees.
 */
int offices__import(struct kb *kb, kb_diag_cb cb, void *payload,
    char **path);

#endif
