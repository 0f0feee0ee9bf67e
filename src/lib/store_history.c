/*
 * When files last changed on a branch: the first-parent history, newest
 * first, so a merged proposal counts from when it was merged.
 */
#include <stdlib.h>
#include <string.h>

#include "kb/error.h"
#include "store.h"
#include "store_private.h"
#include "xmalloc.h"

/* The blob at `path` in `tree` (zero when absent). */
static void
blob_at(git_tree *tree, const char *path, git_oid *out)
{
	git_tree_entry *e = NULL;

	memset(out, 0, sizeof(*out));
	if (tree && git_tree_entry_bypath(&e, tree, path) == 0) {
		git_oid_cpy(out, git_tree_entry_id(e));
		git_tree_entry_free(e);
	}
}

static void
blobs_at(git_commit *c, const char *const *paths, size_t n, git_oid *out)
{
	git_tree *tree = NULL;
	size_t i;

	if (c)
		git_commit_tree(&tree, c);
	for (i = 0; i < n; i++)
		blob_at(tree, paths[i], &out[i]);
	git_tree_free(tree);
}

int
kb_store__last_changes(struct kb_store *s, const char *commit,
    const char *const *paths, size_t n, long long *times)
{
	git_oid *now = xcalloc(n + 1, sizeof(*now));
	git_oid *before = xcalloc(n + 1, sizeof(*before));
	char *done = xcalloc(n + 1, 1);
	git_commit *c = NULL, *parent = NULL;
	size_t i, left = n;
	int rc;

	memset(times, 0, n * sizeof(*times));
	if ((rc = store_commit_lookup(&c, s, commit)) < 0)
		goto done;
	blobs_at(c, paths, n, now);
	for (i = 0; i < n; i++)
		if (git_oid_is_zero(&now[i])) {
			done[i] = 1;	/* not on the branch: stays 0 */
			left--;
		}
	while (c && left) {
		if (git_commit_parentcount(c) > 0 &&
		    (rc = git_commit_parent(&parent, c, 0)) < 0) {
			rc = git_fail(rc, "reading history");
			goto done;
		}
		blobs_at(parent, paths, n, before);
		for (i = 0; i < n; i++)
			if (!done[i] && !git_oid_equal(&now[i], &before[i])) {
				times[i] = (long long)git_commit_time(c);
				done[i] = 1;
				left--;
			}
		memcpy(now, before, n * sizeof(*now));
		git_commit_free(c);
		c = parent;
		parent = NULL;
	}
	rc = 0;
done:
	git_commit_free(c);
	free(now);
	free(before);
	free(done);
	return rc;
}
