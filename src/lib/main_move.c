/* Moving main with the work tree following (main_move.h). */
#include "main_move.h"

#include <stdio.h>
#include <stdlib.h>

#include "kb/index.h"
#include "kb_private.h"
#include "store.h"
#include "sync_state.h"
#include "xmalloc.h"

/* A local change on a path the move writes: refused, never overwritten. */
static int
worktree_in_the_way(struct kb *kb, const char *from, const char *to)
{
	char *path = NULL;
	int rc;

	rc = kb_store__worktree_blocks(&path, kb->store, kb->branch, from, to);
	if (rc == 1)
		rc = kb_error_set(KB_ECONFLICT, "%s/%s: changed in the work "
		    "tree, and main changes it too; %s was left at %.12s "
		    "(commit the change, or undo it with git checkout, then "
		    "run kb again)", kb_path(kb), path, kb->branch, from);
	free(path);
	return rc;
}

int
kb_main_move__run(struct kb *kb, const char *from, const char *to,
    const char *why)
{
	char *ref;
	int lock, rc;

	if ((rc = kb__store(kb)) < 0 ||
	    (rc = worktree_in_the_way(kb, from, to)) < 0)
		return rc;
	if ((rc = kb_sync_state__journal_begin(&lock, kb, from, NULL)) < 0)
		return rc;
	ref = xasprintf("refs/heads/%s", kb->branch);
	rc = kb_store__ref_set(kb->store, ref, from, to, why);
	free(ref);
	if (rc < 0) {
		kb_sync_state__journal_end(kb, lock);
		return rc;
	}
	if ((rc = kb_store__update_worktree(kb->store, kb->branch, from,
	    0)) < 0) {
		kb_sync_state__journal_leave(lock);
		return kb_error_set(rc, "%s; %s is at %.12s now, and the next "
		    "kb command that writes (kb index) finishes the work tree",
		    kb_error_last(), kb->branch, to);
	}
	kb_sync_state__journal_end(kb, lock);
	return kb_index_update(NULL, kb, 0, NULL, NULL);
}
