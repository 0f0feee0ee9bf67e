/*
 * Moving main where it may be checked out: the work tree and git index
 * follow, under the work-tree journal (sync_state.h), so that a process
 * killed in between is finished by the next command that writes; the
 * search index is updated after.  What kb does that is not a merge
 * (kb approve's) nor a sync (kbsync's): a reviewer's clone taking the
 * centre's main, a decision taken back, REVIEWERS changed.
 */
#ifndef KB_MAIN_MOVE_H
#define KB_MAIN_MOVE_H

#include "kb/kb.h"

/*
 * Move main from commit `from` to `to` (KB_ECONFLICT when it is not at
 * `from`).  A local change or an untracked file on a path the move
 * writes refuses it first (KB_ECONFLICT, naming the path; nothing
 * moved).  `why` goes in the reflog.
 */
int kb_main_move__run(struct kb *kb, const char *from, const char *to,
    const char *why);

#endif
