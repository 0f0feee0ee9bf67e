/*
 * What kbsync remembers between runs, in <gitdir>/kb: when the last
 * complete sync was (last-sync), and a work-tree update that a killed
 * sync may have left half done (sync-worktree).
 */
#ifndef KB_SYNC_STATE_H
#define KB_SYNC_STATE_H

#include "kb/kb.h"

/* Record a complete sync now, with the centre's main and address. */
int sync_state__record(struct kb *kb, const char *central, const char *url);

/* UTC "YYYY-MM-DDTHH:MM:SSZ" as seconds since 1970; -1 if malformed. */
long long sync_state__seconds(const char *utc);

/* The work-tree journal: old tip written before main moves. */
int sync_state__journal_write(struct kb *kb, const char *old_tip);
/* 1 and the old tip when a journal is there, else 0. */
int sync_state__journal_read(struct kb *kb, char old_tip[KB_OID_HEX + 1]);
void sync_state__journal_clear(struct kb *kb);

#endif
