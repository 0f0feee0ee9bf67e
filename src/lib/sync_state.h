/*
 * What kbsync remembers between runs, in <gitdir>/kb: when the last
 * complete sync was (last-sync), and a work-tree update that a killed
 * sync or approval may have left half done (sync-worktree, under
 * worktree.lock).
 */
#ifndef KB_SYNC_STATE_H
#define KB_SYNC_STATE_H

#include "kb/kb.h"

/* Record a complete sync now, with the centre's main and address. */
int kb_sync_state__record(struct kb *kb, const char *central, const char *url);

/* UTC "YYYY-MM-DDTHH:MM:SSZ" as seconds since 1970; -1 if malformed. */
long long kb_sync_state__seconds(const char *utc);

/* git config kb.syncWarnHours (1 to 99999), else 24. */
unsigned kb_sync_state__warn_hours(struct kb *kb);

/*
 * The work-tree journal, for whatever moves main in a checked-out work
 * tree (kbsync, kb approve): begin takes the work-tree lock (waiting up
 * to a minute for another writer) and records the old tip, and the
 * proposal branch the writer may move too (or NULL); then main moves and
 * the work tree follows; end clears the journal and lets the lock go.
 * After a failure, leave lets the lock go and keeps the journal for
 * kb_sync_state__journal_finish.
 */
int kb_sync_state__journal_begin(int *lock, struct kb *kb, const char *old_tip,
    const char *also_branch);
void kb_sync_state__journal_end(struct kb *kb, int lock);
void kb_sync_state__journal_leave(int lock);
/* 1 and the old tip when a journal is there, else 0. */
int kb_sync_state__journal_read(char old_tip[KB_OID_HEX + 1], struct kb *kb);
void kb_sync_state__journal_clear(struct kb *kb);
/* 1 when a journal is there and no live process holds its lock. */
int kb_sync_state__journal_abandoned(struct kb *kb);
/*
 * Finish what a writer killed between moving main and updating the work
 * tree left: the work tree and git index follow main (forced, only on
 * the paths main changed).  Every command that writes calls it first.
 */
int kb_sync_state__journal_finish(struct kb *kb);

#endif
